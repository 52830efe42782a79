// Thin client for the lianshen API. Everything goes to the app's own origin under /api.
import { loginUrl } from './auth';
import { clearSession, getSession } from './session';
import { assignRoute } from './signin';
import type { FileUpload, ImportErrorBody, UploadTicket } from '../../shared/api';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }

  /** Row/column errors of a rejected upload (422), if the body carries them. */
  get importErrors(): ImportErrorBody[] {
    return importErrorsOf(this.body);
  }
}

export const API_BASE = '/api';

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function importErrorsOf(body: unknown): ImportErrorBody[] {
  if (!isRecord(body) || !Array.isArray(body['errors'])) return [];
  const out: ImportErrorBody[] = [];
  for (const e of body['errors']) {
    if (!isRecord(e)) continue;
    const row = typeof e['row'] === 'number' ? e['row'] : 0;
    out.push({
      row,
      column: typeof e['column'] === 'string' ? e['column'] : '',
      value: typeof e['value'] === 'string' ? e['value'] : '',
      code: typeof e['code'] === 'string' ? e['code'] : '',
      message: typeof e['message'] === 'string' ? e['message'] : '',
      ...(typeof e['sheet'] === 'string' ? { sheet: e['sheet'] } : {}),
    });
  }
  return out;
}

async function request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const session = getSession();
  if (!session) {
    assignRoute(loginUrl('expired'));
    throw new ApiError(401, '登录已过期，请重新登录', null);
  }
  let res: Response;
  try {
    res = await fetch(`${API_BASE}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        authorization: `Bearer ${session.token}`,
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, '无法连接服务器，请检查网络后重试', null);
  }
  if (res.status === 401) {
    // Expired, or ended at once (the account was disabled, its password reset, or signed out everywhere).
    const body: unknown = await res.json().catch(() => null);
    const ended = isRecord(body) && body['code'] === 'SESSION_ENDED';
    clearSession();
    assignRoute(loginUrl(ended ? 'ended' : 'expired'));
    throw new ApiError(401, ended ? '登录已失效，请重新登录' : '登录已过期，请重新登录', body);
  }
  if (!res.ok) {
    const parsed: unknown = await res.json().catch(() => null);
    const message =
      isRecord(parsed) && typeof parsed['message'] === 'string'
        ? parsed['message']
        : res.status === 403
          ? '无权访问'
          : res.status === 404
            ? '未找到'
            : `请求失败（${res.status}）`;
    throw new ApiError(res.status, message, parsed);
  }
  return res;
}

// Response bodies are typed by the API contract (shared/api, imported type-only): they come from
// this app's own API, whose route tests validate every response against that contract.
export async function getJson<T>(path: string): Promise<T> {
  const res = await request('GET', path);
  return (await res.json()) as T;
}

export async function postJson<T>(path: string, body: unknown, headers?: Record<string, string>): Promise<T> {
  const res = await request('POST', path, body, headers);
  const text = await res.text();
  return (text ? JSON.parse(text) : {}) as T;
}

export async function putJson<T>(path: string, body: unknown): Promise<T> {
  const res = await request('PUT', path, body);
  const text = await res.text();
  return (text ? JSON.parse(text) : {}) as T;
}

function filenameFrom(res: Response): string | null {
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // fall through to the plain name
    }
  }
  return /filename="([^"]+)"/i.exec(cd)?.[1] ?? null;
}

/** Downloads a file from the API and hands it to the browser as a download. */
export async function download(path: string, fallbackName: string): Promise<string> {
  const res = await request('GET', path);
  const blob = await res.blob();
  const name = filenameFrom(res) ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}

export function fileToBase64(bytes: Uint8Array): string {
  let bin = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) bin += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(bin);
}

/**
 * Files up to this size go inside the JSON body; larger ones through an upload ticket (the Lambda
 * payload limit is 6 MB a request, and base64 adds a third).
 */
export const INLINE_FILE_BYTES = 4 * 1024 * 1024;

/**
 * A file for a route that takes large files (batches, record extracts): inline when small, else
 * put to an upload ticket's URL first (S3 on AWS, the local stack's own address locally).
 */
export async function fileUpload(filename: string, bytes: Uint8Array): Promise<FileUpload> {
  if (bytes.length <= INLINE_FILE_BYTES) return { filename, contentBase64: fileToBase64(bytes) };
  const ticket = await postJson<UploadTicket>('/uploads', { filename, bytes: bytes.length });
  let res: Response;
  try {
    // No Authorization header: the presigned URL carries its own signature.
    res = await fetch(ticket.url, { method: ticket.method, headers: ticket.headers, body: new Blob([new Uint8Array(bytes)]) });
  } catch {
    throw new ApiError(0, '文件上传失败：无法连接存储服务，请检查网络后重试', null);
  }
  if (!res.ok) throw new ApiError(res.status, `文件上传失败（${res.status}），请重试`, null);
  return { filename, uploadId: ticket.uploadId };
}

/** A stable key for one upload: the same files for the same campaign make the same batch. */
export async function idempotencyKey(parts: Array<Uint8Array | string>): Promise<string> {
  const enc = new TextEncoder();
  const chunks = parts.map((p) => (typeof p === 'string' ? enc.encode(p) : p));
  const total = chunks.reduce((n, c) => n + c.length + 1, 0);
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length + 1;
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', all));
  return `portal-${Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
