// Notifications (通知): what a unit is told when something needs it (a 催办, a deadline, a dispute,
// a finished batch), kept in the table as an outbox and delivered by SMS, e-mail or a county's own
// gateway. The text carries counts, batch and department names and a link, never a candidate's
// name or ID number: an SMS leaves the system in clear.
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const NOTIFICATION_KINDS = [
  'reminder',
  'dueSoon',
  'overdue',
  'dispute',
  'batchDone',
  'exportReady',
  'extension',
  'reassigned',
  'recheckRequest',
] as const;
export const NotificationKind = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof NotificationKind>;

/** 待发送 until every recipient got it; 失败 once the retries are used up. */
export const DELIVERY_STATUSES = ['待发送', '已发送', '失败'] as const;
export const DeliveryStatus = z.enum(DELIVERY_STATUSES);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

export const DeliveryAttempt = z.object({
  at: z.string(),
  /** Recipients reached in this attempt. */
  sent: z.number().int().min(0),
  /** Recipients the sender refused or could not reach. */
  failed: z.number().int().min(0),
  /** The sender's error, without an address (the first one when several failed). */
  error: z.string().optional(),
});
export type DeliveryAttempt = z.infer<typeof DeliveryAttempt>;

export const NotificationDelivery = z.object({
  status: DeliveryStatus,
  attempts: z.array(DeliveryAttempt),
  /** Set while 待发送: when the next attempt is due. */
  nextAttemptAt: z.string().optional(),
  /** Login names already reached: a retry sends only to the others. */
  sentTo: z.array(z.string()),
});
export type NotificationDelivery = z.infer<typeof NotificationDelivery>;

/** The unit a notification is for, as an identity group: `orgdept`, `township:<code>`, `department:<code>`. */
export const NotificationUnit = z.string().regex(/^(orgdept|township:[^\s:]+|department:[^\s:]+)$/);

export const Notification = z.object({
  /** Derived from the event (notificationId), so the same event never notifies twice. */
  id: z.string().regex(/^[0-9a-f]{32}$/),
  unit: NotificationUnit,
  kind: NotificationKind,
  campaignId: z.string(),
  title: z.string(),
  /** What the SMS says: counts, batch names, department names; never candidate data. */
  text: z.string(),
  /** A portal path (`/reviews`); the SMS adds the portal's address in front. */
  link: z.string().startsWith('/'),
  createdAt: z.string(),
  /** Read by anyone of the unit (the unit shares its inbox). */
  readAt: z.string().optional(),
  readBy: z.string().optional(),
  delivery: NotificationDelivery,
});
export type Notification = z.infer<typeof Notification>;

/** The id of the notification an event gives: the same event key, the same id. */
export function notificationId(eventKey: string): string {
  return createHash('sha256').update(`notify\u0000${eventKey}`).digest('hex').slice(0, 32);
}

/** Minutes to wait after the 1st, 2nd, 3rd and 4th failed attempt; after the 5th it is 失败. */
export const RETRY_MINUTES: readonly number[] = [1, 5, 30, 120];
export const MAX_ATTEMPTS = RETRY_MINUTES.length + 1;
export const RETRY_SECONDS: readonly number[] = RETRY_MINUTES.map((m) => m * 60);

/**
 * The delivery after one more attempt: 已发送 when nobody is left, else another try after the
 * backoff, or 失败 when this was the last.
 */
export function afterAttempt(
  current: NotificationDelivery,
  attempt: DeliveryAttempt & { reached: readonly string[]; left: number },
  /** The waits after each failed attempt (the local stack's tests shorten them). */
  retrySeconds: readonly number[] = RETRY_SECONDS,
): NotificationDelivery {
  const { reached, left, ...recorded } = attempt;
  const attempts = [...current.attempts, recorded];
  const sentTo = [...new Set([...current.sentTo, ...reached])].sort();
  if (left === 0) return { status: '已发送', attempts, sentTo };
  const wait = retrySeconds[attempts.length - 1];
  if (wait === undefined) return { status: '失败', attempts, sentTo };
  return { status: '待发送', attempts, sentTo, nextAttemptAt: new Date(Date.parse(attempt.at) + wait * 1000).toISOString() };
}

/** A fresh outbox entry: due at once. */
export function pendingDelivery(at: string): NotificationDelivery {
  return { status: '待发送', attempts: [], sentTo: [], nextAttemptAt: at };
}

/** The SMS body: the text and, when the portal's address is known, the link. */
export function smsText(n: Pick<Notification, 'text' | 'link'>, portalUrl?: string): string {
  const link = portalUrl === undefined || portalUrl === '' ? '' : ` ${portalUrl.replace(/\/+$/, '')}${n.link}`;
  return `【资格联审】${n.text}${link}`;
}
