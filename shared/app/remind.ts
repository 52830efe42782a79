// The organization department reminds a department of its open and overdue tasks; the reminder
// is recorded on the campaign's chain (the dashboard counts them).
import { campaignChainId } from '../domain/ids.js';
import type { Caller } from './access.js';
import { actorOf, findDepartment, loadCampaign, policyOf, type UseCaseDeps } from './common.js';
import { invalid, isRefusal } from './refusals.js';
import { reminderNotice } from './notices.js';
import { notify } from './notifications.js';

export async function remind(deps: UseCaseDeps, input: { caller: Caller; campaignId: string; department: string }) {
  const { repos } = deps;
  const stored = await loadCampaign(repos, input.campaignId);
  if (isRefusal(stored)) return stored;
  const department = findDepartment(await policyOf(repos, stored), input.department);
  if (department === undefined) return invalid('请求内容有误：department 不是本政策的部门', 'department');
  const [open, late] = await Promise.all([
    repos.tasks.listInbox(department.code, 'open'),
    repos.tasks.listInbox(department.code, 'overdue'),
  ]);
  const openTasks = open.filter((t) => t.campaignId === input.campaignId).length;
  const overdueTasks = late.filter((t) => t.campaignId === input.campaignId).length;
  const at = deps.now().toISOString();
  const { event } = await repos.audit.append({
    candidateId: campaignChainId(input.campaignId),
    type: 'reminded',
    actor: actorOf(input.caller, 'orgdept'),
    at,
    data: { department: department.code, openTasks, overdueTasks },
  });
  // The department's accounts are told (deliver-notifications.ts sends it).
  await notify(
    deps,
    reminderNotice({
      campaignId: input.campaignId,
      campaignName: stored.campaign.name,
      department,
      openTasks,
      overdueTasks,
      eventRef: event === undefined ? at : String(event.seq),
    }),
  );
  return { department: department.code, name: department.name, remindedAt: at, remindedBy: input.caller.userId, openTasks, overdueTasks };
}
