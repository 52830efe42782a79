// RecordFailure: the workflow's catch-all; marks the candidate 处理失败 before the execution ends
// FAILED (use case: shared/app/record-failure.ts).
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { recordFailure } from '../shared/app/record-failure.js';
import { loadConfig } from '../shared/adapters/config.js';
import { sharedRepositories, telemetry, withPowertools, type PipelineDeps } from '../shared/adapters/runtime.js';

const config = loadConfig('recordFailure');

export const RecordFailureEvent = z.object({
  campaignId: z.string().min(1),
  batchId: z.string().min(1),
  candidateId: z.string().min(1),
  error: z.string().min(1).max(256),
});

export function createRecordFailureHandler(deps: PipelineDeps) {
  return withPowertools(async (event: unknown, _context: Context) =>
    recordFailure({ repos: await deps.repos(), now: deps.now, metrics: telemetry.metrics }, RecordFailureEvent.parse(event)),
  );
}

export const handler = createRecordFailureHandler({ repos: () => sharedRepositories(config), now: () => new Date() });
