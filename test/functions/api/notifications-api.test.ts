// The notification routes through the accounts function: a caller sees its own units'
// notifications with the unread count, marks one or all read, and never reaches another unit's.
import { beforeEach, describe, expect, it } from 'vitest';
import { createAccountsApi } from '../../../shared/adapters/http/accounts-routes.js';
import { notify } from '../../../shared/app/notifications.js';
import type { NotificationList } from '../../../shared/api/notifications.js';
import type { MemoryRepositories } from '../../adapters/memory-repositories.js';
import { checkedByContract, type ApiHandler } from './contract.js';
import { bodyOf, claimsFor, httpEvent, lambdaContext } from './http-events.js';
import { apiDeps, NOW, seedCampaign, TOWNSHIP } from './support.js';

let repos: MemoryRepositories;
let api: ApiHandler;
const COURT = claimsFor(['department:court'], 'u-court');
const TOWN = claimsFor([`township:${TOWNSHIP}`], 'u-town');
const call = (routeKey: string, claims: Record<string, string | string[]>, opts: { id?: string; query?: Record<string, string> } = {}) =>
  api(
    httpEvent({
      routeKey,
      claims,
      ...(opts.id === undefined ? {} : { pathParameters: { id: opts.id } }),
      ...(opts.query === undefined ? {} : { query: opts.query }),
    }),
    lambdaContext,
  );

const base = { kind: 'reminder' as const, campaignId: 'c2026', title: '组织部门催办', text: '尚有 2 件联审任务未办理', link: '/reviews' };
let courtIds: string[];
let townId: string;

beforeEach(async () => {
  const deps = apiDeps();
  repos = deps.repos;
  await seedCampaign(repos);
  api = checkedByContract(createAccountsApi(deps));
  const now = () => NOW;
  courtIds = [
    (await notify({ repos, now }, { ...base, eventKey: 'r1', unit: 'department:court' })).id,
    (await notify({ repos, now }, { ...base, eventKey: 'r2', unit: 'department:court' })).id,
  ];
  townId = (await notify({ repos, now }, { ...base, kind: 'batchDone', eventKey: 'b1', unit: `township:${TOWNSHIP}`, link: '/batches/b1' }))
    .id;
});

describe('GET /notifications', () => {
  it('lists the caller’s units’ notifications with the unread count, in Beijing time', async () => {
    const res = await call('GET /notifications', COURT);
    expect(res.statusCode).toBe(200);
    const body = bodyOf(res) as NotificationList;
    expect(body.unread).toBe(2);
    expect(body.items.map((n) => n.id).sort()).toEqual([...courtIds].sort());
    expect(body.items[0]).toMatchObject({
      unit: 'department:court',
      read: false,
      delivery: '待发送',
      createdAtText: '2026年4月10日 10:00',
    });
    const town = bodyOf(await call('GET /notifications', TOWN)) as NotificationList;
    expect(town.items.map((n) => n.id)).toEqual([townId]);
  });
});

describe('POST /notifications/{id}/read and /notifications/read-all', () => {
  it('marks one read, then the rest, and lists only the unread on request', async () => {
    const [first = ''] = courtIds;
    const res = await call('POST /notifications/{id}/read', COURT, { id: first });
    expect(res.statusCode).toBe(200);
    expect(bodyOf(res)).toEqual({ id: first, read: true });
    const unread = bodyOf(await call('GET /notifications', COURT, { query: { unread: 'true' } })) as NotificationList;
    expect(unread.unread).toBe(1);
    expect(unread.items.map((n) => n.id)).not.toContain(first);
    expect(bodyOf(await call('POST /notifications/read-all', COURT))).toEqual({ marked: 1 });
    expect((bodyOf(await call('GET /notifications', COURT)) as NotificationList).unread).toBe(0);
    expect((bodyOf(await call('GET /notifications', TOWN)) as NotificationList).unread).toBe(1);
  });

  it('answers 404 for another unit’s notification and leaves it unread', async () => {
    const res = await call('POST /notifications/{id}/read', COURT, { id: townId });
    expect(res.statusCode).toBe(404);
    expect((await repos.notifications.get(townId))?.readAt).toBeUndefined();
  });

  it('answers 400 for an id that is not a notification id', async () => {
    expect((await call('POST /notifications/{id}/read', COURT, { id: 'not-an-id' })).statusCode).toBe(400);
  });
});

describe('the organization department’s own review department', () => {
  it('brings its notices to the orgdept accounts, and no other department’s', async () => {
    const own = (await notify({ repos, now: () => NOW }, { ...base, eventKey: 'o1', unit: 'department:organisation' })).id;
    const body = bodyOf(await call('GET /notifications', claimsFor(['orgdept'], 'u-org'))) as NotificationList;
    expect(body.items.map((n) => n.id)).toEqual([own]);
  });
});
