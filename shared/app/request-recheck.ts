// 发回重审: the organization department sends one decided candidate back to ONE department with a
// reason (a cure: a debt paid, a record struck out). The department's answer is set aside (kept
// with the re-check and in the trail) and a new execution of the same state machine asks only that
// department, in a new task with its own deadline; its Decide/RecordDecision steps then decide the
// candidate again (a new decision version when the result changed).
import type { Recheck } from '../domain/review-changes.js';
import { beijingDay } from '../domain/time.js';
import { type Caller, orgdeptOnly } from './access.js';
import { actorOf, loadCampaign, policyOf, sha256, type UseCaseDeps } from './common.js';
import { departmentName } from './reports/labels.js';
import { CORRECTION_CODE } from './correct-answer.js';
import { finalityOf, finalRefusal } from './finality.js';
import { DISPUTE_CODE } from './open-dispute.js';
import type { Executions, StoredRecheck, StoredVerdict } from './ports.js';
import { conflict, invalid, isRefusal, notFound, type Refusal } from './refusals.js';
import { executionName } from './start-review.js';
import { setAsideRefusal, stoppedAs } from './stopped.js';

export const RECHECK_CODE = {
  notDecided: 'NOT_DECIDED',
  notRouted: 'DEPARTMENT_NOT_ROUTED',
  notAnswered: 'TASK_NOT_ANSWERED',
  open: 'RECHECK_OPEN',
  resultsFinal: CORRECTION_CODE.resultsFinal,
  withdrawn: 'CANDIDATE_WITHDRAWN',
} as const;

export interface RecheckDeps extends UseCaseDeps {
  executions: Executions;
}

export interface RecheckInput {
  caller: Caller;
  candidateId: string;
  department: string;
  reason: string;
  /** A founded objection during 公示 (its seq) reopens the candidate: results being final does not stop it. */
  objectionSeq?: number;
}

/** The execution of re-check `sequence`: the candidate's own name with the re-check's number (idempotent). */
export function recheckExecutionName(campaignId: string, candidateId: string, sequence: number): string {
  return executionName(campaignId, `${candidateId}--recheck-${sequence}`);
}

/** Open while the department has not answered the re-check's task (its set-aside answer is not replaced yet). */
export function recheckOpen(latest: StoredRecheck | undefined, verdict: StoredVerdict | undefined): boolean {
  if (latest === undefined) return false;
  if (verdict === undefined) return true;
  const answered = verdict.verdict.status === 'clear' || verdict.verdict.status === 'findings';
  return answered && verdict.resultSentAt === undefined;
}

/** The re-check's execution: its name, and an input naming only its department. */
function recheckStart(recheck: Recheck, batchId: string) {
  const { campaignId, candidateId, department, sequence } = recheck;
  return { name: recheck.executionName, input: { campaignId, batchId, candidateId, recheck: { department, sequence } } };
}

export async function requestRecheck(
  deps: RecheckDeps,
  input: RecheckInput,
): Promise<{ recheck: Recheck; departmentName: string; started: boolean } | Refusal> {
  const denied = orgdeptOnly(input.caller);
  if (denied !== undefined) return denied;
  const reason = input.reason.trim();
  if (reason.length < 5) return invalid('请填写发回重审的理由（至少 5 个字）', 'reason', 'REASON_REQUIRED');
  const { repos } = deps;
  const routing = await repos.candidates.getRouting(input.candidateId);
  const stored = await repos.decisions.get(input.candidateId);
  if (routing === undefined && stored === undefined && (await repos.candidates.getView(input.candidateId)) === undefined) {
    return notFound('未找到该人选');
  }
  if (stored === undefined) return conflict('该人选尚无联审结论，不能发回重审', { code: RECHECK_CODE.notDecided });
  const campaignId = stored.decision.campaignId;
  const campaign = await loadCampaign(repos, campaignId);
  if (isRefusal(campaign)) return campaign;
  // A founded objection during 公示 (objectionSeq) is the one way a final result is checked again.
  if (input.objectionSeq === undefined) {
    const final = await finalityOf(repos, campaign.campaign, input.candidateId, beijingDay(deps.now()));
    if (final !== null) return finalRefusal(final, '发回重审', '联审结果已公示，不能再发回重审；如有异议请由乡镇（街道）申请复核');
  }
  const stopped = await stoppedAs(repos, input.candidateId, campaignId);
  if (stopped === 'withdrawn') return conflict('该人选已被乡镇（街道）撤回，不能发回重审', { code: RECHECK_CODE.withdrawn });
  if (stopped === 'setAside') return setAsideRefusal('不能发回重审');
  if ((await repos.disputes.get(input.candidateId))?.status === 'open') {
    return conflict('该人选的联审结论正在复核中，复核结束后才能发回重审', { code: DISPUTE_CODE.frozen });
  }
  if (routing === undefined || !routing.departments.includes(input.department)) {
    return invalid('该部门不在该人选的联审部门之中，不能发回重审', 'department', RECHECK_CODE.notRouted);
  }
  const rechecks = await repos.changes.rechecks(input.candidateId);
  const verdict = await repos.verdicts.get(input.candidateId, input.department);
  const latest = rechecks.find((r) => r.recheck.department === input.department);
  if (latest !== undefined && recheckOpen(latest, verdict)) {
    // A start lost after the re-check was stored (the call failed) is made good here; otherwise a no-op (same name).
    await deps.executions.start(recheckStart(latest.recheck, stored.batchId));
    return conflict('该部门的重审尚未答复，不能重复发回', { code: RECHECK_CODE.open });
  }
  if (verdict === undefined) return conflict('该部门尚未答复，不能发回重审', { code: RECHECK_CODE.notAnswered });
  const sequence = Math.max(0, ...rechecks.map((r) => r.recheck.sequence)) + 1;
  const at = deps.now().toISOString();
  const recheck: Recheck = {
    campaignId,
    candidateId: input.candidateId,
    department: input.department,
    sequence,
    reason,
    requestedBy: input.caller.userId,
    requestedAt: at,
    decisionVersion: stored.version,
    previous: { status: verdict.verdict.status, answeredAt: verdict.verdict.answeredAt ?? null },
    executionName: recheckExecutionName(campaignId, input.candidateId, sequence),
  };
  // What the re-check takes off the verdict and the task, sealed by an earlier decision, is kept with it.
  const dispatches = (await repos.tasks.dispatchEvents(input.candidateId)).filter((e) => e.data['department'] === input.department);
  const setAside = [...(latest?.setAside ?? []), ...(verdict.event === undefined ? [] : [verdict.event]), ...dispatches];
  if (!(await repos.changes.openRecheck(recheck, verdict, setAside))) {
    return conflict('该人选刚刚已被发回重审，请刷新后查看', { code: RECHECK_CODE.open });
  }
  await repos.audit.append(
    {
      candidateId: input.candidateId,
      type: 'recheck_requested',
      actor: actorOf(input.caller, 'orgdept'),
      at,
      data: {
        department: input.department,
        sequence,
        decisionVersion: stored.version,
        previous: { result: recheck.previous.status, answeredAt: recheck.previous.answeredAt },
        // Free text may name people: the chain pins it by hash, the re-check keeps it.
        reasonSha256: sha256(reason),
        ...(input.objectionSeq === undefined ? {} : { objectionSeq: input.objectionSeq }),
      },
    },
    { dedupeKey: `recheck:${sequence}` },
  );
  const started = await deps.executions.start(recheckStart(recheck, stored.batchId));
  return { recheck, departmentName: departmentName(await policyOf(repos, campaign), input.department), started: started === 'started' };
}
