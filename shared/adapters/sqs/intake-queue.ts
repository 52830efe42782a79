// The intake queue on SQS: SendMessageBatch in tens, retrying the entries SQS refused.
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import type { IntakeQueue } from '../../app/ports.js';

const SQS_BATCH = 10;
const SQS_ATTEMPTS = 4;

export function sqsIntakeQueue(sqs: SQSClient, queueUrl: string): IntakeQueue {
  return {
    async enqueue(messages) {
      const bodies = messages.map((m) => JSON.stringify({ campaignId: m.campaignId, batchId: m.batchId, candidateId: m.candidateId }));
      for (let start = 0; start < bodies.length; start += SQS_BATCH) {
        let entries: SendMessageBatchRequestEntry[] = bodies
          .slice(start, start + SQS_BATCH)
          .map((body, i) => ({ Id: String(start + i), MessageBody: body }));
        for (let attempt = 1; entries.length > 0; attempt += 1) {
          const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
          const failed = new Set((out.Failed ?? []).map((f) => f.Id));
          entries = entries.filter((e) => failed.has(e.Id));
          if (entries.length > 0 && attempt >= SQS_ATTEMPTS) {
            // The client retries with the same Idempotency-Key; a replay sends every candidate again.
            throw new Error(`intake queue refused ${entries.length} messages after ${attempt} attempts`);
          }
        }
      }
    },
  };
}
