// The scheduled notification job: the deadline look (hourly) and the delivery of the outbox (every
// minute on AWS, so the first retry after 1 minute is kept); the local stack runs both on a timer.
import { noticeDeadlines } from './deadline-notices.js';
import { type DeliverDeps, type DeliverResult, deliverNotifications } from './deliver-notifications.js';
import type { NotificationSender } from './ports.js';

export type NotificationJob = 'deadlines' | 'deliver' | 'all';

export async function runNotificationJob(
  deps: Omit<DeliverDeps, 'sender' | 'repos'> & {
    repos: Parameters<typeof noticeDeadlines>[0]['repos'];
    sender: NotificationSender | undefined;
  },
  job: NotificationJob,
): Promise<{ created: number } & DeliverResult> {
  const created = job === 'deliver' ? 0 : (await noticeDeadlines(deps)).created;
  const none: DeliverResult = { attempted: 0, sent: 0, retrying: 0, failed: 0 };
  // Without a sender (NOTIFY_SENDER=none) notifications stay in the portal, 待发送.
  if (job === 'deadlines' || deps.sender === undefined) return { created, ...none };
  return { created, ...(await deliverNotifications({ ...deps, sender: deps.sender })) };
}
