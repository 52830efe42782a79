// Accounts in the portal, in Chromium, on a fresh local stack that is not in demo mode: the first
// organization-department account signs in with its one-time password and must set a new one
// first; it creates a township account on the accounts page, where the temporary password is
// shown once with a copy button; the township's first sign-in is forced to change it too; wrong
// passwords end in the lockout message on the sign-in page, and the organization department
// unlocks the account on the accounts page; disabling an account sends its open session back to
// the sign-in page.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../cli/lib/api-client.js';
import { firstAccountLines } from '../../cli/lib/start.js';
import { startStack, type Stack } from '../../local/stack.js';
import { type Browser, type BrowserContext, launchChromium, type Page } from './browser.js';
import { changeFirstPassword, signInForm as signInAt } from './sign-in.js';

const signInForm = (page: Page, username: string, password: string) => signInAt(page, base, username, password);

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const UI_WAIT = 30_000;

let stack: Stack;
let browser: Browser;
let base = '';
const contexts: BrowserContext[] = [];
let firstPassword = '';
let org: Page;
let townshipPassword = '';

async function fresh(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  contexts.push(context);
  return context.newPage();
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  if (!existsSync(join(ROOT, 'portal', 'dist', 'index.html')))
    execFileSync('npm', ['run', 'build:portal'], { cwd: ROOT, stdio: 'inherit' });
  stack = await startStack({ mode: 'memory', portalDir: join(ROOT, 'portal', 'dist'), log: () => undefined });
  base = stack.urls.http;
  const line = (await firstAccountLines(stack)).find((l) => l.trim().startsWith('一次性密码')) ?? '';
  firstPassword = line.trim().split(/\s+/).at(-1) ?? '';
  // A campaign, so a township account has a township to belong to.
  const orgApi = new ApiClient(base, await stack.auth.issueToken({ username: 'setup', groups: ['orgdept'] }));
  await orgApi.post('/campaigns', {
    id: 'acc-e2e-2027',
    name: '账号端到端测试换届',
    jurisdiction: '测试县',
    policyId: 'dinghai-2017',
    electionDate: '2027-03-28',
    townships: [{ code: 'baiquan', name: '白泉镇' }],
  });
  browser = await launchChromium(ROOT);
}, 300_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await stack?.stop();
}, 120_000);

describe('accounts in the portal', () => {
  it('the first organization-department account must set a new password before anything else', async () => {
    org = await fresh();
    await signInForm(org, 'orgdept', firstPassword);
    await org.waitForURL((u) => u.pathname === '/change-password', { timeout: UI_WAIT });
    // Nothing else is reachable with the temporary password: the menu is empty, other pages send it back.
    expect(await org.locator('[data-testid=role-menu]').count()).toBe(0);
    await org.goto(`${base}/accounts`);
    await org.waitForURL((u) => u.pathname === '/change-password', { timeout: UI_WAIT });
    await changeFirstPassword(org, firstPassword, 'Dinghai-Org-2027');
    expect(new URL(org.url()).pathname).toBe('/dashboard');
  });

  it('creates a township account and shows its temporary password once, with a copy button', async () => {
    await org.goto(`${base}/accounts`);
    await org.getByTestId('accounts-table').waitFor({ timeout: UI_WAIT });
    await org.getByTestId('create-account').click();
    await org.getByTestId('account-unit').click();
    await org.locator('.ant-select-item-option', { hasText: '白泉镇' }).click();
    await org.getByTestId('account-username').fill('bq.wang');
    await org.getByTestId('account-name').fill('王丽');
    await org.getByTestId('account-phone').fill('138 1234 5678');
    await org.locator('.ant-modal-footer button', { hasText: /创\s*建/ }).click();
    const value = org.getByTestId('one-time-password-value');
    await value.waitFor({ timeout: UI_WAIT });
    townshipPassword = (await value.innerText()).trim();
    expect(townshipPassword).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
    await org.locator('[data-testid=one-time-password] .ant-typography-copy').click();
    expect(await org.evaluate(() => navigator.clipboard.readText())).toBe(townshipPassword);
    await org.screenshot({ path: join(SHOTS, 'accounts-one-time-password.png') });
    await org.getByTestId('password-noted').click();
    // Gone from the page: the list shows the account, never the password.
    await org.getByTestId('one-time-password').waitFor({ state: 'detached', timeout: UI_WAIT });
    const table = org.getByTestId('accounts-table');
    await table.getByText('bq.wang').waitFor({ timeout: UI_WAIT });
    expect(await table.innerText()).toContain('待改密码');
    expect(await org.locator('body').innerText()).not.toContain(townshipPassword);
  });

  it('the township’s first sign-in is forced to change the temporary password, then lands on its page', async () => {
    const page = await fresh();
    await signInForm(page, 'bq.wang', townshipPassword);
    await changeFirstPassword(page, townshipPassword, 'Baiquan-Wang-2027');
    expect(new URL(page.url()).pathname).toBe('/batches');
  });

  it('wrong passwords end in the lockout message; the organization department unlocks on the accounts page', async () => {
    const page = await fresh();
    for (let i = 0; i < 5; i++) {
      await signInForm(page, 'bq.wang', `Wrong-Guess-${i}`);
      await page.getByTestId('sign-in-error').waitFor({ timeout: UI_WAIT });
    }
    expect(await page.getByTestId('sign-in-error').innerText()).toContain('账号已锁定');
    await page.screenshot({ path: join(SHOTS, 'sign-in-locked.png') });

    await org.goto(`${base}/accounts`);
    await org.getByTestId('unlock-bq.wang').click();
    await org.locator('.ant-message', { hasText: '已解除锁定' }).waitFor({ timeout: UI_WAIT });
    await signInForm(page, 'bq.wang', 'Baiquan-Wang-2027');
    await page.waitForURL((u) => u.pathname === '/batches', { timeout: UI_WAIT });
  });

  it('disabling an account sends its open session back to the sign-in page, saying why', async () => {
    const page = await fresh();
    await signInForm(page, 'bq.wang', 'Baiquan-Wang-2027');
    await page.waitForURL((u) => u.pathname === '/batches', { timeout: UI_WAIT });
    await org.goto(`${base}/accounts`);
    await org.getByTestId('disable-bq.wang').click();
    await org.locator('.ant-popconfirm .ant-btn-primary').click();
    await org.locator('.ant-message', { hasText: '已停用' }).waitFor({ timeout: UI_WAIT });
    await page.reload();
    await page.getByTestId('ended-notice').waitFor({ timeout: UI_WAIT });
    expect(new URL(page.url()).pathname).toBe('/login');
    await signInForm(page, 'bq.wang', 'Baiquan-Wang-2027');
    expect(await page.getByTestId('sign-in-error').innerText()).toContain('账号已停用');
  });
});
