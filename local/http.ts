// The local HTTP adapter: what API Gateway (HTTP API, JWT authorizer) and CloudFront do in AWS.
// API routes live under /api (the portal calls its own origin there); each request becomes an
// API Gateway v2 event for the SAME handler module that runs in Lambda. /auth/* is the local
// stand-in for Cognito sign-in. Anything else is the portal's static build, when present.
import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { z } from 'zod';
import type { FunctionName } from '../functions/manifest.js';
import { API_SCOPE, authorizerClaims, hasScope, type AccessClaims, type LocalAuth, type LoginResult } from './auth.js';
import { LOCAL_ACCOUNT } from './env.js';
import { acceptLocalUpload, LOCAL_UPLOAD_PATH } from '../shared/adapters/uploads/local.js';
import { LOCAL_EXPORT_PATH, serveLocalExport } from '../shared/adapters/exports/local.js';
import { attachmentHeader } from '../shared/adapters/exports/s3.js';
import { MAX_UPLOAD_BYTES as UPLOAD_LIMIT } from '../shared/api/common.js';

export const API_PREFIX = '/api';
/** API Gateway's payload limit. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** A file put to an upload ticket: API Gateway and Lambda limits do not apply to S3. */
const MAX_UPLOAD_BYTES = UPLOAD_LIMIT;

export interface HttpRoute {
  method: string;
  /** Path template with `{param}` segments, as in the HTTP API's route keys. */
  path: string;
  fn: FunctionName;
}

export interface HttpAdapterOptions {
  port: number;
  host?: string;
  routes: readonly HttpRoute[];
  /** Invokes the function's handler in-process with a Lambda-like context; rejects when it throws. */
  invoke: (fn: FunctionName, event: APIGatewayProxyEventV2WithJWTAuthorizer) => Promise<unknown>;
  auth: LocalAuth;
  /** Folder with the portal's build (index.html); served when it exists. */
  portalDir?: string;
  /** Where files put to upload tickets go (`PUT /local-uploads/<id>`, shared/adapters/uploads/local.ts). */
  uploads?: { dir: string; secret: string };
  /** Where export files are (`GET /local-exports/<jobId>/<name>`, shared/adapters/exports/local.ts). */
  exports?: { dir: string; secret: string };
  /** Where handler crashes are reported (no personal data: only the error's name and stack). */
  onError?: (where: string, err: unknown) => void;
  /**
   * Behind a reverse proxy (TLS termination on the county's server), the client's address is the
   * last X-Forwarded-For entry, which the proxy appends; without one, the connection's. Never
   * trust the header when the port is reachable without the proxy.
   */
  trustProxy?: boolean;
}

export interface HttpAdapter {
  url: string;
  apiUrl: string;
  port: number;
  server: Server;
  stop(): Promise<void>;
}

interface CompiledRoute extends HttpRoute {
  routeKey: string;
  segments: string[];
}

const LoginBody = z.object({ username: z.string().trim().min(1).max(128), password: z.string().min(1).max(256) });

/** The one route a token issued with a temporary password may call. */
const PASSWORD_CHANGE_ROUTE = 'POST /me/password';

/** What the sign-in answers, in Chinese with a stable code (the portal shows the message). */
function loginReply(result: Exclude<LoginResult, { kind: 'signedIn' }>): {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
} {
  switch (result.kind) {
    case 'wrongPassword':
      return { status: 401, body: { code: 'INVALID_CREDENTIALS', message: '用户名或密码错误；连续输错 5 次账号将被锁定' } };
    case 'locked':
      return { status: 423, body: { code: 'ACCOUNT_LOCKED', message: '连续输错密码次数过多，账号已锁定：请联系组织部门解锁' } };
    case 'disabled':
      return { status: 403, body: { code: 'ACCOUNT_DISABLED', message: '账号已停用：如需使用请联系组织部门' } };
    case 'throttled':
      return {
        status: 429,
        body: {
          code: 'TOO_MANY_ATTEMPTS',
          message: `登录尝试过于频繁，请 ${Math.ceil(result.retryAfterSeconds / 60)} 分钟后再试`,
          retryAfterSeconds: result.retryAfterSeconds,
        },
        headers: { 'retry-after': String(result.retryAfterSeconds) },
      };
  }
}

export async function startHttpAdapter(opts: HttpAdapterOptions): Promise<HttpAdapter> {
  // Like API Gateway, a literal segment wins over a {param} in the same place.
  const params = (r: CompiledRoute) => r.segments.map((s) => (s.startsWith('{') ? '1' : '0')).join('');
  const routes: CompiledRoute[] = opts.routes
    .map((r) => ({ ...r, routeKey: `${r.method} ${r.path}`, segments: r.path.split('/').filter((s) => s !== '') }))
    .sort((a, b) => params(a).localeCompare(params(b)));
  const portalDir = opts.portalDir && existsSync(join(opts.portalDir, 'index.html')) ? resolve(opts.portalDir) : undefined;

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (err instanceof BodyTooLarge) {
        if (!res.headersSent)
          send(res, 413, {
            message: `请求内容超过上限：请求 ${MAX_BODY_BYTES / 1024 / 1024} MB 以内（放在请求中的文件约 7.5 MB），经上传地址的文件 ${MAX_UPLOAD_BYTES / 1_000_000} MB 以内。请把名单拆成几批上传。`,
            code: 'PAYLOAD_TOO_LARGE',
          });
        return;
      }
      opts.onError?.('http', err);
      if (!res.headersSent) send(res, 500, { message: '服务器内部错误', code: 'INTERNAL_ERROR' });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname;
    if (method === 'OPTIONS') return preflight(req, res);
    cors(req, res);

    if (path === '/auth/login' && method === 'POST') return login(req, res);
    if (path === '/auth/me' && method === 'GET') {
      const claims = await session(req);
      if ('status' in claims) return send(res, claims.status, claims.body);
      return send(res, 200, {
        sub: claims.sub,
        username: claims.username,
        groups: claims['cognito:groups'],
        expiresAt: new Date(claims.exp * 1000).toISOString(),
        passwordChangeRequired: !hasScope(claims, API_SCOPE),
      });
    }
    if (method === 'PUT' && path.startsWith(LOCAL_UPLOAD_PATH) && opts.uploads) {
      // What S3 is for a presigned PUT on AWS: the bytes, checked against the ticket's signature.
      const body = await readBody(req, MAX_UPLOAD_BYTES);
      const uploadId = path.slice(LOCAL_UPLOAD_PATH.length);
      const result = await acceptLocalUpload(opts.uploads, { uploadId, query: url.searchParams, body, now: new Date() });
      if (result.status === 200) return send(res, 200, { uploadId });
      return send(res, result.status, { message: result.message, code: 'UPLOAD_REFUSED' });
    }
    if (method === 'GET' && path.startsWith(LOCAL_EXPORT_PATH) && opts.exports) {
      // What S3 is for a presigned GET on AWS: the file, if the link's signature holds and has not expired.
      const result = await serveLocalExport(opts.exports, { path, query: url.searchParams, now: new Date() });
      if (result.status !== 200) return send(res, result.status, { message: result.message, code: 'DOWNLOAD_REFUSED' });
      res.writeHead(200, {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-length': String(result.bytes.byteLength),
        'content-disposition': attachmentHeader(result.name),
        'cache-control': 'no-store',
      });
      res.end(result.bytes);
      return;
    }
    if (path === API_PREFIX || path.startsWith(`${API_PREFIX}/`)) {
      return api(req, res, method, path.slice(API_PREFIX.length) || '/', url);
    }
    if ((method === 'GET' || method === 'HEAD') && portalDir) return staticFile(res, portalDir, path);
    return send(res, 404, { message: '接口或页面不存在', code: 'NOT_FOUND' });
  }

  async function login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      return send(res, 400, { code: 'BAD_JSON', message: '请求内容不是有效的 JSON' });
    }
    const body = LoginBody.safeParse(parsed);
    if (!body.success) return send(res, 400, { code: 'CREDENTIALS_REQUIRED', message: '请输入用户名和密码' });
    const result = await opts.auth.login({ ...body.data, address: clientAddress(req) });
    if (result.kind !== 'signedIn') {
      const reply = loginReply(result);
      return send(res, reply.status, reply.body, reply.headers);
    }
    return send(res, 200, {
      accessToken: result.accessToken,
      tokenType: 'Bearer',
      expiresIn: result.expiresIn,
      username: result.account.username,
      displayName: result.account.displayName,
      groups: [result.account.role],
      passwordChangeRequired: result.passwordChangeRequired,
    });
  }

  function clientAddress(req: IncomingMessage): string {
    const peer = req.socket.remoteAddress ?? 'unknown';
    if (opts.trustProxy !== true) return peer;
    const forwarded = String(req.headers['x-forwarded-for'] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    return forwarded.at(-1) ?? peer;
  }

  /** A verified token whose session still stands, or the error to send. */
  async function session(req: IncomingMessage): Promise<AccessClaims | { status: number; body: Record<string, string> }> {
    const claims = await bearer(req);
    if (!claims) return { status: 401, body: { message: '未登录或登录已过期，请重新登录', code: 'UNAUTHENTICATED' } };
    if ((await opts.auth.session(claims)) === 'ended') {
      return {
        status: 401,
        body: { code: 'SESSION_ENDED', message: '登录已失效（账号被停用、密码被重置或已退出全部登录），请重新登录' },
      };
    }
    return claims;
  }

  async function bearer(req: IncomingMessage): Promise<AccessClaims | null> {
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    return m?.[1] ? opts.auth.verify(m[1]) : null;
  }

  async function api(req: IncomingMessage, res: ServerResponse, method: string, path: string, url: URL): Promise<void> {
    const segments = path.split('/').filter((s) => s !== '');
    let matched: { route: CompiledRoute; params: Record<string, string> } | undefined;
    for (const route of routes) {
      if (route.method !== method || route.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (const [i, part] of route.segments.entries()) {
        const seg = segments[i] ?? '';
        const name = /^\{(.+)\}$/.exec(part)?.[1];
        if (name) params[name] = safeDecode(seg);
        else if (part !== seg) ok = false;
        if (!ok) break;
      }
      if (ok) {
        matched = { route, params };
        break;
      }
    }
    // API Gateway answers unknown routes with 404 before any authorizer runs.
    if (!matched) return send(res, 404, { message: '接口或页面不存在', code: 'NOT_FOUND' });
    const claims = await session(req);
    if ('status' in claims) return send(res, claims.status, claims.body);
    // A first sign-in with a temporary password may do one thing: change it.
    if (!hasScope(claims, API_SCOPE) && matched.route.routeKey !== PASSWORD_CHANGE_ROUTE) {
      return send(res, 403, { code: 'PASSWORD_CHANGE_REQUIRED', message: '请先修改初始密码（或被重置的密码），再使用系统' });
    }

    const body = await readBody(req);
    const contentType = String(req.headers['content-type'] ?? '');
    const textual = body.length === 0 || isTextual(contentType);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
    }
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
    const now = new Date();
    const rawQueryString = url.search.startsWith('?') ? url.search.slice(1) : '';
    const event: APIGatewayProxyEventV2WithJWTAuthorizer = {
      version: '2.0',
      routeKey: matched.route.routeKey,
      rawPath: path,
      rawQueryString,
      headers,
      ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
      ...(Object.keys(matched.params).length > 0 ? { pathParameters: matched.params } : {}),
      ...(body.length > 0 ? { body: textual ? body.toString('utf8') : body.toString('base64') } : {}),
      isBase64Encoded: !textual,
      requestContext: {
        accountId: LOCAL_ACCOUNT,
        apiId: 'local',
        authorizer: {
          principalId: '',
          integrationLatency: 0,
          jwt: { claims: authorizerClaims(claims), scopes: claims.scope.split(' ').filter((s) => s !== '') },
        },
        domainName: headers['host'] ?? 'localhost',
        domainPrefix: 'local',
        http: {
          method,
          path,
          protocol: `HTTP/${req.httpVersion}`,
          sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId: randomUUID(),
        routeKey: matched.route.routeKey,
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
      },
    };

    let result: unknown;
    try {
      result = await opts.invoke(matched.route.fn, event);
    } catch (err) {
      opts.onError?.(matched.route.fn, err);
      return send(res, 500, { message: '服务器内部错误', code: 'INTERNAL_ERROR' });
    }
    return sendResult(res, result);
  }

  function cors(req: IncomingMessage, res: ServerResponse): void {
    const origin = req.headers.origin;
    // Only local origins (a portal dev server on another port).
    if (origin && /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/.test(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
    }
  }

  function preflight(req: IncomingMessage, res: ServerResponse): void {
    cors(req, res);
    res.setHeader('Access-Control-Allow-Methods', 'GET,POST,PUT,OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', 'authorization,content-type,idempotency-key');
    res.setHeader('Access-Control-Max-Age', '600');
    res.statusCode = 204;
    res.end();
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : opts.port;
  const url = `http://${connectHost(opts.host ?? '127.0.0.1')}:${port}`;
  return {
    url,
    apiUrl: `${url}${API_PREFIX}`,
    port,
    server,
    stop: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** Where a client on this machine reaches a server listening on `host` (a wildcard means every address). */
export function connectHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

const StructuredResult = z.object({
  statusCode: z.number().int(),
  headers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  body: z.string().optional(),
  isBase64Encoded: z.boolean().optional(),
  cookies: z.array(z.string()).optional(),
});

/** The HTTP API's payload 2.0 response rules: a result without statusCode is a 200 JSON body. */
function sendResult(res: ServerResponse, result: unknown): void {
  const structured = StructuredResult.safeParse(result);
  if (!structured.success) {
    const text = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(text);
    return;
  }
  const r = structured.data;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = String(v);
  res.writeHead(r.statusCode, headers);
  if (r.cookies) res.setHeader('set-cookie', r.cookies);
  const body = r.body ?? '';
  res.end(r.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

function isTextual(contentType: string): boolean {
  const ct = contentType.toLowerCase();
  return (
    ct.startsWith('text/') || ct.includes('json') || ct.includes('xml') || ct.includes('x-www-form-urlencoded') || ct.includes('javascript')
  );
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new BodyTooLarge('请求内容过大'));
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/** Static files of the portal build; unknown paths fall back to index.html (client-side routes). */
function staticFile(res: ServerResponse, root: string, urlPath: string): void {
  const rel = normalize(safeDecode(urlPath)).replace(/^([/\\])+/, '');
  let file = join(root, rel);
  if (!file.startsWith(root + sep) && file !== root) {
    send(res, 404, { message: '接口或页面不存在', code: 'NOT_FOUND' });
    return;
  }
  if (!existsSync(file) || !statSync(file).isFile()) {
    // A missing asset is a real 404; a missing page is a client-side route.
    if (extname(rel) !== '' && extname(rel) !== '.html') {
      send(res, 404, { message: '接口或页面不存在', code: 'NOT_FOUND' });
      return;
    }
    file = join(root, 'index.html');
  }
  const type = MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const immutable = file.includes(`${sep}assets${sep}`);
  res.writeHead(200, { 'content-type': type, 'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache' });
  createReadStream(file).pipe(res);
}
