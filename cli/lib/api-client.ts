// A small client for the lianshen HTTP API as the local stack serves it: sign in at /auth/login,
// then call /api/... with the bearer token. Used by the seed, `lianshen vet`, the tests and the
// benchmark — everything goes through the same routes the portal uses.
import { z } from 'zod';

export class ApiCallError extends Error {
  override name = 'ApiCallError';
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    const message =
      typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string'
        ? body.message
        : JSON.stringify(body);
    super(`${what} → ${status}: ${message}`);
  }
}

const LoginResponse = z.object({ accessToken: z.string(), username: z.string(), groups: z.array(z.string()) });

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: unknown;
  bytes: Uint8Array;
}

export class ApiClient {
  constructor(
    /** e.g. http://127.0.0.1:4000 (portal origin; /auth lives here). */
    readonly baseUrl: string,
    private token: string | undefined = undefined,
  ) {}

  get apiUrl(): string {
    return `${this.baseUrl}/api`;
  }

  static async login(baseUrl: string, username: string, password: string): Promise<ApiClient> {
    const res = await fetch(`${baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const body: unknown = await res.json().catch(() => null);
    if (res.status !== 200) throw new ApiCallError(res.status, body, `login ${username}`);
    return new ApiClient(baseUrl, LoginResponse.parse(body).accessToken);
  }

  withToken(token: string): ApiClient {
    return new ApiClient(this.baseUrl, token);
  }

  /** Any status; the caller decides. JSON bodies are parsed, others are left in `bytes`. */
  async request(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
    const res = await fetch(`${this.apiUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const bytes = new Uint8Array(await res.arrayBuffer());
    let parsed: unknown;
    if ((res.headers.get('content-type') ?? '').includes('json') && bytes.length > 0) {
      try {
        parsed = JSON.parse(Buffer.from(bytes).toString('utf8'));
      } catch {
        parsed = undefined;
      }
    }
    return { status: res.status, headers: res.headers, body: parsed, bytes };
  }

  /** Expects a 2xx; throws ApiCallError otherwise. */
  async get(path: string): Promise<unknown> {
    const r = await this.request('GET', path);
    if (r.status < 200 || r.status >= 300) throw new ApiCallError(r.status, r.body, `GET ${path}`);
    return r.body;
  }

  async post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
    const r = await this.request('POST', path, body, headers);
    if (r.status < 200 || r.status >= 300) throw new ApiCallError(r.status, r.body, `POST ${path}`);
    return r.body;
  }

  async put(path: string, body: unknown): Promise<unknown> {
    const r = await this.request('PUT', path, body);
    if (r.status < 200 || r.status >= 300) throw new ApiCallError(r.status, r.body, `PUT ${path}`);
    return r.body;
  }
}

export function fileBody(bytes: Uint8Array, filename: string): { filename: string; contentBase64: string } {
  return { filename, contentBase64: Buffer.from(bytes).toString('base64') };
}
