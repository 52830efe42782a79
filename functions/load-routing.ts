// LoadRouting: the departments the campaign's policy sends this candidate to, each with its
// deadline in working days as the waitForTaskToken TimeoutSeconds (use case: shared/app/load-routing.ts).
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { loadRouting, type RoutingResult } from '../shared/app/load-routing.js';
import { loadConfig } from '../shared/adapters/config.js';
import { sharedRepositories, withPowertools, type PipelineDeps } from '../shared/adapters/runtime.js';

export { secondsUntil, type RoutingResult } from '../shared/app/load-routing.js';

const config = loadConfig('loadRouting');

export const LoadRoutingEvent = z.object({
  campaignId: z.string().min(1),
  batchId: z.string().min(1),
  candidateId: z.string().min(1),
  /** Only in a re-check's execution: the one department asked again. */
  recheck: z.object({ department: z.string().min(1), sequence: z.number().int().positive() }).optional(),
});

export function createLoadRoutingHandler(deps: PipelineDeps) {
  return withPowertools(
    async (event: unknown, _context: Context): Promise<RoutingResult> =>
      loadRouting({ repos: await deps.repos(), now: deps.now }, LoadRoutingEvent.parse(event)),
  );
}

export const handler = createLoadRoutingHandler({ repos: () => sharedRepositories(config), now: () => new Date() });
