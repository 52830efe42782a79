// The day's work in Chromium at 1366×768: a department reviewer finds people in the inbox (search by
// name or ID number, filters by batch, page size), ticks rows for a bulk attestation that says whom
// it covers, and exports the open tasks to Excel with full ID numbers and Beijing times; the
// organization department filters the referred list by reason, confirms a ruling after seeing what
// it will do, then revises it with a reason (a new decision version). Screenshots of each changed
// page go to test-results/screenshots/daily-*.png.
//
// Its own small stack: 昌国街道's 24 sample candidates in two batches. 区信访局 keeps its real
// deadline (its reviewer works the inbox); every other manual department goes overdue within the
// run, so once 区信访局 has answered everyone is decided and 李秀英's 违章建房 awaits a ruling.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../cli/lib/api-client.js';
import { clientAs, ensureCampaign } from '../../cli/lib/seed.js';
import { startStack, type Stack } from '../../local/stack.js';
import { departmentUser, ORGDEPT_USER, townshipUser } from '../../local/users.js';
import { builtInPolicy } from '../../shared/adapters/files/policy-files.js';
import { launchChromium, type Browser, type BrowserContext, type Page } from './browser.js';
import * as F from './fixtures.js';
import { signedIn as signInAs } from './sign-in.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const DOWNLOADS = join(ROOT, 'test-results', 'downloads', 'daily-work');
const PIPELINE_WAIT = 240_000;
const UI_WAIT = 30_000;
const SLA_SECONDS = 30;
const REVIEWER_DEPT = 'petitions';
const ALL = 24;
const REFERRED = F.PEOPLE.referredRuled;

const policy = builtInPolicy(F.E2E_CAMPAIGN.policyId);
const AUTO = policy.departments.filter((d) => d.mode === 'auto').map((d) => d.code);

let stack: Stack;
let browser: Browser;
let base: string;
const contexts: BrowserContext[] = [];
let secondBatchId = '';

interface InboxView {
  total: number;
  counts: { open: number; answered: number };
  items: Array<{ taskId: string; candidateId: string; candidate: { name: string } }>;
}

async function api(username: string): Promise<ApiClient> {
  return clientAs(base, stack.auth, username);
}

async function inbox(query = 'status=open'): Promise<InboxView> {
  return (await (await api(departmentUser(REVIEWER_DEPT))).get(`/reviews?${query}`)) as InboxView;
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
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: UI_WAIT });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
  await page.screenshot({ path: join(SHOTS, `daily-${name}.png`) });
}

/** The names in the inbox table once it shows `count` rows. */
async function rowNames(page: Page, count: number): Promise<string[]> {
  const names = page.locator('[data-testid=inbox-table] tr.ant-table-row [data-candidate]');
  await expect.poll(() => names.count(), { timeout: UI_WAIT }).toBe(count);
  return (await names.evaluateAll((els) => els.map((e) => e.getAttribute('data-candidate') ?? ''))).filter((n) => n !== '');
}

async function pick(page: Page, testId: string, option: string | RegExp): Promise<void> {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  mkdirSync(DOWNLOADS, { recursive: true });
  stack = await startStack({
    mode: 'memory',
    demo: true,
    departmentTimeoutSeconds: (_campaign, department) => (department === REVIEWER_DEPT ? undefined : SLA_SECONDS),
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
  const township = await api(townshipUser('changguo'));
  for (const [key, bytes] of [
    ['e2e-daily-first', F.goodBatch(ROOT)],
    ['e2e-daily-second', F.secondBatch(ROOT)],
  ] as const) {
    const created = (await township.post(
      '/batches',
      { campaignId: F.E2E_CAMPAIGN.id, candidates: { filename: `${key}.csv`, contentBase64: Buffer.from(bytes).toString('base64') } },
      { 'idempotency-key': key },
    )) as { batchId: string };
    secondBatchId = created.batchId;
  }
  browser = await launchChromium(ROOT);
}, 300_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await stack?.stop();
}, 120_000);

describe('a reviewer’s and the organization department’s day', () => {
  it('the reviewer searches by name and ID number, filters by batch, changes the page size and sorts', async () => {
    await expect.poll(async () => (await inbox()).counts.open, { timeout: PIPELINE_WAIT, interval: 2000 }).toBe(ALL);
    const page = await signedIn(departmentUser(REVIEWER_DEPT));
    await page.goto(`${base}/reviews`);
    expect(await rowNames(page, 10)).toHaveLength(10);
    await expect.poll(() => text(page, '.ant-pagination'), { timeout: UI_WAIT }).toContain(`共 ${ALL} 人`);

    await page.getByTestId('inbox-search').locator('input').fill(REFERRED);
    await page.getByTestId('inbox-search').locator('input').press('Enter');
    expect(await rowNames(page, 1)).toEqual([REFERRED]);

    // The full ID number, as the reviewer reads it off the department's own record.
    const task = (await inbox(`status=open&q=${encodeURIComponent(REFERRED)}`)).items[0];
    const card = (await (await api(departmentUser(REVIEWER_DEPT))).get(`/reviews/${encodeURIComponent(task?.taskId ?? '')}`)) as {
      candidate: { idNumber: string };
    };
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    await page.getByTestId('inbox-search').locator('input').fill(card.candidate.idNumber);
    await page.getByTestId('inbox-search').locator('input').press('Enter');
    expect(await rowNames(page, 1)).toEqual([REFERRED]);
    // The full number never travels in a URL: the portal sends it masked, as the list shows it.
    expect(new URL(page.url()).searchParams.get('q')).toBe(
      `${card.candidate.idNumber.slice(0, 6)}********${card.candidate.idNumber.slice(-4)}`,
    );
    expect(urls.filter((u) => decodeURIComponent(u).includes(card.candidate.idNumber))).toEqual([]);
    await page.getByTestId('inbox-search').locator('input').fill('');
    await page.getByTestId('inbox-search').locator('input').press('Enter');
    await rowNames(page, 10);

    await pick(page, 'filter-batch', '昌国街道 第2批');
    expect(new URL(page.url()).searchParams.get('batch')).toBe(secondBatchId);
    const second = (await inbox(`status=open&batch=${secondBatchId}`)).total;
    expect(second).toBe(ALL - 9);
    // The list reloads after the address changed: wait for the new total.
    await expect.poll(() => text(page, '.ant-pagination'), { timeout: UI_WAIT }).toContain(`共 ${second} 人`);
    await page.getByRole('button', { name: '清除筛选' }).click();

    await page.locator('.ant-pagination-options .ant-select').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '20' }).click();
    expect(await rowNames(page, 20)).toHaveLength(20);
    await pick(page, 'inbox-sort', '最晚在前');
    await expect.poll(() => new URL(page.url()).searchParams.get('sort'), { timeout: UI_WAIT }).toBe('deadline_desc');
    await rowNames(page, 20);
    await shot(page, 'department-inbox-filters');
  });

  it('ticked rows: the bulk attestation names exactly the ticked people and answers only them', async () => {
    const page = await signedIn(departmentUser(REVIEWER_DEPT));
    await page.goto(`${base}/reviews`);
    const names = await rowNames(page, 10);
    const ticked = names.filter((n) => n !== REFERRED).slice(0, 2);
    for (const name of ticked) {
      await page
        .locator('[data-testid=inbox-table] tr.ant-table-row', { has: page.locator(`[data-candidate="${name}"]`) })
        .locator('.ant-checkbox-input')
        .check();
    }
    expect(await text(page, '[data-testid=bulk-attest]')).toContain('以上人员经查无记录（勾选 2 人）');
    await page.getByTestId('bulk-attest').click();
    expect(await text(page, '[data-testid=attest-scope]')).toContain('勾选的 2 人');
    expect((await text(page, '.attest-names')).split('、').sort()).toEqual([...ticked].sort());
    await shot(page, 'department-attest-ticked');
    await page.locator('.ant-modal-container').getByText('本人已逐一查询本部门记录').click();
    await page.getByTestId('confirm-attest').click();
    expect(await text(page, '[data-testid=attestation-done]')).toContain('共答复 2 人');
    const after = await inbox();
    expect(after.counts.open).toBe(ALL - 2);
    expect(after.items.map((t) => t.candidate.name)).not.toContain(ticked[0]);
  });

  it('exports the open tasks to Excel with full ID numbers and times in Beijing time, Chinese form', async () => {
    const page = await signedIn(departmentUser(REVIEWER_DEPT));
    await page.goto(`${base}/reviews`);
    await rowNames(page, 10);
    const [d] = await Promise.all([page.waitForEvent('download', { timeout: UI_WAIT }), page.getByTestId('export-open-tasks').click()]);
    const path = join(DOWNLOADS, d.suggestedFilename());
    await d.saveAs(path);
    expect(d.suggestedFilename()).toMatch(/^待答复任务-区信访局-\d{4}年\d{1,2}月\d{1,2}日\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const sheet = workbook.getWorksheet('待答复任务');
    if (!sheet) throw new Error('no sheet 待答复任务');
    const rows: string[][] = [];
    sheet.eachRow((row) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (c) => cells.push(c.text));
      rows.push(cells);
    });
    expect(rows).toHaveLength(1 + ALL - 2);
    const header = rows[0] ?? [];
    const li = rows.find((r) => r[header.indexOf('姓名')] === REFERRED) ?? [];
    const task = (await inbox(`status=open&q=${encodeURIComponent(REFERRED)}`)).items[0];
    const card = (await (await api(departmentUser(REVIEWER_DEPT))).get(`/reviews/${encodeURIComponent(task?.taskId ?? '')}`)) as {
      candidate: { idNumber: string };
    };
    expect(li[header.indexOf('身份证号')]).toBe(card.candidate.idNumber);
    expect(li[header.indexOf('答复期限（北京时间）')]).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 24:00$/);
    const about: string[] = [];
    workbook.getWorksheet('说明')?.eachRow((row) => {
      about.push(row.getCell(1).text);
    });
    expect(about.join('\n')).toMatch(/导出时间：\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}（北京时间）/);
    expect(about.join('\n')).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
  });

  it('the organization department filters the referred list by reason, confirms a ruling, then revises it with a reason', async () => {
    // 区信访局 answers the rest: with every other department overdue, everyone is decided.
    await (await api(departmentUser(REVIEWER_DEPT))).post('/reviews/attest', {
      statement: '以上人员经查无记录',
      department: REVIEWER_DEPT,
    });
    const org = await api(ORGDEPT_USER);
    const referred = async () =>
      (await org.get(`/campaigns/${F.E2E_CAMPAIGN.id}/referred`)) as {
        pending: Array<{ name: string }>;
        ruled: Array<{ name: string; candidateId: string; decision: { finalStatus: string; version: number } }>;
      };
    try {
      await expect
        .poll(async () => (await referred()).pending.map((r) => r.name), { timeout: PIPELINE_WAIT, interval: 2000 })
        .toContain(REFERRED);
    } catch (error) {
      // Say where the candidate is (still under review, failed, decided otherwise) rather than only that it is missing.
      const batches = (await (await api(townshipUser('changguo'))).get('/batches')) as { batches: Array<{ batchId: string }> };
      for (const b of batches.batches) {
        const detail = (await (await api(townshipUser('changguo'))).get(`/batches/${b.batchId}`)) as {
          candidates: Array<{ name: string; status: string; progress: unknown }>;
        };
        const found = detail.candidates.find((c) => c.name === REFERRED);
        if (found) throw new Error(`${REFERRED}: ${JSON.stringify(found.status)} ${JSON.stringify(found.progress)}`, { cause: error });
      }
      throw error;
    }

    const page = await signedIn(ORGDEPT_USER);
    await page.goto(`${base}/referred`);
    await page.locator(`[data-testid=referred-table] [data-candidate="${REFERRED}"]`).waitFor({ timeout: UI_WAIT });
    await pick(page, 'referred-reason', '违章建房');
    const rows = page.locator('[data-testid=referred-table] tr.ant-table-row [data-candidate]');
    await expect
      .poll(() => rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-candidate'))), { timeout: UI_WAIT })
      .toEqual([REFERRED]);
    expect(await text(page, '[data-testid=referred-table]')).toContain('第1批');
    await shot(page, 'orgdept-referred-filtered');

    await page.getByTestId(`rule-${REFERRED}`).click();
    await page.locator('.ant-modal-container textarea').first().fill('经实地核查，该违章建筑已拆除整改完毕，经集体研究，同意维持提名。');
    await page.locator('.ant-modal-container label', { hasText: '维持提名（通过）' }).click();
    await page.getByTestId('review-ruling').click();
    // The confirm step says what will happen; nothing is final yet.
    const consequence = await text(page, '[data-testid=ruling-consequence]');
    expect(consequence).toMatch(/通过|待全部部门答复后生效/);
    expect((await referred()).ruled.map((r) => r.name)).not.toContain(REFERRED);
    await shot(page, 'orgdept-ruling-confirm');
    await page.getByTestId('confirm-ruling').click();
    await page.locator('.ant-modal-container').waitFor({ state: 'hidden', timeout: UI_WAIT });
    const ruled = (await referred()).ruled.find((r) => r.name === REFERRED);
    expect(ruled).toBeDefined();

    await page.getByRole('tab', { name: /已研判/ }).click();
    await page.getByTestId(`revise-${REFERRED}`).click();
    await page.getByTestId('ruling-justification').fill('经再次核实，该违章建筑尚未整改，经集体研究，取消提名资格。');
    await page.getByTestId('review-revision').click();
    // The reason is required before the confirm step.
    expect(await text(page, '.ant-modal-container .ant-form-item-explain-error')).toContain('请填写修改理由');
    await page.getByTestId('revision-reason').fill('街道报送了新的核查材料');
    await page.getByTestId('review-revision').click();
    expect(await text(page, '[data-testid=ruling-confirm]')).toContain('取消资格（不通过）');
    await shot(page, 'orgdept-revision-confirm');
    await page.getByTestId('confirm-revision').click();
    await page.locator('.ant-modal-container').waitFor({ state: 'hidden', timeout: UI_WAIT });
    const revised = (await referred()).ruled.find((r) => r.name === REFERRED);
    expect(revised?.decision.version).toBe((ruled?.decision.version ?? 0) + 1);
    expect(await text(page, `[data-ruling="${REFERRED}"]`)).toContain('已修改 1 次');
    await shot(page, 'orgdept-referred-revised');
    const trail = (await org.get(`/candidates/${encodeURIComponent(revised?.candidateId ?? '')}/audit`)) as {
      events: Array<{ type: string; data: Record<string, unknown> }>;
    };
    expect(trail.events.filter((e) => e.type === 'ruling_revised').map((e) => e.data['outcome'])).toEqual(['disqualify']);

    // The audit page says it in plain words, on the candidate's last page of key events.
    await page.goto(`${base}/audit/${encodeURIComponent(revised?.candidateId ?? '')}`);
    await page.getByTestId('audit-events').waitFor({ timeout: UI_WAIT });
    await page.getByTestId('key-events').click();
    const pages = page.locator('.ant-pagination-item');
    if ((await pages.count()) > 1) await pages.last().click();
    expect(await text(page, '[data-testid=audit-events]')).toContain('组织部门修改研判结论：维持提名 → 取消资格');
    await shot(page, 'orgdept-audit-revised');
  });
});
