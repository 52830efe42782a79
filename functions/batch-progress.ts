// CountBatchProgress: counts the candidate once; whoever sees the batch complete (the last
// candidate, or a retry of it) runs the batch-level checks and stores the report.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { findRelativeConflicts, structureReport } from '../shared/domain/batch-checks.js';
import { getPolicy } from '../shared/domain/policies/index.js';
import { loadConfig } from '../shared/adapters/config.js';
import { logger, METRIC, metrics } from '../shared/adapters/powertools.js';
import type { BatchReport, Repositories, StoredConflict } from '../shared/adapters/repositories.js';
import { campaignOf, sharedRepositories, withPowertools, type PipelineDeps } from '../shared/adapters/runtime.js';

const config = loadConfig('batchProgress');

export const BatchProgressEvent = z.object({
  campaignId: z.string().min(1),
  batchId: z.string().min(1),
  candidateId: z.string().min(1),
});

async function buildReport(repos: Repositories, campaignId: string, batchId: string, createdAt: string): Promise<BatchReport> {
  const campaign = await campaignOf(repos, campaignId);
  const policy = getPolicy(campaign.campaign.policyId);
  const dossiers = await repos.candidates.listDossiersByBatch(batchId);
  const byId = new Map(dossiers.map((d) => [d.idNumber.toUpperCase(), d.candidateId]));
  const rows = dossiers.map(({ candidateId: _c, campaignId: _p, batchId: _b, ...row }) => row);
  const side = (party: { name: string; idNumber: string }) => ({
    candidateId: byId.get(party.idNumber.toUpperCase()) ?? '',
    name: party.name,
  });
  // Stored with candidate ids instead of ID numbers.
  const conflicts: StoredConflict[] = findRelativeConflicts(rows, policy).map((c) => ({
    village: c.village,
    township: c.township,
    relation: c.relation,
    candidates: [side(c.candidates[0]), side(c.candidates[1])],
    via: c.via,
    citation: c.citation,
  }));
  const structure = structureReport(
    rows.map(({ relatives: _r, ...row }) => row),
    policy,
    campaign.campaign.referenceDate,
  );
  return { batchId, campaignId, policy: { id: policy.id, version: policy.version }, createdAt, conflicts, structure };
}

export function createBatchProgressHandler(deps: PipelineDeps) {
  return withPowertools(async (event: unknown, _context: Context) => {
    const input = BatchProgressEvent.parse(event);
    const repos = await deps.repos();
    const { counted, decided, total } = await repos.progress.countDecided(input.batchId, input.candidateId);
    const complete = decided >= total;
    if (complete) {
      const batch = await repos.batches.get(input.batchId);
      if (batch !== undefined && !batch.reportReady) {
        const report = await buildReport(repos, input.campaignId, input.batchId, deps.now().toISOString());
        const { created } = await repos.progress.putReport(report);
        if (created) {
          metrics.addMetric(METRIC.BatchesCompleted, MetricUnit.Count, 1);
          logger.info('batch report stored', { batchId: input.batchId, conflicts: report.conflicts.length });
        }
      }
    }
    return { decided, total, complete, counted };
  });
}

export const handler = createBatchProgressHandler({ repos: () => sharedRepositories(config), now: () => new Date() });
