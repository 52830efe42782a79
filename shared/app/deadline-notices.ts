// The hourly look at the deadlines: a department is told once per campaign and due day of the
// tasks due within one working day (counted on the campaign's calendar, the 放假安排 entered or
// built in), and once per campaign and due day of the tasks that went overdue.
import type { Department } from '../domain/model.js';
import { beijingDate, beijingDay } from '../domain/time.js';
import { type HolidayCalendar, workingDaysBetween } from '../domain/working-days.js';
import { policyOf, type UseCaseDeps } from './common.js';
import { workingCalendar } from './holidays.js';
import { notify, type NotificationEvent } from './notifications.js';
import type { Log, TaskView } from './ports.js';

/** The Beijing day a task is due: its deadline is the end of that day. */
function dueDayOf(task: TaskView): string {
  return beijingDay(new Date(Date.parse(task.deadline) - 1));
}

type Bucket = 'dueSoon' | 'overdue';

/** Which notice an open or overdue task belongs to now, if any. */
export function deadlineBucket(task: TaskView, now: Date, calendar: HolidayCalendar): Bucket | undefined {
  if (task.status === 'overdue' || Date.parse(task.deadline) <= now.getTime()) return 'overdue';
  if (task.status !== 'open') return undefined;
  return workingDaysBetween(beijingDay(now), dueDayOf(task), calendar).days <= 1 ? 'dueSoon' : undefined;
}

function deadlineNotice(bucket: Bucket, campaign: { id: string; name: string }, department: Department, dueDay: string, count: number) {
  const day = beijingDate(`${dueDay}T04:00:00.000Z`);
  const event: NotificationEvent = {
    eventKey: `${bucket}:${campaign.id}:${department.code}:${dueDay}`,
    unit: `department:${department.code}`,
    kind: bucket,
    campaignId: campaign.id,
    title: bucket === 'dueSoon' ? '联审任务即将到期' : '联审任务已逾期',
    text:
      bucket === 'dueSoon'
        ? `${campaign.name}：${department.name}有 ${count} 件联审任务将于${day}到期，请在到期前办理。`
        : `${campaign.name}：${department.name}有 ${count} 件联审任务已于${day}逾期，请尽快办理并说明情况。`,
    link: '/reviews',
  };
  return event;
}

export async function noticeDeadlines(deps: Pick<UseCaseDeps, 'repos' | 'now'> & { log: Log }) {
  const { repos } = deps;
  const now = deps.now();
  const calendar = await workingCalendar(repos);
  const campaigns = await repos.campaigns.list();
  const departments = new Map<string, Department>();
  const campaignOf = new Map<string, { id: string; name: string }>();
  for (const stored of campaigns) {
    campaignOf.set(stored.campaign.id, { id: stored.campaign.id, name: stored.campaign.name });
    for (const d of (await policyOf(repos, stored)).departments) if (!departments.has(d.code)) departments.set(d.code, d);
  }
  let created = 0;
  for (const department of departments.values()) {
    const [open, late] = await Promise.all([
      repos.tasks.listInbox(department.code, 'open'),
      repos.tasks.listInbox(department.code, 'overdue'),
    ]);
    const groups = new Map<string, { bucket: Bucket; campaignId: string; dueDay: string; count: number }>();
    for (const task of [...open, ...late]) {
      const bucket = deadlineBucket(task, now, calendar);
      if (bucket === undefined || !campaignOf.has(task.campaignId)) continue;
      const dueDay = dueDayOf(task);
      const key = `${bucket}\u0000${task.campaignId}\u0000${dueDay}`;
      const group = groups.get(key) ?? { bucket, campaignId: task.campaignId, dueDay, count: 0 };
      group.count += 1;
      groups.set(key, group);
    }
    for (const g of groups.values()) {
      const campaign = campaignOf.get(g.campaignId);
      if (campaign === undefined) continue;
      if ((await notify(deps, deadlineNotice(g.bucket, campaign, department, g.dueDay, g.count))).created) created += 1;
    }
  }
  if (created > 0) deps.log.info('deadline notifications written', { created });
  return { created };
}
