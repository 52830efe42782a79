// RecordFailure: a review's execution ended FAILED or TIMED_OUT. EventBridge delivers Step
// Functions' "Execution Status Change" event (locally the Step Functions endpoint emits the same
// shape); the candidate is marked 处理失败 with an audit event (use case:
// shared/app/record-failure.ts). Not a state of the workflow: a Fail state after a catch-all would
// be where a redrive resumes, so the redrive would fail again at once.
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { recordFailure } from '../shared/app/record-failure.js';
import { loadConfig } from '../shared/adapters/config.js';
import { jsonText } from '../shared/adapters/json-text.js';
import { sharedRepositories, telemetry, withPowertools, type PipelineDeps } from '../shared/adapters/runtime.js';

const config = loadConfig('recordFailure');

/** The execution's input is what the starter gave it: IDs only. */
const ExecutionInput = jsonText(
  z.looseObject({ campaignId: z.string().min(1), batchId: z.string().min(1), candidateId: z.string().min(1) }),
  'execution input',
);

export const ExecutionStatusChange = z.object({
  'detail-type': z.literal('Step Functions Execution Status Change'),
  detail: z.object({
    status: z.enum(['FAILED', 'TIMED_OUT']),
    input: ExecutionInput,
    // The error name only; the Cause may quote data and is never stored.
    error: z.string().nullish(),
  }),
});

export function createRecordFailureHandler(deps: PipelineDeps) {
  return withPowertools(async (event: unknown, _context: Context) => {
    const { detail } = ExecutionStatusChange.parse(event);
    const error = detail.error?.slice(0, 256) || (detail.status === 'TIMED_OUT' ? 'States.Timeout' : 'States.Runtime');
    const { campaignId, batchId, candidateId } = detail.input;
    return recordFailure(
      { repos: await deps.repos(), now: deps.now, metrics: telemetry.metrics },
      { campaignId, batchId, candidateId, error },
    );
  });
}

export const handler = createRecordFailureHandler({ repos: () => sharedRepositories(config), now: () => new Date() });
