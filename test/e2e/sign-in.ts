// Signing in through the portal's own form, as a person does (the local stack's password sign-in).
import { expect } from 'vitest';
import { demoPassword } from '../../local/users.js';
import type { Browser, BrowserContext, Page } from './browser.js';

const UI_WAIT = 30_000;

export async function signInForm(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.locator('button[type=submit]').click();
}

/** The forced change after a sign-in with a temporary password: the new one twice, then the app signs in again by itself. */
export async function changeFirstPassword(page: Page, current: string, next: string): Promise<void> {
  await page.getByTestId('first-sign-in').waitFor({ timeout: UI_WAIT });
  expect(new URL(page.url()).pathname).toBe('/change-password');
  await page.getByLabel('当前密码').fill(current);
  await page.getByLabel('新密码', { exact: true }).fill(next);
  await page.getByLabel('再次输入新密码').fill(next);
  await page.getByTestId('change-password-submit').click();
  await page.waitForURL((u) => u.pathname !== '/change-password', { timeout: UI_WAIT });
}

export interface SignedInOptions {
  /** 1366×768 unless given. */
  viewport?: { width: number; height: number };
  /** Sees the fresh profile before the sign-in (to record it, watch its requests). */
  onContext?: (context: BrowserContext) => void;
  password?: string;
}

/** A fresh browser profile (zh-CN, downloads allowed) signed in through the portal's own sign-in page, past /login. */
export async function signedIn(browser: Browser, base: string, username: string, opts: SignedInOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1366, height: 768 },
    locale: 'zh-CN',
    acceptDownloads: true,
  });
  opts.onContext?.(context);
  const page = await context.newPage();
  await signInForm(page, base, username, opts.password ?? demoPassword());
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: UI_WAIT });
  return page;
}

/** The township's two steps: 校验, then 确认提交（N 人）; resolves on the new batch's page with its id. */
export async function validateAndSubmit(page: Page): Promise<string> {
  await page.getByTestId('validate-batch').click();
  await page.getByTestId('submit-batch').click({ timeout: UI_WAIT });
  await page.waitForURL(/\/batches\/b[^/]+$/, { timeout: UI_WAIT });
  return decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
}
