// A department's inbox, one task's card, and handing a task to a colleague.
import type { Caller } from './access.js';
import type { Category } from '../domain/model.js';
import { reviewingDepartment } from './access.js';
import { batchIdOf, parseTaskId } from '../domain/ids.js';
import { batchesOf, filterOptions, filterTasks, type InboxFilter, pageOf } from './inbox-query.js';
import { enabledReviewers } from './accounts/reviewers.js';
import { departmentAccounts } from './orgdept-reviewer.js';
import { assignedToOther, reassignRefusal } from './assignment.js';
import { actorOf, findDepartment, loadCampaign, mapLimit, policyOf, type UseCaseDeps } from './common.js';
import { ownTask } from './answer-task.js';
import type { IdentityProvider, TaskStatus, TaskView } from './ports.js';
import { conflict, invalid, isRefusal, notFound, type Refusal } from './refusals.js';
import { departmentName } from './reports/labels.js';
import { workingCalendar } from './holidays.js';
import { ANSWERED_STATUSES, answerView, isOverdue, taskItem } from './views.js';
import { approvalProblem } from '../domain/sign-off.js';
import { beijingDateTime } from '../domain/time.js';
import { notifyReassigned } from './reassign-notice.js';

/**
 * What the 已答复 tab says of each answer: 有记录 / 无记录 (the department's verdict) and who
 * answered by name (the department's accounts; an external provider keeps no names here).
 */
async function answersOf(deps: UseCaseDeps & { identity?: IdentityProvider }, department: string, tasks: readonly TaskView[]) {
  const accounts =
    deps.identity === undefined || deps.identity.kind === 'external' || tasks.length === 0
      ? []
      : await departmentAccounts(deps.identity.admin, deps.repos.policies, department);
  const names = new Map(accounts.map((a) => [a.sub, a.displayName]));
  return mapLimit(tasks, 8, async (t) => {
    const stored = await deps.repos.verdicts.get(t.candidateId, department);
    const by = t.answeredBy;
    const approver = stored?.verdict.approvedBy;
    return {
      answerResult: stored?.verdict.status ?? null,
      answeredByName: by === undefined || by.kind !== 'reviewer' ? null : (names.get(by.id) ?? null),
      approvedByName: approver === undefined ? null : (names.get(approver.id) ?? null),
    };
  });
}

/** The 状态 values the policy gives a category meaning to (its window, its exceptions), in the policy's order. */
function statusesOf(category: Category): string[] {
  const own = category.window.kind === 'status' ? category.window.statuses : [];
  return [...new Set([...own, ...category.statusOverrides.flatMap((o) => o.statuses)])];
}

/**
 * The tasks of one status that match the search and filters, one page of them, with the counts of
 * every status (the inbox tabs), the filter options and whom a bulk attestation would cover.
 */
export async function inbox(
  deps: UseCaseDeps & { identity?: IdentityProvider },
  input: { caller: Caller; status: TaskStatus; department?: string; page: number; pageSize?: number } & InboxFilter,
) {
  const department = reviewingDepartment(input.caller, input.department);
  if (typeof department !== 'string') return department;
  // The open tasks (their counts feed the tabs) and the tab's own are read; the other tabs are only
  // counted, so a look at 待答复 does not read every answered task of a large campaign.
  const count = (s: TaskStatus) => (s === input.status ? undefined : deps.repos.tasks.countInbox(department, s));
  const [open, viewed, answered, overdue, cancelled] = await Promise.all([
    deps.repos.tasks.listInbox(department, 'open'),
    input.status === 'open' ? undefined : deps.repos.tasks.listInbox(department, input.status),
    count('answered'),
    count('overdue'),
    count('cancelled'),
  ]);
  // Undefined above only for the tab being viewed, whose tasks were read.
  const tab = viewed ?? open;
  const now = deps.now();
  const calendar = await workingCalendar(deps.repos);
  const listed = viewed === undefined ? open : [...open, ...viewed];
  const batches = await batchesOf(deps.repos, listed);
  const matching = await filterTasks(deps.repos, tab, input);
  const shown = pageOf(matching, input.page, input.pageSize);
  const answers = input.status === 'answered' ? await answersOf(deps, department, shown.items) : [];
  const me = input.caller.username;
  // A held answer (谁审查谁负责) waits for the approver: no statement of 无记录 covers it.
  const hintFree = input.status === 'open' ? matching.filter((t) => t.hints.length === 0 && t.held === undefined) : [];
  // What POST /reviews/attest would answer for this reviewer (attest.ts): not a colleague's task.
  const attestable = hintFree.filter((t) => !assignedToOther(t, input.caller));
  return {
    department,
    status: input.status,
    counts: {
      open: open.length,
      answered: answered ?? tab.length,
      overdue: overdue ?? tab.length,
      cancelled: cancelled ?? tab.length,
      openPastDeadline: open.filter((t) => isOverdue(t, now)).length,
      openWithoutHints: open.filter((t) => t.hints.length === 0).length,
      assignedToMe: open.filter((t) => t.assignee === me).length,
      awaitingApproval: open.filter((t) => t.held !== undefined).length,
    },
    total: matching.length,
    page: shown.page,
    pageSize: shown.pageSize,
    filters: filterOptions(listed, batches),
    attestable: {
      tasks: attestable.map((t) => ({ taskId: t.taskId, name: t.candidate.name })),
      handedOn: hintFree.length - attestable.length,
    },
    items: shown.items.map((t, i) => {
      const batch = batches.get(batchIdOf(t.candidateId) ?? '');
      return {
        ...taskItem(t, now, calendar),
        batch: batch === undefined ? null : { batchId: batch.batchId, name: batch.name },
        ...answers[i],
      };
    }),
  };
}

/** What a reviewer sees of one task: the candidate (no relatives, nothing from other departments), hints, categories. */
export async function taskCard(deps: UseCaseDeps, input: { caller: Caller; taskId: string }) {
  const task = await ownTask(deps, input.caller, input.taskId);
  if (isRefusal(task)) return task;
  const [view, stored, campaign, calendar, review] = await Promise.all([
    deps.repos.candidates.getView(task.candidateId),
    deps.repos.verdicts.get(task.candidateId, task.department),
    loadCampaign(deps.repos, task.campaignId),
    workingCalendar(deps.repos),
    deps.repos.process.departmentReview(task.campaignId, task.department),
  ]);
  if (isRefusal(campaign)) return campaign;
  if (view === undefined) return notFound('未找到该人选');
  const policy = await policyOf(deps.repos, campaign);
  const department = findDepartment(policy, task.department);
  const own = stored !== undefined && ANSWERED_STATUSES.has(stored.verdict.status) ? stored.verdict : undefined;
  return {
    task: taskItem(task, deps.now(), calendar),
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
    held:
      task.held === undefined
        ? null
        : {
            findings: task.held.findings,
            sourcesSearched: task.held.sourcesSearched,
            byUsername: task.held.byUsername,
            at: task.held.at,
            atText: beijingDateTime(task.held.at),
            canApprove: task.status === 'open' && approvalProblem(review, task.held, input.caller) === undefined,
          },
    review: { signOff: review?.signOff ?? false, sources: review?.sources ?? [] },
    categories: policy.categories.map((c) => ({
      label: c.label,
      group: c.group,
      severity: c.severity,
      description: c.description ?? null,
      suggested: department?.categories.includes(c.label) ?? false,
      statuses: statusesOf(c),
    })),
  };
}

/** The task, for a reviewer of its department or for the organization department. */
async function taskFor(deps: UseCaseDeps, caller: Caller, taskId: string): Promise<TaskView | Refusal> {
  if (!caller.orgdept) return ownTask(deps, caller, taskId);
  const ref = parseTaskId(taskId);
  const task = ref === null ? undefined : await deps.repos.tasks.get(ref.candidateId, ref.department);
  return task ?? notFound('未找到该审查任务');
}

/** The colleague by login name: an enabled reviewer of the department where accounts are listed. */
async function colleague(
  deps: UseCaseDeps & { identity: IdentityProvider },
  department: string,
  username: string,
): Promise<{ username: string; displayName: string } | Refusal> {
  const identity = deps.identity;
  if (identity.kind === 'external') return { username, displayName: username };
  const accounts = await departmentAccounts(identity.admin, deps.repos.policies, department);
  const found = enabledReviewers(accounts).find((r) => r.username === username);
  return found ?? invalid(`请求内容有误：assignee ${username} 不是本部门在用的审查员账号`, 'assignee', 'ASSIGNEE_NOT_REVIEWER');
}

/**
 * Hands an open task to a reviewer of the same department (shared/app/assignment.ts has the
 * rule). Of concurrent hand-overs one wins; the others get REASSIGN_CONFLICT.
 */
export async function reassignTask(
  deps: UseCaseDeps & { identity: IdentityProvider },
  input: { caller: Caller; taskId: string; assignee: string },
): Promise<{ taskId: string; assignee: string; assigneeName: string; reassignedAt: string } | Refusal> {
  const task = await taskFor(deps, input.caller, input.taskId);
  if (isRefusal(task)) return task;
  const notOpen = conflict('只能转交待办（未答复、未逾期）的任务', { code: 'TASK_NOT_OPEN' });
  if (task.status !== 'open') return notOpen;
  const refused = reassignRefusal(task, input.caller);
  if (refused !== undefined) return refused;
  const to = await colleague(deps, task.department, input.assignee);
  if (isRefusal(to)) return to;
  const outcome = await deps.repos.tasks.reassign(task.candidateId, task.department, {
    assignee: to.username,
    assigneeName: to.displayName,
    expectedVersion: task.assignVersion ?? 0,
  });
  if (outcome === 'notOpen') return notOpen;
  if (outcome === 'changed') return conflict('该任务刚被他人转交，请刷新后再操作', { code: 'REASSIGN_CONFLICT' });
  const at = deps.now().toISOString();
  await deps.repos.audit.append({
    candidateId: task.candidateId,
    type: 'reassigned',
    actor: actorOf(input.caller, input.caller.orgdept && !input.caller.departments.includes(task.department) ? 'orgdept' : 'reviewer'),
    at,
    data: { department: task.department, assignee: to.username },
  });
  await notifyReassigned(deps, { task, assignee: to });
  return { taskId: task.taskId, assignee: to.username, assigneeName: to.displayName, reassignedAt: at };
}
