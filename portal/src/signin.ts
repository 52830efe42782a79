// How a user obtains an access token. Locally the stack's stand-in for Cognito answers
// POST /auth/login with a JWT carrying Cognito's claims. On AWS this is the one module to replace
// with the Cognito hosted UI (authorization code + PKCE); the rest of the portal only sees the token.

export interface SignInResult {
  token: string;
  displayName: string | null;
}

function field(body: unknown, key: string): string | null {
  if (body === null || typeof body !== 'object' || !(key in body)) return null;
  const value: unknown = (body as Record<string, unknown>)[key];
  return typeof value === 'string' && value !== '' ? value : null;
}

export async function signInWithPassword(username: string, password: string): Promise<SignInResult> {
  let res: Response;
  try {
    res = await fetch('/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  } catch {
    throw new Error('无法连接服务器，请检查网络后重试');
  }
  if (res.status === 401) throw new Error('用户名或密码错误');
  if (!res.ok) throw new Error(`登录失败（${res.status}），请稍后重试`);
  const body: unknown = await res.json().catch(() => null);
  const token = field(body, 'accessToken') ?? field(body, 'token');
  if (token === null) throw new Error('登录失败：服务器未返回令牌');
  return { token, displayName: field(body, 'displayName') };
}
