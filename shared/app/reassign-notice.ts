// 转办: when a task is handed to a colleague, the department's unit is told whom, by display name,
// and how many open tasks that colleague now holds; never the candidate.
import { loadCampaign, policyOf, type UseCaseDeps } from './common.js';
import { notify } from './notifications.js';
import type { TaskView } from './ports.js';
import { isRefusal } from './refusals.js';
import { departmentName } from './reports/labels.js';

export async function notifyReassigned(
  deps: UseCaseDeps,
  input: { task: TaskView; assignee: { username: string; displayName: string } },
): Promise<void> {
  const { task, assignee } = input;
  const campaign = await loadCampaign(deps.repos, task.campaignId);
  if (isRefusal(campaign)) return;
  const name = departmentName(await policyOf(deps.repos, campaign), task.department);
  const held = (await deps.repos.tasks.listInbox(task.department, 'open')).filter((t) => t.assignee === assignee.username).length;
  await notify(deps, {
    // One per hand-over: the task's assignment version the reassign moved past.
    eventKey: `reassigned:${task.candidateId}:${task.department}:${(task.assignVersion ?? 0) + 1}`,
    unit: `department:${task.department}`,
    kind: 'reassigned',
    campaignId: task.campaignId,
    title: '任务转办',
    text: `${name}有 1 件联审任务已转交给 ${assignee.displayName} 经办（${campaign.campaign.name}），${assignee.displayName} 现有待办任务 ${held} 件，请及时办理。`,
    link: '/reviews',
  });
}
