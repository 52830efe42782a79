// 反馈名单: the feedback list of one batch for its township (conclusions with the clauses cited).
import type { Caller } from './access.js';
import { readableBatch } from './batches.js';
import { loadCampaign, policyOf, type UseCaseDeps } from './common.js';
import { isRefusal } from './refusals.js';
import { buildFeedbackList } from './reports/feedback.js';
import { reportCandidates, townshipNameOf } from './views.js';

export async function batchFeedback(deps: UseCaseDeps, input: { caller: Caller; batchId: string }) {
  const { repos } = deps;
  const batch = await readableBatch(repos, input.caller, input.batchId);
  if (isRefusal(batch)) return batch;
  const stored = await loadCampaign(repos, batch.campaignId);
  if (isRefusal(stored)) return stored;
  const dossiers = await repos.candidates.listDossiersByBatch(batch.batchId);
  return buildFeedbackList({
    batchId: batch.batchId,
    campaignId: batch.campaignId,
    township: townshipNameOf(stored.campaign, batch.township) ?? dossiers[0]?.township ?? batch.township,
    policy: await policyOf(repos, stored),
    candidates: await reportCandidates(repos, dossiers),
    generatedAt: deps.now().toISOString(),
  });
}
