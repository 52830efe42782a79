// Intake → Step Functions: one Standard execution per candidate, named from campaign and
// candidate so a redelivered intake message can never start a second review (startReview).
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { startReview } from '../shared/app/start-review.js';
import { sfnClient } from '../shared/adapters/clients.js';
import { loadConfig } from '../shared/adapters/config.js';
import { telemetry, withPowertools } from '../shared/adapters/runtime.js';
import { sfnExecutions } from '../shared/adapters/sfn/executions.js';

export { executionName } from '../shared/app/start-review.js';

export const IntakeMessage = z.object({
  campaignId: z.string().min(1),
  batchId: z.string().min(1),
  candidateId: z.string().min(1),
});
export type IntakeMessage = z.infer<typeof IntakeMessage>;

export interface StarterDeps {
  sfn: SFNClient;
  stateMachineArn: string;
}

export function createStarterHandler(deps: StarterDeps) {
  const processor = new BatchProcessor(EventType.SQS);
  const executions = sfnExecutions(deps.sfn, deps.stateMachineArn);
  const startOne = async (record: SQSRecord): Promise<void> => {
    await startReview({ ...telemetry, executions }, IntakeMessage.parse(JSON.parse(record.body)));
  };
  return withPowertools(
    (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
      processPartialResponse(event, startOne, processor, { context, throwOnFullBatchFailure: false }),
  );
}

const config = loadConfig('starter');

export const handler = createStarterHandler({ sfn: sfnClient(config), stateMachineArn: config.STATE_MACHINE_ARN });
