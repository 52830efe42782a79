// The portal's OIDC sign-in in a real browser, as it runs in AWS China: /config.json names an
// OIDC provider (here a small stand-in with discovery, authorize, token and logout), routes are
// hashes, and the roles come from attribute claims. The provider checks the PKCE verifier against
// the S256 challenge, echoes state, and issues tokens carrying the nonce. Issuers must be https,
// so the provider serves a throw-away self-signed certificate (openssl) that this browser accepts.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, launchChromium, type Page } from './browser.js';

const DIST = fileURLToPath(new URL('../../portal/dist', import.meta.url));
const UI_WAIT = 30_000;
const REALM = '/realms/county';
const CLIENT_ID = 'lianshen-portal';

interface Authorization {
  params: URLSearchParams;
  code: string;
}

let idp: Server;
let portal: Server;
let browser: Browser;
let idpOrigin = '';
let portalOrigin = '';
const authorizations: Authorization[] = [];
const tokenRequests: URLSearchParams[] = [];
const logouts: URLSearchParams[] = [];

const jwt = (claims: Record<string, unknown>) =>
  `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;

function listen(server: Server, scheme: 'http' | 'https'): Promise<string> {
  return new Promise((resolve, reject) =>
    server.listen(0, '127.0.0.1', () => {
      const address: AddressInfo | string | null = server.address();
      if (address === null || typeof address === 'string') reject(new Error('no TCP address'));
      else resolve(`${scheme}://127.0.0.1:${address.port}`);
    }),
  );
}

/** A one-day self-signed certificate for 127.0.0.1. */
function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'lianshen-idp-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  try {
    const subject = ['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'];
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1'];
    execFileSync('openssl', ['req', '-x509', ...ec, ...subject, '-keyout', key, '-out', cert], { stdio: 'ignore' });
    return { key: readFileSync(key), cert: readFileSync(cert) };
  } catch (e) {
    throw new Error(`openssl could not make the test certificate (apt-get install -y openssl): ${String(e)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** A provincial-SSO stand-in: discovery, authorization (signs the user in at once), token, logout. */
async function idpHandler(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', idpOrigin);
  const cors = { 'access-control-allow-origin': portalOrigin };
  const issuer = `${idpOrigin}${REALM}`;
  if (url.pathname === `${REALM}/.well-known/openid-configuration`) {
    json(
      res,
      200,
      {
        issuer,
        authorization_endpoint: `${issuer}/auth`,
        token_endpoint: `${issuer}/token`,
        end_session_endpoint: `${issuer}/logout`,
      },
      cors,
    );
  } else if (url.pathname === `${REALM}/auth`) {
    const code = `code-${authorizations.length + 1}`;
    authorizations.push({ params: url.searchParams, code });
    const back = new URL(url.searchParams.get('redirect_uri') ?? '');
    back.searchParams.set('code', code);
    back.searchParams.set('state', url.searchParams.get('state') ?? '');
    res.writeHead(302, { location: back.toString() });
    res.end();
  } else if (url.pathname === `${REALM}/token` && req.method === 'POST') {
    const form = new URLSearchParams(await readBody(req));
    tokenRequests.push(form);
    const grant = authorizations.find((a) => a.code === form.get('code'));
    const challenge = createHash('sha256')
      .update(form.get('code_verifier') ?? '')
      .digest('base64url');
    if (grant === undefined || grant.params.get('code_challenge') !== challenge || form.get('client_id') !== CLIENT_ID) {
      json(res, 400, { error: 'invalid_grant' }, cors);
      return;
    }
    const exp = Math.floor(Date.now() / 1000) + 3600;
    json(
      res,
      200,
      {
        token_type: 'Bearer',
        access_token: jwt({ iss: issuer, sub: 'gov-1001', preferred_username: 'wang.li', township_code: 'baiquan', exp }),
        id_token: jwt({ iss: issuer, aud: CLIENT_ID, sub: 'gov-1001', name: '王丽', nonce: grant.params.get('nonce'), exp }),
      },
      cors,
    );
  } else if (url.pathname === `${REALM}/logout`) {
    logouts.push(url.searchParams);
    res.writeHead(302, { location: url.searchParams.get('post_logout_redirect_uri') ?? '/' });
    res.end();
  } else {
    json(res, 404, { error: 'not_found' });
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

/** The portal as CloudFront China serves it: files only (no route fallback), /config.json, and an API that knows nobody. */
function portalHandler(req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', portalOrigin).pathname;
  if (path === '/config.json') {
    json(res, 200, {
      signIn: 'oidc',
      apiBase: '/api',
      routing: 'hash',
      issuer: `${idpOrigin}${REALM}`,
      clientId: CLIENT_ID,
      scope: 'openid profile',
      logoutRedirectParam: 'post_logout_redirect_uri',
      bearerToken: 'access',
      claims: { groups: 'roles', township: 'township_code' },
    });
    return;
  }
  if (path.startsWith('/api/')) {
    json(res, 404, { code: 'NOT_FOUND', message: '接口不存在' });
    return;
  }
  const file = normalize(join(DIST, path === '/' ? 'index.html' : path));
  if (!file.startsWith(DIST) || !existsSync(file)) {
    res.writeHead(403, { 'content-type': 'application/xml' });
    res.end('<Error><Code>AccessDenied</Code></Error>');
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
}

async function signIn(page: Page): Promise<void> {
  await page.getByRole('button', { name: '使用统一身份认证登录' }).click();
}

beforeAll(async () => {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('portal/dist is missing: npm run build:portal (npm run test:e2e does it)');
  idp = createHttpsServer(selfSignedCertificate(), (req, res) => {
    idpHandler(req, res).catch((e: unknown) => json(res, 500, { error: String(e) }));
  });
  portal = createServer(portalHandler);
  idpOrigin = await listen(idp, 'https');
  portalOrigin = await listen(portal, 'http');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => idp?.close(resolve));
  await new Promise((resolve) => portal?.close(resolve));
});

describe('OIDC sign-in with hash routes (AWS China hosting)', () => {
  it('signs in with code + PKCE at the configured provider and lands where the user was going, roles from attribute claims', async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    await page.goto(`${portalOrigin}/#/batches/b1`);
    await page.waitForURL((u) => u.hash.startsWith('#/login'), { timeout: UI_WAIT });
    expect(new URL(page.url()).hash).toBe(`#/login?next=${encodeURIComponent('/batches/b1')}`);

    await signIn(page);
    await page.waitForURL((u) => u.origin === portalOrigin && u.hash === '#/batches/b1', { timeout: UI_WAIT });

    expect(authorizations).toHaveLength(1);
    const asked = Object.fromEntries(authorizations[0]?.params ?? []);
    expect(asked).toMatchObject({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: `${portalOrigin}/`,
      scope: 'openid profile',
      code_challenge_method: 'S256',
    });
    expect(asked['state']?.length).toBeGreaterThan(10);
    expect(asked['nonce']?.length).toBeGreaterThan(10);
    // The provider accepted the verifier (it checks the S256 challenge) and sent no secret.
    expect(tokenRequests).toHaveLength(1);
    expect(tokenRequests[0]?.has('client_secret')).toBe(false);

    // The one-time code is gone from the address bar; the session holds the access token.
    expect(new URL(page.url()).search).toBe('');
    const token = await page.evaluate(() => sessionStorage.getItem('lianshen.session'));
    expect(token).toContain('.');
    expect(await page.getByTestId('user-name').textContent()).toBe('王丽');
    await context.close();
  });

  it('a township account (township_code claim) starts on its batches; sign-out ends the provider session too', async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    await page.goto(`${portalOrigin}/`);
    await page.waitForURL((u) => u.hash.startsWith('#/login'), { timeout: UI_WAIT });
    await signIn(page);
    await page.waitForURL((u) => u.hash === '#/batches', { timeout: UI_WAIT });

    await page.getByRole('button', { name: '退出' }).click();
    await expect.poll(() => logouts.length, { timeout: UI_WAIT }).toBe(1);
    await page.waitForURL((u) => u.origin === portalOrigin && u.hash.startsWith('#/login'), { timeout: UI_WAIT });
    expect(Object.fromEntries(logouts[0] ?? [])).toEqual({ client_id: CLIENT_ID, post_logout_redirect_uri: `${portalOrigin}/` });
    expect(await page.evaluate(() => sessionStorage.getItem('lianshen.session'))).toBeNull();
    await context.close();
  });

  it('refuses a return whose state does not match the sign-in it started', async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    await page.goto(`${portalOrigin}/?code=code-1&state=forged`);
    await page.getByText('登录未完成或已失效，请重新登录').waitFor({ timeout: UI_WAIT });
    expect(await page.evaluate(() => sessionStorage.getItem('lianshen.session'))).toBeNull();
    await context.close();
  });
});
