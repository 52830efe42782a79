// A department corrects an answer it gave (a reason and the 文号 of the document that says so),
// until the candidate's result is final (the campaign's 公示 has started, or the candidate is on a
// 公示 list: finality.ts). The new answer replaces the old
// one for deciding; the old one stays in the verdict's history and in the audit trail (`answered`
// before, `corrected` now). The candidate is then decided again on the workflow's path.
import { canonicalJson } from '../domain/audit/canonical.js';
import { needsSignOff } from '../domain/sign-off.js';
import { beijingDay } from '../domain/time.js';
import type { DecisionOutcome, Verdict } from '../domain/model.js';
import type { Caller } from './access.js';
import { type Answer, checkFindings, findingsForAudit, ownTask } from './answer-task.js';
import { type MeteredDeps, loadCampaign, policyOf, sha256 } from './common.js';
import { finalityOf, finalRefusal, RESULTS_FINAL } from './finality.js';
import { DISPUTE_CODE } from './open-dispute.js';
import { redecide } from './redecide.js';
import { conflict, forbidden, invalid, isRefusal, type Refusal } from './refusals.js';
import { setAsideRefusal, stoppedAs } from './stopped.js';

export const CORRECTION_CODE = {
  notAnswered: 'TASK_NOT_ANSWERED',
  resultsFinal: RESULTS_FINAL,
  sameAnswer: 'SAME_ANSWER',
  changed: 'ANSWER_CHANGED',
} as const;

export interface CorrectionInput {
  caller: Caller;
  taskId: string;
  answer: Answer;
  reason: string;
  documentNumber: string;
}

export type CorrectionResult = {
  taskId: string;
  verdict: Verdict;
  previous: Verdict;
  /** The candidate's result after deciding again; null while the workflow has not decided yet. */
  decision: { outcome: DecisionOutcome; version: number } | null;
};

export async function correctAnswer(deps: MeteredDeps, input: CorrectionInput): Promise<CorrectionResult | Refusal> {
  const reason = input.reason.trim();
  const documentNumber = input.documentNumber.trim();
  if (reason.length < 2) return invalid('请填写更正理由', 'reason', 'REASON_REQUIRED');
  if (documentNumber === '') return invalid('请填写更正依据的文号', 'documentNumber', 'DOCUMENT_NUMBER_REQUIRED');
  const task = await ownTask(deps, input.caller, input.taskId);
  if (isRefusal(task)) return task;
  const stored = await deps.repos.verdicts.get(task.candidateId, task.department);
  const answered = stored !== undefined && stored.resultSentAt !== undefined && ['clear', 'findings'].includes(stored.verdict.status);
  if (task.status !== 'answered' || !answered || stored.verdict.answeredAt === undefined) {
    return conflict('该任务尚未答复，不能更正', { code: CORRECTION_CODE.notAnswered });
  }
  const stopped = await stoppedAs(deps.repos, task.candidateId, task.campaignId);
  if (stopped === 'withdrawn') return conflict('该人选已被乡镇（街道）撤回，不能更正答复', { code: 'CANDIDATE_WITHDRAWN' });
  if (stopped === 'setAside') return setAsideRefusal('不能更正答复');
  // An open dispute freezes the decision until it is ruled on.
  if ((await deps.repos.disputes.get(task.candidateId))?.status === 'open') {
    return conflict('该人选的联审结论正在复核中，复核结束后才能更正答复', { code: DISPUTE_CODE.frozen });
  }
  const campaign = await loadCampaign(deps.repos, task.campaignId);
  if (isRefusal(campaign)) return campaign;
  const today = beijingDay(deps.now());
  const final = await finalityOf(deps.repos, campaign.campaign, task.candidateId, today);
  if (final !== null) return finalRefusal(final, '更正答复', '联审结果已公示，不能再更正答复；如有异议请由乡镇（街道）申请复核');
  const wrong = checkFindings(await policyOf(deps.repos, campaign), input.answer.findings, today);
  if (wrong !== undefined) return wrong;
  // 谁审查谁负责: where findings need the head's approval, a correction to findings is the head's to make.
  const review = await deps.repos.process.departmentReview(task.campaignId, task.department);
  const signedOff = needsSignOff(review, input.answer.status);
  if (signedOff && review?.approvers.includes(input.caller.username) !== true) {
    return forbidden('本部门已开启负责人审核：更正为有记录须由审核人（部门负责人）办理', { code: 'CORRECTION_NEEDS_APPROVER' });
  }
  const { approvedBy: _approvedBy, approvedAt: _approvedAt, sourcesSearched: _sources, ...previousAnswer } = stored.verdict;
  const previous = stored.verdict;
  if (previous.status === input.answer.status && canonicalJson(previous.findings) === canonicalJson(input.answer.findings)) {
    return conflict('更正后的答复与原答复相同', { code: CORRECTION_CODE.sameAnswer });
  }
  const at = deps.now().toISOString();
  const actor = { kind: 'reviewer' as const, id: input.caller.userId };
  const verdict: Verdict = {
    ...previousAnswer,
    status: input.answer.status,
    findings: input.answer.findings,
    answeredBy: actor,
    answeredAt: at,
    source: 'portal',
    ...(signedOff ? { approvedBy: actor, approvedAt: at } : {}),
  };
  const written = await deps.repos.verdicts.correct(verdict, previous.answeredAt ?? '', {
    reason,
    documentNumber,
    correctedBy: input.caller.userId,
    correctedAt: at,
  });
  if (!written.corrected) return conflict('该答复刚被更正过，请刷新后重试', { code: CORRECTION_CODE.changed });
  await deps.repos.audit.append(
    {
      candidateId: task.candidateId,
      type: 'corrected',
      actor,
      at,
      data: {
        department: task.department,
        previous: {
          result: previous.status === 'findings' ? 'findings' : 'clear',
          findings: findingsForAudit(previous.findings),
          answeredAt: previous.answeredAt ?? null,
        },
        result: input.answer.status,
        findings: findingsForAudit(input.answer.findings),
        documentNumber,
        // Free text may name people: the chain pins it by hash, the verdict keeps it.
        reasonSha256: sha256(reason),
      },
    },
    { dedupeKey: `corrected:${task.department}:${sha256(`${previous.answeredAt ?? ''}|${at}`).slice(0, 32)}` },
  );
  const decided = await redecide(deps, task.candidateId);
  return {
    taskId: task.taskId,
    verdict,
    previous,
    decision: decided === undefined ? null : { outcome: decided.outcome, version: decided.version },
  };
}
