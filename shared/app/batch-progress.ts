// CountBatchProgress: counts the candidate once; whoever sees the batch complete (the last
// candidate, or a retry of it) runs the batch-level checks and stores the report.
import { findRelativeConflicts, structureReport } from '../domain/batch-checks.js';
import type { Post } from '../domain/model.js';
import { anchorBatch } from './anchoring.js';
import { batchDoneNotice } from './notices.js';
import { notifyQuietly } from './notifications.js';
import { pipelineCampaign, type MeteredDeps } from './common.js';
import type { CandidateRef } from './load-routing.js';
import { METRIC, type AnchorLog, type BatchReport, type Log, type Repositories, type StoredConflict } from './ports.js';

async function buildBatchReport(repos: Repositories, campaignId: string, batchId: string, createdAt: string): Promise<BatchReport> {
  const { stored: campaign, policy } = await pipelineCampaign(repos, campaignId);
  const dossiers = await repos.candidates.listDossiersByBatch(batchId);
  const byId = new Map(dossiers.map((d) => [d.idNumber.toUpperCase(), d.candidateId]));
  const rows = dossiers.map(({ candidateId: _c, campaignId: _p, batchId: _b, ...row }) => row);
  const side = (party: { name: string; idNumber: string; post: Post }) => ({
    candidateId: byId.get(party.idNumber.toUpperCase()) ?? '',
    name: party.name,
    post: party.post,
  });
  // Stored with candidate ids instead of ID numbers.
  const conflicts: StoredConflict[] = findRelativeConflicts(rows, policy).map((c) => ({
    village: c.village,
    township: c.township,
    relation: c.relation,
    candidates: [side(c.candidates[0]), side(c.candidates[1])],
    via: c.via,
    citation: c.citation,
    rule: c.rule,
    givesWay: c.givesWay,
    resolution: c.resolution,
  }));
  const structure = structureReport(
    rows.map(({ relatives: _r, ...row }) => row),
    policy,
    campaign.campaign.referenceDate,
  );
  return { batchId, campaignId, policy: { id: policy.id, version: policy.version }, createdAt, conflicts, structure };
}

/**
 * Counts the candidate once; whoever sees the batch complete runs the batch-level checks, stores
 * the report and anchors the batch digest (when an anchor store is configured).
 */
export async function countBatchProgress(deps: MeteredDeps & { log: Log; anchors?: AnchorLog }, input: CandidateRef) {
  const { repos } = deps;
  const { counted, decided, total } = await repos.progress.countDecided(input.batchId, input.candidateId);
  const complete = decided >= total;
  if (complete) {
    const batch = await repos.batches.get(input.batchId);
    if (batch !== undefined && !batch.reportReady) {
      const report = await buildBatchReport(repos, input.campaignId, input.batchId, deps.now().toISOString());
      const { created } = await repos.progress.putReport(report);
      if (created) {
        deps.metrics.count(METRIC.BatchesCompleted);
        deps.log.info('batch report stored', { batchId: input.batchId, conflicts: report.conflicts.length });
        if (deps.anchors !== undefined) await anchorCompletedBatch({ ...deps, anchors: deps.anchors }, input.batchId);
        await notifyQuietly(deps, () => batchDoneNotice(repos, batch));
      }
    }
  }
  return { decided, total, complete, counted };
}

/** The anchor store must not hold the pipeline up: a failure is logged, and the next checkpoint covers these heads. */
async function anchorCompletedBatch(deps: MeteredDeps & { log: Log; anchors: AnchorLog }, batchId: string): Promise<void> {
  try {
    const anchor = await anchorBatch(deps, batchId);
    deps.log.info('batch digest anchored', { batchId, seq: anchor.seq, digest: anchor.digest });
  } catch (err) {
    deps.log.warn('anchoring the batch digest failed', { batchId, error: err instanceof Error ? err.message : String(err) });
  }
}
