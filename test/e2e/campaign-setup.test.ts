// The organization department sets up a campaign in the portal (Debian Chromium, in-memory local
// stack): a 行政区划 list with a mistake is refused in place and the fixed one accepted, the schedule
// shows its dates in Beijing form with the note for a year without a 放假安排, a department's
// deadline is changed, villages are added once batches could exist, and the 2027 notice is entered
// as a file, after which nothing is assumed any more.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAs } from '../../cli/lib/seed.js';
import { startStack, type Stack } from '../../local/stack.js';
import { demoPassword, ORGDEPT_USER } from '../../local/users.js';
import { CampaignDetail } from '../../shared/api/index.js';
import { launchChromium, type Browser, type BrowserContext, type Page } from './browser.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const UI_WAIT = 30_000;
const ID = 'e2e-setup-2027';

let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let base = '';
const outside: string[] = [];

const csv = (lines: string[]) => new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`);
const UNITS = [
  '乡镇(街道),乡镇代码,村(社区),类型',
  '昌国街道,changguo,海山社区,农村社区',
  '昌国街道,,檀东社区,社区',
  '盐仓街道,,北门村,村',
];

async function pick(nth: number, name: string, bytes: Uint8Array): Promise<void> {
  await page
    .locator('input[type=file]')
    .nth(nth)
    .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(bytes) });
  await page.getByText(`已选择：${name}`).waitFor({ timeout: UI_WAIT });
}

async function text(selector: string): Promise<string> {
  const el = page.locator(selector).first();
  await el.waitFor({ state: 'visible', timeout: UI_WAIT });
  return (await el.innerText()).replace(/\s+/g, ' ');
}

async function detail(): Promise<CampaignDetail> {
  return CampaignDetail.parse(await (await clientAs(base, stack.auth, ORGDEPT_USER)).get(`/campaigns/${ID}`));
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  if (!existsSync(join(ROOT, 'portal', 'dist', 'index.html')))
    execFileSync('npm', ['run', 'build:portal'], { cwd: ROOT, stdio: 'inherit' });
  stack = await startStack({ mode: 'memory', demo: true, portalDir: join(ROOT, 'portal', 'dist'), log: () => undefined });
  base = stack.urls.http;
  browser = await launchChromium(ROOT);
  context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  context.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) outside.push(r.url());
  });
  page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('用户名').fill(ORGDEPT_USER);
  await page.getByLabel('密码').fill(demoPassword());
  await page.locator('button[type=submit]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: UI_WAIT });
}, 300_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await stack?.stop();
}, 120_000);

describe('campaign set-up in the portal', () => {
  it('creates a campaign from the form and an uploaded 行政区划 list, after showing the list’s mistake in place', async () => {
    await page.locator('[data-testid=role-menu] .ant-menu-item', { hasText: '换届设置' }).click();
    await page.waitForURL(`${base}/campaigns`);
    await page.getByTestId('new-campaign').click();
    await page.waitForURL(`${base}/campaigns/new`);
    await page.getByLabel('名称').fill('定海区2027年村和社区组织换届资格联审（设置测试）');
    await page.getByLabel('编号').fill(ID);
    await page.getByLabel('适用地区').fill('浙江省舟山市定海区');
    await page.locator('[data-testid=policy-select] input').fill('dinghai-2017');
    const electionDate = page.getByLabel('选举日', { exact: true });
    await electionDate.click();
    await electionDate.fill('2027-03-28');
    // Tab, not Enter: Enter would submit the form before the list is chosen.
    await electionDate.press('Tab');
    expect(await electionDate.inputValue()).toBe('2027-03-28');
    // 檀东社区 twice under 昌国街道 (row 5).
    await pick(0, '行政区划（有误）.csv', csv([...UNITS, '昌国街道,,檀东 社区,社区']));
    await page.getByTestId('create-campaign').click();
    await page.locator('[data-preview=行政区划] [data-error-cell="5:村(社区)"]').waitFor({ timeout: UI_WAIT });
    expect(await text('[data-testid=units-errors]')).toContain('1 处错误');
    expect(await text('[data-testid=error-list]')).toContain('与第3行重复');
    await page.screenshot({ path: join(SHOTS, 'campaign-new-errors.png'), fullPage: true });
    expect((await (await clientAs(base, stack.auth, ORGDEPT_USER)).request('GET', `/campaigns/${ID}`)).status).toBe(404);

    await pick(0, '行政区划.csv', csv(UNITS));
    await page.getByTestId('create-campaign').click();
    await page.waitForURL(`${base}/campaigns/${ID}`, { timeout: UI_WAIT });
    expect(await text('[data-testid=campaign-title]')).toContain('设置测试');
    expect(await text('[data-testid=township-table]')).toContain('海山社区（农村社区）');
    const d = await detail();
    expect(d.townships.map((t) => t.name)).toEqual(['昌国街道', '盐仓街道']);
    expect(d.townships[0]?.code).toBe('changguo');
  });

  it('shows the schedule in Beijing form, says 2027 is counted Monday–Friday, and saves a department’s own deadline', async () => {
    expect(await text('[data-testid=results-due]')).toBe('2027年3月23日（星期二）');
    expect(await text('[data-testid=assumed-note]')).toContain('2027年的放假安排尚未录入');
    expect(await text('[data-testid=department-deadlines]')).toContain('区法院');
    const court = page.getByTestId('days-court');
    await court.fill('2');
    await page.getByTestId('save-schedule').click();
    await page.getByText('时间安排已保存').waitFor({ timeout: UI_WAIT });
    await page.locator('[data-testid=department-deadlines] tr', { hasText: '区法院' }).getByText('本次设置').waitFor({ timeout: UI_WAIT });
    const d = await detail();
    expect(d.schedule.settings.departmentDays).toEqual({ court: 2 });
    const due = d.schedule.departments.find((x) => x.code === 'court')?.ifSentNow.dueText ?? '';
    expect(due).toMatch(/24:00$/);
    expect(await text('[data-testid=due-court]')).toBe(due);
    await page.screenshot({ path: join(SHOTS, 'campaign-schedule.png'), fullPage: true });
  });

  it('adds villages from a second file after previewing what changes', async () => {
    await page.getByText('追加：只新增文件中的乡镇（街道）和村（社区）').click();
    await pick(0, '新增.csv', csv(['乡镇(街道),村(社区),类型', '昌国街道,南岙村,村']));
    await page.getByTestId('check-units').click();
    expect(await text('[data-testid=units-changes]')).toContain('昌国街道南岙村（村）');
    expect((await detail()).units.villages).toBe(3);
    await page.getByTestId('apply-units').click();
    await page.getByText('行政区划名单已更新').waitFor({ timeout: UI_WAIT });
    await page.locator('[data-testid=township-table]').getByText('南岙村（村）').waitFor({ timeout: UI_WAIT });
    expect((await detail()).units.villages).toBe(4);
  });

  it('enters the 2027 notice on the holiday page, after a weekday 上班 was refused in place; the campaign assumes nothing more', async () => {
    await page.locator('[data-testid=role-menu] .ant-menu-item', { hasText: '放假安排' }).click();
    await page.waitForURL(`${base}/holidays`);
    expect(await text('[data-testid=years-missing]')).toContain('2027年');
    expect(await text('[data-testid=campaign-years-missing]')).toContain('2027年');
    expect(await text('[data-testid=holiday-years]')).toContain('2026年');
    await page.getByTestId('holiday-source').fill('国务院办公厅关于2027年部分节假日安排的通知（测试）');
    await page.getByTestId('holiday-year').fill('2027');
    await pick(0, '2027（有误）.csv', csv(['日期,类型,说明', '2027-01-01,放假,元旦', '2027-02-10,上班,调休']));
    await page.getByTestId('upload-holidays').click();
    await page.locator('[data-preview=放假安排] [data-error-cell="3:日期"]').waitFor({ timeout: UI_WAIT });
    expect(await text('[data-testid=holiday-errors]')).toContain('1 处错误');
    await pick(0, '2027.csv', csv(['日期,类型,说明', '2027-01-01,放假,元旦', '2027-02-06,上班,调休上班']));
    await page.getByTestId('upload-holidays').click();
    await page.getByText('已录入2027年放假安排').waitFor({ timeout: UI_WAIT });
    await page.locator('[data-testid=holiday-years]').getByText('2027年', { exact: true }).waitFor({ timeout: UI_WAIT });
    expect(await text('[data-testid=holiday-years]')).toContain('放假 1 天 · 调休上班 1 天');
    expect(await page.getByTestId('years-missing').count()).toBe(0);
    await page.getByTestId('campaign-years-missing').waitFor({ state: 'detached', timeout: UI_WAIT });
    await page.screenshot({ path: join(SHOTS, 'holidays.png'), fullPage: true });
    const d = await detail();
    expect(d.schedule.assumedYears).toEqual([]);
    await page.goto(`${base}/campaigns/${ID}`);
    await page.getByTestId('results-due').waitFor({ timeout: UI_WAIT });
    expect(await page.getByTestId('assumed-note').count()).toBe(0);
    expect(outside).toEqual([]);
  });
});
