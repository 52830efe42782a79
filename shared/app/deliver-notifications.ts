// Delivers the outbox: every 待发送 notification whose attempt is due goes to the enabled accounts
// of its unit, by SMS to those with a phone and by e-mail to those with an address, as far as the
// sender has those channels; each attempt is recorded, a failure retried
// after 1, 5, 30 and 120 minutes, then 失败 (shared/domain/notifications.ts).
import { afterAttempt, type Notification, smsText } from '../domain/notifications.js';
import type { Account, Log, NotificationSender, OutgoingMessage, Repositories } from './ports.js';

export interface DeliverDeps {
  repos: Pick<Repositories, 'notifications'>;
  /** The accounts of a unit (IdentityAdmin.listByRole): the unit is the account's group. */
  accounts: { listByRole(role: string): Promise<Account[]> };
  sender: NotificationSender;
  now: () => Date;
  log: Log;
  /** The portal's address, put in front of the link. */
  portalUrl?: string;
  /** The waits after each failed attempt; default 1, 5, 30, 120 minutes. */
  retrySeconds?: readonly number[];
}

export interface DeliverResult {
  attempted: number;
  sent: number;
  retrying: number;
  failed: number;
}

/** How many one run takes on; the rest wait for the next run. */
export const DELIVERY_BATCH = 100;

export async function deliverNotifications(deps: DeliverDeps): Promise<DeliverResult> {
  const result: DeliverResult = { attempted: 0, sent: 0, retrying: 0, failed: 0 };
  const due = await deps.repos.notifications.listDue(deps.now().toISOString(), { limit: DELIVERY_BATCH });
  for (const n of due) {
    const status = await deliverOne(deps, n);
    if (status === undefined) continue;
    result.attempted += 1;
    if (status === '已发送') result.sent += 1;
    else if (status === '失败') result.failed += 1;
    else result.retrying += 1;
  }
  return result;
}

/** Without a message: the sender's error names no address (an address is personal data). */
function errorText(err: unknown): string {
  return err instanceof Error ? err.name : 'Error';
}

/** What an account has been sent on a channel, in `sentTo`: the login name for SMS (as before e-mail), `name#email` for e-mail. */
function sentKey(username: string, channel: OutgoingMessage['channel']): string {
  return channel === 'sms' ? username : `${username}#email`;
}

async function deliverOne(deps: DeliverDeps, n: Notification) {
  const accounts = (await deps.accounts.listByRole(n.unit)).filter((a) => a.status === 'enabled');
  const at = deps.now().toISOString();
  const text = smsText(n, deps.portalUrl);
  // One message per account and channel the sender has an address for, not sent on an earlier attempt.
  const messages = accounts.flatMap((a) =>
    deps.sender.channels.flatMap((channel) => {
      const to = channel === 'sms' ? a.phone : a.email;
      const key = sentKey(a.username, channel);
      if (to === undefined || n.delivery.sentTo.includes(key)) return [];
      const message: OutgoingMessage = { channel, to, username: a.username, subject: n.title, text, notificationId: n.id };
      return [{ key, message }];
    }),
  );
  const reached: string[] = [];
  let error: string | undefined;
  for (const { key, message } of messages) {
    try {
      await deps.sender.send(message);
      reached.push(key);
    } catch (err) {
      error ??= errorText(err);
    }
  }
  const left = messages.length - reached.length;
  const delivery = afterAttempt(
    n.delivery,
    {
      at,
      sent: reached.length,
      failed: left,
      ...(error === undefined ? {} : { error }),
      reached,
      left,
    },
    deps.retrySeconds,
  );
  if (!(await deps.repos.notifications.recordDelivery(n.id, n.delivery.attempts.length, delivery))) return undefined;
  if (delivery.status !== '已发送')
    deps.log.warn('notification delivery failed', { id: n.id, kind: n.kind, status: delivery.status, error });
  return delivery.status;
}
