// 谁审查谁负责: the department's approver approves (批准) an answer with findings that a reviewer
// gave, and only then does it count (it is sent to the workflow, recording both people), or
// returns it (退回) to the reviewer with a reason. The held answer is taken off the task first,
// conditionally, so of two approvers acting at once exactly one decides.
import type { Verdict } from '../domain/model.js';
import { approvalProblem } from '../domain/sign-off.js';
import type { Caller } from './access.js';
import { type AnswerDeps, answerOne, LATE_ANSWER_MESSAGE, ownTask, TASK_CANCELLED, TASK_OVER_MESSAGE } from './answer-task.js';
import { actorOf, sha256 } from './common.js';
import type { TaskView } from './ports.js';
import { conflict, forbidden, isRefusal, type Refusal } from './refusals.js';

export const NO_HELD_ANSWER = 'NO_HELD_ANSWER';
export const APPROVAL_TAKEN = 'APPROVAL_TAKEN';

export type ApprovalInput =
  | { caller: Caller; taskId: string; decision: 'approve' }
  | { caller: Caller; taskId: string; decision: 'return'; reason: string };

export type ApprovalOutcome = { task: TaskView; decision: 'approve'; verdict: Verdict } | { task: TaskView; decision: 'return' };

export async function approveAnswer(deps: AnswerDeps, input: ApprovalInput): Promise<ApprovalOutcome | Refusal> {
  const task = await ownTask(deps, input.caller, input.taskId);
  if (isRefusal(task)) return task;
  const held = task.held;
  if (held === undefined) return conflict('该任务没有待审核的答复', { code: NO_HELD_ANSWER });
  const review = await deps.repos.process.departmentReview(task.campaignId, task.department);
  const problem = approvalProblem(review, held, input.caller);
  if (problem !== undefined) return forbidden(problem, { code: 'NOT_APPROVER' });
  if (task.status === 'cancelled') return conflict('该人选已被乡镇（街道）撤回，审查任务已取消', { code: TASK_CANCELLED });
  if (task.status === 'answered') return conflict(TASK_OVER_MESSAGE, { code: APPROVAL_TAKEN });
  const approver = actorOf(input.caller, 'reviewer');
  const at = deps.now().toISOString();
  const answer = { status: 'findings' as const, findings: held.findings };

  if (task.status === 'overdue') {
    // The deadline passed while the answer waited: approving it now records a late answer.
    await answerOne(deps, {
      task,
      answer,
      actor: held.by,
      source: 'portal',
      at,
      approval: { by: approver, at },
      sourcesSearched: held.sourcesSearched,
    });
    return conflict(LATE_ANSWER_MESSAGE, { code: 'LATE_ANSWER' });
  }

  if (input.decision === 'return') {
    const returned = { by: approver, byUsername: input.caller.username, at, reason: input.reason };
    if (!(await deps.repos.tasks.release(task.candidateId, task.department, held.at, returned))) {
      return conflict('该答复已由他人审核，请刷新', { code: APPROVAL_TAKEN });
    }
    await deps.repos.audit.append(
      {
        candidateId: task.candidateId,
        type: 'answer_returned',
        actor: approver,
        at,
        data: { department: task.department, heldAt: held.at, reasonSha256: sha256(input.reason) },
      },
      { dedupeKey: `returned:${task.department}:${held.at}` },
    );
    return { task, decision: 'return' };
  }

  if (!(await deps.repos.tasks.release(task.candidateId, task.department, held.at))) {
    return conflict('该答复已由他人审核，请刷新', { code: APPROVAL_TAKEN });
  }
  let outcome: Awaited<ReturnType<typeof answerOne>>;
  try {
    outcome = await answerOne(deps, {
      task,
      answer,
      actor: held.by,
      source: 'portal',
      at: held.at,
      approval: { by: approver, at },
      sourcesSearched: held.sourcesSearched,
    });
  } catch (error) {
    // Nothing counted: the answer waits again, for this approver's retry or another's.
    await deps.repos.tasks.hold(task.candidateId, task.department, held);
    throw error;
  }
  switch (outcome.kind) {
    case 'answered':
    case 'repeated':
      return { task, decision: 'approve', verdict: outcome.verdict };
    case 'late':
      return conflict(LATE_ANSWER_MESSAGE, { code: 'LATE_ANSWER' });
    default:
      return conflict(TASK_OVER_MESSAGE, { code: APPROVAL_TAKEN });
  }
}
