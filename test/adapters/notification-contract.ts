// The notification outbox's part of the repository contract (called from repository-contract.ts).
import { expect, it } from 'vitest';
import { afterAttempt, type Notification, notificationId, pendingDelivery } from '../../shared/domain/notifications.js';
import type { Repositories } from '../../shared/app/ports.js';

function sample(eventKey: string, unit: string, createdAt: string): Notification {
  return {
    id: notificationId(eventKey),
    unit,
    kind: 'reminder',
    campaignId: 'c1',
    title: '催办',
    text: '组织部门催办：尚有 3 件未办结',
    link: '/reviews',
    createdAt,
    delivery: pendingDelivery(createdAt),
  };
}

export function notificationContract(subject: () => { repos: Repositories; other(): Repositories }): void {
  it('creates a notification once per event and lists a unit newest first', async () => {
    const { repos } = subject();
    const first = sample('contract:1', 'department:contract-gaj', '2026-11-30T01:00:00.000Z');
    const second = sample('contract:2', 'department:contract-gaj', '2026-11-30T02:00:00.000Z');
    expect(await repos.notifications.create(first)).toEqual({ created: true });
    expect(
      await subject()
        .other()
        .notifications.create({ ...first, text: '别的' }),
    ).toEqual({ created: false });
    expect(await repos.notifications.create(second)).toEqual({ created: true });
    await repos.notifications.create(sample('contract:3', 'township:contract-t', '2026-11-30T03:00:00.000Z'));
    expect((await repos.notifications.listByUnit('department:contract-gaj')).map((n) => n.id)).toEqual([second.id, first.id]);
    expect(await repos.notifications.listByUnit('department:contract-gaj', { limit: 1 })).toEqual([second]);
    expect(await repos.notifications.get(first.id)).toEqual(first);
  });

  it('lists the pending notifications whose attempt is due, and records an attempt only once', async () => {
    const { repos } = subject();
    const id = notificationId('contract:1');
    const due = await repos.notifications.listDue('2026-11-30T01:30:00.000Z');
    expect(due.map((n) => n.id)).toContain(id);
    expect(due.map((n) => n.id)).not.toContain(notificationId('contract:2'));
    const stored = await repos.notifications.get(id);
    if (stored === undefined) throw new Error('missing');
    const retry = afterAttempt(stored.delivery, {
      at: '2026-11-30T01:30:00.000Z',
      sent: 0,
      failed: 1,
      error: 'Error',
      reached: [],
      left: 1,
    });
    expect(await repos.notifications.recordDelivery(id, 0, retry)).toBe(true);
    expect(await subject().other().notifications.recordDelivery(id, 0, retry)).toBe(false);
    expect((await repos.notifications.listDue('2026-11-30T01:30:30.000Z')).map((n) => n.id)).not.toContain(id);
    expect((await repos.notifications.listDue('2026-11-30T01:31:00.000Z')).map((n) => n.id)).toContain(id);
    const sent = afterAttempt(retry, { at: '2026-11-30T01:31:00.000Z', sent: 1, failed: 0, reached: ['gaj1'], left: 0 });
    expect(await repos.notifications.recordDelivery(id, 1, sent)).toBe(true);
    expect((await repos.notifications.listDue('2026-12-30T00:00:00.000Z')).map((n) => n.id)).not.toContain(id);
    expect((await repos.notifications.get(id))?.delivery).toMatchObject({ status: '已发送', sentTo: ['gaj1'] });
  });

  it('marks a notification read once', async () => {
    const { repos } = subject();
    const id = notificationId('contract:2');
    expect(await repos.notifications.markRead(id, '2026-11-30T04:00:00.000Z', 'u-gaj')).toBe(true);
    expect(await subject().other().notifications.markRead(id, '2026-11-30T05:00:00.000Z', 'u-other')).toBe(false);
    expect(await repos.notifications.markRead(notificationId('contract:none'), '2026-11-30T05:00:00.000Z', 'u-gaj')).toBe(false);
    expect(await repos.notifications.get(id)).toMatchObject({ readAt: '2026-11-30T04:00:00.000Z', readBy: 'u-gaj' });
  });
}
