// Thin client for the lianshen API. Everything goes to the app's own origin under /api.
import { getSession, clearSession } from './session';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }
}

export const API_BASE = '/api';

async function request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const session = getSession();
  const res = await fetch(`${API_BASE}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(session ? { authorization: `Bearer ${session.token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 401) {
    clearSession();
    window.location.assign('/login?expired=1');
    throw new ApiError(401, '登录已过期，请重新登录', null);
  }
  if (!res.ok) {
    let parsed: unknown = null;
    try {
      parsed = await res.json();
    } catch {
      parsed = null;
    }
    const message =
      parsed !== null && typeof parsed === 'object' && 'message' in parsed && typeof parsed.message === 'string'
        ? parsed.message
        : `请求失败（${res.status}）`;
    throw new ApiError(res.status, message, parsed);
  }
  return res;
}

export async function getJson<T>(path: string): Promise<T> {
  const res = await request('GET', path);
  return (await res.json()) as T;
}

export async function postJson<T>(path: string, body: unknown, headers?: Record<string, string>): Promise<T> {
  const res = await request('POST', path, body, headers);
  const text = await res.text();
  return (text ? JSON.parse(text) : {}) as T;
}

/** Downloads a file from the API and hands it to the browser as a download. */
export async function download(path: string, filename: string): Promise<void> {
  const res = await request('GET', path);
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function fileToBase64(file: File): Promise<string> {
  const buf = new Uint8Array(await file.arrayBuffer());
  let bin = '';
  const chunk = 0x8000;
  for (let i = 0; i < buf.length; i += chunk) bin += String.fromCharCode(...buf.subarray(i, i + chunk));
  return btoa(bin);
}
