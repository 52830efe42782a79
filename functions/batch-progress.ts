// CountBatchProgress: counts the candidate once; whoever sees the batch complete runs the
// batch-level checks and stores the report (use case: shared/app/batch-progress.ts).
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import type { AnchorLog } from '../shared/app/ports.js';
import { countBatchProgress } from '../shared/app/batch-progress.js';
import { anchorLogFor } from '../shared/adapters/anchors/index.js';
import { loadConfig } from '../shared/adapters/config.js';
import { sharedRepositories, telemetry, withPowertools, type PipelineDeps } from '../shared/adapters/runtime.js';

const config = loadConfig('batchProgress');

export const BatchProgressEvent = z.object({
  campaignId: z.string().min(1),
  batchId: z.string().min(1),
  candidateId: z.string().min(1),
});

export function createBatchProgressHandler(deps: PipelineDeps & { anchors?: AnchorLog }) {
  const anchors = deps.anchors === undefined ? {} : { anchors: deps.anchors };
  return withPowertools(async (event: unknown, _context: Context) =>
    countBatchProgress({ ...telemetry, ...anchors, repos: await deps.repos(), now: deps.now }, BatchProgressEvent.parse(event)),
  );
}

const anchors = anchorLogFor(config);
export const handler = createBatchProgressHandler({
  repos: () => sharedRepositories(config),
  now: () => new Date(),
  ...(anchors ? { anchors } : {}),
});
