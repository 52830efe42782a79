// RecordDecision: stores the decision once and appends the `decided` audit event
// (use case: shared/app/record-decision.ts).
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { recordDecision } from '../shared/app/record-decision.js';
import { Decision } from '../shared/domain/model.js';
import { loadConfig } from '../shared/adapters/config.js';
import { sharedRepositories, telemetry, withPowertools, type PipelineDeps } from '../shared/adapters/runtime.js';

const config = loadConfig('recordDecision');

export const RecordDecisionEvent = z.object({
  campaignId: z.string().min(1),
  batchId: z.string().min(1),
  candidateId: z.string().min(1),
  decision: Decision,
});

export function createRecordDecisionHandler(deps: PipelineDeps) {
  return withPowertools(async (event: unknown, _context: Context) =>
    recordDecision({ repos: await deps.repos(), metrics: telemetry.metrics, now: deps.now }, RecordDecisionEvent.parse(event)),
  );
}

export const handler = createRecordDecisionHandler({ repos: () => sharedRepositories(config), now: () => new Date() });
