// The export queue on SQS: one message per job, holding only its id (the job record holds the rest).
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import type { ExportQueue } from '../../app/ports.js';

export const ExportMessage = z.object({ jobId: z.string().min(1) });

export function sqsExportQueue(sqs: SQSClient, queueUrl: string): ExportQueue {
  return {
    async enqueue(jobId) {
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ jobId }) }));
    },
  };
}
