// Nothing on screen or in an export says more than the data holds: a batch whose candidates are
// 未完成 because departments went overdue, an early ruling that waits for the missing answers, the
// template's empty rows, times, lateness and the dashboard's charts, in Chromium (1366×768).
//
// Its own small stack: the nine e2e candidates, every automatic department answering from its
// extract, manual departments capped at a short SLA so they go overdue within the run; only
// 王建国's manual tasks are answered, so he alone is cleared by answers.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../cli/lib/api-client.js';
import { clientAs, ensureCampaign } from '../../cli/lib/seed.js';
import { startStack, type Stack } from '../../local/stack.js';
import { departmentUser, ORGDEPT_USER, townshipUser } from '../../local/users.js';
import { builtInPolicy } from '../../shared/adapters/files/policy-files.js';
import { beijingDateTime } from '../../shared/domain/time.js';
import { launchChromium, type Browser, type BrowserContext, type Page } from './browser.js';
import * as F from './fixtures.js';
import { signedIn as signInAs, validateAndSubmit } from './sign-in.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const DOWNLOADS = join(ROOT, 'test-results', 'downloads', 'misleads');
const SLA_SECONDS = Number(process.env['LIANSHEN_E2E_MISLEADS_SLA_SECONDS'] ?? 30);
const PIPELINE_WAIT = 180_000;
const UI_WAIT = 30_000;
const ISO_TIME = /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;
const CHINESE_TIME = /\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/;
const CLEARED = '王建国';
/** 区住建局's extract: 违章建房 未整改 (a concern); ruled on while manual departments are still missing. */
const RULED_EARLY = F.PEOPLE.referredRuled;

const policy = builtInPolicy(F.E2E_CAMPAIGN.policyId);
const MANUAL = policy.departments.filter((d) => d.mode === 'manual').map((d) => d.code);
const AUTO = policy.departments.filter((d) => d.mode === 'auto').map((d) => d.code);

let stack: Stack;
let browser: Browser;
let base: string;
const contexts: BrowserContext[] = [];
let township: Page;
let orgdept: Page;
let batchId = '';

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

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

async function download(page: Page, click: () => Promise<void>): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: UI_WAIT }), click()]);
  const path = join(DOWNLOADS, d.suggestedFilename());
  await d.saveAs(path);
  return path;
}

async function sheet(path: string, name: string): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const ws = workbook.getWorksheet(name);
  if (!ws) throw new Error(`${path} has no sheet ${name}`);
  const rows: string[][] = [];
  ws.eachRow((row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (c) => cells.push(c.text));
    rows.push(cells);
  });
  return rows;
}

/** Every cell of every sheet, for what must never appear in a file. */
async function allCells(path: string): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const out: string[] = [];
  workbook.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => out.push(c.text))));
  return out.join('\n');
}

interface BatchStatusView {
  state: string;
  label: string;
  text: string;
  total: number;
  final: number;
  incomplete: number;
  overdueDepartments: number;
}
interface CandidateView {
  name: string;
  status: string;
  candidateId: string;
}

async function batch(): Promise<{ batch: { submittedAt: string; status: BatchStatusView }; candidates: CandidateView[] }> {
  return (await (await api(townshipUser('changguo'))).get(`/batches/${batchId}`)) as {
    batch: { submittedAt: string; status: BatchStatusView };
    candidates: CandidateView[];
  };
}

function requireBatch(): void {
  if (batchId === '') throw new Error('no batch: the first step did not submit one');
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  mkdirSync(DOWNLOADS, { recursive: true });
  stack = await startStack({
    mode: 'memory',
    demo: true,
    // Silent departments go overdue within the run; automatic ones answer from their extracts at once
    // (区公安分局's hint on 黄磊 waits for a reviewer, and times out too).
    departmentTimeoutSeconds: SLA_SECONDS,
    portalDir: join(ROOT, 'portal', 'dist'),
    log: (line) => {
      if (process.env['LIANSHEN_E2E_VERBOSE']) process.stderr.write(`[stack] ${line}\n`);
    },
  });
  base = stack.urls.http;
  await ensureCampaign(await api(ORGDEPT_USER), F.E2E_CAMPAIGN);
  for (const code of AUTO) {
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

describe('nothing on screen or in an export says more than the data holds', () => {
  it("the upload preview of the portal's own template counts its one example row, not the empty formatted rows", async () => {
    const page = await signedIn(townshipUser('changguo'));
    township = page;
    await page.goto(`${base}/batches/new`);
    const template = await download(page, () => page.getByTestId('download-template').click());
    await page
      .locator('input[type=file]')
      .first()
      .setInputFiles({
        name: '人选名单模板.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: readFileSync(template),
      });
    const preview = await text(page, '[data-preview=候选人]');
    expect(preview).toContain('共 1 行数据');
    expect(await page.locator('[data-preview=候选人] tbody tr.ant-table-row').count()).toBe(1);
    await shot(page, 'misleads-template-preview');

    await page
      .locator('input[type=file]')
      .first()
      .setInputFiles({ name: '昌国街道人选名单.csv', mimeType: 'text/csv', buffer: Buffer.from(F.goodBatch(ROOT)) });
    await page.getByText('已选择：昌国街道人选名单.csv').waitFor({ timeout: UI_WAIT });
    expect(await text(page, '[data-preview=候选人]')).toContain('共 9 行数据');
    batchId = await validateAndSubmit(page);
  });

  it('departments go overdue: every candidate is decided, most of them 未完成', async () => {
    requireBatch();
    // 王建国's manual departments answer at once; everyone else's stay silent until the SLA passes.
    const id = (await batch()).candidates.find((c) => c.name === CLEARED)?.candidateId;
    // Only the departments routed to him have a task (some ask party members only): answer whatever is open for him.
    const clients = await Promise.all(MANUAL.map((code) => api(departmentUser(code))));
    await expect
      .poll(
        async () => {
          await Promise.all(
            clients.map(async (client) => {
              const inbox = (await client.get('/reviews?status=open')) as { items: Array<{ taskId: string; candidateId: string }> };
              const task = inbox.items.find((t) => t.candidateId === id);
              if (task !== undefined) await client.post(`/reviews/${encodeURIComponent(task.taskId)}/answer`, { result: 'clear' });
            }),
          );
          return (await batch()).candidates.find((c) => c.name === CLEARED)?.status;
        },
        { timeout: PIPELINE_WAIT, interval: 1000 },
      )
      .toBe('cleared');
    await expect
      .poll(async () => (await batch()).candidates.filter((c) => c.status === 'reviewing').length, {
        timeout: PIPELINE_WAIT,
        interval: 2000,
      })
      .toBe(0);
    const { candidates } = await batch();
    expect(candidates.find((c) => c.name === CLEARED)?.status).toBe('cleared');
    expect(candidates.filter((c) => c.status === 'incomplete').length).toBeGreaterThan(1);
  });

  it('the batch list and page say what is missing ("N 人未完成（M 个部门逾期）"), never 联审完成 with a full bar', async () => {
    requireBatch();
    const { batch: b, candidates } = await batch();
    const incomplete = candidates.filter((c) => c.status === 'incomplete').length;
    const final = candidates.filter((c) => c.status === 'cleared' || c.status === 'disqualified').length;
    expect(b.status).toMatchObject({ state: 'waiting', label: '未完成', incomplete, final, total: 9 });
    expect(b.status.overdueDepartments).toBeGreaterThan(0);

    const page = township;
    await page.goto(`${base}/batches`);
    const row = await text(page, `[data-batch-status="${batchId}"]`);
    expect(row).toContain(`${incomplete} 人未完成（${b.status.overdueDepartments} 个部门逾期）`);
    expect(row).not.toContain('联审完成');
    expect(await page.locator(`[data-batch-progress="${final}/9"]`).count()).toBe(1);
    expect(await text(page, '[data-testid=batch-list]')).not.toContain('联审完成');
    await shot(page, 'misleads-batch-list');

    await page.goto(`${base}/batches/${batchId}`);
    const status = await text(page, '[data-testid=batch-status]');
    expect(status).toContain(b.status.text);
    expect(status).not.toContain('联审完成');
    await shot(page, 'misleads-batch-page');
  });

  it('an early ruling on a candidate whose checks are incomplete leaves them 未完成, noted, with the missing departments, on every screen and file, and off the 公示 list', async () => {
    requireBatch();
    orgdept = await signedIn(ORGDEPT_USER);
    const page = orgdept;
    await page.goto(`${base}/referred`);
    await page.getByTestId(`rule-${RULED_EARLY}`).click();
    expect(await text(page, '[data-testid=ruling-waits]')).toContain('待全部部门答复后生效');
    await page.locator('.ant-modal-container textarea').fill('经实地核查，违章建筑已拆除整改，经集体研究维持提名。');
    await page.locator('.ant-modal-container label', { hasText: '维持提名' }).click();
    await page.getByTestId('review-ruling').click();
    expect(await text(page, '[data-testid=ruling-consequence]')).toContain('待全部部门答复后生效');
    await page.getByTestId('confirm-ruling').click();
    await page.locator('.ant-modal-container').waitFor({ state: 'hidden', timeout: UI_WAIT });
    expect((await batch()).candidates.find((c) => c.name === RULED_EARLY)?.status).toBe('incomplete');

    // The referred list: ruled, not in effect, the missing departments named.
    await page.getByRole('tab', { name: /已研判/ }).click();
    const ruled = await text(page, `[data-ruling="${RULED_EARLY}"]`);
    expect(ruled).toContain('已研判维持提名，待全部部门答复后生效');
    expect(ruled).toContain('逾期未答复');
    await shot(page, 'misleads-referred-ruled');

    // The batch page.
    await township.goto(`${base}/batches/${batchId}`);
    const row = (
      await township
        .locator('[data-testid=batch-candidates] tr.ant-table-row', { has: township.locator(`[data-candidate="${RULED_EARLY}"]`) })
        .innerText()
    ).replace(/\s+/g, ' ');
    expect(row).toContain('未完成');
    expect(row).toContain('组织部门已研判维持提名，待全部部门答复后生效');
    expect(row).toMatch(/尚缺部门答复：.*逾期未答复/);

    // The feedback list and the clearance report.
    const feedback = await sheet(await download(township, () => township.getByTestId('download-feedback').click()), '反馈名单');
    const fb = feedback.find((r) => r[2] === RULED_EARLY);
    expect(fb?.[7]).toBe('未完成');
    expect(fb?.[8]).toContain('待全部部门答复后生效');
    expect(fb?.[8]).toContain('逾期未答复');
    await page.goto(`${base}/reports`);
    await page.getByTestId('report-table').waitFor({ timeout: UI_WAIT });
    const reportRow = (
      await page.locator('[data-testid=report-table] tr.ant-table-row', { hasText: RULED_EARLY }).first().innerText()
    ).replace(/\s+/g, ' ');
    expect(reportRow).toContain('未完成');
    expect(reportRow).toContain('逾期未答复');
    const report = await sheet(await download(page, () => page.getByTestId('export-xlsx').click()), '联审结果');
    const rr = report.find((r) => r[3] === RULED_EARLY);
    expect(rr?.[9]).toBe('未完成');
    expect(rr?.[10]).toContain('待全部部门答复后生效');
    expect(rr?.[10]).toContain('逾期未答复');

    // The 公示 list: only who passed (王建国 is a Party-secretary nominee: his filing is approved first).
    const cleared = (await batch()).candidates.find((c) => c.name === CLEARED)?.candidateId ?? '';
    await (await api(ORGDEPT_USER)).post(`/candidates/${encodeURIComponent(cleared)}/filing`, { decision: 'approve', note: '同意备案' });
    await page.goto(`${base}/reports/publicity`);
    const publicity = await text(page, '[data-testid=publicity-sheet]');
    expect(publicity).toContain(CLEARED);
    expect(publicity).not.toContain(RULED_EARLY);
  });

  it('every time people see is Beijing time in Chinese form, on the page and in every downloaded file', async () => {
    requireBatch();
    const { batch: b } = await batch();
    await township.goto(`${base}/batches/${batchId}`);
    await township.getByTestId('batch-candidates').waitFor({ timeout: UI_WAIT });
    const body = await text(township, 'main');
    expect(body).toContain(beijingDateTime(b.submittedAt));
    expect(body).not.toMatch(ISO_TIME);
    const feedback = await download(township, () => township.getByTestId('download-feedback').click());
    await orgdept.goto(`${base}/reports`);
    await orgdept.getByTestId('report-table').waitFor({ timeout: UI_WAIT });
    expect(await text(orgdept, 'main')).not.toMatch(ISO_TIME);
    const report = await download(orgdept, () => orgdept.getByTestId('export-xlsx').click());
    for (const path of [feedback, report]) {
      const cells = await allCells(path);
      expect(cells).toMatch(new RegExp(`生成时间：${CHINESE_TIME.source}`));
      expect(cells).not.toMatch(ISO_TIME);
    }
  });

  it('lateness of a few minutes reads as minutes, not 逾期 1 天, in the inbox and on the dashboard', async () => {
    requireBatch();
    const code = MANUAL.find((c) => c !== 'public-security') ?? MANUAL[0] ?? '';
    const page = await signedIn(departmentUser(code));
    await page.goto(`${base}/reviews?status=overdue`);
    const due = page.locator('[data-testid=task-due]').first();
    await due.waitFor({ timeout: UI_WAIT });
    const late = await due.innerText();
    expect(late).toMatch(/^逾期(不足 1 分钟| \d+ 分钟)$/);
    await shot(page, 'misleads-inbox-overdue');

    await orgdept.goto(`${base}/dashboard`);
    const tag = orgdept.locator(`[data-late="${code}"]`);
    await tag.waitFor({ timeout: UI_WAIT });
    expect(await tag.innerText()).toMatch(/^逾期(不足 1 分钟| \d+ 分钟)$/);
    expect(await text(orgdept, '[data-testid=overdue-departments]')).not.toContain('天');
  });

  it("the dashboard's charts add up to the numbers beside them: the funnel's middle bar is explained, the township bar counts results that stand", async () => {
    requireBatch();
    const page = orgdept;
    await page.goto(`${base}/dashboard`);
    const series = async (testId: string) =>
      JSON.parse((await page.getByTestId(testId).getAttribute('data-series', { timeout: UI_WAIT })) ?? '{}') as Record<
        string,
        Array<number | string>
      >;
    const funnel = await series('chart-funnel');
    const at = (name: string, stage: number) => Number(funnel[name]?.[stage] ?? 0);
    const submitted = at('已提交', 0);
    expect(submitted).toBe(9);
    // The middle bar: every candidate is in one of its three parts, so it is never empty unexplained.
    expect(at('部门已全部答复', 1) + at('有部门逾期未答复', 1) + at('答复期内', 1)).toBe(submitted);
    expect(at('有部门逾期未答复', 1)).toBeGreaterThan(0);
    const outcomes = ['通过', '不通过', '待组织部门研判', '未完成', '审查中'].reduce((n, name) => n + at(name, 2), 0);
    expect(outcomes).toBe(submitted);
    const { batch: b } = await batch();
    expect(at('未完成', 2)).toBe(b.status.incomplete);
    expect(await text(page, '[data-testid=stat-incomplete]')).toContain(String(b.status.incomplete));

    // One township: its 已有最终结论 bar is the batch's final / total, as the batch list shows it.
    const townships = await series('chart-townships');
    expect(townships['已有最终结论']).toEqual([Math.round((b.status.final / b.status.total) * 100)]);
    expect(Number(townships['已有最终结论']?.[0])).toBeLessThan(100);
    // The charts grow in for about a second; the screenshot shows them drawn.
    await page.waitForTimeout(1500);
    await shot(page, 'misleads-dashboard');
  });
});
