// Signing in through the portal's own form, as a person does (the local stack's password sign-in).
import { expect } from 'vitest';
import type { Page } from './browser.js';

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
