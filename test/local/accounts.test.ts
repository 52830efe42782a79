// Accounts on the in-memory local stack, through its HTTP API only (DynamoDB Local keeps the
// accounts, the real scrypt hashes, the accountsApi handler module): a fresh stack has exactly one
// organization-department account whose first sign-in must change the password; the organization
// department creates accounts; disabling one ends its session on the very next request; and 35
// wrong passwords in a row lock the account (an audit event) until the organization department
// unlocks it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../cli/helpers.js';
import { AccountList, AuditTrail, CreatedAccount } from '../../shared/api/index.js';
import { ensureFirstAccount } from '../../shared/app/accounts/first-account.js';
import { localIdentityAdmin } from '../../shared/adapters/identity/local.js';
import { startStack, type Stack } from '../../local/stack.js';
import { firstAccountLines } from '../../cli/lib/start.js';

let stack: Stack;
let firstPassword = '';
/** Where the stack writes stack.json and its signing key: what `lianshen users --data-dir` finds. */
const dataDir = mkdtempSync(join(tmpdir(), 'lianshen-accounts-'));

beforeAll(async () => {
  // trustProxy: each step signs in from its own address (X-Forwarded-For), so the per-address
  // throttle of the lockout step cannot spill into the others.
  stack = await startStack({ mode: 'memory', dataDir, trustProxy: true, log: () => undefined });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

async function signIn(username: string, password: string, address: string) {
  const res = await fetch(`${stack.urls.http}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ username, password }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function api(token: string, method: 'GET' | 'POST', path: string, body?: unknown) {
  const res = await fetch(`${stack.urls.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text === '' ? null : JSON.parse(text)) as unknown };
}

/** Signs in with a temporary password, changes it, and signs in again with the new one. */
async function firstSignIn(username: string, temporary: string, next: string, address: string): Promise<string> {
  const first = await signIn(username, temporary, address);
  expect(first.body).toMatchObject({ passwordChangeRequired: true });
  const limited = String(first.body['accessToken']);
  const refused = await api(limited, 'GET', '/batches');
  expect(refused.status).toBe(403);
  expect(refused.body).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED' });
  const changed = await api(limited, 'POST', '/me/password', { currentPassword: temporary, newPassword: next });
  expect(changed).toMatchObject({ status: 200, body: { signInAgain: true } });
  // The change ended every session, the one it was made with too.
  expect((await api(limited, 'POST', '/me/password', { currentPassword: next, newPassword: `${next}x` })).body).toMatchObject({
    code: 'SESSION_ENDED',
  });
  const again = await signIn(username, next, address);
  expect(again.body).toMatchObject({ passwordChangeRequired: false });
  return String(again.body['accessToken']);
}

let orgToken = '';

describe('accounts on the local stack', () => {
  it('a fresh stack has no demo account, and the first start creates exactly one organization-department account', async () => {
    expect((await signIn('orgdept', 'lianshen-demo', '10.1.0.1')).status).toBe(401);
    const lines = await firstAccountLines(stack);
    const passwordLine = lines.find((l) => l.trim().startsWith('一次性密码')) ?? '';
    firstPassword = passwordLine.split(/\s+/).at(-1) ?? '';
    expect(firstPassword).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
    expect(lines.join('\n')).toContain(stack.urls.http);
    // A second start: there are accounts, nothing is created.
    const admin = localIdentityAdmin(stack.auth.store, stack.auth.hasher);
    expect(await ensureFirstAccount({ repos: stack.repos, now: () => new Date(), admin })).toBeUndefined();
    expect((await firstAccountLines(stack)).join('\n')).not.toContain('一次性密码');
    expect((await admin.list()).map((a) => [a.username, a.role, a.mustChangePassword])).toEqual([['orgdept', 'orgdept', true]]);
  });

  it('the first sign-in must change the one-time password before anything else works', async () => {
    orgToken = await firstSignIn('orgdept', firstPassword, 'Dinghai-Org-2027', '10.1.0.2');
    const list = AccountList.parse((await api(orgToken, 'GET', '/accounts')).body);
    expect(list.accounts.map((a) => [a.username, a.mustChangePassword])).toEqual([['orgdept', false]]);
  });

  it('disabling an account ends its session on the very next request', async () => {
    const campaign = await api(orgToken, 'POST', '/campaigns', {
      id: 'acc-2027',
      name: '账号测试换届',
      jurisdiction: '测试县',
      policyId: 'dinghai-2017',
      electionDate: '2027-03-28',
      townships: [{ code: 'baiquan', name: '白泉镇' }],
    });
    expect(campaign.status).toBe(201);
    const created = await api(orgToken, 'POST', '/accounts', {
      username: 'bq.wang',
      displayName: '王丽',
      phone: '13812345678',
      role: 'township:baiquan',
    });
    expect(created.status).toBe(201);
    const { initialPassword } = CreatedAccount.parse(created.body);
    const township = await firstSignIn('bq.wang', initialPassword, 'Baiquan-Wang-2027', '10.1.0.3');
    expect((await api(township, 'GET', '/batches')).status).toBe(200);

    expect((await api(orgToken, 'POST', '/accounts/bq.wang/disable')).status).toBe(200);
    const after = await api(township, 'GET', '/batches');
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ code: 'SESSION_ENDED' });
    expect((await signIn('bq.wang', 'Baiquan-Wang-2027', '10.1.0.3')).body).toMatchObject({ code: 'ACCOUNT_DISABLED' });
    expect((await api(orgToken, 'POST', '/accounts/bq.wang/enable')).status).toBe(200);
    expect((await signIn('bq.wang', 'Baiquan-Wang-2027', '10.1.0.3')).status).toBe(200);
  });

  it('35 wrong passwords in a row are not all answered as usual: the account locks, with an audit event, until unlocked', async () => {
    const created = await api(orgToken, 'POST', '/accounts', {
      username: 'court.li',
      displayName: '李审',
      phone: '13912345678',
      role: 'department:court',
    });
    const { initialPassword } = CreatedAccount.parse(created.body);
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) statuses.push((await signIn('court.li', `Wrong-guess-${i}`, '10.1.0.35')).status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(4);
    expect(statuses[4]).toBe(423);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    // The right password from elsewhere: still locked.
    const right = await signIn('court.li', initialPassword, '10.1.0.36');
    expect(right).toMatchObject({ status: 423, body: { code: 'ACCOUNT_LOCKED' } });

    const trail = AuditTrail.parse((await api(orgToken, 'GET', '/accounts/audit')).body);
    expect(trail.verification.ok).toBe(true);
    const locked = trail.events.filter((e) => e.type === 'account' && e.data.action === 'locked');
    expect(locked.map((e) => [e.actor.kind, e.type === 'account' ? e.data.account : ''])).toEqual([['system', 'court.li']]);
    expect(JSON.stringify(trail)).not.toContain(initialPassword);

    const list = AccountList.parse((await api(orgToken, 'GET', '/accounts?department=court')).body);
    expect(list.accounts.map((a) => [a.username, a.locked])).toEqual([['court.li', true]]);
    expect((await api(orgToken, 'POST', '/accounts/court.li/unlock')).status).toBe(200);
    expect((await signIn('court.li', initialPassword, '10.1.0.36')).body).toMatchObject({ passwordChangeRequired: true });
  });
});

const cli = (argv: string[]) => run(argv, dataDir);

describe('lianshen users against the running local stack', () => {
  it('adds an account and prints its one-time password once, lists, resets and unlocks', async () => {
    const add = await cli([
      'users',
      'add',
      '--data-dir',
      dataDir,
      '--username',
      'court.zhao',
      '--name',
      '赵审',
      '--phone',
      '13712345678',
      '--role',
      'department:court',
    ]);
    expect(add.code, add.stderr).toBe(0);
    const password = /一次性密码：(\S+)/.exec(add.stdout)?.[1] ?? '';
    expect(password).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
    expect((await signIn('court.zhao', password, '10.2.0.1')).body).toMatchObject({ passwordChangeRequired: true });

    const list = await cli(['users', 'list', '--data-dir', dataDir, '--department', 'court', '--json']);
    const accounts = AccountList.parse(JSON.parse(list.stdout)).accounts;
    expect(accounts.map((a) => a.username)).toEqual(['court.li', 'court.zhao']);
    expect(list.stdout).not.toContain(password);
    const table = await cli(['users', 'list', '--data-dir', dataDir]);
    expect(table.stdout).toContain('赵审');

    const reset = await cli(['users', 'reset', 'court.zhao', '--data-dir', dataDir]);
    const fresh = /一次性密码：(\S+)/.exec(reset.stdout)?.[1] ?? '';
    expect(fresh).not.toBe(password);
    expect((await signIn('court.zhao', password, '10.2.0.2')).status).toBe(401);
    expect((await signIn('court.zhao', fresh, '10.2.0.2')).status).toBe(200);

    const trail = AuditTrail.parse((await api(orgToken, 'GET', '/accounts/audit')).body);
    const byCli = trail.events.filter((e) => e.actor.id === 'local-lianshen-cli').map((e) => (e.type === 'account' ? e.data.action : ''));
    expect(byCli).toEqual(['created', 'password_reset']);
  });

  it('talks to an API URL with a token, and prints the API’s refusal with its code (exit 1)', async () => {
    const token = await stack.auth.issueToken({ username: 'someone', groups: ['orgdept'] });
    const disabled = await cli(['users', 'disable', 'court.zhao', '--api', stack.urls.api, '--token', token]);
    expect(disabled.code, disabled.stderr).toBe(0);
    expect(disabled.stdout).toContain('已停用');
    const again = await cli(['users', 'unlock', 'court.zhao', '--api', stack.urls.api, '--token', token]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('ACCOUNT_NOT_LOCKED');
    const township = await stack.auth.issueToken({ username: 'tw', groups: ['township:baiquan'] });
    const forbidden = await cli(['users', 'list', '--api', stack.urls.api, '--token', township]);
    expect(forbidden.code).toBe(1);
    expect(forbidden.stderr).toContain('仅限组织部门');
  });

  it('says what to do when no stack runs for the data folder (exit 2)', async () => {
    const none = await cli(['users', 'list', '--data-dir', mkdtempSync(join(tmpdir(), 'lianshen-none-'))]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('npm start');
  });
});
