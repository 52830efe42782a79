// 书记人选备案: every Party-secretary nominee is filed with the county organization department,
// which approves or rejects the filing after the joint review ("区委组织部反馈审议结果后"). A
// secretary nominee is final, and reaches the 公示 list, only once the filing is approved.
import {
  FILING_CITATIONS,
  FILING_LABEL,
  type Filing,
  type FilingDecision,
  filingStatus,
  needsFiling,
  reachedCounty,
  REMARK_MAX,
} from '../domain/process.js';
import { type ShownStatus, shownStatus } from '../domain/review-changes.js';
import { type Caller, orgdeptOnly } from './access.js';
import { actorOf, loadCampaign, mapLimit, sha256, type UseCaseDeps } from './common.js';
import { conflict, invalid, isRefusal, notFound, type Refusal, unprocessable } from './refusals.js';
import { citeText, shownLabel } from './reports/labels.js';
import { disputesOf, withdrawalsOf } from './views.js';
import { maskIdNumber } from '../domain/idcard.js';
import { setAsideRefusal, stoppedAs } from './stopped.js';

export const FILING_CODE = {
  notSecretary: 'NOT_SECRETARY_NOMINEE',
  notCleared: 'JOINT_REVIEW_NOT_CLEARED',
  decided: 'FILING_ALREADY_DECIDED',
  draft: 'BATCH_NOT_SUBMITTED',
  withdrawn: 'CANDIDATE_WITHDRAWN',
  noteRequired: 'NOTE_REQUIRED',
} as const;

export const FILING_BASIS = FILING_CITATIONS.map(citeText).join('；');

/** POST /candidates/{id}/filing: once per candidate; approval needs the joint review's 通过. */
export async function decideFiling(
  deps: UseCaseDeps,
  input: { caller: Caller; candidateId: string; decision: FilingDecision; note: string },
): Promise<{ filing: Filing } | Refusal> {
  const denied = orgdeptOnly(input.caller);
  if (denied !== undefined) return denied;
  const note = input.note.trim();
  if (note.length > REMARK_MAX) return invalid(`备案意见不超过 ${REMARK_MAX} 字`, 'note');
  if (input.decision === 'reject' && note.length < 2) return invalid('不同意备案须填写理由', 'note', FILING_CODE.noteRequired);
  const { repos } = deps;
  const dossier = await repos.candidates.getDossier(input.candidateId);
  if (dossier === undefined) return notFound('未找到该人选');
  if (!needsFiling(dossier.post)) {
    return unprocessable('只有党组织书记人选需要向组织部门备案', { code: FILING_CODE.notSecretary, post: dossier.post });
  }
  if (!reachedCounty(await repos.process.stage(dossier.batchId))) {
    return conflict('该人选所在批次尚未由乡镇（街道）报送，不能备案', { code: FILING_CODE.draft });
  }
  const stopped = await stoppedAs(repos, dossier.candidateId, dossier.campaignId);
  if (stopped === 'withdrawn') return conflict('该人选已撤回，不需备案', { code: FILING_CODE.withdrawn });
  if (stopped === 'setAside') return setAsideRefusal('不需备案');
  if (input.decision === 'approve') {
    const stored = await repos.decisions.get(dossier.candidateId);
    const dispute = await repos.disputes.get(dossier.candidateId);
    const shown = stored === undefined ? undefined : shownStatus(stored.finalStatus, stored.version, dispute);
    if (shown !== 'cleared') {
      return conflict(`联审通过后才能同意备案（当前：${shown === undefined ? '审查中' : shownLabel(shown)}）`, {
        code: FILING_CODE.notCleared,
      });
    }
  }
  const filing: Filing = {
    campaignId: dossier.campaignId,
    candidateId: dossier.candidateId,
    decision: input.decision,
    note,
    decidedBy: input.caller.userId,
    decidedAt: deps.now().toISOString(),
  };
  if (!(await repos.process.putFiling(filing))) return conflict('该人选的备案已有结论', { code: FILING_CODE.decided });
  await repos.audit.append(
    {
      candidateId: filing.candidateId,
      type: 'filing_decided',
      actor: actorOf(input.caller, 'orgdept'),
      at: filing.decidedAt,
      data: { decision: filing.decision, noteSha256: sha256(note) },
    },
    { dedupeKey: 'filing_decided' },
  );
  return { filing };
}

/** GET /campaigns/{id}/filings: every secretary nominee sent to the county, with the joint review's result and the filing. */
export async function listFilings(deps: UseCaseDeps, input: { caller: Caller; campaignId: string }) {
  const denied = orgdeptOnly(input.caller);
  if (denied !== undefined) return denied;
  const { repos } = deps;
  const stored = await loadCampaign(repos, input.campaignId);
  if (isRefusal(stored)) return stored;
  const stages = new Map((await repos.process.stagesByCampaign(input.campaignId)).map((s) => [s.batchId, s]));
  const batches = (await repos.batches.listByCampaign(input.campaignId)).filter((b) => reachedCounty(stages.get(b.batchId)));
  const dossiers = (await mapLimit(batches, 4, (b) => repos.candidates.listDossiersByBatch(b.batchId)))
    .flat()
    .filter((d) => needsFiling(d.post));
  const filings = new Map((await repos.process.filingsByCampaign(input.campaignId)).map((f) => [f.candidateId, f]));
  const disputes = await disputesOf(repos, [input.campaignId]);
  const withdrawals = await withdrawalsOf(repos, [input.campaignId]);
  const rows = await mapLimit(dossiers, 8, async (d) => {
    const decision = await repos.decisions.get(d.candidateId);
    const review: ShownStatus | 'reviewing' =
      decision === undefined ? 'reviewing' : shownStatus(decision.finalStatus, decision.version, disputes.get(d.candidateId));
    const filing = filings.get(d.candidateId);
    const status = filingStatus(d.post, filing) ?? 'pending';
    return {
      candidateId: d.candidateId,
      batchId: d.batchId,
      name: d.name,
      idNumberMasked: maskIdNumber(d.idNumber),
      township: d.township,
      village: d.village,
      post: d.post,
      withdrawn: withdrawals.byCandidate.has(d.candidateId),
      review,
      reviewLabel: review === 'reviewing' ? '审查中' : shownLabel(review),
      status,
      statusLabel: FILING_LABEL[status],
      note: filing?.note ?? null,
      decidedBy: filing?.decidedBy ?? null,
      decidedAt: filing?.decidedAt ?? null,
    };
  });
  return { campaignId: input.campaignId, basis: FILING_BASIS, filings: rows };
}
