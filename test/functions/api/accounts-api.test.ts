// The accounts routes on the local identity provider (the memory store with the local admin the
// stack uses): the organization department manages accounts, every action is on the accounts
// chain without a password, the temporary password is in one response only, and an external
// OIDC provider's deployment answers every account route with a stable code.
import { beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNTS_CHAIN_ID } from '../../../shared/domain/ids.js';
import { passwordProblem } from '../../../shared/domain/accounts.js';
import { createAccountsApi } from '../../../shared/adapters/http/accounts-routes.js';
import { type memoryIdentity, seedAccount } from '../../adapters/memory-accounts.js';
import type { MemoryRepositories } from '../../adapters/memory-repositories.js';
import { checkedByContract, type ApiHandler } from './contract.js';
import { bodyOf, claimsFor, httpEvent, lambdaContext } from './http-events.js';
import { apiDeps, seedCampaign } from './support.js';

let repos: MemoryRepositories;
let identity: ReturnType<typeof memoryIdentity>;
let api: ApiHandler;

const ORG = claimsFor(['orgdept'], 'org-admin');
const call = (
  routeKey: string,
  opts: { id?: string; body?: unknown; claims?: Record<string, string | string[]>; query?: Record<string, string> } = {},
) =>
  api(
    httpEvent({
      routeKey,
      claims: opts.claims ?? ORG,
      ...(opts.id === undefined ? {} : { pathParameters: { id: opts.id } }),
      ...(opts.body === undefined ? {} : { body: opts.body }),
      ...(opts.query === undefined ? {} : { query: opts.query }),
    }),
    lambdaContext,
  );

const NEW_TOWNSHIP = { username: 'wang.li', displayName: '王丽', phone: '138 1234 5678', role: 'township:changguo' };

beforeEach(async () => {
  const deps = apiDeps();
  repos = deps.repos;
  identity = deps.identity;
  await seedCampaign(repos);
  api = checkedByContract(createAccountsApi(deps));
});

async function accountEvents() {
  return repos.audit.listByCandidate(ACCOUNTS_CHAIN_ID);
}

describe('POST /accounts', () => {
  it('keeps an e-mail address for notices, lower-cased, and refuses a malformed one on its field', async () => {
    const res = await call('POST /accounts', { body: { ...NEW_TOWNSHIP, email: ' Wang.Li@DingHai.gov.cn ' } });
    expect(res.statusCode).toBe(201);
    expect(bodyOf(res)).toMatchObject({ account: { username: 'wang.li', email: 'wang.li@dinghai.gov.cn' } });
    expect((await identity.store.get('wang.li'))?.email).toBe('wang.li@dinghai.gov.cn');
    const bad = await call('POST /accounts', { body: { ...NEW_TOWNSHIP, username: 'zhou.bo', email: 'zhou.bo@' } });
    expect(bad.statusCode).toBe(400);
    expect(bodyOf(bad)).toMatchObject({ field: 'email', code: 'EMAIL_INVALID' });
    expect(JSON.stringify(await accountEvents())).not.toContain('dinghai.gov.cn');
  });

  it('creates the account with a temporary password shown once, which the first sign-in must change', async () => {
    const res = await call('POST /accounts', { body: NEW_TOWNSHIP });
    expect(res.statusCode).toBe(201);
    const body = bodyOf(res) as { account: Record<string, unknown>; initialPassword: string; notice: string };
    expect(body.account).toMatchObject({
      username: 'wang.li',
      role: 'township:changguo',
      phone: '+8613812345678',
      mustChangePassword: true,
    });
    expect(passwordProblem(body.initialPassword, { username: 'wang.li' })).toBeNull();
    expect(body.initialPassword).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
    expect(body.notice).toContain('只显示这一次');
    const stored = await identity.store.get('wang.li');
    expect(stored?.passwordHash).not.toContain(body.initialPassword);
    expect(await identity.hasher.verify(body.initialPassword, stored?.passwordHash)).toBe(true);

    const list = await call('GET /accounts');
    expect(JSON.stringify(bodyOf(list))).not.toContain(body.initialPassword);
    expect(JSON.stringify(bodyOf(list))).not.toMatch(/passwordHash|sessionVersion/);
    const events = await accountEvents();
    expect(events.map((e) => [e.type, e.data['action'], e.data['account'], e.actor])).toEqual([
      ['account', 'created', 'wang.li', { kind: 'orgdept', id: 'org-admin' }],
    ]);
    expect(JSON.stringify(events)).not.toContain(body.initialPassword);
    expect(JSON.stringify(events)).not.toContain('13812345678');
    expect(JSON.stringify(events)).not.toContain('王丽');
  });

  it('allows several accounts per township and department, but each login name once', async () => {
    expect((await call('POST /accounts', { body: NEW_TOWNSHIP })).statusCode).toBe(201);
    expect((await call('POST /accounts', { body: { ...NEW_TOWNSHIP, username: 'zhou.bo' } })).statusCode).toBe(201);
    expect((await call('POST /accounts', { body: { ...NEW_TOWNSHIP, username: 'li.court', role: 'department:court' } })).statusCode).toBe(
      201,
    );
    const again = await call('POST /accounts', { body: { ...NEW_TOWNSHIP, displayName: '另一个人' } });
    expect(again.statusCode).toBe(409);
    expect(bodyOf(again)).toMatchObject({ code: 'ACCOUNT_EXISTS', field: 'username' });
    expect((await identity.store.get('wang.li'))?.displayName).toBe('王丽');
  });

  it('refuses bad fields with the field and a stable code, and writes nothing', async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ phone: '0580-2012345' }, 'phone', 'PHONE_INVALID'],
      [{ role: 'township:白泉' }, 'role', 'ROLE_INVALID'],
      [{ role: 'township:nowhere' }, 'role', 'TOWNSHIP_UNKNOWN'],
      [{ role: 'department:nothing' }, 'role', 'DEPARTMENT_UNKNOWN'],
      [{ username: '王丽' }, 'username', 'USERNAME_INVALID'],
      [{ displayName: '王\u202e丽' }, 'displayName', 'TEXT_BIDI_CONTROL'],
    ];
    for (const [change, field, code] of cases) {
      const res = await call('POST /accounts', { body: { ...NEW_TOWNSHIP, ...change } });
      expect(res.statusCode, JSON.stringify(change)).toBe(400);
      expect(bodyOf(res)).toMatchObject({ field, code });
      expect((bodyOf(res) as { message: string }).message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(identity.store.accounts.size).toBe(0);
    expect(await accountEvents()).toEqual([]);
  });

  it('is for the organization department only', async () => {
    const res = await call('POST /accounts', { body: NEW_TOWNSHIP, claims: claimsFor(['township:changguo']) });
    expect(res.statusCode).toBe(403);
    expect((await call('GET /accounts', { claims: claimsFor(['department:court']) })).statusCode).toBe(403);
  });
});

describe('GET /accounts', () => {
  it('lists accounts, filtered by role, township, department and status', async () => {
    await seedAccount(identity, { username: 'org.one', role: 'orgdept' });
    await seedAccount(identity, { username: 'cg.one', role: 'township:changguo' });
    await seedAccount(identity, { username: 'dt.one', role: 'township:duting' });
    await seedAccount(identity, { username: 'court.one', role: 'department:court' });
    await identity.store.update('court.one', { status: 'disabled' }, '2026-04-02T00:00:00.000Z');
    const names = async (query: Record<string, string> = {}) =>
      (bodyOf(await call('GET /accounts', { query })) as { accounts: Array<{ username: string }> }).accounts.map((a) => a.username);
    expect(await names()).toEqual(['court.one', 'org.one', 'cg.one', 'dt.one']);
    expect(await names({ role: 'township' })).toEqual(['cg.one', 'dt.one']);
    expect(await names({ township: 'duting' })).toEqual(['dt.one']);
    expect(await names({ department: 'court' })).toEqual(['court.one']);
    expect(await names({ status: 'enabled' })).toEqual(['org.one', 'cg.one', 'dt.one']);
    const body = bodyOf(await call('GET /accounts')) as { provider: string; passwordPolicy: string };
    expect(body.provider).toBe('local');
    expect(body.passwordPolicy).toContain('10');
  });
});

describe('POST /accounts/{id}/…', () => {
  beforeEach(async () => {
    await seedAccount(identity, { username: 'court.one', role: 'department:court' });
  });

  it('disable ends every session at once and enable lets the account sign in again', async () => {
    const res = await call('POST /accounts/{id}/disable', { id: 'court.one' });
    expect(res.statusCode).toBe(200);
    expect(bodyOf(res)).toMatchObject({ account: { status: 'disabled' }, temporaryPassword: null });
    expect((bodyOf(res) as { notice: string }).notice).toContain('立即失效');
    expect((await identity.store.get('court.one'))?.sessionVersion).toBe(2);
    const enabled = await call('POST /accounts/{id}/enable', { id: 'court.one' });
    expect(bodyOf(enabled)).toMatchObject({ account: { status: 'enabled' } });
    expect((await accountEvents()).map((e) => e.data['action'])).toEqual(['disabled', 'enabled']);
  });

  it('reset gives a new temporary password once, ends sessions and lifts a lock', async () => {
    await identity.store.lock('court.one', '2026-04-02T00:00:00.000Z');
    const res = await call('POST /accounts/{id}/reset', { id: 'court.one' });
    expect(res.statusCode).toBe(200);
    const body = bodyOf(res) as { temporaryPassword: string; account: { mustChangePassword: boolean; locked: boolean } };
    expect(body.account).toMatchObject({ mustChangePassword: true, locked: false });
    const stored = await identity.store.get('court.one');
    expect(await identity.hasher.verify(body.temporaryPassword, stored?.passwordHash)).toBe(true);
    expect(await identity.hasher.verify('Haishan-2027', stored?.passwordHash)).toBe(false);
    expect(stored?.sessionVersion).toBe(2);
    expect(JSON.stringify(await accountEvents())).not.toContain(body.temporaryPassword);
  });

  it('unlock lifts a lock after wrong passwords, and says when there is none', async () => {
    const none = await call('POST /accounts/{id}/unlock', { id: 'court.one' });
    expect(none.statusCode).toBe(409);
    expect(bodyOf(none)).toMatchObject({ code: 'ACCOUNT_NOT_LOCKED' });
    await identity.store.recordFailure('court.one', '2026-04-02T00:00:00.000Z');
    await identity.store.lock('court.one', '2026-04-02T00:00:00.000Z');
    const res = await call('POST /accounts/{id}/unlock', { id: 'court.one' });
    expect(bodyOf(res)).toMatchObject({ account: { locked: false } });
    expect((await identity.store.get('court.one'))?.failedAttempts).toBe(0);
  });

  it('sign-out ends every session', async () => {
    await call('POST /accounts/{id}/sign-out', { id: 'court.one' });
    await call('POST /accounts/{id}/sign-out', { id: 'court.one' });
    expect((await identity.store.get('court.one'))?.sessionVersion).toBe(3);
    expect((await accountEvents()).map((e) => e.data['action'])).toEqual(['signed_out', 'signed_out']);
  });

  it('says which account is missing, and will not disable the caller’s own account', async () => {
    const missing = await call('POST /accounts/{id}/disable', { id: 'nobody' });
    expect(missing.statusCode).toBe(404);
    expect(bodyOf(missing)).toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
    await seedAccount(identity, { username: 'org.self', role: 'orgdept' });
    const own = await call('POST /accounts/{id}/disable', { id: 'org.self', claims: claimsFor(['orgdept'], 'org.self') });
    expect(own.statusCode).toBe(409);
    expect(bodyOf(own)).toMatchObject({ code: 'OWN_ACCOUNT' });
  });
});

describe('POST /me/password', () => {
  let self: Record<string, string | string[]>;

  beforeEach(async () => {
    const seeded = await seedAccount(identity, { username: 'cg.one', role: 'township:changguo', mustChangePassword: true });
    self = { ...claimsFor(['township:changguo'], seeded.sub), 'cognito:username': 'cg.one' };
  });

  const change = (currentPassword: string, newPassword: string) =>
    call('POST /me/password', { body: { currentPassword, newPassword }, claims: self });

  it('changes the password under the policy and ends every session', async () => {
    const res = await change('Haishan-2027', 'Baiquan-2028x');
    expect(res.statusCode).toBe(200);
    expect(bodyOf(res)).toMatchObject({ changed: true, signInAgain: true });
    const stored = await identity.store.get('cg.one');
    expect(stored).toMatchObject({ mustChangePassword: false, sessionVersion: 2 });
    expect(await identity.hasher.verify('Baiquan-2028x', stored?.passwordHash)).toBe(true);
    const [event] = await accountEvents();
    expect(event).toMatchObject({ actor: { kind: 'township' }, data: { action: 'password_changed', account: 'cg.one' } });
    expect(JSON.stringify(event)).not.toContain('Baiquan');
  });

  it('refuses a new password that breaks the policy, naming the rule', async () => {
    for (const [password, code] of [
      ['short1A', 'PASSWORD_TOO_SHORT'],
      ['alllowercase', 'PASSWORD_TOO_SIMPLE'],
      ['cg.one-Haishan1', 'PASSWORD_IS_USERNAME'],
      ['Password@123', 'PASSWORD_TOO_COMMON'],
      ['Haishan-2027', 'PASSWORD_UNCHANGED'],
    ]) {
      const res = await change('Haishan-2027', password ?? '');
      expect(res.statusCode, password).toBe(400);
      expect(bodyOf(res)).toMatchObject({ field: 'newPassword', code });
    }
    expect((await identity.store.get('cg.one'))?.sessionVersion).toBe(1);
  });

  it('counts a wrong current password towards the lock', async () => {
    for (let i = 0; i < 4; i++) {
      const res = await change('wrong-Password-1', 'Baiquan-2028x');
      expect(bodyOf(res)).toMatchObject({ field: 'currentPassword', code: 'PASSWORD_WRONG' });
    }
    const fifth = await change('wrong-Password-1', 'Baiquan-2028x');
    expect(fifth.statusCode).toBe(403);
    expect(bodyOf(fifth)).toMatchObject({ code: 'ACCOUNT_LOCKED' });
    expect((await identity.store.get('cg.one'))?.locked).toBe(true);
    expect((await change('Haishan-2027', 'Baiquan-2028x')).statusCode).toBe(403);
    expect((await accountEvents()).map((e) => [e.data['action'], e.data['failedAttempts'], e.actor.kind])).toEqual([
      ['locked', 5, 'system'],
    ]);
  });
});

describe('GET /accounts/audit', () => {
  it('is the accounts chain, verified, and empty before anything happened', async () => {
    const empty = bodyOf(await call('GET /accounts/audit')) as { events: unknown[]; verification: { ok: boolean } };
    expect(empty).toMatchObject({ events: [], verification: { ok: true } });
    await call('POST /accounts', { body: NEW_TOWNSHIP });
    await call('POST /accounts/{id}/sign-out', { id: 'wang.li' });
    const trail = bodyOf(await call('GET /accounts/audit')) as {
      events: Array<{ data: { action: string } }>;
      verification: { ok: boolean };
    };
    expect(trail.events.map((e) => e.data.action)).toEqual(['created', 'signed_out']);
    expect(trail.verification.ok).toBe(true);
  });
});

describe('with an external OIDC provider', () => {
  it('answers every account route that the provider keeps the accounts, with a stable code', async () => {
    const deps = { ...apiDeps(repos), identity: { kind: 'external' as const } };
    const external = checkedByContract(createAccountsApi(deps));
    for (const [routeKey, extra] of [
      ['GET /accounts', {}],
      ['POST /accounts', { body: NEW_TOWNSHIP }],
      ['POST /accounts/{id}/disable', { pathParameters: { id: 'wang.li' } }],
      ['POST /accounts/{id}/reset', { pathParameters: { id: 'wang.li' } }],
    ] as const) {
      const res = await external(httpEvent({ routeKey, claims: ORG, ...extra }), lambdaContext);
      expect(res.statusCode, routeKey).toBe(409);
      expect(bodyOf(res)).toMatchObject({ code: 'ACCOUNTS_MANAGED_EXTERNALLY' });
      expect((bodyOf(res) as { message: string }).message).toContain('统一身份认证平台');
    }
    const own = await external(
      httpEvent({ routeKey: 'POST /me/password', claims: ORG, body: { currentPassword: 'a', newPassword: 'b' } }),
      lambdaContext,
    );
    expect(bodyOf(own)).toMatchObject({ code: 'PASSWORD_MANAGED_BY_PROVIDER' });
  });
});
