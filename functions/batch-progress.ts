// CountBatchProgress: counts the candidate once; whoever sees the batch complete runs the
// batch-level checks and stores the report (use case: shared/app/batch-progress.ts).
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { countBatchProgress } from '../shared/app/batch-progress.js';
import { loadConfig } from '../shared/adapters/config.js';
import { sharedRepositories, telemetry, withPowertools, type PipelineDeps } from '../shared/adapters/runtime.js';

const config = loadConfig('batchProgress');

export const BatchProgressEvent = z.object({
  campaignId: z.string().min(1),
  batchId: z.string().min(1),
  candidateId: z.string().min(1),
});

export function createBatchProgressHandler(deps: PipelineDeps) {
  return withPowertools(async (event: unknown, _context: Context) =>
    countBatchProgress({ ...telemetry, repos: await deps.repos(), now: deps.now }, BatchProgressEvent.parse(event)),
  );
}

export const handler = createBatchProgressHandler({ repos: () => sharedRepositories(config), now: () => new Date() });
