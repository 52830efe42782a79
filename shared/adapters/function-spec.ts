// What a Lambda function of the pipeline is, below the entry points: the names (config.ts keys its
// environment schemas by them), the shape of a manifest entry (functions/manifest.ts lists them),
// and how an SQS event source feeds a function. infra and the local stack both read the settings
// from the manifest, so AWS and the local pollers deliver messages the same way.

export const FUNCTION_NAMES = [
  'batchesApi',
  'recordsApi',
  'reviewsApi',
  'orgdeptApi',
  'accountsApi',
  'starter',
  'checker',
  'loadRouting',
  'recordOverdue',
  'decide',
  'recordDecision',
  'batchProgress',
  'recordFailure',
  'redrive',
  'confirmAnswers',
  'anchorCheckpoint',
  'notifications',
  'exportWorker',
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** Deliveries before a message goes to the DLQ; 5 rides out throttling and short outages. */
export const MAX_RECEIVE_COUNT = 5;

/** AWS guidance for Lambda SQS sources: visibility timeout at least 6 × the function timeout. */
export const VISIBILITY_FACTOR = 6;

/** An SQS event source mapping: the same settings in AWS (infra) and locally (local/pollers). */
export interface EventSourceSpec {
  /** The queue: the intake queue, or one queue per department (one mapping each). */
  queue: 'intake' | 'department' | 'exports';
  /** Messages per invocation. */
  batchSize: number;
  /** Failed records come back alone (ReportBatchItemFailures) instead of the whole batch. */
  reportBatchItemFailures: true;
  /** The mapping's MaximumConcurrency in AWS, per queue (a deployment may override it in CDK context). */
  maxConcurrency: number;
  /**
   * On one machine every invocation shares one process: pollers per queue, and the cap on the
   * function's concurrent invocations across all its queues.
   */
  local: { pollersPerQueue: number; invocations: number };
}

export interface FunctionSpec {
  /** Module path from the repository root; it exports `handler`. */
  entry: string;
  /** Environment keys required by the module's zod config. */
  env: readonly string[];
  timeoutSeconds: number;
  memoryMb: number;
  /** May call states:SendTaskSuccess/Failure/Heartbeat. */
  sendsTaskResults: boolean;
  /** Present when an SQS queue invokes the function. */
  eventSource?: EventSourceSpec;
}

/** The visibility timeout of the queue feeding a function (AWS guidance: 6 × its timeout). */
export function visibilityTimeoutFor(spec: Pick<FunctionSpec, 'timeoutSeconds'>): number {
  return VISIBILITY_FACTOR * spec.timeoutSeconds;
}
