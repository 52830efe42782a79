// RecordDecision: stores the decision once (a retry with the same content is a no-op; changed
// content after a redrive bumps the version) and appends the `decided` audit event.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { Decision } from '../shared/domain/model.js';
import { loadConfig } from '../shared/adapters/config.js';
import { METRIC, metrics } from '../shared/adapters/powertools.js';
import { sharedRepositories, withPowertools, type PipelineDeps } from '../shared/adapters/runtime.js';

const config = loadConfig('recordDecision');

export const RecordDecisionEvent = z.object({
  campaignId: z.string().min(1),
  batchId: z.string().min(1),
  candidateId: z.string().min(1),
  decision: Decision,
});

export function createRecordDecisionHandler(deps: PipelineDeps) {
  return withPowertools(async (event: unknown, _context: Context) => {
    const input = RecordDecisionEvent.parse(event);
    if (input.decision.candidateId !== input.candidateId || input.decision.campaignId !== input.campaignId) {
      throw new Error('the decision belongs to another candidate or campaign');
    }
    const repos = await deps.repos();
    const { changed, stored } = await repos.decisions.put(input.decision, input.batchId);
    const d = stored.decision;
    await repos.audit.append(
      {
        candidateId: input.candidateId,
        type: 'decided',
        actor: { kind: 'system', id: 'workflow' },
        at: d.decidedAt,
        data: {
          outcome: d.outcome,
          version: stored.version,
          digest: stored.digest,
          policy: d.policy,
          referenceDate: d.referenceDate,
          reasons: d.reasons.map((r) => ({
            category: r.category,
            severity: r.severity,
            department: r.department,
            documentNumber: r.documentNumber,
            eligibleFrom: r.eligibleFrom,
          })),
          unanswered: d.unanswered,
        },
      },
      { dedupeKey: `decided:${stored.digest.slice(0, 32)}` },
    );
    if (changed) metrics.addMetric(METRIC.Decisions, MetricUnit.Count, 1);
    return { outcome: d.outcome, version: stored.version, changed };
  });
}

export const handler = createRecordDecisionHandler({ repos: () => sharedRepositories(config), now: () => new Date() });
