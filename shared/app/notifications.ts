// The notification outbox: events write a notification for a unit (idempotent by the event's key),
// the unit reads its notifications in the portal, and deliver-notifications.ts sends them.
import { type Notification, type NotificationKind, notificationId, pendingDelivery } from '../domain/notifications.js';
import { beijingDateTime } from '../domain/time.js';
import type { Caller } from './access.js';
import type { UseCaseDeps } from './common.js';
import type { Log, Repositories } from './ports.js';
import { notFound, type Refusal } from './refusals.js';

export interface NotificationEvent {
  /** Names the event: the same key never makes a second notification. */
  eventKey: string;
  unit: string;
  kind: NotificationKind;
  campaignId: string;
  title: string;
  text: string;
  link: string;
}

/** Writes the event's notification once; `created: false` when the event was notified before. */
export async function notify(
  deps: Pick<UseCaseDeps, 'repos' | 'now'>,
  event: NotificationEvent,
): Promise<{ id: string; created: boolean }> {
  const createdAt = deps.now().toISOString();
  const { eventKey, ...rest } = event;
  const id = notificationId(eventKey);
  const notification: Notification = { id, ...rest, createdAt, delivery: pendingDelivery(createdAt) };
  const { created } = await deps.repos.notifications.create(notification);
  return { id, created };
}

/**
 * For the pipeline steps a notification must not hold up (a batch completed): a failure is
 * logged and the step goes on; the event is built inside, so a failing read is caught too.
 */
export async function notifyQuietly(
  deps: Pick<UseCaseDeps, 'repos' | 'now'> & { log: Log },
  event: () => Promise<NotificationEvent>,
): Promise<void> {
  try {
    await notify(deps, await event());
  } catch (err) {
    deps.log.warn('writing a notification failed', { error: err instanceof Error ? err.message : String(err) });
  }
}

/** The units a caller reads for: its groups. */
export function unitsOf(caller: Caller): string[] {
  return [
    ...(caller.orgdept ? ['orgdept'] : []),
    ...caller.townships.map((t) => `township:${t}`),
    ...caller.departments.map((d) => `department:${d}`),
  ];
}

/** How many a unit's list reads; older ones stay stored. */
export const NOTIFICATION_LIST_LIMIT = 200;

export function notificationView(n: Notification) {
  return {
    id: n.id,
    unit: n.unit,
    kind: n.kind,
    campaignId: n.campaignId,
    title: n.title,
    text: n.text,
    link: n.link,
    createdAt: n.createdAt,
    createdAtText: beijingDateTime(n.createdAt),
    read: n.readAt !== undefined,
    ...(n.readAt === undefined ? {} : { readAt: n.readAt }),
    delivery: n.delivery.status,
  };
}

async function unitNotifications(repos: Repositories, caller: Caller): Promise<Notification[]> {
  const lists = await Promise.all(unitsOf(caller).map((u) => repos.notifications.listByUnit(u, { limit: NOTIFICATION_LIST_LIMIT })));
  return lists
    .flat()
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id))
    .slice(0, NOTIFICATION_LIST_LIMIT);
}

/** The caller's notifications, newest first, with the unread count. */
export async function listNotifications(deps: Pick<UseCaseDeps, 'repos'>, input: { caller: Caller; unreadOnly?: boolean }) {
  const all = await unitNotifications(deps.repos, input.caller);
  const unread = all.filter((n) => n.readAt === undefined).length;
  const shown = input.unreadOnly === true ? all.filter((n) => n.readAt === undefined) : all;
  return { unread, items: shown.map(notificationView) };
}

/** Marks one of the caller's notifications read (a repeat is a no-op); another unit's is not found. */
export async function markNotificationRead(
  deps: Pick<UseCaseDeps, 'repos' | 'now'>,
  input: { caller: Caller; id: string },
): Promise<{ id: string; read: true } | Refusal> {
  const found = await deps.repos.notifications.get(input.id);
  if (found === undefined || !unitsOf(input.caller).includes(found.unit)) return notFound('未找到该通知');
  await deps.repos.notifications.markRead(found.id, deps.now().toISOString(), input.caller.userId);
  return { id: found.id, read: true };
}

/** Marks every unread notification of the caller's units read. */
export async function markAllNotificationsRead(deps: Pick<UseCaseDeps, 'repos' | 'now'>, input: { caller: Caller }) {
  const at = deps.now().toISOString();
  let marked = 0;
  for (const n of await unitNotifications(deps.repos, input.caller)) {
    if (n.readAt === undefined && (await deps.repos.notifications.markRead(n.id, at, input.caller.userId))) marked += 1;
  }
  return { marked };
}
