// Intake → Step Functions: one Standard execution per candidate, named from campaign and
// candidate so a redelivered intake message can never start a second review.
import { createHash } from 'node:crypto';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { sfnClient } from '../shared/adapters/clients.js';
import { loadConfig } from '../shared/adapters/config.js';
import { logger, METRIC, metrics } from '../shared/adapters/powertools.js';
import { withPowertools } from '../shared/adapters/runtime.js';

const config = loadConfig('starter');

export const IntakeMessage = z.object({
  campaignId: z.string().min(1),
  batchId: z.string().min(1),
  candidateId: z.string().min(1),
});
export type IntakeMessage = z.infer<typeof IntakeMessage>;

const MAX_NAME = 80;

/**
 * Execution names allow letters, digits, "-" and "_" (≤ 80). Anything else becomes "_"; a name
 * that is too long, or was changed by sanitising, keeps a hash of the original so two different
 * candidates can never share a name.
 */
export function executionName(campaignId: string, candidateId: string): string {
  const raw = `${campaignId}--${candidateId}`;
  const clean = raw.replace(/[^A-Za-z0-9_-]/g, '_');
  if (clean === raw && clean.length <= MAX_NAME) return clean;
  const hash = createHash('sha256').update(raw, 'utf8').digest('hex').slice(0, 16);
  return `${clean.slice(0, MAX_NAME - hash.length - 1)}_${hash}`;
}

export interface StarterDeps {
  sfn: SFNClient;
  stateMachineArn: string;
}

export function createStarterHandler(deps: StarterDeps) {
  const processor = new BatchProcessor(EventType.SQS);

  const startOne = async (record: SQSRecord): Promise<void> => {
    const message = IntakeMessage.parse(JSON.parse(record.body));
    const name = executionName(message.campaignId, message.candidateId);
    try {
      await deps.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: deps.stateMachineArn,
          name,
          input: JSON.stringify({ campaignId: message.campaignId, batchId: message.batchId, candidateId: message.candidateId }),
        }),
      );
      metrics.addMetric(METRIC.ExecutionsStarted, MetricUnit.Count, 1);
    } catch (err) {
      // Same name already used: this candidate's review exists (running or finished).
      if (err instanceof Error && err.name === 'ExecutionAlreadyExists') {
        metrics.addMetric(METRIC.ExecutionsAlreadyStarted, MetricUnit.Count, 1);
        logger.info('execution already exists', { execution: name });
        return;
      }
      throw err;
    }
  };

  return withPowertools(
    (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
      processPartialResponse(event, startOne, processor, { context, throwOnFullBatchFailure: false }),
  );
}

export const handler = createStarterHandler({ sfn: sfnClient(config), stateMachineArn: config.STATE_MACHINE_ARN });
