// A new policy version for a running campaign is a new campaign setting. The diff re-decides every
// candidate already decided under the version the campaign would move to, writing nothing, and lists
// whose outcome or reasons change; the switch pins the version (with a reason and an audit event) and
// decides those candidates again with the same decision and recording steps the pipeline uses.
// Candidates still under review pick the new version up in their next step (record-decision.ts).
import { createHash } from 'node:crypto';
import { canonicalJson } from '../domain/audit/canonical.js';
import { campaignChainId } from '../domain/ids.js';
import type { Decision, Policy, Reason } from '../domain/model.js';
import { diffPolicies } from '../domain/policies/diff.js';
import type { Caller } from './access.js';
import { actorOf, loadCampaign, mapLimit, pinnedPolicy, type MeteredDeps, type UseCaseDeps } from './common.js';
import { decisionsByCandidate } from './dashboard.js';
import { decisionUnder } from './decide.js';
import { refuseUndeployed, type Deployment } from './policies.js';
import type { StoredCampaign, StoredDecision } from './ports.js';
import { recordDecision } from './record-decision.js';
import { isRefusal, notFound, conflict, type Refusal, unprocessable } from './refusals.js';
import { OUTCOME_LABEL, reasonText } from './reports/labels.js';
import { campaignView } from './views.js';

/** Outcome and reasons: what a candidate would be told. Order does not matter. */
function verdictKey(d: Pick<Decision, 'outcome' | 'reasons'>): string {
  const reasons = d.reasons.map((r: Reason) => canonicalJson(r)).sort();
  return canonicalJson({ outcome: d.outcome, reasons });
}

async function target(deps: Pick<UseCaseDeps, 'repos'>, stored: StoredCampaign, version: string) {
  const current = await pinnedPolicy(deps.repos, stored.campaign);
  const next = await deps.repos.policies.get(stored.campaign.policyId, version);
  if (current === undefined) throw new Error(`the pinned policy of campaign ${stored.campaign.id} is not in the store`);
  if (next === undefined) return notFound(`没有政策 ${stored.campaign.policyId} 的版本 ${version}`);
  return { current: current.policy, next: next.policy };
}

async function changedCandidates(deps: UseCaseDeps, stored: StoredCampaign, current: Policy, next: Policy) {
  const decisions = [...(await decisionsByCandidate(deps.repos, stored.campaign.id)).values()];
  const rows = await mapLimit(decisions, 8, async (before: StoredDecision) => {
    const ref = { campaignId: stored.campaign.id, batchId: before.batchId, candidateId: before.decision.candidateId };
    const after = await decisionUnder(deps, ref, stored, next);
    if (verdictKey(after) === verdictKey(before.decision)) return undefined;
    const view = await deps.repos.candidates.getView(ref.candidateId);
    return {
      candidateId: ref.candidateId,
      batchId: ref.batchId,
      name: view?.name ?? null,
      township: view?.township ?? null,
      village: view?.village ?? null,
      post: view?.post ?? null,
      before: {
        outcome: before.decision.outcome,
        finalStatus: before.finalStatus,
        label: OUTCOME_LABEL[before.decision.outcome],
        reasons: before.decision.reasons.map((r) => reasonText(current, r)),
      },
      after: { outcome: after.outcome, label: OUTCOME_LABEL[after.outcome], reasons: after.reasons.map((r) => reasonText(next, r)) },
      ruled: before.ruling !== undefined,
    };
  });
  const changed = rows.filter((r) => r !== undefined);
  return { decided: decisions.length, changed, unchanged: decisions.length - changed.length };
}

/** What moving the campaign to `version` would change, for candidates already decided; writes nothing. */
export async function policyDiff(deps: UseCaseDeps, input: { campaignId: string; version: string }) {
  const stored = await loadCampaign(deps.repos, input.campaignId);
  if (isRefusal(stored)) return stored;
  const versions = await target(deps, stored, input.version);
  if (isRefusal(versions)) return versions;
  const { current, next } = versions;
  return {
    campaignId: stored.campaign.id,
    from: { id: current.id, version: current.version },
    to: { id: next.id, version: next.version },
    changes: diffPolicies(current, next),
    candidates: await changedCandidates(deps, stored, current, next),
  };
}

export interface SwitchDeps extends MeteredDeps, Deployment {}

/**
 * Pins `version` and decides every decided candidate again under it. Asking the same version again
 * finishes what an interrupted switch left (decisions still under another version) and adds no event.
 */
export async function switchPolicy(
  deps: SwitchDeps,
  input: { caller: Caller; campaignId: string; version: string; reason: string },
): Promise<
  | Refusal
  | {
      campaign: ReturnType<typeof campaignView>;
      from: { id: string; version: string };
      to: { id: string; version: string };
      redecided: number;
      changed: number;
    }
> {
  const stored = await loadCampaign(deps.repos, input.campaignId);
  if (isRefusal(stored)) return stored;
  const versions = await target(deps, stored, input.version);
  if (isRefusal(versions)) return versions;
  const { current, next } = versions;
  const undeployed = refuseUndeployed(next, deps);
  if (undeployed !== undefined) return undeployed;
  let campaign = stored;
  if (current.version !== next.version || stored.campaign.policyVersion === undefined) {
    const batches = await deps.repos.batches.listByCampaign(stored.campaign.id);
    if (batches.length > 0 && diffPolicies(current, next).departmentCodesDiffer) {
      return unprocessable(
        `版本 ${next.version} 的部门与现用版本 ${current.version} 不同，已提交的人选是按现用版本的部门征求意见的，不能直接换用。请新建换届工作使用新版本，或上传部门不变的版本。`,
        { code: 'POLICY_DEPARTMENTS_DIFFER', from: current.departments.map((d) => d.code), to: next.departments.map((d) => d.code) },
      );
    }
    const at = deps.now().toISOString();
    const switched = await deps.repos.campaigns.switchPolicy(stored.campaign.id, {
      from: stored.campaign.policyVersion ?? null,
      to: next.version,
      reason: input.reason,
      by: input.caller.userId,
      at,
    });
    if (switched === undefined) return conflict('换届工作的政策版本刚被他人更换，请刷新后再试。', { code: 'POLICY_PIN_MOVED' });
    campaign = switched;
    await deps.repos.audit.append(
      {
        candidateId: campaignChainId(stored.campaign.id),
        type: 'policy_switched',
        actor: actorOf(input.caller, 'orgdept'),
        at,
        data: {
          from: { id: current.id, version: current.version },
          to: { id: next.id, version: next.version },
          reasonSha256: createHash('sha256').update(input.reason).digest('hex'),
        },
      },
      { dedupeKey: `policy_switched:${current.version}:${next.version}:${at}` },
    );
  }
  // The same steps as the pipeline: decide under the pinned version, record (a new decision version when it changed).
  const decisions = [...(await decisionsByCandidate(deps.repos, stored.campaign.id)).values()].filter(
    (d) => d.decision.policy.id !== next.id || d.decision.policy.version !== next.version,
  );
  const changed = await mapLimit(decisions, 8, async (d) => {
    const ref = { campaignId: stored.campaign.id, batchId: d.batchId, candidateId: d.decision.candidateId };
    const decision = await decisionUnder(deps, ref, campaign, next);
    await recordDecision(deps, { ...ref, decision });
    return verdictKey(decision) !== verdictKey(d.decision);
  });
  return {
    campaign: campaignView(campaign, next),
    from: { id: current.id, version: current.version },
    to: { id: next.id, version: next.version },
    redecided: changed.length,
    changed: changed.filter(Boolean).length,
  };
}
