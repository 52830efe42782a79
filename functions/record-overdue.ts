// RecordOverdue (also RecordDeclined): a department that did not answer in time, or declined.
// The verdict becomes overdue/declined unless a confirmed answer exists; an answer that was
// written but never accepted by Step Functions is kept as `lateAnswer` and does not count.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { loadConfig } from '../shared/adapters/config.js';
import { METRIC, metrics } from '../shared/adapters/powertools.js';
import { sharedRepositories, withPowertools, type PipelineDeps } from '../shared/adapters/runtime.js';

const config = loadConfig('recordOverdue');

export const RecordOverdueEvent = z.object({
  campaignId: z.string().min(1),
  candidateId: z.string().min(1),
  department: z.string().min(1),
  status: z.enum(['overdue', 'declined']),
});

export function createRecordOverdueHandler(deps: PipelineDeps) {
  return withPowertools(async (event: unknown, _context: Context) => {
    const input = RecordOverdueEvent.parse(event);
    const repos = await deps.repos();
    const at = deps.now().toISOString();
    const result = await repos.verdicts.recordUnanswered({ ...input, at });
    const status = result.stored.verdict.status;
    if (status === 'overdue' || status === 'declined') {
      if (status === 'overdue') await repos.tasks.markOverdue(input.candidateId, input.department, at);
      const data: Record<string, unknown> = { department: input.department, status };
      if (result.stored.lateAnswer !== undefined) data['unconfirmedAnswer'] = result.stored.lateAnswer.status;
      await repos.audit.append(
        {
          candidateId: input.candidateId,
          type: status === 'overdue' ? 'overdue' : 'answered',
          actor: { kind: 'system', id: 'workflow' },
          at,
          data,
        },
        { dedupeKey: `${status}:${input.department}` },
      );
      if (result.changed) metrics.addMetric(status === 'overdue' ? METRIC.OverdueTasks : METRIC.DeclinedTasks, MetricUnit.Count, 1);
    }
    return { department: input.department, status };
  });
}

export const handler = createRecordOverdueHandler({ repos: () => sharedRepositories(config), now: () => new Date() });
