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
import { authorizerClaims, type AccessClaims, type LocalAuth } from './auth.js';
import { LOCAL_ACCOUNT } from './env.js';

export const API_PREFIX = '/api';
/** API Gateway's payload limit. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

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
  /** Where handler crashes are reported (no personal data: only the error's name and stack). */
  onError?: (where: string, err: unknown) => void;
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

const LoginBody = z.object({ username: z.string().trim().min(1), password: z.string().min(1) });

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
        if (!res.headersSent) send(res, 413, { message: 'Request Entity Too Large' });
        return;
      }
      opts.onError?.('http', err);
      if (!res.headersSent) send(res, 500, { message: 'Internal Server Error' });
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
      const claims = await bearer(req);
      if (!claims) return send(res, 401, { message: 'Unauthorized' });
      return send(res, 200, {
        sub: claims.sub,
        username: claims.username,
        groups: claims['cognito:groups'],
        expiresAt: new Date(claims.exp * 1000).toISOString(),
      });
    }
    if (path === API_PREFIX || path.startsWith(`${API_PREFIX}/`)) {
      return api(req, res, method, path.slice(API_PREFIX.length) || '/', url);
    }
    if ((method === 'GET' || method === 'HEAD') && portalDir) return staticFile(res, portalDir, path);
    return send(res, 404, { message: 'Not Found' });
  }

  async function login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      return send(res, 400, { message: '请求内容不是有效的 JSON' });
    }
    const body = LoginBody.safeParse(parsed);
    if (!body.success) return send(res, 400, { message: '请输入用户名和密码' });
    const result = await opts.auth.login(body.data.username, body.data.password);
    if (!result) return send(res, 401, { message: '用户名或密码错误' });
    return send(res, 200, {
      accessToken: result.accessToken,
      tokenType: 'Bearer',
      expiresIn: result.expiresIn,
      username: result.user.username,
      displayName: result.user.displayName,
      groups: result.user.groups,
    });
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
    if (!matched) return send(res, 404, { message: 'Not Found' });
    const claims = await bearer(req);
    if (!claims) return send(res, 401, { message: 'Unauthorized' });

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
      return send(res, 500, { message: 'Internal Server Error' });
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
  const url = `http://${opts.host ?? '127.0.0.1'}:${port}`;
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

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
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

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge('Request body too large'));
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
    send(res, 404, { message: 'Not Found' });
    return;
  }
  if (!existsSync(file) || !statSync(file).isFile()) {
    // A missing asset is a real 404; a missing page is a client-side route.
    if (extname(rel) !== '' && extname(rel) !== '.html') {
      send(res, 404, { message: 'Not Found' });
      return;
    }
    file = join(root, 'index.html');
  }
  const type = MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const immutable = file.includes(`${sep}assets${sep}`);
  res.writeHead(200, { 'content-type': type, 'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache' });
  createReadStream(file).pipe(res);
}
