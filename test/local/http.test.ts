// The local HTTP adapter stands in for API Gateway's HTTP API with its JWT authorizer and for
// CloudFront: these tests pin the event the handlers get, the 401s, and the static portal.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalAuth } from '../../local/auth.js';
import { startHttpAdapter, type HttpAdapter, type HttpRoute } from '../../local/http.js';

const auth = createLocalAuth();
const portal = mkdtempSync(join(tmpdir(), 'lianshen-portal-'));
mkdirSync(join(portal, 'assets'));
writeFileSync(join(portal, 'index.html'), '<!doctype html><title>联审</title>');
writeFileSync(join(portal, 'assets', 'app.js'), 'console.log(1)');

const ROUTES: HttpRoute[] = [
  { method: 'GET', path: '/things/{id}', fn: 'batchesApi' },
  { method: 'GET', path: '/things/special', fn: 'recordsApi' },
  { method: 'POST', path: '/things/{id}/upload', fn: 'recordsApi' },
  { method: 'GET', path: '/boom', fn: 'orgdeptApi' },
];

let adapter: HttpAdapter;
const events: Array<{ fn: string; event: APIGatewayProxyEventV2WithJWTAuthorizer }> = [];
let reply: unknown = { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: '{"ok":true}' };

beforeAll(async () => {
  await auth.seedUsers([
    { username: 'township-changguo', displayName: '昌国街道', groups: ['township:changguo'], password: 'correct horse' },
  ]);
  adapter = await startHttpAdapter({
    port: 0,
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
    const other = createLocalAuth();
    await other.seedUsers([{ username: 'township-changguo', displayName: 'x', groups: ['township:changguo'], password: 'correct horse' }]);
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

describe('local sign-in', () => {
  it('issues an access token with Cognito’s claims for the right password only', async () => {
    const bad = await fetch(`${adapter.url}/auth/login`, {
      method: 'POST',
      body: JSON.stringify({ username: 'township-changguo', password: 'wrong' }),
    });
    expect(bad.status).toBe(401);
    const unknown = await fetch(`${adapter.url}/auth/login`, {
      method: 'POST',
      body: JSON.stringify({ username: 'nobody', password: 'correct horse' }),
    });
    expect(unknown.status).toBe(401);

    const ok = await fetch(`${adapter.url}/auth/login`, {
      method: 'POST',
      body: JSON.stringify({ username: 'township-changguo', password: 'correct horse' }),
    });
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
    expect(await me.json()).toMatchObject({ username: 'township-changguo', groups: ['township:changguo'] });
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
