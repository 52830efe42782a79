// 反馈名单: the feedback list of one batch for its township (conclusions with the clauses cited).
import type { Caller } from './access.js';
import { ordinalOf, readableBatch } from './batches.js';
import { batchName } from '../domain/batch-name.js';
import { loadCampaign, policyOf, type UseCaseDeps } from './common.js';
import { isRefusal } from './refusals.js';
import { buildFeedbackList } from './reports/feedback.js';
import { reportCandidates, rowsSeenBy, townshipNameOf } from './views.js';

export async function batchFeedback(deps: UseCaseDeps, input: { caller: Caller; batchId: string }) {
  const { repos } = deps;
  const batch = await readableBatch(repos, input.caller, input.batchId);
  if (isRefusal(batch)) return batch;
  const stored = await loadCampaign(repos, batch.campaignId);
  if (isRefusal(stored)) return stored;
  const dossiers = await repos.candidates.listDossiersByBatch(batch.batchId);
  const township = townshipNameOf(stored.campaign, batch.township) ?? dossiers[0]?.township ?? batch.township;
  const policy = await policyOf(repos, stored);
  return buildFeedbackList({
    batchId: batch.batchId,
    batchName: batchName(township, await ordinalOf(repos, batch), batch.submittedAt),
    campaignId: batch.campaignId,
    township,
    policy,
    candidates: rowsSeenBy(input.caller, policy, await reportCandidates(repos, dossiers)),
    generatedAt: deps.now().toISOString(),
  });
}
