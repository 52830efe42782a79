/**
 * SQS event-source pollers — public API for the `npm start` orchestrator.
 *
 *   const { queueUrl } = await ensureQueue(sqs, {
 *     name: 'lianshen-dept-public-security', visibilityTimeoutSeconds: 180,
 *     deadLetter: { name: 'lianshen-dept-public-security-dlq', maxReceiveCount: 5 },
 *   });
 *   const sources = await startEventSources([
 *     { sqs: { endpoint: fauxqs.address }, queueUrl, functionName: 'checker', runtime, batchSize: 10,
 *       maxConcurrency: 4, visibilityTimeoutSeconds: 180, waitTimeSeconds: 20, reportBatchItemFailures: true },
 *   ]);
 *   await sources.stop(); // graceful and final: in-flight batches finish and delete
 *
 * Lambda semantics: up to batchSize (1–10) records per invocation; maxConcurrency invocations at
 * once (one long-poll loop each); with reportBatchItemFailures only the records not listed in
 * `batchItemFailures` are deleted (a malformed response or an unknown id fails the whole batch);
 * a thrown error or a run past the function timeout deletes nothing; undeleted records reappear
 * after the visibility timeout and go to the DLQ after the queue's RedrivePolicy maxReceiveCount.
 * `sqs` as `{ endpoint }` gives a poller its own client (a long poll holds a socket for up to
 * waitTimeSeconds; the SDK's pool has 50).
 *
 * `runtime` is a LocalLambdaRuntime (local/lambda-context.ts); share one between the pollers and
 * the Step Functions endpoint so each module is loaded once. `handler` replaces the module.
 */
import { SqsEventSource, type SqsEventSourceOptions } from './sqs-event-source.js';

export { SqsEventSource } from './sqs-event-source.js';
export type { SqsEventSourceOptions, SqsEventSourceStats, SqsHandler, PollerLog } from './sqs-event-source.js';
export { ensureQueue, queueArn } from './queues.js';
export type { QueueSpec, QueueHandle } from './queues.js';
export { toSqsEvent, toSqsRecord, failedMessageIds, isSqsEvent } from './sqs-event.js';

export interface EventSources {
  readonly sources: readonly SqsEventSource[];
  stop(): Promise<void>;
}

export async function startEventSources(options: readonly SqsEventSourceOptions[]): Promise<EventSources> {
  const sources = options.map((o) => new SqsEventSource(o));
  try {
    await Promise.all(sources.map((source) => source.start()));
  } catch (error) {
    await Promise.all(sources.map((source) => source.stop()));
    throw error;
  }
  return {
    sources,
    stop: async () => {
      await Promise.all(sources.map((source) => source.stop()));
    },
  };
}
