// The event-source mapping of a function, as the function manifest states it for AWS (infra reads
// the same entry): batch size, partial batch responses, and the local poll loops per queue.
import type { EventSourceSpec } from '../../shared/adapters/function-spec.js';
import type { SqsEventSourceOptions } from './sqs-event-source.js';

export function mappingOptions(
  spec: EventSourceSpec,
): Pick<SqsEventSourceOptions, 'batchSize' | 'maxConcurrency' | 'reportBatchItemFailures'> {
  return { batchSize: spec.batchSize, maxConcurrency: spec.local.pollersPerQueue, reportBatchItemFailures: spec.reportBatchItemFailures };
}
