// Every page of every role at 1366×768 in Chromium: its title and help panel, the township's two
// submission steps with what was corrected on its own, batches named as people say them, the
// reviewer's inbox (the tab that needs action, who answered what, no wrapped columns, a bulk
// attestation that says whom it covers) and the finding form. A screenshot of each page is
// written to test-results/screenshots/pages-*.png.
//
// Its own small stack: 昌国街道's 24 sample candidates in two batches; nothing goes overdue.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../cli/lib/api-client.js';
import { clientAs, ensureCampaign } from '../../cli/lib/seed.js';
import { startStack, type Stack } from '../../local/stack.js';
import { demoPassword, demoUserSeeds, departmentUser, ORGDEPT_USER, townshipUser } from '../../local/users.js';
import { beijingDay } from '../../shared/domain/time.js';
import { launchChromium, type Browser, type BrowserContext, type Page } from './browser.js';
import * as F from './fixtures.js';
import { signedIn as signInAs } from './sign-in.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const PIPELINE_WAIT = 180_000;
const UI_WAIT = 30_000;
/** Answers with a finding in the browser, then reads its 已答复 tab. */
const FINDING_DEPT = 'discipline';
/** Clears its inbox by bulk attestation; one task is handed to a colleague first. */
const ATTEST_DEPT = 'petitions';
const COLLEAGUE = 'dept-petitions-2';
/** Everything answered through the API before its reviewer signs in: the inbox opens on 已答复. */
const DONE_DEPT = 'npc-office';
const ALL = 24;

let stack: Stack;
let browser: Browser;
let base: string;
const contexts: BrowserContext[] = [];
let batchId = '';
let secondBatchId = '';
let batchName = '';

async function api(username: string): Promise<ApiClient> {
  return clientAs(base, stack.auth, username);
}

function signedIn(username: string): Promise<Page> {
  return signInAs(browser, base, username, { onContext: (c) => contexts.push(c) });
}

async function text(page: Page, selector: string): Promise<string> {
  const el = page.locator(selector).first();
  await el.waitFor({ state: 'visible', timeout: UI_WAIT });
  return (await el.innerText()).replace(/\s+/g, ' ');
}

interface InboxView {
  counts: { open: number; answered: number };
  items: Array<{ taskId: string; hintCount: number; assignee: string | null; candidate: { name: string } }>;
}

async function inbox(code: string, status = 'open'): Promise<InboxView> {
  return (await (await api(departmentUser(code))).get(`/reviews?status=${status}`)) as InboxView;
}

/** Settles antd's animations, then writes the screenshot. */
async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
  await page.screenshot({ path: join(SHOTS, `pages-${name}.png`) });
}

/** Opens the page, checks its title and help panel, and takes its screenshot. */
async function visit(page: Page, path: string, title: string, name: string, ready?: string): Promise<void> {
  await page.goto(`${base}${path}`);
  await page.getByTestId('page-help').waitFor({ state: 'visible', timeout: UI_WAIT });
  if (ready) await page.locator(ready).first().waitFor({ state: 'visible', timeout: UI_WAIT });
  await expect.poll(() => page.title(), { timeout: UI_WAIT }).toBe(`${title} · 资格联审`);
  expect(await text(page, '[data-testid=page-help]')).toContain('本页说明：');
  // Whatever is still loading (antd's spinners) settles before the screenshot.
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: UI_WAIT });
  await shot(page, name);
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  stack = await startStack({
    mode: 'memory',
    demo: true,
    portalDir: join(ROOT, 'portal', 'dist'),
    log: (line) => {
      if (process.env['LIANSHEN_E2E_VERBOSE']) process.stderr.write(`[stack] ${line}\n`);
    },
  });
  base = stack.urls.http;
  await stack.auth.seedUsers([
    { username: COLLEAGUE, displayName: '区信访局审查员二', groups: [`department:${ATTEST_DEPT}`], password: demoPassword() },
  ]);
  await ensureCampaign(await api(ORGDEPT_USER), F.E2E_CAMPAIGN);
  browser = await launchChromium(ROOT);
}, 300_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await stack?.stop();
}, 120_000);

describe('every page of every role, at 1366×768', () => {
  it('the sign-in page fills the window at 1366×768 and 1920×1080 and is titled 登录', async () => {
    for (const viewport of [
      { width: 1366, height: 768 },
      { width: 1920, height: 1080 },
    ]) {
      const context = await browser.newContext({ viewport, locale: 'zh-CN' });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(`${base}/login`);
      await page.getByLabel('用户名').waitFor({ timeout: UI_WAIT });
      const box = await page.locator('.login-page').boundingBox();
      expect(box, 'the sign-in background').not.toBeNull();
      expect(box?.x).toBe(0);
      expect(box?.y).toBe(0);
      expect(box?.width).toBeGreaterThanOrEqual(viewport.width - 1);
      expect(box?.height).toBeGreaterThanOrEqual(viewport.height);
      expect(await page.title()).toBe('登录 · 资格联审');
      await page.screenshot({ path: join(SHOTS, `pages-sign-in-${viewport.width}x${viewport.height}.png`) });
    }
  });

  it('the township validates first, sees what was corrected on its own, then confirms 确认提交（9 人）under the batch’s name', async () => {
    const page = await signedIn(townshipUser('changguo'));
    await visit(page, '/batches/new', '提交人选名单', 'township-submit');
    await page
      .locator('input[type=file]')
      .first()
      .setInputFiles({ name: '昌国街道人选名单.csv', mimeType: 'text/csv', buffer: Buffer.from(F.correctableBatch(ROOT)) });
    await page.getByText('已选择：昌国街道人选名单.csv').waitFor({ timeout: UI_WAIT });
    // One step at a time: nothing to confirm before the check.
    expect(await page.getByTestId('submit-batch').count()).toBe(0);
    await page.getByTestId('validate-batch').click();
    expect(await text(page, '[data-testid=check-passed]')).toContain('校验通过：共 9 名人选');
    const corrections = await text(page, '[data-testid=auto-corrections]');
    expect(corrections).toContain(`已自动更正 ${F.CORRECTED_CELLS.length} 处`);
    for (const c of F.CORRECTED_CELLS) expect(corrections).toContain(c.reason);
    // The ID numbers stay masked in the list of corrections.
    expect(corrections).toMatch(/330902\*{8}\d{3}/);
    const [, month, day] = beijingDay(new Date()).split('-').map(Number);
    batchName = `昌国街道 第1批（${month}月${day}日）`;
    expect(await text(page, '[data-testid=batch-name]')).toBe(batchName);
    expect(await text(page, '[data-testid=submit-batch]')).toBe('确认提交（9 人）');
    await shot(page, 'township-checked');
    expect(((await (await api(townshipUser('changguo'))).get('/batches')) as { batches: unknown[] }).batches).toHaveLength(0);

    await page.getByTestId('submit-batch').click();
    await page.waitForURL(/\/batches\/b[^/]+$/, { timeout: UI_WAIT });
    batchId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    expect(await text(page, '[data-testid=batch-title]')).toContain(batchName);
    await page.getByTestId('batch-candidates').waitFor({ timeout: UI_WAIT });

    // The second batch, through the API: numbered 2 within the township and campaign.
    const second = (await (
      await api(townshipUser('changguo'))
    ).post(
      '/batches',
      {
        campaignId: F.E2E_CAMPAIGN.id,
        candidates: { filename: '第二批.csv', contentBase64: Buffer.from(F.secondBatch(ROOT)).toString('base64') },
      },
      { 'idempotency-key': 'e2e-pages-second-batch' },
    )) as { batchId: string };
    secondBatchId = second.batchId;
    await visit(page, `/batches/${encodeURIComponent(batchId)}`, '批次进度', 'township-batch', '[data-testid=batch-candidates]');
    await visit(page, '/batches', '批次与进度', 'township-batches', '[data-testid=batch-list] [data-batch-name]');
    const list = await text(page, '[data-testid=batch-list]');
    expect(list).toContain(batchName);
    expect(list).toContain('昌国街道 第2批');
    expect(list).not.toMatch(/\bb[0-9a-f]{8,}/);
    await visit(page, '/policies', '政策（负面清单）', 'township-policies');
    await visit(page, '/change-password', '修改密码', 'township-change-password');
  });

  it('every department receives its tasks', async () => {
    if (batchId === '' || secondBatchId === '') throw new Error('no batches: the township step did not submit them');
    for (const code of [FINDING_DEPT, ATTEST_DEPT, DONE_DEPT]) {
      await expect.poll(async () => (await inbox(code)).counts.open, { timeout: PIPELINE_WAIT, interval: 2000 }).toBe(ALL);
    }
  });

  it('a reviewer’s inbox opens on 已答复 when nothing is left to answer', async () => {
    await (await api(departmentUser(DONE_DEPT))).post('/reviews/attest', { statement: '以上人员经查无记录', department: DONE_DEPT });
    const page = await signedIn(departmentUser(DONE_DEPT));
    await page.waitForURL((u) => u.searchParams.get('status') === 'answered', { timeout: UI_WAIT });
    await page.locator('[data-testid=inbox-table] [data-candidate]').first().waitFor({ timeout: UI_WAIT });
    expect(await page.locator('.ant-tabs-tab-active').innerText()).toContain('已答复');
  });

  it('the finding form: Enter in a field sends nothing, 状态 offers the policy’s values; 已答复 shows 有记录 and who answered, unwrapped', async () => {
    const page = await signedIn(departmentUser(FINDING_DEPT));
    await visit(page, '/reviews', '待办审查', 'department-inbox', '[data-testid=inbox-table] [data-candidate]');
    expect(new URL(page.url()).searchParams.get('status')).toBeNull();
    expect(await page.locator('.ant-tabs-tab-active').innerText()).toContain('待答复');
    // The first on the page (equal deadlines come in no fixed order).
    const first = page.locator('[data-testid=inbox-table] [data-candidate]').first();
    const who = (await first.getAttribute('data-candidate')) ?? '';
    await first.click();
    await page.getByTestId('answer-form').waitFor({ timeout: UI_WAIT });
    await expect.poll(() => page.title(), { timeout: UI_WAIT }).toBe('审查人选 · 资格联审');
    await page.locator('label.ant-radio-button-wrapper', { hasText: '有记录' }).click();
    await page.getByLabel('记录类别').click();
    await page.locator('.ant-select-item-option', { hasText: '立案调查' }).first().click();
    await page.locator('.ant-select-dropdown', { hasText: '党纪处分' }).waitFor({ state: 'hidden', timeout: UI_WAIT });
    await page.getByLabel('状态', { exact: true }).click();
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await expect.poll(() => options.allInnerTexts(), { timeout: UI_WAIT }).toEqual(['在查']);
    await options.first().click();
    await page.getByLabel('起始日期').fill('2026-01-05');
    await page.getByLabel('起始日期').press('Enter');
    await page.getByLabel('文号').fill('定纪发〔2026〕3号');
    await page.getByLabel('文号').press('Enter');
    // Neither Enter opened the confirmation.
    await page.waitForTimeout(500);
    expect(await page.locator('.ant-modal-container:visible').count()).toBe(0);
    await shot(page, 'department-review');
    await page.getByTestId('submit-answer').click();
    await page.getByTestId('confirm-answer').click({ timeout: UI_WAIT });
    await page.getByTestId('answer-recorded').waitFor({ timeout: UI_WAIT });

    await page.goto(`${base}/reviews?status=answered`);
    const row = page.locator('[data-testid=inbox-table] tr.ant-table-row', { has: page.locator(`[data-candidate="${who}"]`) });
    await row.waitFor({ timeout: UI_WAIT });
    const line = (await row.innerText()).replace(/\s+/g, ' ');
    expect(line).toContain('有记录');
    const reviewerName = demoUserSeeds().find((u) => u.username === departmentUser(FINDING_DEPT))?.displayName;
    expect(reviewerName).toBeDefined();
    expect(await row.getByTestId('answered-by').innerText()).toBe(reviewerName);
    // No column wraps a character a line at 1366 px: every cell stays one line high.
    const heights = await page
      .locator('[data-testid=inbox-table] th, [data-testid=inbox-table] tr.ant-table-row td')
      .evaluateAll((cells) => cells.map((c) => c.getBoundingClientRect().height));
    expect(Math.max(...heights)).toBeLessThan(48);
    await shot(page, 'department-answered');
    await visit(page, '/records', '记录提取上传', 'department-records');
    await visit(page, '/review-settings', '审查设置', 'department-review-settings');
    await visit(page, '/policies', '政策（负面清单）', 'department-policies');
  });

  it('bulk attestation says it covers 全部 N 人（共 3 页）and leaves out the task handed to a colleague', async () => {
    const open = await inbox(ATTEST_DEPT);
    const handed = open.items.find((t) => t.hintCount === 0);
    if (!handed) throw new Error('no task to hand on');
    await (await api(departmentUser(ATTEST_DEPT))).post(`/reviews/${encodeURIComponent(handed.taskId)}/reassign`, { assignee: COLLEAGUE });
    const covered = open.items.filter((t) => t.hintCount === 0 && t.taskId !== handed.taskId).length;
    const page = await signedIn(departmentUser(ATTEST_DEPT));
    await page.locator('[data-testid=inbox-table] [data-candidate]').first().waitFor({ timeout: UI_WAIT });
    expect(await text(page, '[data-testid=bulk-attest]')).toContain(`以上人员经查无记录（全部 ${covered} 人）`);
    await page.getByTestId('bulk-attest').click();
    const scope = await text(page, '[data-testid=attest-scope]');
    expect(scope).toContain(`全部 ${covered} 人（共 ${Math.ceil(covered / 10)} 页）`);
    expect(scope).toContain('已转交给其他审查员经办的 1 人也不在其内');
    await shot(page, 'department-attest');
    await page.locator('.ant-modal-container').getByText('本人已逐一查询本部门记录').click();
    await page.getByTestId('confirm-attest').click();
    expect(await text(page, '[data-testid=attestation-done]')).toContain(`共答复 ${covered} 人`);
    const after = await inbox(ATTEST_DEPT);
    expect(after.items.map((t) => t.taskId)).toEqual([handed.taskId]);
  });

  it('the organization department’s pages each have a title and a help panel', async () => {
    const page = await signedIn(ORGDEPT_USER);
    const pages: Array<[path: string, title: string, name: string, ready?: string]> = [
      ['/dashboard', '工作总览', 'orgdept-dashboard'],
      ['/referred', '待研判人选', 'orgdept-referred'],
      ['/villages', '村（社区）检查', 'orgdept-villages'],
      ['/batches', '批次与进度', 'orgdept-batches', '[data-testid=batch-list] [data-batch-name]'],
      [`/batches/${encodeURIComponent(secondBatchId)}`, '批次进度', 'orgdept-batch', '[data-testid=batch-candidates]'],
      ['/reports', '报表导出', 'orgdept-reports'],
      ['/reports/publicity', '公示名单', 'orgdept-publicity'],
      ['/audit', '审计记录', 'orgdept-audit'],
      ['/accounts', '账号管理', 'orgdept-accounts'],
      ['/campaigns', '换届设置', 'orgdept-campaigns'],
      ['/campaigns/new', '新建换届工作', 'orgdept-campaign-new'],
      [`/campaigns/${encodeURIComponent(F.E2E_CAMPAIGN.id)}`, '换届设置', 'orgdept-campaign'],
      ['/holidays', '放假安排', 'orgdept-holidays'],
      ['/filings', '书记人选备案', 'orgdept-filings'],
      ['/publicity', '公示与异议', 'orgdept-publicity-periods'],
      ['/duplicates', '重复报送', 'orgdept-duplicates'],
      ['/extensions', '延期申请', 'orgdept-extensions', '[data-testid=extensions-pending]'],
      ['/recheck-requests', '重审申请', 'orgdept-recheck-requests', '[data-testid=recheck-requests-pending]'],
      // The organization department's own review department (组织部): its inbox and settings.
      ['/reviews', '待办审查', 'orgdept-inbox'],
      ['/review-settings', '审查设置', 'orgdept-review-settings'],
      ['/dashboard/departments/court', '部门逾期任务', 'orgdept-department-overdue', '[data-testid=department-reminders]'],
      ['/exports', '我的导出', 'orgdept-exports', '[data-testid=export-jobs]'],
      ['/policies', '政策（负面清单）', 'orgdept-policies'],
      [`/policies/${encodeURIComponent(F.E2E_CAMPAIGN.policyId)}`, '政策详情', 'orgdept-policy'],
    ];
    for (const [path, title, name, ready] of pages) await visit(page, path, title, name, ready);
    expect(await text(page, '[data-testid=page-help]')).not.toContain('接下来做什么');
    await page.getByTestId('page-help').locator('.ant-collapse-header').click();
    expect(await text(page, '[data-testid=page-help-body]')).toContain('接下来做什么');
    await shot(page, 'orgdept-policy-help-open');

    // The audit trail names the batch, not its id.
    const detail = (await (await api(ORGDEPT_USER)).get(`/batches/${encodeURIComponent(batchId)}`)) as {
      candidates: Array<{ candidateId: string }>;
    };
    const first = detail.candidates[0]?.candidateId ?? '';
    await visit(page, `/audit/${encodeURIComponent(first)}`, '审计记录', 'orgdept-audit-trail', '[data-testid=audit-events]');
    expect(await text(page, '[data-testid=audit-events]')).toContain(`提交名单：${batchName}`);
  });
});
