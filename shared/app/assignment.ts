// Who may answer or hand on a review task. The rule: a task nobody was handed may be answered (or
// handed on) by any reviewer of its department; once handed to a reviewer, that reviewer is
// exclusive while the task is open: only they answer it or hand it on, and the organization
// department may hand it to someone else (the assignee is away). Concurrent hand-overs resolve to
// one (TaskRepository.reassign is conditional on the assignment the caller saw).
import type { Caller } from './access.js';
import type { TaskView } from './ports.js';
import { forbidden, type Refusal } from './refusals.js';

export const ASSIGNED_TO_OTHER_CODE = 'TASK_ASSIGNED_TO_OTHER';

/** Whether the task is handed to someone other than the caller. */
export function assignedToOther(task: Pick<TaskView, 'assignee'>, caller: Pick<Caller, 'username'>): boolean {
  return task.assignee !== undefined && task.assignee !== caller.username;
}

export function assigneeLabel(task: Pick<TaskView, 'assignee' | 'assigneeName'>): string {
  return task.assigneeName === undefined || task.assigneeName === task.assignee
    ? (task.assignee ?? '')
    : `${task.assigneeName}（${task.assignee}）`;
}

/** The refusal of an answer by anyone but the assignee. */
export function answerRefusal(task: Pick<TaskView, 'assignee' | 'assigneeName'>, caller: Pick<Caller, 'username'>): Refusal | undefined {
  if (!assignedToOther(task, caller)) return undefined;
  return forbidden(`该任务已转交给 ${assigneeLabel(task)} 经办，只有经办人可以答复`, {
    code: ASSIGNED_TO_OTHER_CODE,
    assignee: task.assignee,
  });
}

/** The refusal of a hand-over: reviewers hand on what is theirs or nobody's; the organization department any open task. */
export function reassignRefusal(
  task: Pick<TaskView, 'assignee' | 'assigneeName'>,
  caller: Pick<Caller, 'username' | 'orgdept'>,
): Refusal | undefined {
  if (caller.orgdept || !assignedToOther(task, caller)) return undefined;
  return forbidden(`该任务已转交给 ${assigneeLabel(task)} 经办，只有经办人或组织部门可以再转交`, {
    code: ASSIGNED_TO_OTHER_CODE,
    assignee: task.assignee,
  });
}
