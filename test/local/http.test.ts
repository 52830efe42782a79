// The local HTTP adapter stands in for API Gateway's HTTP API with its JWT authorizer and for
// CloudFront: these tests pin the event the handlers get, the 401s, and the static portal.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS_CHAIN_ID } from '../../shared/domain/ids.js';
import { createLocalAuth } from '../../local/auth.js';
import { startHttpAdapter, type HttpAdapter, type HttpRoute } from '../../local/http.js';
import { fastHasher, memoryAccountStore } from '../adapters/memory-accounts.js';
import { memoryRepositories } from '../adapters/memory-repositories.js';

const store = memoryAccountStore();
const repos = memoryRepositories();
const auth = createLocalAuth({ store, repos, hasher: fastHasher });
const portal = mkdtempSync(join(tmpdir(), 'lianshen-portal-'));
mkdirSync(join(portal, 'assets'));
writeFileSync(join(portal, 'index.html'), '<!doctype html><title>联审</title>');
writeFileSync(join(portal, 'assets', 'app.js'), 'console.log(1)');

const ROUTES: HttpRoute[] = [
  { method: 'GET', path: '/things/{id}', fn: 'batchesApi' },
  { method: 'GET', path: '/things/special', fn: 'recordsApi' },
  { method: 'POST', path: '/things/{id}/upload', fn: 'recordsApi' },
  { method: 'GET', path: '/boom', fn: 'orgdeptApi' },
  { method: 'POST', path: '/me/password', fn: 'accountsApi' },
];

let adapter: HttpAdapter;
const events: Array<{ fn: string; event: APIGatewayProxyEventV2WithJWTAuthorizer }> = [];
let reply: unknown = { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: '{"ok":true}' };

beforeAll(async () => {
  await auth.seedUsers([
    { username: 'township-changguo', displayName: '昌国街道', groups: ['township:changguo'], password: 'correct horse' },
    { username: 'court.one', displayName: '区法院', groups: ['department:court'], password: 'Haishan-2027' },
    { username: 'court.two', displayName: '区法院二', groups: ['department:court'], password: 'Haishan-2027' },
  ]);
  adapter = await startHttpAdapter({
    port: 0,
    trustProxy: true,
    routes: ROUTES,
    auth,
    portalDir: portal,
    invoke: async (fn, event) => {
      if (fn === 'orgdeptApi') throw new Error('handler crashed with 110101199003071234 in the message');
      events.push({ fn, event });
      return reply;
    },
  });
});

afterAll(async () => {
  await adapter.stop();
});

const token = () => auth.issueFor('township-changguo');

describe('API routes', () => {
  it('answers 401 without a valid bearer token and never invokes the handler', async () => {
    const before = events.length;
    const other = createLocalAuth({ store, repos, hasher: fastHasher });
    const attempts: Array<Record<string, string>> = [
      {},
      { authorization: 'Bearer not-a-jwt' },
      { authorization: `Bearer ${await other.issueFor('township-changguo')}` },
    ];
    for (const headers of attempts) {
      const res = await fetch(`${adapter.apiUrl}/things/abc`, { headers });
      expect(res.status).toBe(401);
    }
    expect(events.length).toBe(before);
  });

  it('hands the handler an API Gateway v2 event with the claims as the JWT authorizer passes them', async () => {
    const res = await fetch(`${adapter.apiUrl}/things/a%20b?format=xlsx&x=1`, {
      headers: { Authorization: `Bearer ${await token()}`, 'X-Custom': 'Yes' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    const { fn, event } = events[events.length - 1] ?? { fn: '', event: undefined };
    expect(fn).toBe('batchesApi');
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /things/{id}',
      rawPath: '/things/a%20b',
      rawQueryString: 'format=xlsx&x=1',
      pathParameters: { id: 'a b' },
      queryStringParameters: { format: 'xlsx', x: '1' },
      isBase64Encoded: false,
      requestContext: { routeKey: 'GET /things/{id}', stage: '$default', http: { method: 'GET', path: '/things/a%20b' } },
    });
    expect(event?.headers['x-custom']).toBe('Yes');
    const claims = event?.requestContext.authorizer.jwt.claims ?? {};
    expect(claims['cognito:groups']).toBe('[township:changguo]');
    expect(claims['token_use']).toBe('access');
    expect(claims['username']).toBe('township-changguo');
    expect(event?.requestContext.authorizer.jwt.scopes).toEqual(['lianshen/api']);
  });

  it('prefers a literal path segment over a parameter, as API Gateway does', async () => {
    await fetch(`${adapter.apiUrl}/things/special`, { headers: { authorization: `Bearer ${await token()}` } });
    expect(events[events.length - 1]?.event.routeKey).toBe('GET /things/special');
  });

  it('base64-encodes binary request bodies and decodes base64 results', async () => {
    reply = {
      statusCode: 201,
      isBase64Encoded: true,
      headers: { 'Content-Type': 'application/octet-stream' },
      body: Buffer.from('结果').toString('base64'),
    };
    const res = await fetch(`${adapter.apiUrl}/things/x/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/octet-stream' },
      body: new Uint8Array([0, 255, 1]),
    });
    expect(res.status).toBe(201);
    expect(Buffer.from(await res.arrayBuffer()).toString('utf8')).toBe('结果');
    const event = events[events.length - 1]?.event;
    expect(event?.isBase64Encoded).toBe(true);
    expect(Buffer.from(event?.body ?? '', 'base64')).toEqual(Buffer.from([0, 255, 1]));
    reply = { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: '{"ok":true}' };
  });

  it('answers an unknown route with 404 and a crashed handler with a bare 500', async () => {
    expect((await fetch(`${adapter.apiUrl}/nowhere`)).status).toBe(404);
    const res = await fetch(`${adapter.apiUrl}/boom`, { headers: { authorization: `Bearer ${await token()}` } });
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('1101');
  });

  it('says every error of its own in Chinese with a stable code, and an upload over the limit names the limit', async () => {
    const chinese = /[\u4e00-\u9fff]/;
    const notFound = await fetch(`${adapter.apiUrl}/nowhere`);
    expect(await notFound.json()).toEqual({ message: expect.stringMatching(chinese), code: 'NOT_FOUND' });
    const anonymous = await fetch(`${adapter.apiUrl}/things/abc`);
    expect(await anonymous.json()).toEqual({ message: expect.stringMatching(chinese), code: 'UNAUTHENTICATED' });
    const crashed = await fetch(`${adapter.apiUrl}/boom`, { headers: { authorization: `Bearer ${await token()}` } });
    expect(await crashed.json()).toEqual({ message: '服务器内部错误', code: 'INTERNAL_ERROR' });
    const big = await fetch(`${adapter.apiUrl}/things/abc/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ contentBase64: 'A'.repeat(11 * 1024 * 1024) }),
    });
    expect(big.status).toBe(413);
    const body: unknown = await big.json();
    expect(body).toEqual({ message: expect.stringContaining('10 MB'), code: 'PAYLOAD_TOO_LARGE' });
  });
});

/** A sign-in from a client address (the adapter trusts X-Forwarded-For here, as behind a proxy). */
function signIn(username: string, password: string, address = '198.51.100.1') {
  return fetch(`${adapter.url}/auth/login`, {
    method: 'POST',
    headers: { 'x-forwarded-for': `203.0.113.9, ${address}` },
    body: JSON.stringify({ username, password }),
  });
}

describe('local sign-in', () => {
  it('issues an access token with Cognito’s claims for the right password only', async () => {
    const bad = await signIn('township-changguo', 'wrong');
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ code: 'INVALID_CREDENTIALS', message: expect.stringContaining('用户名或密码错误') });
    const unknown = await signIn('nobody', 'correct horse');
    expect(unknown.status).toBe(401);

    const ok = await signIn('township-changguo', 'correct horse');
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { accessToken: string; groups: string[] };
    expect(body.groups).toEqual(['township:changguo']);
    const claims = decodeJwt(body.accessToken);
    expect(claims).toMatchObject({
      'cognito:groups': ['township:changguo'],
      username: 'township-changguo',
      scope: 'lianshen/api',
      token_use: 'access',
    });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(8 * 3600);

    const me = await fetch(`${adapter.url}/auth/me`, { headers: { authorization: `Bearer ${body.accessToken}` } });
    expect(await me.json()).toMatchObject({ username: 'township-changguo', groups: ['township:changguo'], passwordChangeRequired: false });
  });

  it('does not answer 35 wrong passwords in a row as usual: the account locks at the fifth, the address is throttled at the twentieth', async () => {
    const statuses: number[] = [];
    const codes: string[] = [];
    for (let i = 0; i < 35; i++) {
      const res = await signIn('court.one', `wrong-${i}`, '198.51.100.35');
      statuses.push(res.status);
      codes.push(((await res.json()) as { code: string }).code);
    }
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(new Set(statuses.slice(4, 20))).toEqual(new Set([423]));
    expect(new Set(codes.slice(4, 20))).toEqual(new Set(['ACCOUNT_LOCKED']));
    expect(new Set(statuses.slice(20))).toEqual(new Set([429]));
    expect(codes[34]).toBe('TOO_MANY_ATTEMPTS');
    // From another address: locked whatever the password, the right one too.
    const right = await signIn('court.one', 'Haishan-2027', '198.51.100.36');
    expect(right.status).toBe(423);
    expect(await right.json()).toMatchObject({ message: expect.stringContaining('联系组织部门解锁') });
    expect((await store.get('court.one'))?.locked).toBe(true);
    const locks = (await repos.audit.listByCandidate(ACCOUNTS_CHAIN_ID)).filter((e) => e.data['action'] === 'locked');
    expect(locks.map((e) => e.data['account'])).toEqual(['court.one']);
    // The throttled address gets a Retry-After; a colleague elsewhere still signs in.
    const throttled = await signIn('court.two', 'Haishan-2027', '198.51.100.35');
    expect(throttled.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await signIn('court.two', 'Haishan-2027', '198.51.100.37')).status).toBe(200);
  });

  it('ends a session at once: a token issued before the account’s sessions were ended gets 401 on the next request', async () => {
    await auth.seedUsers([{ username: 'cg.two', displayName: '昌国二', groups: ['township:changguo'], password: 'Haishan-2027' }]);
    const { accessToken } = (await (await signIn('cg.two', 'Haishan-2027', '198.51.100.50')).json()) as { accessToken: string };
    const call = () => fetch(`${adapter.apiUrl}/things/x`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect((await call()).status).toBe(200);
    await store.update('cg.two', { status: 'disabled', endSessions: true }, '2026-04-02T00:00:00.000Z');
    const ended = await call();
    expect(ended.status).toBe(401);
    expect(await ended.json()).toMatchObject({ code: 'SESSION_ENDED' });
    const disabled = await signIn('cg.two', 'Haishan-2027', '198.51.100.50');
    expect(disabled.status).toBe(403);
    expect(await disabled.json()).toMatchObject({ code: 'ACCOUNT_DISABLED' });
  });

  it('lets a token from a temporary password reach POST /me/password only', async () => {
    await auth.seedUsers([{ username: 'cg.three', displayName: '昌国三', groups: ['township:changguo'], password: 'Haishan-2027' }]);
    await store.update('cg.three', { mustChangePassword: true }, '2026-04-02T00:00:00.000Z');
    const body = (await (await signIn('cg.three', 'Haishan-2027', '198.51.100.51')).json()) as {
      accessToken: string;
      passwordChangeRequired: boolean;
    };
    expect(body.passwordChangeRequired).toBe(true);
    const headers = { authorization: `Bearer ${body.accessToken}` };
    const other = await fetch(`${adapter.apiUrl}/things/x`, { headers });
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED' });
    const before = events.length;
    expect((await fetch(`${adapter.apiUrl}/me/password`, { method: 'POST', headers, body: '{}' })).status).toBe(200);
    expect(events.at(-1)?.event.routeKey).toBe('POST /me/password');
    expect(events.length).toBe(before + 1);
  });
});

describe('the portal', () => {
  it('serves its files, falls back to index.html for client routes, and 404s missing assets', async () => {
    const home = await fetch(`${adapter.url}/`);
    expect(await home.text()).toContain('联审');
    const route = await fetch(`${adapter.url}/reviews/inbox`);
    expect(route.headers.get('content-type')).toContain('text/html');
    expect(await route.text()).toContain('联审');
    const asset = await fetch(`${adapter.url}/assets/app.js`);
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${adapter.url}/assets/missing.js`)).status).toBe(404);
    const escaped = await fetch(`${adapter.url}/..%2f..%2fetc%2fpasswd`);
    expect(await escaped.text()).not.toContain('root:');
  });
});
