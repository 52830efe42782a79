// A county that ships nowhere in the repository runs its own campaign, in Chromium, from an empty
// data folder: the organization-department account printed at the first start signs in and sets
// its password, uploads the county's own 负面清单 workbook, creates the campaign with its own
// townships, villages and election day, creates a township account and a department account;
// each signs in with its one-time password, the township submits its batch, the department's
// reviewer answers, and the decisions cite the uploaded document and its clauses — the same
// decisions `lianshen vet --policy <workbook>` gives (test/cli/vet-county.test.ts).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, fileBody } from '../../cli/lib/api-client.js';
import { firstAccountLines } from '../../cli/lib/start.js';
import { startStack, type Stack } from '../../local/stack.js';
import { ATTESTATION_STATEMENT, BatchDetail, Inbox } from '../../shared/api/index.js';
import { type Browser, type BrowserContext, launchChromium, type Page } from './browser.js';
import { changeFirstPassword, signInForm as signInAt, validateAndSubmit } from './sign-in.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const COUNTY = join(ROOT, 'test', 'fixtures', 'county');
const UI_WAIT = 30_000;
const PIPELINE_WAIT = 180_000;
const CAMPAIGN = 'qingxi-2027-hj';
const TITLE = '《青溪县2027年村(社区)“两委”换届候选人资格联审工作方案》';
/** What `lianshen vet --policy 青溪县负面清单.xlsx` decides for the same files (test/cli/vet-county.test.ts). */
const EXPECTED: Record<string, 'cleared' | 'disqualified' | 'referred'> = {
  陈志刚: 'cleared',
  赵丽华: 'cleared',
  钱国强: 'disqualified',
  孙德明: 'disqualified',
  周红梅: 'referred',
  吴建军: 'referred',
  郑小燕: 'cleared',
  王磊: 'cleared',
  冯海: 'referred',
};
const MANUAL = ['discipline', 'procuratorate', 'petitions'];

let stack: Stack;
let browser: Browser;
let base = '';
const contexts: BrowserContext[] = [];
let org: Page;
const passwords = new Map<string, string>();
let batchId = '';

const csv = (lines: string[]) => Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');

async function fresh(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  contexts.push(context);
  return context.newPage();
}

async function signInForm(page: Page, username: string, password: string): Promise<void> {
  await signInAt(page, base, username, password);
}

/** A first sign-in with a one-time password: the forced change, then the user's own page. */
async function firstSignIn(page: Page, username: string, temporary: string, next: string): Promise<void> {
  await signInForm(page, username, temporary);
  await changeFirstPassword(page, temporary, next);
  await page.waitForURL((u) => u.pathname !== '/login', { timeout: UI_WAIT });
}

async function text(page: Page, selector: string): Promise<string> {
  const el = page.locator(selector).first();
  await el.waitFor({ state: 'visible', timeout: UI_WAIT });
  return (await el.innerText()).replace(/\s+/g, ' ');
}

async function pickFile(page: Page, scope: string, name: string, bytes: Uint8Array, mimeType = 'text/csv'): Promise<void> {
  await page
    .locator(`${scope} input[type=file]`)
    .first()
    .setInputFiles({ name, mimeType, buffer: Buffer.from(bytes) });
}

/** Creates an account on the accounts page and returns the one-time password shown once. */
async function createAccount(kind: '乡镇（街道）' | '联审部门', unit: string, username: string, name: string, phone: string) {
  await org.goto(`${base}/accounts`);
  await org.getByTestId('accounts-table').waitFor({ timeout: UI_WAIT });
  await org.getByTestId('create-account').click();
  await org.locator('.ant-modal label.ant-radio-button-wrapper', { hasText: kind }).click();
  await org.getByTestId('account-unit').click();
  await org.locator('.ant-select-item-option', { hasText: unit }).first().click();
  await org.getByTestId('account-username').fill(username);
  await org.getByTestId('account-name').fill(name);
  await org.getByTestId('account-phone').fill(phone);
  await org.locator('.ant-modal-footer button', { hasText: /创\s*建/ }).click();
  const value = org.getByTestId('one-time-password-value');
  await value.waitFor({ timeout: UI_WAIT });
  const password = (await value.innerText()).trim();
  await org.getByTestId('password-noted').click();
  await org.getByTestId('one-time-password').waitFor({ state: 'detached', timeout: UI_WAIT });
  return password;
}

/** A key-holder client for the departments that are not under test in the browser. */
async function department(code: string): Promise<ApiClient> {
  return new ApiClient(base, await stack.auth.issueToken({ username: `dept-${code}-api`, groups: [`department:${code}`] }));
}

async function inbox(code: string): Promise<Inbox> {
  return Inbox.parse(await (await department(code)).get(`/reviews?department=${code}&status=open`));
}

async function batch(): Promise<BatchDetail> {
  const township = new ApiClient(base, await stack.auth.issueToken({ username: 'qs-check', groups: ['township:qingshui'] }));
  return BatchDetail.parse(await township.get(`/batches/${encodeURIComponent(batchId)}`));
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  if (!existsSync(join(ROOT, 'portal', 'dist', 'index.html')))
    execFileSync('npm', ['run', 'build:portal'], { cwd: ROOT, stdio: 'inherit' });
  // An empty data folder, not demo mode: only the first organization-department account exists.
  const dataDir = mkdtempSync(join(tmpdir(), 'lianshen-county-'));
  stack = await startStack({ mode: 'memory', dataDir, portalDir: join(ROOT, 'portal', 'dist'), log: () => undefined });
  base = stack.urls.http;
  const printed = await firstAccountLines(stack);
  expect(printed.join('\n')).toContain('orgdept');
  const line = printed.find((l) => l.trim().startsWith('一次性密码')) ?? '';
  passwords.set('orgdept', line.trim().split(/\s+/).at(-1) ?? '');
  browser = await launchChromium(ROOT);
}, 300_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await stack?.stop();
}, 120_000);

describe('a county runs its own campaign from an empty data folder', () => {
  it('the printed organization-department account signs in and sets its own password', async () => {
    org = await fresh();
    await firstSignIn(org, 'orgdept', passwords.get('orgdept') ?? '', 'Qingxi-Org-2027');
    expect(new URL(org.url()).pathname).toBe('/dashboard');
  });

  it('uploads the county’s own 负面清单 workbook, written from the template', async () => {
    await org.locator('[data-testid=role-menu] .ant-menu-item', { hasText: '政策（负面清单）' }).click();
    await org.waitForURL(`${base}/policies`);
    await pickFile(
      org,
      '[data-testid=policy-upload-card]',
      '青溪县负面清单.xlsx',
      readFileSync(join(COUNTY, '青溪县负面清单.xlsx')),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(await text(org, '[data-testid=policy-stored]')).toContain('qingxi-2027，版本 1.0.0');
  });

  it('creates the campaign with its own townships, villages and election day', async () => {
    await org.locator('[data-testid=role-menu] .ant-menu-item', { hasText: '换届设置' }).click();
    await org.waitForURL(`${base}/campaigns`);
    await org.getByTestId('new-campaign').click();
    await org.waitForURL(`${base}/campaigns/new`);
    await org.getByLabel('名称').fill('青溪县2027年村（社区）“两委”换届资格联审');
    await org.getByLabel('编号').fill(CAMPAIGN);
    await org.getByLabel('适用地区').fill('江西省临江市青溪县');
    await org.locator('[data-testid=policy-select] input').fill('qingxi-2027');
    const electionDate = org.getByLabel('选举日', { exact: true });
    await electionDate.click();
    await electionDate.fill('2027-04-18');
    await electionDate.press('Tab');
    const units = ['乡镇(街道),乡镇代码,村(社区),类型', '清水镇,qingshui,石门村,村', '清水镇,,柳湾村,村', '白沙镇,baisha,白沙社区,社区'];
    await org
      .locator('input[type=file]')
      .first()
      .setInputFiles({ name: '青溪县行政区划.csv', mimeType: 'text/csv', buffer: csv(units) });
    await org.getByText('已选择：青溪县行政区划.csv').waitFor({ timeout: UI_WAIT });
    await org.getByTestId('create-campaign').click();
    await org.waitForURL(`${base}/campaigns/${CAMPAIGN}`, { timeout: UI_WAIT });
    expect(await text(org, '[data-testid=township-table]')).toContain('石门村（村）');
    expect(await text(org, '[data-testid=department-deadlines]')).toContain('县信访局');
    await org.screenshot({ path: join(SHOTS, 'county-campaign.png'), fullPage: true });
  });

  it('creates a township account and a department account, each with a one-time password', async () => {
    passwords.set('qs.li', await createAccount('乡镇（街道）', '清水镇', 'qs.li', '李清', '139 0797 1234'));
    passwords.set('jw.zhou', await createAccount('联审部门', '县纪委监委', 'jw.zhou', '周纪', '13907975678'));
    const table = await text(org, '[data-testid=accounts-table]');
    expect(table).toContain('qs.li');
    expect(table).toContain('jw.zhou');
  });

  it('the automatic departments upload their extracts for the campaign', async () => {
    for (const file of readdirSync(join(COUNTY, 'records')).sort()) {
      const code = basename(file, '.csv');
      if (MANUAL.includes(code)) continue;
      const bytes = new Uint8Array(readFileSync(join(COUNTY, 'records', file)));
      await (await department(code)).post(`/departments/${code}/records`, { campaignId: CAMPAIGN, ...fileBody(bytes, file) });
    }
  });

  it('the township signs in, changes its password and submits its batch', async () => {
    const page = await fresh();
    await firstSignIn(page, 'qs.li', passwords.get('qs.li') ?? '', 'Qingshui-Li-2027');
    expect(new URL(page.url()).pathname).toBe('/batches');
    await page.goto(`${base}/batches/new`);
    await page
      .locator('input[type=file]')
      .first()
      .setInputFiles({ name: '候选人名册.csv', mimeType: 'text/csv', buffer: readFileSync(join(COUNTY, '候选人名册.csv')) });
    await page.getByText('已选择：候选人名册.csv').waitFor({ timeout: UI_WAIT });
    batchId = await validateAndSubmit(page);
    await page.getByTestId('batch-candidates').waitFor({ timeout: UI_WAIT });
    expect(await page.locator('[data-testid=batch-candidates] tbody tr.ant-table-row').count()).toBe(9);
  });

  it('the department’s reviewer signs in and answers: one finding, the rest attested as no records', async () => {
    const page = await fresh();
    await firstSignIn(page, 'jw.zhou', passwords.get('jw.zhou') ?? '', 'Qingxi-Jiwei-2027');
    expect(new URL(page.url()).pathname).toBe('/reviews');
    await expect.poll(async () => (await inbox('discipline')).counts.open, { timeout: PIPELINE_WAIT, interval: 2000 }).toBe(9);
    await page.reload();
    await page.locator('[data-testid=inbox-table] [data-candidate="孙德明"]').click();
    await page.locator('label.ant-radio-button-wrapper', { hasText: '有记录' }).click();
    await page.getByLabel('记录类别').click();
    await page.locator('.ant-select-item-option', { hasText: '党纪政务处分' }).first().click();
    await page.getByLabel('起始日期').fill('2026-06-15');
    await page.getByLabel('起始日期').press('Tab');
    await page.getByLabel('终止日期').fill('2027-12-14');
    await page.getByLabel('终止日期').press('Tab');
    await page.getByLabel('状态', { exact: true }).fill('影响期内');
    await page.getByLabel('文号').fill('青纪发〔2026〕21号');
    await page.getByTestId('submit-answer').click();
    await page.getByTestId('confirm-answer').click();
    expect(await text(page, '[data-testid=answer-recorded]')).toContain('已答复：有记录');
    await page.goto(`${base}/reviews`);
    expect(await text(page, '[data-testid=bulk-attest]')).toContain('以上人员经查无记录（全部 8 人）');
    await page.getByTestId('bulk-attest').click();
    await page.locator('.ant-modal-container').getByText('本人已逐一查询本部门记录').click();
    await page.getByTestId('confirm-attest').click();
    expect(await text(page, '[data-testid=attestation-done]')).toContain('共答复 8 人');
    await expect.poll(async () => (await inbox('discipline')).counts.open, { timeout: UI_WAIT, interval: 1000 }).toBe(0);
  });

  it('the other manual departments answer through the API', async () => {
    await expect.poll(async () => (await inbox('petitions')).counts.open, { timeout: PIPELINE_WAIT, interval: 2000 }).toBe(9);
    const petitions = await department('petitions');
    const feng = (await inbox('petitions')).items.find((t) => t.candidate.name === '冯海');
    if (feng === undefined) throw new Error('冯海 has no 信访 task');
    await petitions.post(`/reviews/${encodeURIComponent(feng.taskId)}/answer`, {
      result: 'findings',
      findings: [{ category: '组织煽动非正常上访', startDate: '2025-08-12', documentNumber: '青信〔2025〕9号' }],
    });
    await petitions.post('/reviews/attest', { statement: ATTESTATION_STATEMENT });
    await expect.poll(async () => (await inbox('procuratorate')).counts.open, { timeout: PIPELINE_WAIT, interval: 2000 }).toBe(9);
    await (await department('procuratorate')).post('/reviews/attest', { statement: ATTESTATION_STATEMENT });
  });

  it('decides every candidate as lianshen vet does, citing the uploaded document and its clauses', async () => {
    await expect
      .poll(async () => (await batch()).candidates.filter((c) => c.decision === null).length, { timeout: PIPELINE_WAIT, interval: 2000 })
      .toBe(0);
    const detail = await batch();
    expect(Object.fromEntries(detail.candidates.map((c) => [c.name, c.decision?.finalStatus]))).toEqual(EXPECTED);
    const reasons = detail.candidates.flatMap((c) => c.decision?.reasons ?? []);
    expect(reasons.length).toBeGreaterThan(0);
    for (const r of reasons) expect(r.citation.document).toBe(TITLE);
    const sun = detail.candidates.find((c) => c.name === '孙德明')?.decision?.reasons ?? [];
    expect(sun.map((r) => [r.category, r.citation.clause])).toEqual([['党纪政务处分', '三(一)2']]);

    // What the township reads on its batch page.
    const page = await fresh();
    await signInForm(page, 'qs.li', 'Qingshui-Li-2027');
    await page.waitForURL((u) => u.pathname === '/batches', { timeout: UI_WAIT });
    await page.goto(`${base}/batches/${encodeURIComponent(batchId)}`);
    const row = async (name: string) =>
      (await page.locator('[data-testid=batch-candidates] tr.ant-table-row', { hasText: name }).first().innerText()).replace(/\s+/g, ' ');
    await page.getByTestId('batch-candidates').waitFor({ timeout: UI_WAIT });
    expect(await row('钱国强')).toMatch(/不通过.*三\(一\)1/);
    expect(await row('冯海')).toMatch(/待组织部门研判.*三\(二\)1/);
    expect(await row('陈志刚')).toContain('通过');
    expect(await row('钱国强')).toContain(TITLE);
    await page.screenshot({ path: join(SHOTS, 'county-batch-decisions.png'), fullPage: true });
  });
});
