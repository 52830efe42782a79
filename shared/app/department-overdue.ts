// The organization department's read-only view of one late department (from the dashboard): its
// tasks of the campaign past their deadline (open past it, or timed out) and its 催办 history. The
// department inbox is for the department's own reviewers (reviewingDepartment), so this reads the
// same tasks without making orgdept a reviewer.
import { auditDepartment, AUDIT_DATA } from '../domain/audit/events.js';
import { campaignChainId } from '../domain/ids.js';
import { batchIdOf } from '../domain/ids.js';
import { type Caller, orgdeptOnly } from './access.js';
import { findDepartment, loadCampaign, policyOf, type UseCaseDeps } from './common.js';
import { workingCalendar } from './holidays.js';
import { batchesOf } from './inbox-query.js';
import { invalid, isRefusal, type Refusal } from './refusals.js';
import { isOverdue, taskItem } from './views.js';

export async function departmentOverdue(deps: UseCaseDeps, input: { caller: Caller; campaignId: string; department: string }) {
  const denied: Refusal | undefined = orgdeptOnly(input.caller);
  if (denied !== undefined) return denied;
  const { repos } = deps;
  const stored = await loadCampaign(repos, input.campaignId);
  if (isRefusal(stored)) return stored;
  const department = findDepartment(await policyOf(repos, stored), input.department);
  if (department === undefined) return invalid('请求内容有误：该部门不是本政策的部门', 'code', 'DEPARTMENT_UNKNOWN');
  const now = deps.now();
  const [open, late, calendar, events] = await Promise.all([
    repos.tasks.listInbox(department.code, 'open'),
    repos.tasks.listInbox(department.code, 'overdue'),
    workingCalendar(repos),
    repos.audit.listByCandidate(campaignChainId(input.campaignId)),
  ]);
  const mine = [...late, ...open.filter((t) => isOverdue(t, now))].filter((t) => t.campaignId === input.campaignId);
  // The longest-waiting first, as the dashboard ranks departments.
  mine.sort((a, b) => a.deadline.localeCompare(b.deadline) || a.candidate.name.localeCompare(b.candidate.name, 'zh'));
  const batches = await batchesOf(repos, mine);
  const reminders = events
    .filter((e) => e.type === 'reminded' && auditDepartment(e.data) === department.code)
    .map((e) => {
      const data = AUDIT_DATA.reminded.parse(e.data);
      return { at: e.at, by: e.actor.id, openTasks: data.openTasks, overdueTasks: data.overdueTasks };
    })
    .reverse();
  return {
    campaignId: input.campaignId,
    department: department.code,
    name: department.name,
    generatedAt: now.toISOString(),
    tasks: mine.map((t) => {
      const batch = batches.get(batchIdOf(t.candidateId) ?? '');
      return { ...taskItem(t, now, calendar), batch: batch === undefined ? null : { batchId: batch.batchId, name: batch.name } };
    }),
    /** Newest first. */
    reminders,
  };
}
