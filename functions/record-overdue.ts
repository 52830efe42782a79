// RecordOverdue (also RecordDeclined): a department that did not answer in time, or declined
// (use case: shared/app/record-unanswered.ts).
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { recordUnanswered } from '../shared/app/record-unanswered.js';
import { loadConfig } from '../shared/adapters/config.js';
import { sharedRepositories, telemetry, withPowertools, type PipelineDeps } from '../shared/adapters/runtime.js';

const config = loadConfig('recordOverdue');

export const RecordOverdueEvent = z.object({
  campaignId: z.string().min(1),
  candidateId: z.string().min(1),
  department: z.string().min(1),
  /** The re-check this task belongs to (0: the first review); absent from executions started before re-checks. */
  recheck: z.number().int().nonnegative().optional(),
  status: z.enum(['overdue', 'declined']),
});

export function createRecordOverdueHandler(deps: PipelineDeps) {
  return withPowertools(async (event: unknown, _context: Context) =>
    recordUnanswered({ repos: await deps.repos(), now: deps.now, metrics: telemetry.metrics }, RecordOverdueEvent.parse(event)),
  );
}

export const handler = createRecordOverdueHandler({ repos: () => sharedRepositories(config), now: () => new Date() });
