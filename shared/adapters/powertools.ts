// Powertools instances, one per module. Service name and namespace come from the standard
// POWERTOOLS_* variables (validated by config.ts). The logger's JSON replacer keeps personal data
// out of every log line: known personal keys are redacted and anything shaped like an ID number
// is masked, wherever it appears (messages, error text, nested attributes).
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/** Attribute names whose values are personal data (or secrets) and never logged. */
const REDACTED_KEYS = new Set([
  'idNumber',
  'idnumber',
  'candidateIdNumber',
  'recordName',
  'relatives',
  'dossier',
  'taskToken',
  'token',
  'contentBase64',
  'body',
  'hints',
]);

const ID_LIKE = /(?<![0-9])([1-9][0-9]{5})([0-9]{8})([0-9]{3}[0-9Xx])(?![0-9])/g;
const LEGACY_ID_LIKE = /(?<![0-9])([1-9][0-9]{5})([0-9]{5})([0-9]{4})(?![0-9])/g;

/** Masks anything that looks like an 18- or 15-digit ID number: first 6 + 8 `*` + last 4. */
export function maskIdLike(text: string): string {
  return text
    .replace(ID_LIKE, (_m, head: string, _mid: string, tail: string) => `${head}********${tail}`)
    .replace(LEGACY_ID_LIKE, (_m, head: string, _mid: string, tail: string) => `${head}********${tail}`);
}

/** JSON replacer used by the logger; exported for tests. */
export function redactForLog(key: string, value: unknown): unknown {
  if (key !== '' && REDACTED_KEYS.has(key)) return '[redacted]';
  // Error names are ASCII identifiers; a person's name is not.
  if (key === 'name' && (typeof value !== 'string' || !/^[A-Za-z0-9_.$ -]*$/.test(value))) return '[redacted]';
  if (typeof value === 'string') return maskIdLike(value);
  return value;
}

export const logger = new Logger({ jsonReplacerFn: redactForLog });
export const metrics = new Metrics();
export const tracer = new Tracer();

/** Metric names emitted by the pipeline handlers (the infra alarms and dashboard use them). */
export const METRIC = {
  ExecutionsStarted: 'ExecutionsStarted',
  ExecutionsAlreadyStarted: 'ExecutionsAlreadyStarted',
  AutoAnswered: 'AutoAnswered',
  TasksQueuedForReview: 'TasksQueuedForReview',
  DuplicateDeliveries: 'DuplicateDeliveries',
  OverdueTasks: 'OverdueTasks',
  DeclinedTasks: 'DeclinedTasks',
  Decisions: 'Decisions',
  BatchesCompleted: 'BatchesCompleted',
} as const;
