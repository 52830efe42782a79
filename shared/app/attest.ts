// "以上人员经查无记录": a reviewer answers many tasks without hints at once. The whole statement
// goes once on the department's own chain; each answer's audit event points to it by hash.
import { canonicalJson } from '../domain/audit/canonical.js';
import type { AttestationStatement } from '../domain/audit/events.js';
import { departmentChainId, parseTaskId } from '../domain/ids.js';
import { reviewingDepartment, type Caller } from './access.js';
import { assignedToOther, assigneeLabel } from './assignment.js';
import { actorOf, mapLimit, sha256 } from './common.js';
import {
  ALREADY_ANSWERED_MESSAGE,
  answerOne,
  HELD_MESSAGE,
  LATE_ANSWER_MESSAGE,
  TASK_OVER_MESSAGE,
  type AnswerDeps,
} from './answer-task.js';
import type { TaskView } from './ports.js';
import type { Refusal } from './refusals.js';

export interface AttestInput {
  caller: Caller;
  /** The statement text (the API contract accepts exactly 以上人员经查无记录). */
  statement: string;
  department?: string;
  /** The tasks the reviewer saw; without it, every open task without hints. */
  taskIds?: readonly string[];
}

export interface AttestResult {
  attestation: AttestationStatement & { sha256: string; recorded: boolean };
  answered: string[];
  repeated: string[];
  late: string[];
  skipped: Array<{ taskId: string; reason: string }>;
  lateMessage: string | null;
}

/**
 * The open tasks of `department` among `taskIds`, read by key: a page the reviewer saw costs its
 * own reads, not a read of the whole inbox (thousands in a large county).
 */
async function openAmong(deps: AnswerDeps, department: string, taskIds: readonly string[]): Promise<TaskView[]> {
  const refs = [...new Set(taskIds)].flatMap((id) => {
    const ref = parseTaskId(id);
    return ref === null || ref.department !== department ? [] : [ref];
  });
  const tasks = refs.length === 0 ? [] : await deps.repos.tasks.getMany(refs);
  return tasks.filter((t) => t.status === 'open');
}

export async function attest(deps: AnswerDeps, input: AttestInput): Promise<AttestResult | Refusal> {
  const department = reviewingDepartment(input.caller, input.department);
  if (typeof department !== 'string') return department;
  const open =
    input.taskIds === undefined ? await deps.repos.tasks.listInbox(department, 'open') : await openAmong(deps, department, input.taskIds);
  // A task handed to a colleague is theirs to answer (shared/app/assignment.ts).
  const skipped: Array<{ taskId: string; reason: string }> = [];
  const mine = open.filter((t) => {
    // An answer with findings waits for the department's approver: a statement of 无记录 cannot cover it.
    if (t.held !== undefined) {
      if (input.taskIds?.includes(t.taskId) === true) skipped.push({ taskId: t.taskId, reason: HELD_MESSAGE });
      return false;
    }
    if (!assignedToOther(t, input.caller)) return true;
    if (input.taskIds?.includes(t.taskId) === true) skipped.push({ taskId: t.taskId, reason: `已转交给 ${assigneeLabel(t)} 经办` });
    return false;
  });
  const withoutHints = mine.filter((t) => t.hints.length === 0);
  let chosen: TaskView[] = withoutHints;
  if (input.taskIds !== undefined) {
    const eligible = new Map(withoutHints.map((t) => [t.taskId, t]));
    const hinted = new Set(open.filter((t) => t.hints.length > 0).map((t) => t.taskId));
    chosen = [];
    const handedOn = new Set(skipped.map((s) => s.taskId));
    for (const id of new Set(input.taskIds)) {
      if (handedOn.has(id)) continue;
      const task = eligible.get(id);
      if (task !== undefined) chosen.push(task);
      else skipped.push({ taskId: id, reason: hinted.has(id) ? '有记录匹配提示，须逐一审查' : '不是本部门的待办任务' });
    }
  }
  const at = deps.now().toISOString();
  const actor = actorOf(input.caller, 'reviewer');
  const statement: AttestationStatement = {
    kind: 'lianshen.attestation/v1',
    department,
    statement: input.statement,
    attestedBy: actor,
    attestedByName: input.caller.username,
    attestedAt: at,
    taskIds: chosen.map((t) => t.taskId).sort(),
  };
  const digest = sha256(canonicalJson(statement));
  const attestation = { sha256: digest, statement: input.statement, attestedAt: at, tasks: chosen.length };
  const answered: string[] = [];
  const repeated: string[] = [];
  const late: string[] = [];
  const tokens = chosen.length === 0 ? new Map<string, string>() : await deps.repos.tasks.getTokens(chosen);
  await mapLimit(chosen, 8, async (task) => {
    const token = tokens.get(task.taskId);
    const outcome = await answerOne(deps, {
      task,
      ...(token === undefined ? {} : { token }),
      answer: { status: 'clear', findings: [] },
      actor,
      source: 'attestation',
      at,
      attestation,
    });
    if (outcome.kind === 'late') late.push(task.taskId);
    else if (outcome.kind === 'gone') skipped.push({ taskId: task.taskId, reason: TASK_OVER_MESSAGE });
    else if (outcome.kind === 'alreadyAnswered') skipped.push({ taskId: task.taskId, reason: ALREADY_ANSWERED_MESSAGE });
    else if (outcome.kind === 'repeated') repeated.push(task.taskId);
    else answered.push(task.taskId);
  });
  // The statement goes on the department's chain once it answered something: a parallel or
  // repeated attestation of tasks already answered so writes no second statement.
  const recorded = answered.length > 0 || late.length > 0;
  if (recorded) {
    await deps.repos.audit.append(
      { candidateId: departmentChainId(department), type: 'answered', actor, at, data: { attestation: statement, sha256: digest } },
      { dedupeKey: `attest:${digest}` },
    );
  }
  return {
    attestation: { ...statement, sha256: digest, recorded },
    answered: answered.sort(),
    repeated: repeated.sort(),
    late: late.sort(),
    skipped,
    lateMessage: late.length > 0 ? LATE_ANSWER_MESSAGE : null,
  };
}
