// The notification outbox on the in-memory store: which events notify whom, once each; what a
// unit reads; and delivery with its retries, never with a candidate's data in the SMS.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../shared/app/access.js';
import { deliverNotifications } from '../../shared/app/deliver-notifications.js';
import { countBatchProgress } from '../../shared/app/batch-progress.js';
import { batchDoneNotice } from '../../shared/app/notices.js';
import { listNotifications, markAllNotificationsRead, markNotificationRead, notify } from '../../shared/app/notifications.js';
import { openDispute } from '../../shared/app/open-dispute.js';
import type { Decision } from '../../shared/domain/model.js';
import type { NotificationSender, OutgoingMessage } from '../../shared/app/ports.js';
import { remind } from '../../shared/app/remind.js';
import { MAX_ATTEMPTS } from '../../shared/domain/notifications.js';
import { memoryIdentity, seedAccount } from '../adapters/memory-accounts.js';
import { memoryRepositories, type MemoryRepositories } from '../adapters/memory-repositories.js';
import { CAMPAIGN, seedBatch, seedCampaign, seedTask, TOWNSHIP } from '../functions/api/support.js';

const caller = (c: Partial<Caller>): Caller => ({ userId: 'u-1', username: 'u1', townships: [], departments: [], orgdept: false, ...c });
const ORGDEPT = caller({ userId: 'u-org', orgdept: true });
const PETITIONS = caller({ userId: 'u-petitions', departments: ['petitions'] });
const TOWN = caller({ userId: 'u-town', townships: [TOWNSHIP] });
const NAMES = ['王建国', '李秀英'];
const ID_NUMBERS = ['330902197008150311', '33090219820304042X'];
const log = { info: () => undefined, warn: () => undefined };

let repos: MemoryRepositories;
let clock: Date;
const now = () => clock;

/** A sender that refuses the listed phones until they are taken off the list. */
function recordingSender(failing: Set<string> = new Set()) {
  const sent: OutgoingMessage[] = [];
  const sender: NotificationSender = {
    channels: ['sms'],
    async send(message) {
      if (failing.has(message.to)) throw new Error(`gateway refused ${message.to}`);
      sent.push(message);
    },
  };
  return { sender, sent, failing };
}

async function identityWith(accounts: Array<{ username: string; role: string; phone?: string }>) {
  const identity = memoryIdentity();
  for (const a of accounts) await seedAccount(identity, a);
  return identity;
}

beforeEach(async () => {
  repos = memoryRepositories();
  clock = new Date('2026-04-10T02:00:00.000Z');
  await seedCampaign(repos);
});

describe('events that notify', () => {
  it('notifies the reminded department once per 催办, with counts and no candidate', async () => {
    const { candidateIds } = await seedBatch(repos);
    for (const id of candidateIds) await seedTask(repos, id, 'petitions');
    await remind({ repos, now }, { caller: ORGDEPT, campaignId: CAMPAIGN.id, department: 'petitions' });
    const list = await listNotifications({ repos }, { caller: PETITIONS });
    expect(list.unread).toBe(1);
    expect(list.items[0]).toMatchObject({
      kind: 'reminder',
      unit: 'department:petitions',
      link: '/reviews',
      read: false,
      delivery: '待发送',
    });
    expect(list.items[0]?.text).toContain('2 件');
    clock = new Date('2026-04-10T03:00:00.000Z');
    await remind({ repos, now }, { caller: ORGDEPT, campaignId: CAMPAIGN.id, department: 'petitions' });
    expect((await listNotifications({ repos }, { caller: PETITIONS })).unread).toBe(2);
    expect((await listNotifications({ repos }, { caller: TOWN })).items).toEqual([]);
  });

  it('never notifies the same event twice', async () => {
    const event = {
      eventKey: 'reminder:x:1',
      unit: 'orgdept',
      kind: 'reminder' as const,
      campaignId: 'c',
      title: 't',
      text: 'x',
      link: '/',
    };
    expect((await notify({ repos, now }, event)).created).toBe(true);
    expect((await notify({ repos, now }, { ...event, text: 'changed' })).created).toBe(false);
    expect((await listNotifications({ repos }, { caller: ORGDEPT })).items.map((n) => n.text)).toEqual(['x']);
  });

  it('tells the organization department of a new dispute once, without the candidate', async () => {
    const { candidateIds, batchId } = await seedBatch(repos);
    const candidateId = candidateIds[0] ?? '';
    await decide(candidateId, batchId);
    const input = { caller: TOWN, candidateId, reason: '当事人已提交新的证明材料', attachments: [] };
    expect(await openDispute({ repos, now }, input)).toHaveProperty('dispute');
    await openDispute({ repos, now }, input);
    const list = await listNotifications({ repos }, { caller: ORGDEPT });
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ kind: 'dispute', unit: 'orgdept' });
    for (const secret of [...NAMES, ...ID_NUMBERS, candidateId]) expect(JSON.stringify(list.items)).not.toContain(secret);
  });

  it('tells the township its batch is finished, by the batch name, once', async () => {
    const { candidateIds, batchId } = await seedBatch(repos);
    const deps = { repos, now, metrics: { count: () => undefined }, log };
    for (const id of [...candidateIds, candidateIds[0] ?? '']) {
      await decide(id, batchId);
      await countBatchProgress(deps, { campaignId: CAMPAIGN.id, batchId, candidateId: id });
    }
    const list = await listNotifications({ repos }, { caller: TOWN });
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ kind: 'batchDone', link: `/batches/${batchId}` });
    expect(list.items[0]?.text).toContain('第1批');
    expect(list.items[0]?.text).toContain('共 2 名人选');
  });
});

describe('what a unit reads', () => {
  it('marks one read, refuses another unit’s, and marks all read', async () => {
    const base = { kind: 'reminder' as const, campaignId: 'c', title: 't', text: 'x', link: '/reviews' };
    const a = await notify({ repos, now }, { ...base, eventKey: 'a', unit: 'department:petitions' });
    await notify({ repos, now }, { ...base, eventKey: 'b', unit: 'department:petitions' });
    const other = await notify({ repos, now }, { ...base, eventKey: 'c', unit: `township:${TOWNSHIP}` });
    expect(await markNotificationRead({ repos, now }, { caller: PETITIONS, id: other.id })).toMatchObject({ kind: 'notFound' });
    expect(await markNotificationRead({ repos, now }, { caller: PETITIONS, id: a.id })).toEqual({ id: a.id, read: true });
    expect(await markNotificationRead({ repos, now }, { caller: PETITIONS, id: a.id })).toEqual({ id: a.id, read: true });
    expect((await listNotifications({ repos }, { caller: PETITIONS })).unread).toBe(1);
    expect(await markAllNotificationsRead({ repos, now }, { caller: PETITIONS })).toEqual({ marked: 1 });
    expect((await listNotifications({ repos }, { caller: PETITIONS })).unread).toBe(0);
    expect((await listNotifications({ repos }, { caller: TOWN })).unread).toBe(1);
  });
});

describe('delivery', () => {
  it('sends to the unit’s enabled accounts with a phone, retries only the one that failed, and records each attempt', async () => {
    const identity = await identityWith([
      { username: 'police1', role: 'department:petitions', phone: '+8613800000001' },
      { username: 'police2', role: 'department:petitions', phone: '+8613800000002' },
      { username: 'police3', role: 'department:petitions' },
      { username: 'town1', role: `township:${TOWNSHIP}`, phone: '+8613800000009' },
    ]);
    const { sender, sent, failing } = recordingSender(new Set(['+8613800000002']));
    const deps = { repos, accounts: identity.admin, sender, now, log, portalUrl: 'https://lianshen.example.gov.cn/' };
    const { id } = await notify(
      { repos, now },
      {
        eventKey: 'e1',
        unit: 'department:petitions',
        kind: 'reminder',
        campaignId: 'c',
        title: '催办',
        text: '尚有 2 件',
        link: '/reviews',
      },
    );
    expect(await deliverNotifications(deps)).toEqual({ attempted: 1, sent: 0, retrying: 1, failed: 0 });
    expect(sent.map((m) => m.to)).toEqual(['+8613800000001']);
    expect(sent[0]?.text).toBe('【资格联审】尚有 2 件 https://lianshen.example.gov.cn/reviews');
    const afterFirst = (await repos.notifications.get(id))?.delivery;
    expect(afterFirst).toMatchObject({ status: '待发送', sentTo: ['police1'], nextAttemptAt: '2026-04-10T02:01:00.000Z' });
    expect(afterFirst?.attempts).toEqual([{ at: '2026-04-10T02:00:00.000Z', sent: 1, failed: 1, error: 'Error' }]);
    // Not due yet: nothing is tried.
    clock = new Date('2026-04-10T02:00:30.000Z');
    expect(await deliverNotifications(deps)).toEqual({ attempted: 0, sent: 0, retrying: 0, failed: 0 });
    failing.clear();
    clock = new Date('2026-04-10T02:01:00.000Z');
    expect(await deliverNotifications(deps)).toEqual({ attempted: 1, sent: 1, retrying: 0, failed: 0 });
    expect(sent.map((m) => m.to)).toEqual(['+8613800000001', '+8613800000002']);
    expect((await repos.notifications.get(id))?.delivery).toMatchObject({ status: '已发送', sentTo: ['police1', 'police2'] });
    expect((await listNotifications({ repos }, { caller: PETITIONS })).items[0]?.delivery).toBe('已发送');
  });

  it('retries after 1, 5, 30 and 120 minutes, then gives up as 失败', async () => {
    const identity = await identityWith([{ username: 'police1', role: 'department:petitions', phone: '+8613800000001' }]);
    const { sender } = recordingSender(new Set(['+8613800000001']));
    const deps = { repos, accounts: identity.admin, sender, now, log };
    const { id } = await notify(
      { repos, now },
      { eventKey: 'e2', unit: 'department:petitions', kind: 'overdue', campaignId: 'c', title: '逾期', text: '1 件逾期', link: '/reviews' },
    );
    const tries: string[] = [];
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) {
      const due = (await repos.notifications.get(id))?.delivery.nextAttemptAt;
      if (due !== undefined) clock = new Date(due);
      const ran = await deliverNotifications(deps);
      if (ran.attempted > 0) tries.push(clock.toISOString());
    }
    expect(tries).toEqual([
      '2026-04-10T02:00:00.000Z',
      '2026-04-10T02:01:00.000Z',
      '2026-04-10T02:06:00.000Z',
      '2026-04-10T02:36:00.000Z',
      '2026-04-10T04:36:00.000Z',
    ]);
    const delivery = (await repos.notifications.get(id))?.delivery;
    expect(delivery?.status).toBe('失败');
    expect(delivery?.attempts).toHaveLength(MAX_ATTEMPTS);
    expect(delivery?.nextAttemptAt).toBeUndefined();
  });

  it('puts no candidate name or ID number in any SMS of a 催办, a dispute or a finished batch', async () => {
    const identity = await identityWith([
      { username: 'police1', role: 'department:petitions', phone: '+8613800000001' },
      { username: 'org1', role: 'orgdept', phone: '+8613800000002' },
      { username: 'town1', role: `township:${TOWNSHIP}`, phone: '+8613800000003' },
    ]);
    const { sender, sent } = recordingSender();
    const { candidateIds, batchId } = await seedBatch(repos);
    for (const id of candidateIds) await seedTask(repos, id, 'petitions');
    await remind({ repos, now }, { caller: ORGDEPT, campaignId: CAMPAIGN.id, department: 'petitions' });
    await decide(candidateIds[0] ?? '', batchId);
    await openDispute(
      { repos, now },
      { caller: TOWN, candidateId: candidateIds[0] ?? '', reason: '王建国已提交新的证明材料', attachments: [] },
    );
    const batch = await repos.batches.get(batchId);
    if (batch === undefined) throw new Error('no batch');
    await notify({ repos, now }, await batchDoneNotice(repos, batch));
    await deliverNotifications({ repos, accounts: identity.admin, sender, now, log });
    expect(sent.map((m) => m.username).sort()).toEqual(['org1', 'police1', 'town1']);
    const texts = sent.map((m) => `${m.subject} ${m.text}`).join('\n');
    for (const secret of [...NAMES, ...ID_NUMBERS, ...candidateIds, ID_NUMBERS[0]?.slice(-4) ?? '']) expect(texts).not.toContain(secret);
  });
});

/** Stores a decision for the candidate as the workflow would (outcome cleared). */
async function decide(candidateId: string, batchId: string): Promise<void> {
  const decision: Decision = {
    campaignId: CAMPAIGN.id,
    candidateId,
    policy: { id: CAMPAIGN.policyId, version: '1.0.0' },
    referenceDate: CAMPAIGN.referenceDate,
    outcome: 'cleared',
    reasons: [],
    warnings: [],
    unanswered: [],
    decidedAt: '2026-04-09T00:00:00.000Z',
  };
  await repos.decisions.put(decision, batchId);
}
