// The portal in a real browser (Debian Chromium through playwright-core) against the in-memory
// local stack: the same handlers, the same ASL, the same sign-in claims as on AWS.
//
// The whole review in the portal: a township uploads a bad file and sees every error in place, fixes it and
// submits; a department reviewer answers one candidate with a finding; another department clears
// its inbox by bulk attestation; the organization department rules on a referred case, follows
// the dashboard (an overdue department, a reminder), and exports the report, which this test
// opens and reads. Plus: role menus, no access across townships and departments (UI and URL),
// session expiry, and not one request outside the app's own origin.
//
// Department SLAs are capped (LIANSHEN_E2E_SLA_SECONDS, default 150 s) so the one task nobody
// answers turns overdue within the run; every other department answers well before that.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../cli/lib/api-client.js';
import { clientAs, ensureCampaign } from '../../cli/lib/seed.js';
import { startStack, type Stack } from '../../local/stack.js';
import { demoPassword, departmentUser, ORGDEPT_USER, townshipUser } from '../../local/users.js';
import { builtInPolicy } from '../../shared/adapters/files/policy-files.js';
import { launchChromium, type Browser, type BrowserContext, type Download, type Page } from './browser.js';
import * as F from './fixtures.js';
import { signedIn as signInAs, validateAndSubmit } from './sign-in.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const DOWNLOADS = join(ROOT, 'test-results', 'downloads');
const SLA_SECONDS = Number(process.env['LIANSHEN_E2E_SLA_SECONDS'] ?? 150);
/** Bounds for waiting on the asynchronous pipeline; generous, and never asserted on. */
const PIPELINE_WAIT = 180_000;
const UI_WAIT = 30_000;

const policy = builtInPolicy(F.E2E_CAMPAIGN.policyId);
const MANUAL = policy.departments.filter((d) => d.mode === 'manual').map((d) => d.code);
const AUTO = policy.departments.filter((d) => d.mode === 'auto').map((d) => d.code);
/** Answered in the browser; every other manual department answers through the API. */
const UI_FINDING_DEPT = 'discipline';
const UI_ATTEST_DEPT = 'petitions';
/** Its extract is uploaded in the browser (with a validation preview). */
const UI_EXTRACT_DEPT = 'environment';
const OTHER_TOWNSHIP = 'yancang';
/** 区纪委's second reviewer: 周敏's task is handed to them, and only they answer it. */
const COLLEAGUE = 'dept-discipline-2';

let stack: Stack;
let browser: Browser;
let base: string;
const contexts: BrowserContext[] = [];
const requests: string[] = [];
/** API responses whose JSON carries a member named like a token (a task token must never reach a browser). */
const tokenLeaks: string[] = [];
const responseChecks: Array<Promise<void>> = [];
const stackLog: string[] = [];

// Shared between the steps (they run in order).
let township: Page;
let orgdept: Page;
let batchId = '';
let otherBatchId = '';
const candidateIds = new Map<string, string>();

// ---------------------------------------------------------------- helpers

async function api(username: string): Promise<ApiClient> {
  return clientAs(base, stack.auth, username);
}

async function shot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: opts.fullPage ?? false });
}

/** Records every request of the profile, and checks every JSON answer of the API for token-like members. */
function watch(context: BrowserContext): void {
  contexts.push(context);
  context.on('request', (r) => requests.push(r.url()));
  context.on('response', (r) => {
    if (!new URL(r.url()).pathname.startsWith('/api/')) return;
    if (!(r.headers()['content-type'] ?? '').includes('json')) return;
    responseChecks.push(
      r.text().then(
        (body) => {
          if (/"[^"]*token[^"]*"\s*:/i.test(body)) tokenLeaks.push(r.url());
        },
        () => undefined,
      ),
    );
  });
}

/** A fresh browser profile (1366×768) signed in through the portal's own sign-in page, its requests watched. */
function signedIn(username: string): Promise<Page> {
  return signInAs(browser, base, username, { onContext: watch });
}

async function text(page: Page, selector: string): Promise<string> {
  const el = page.locator(selector).first();
  await el.waitFor({ state: 'visible', timeout: UI_WAIT });
  return (await el.innerText()).replace(/\s+/g, ' ');
}

/** Waits for CSS animations (antd's dialog zoom) under `selector` to finish, so screenshots are settled. */
async function settled(page: Page, selector: string): Promise<void> {
  await page.locator(selector).first().waitFor({ state: 'visible', timeout: UI_WAIT });
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
}

/** Chooses a file in the `nth` picker and waits until the page has read it (the preview names it). */
async function pick(page: Page, nth: number, name: string, bytes: Uint8Array): Promise<void> {
  await page
    .locator('input[type=file]')
    .nth(nth)
    .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(bytes) });
  await page.getByText(`已选择：${name}`).waitFor({ timeout: UI_WAIT });
}

/** Later steps need the batch of step (2); without it they stop at once instead of waiting out every bound. */
function requireBatch(): void {
  if (batchId === '') throw new Error('no batch: step (2) did not submit one');
}

async function menuLabels(page: Page): Promise<string[]> {
  await page.getByTestId('role-menu').waitFor({ timeout: UI_WAIT });
  return page.locator('[data-testid=role-menu] .ant-menu-item').allInnerTexts();
}

async function expectNoAccess(page: Page, path: string): Promise<void> {
  await page.goto(`${base}${path}`);
  await page.getByTestId('no-access').waitFor({ state: 'visible', timeout: UI_WAIT });
  expect(await text(page, '[data-testid=no-access]')).toContain('无权访问');
}

async function saveDownload(page: Page, click: () => Promise<void>): Promise<{ download: Download; path: string }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: UI_WAIT }), click()]);
  const path = join(DOWNLOADS, download.suggestedFilename());
  await download.saveAs(path);
  return { download, path };
}

async function sheetRows(path: string, sheetName: string): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.getWorksheet(sheetName);
  if (!sheet) throw new Error(`${path} has no sheet ${sheetName}`);
  const rows: string[][] = [];
  sheet.eachRow((row) => {
    const values: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell) => values.push(cell.text));
    rows.push(values);
  });
  return rows;
}

interface InboxView {
  counts: { open: number; answered: number; overdue: number };
  items: Array<{ taskId: string; hintCount: number; candidate: { name: string } }>;
}

async function inbox(code: string, status = 'open'): Promise<InboxView> {
  const body = await (await api(departmentUser(code))).get(`/reviews?status=${status}`);
  return body as InboxView;
}

interface BatchCandidateView {
  candidateId: string;
  name: string;
  status: string;
  progress: { answered: number; total: number };
}

async function batchCandidates(): Promise<BatchCandidateView[]> {
  const body = (await (await api(townshipUser('changguo'))).get(`/batches/${batchId}`)) as { candidates: BatchCandidateView[] };
  return body.candidates;
}

async function statusOf(name: string): Promise<string | undefined> {
  return (await batchCandidates()).find((c) => c.name === name)?.status;
}

// ---------------------------------------------------------------- setup

/** Screenshots must show Chinese, not empty boxes: Chromium needs a CJK font from the system. */
function requireCjkFont(): void {
  let families = '';
  try {
    families = execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  } catch {
    families = '';
  }
  if (families.trim() === '') {
    throw new Error('No Chinese (CJK) font is installed, so Chromium would draw boxes: apt-get install -y fonts-noto-cjk');
  }
}

beforeAll(async () => {
  requireCjkFont();
  // Only the downloads are this file's alone: the screenshots folder is shared with the other e2e files.
  rmSync(DOWNLOADS, { recursive: true, force: true });
  mkdirSync(SHOTS, { recursive: true });
  mkdirSync(DOWNLOADS, { recursive: true });
  if (!existsSync(join(ROOT, 'portal', 'dist', 'index.html'))) {
    execFileSync('npm', ['run', 'build:portal'], { cwd: ROOT, stdio: 'inherit' });
  }
  stack = await startStack({
    mode: 'memory',
    demo: true,
    departmentTimeoutSeconds: SLA_SECONDS,
    portalDir: join(ROOT, 'portal', 'dist'),
    log: (line) => {
      stackLog.push(line);
      if (process.env['LIANSHEN_E2E_VERBOSE']) process.stderr.write(`[stack] ${line}\n`);
    },
  });
  base = stack.urls.http;
  await stack.auth.seedUsers([
    { username: townshipUser(OTHER_TOWNSHIP), displayName: '盐仓街道', groups: [`township:${OTHER_TOWNSHIP}`], password: demoPassword() },
    // A colleague of 区纪委 to hand a task to.
    { username: COLLEAGUE, displayName: '区纪委审查员二', groups: [`department:${UI_FINDING_DEPT}`], password: demoPassword() },
  ]);
  await ensureCampaign(await api(ORGDEPT_USER), F.E2E_CAMPAIGN);
  // Automatic departments answer from their extracts; one of them uploads in the browser below.
  for (const code of AUTO.filter((c) => c !== UI_EXTRACT_DEPT)) {
    await (await api(departmentUser(code))).post(`/departments/${code}/records`, {
      campaignId: F.E2E_CAMPAIGN.id,
      filename: `${code}.csv`,
      contentBase64: Buffer.from(F.sampleExtract(ROOT, code)).toString('base64'),
    });
  }
  browser = await launchChromium(ROOT);
}, 300_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await stack?.stop();
}, 120_000);

// ---------------------------------------------------------------- the flow

describe('the portal in Chromium, end to end', () => {
  it('a department uploads its record extract: a row of another department is marked in place, the fixed file is accepted', async () => {
    const page = await signedIn(departmentUser(UI_EXTRACT_DEPT));
    expect(await menuLabels(page)).toEqual(['待办审查', '记录提取上传', '审查设置', '政策（负面清单）']);
    await page.goto(`${base}/records`);
    await pick(page, 0, '环保局记录.csv', F.badExtract(ROOT, UI_EXTRACT_DEPT));
    await page.getByTestId('upload-records').click();
    await page.locator('[data-error-cell="3:部门"]').waitFor({ timeout: UI_WAIT });
    expect(await text(page, '.ant-alert-error')).toContain('原有记录未被替换');
    const dept = (await (
      await api(departmentUser(UI_EXTRACT_DEPT))
    ).get(`/departments/${UI_EXTRACT_DEPT}/records?campaignId=${F.E2E_CAMPAIGN.id}`)) as { extract: unknown };
    expect(dept.extract).toBeNull();

    await pick(page, 0, '环保局记录（修改后）.csv', F.sampleExtract(ROOT, UI_EXTRACT_DEPT));
    await page.getByTestId('upload-records').click();
    expect(await text(page, '.ant-alert-success')).toContain('校验通过');
    const after = (await (
      await api(departmentUser(UI_EXTRACT_DEPT))
    ).get(`/departments/${UI_EXTRACT_DEPT}/records?campaignId=${F.E2E_CAMPAIGN.id}`)) as { extract: { rows: number } | null };
    expect(after.extract?.rows).toBe(1);
  });

  it('(1) a township downloads the template, uploads a file with errors and sees each one at its row and column; nothing is submitted', async () => {
    const page = await signedIn(townshipUser('changguo'));
    township = page;
    expect(new URL(page.url()).pathname).toBe('/batches');
    expect(await menuLabels(page)).toEqual(['提交人选名单', '批次与进度', '政策（负面清单）']);
    await page.locator('[data-testid=role-menu] .ant-menu-item', { hasText: '提交人选名单' }).click();
    await page.waitForURL(`${base}/batches/new`);

    const template = await saveDownload(page, () => page.getByTestId('download-template').click());
    expect(template.download.suggestedFilename()).toMatch(/\.xlsx$/);
    const header = (await sheetRows(template.path, '候选人'))[0] ?? [];
    expect(header).toEqual(expect.arrayContaining(['姓名', '身份证号', '村(社区)', '拟任职务']));

    await pick(page, 0, '昌国街道人选名单.csv', F.badBatch(ROOT));
    await pick(page, 1, '近亲属.csv', F.relatives());
    expect(await text(page, '[data-preview=候选人]')).toContain('共 9 行数据');
    await page.getByTestId('validate-batch').click();
    expect(await text(page, '[data-testid=upload-errors]')).toContain(`${F.BAD_CELLS.length} 处错误，整批未提交`);
    for (const bad of F.BAD_CELLS) {
      const selector = `[data-error-cell="${bad.row}:${bad.column}"]`;
      expect(await page.locator(`[data-preview=候选人] ${selector}`).count(), `${bad.column} of row ${bad.row} is marked`).toBe(1);
      // The marked cell sits in the row of the person the mistake was made for.
      expect(await page.locator('[data-preview=候选人] tr', { has: page.locator(selector) }).innerText()).toContain(bad.name);
    }
    expect(await page.locator('[data-preview=候选人] .cell-error').count()).toBe(F.BAD_CELLS.length);
    const list = await text(page, '[data-testid=error-list]');
    expect(list).toContain('校验码');
    expect(list).toContain('不能为空');
    await shot(page, 'template-upload-errors', { fullPage: true });

    const batches = (await (await api(townshipUser('changguo'))).get('/batches')) as { batches: unknown[] };
    expect(batches.batches).toHaveLength(0);
  });

  it('(2) it fixes the file and submits; the batch page follows each candidate', async () => {
    const page = township;
    await pick(page, 0, '昌国街道人选名单（修改后）.csv', F.goodBatch(ROOT));
    expect(await page.locator('[data-preview=候选人] .cell-error').count()).toBe(0);
    batchId = await validateAndSubmit(page);
    await page.getByTestId('batch-candidates').waitFor({ timeout: UI_WAIT });
    expect(await page.locator('[data-testid=batch-candidates] tbody tr.ant-table-row').count()).toBe(9);
    for (const c of await batchCandidates()) candidateIds.set(c.name, c.candidateId);
    expect(candidateIds.size).toBe(9);

    // Another township submits too (through the API): its batch must stay invisible to 昌国街道.
    const other = (await (
      await api(townshipUser(OTHER_TOWNSHIP))
    ).post(
      '/batches',
      {
        campaignId: F.E2E_CAMPAIGN.id,
        candidates: { filename: '盐仓街道.csv', contentBase64: Buffer.from(F.otherTownshipBatch(ROOT)).toString('base64') },
      },
      { 'idempotency-key': 'e2e-yancang-batch-1' },
    )) as { batchId: string };
    otherBatchId = other.batchId;
  });

  it('every department receives its tasks; departments not under test answer through the API', async () => {
    const expected = 10; // nine from 昌国街道, one from 盐仓街道
    requireBatch();
    const waiting = async () =>
      (await Promise.all(MANUAL.map(async (code) => ((await inbox(code)).counts.open === expected ? null : code)))).filter(
        (c) => c !== null,
      );
    await expect.poll(waiting, { timeout: PIPELINE_WAIT, interval: 2000 }).toEqual([]);
    // 区公安分局 answers automatically, except the hint it cannot settle alone.
    await expect
      .poll(async () => (await inbox('public-security')).items.map((t) => `${t.candidate.name}:${t.hintCount}`), {
        timeout: PIPELINE_WAIT,
        interval: 2000,
      })
      .toEqual([`${F.PEOPLE.incomplete}:1`]);
    for (const code of MANUAL.filter((c) => c !== UI_FINDING_DEPT && c !== UI_ATTEST_DEPT)) {
      const r = (await (await api(departmentUser(code))).post('/reviews/attest', { statement: '以上人员经查无记录' })) as {
        answered: string[];
      };
      expect(r.answered, code).toHaveLength(expected);
    }
  });

  it('(3) a department reviewer answers one candidate with a finding, confirmed in a dialog', async () => {
    requireBatch();
    const page = await signedIn(departmentUser(UI_FINDING_DEPT));
    expect(new URL(page.url()).pathname).toBe('/reviews');
    expect(await menuLabels(page)).toEqual(['待办审查', '记录提取上传', '审查设置', '政策（负面清单）']);
    expect(await text(page, '[data-testid=inbox-title]')).toContain('区纪委');
    await page.locator('[data-testid=inbox-table] [data-candidate]').first().waitFor({ timeout: UI_WAIT });
    expect(await page.locator('[data-testid=inbox-table] tbody tr.ant-table-row').count()).toBe(10);
    await shot(page, 'reviewer-inbox');

    // Hand one task to a colleague of the same department, picked from the department's reviewers.
    await page.locator('[data-testid=inbox-table] [data-candidate="周敏"]').click();
    await page.getByTestId('reassign-picker').click();
    await page.locator('.ant-select-item-option', { hasText: COLLEAGUE }).click();
    await page.locator('button', { hasText: /转\s*交/ }).click();
    await page.locator('[data-testid=assignee]', { hasText: COLLEAGUE }).waitFor({ timeout: UI_WAIT });
    // From now on only the colleague answers it.
    expect(await text(page, '[data-testid=assigned-to-other]')).toContain(COLLEAGUE);
    await page.goto(`${base}/reviews`);
    expect(
      await page.locator('[data-testid=inbox-table] tr.ant-table-row', { has: page.locator('[data-candidate="周敏"]') }).innerText(),
    ).toContain(COLLEAGUE);

    await page.locator(`[data-testid=inbox-table] [data-candidate="${F.PEOPLE.disqualifiedByReviewer}"]`).click();
    const card = await text(page, '[data-testid=candidate-card]');
    expect(card).toContain('330902197910271038');
    expect(card).toContain('檀东社区');
    expect(card).toContain('监督委员会主任');
    expect(card).not.toContain('区公安分局');

    await page.locator('label.ant-radio-button-wrapper', { hasText: '有记录' }).click();
    await page.getByLabel('记录类别').click();
    await page.locator('.ant-select-item-option', { hasText: '党纪处分' }).first().click();
    await page.getByLabel('起始日期').fill('2025-05-01');
    await page.getByLabel('起始日期').press('Tab');
    await page.getByLabel('终止日期').fill('2027-05-01');
    await page.getByLabel('终止日期').press('Tab');
    await page.getByLabel('状态', { exact: true }).fill('处分期内');
    await page.getByLabel('文号').fill('定纪〔2025〕19号');
    await page.getByLabel('备注').fill('党内严重警告');
    await page.getByTestId('submit-answer').click();
    await settled(page, '.ant-modal-container');
    const dialog = await text(page, '.ant-modal-container');
    expect(dialog).toContain('请确认答复');
    expect(dialog).toContain('党纪处分');
    expect(dialog).toContain('定纪〔2025〕19号');
    expect(dialog).toContain('起始 2025-05-01');
    await shot(page, 'answer-dialog');
    await page.getByTestId('confirm-answer').click();
    expect(await text(page, '[data-testid=answer-recorded]')).toContain('已答复：有记录');

    const answered = await inbox(UI_FINDING_DEPT, 'answered');
    expect(answered.items.map((t) => t.candidate.name)).toEqual([F.PEOPLE.disqualifiedByReviewer]);

    // No other department's inbox, neither through the menu nor by editing the URL.
    const sun = candidateIds.get(F.PEOPLE.disqualifiedByReviewer) ?? '';
    await expectNoAccess(page, `/reviews?department=${UI_ATTEST_DEPT}`);
    await expectNoAccess(page, `/reviews/${encodeURIComponent(`${sun}~${UI_ATTEST_DEPT}`)}`);
    await expectNoAccess(page, `/records?department=${UI_ATTEST_DEPT}`);
    await expectNoAccess(page, '/dashboard');
    await expectNoAccess(page, `/batches/${batchId}`);
    const refused = await (await api(departmentUser(UI_FINDING_DEPT))).request('GET', `/reviews?department=${UI_ATTEST_DEPT}`);
    expect(refused.status).toBe(403);

    // The rest of 区纪委's inbox has no records (answered through the API to keep the run short):
    // the task handed on is the colleague's to answer.
    const rest = (await (await api(departmentUser(UI_FINDING_DEPT))).post('/reviews/attest', { statement: '以上人员经查无记录' })) as {
      answered: string[];
    };
    expect(rest.answered).toHaveLength(8);
    const colleague = (await (await api(COLLEAGUE)).post('/reviews/attest', { statement: '以上人员经查无记录' })) as { answered: string[] };
    expect(colleague.answered).toEqual([`${candidateIds.get('周敏') ?? ''}~${UI_FINDING_DEPT}`]);
  });

  it('(4) another department clears its inbox by bulk attestation, and the portal shows who attested and when', async () => {
    requireBatch();
    const page = await signedIn(departmentUser(UI_ATTEST_DEPT));
    await page.locator('[data-testid=inbox-table] [data-candidate]').first().waitFor({ timeout: UI_WAIT });
    expect(await text(page, '[data-testid=bulk-attest]')).toContain('以上人员经查无记录（全部 10 人）');
    await page.getByTestId('bulk-attest').click();
    await page.locator('.ant-modal-container').getByText('本人已逐一查询本部门记录').click();
    await page.getByTestId('confirm-attest').click();
    const done = await text(page, '[data-testid=attestation-done]');
    expect(done).toContain('以上人员经查无记录');
    expect(done).toContain(`区信访局审查员（账号 ${departmentUser(UI_ATTEST_DEPT)}）`);
    expect(done).toContain('共答复 10 人');
    await page.locator('[data-testid=inbox-table] .ant-empty').waitFor({ timeout: UI_WAIT });
    const after = await inbox(UI_ATTEST_DEPT, 'answered');
    expect(after.counts).toMatchObject({ open: 0, answered: 10 });
  });

  it('(5) the organization department rules on a referred case with a written justification', async () => {
    requireBatch();
    await expect.poll(() => statusOf(F.PEOPLE.referredRuled), { timeout: PIPELINE_WAIT, interval: 2000 }).toBe('referred');
    await expect.poll(() => statusOf(F.PEOPLE.referredOpen), { timeout: PIPELINE_WAIT, interval: 2000 }).toBe('referred');
    const page = await signedIn(ORGDEPT_USER);
    orgdept = page;
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    expect(await menuLabels(page)).toEqual([
      '工作总览',
      '待研判人选',
      '村（社区）检查',
      '批次查询',
      '报表导出',
      '公示名单',
      '审计记录',
      '账号管理',
      '换届设置',
      '放假安排',
      '书记人选备案',
      '公示与异议',
      '重复报送',
      '延期申请',
      '重审申请',
      // The organization department reviews for its own department (组织部) as well.
      '待办审查',
      '审查设置',
      '政策（负面清单）',
    ]);
    await page.goto(`${base}/referred`);
    await page.locator(`[data-testid=referred-table] [data-candidate="${F.PEOPLE.referredRuled}"]`).waitFor({ timeout: UI_WAIT });
    const queue = await text(page, '[data-testid=referred-table]');
    expect(queue).toContain(F.PEOPLE.referredOpen);
    expect(queue).toContain('区住建局：违章建房');
    expect(queue).toContain('依据：');
    await shot(page, 'referred-queue');

    await page.getByTestId(`rule-${F.PEOPLE.referredRuled}`).click();
    await page.getByTestId('review-ruling').click();
    expect(await text(page, '.ant-modal-container .ant-form-item-explain-error')).toContain('请填写研判意见');
    await page
      .locator('.ant-modal-container textarea')
      .fill('经实地核查，该违章建筑已于2026年12月拆除整改完毕，经领导小组集体研究，同意维持提名。');
    await page.locator('.ant-modal-container label', { hasText: '维持提名（通过）' }).click();
    // A confirm step says what will happen before the ruling is final.
    await page.getByTestId('review-ruling').click();
    expect(await text(page, '[data-testid=ruling-consequence]')).toContain('通过');
    await page.getByTestId('confirm-ruling').click();
    await page.locator('.ant-modal-container').waitFor({ state: 'hidden', timeout: UI_WAIT });
    await page
      .locator(`[data-testid=referred-table] [data-candidate="${F.PEOPLE.referredRuled}"]`)
      .waitFor({ state: 'detached', timeout: UI_WAIT });
    expect(await statusOf(F.PEOPLE.referredRuled)).toBe('cleared');
  });

  it("the organization department sees near-relative conflicts per village and each candidate's audit trail with its chain verified", async () => {
    requireBatch();
    const page = orgdept;
    await page.goto(`${base}/villages`);
    const conflict = await text(page, '[data-testid=relative-conflict]');
    expect(conflict).toContain('配偶');
    for (const name of F.PEOPLE.conflict) expect(conflict).toContain(name);

    await expect.poll(() => statusOf(F.PEOPLE.disqualifiedByReviewer), { timeout: PIPELINE_WAIT, interval: 2000 }).toBe('disqualified');
    await page.goto(`${base}/audit`);
    await page.locator(`a[data-candidate="${F.PEOPLE.disqualifiedByReviewer}"]`).click();
    expect(await text(page, '[data-testid=chain-ok]')).toContain('审计链校验通过');
    // The key events (no dispatches, no plain "no record" answers) fit on one page.
    await page.getByTestId('key-events').click();
    const events = await text(page, '[data-testid=audit-events]');
    expect(events).toContain('乡镇（街道）提交名单');
    expect(events).toContain('作出联审结论：不通过');
    // Each department's answer is its own event, listed with the answers the decision sealed.
    const answers = await text(page, '[data-testid=audit-answers]');
    expect(answers).toContain('区纪委答复：有记录：党纪处分');
    // People by name and unit, not account ids; hashes only in the verification panel.
    expect(answers).toContain('部门审查员（区纪委');
    expect(events).not.toMatch(/[0-9a-f]{10}/);
    expect(answers).not.toMatch(/[0-9a-f]{10}/);
    await page.getByTestId('chain-details').getByText('核验信息').click();
    expect(await text(page, '[data-testid=chain-details]')).toMatch(/链头摘要 [0-9a-f]{64}/);
    expect(events).not.toContain('发送区纪委审查');
    await shot(page, 'audit-trail');
  });

  it('the dashboard charts progress and the funnel, lists the overdue department with how late it is, and records a reminder', async () => {
    requireBatch();
    const page = orgdept;
    // 黄磊's hint at 区公安分局 is never answered: once its SLA passes the department is overdue.
    await expect
      .poll(() => statusOf(F.PEOPLE.incomplete), { timeout: SLA_SECONDS * 1000 + PIPELINE_WAIT, interval: 3000 })
      .toBe('incomplete');
    await page.goto(`${base}/dashboard`);
    const overdue = await text(page, '[data-testid=overdue-departments]');
    expect(overdue).toContain('区公安分局');
    // Minutes past the deadline read as minutes (working days only once a day has passed).
    expect(overdue).toMatch(/逾期(不足 1 分钟| \d+ 分钟| \d+ 小时)/);
    for (const chart of ['chart-funnel', 'chart-townships', 'chart-departments']) {
      expect(await page.locator(`[data-testid=${chart}] canvas`).count(), chart).toBeGreaterThan(0);
    }
    await page.getByTestId('remind-public-security').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    expect(await text(page, '[data-testid=reminded-public-security]')).toContain('已催办 1 次');
    await page.locator('.ant-message-notice').waitFor({ state: 'detached', timeout: UI_WAIT });
    await settled(page, '[data-testid=overdue-departments]');
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'dashboard');
    const dash = (await (await api(ORGDEPT_USER)).get(`/campaigns/${F.E2E_CAMPAIGN.id}/dashboard`)) as {
      reminders: Array<{ department: unknown }>;
    };
    expect(dash.reminders.map((r) => r.department)).toEqual(['public-security']);
  });

  it('the reviewer whose task timed out sees it highlighted as overdue, with the record-match hint on its card', async () => {
    requireBatch();
    const page = await signedIn(departmentUser('public-security'));
    await page.goto(`${base}/reviews?status=overdue`);
    const row = page.locator('[data-testid=inbox-table] tr.ant-table-row', {
      has: page.locator(`[data-candidate="${F.PEOPLE.incomplete}"]`),
    });
    await row.waitFor({ timeout: UI_WAIT });
    expect(await row.getAttribute('class')).toContain('overdue-row');
    // Minutes late reads as minutes, never as a day.
    expect(await row.innerText()).toMatch(/逾期(不足 1 分钟| \d+ 分钟)/);
    await page.locator(`[data-testid=inbox-table] [data-candidate="${F.PEOPLE.incomplete}"]`).click();
    const card = await text(page, '[data-testid=match-hints]');
    expect(card).toContain('身份证号相同，但姓名不同');
    expect(card).toContain('黄雷');
    expect(await text(page, '.ant-alert-error')).toContain('已超过答复期限');
  });

  it("the township sees every decision with its reasons citing the rule, downloads the 反馈名单, and cannot see another township's batch", async () => {
    requireBatch();
    const page = township;
    await expect
      .poll(async () => (await batchCandidates()).filter((c) => c.status === 'reviewing').length, {
        timeout: PIPELINE_WAIT,
        interval: 2000,
      })
      .toBe(0);
    await page.goto(`${base}/batches/${batchId}`);
    const table = page.getByTestId('batch-candidates');
    await table.waitFor({ timeout: UI_WAIT });
    const row = async (name: string) =>
      (
        await page
          .locator('[data-testid=batch-candidates] tr.ant-table-row', { has: page.locator(`[data-candidate="${name}"]`) })
          .innerText()
      ).replace(/\s+/g, ' ');
    expect(await row(F.PEOPLE.disqualifiedByExtract)).toMatch(/不通过.*区公安分局：刑事处罚.*依据：.*“/);
    // The township reads the category and the clause; the department's document number stays with the organization department.
    expect(await row(F.PEOPLE.disqualifiedByReviewer)).toMatch(/不通过.*区纪委：党纪处分.*依据：/);
    expect(await row(F.PEOPLE.disqualifiedByReviewer)).not.toContain('定纪〔2025〕19号');
    expect(await row(F.PEOPLE.incomplete)).toMatch(/未完成.*区公安分局逾期未答复/);
    expect(await row(F.PEOPLE.referredRuled)).toMatch(/通过.*组织部门已研判维持提名/);
    expect(await row(F.PEOPLE.referredOpen)).toContain('待组织部门研判');
    expect(await row('王建国')).toMatch(/28 \/ 28 个部门已答复.*通过/);
    expect(await row(F.PEOPLE.incomplete)).toContain('27 / 28 个部门已答复');
    await shot(page, 'batch-progress');

    const feedback = await saveDownload(page, () => page.getByTestId('download-feedback').click());
    const rows = await sheetRows(feedback.path, '反馈名单');
    expect(rows[0]).toEqual(['序号', '村(社区)', '姓名', '性别', '身份证号', '拟任职务', '人选类型', '联审结论', '理由']);
    expect(rows.slice(1).map((r) => r[2])).toEqual(['王建国', '李秀英', '刘芳', '陈刚', '杨明', '黄磊', '周敏', '吴强', '孙浩']);

    // Not in the list, not by URL, not through the API.
    await page.goto(`${base}/batches`);
    const list = await text(page, '[data-testid=batch-list]');
    expect(list).toContain('昌国街道 第1批');
    expect(list).not.toContain('盐仓街道');
    await expectNoAccess(page, `/batches/${otherBatchId}`);
    await expectNoAccess(page, '/dashboard');
    await expectNoAccess(page, '/reviews');
    const refused = await (await api(townshipUser('changguo'))).request('GET', `/batches/${otherBatchId}`);
    expect(refused.status).toBe(403);
  });

  it('the organization department approves the Party-secretary nominee’s filing (书记人选备案), recorded with who and when', async () => {
    requireBatch();
    const page = orgdept;
    await page.goto(`${base}/filings`);
    const row = page.locator('tr.ant-table-row', { hasText: '王建国' });
    await row.waitFor({ timeout: UI_WAIT });
    await row.locator('button', { hasText: '同意备案' }).click();
    await page.locator('.ant-modal:visible textarea').fill('考察材料齐全，同意备案');
    await page.locator('.ant-modal:visible button', { hasText: /确\s*认/ }).click();
    await expect.poll(async () => (await row.innerText()).replace(/\s+/g, ' '), { timeout: UI_WAIT }).toContain('考察材料齐全，同意备案');
    await shot(page, 'filing-approved');
  });

  it('(6) the organization department exports the clearance report; the downloaded xlsx holds every candidate with the right conclusion', async () => {
    requireBatch();
    const page = orgdept;
    await page.goto(`${base}/reports`);
    await page.getByTestId('report-table').waitFor({ timeout: UI_WAIT });
    const report = await saveDownload(page, () => page.getByTestId('export-xlsx').click());
    expect(report.download.suggestedFilename()).toMatch(/资格联审结果\.xlsx$/);
    const rows = await sheetRows(report.path, '联审结果');
    expect(rows[0]).toEqual([
      '序号',
      '乡镇(街道)',
      '村(社区)',
      '姓名',
      '性别',
      '出生年月',
      '身份证号',
      '拟任职务',
      '人选类型',
      '联审结论',
      '理由',
    ]);
    const conclusion = new Map(rows.slice(1).map((r) => [r[3], r[9]]));
    expect(Object.fromEntries(conclusion)).toEqual({
      王建国: '通过',
      刘芳: '通过',
      周敏: '通过',
      吴强: '通过',
      张伟: '通过',
      李秀英: '通过',
      杨明: '不通过',
      孙浩: '不通过',
      陈刚: '待组织部门研判',
      黄磊: '未完成',
    });
    const reasons = new Map(rows.slice(1).map((r) => [r[3], r[10] ?? '']));
    expect(reasons.get('李秀英')).toContain('组织部门研判：维持提名');
    expect(reasons.get('孙浩')).toContain('区纪委：党纪处分');
    // ID numbers are masked: 6 digits, 8 stars, 4 characters.
    for (const r of rows.slice(1)) expect(r[6]).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
  });

  it('prints the 公示 list on A4: only candidates who passed, no ID numbers, no portal chrome', async () => {
    requireBatch();
    const page = orgdept;
    await page.goto(`${base}/reports/publicity`);
    const sheet = await text(page, '[data-testid=publicity-sheet]');
    for (const name of ['王建国', '刘芳', '周敏', '吴强', '张伟', '李秀英']) expect(sheet).toContain(name);
    for (const name of ['杨明', '孙浩', '陈刚', '黄磊']) expect(sheet).not.toContain(name);
    expect(sheet).not.toMatch(/\d{6}\*{8}/);
    // As printed: A4 portrait (794×1123 CSS px), the portal's header, menu and buttons gone.
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 794, height: 1123 });
    expect(await page.locator('.app-header').isVisible()).toBe(false);
    expect(await page.locator('.app-sider').isVisible()).toBe(false);
    expect(await page.getByTestId('print').isVisible()).toBe(false);
    await shot(page, 'publicity-list');
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('sessions expire: an expired token, or one the server does not accept, leads back to sign-in', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    watch(context);
    const page = await context.newPage();
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const token = (exp: number) =>
      `${b64({ alg: 'ES256', typ: 'JWT' })}.${b64({ sub: 'x', username: 'orgdept', 'cognito:groups': ['orgdept'], exp })}.c2ln`;

    await page.goto(`${base}/login`);
    // The sign-in page first: once it has rendered it reads no session any more. A token put in
    // while the app still loads (it waits for /config.json) would be read and dropped by that page.
    await page.getByLabel('用户名').waitFor({ timeout: UI_WAIT });
    await page.evaluate((t) => sessionStorage.setItem('lianshen.session', t), token(now - 60));
    await page.goto(`${base}/dashboard`);
    await page.waitForURL((u) => u.pathname === '/login', { timeout: UI_WAIT });
    expect(await text(page, '[data-testid=expired-notice]')).toContain('登录已过期');

    // A forged, unexpired token opens no data: the API answers 401 and the portal signs out.
    await page.evaluate((t) => sessionStorage.setItem('lianshen.session', t), token(now + 3600));
    await page.goto(`${base}/dashboard`);
    await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('expired') === '1', { timeout: UI_WAIT });
    expect(await page.evaluate(() => sessionStorage.getItem('lianshen.session'))).toBeNull();
  });

  it('the browser never received a task token', async () => {
    await Promise.all(responseChecks);
    expect(responseChecks.length).toBeGreaterThan(20);
    expect(tokenLeaks).toEqual([]);
  });

  it("no page made a request outside the app's own origin", () => {
    expect(requests.length).toBeGreaterThan(50);
    const foreign = requests.filter((u) => {
      const url = new URL(u);
      if (url.protocol === 'data:' || url.protocol === 'blob:') return false;
      return url.origin !== base;
    });
    expect(foreign).toEqual([]);
  });
});
