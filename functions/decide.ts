// Decide: the domain decision over the stored dossier and verdicts (use case: shared/app/decide.ts).
// No personal data leaves: the Decision carries categories, citations and department codes only.
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { decideCandidate } from '../shared/app/decide.js';
import type { Decision } from '../shared/domain/model.js';
import { loadConfig } from '../shared/adapters/config.js';
import { sharedRepositories, withPowertools, type PipelineDeps } from '../shared/adapters/runtime.js';

const config = loadConfig('decide');

export const DecideEvent = z.object({
  campaignId: z.string().min(1),
  batchId: z.string().min(1),
  candidateId: z.string().min(1),
});

export function createDecideHandler(deps: PipelineDeps) {
  return withPowertools(
    async (event: unknown, _context: Context): Promise<Decision> =>
      decideCandidate({ repos: await deps.repos(), now: deps.now }, DecideEvent.parse(event)),
  );
}

export const handler = createDecideHandler({ repos: () => sharedRepositories(config), now: () => new Date() });
