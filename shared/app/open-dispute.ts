// A township disputes the decision on one of its candidates, with a reason and attachments (kept
// by name, size and SHA-256). The decision is frozen: shown as 复核中 and left off the 公示 list
// until the organization department rules on the dispute (rule-dispute.ts).
import { canDispute, type Dispute, type DisputeAttachment, shownStatus } from '../domain/review-changes.js';
import { type Caller, townshipOf } from './access.js';
import { type UseCaseDeps, actorOf, sha256 } from './common.js';
import { conflict, invalid, isRefusal, notFound, type Refusal } from './refusals.js';
import { disputeNotice } from './notices.js';
import { notify } from './notifications.js';
import { townshipNameOf } from './views.js';
import { setAsideRefusal, stoppedAs } from './stopped.js';

export const DISPUTE_CODE = {
  open: 'DISPUTE_OPEN',
  ruled: 'DISPUTE_ALREADY_RULED',
  notOpen: 'DISPUTE_NOT_OPEN',
  frozen: 'DECISION_DISPUTED',
} as const;

export const MAX_DISPUTE_ATTACHMENTS = 5;

export interface OpenDisputeInput {
  caller: Caller;
  candidateId: string;
  reason: string;
  attachments: readonly DisputeAttachment[];
}

export async function openDispute(deps: UseCaseDeps, input: OpenDisputeInput): Promise<{ dispute: Dispute } | Refusal> {
  const reason = input.reason.trim();
  if (reason.length < 5) return invalid('请填写申请复核的理由（至少 5 个字）', 'reason', 'REASON_REQUIRED');
  if (input.attachments.length > MAX_DISPUTE_ATTACHMENTS) {
    return invalid(`附件最多 ${MAX_DISPUTE_ATTACHMENTS} 个`, 'attachments', 'TOO_MANY_ATTACHMENTS');
  }
  const dossier = await deps.repos.candidates.getDossier(input.candidateId);
  if (dossier === undefined) return notFound('未找到该人选');
  // The batch holds the township's code (the dossier its name, as the file wrote it).
  const batch = await deps.repos.batches.get(dossier.batchId);
  if (batch === undefined) return notFound('未找到该人选');
  const township = townshipOf(input.caller, batch.township);
  if (isRefusal(township)) return township;
  const stopped = await stoppedAs(deps.repos, input.candidateId, dossier.campaignId);
  if (stopped === 'withdrawn') return conflict('该人选已被撤回，不能申请复核', { code: 'CANDIDATE_WITHDRAWN' });
  if (stopped === 'setAside') return setAsideRefusal('不能申请复核');
  const stored = await deps.repos.decisions.get(input.candidateId);
  if (stored === undefined) return notFound('该人选尚无联审结论');
  const existing = await deps.repos.disputes.get(input.candidateId);
  const blocked = canDispute(stored.version, existing);
  if (blocked === 'open') return conflict('该人选的联审结论正在复核中，不能重复申请', { code: DISPUTE_CODE.open });
  if (blocked === 'alreadyRuled') return conflict('该联审结论已经复核，不能再次申请', { code: DISPUTE_CODE.ruled });
  const disputedStatus = shownStatus(stored.finalStatus, stored.version, existing);
  const dispute: Dispute = {
    campaignId: stored.decision.campaignId,
    candidateId: input.candidateId,
    township,
    decisionVersion: stored.version,
    disputedStatus: disputedStatus === 'disputed' ? stored.finalStatus : disputedStatus,
    reason,
    attachments: [...input.attachments],
    openedBy: input.caller.userId,
    openedAt: deps.now().toISOString(),
    status: 'open',
  };
  const opened = await deps.repos.disputes.open(dispute);
  if (!opened.opened) {
    const code = opened.existing.status === 'open' ? DISPUTE_CODE.open : DISPUTE_CODE.ruled;
    return conflict('该人选的联审结论已申请复核', { code });
  }
  await deps.repos.audit.append(
    {
      candidateId: input.candidateId,
      type: 'disputed',
      actor: actorOf(input.caller, 'township'),
      at: dispute.openedAt,
      data: {
        township,
        decisionVersion: dispute.decisionVersion,
        disputedStatus: dispute.disputedStatus,
        reasonSha256: sha256(reason),
        attachments: dispute.attachments.map((a) => ({ sha256: a.sha256, bytes: a.bytes })),
      },
    },
    { dedupeKey: `disputed:${dispute.decisionVersion}` },
  );
  const campaign = await deps.repos.campaigns.get(dispute.campaignId);
  await notify(
    deps,
    disputeNotice({
      campaignId: dispute.campaignId,
      campaignName: campaign?.campaign.name ?? dispute.campaignId,
      townshipName: (campaign === undefined ? undefined : townshipNameOf(campaign.campaign, township)) ?? township,
      candidateId: input.candidateId,
      decisionVersion: dispute.decisionVersion,
    }),
  );
  return { dispute: opened.dispute };
}
