// The export pipeline on the local stack, as infra deploys it: the export queue with its DLQ
// (fauxqs) and its poller feeding the export worker module, with the manifest's mapping. Files go
// to the data folder; the HTTP adapter serves them under signed links (shared/adapters/exports/local.ts).
import type { SQSClient } from '@aws-sdk/client-sqs';
import { FUNCTIONS } from '../functions/manifest.js';
import { visibilityTimeoutFor } from '../shared/adapters/function-spec.js';
import type { SqsEventSourceOptions } from './pollers/sqs-event-source.js';
import { mappingOptions } from './pollers/mapping.js';
import { SqsEventSource } from './pollers/sqs-event-source.js';
import { ensureQueueWithDlq, type QueuePair } from './sqs.js';

export const EXPORT_QUEUE_NAME = 'lianshen-exports';
export const EXPORT_VISIBILITY_SECONDS = visibilityTimeoutFor(FUNCTIONS.exportWorker);

export function ensureExportQueue(client: SQSClient): Promise<QueuePair> {
  return ensureQueueWithDlq(client, EXPORT_QUEUE_NAME, EXPORT_VISIBILITY_SECONDS);
}

export function exportPoller(
  queue: QueuePair,
  opts: Pick<SqsEventSourceOptions, 'sqs' | 'runtime' | 'log' | 'gate'> & { visibilityTimeoutSeconds?: number; waitTimeSeconds?: number },
): SqsEventSource {
  return new SqsEventSource({
    sqs: opts.sqs,
    queueUrl: queue.url,
    functionName: 'exportWorker',
    runtime: opts.runtime,
    ...mappingOptions(FUNCTIONS.exportWorker.eventSource),
    visibilityTimeoutSeconds: opts.visibilityTimeoutSeconds ?? EXPORT_VISIBILITY_SECONDS,
    waitTimeSeconds: opts.waitTimeSeconds ?? 20,
    ...(opts.log === undefined ? {} : { log: opts.log }),
    ...(opts.gate === undefined ? {} : { gate: opts.gate }),
  });
}
