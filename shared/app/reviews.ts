// A department's inbox, one task's card, and handing a task to a colleague.
import type { Caller } from './access.js';
import { reviewingDepartment } from './access.js';
import { actorOf, findDepartment, loadCampaign, policyOf, type UseCaseDeps } from './common.js';
import { ownTask } from './answer-task.js';
import type { TaskStatus } from './ports.js';
import { conflict, isRefusal, notFound, type Refusal } from './refusals.js';
import { departmentName } from './reports/labels.js';
import { ANSWERED_STATUSES, answerView, isOverdue, taskItem } from './views.js';

const STATUSES: readonly TaskStatus[] = ['open', 'answered', 'overdue'];

/** The tasks of one status, with the counts of every status (the inbox tabs). */
export async function inbox(deps: UseCaseDeps, input: { caller: Caller; status: TaskStatus; department?: string }) {
  const department = reviewingDepartment(input.caller, input.department);
  if (typeof department !== 'string') return department;
  const lists = await Promise.all(STATUSES.map((s) => deps.repos.tasks.listInbox(department, s)));
  const byStatus = new Map(STATUSES.map((s, i) => [s, lists[i] ?? []]));
  const now = deps.now();
  const open = byStatus.get('open') ?? [];
  return {
    department,
    status: input.status,
    counts: {
      open: open.length,
      answered: byStatus.get('answered')?.length ?? 0,
      overdue: byStatus.get('overdue')?.length ?? 0,
      openPastDeadline: open.filter((t) => isOverdue(t, now)).length,
      openWithoutHints: open.filter((t) => t.hints.length === 0).length,
    },
    items: (byStatus.get(input.status) ?? []).map((t) => taskItem(t, now)),
  };
}

/** What a reviewer sees of one task: the candidate (no relatives, nothing from other departments), hints, categories. */
export async function taskCard(deps: UseCaseDeps, input: { caller: Caller; taskId: string }) {
  const task = await ownTask(deps, input.caller, input.taskId);
  if (isRefusal(task)) return task;
  const [view, stored, campaign] = await Promise.all([
    deps.repos.candidates.getView(task.candidateId),
    deps.repos.verdicts.get(task.candidateId, task.department),
    loadCampaign(deps.repos, task.campaignId),
  ]);
  if (isRefusal(campaign)) return campaign;
  if (view === undefined) return notFound('未找到该人选');
  const policy = await policyOf(deps.repos, campaign);
  const department = findDepartment(policy, task.department);
  const own = stored !== undefined && ANSWERED_STATUSES.has(stored.verdict.status) ? stored.verdict : undefined;
  return {
    task: taskItem(task, deps.now()),
    department: { code: task.department, name: departmentName(policy, task.department) },
    candidate: {
      name: view.name,
      idNumber: view.idNumber,
      sex: view.sex,
      birth: view.birth,
      township: view.township,
      village: view.village,
      post: view.post,
    },
    hints: task.hints.map((h) => ({
      kind: h.kind,
      category: h.category,
      recordName: h.recordName,
      documentNumber: h.documentNumber ?? null,
    })),
    answer: own === undefined ? null : answerView(own),
    categories: policy.categories.map((c) => ({
      label: c.label,
      group: c.group,
      severity: c.severity,
      description: c.description ?? null,
      suggested: department?.categories.includes(c.label) ?? false,
    })),
  };
}

/** Hands an open task to a colleague of the same department. */
export async function reassignTask(
  deps: UseCaseDeps,
  input: { caller: Caller; taskId: string; assignee: string },
): Promise<{ taskId: string; assignee: string; reassignedAt: string } | Refusal> {
  const task = await ownTask(deps, input.caller, input.taskId);
  if (isRefusal(task)) return task;
  const done = await deps.repos.tasks.reassign(task.candidateId, task.department, input.assignee);
  if (!done) return conflict('只能转交待办（未答复、未逾期）的任务');
  const at = deps.now().toISOString();
  await deps.repos.audit.append({
    candidateId: task.candidateId,
    type: 'reassigned',
    actor: actorOf(input.caller, 'reviewer'),
    at,
    data: { department: task.department, assignee: input.assignee },
  });
  return { taskId: task.taskId, assignee: input.assignee, reassignedAt: at };
}
