// Powertools instances, one per module. Service name and namespace come from the standard
// POWERTOOLS_* variables (validated by config.ts). The logger's JSON replacer keeps personal data
// out of every log line: known personal keys are redacted and anything shaped like an ID number
// is masked, wherever it appears (messages, error text, nested attributes).
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';

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
// Metrics' own warnings go through the structured logger instead of bare console output. An
// invocation that emits no metric is normal here (most do not), so that warning is dropped.
const metricsLogger = {
  debug: (message: string, ...rest: unknown[]) => logger.debug(message, ...rest.map((r) => ({ detail: r }))),
  info: (message: string, ...rest: unknown[]) => logger.info(message, ...rest.map((r) => ({ detail: r }))),
  warn: (message: string, ...rest: unknown[]) => {
    if (message.startsWith('No application metrics to publish')) return;
    logger.warn(message, ...rest.map((r) => ({ detail: r })));
  },
  error: (message: string, ...rest: unknown[]) => logger.error(message, ...rest.map((r) => ({ detail: r }))),
};
export const metrics = new Metrics({ logger: metricsLogger });
/**
 * Loading the tracer loads the X-Ray SDK, whose async hook slows every awaited promise in the
 * process about 15-fold (2 million awaits: 75 ms without it, 1,200 ms with it, tracing enabled or
 * not). The local stack runs every handler in one process and sets POWERTOOLS_TRACE_ENABLED=false
 * before any handler module loads; then the tracer is never imported and there is no trace.
 */
export const tracer: Tracer | undefined =
  process.env['POWERTOOLS_TRACE_ENABLED'] === 'false' ? undefined : new (await import('@aws-lambda-powertools/tracer')).Tracer();

/** Metric names (the infra alarms and dashboard use them): the use cases' list. */
export { METRIC } from '../app/ports.js';
