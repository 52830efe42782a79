// The policy pages in Chromium against the in-memory local stack: the organization department
// downloads the template, uploads a workbook with mistakes and sees each at its sheet, row and
// column, uploads 青溪县's own workbook and reads it whole in Chinese; a township reads it too but
// cannot upload; and a campaign decided under version 1.0.0 is moved to 1.1.0 after the diff of
// what changes for its decided candidates, with a written reason.
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vetOnStack, type VetRun } from '../../cli/lib/vet.js';
import { clientAs } from '../../cli/lib/seed.js';
import { startStack, type Stack } from '../../local/stack.js';
import { ORGDEPT_USER, townshipUser } from '../../local/users.js';
import { CampaignList } from '../../shared/api/index.js';
import { signedIn as signInAs } from './sign-in.js';
import { launchChromium, type Browser, type BrowserContext, type Page } from './browser.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WORKBOOK = join(ROOT, 'test/fixtures/county/青溪县负面清单.xlsx');
const UI_WAIT = 30_000;
const SHOTS = join(ROOT, 'test-results', 'screenshots');

let stack: Stack;
let browser: Browser;
const contexts: BrowserContext[] = [];

function signedIn(username: string): Promise<Page> {
  return signInAs(browser, stack.urls.http, username, { viewport: { width: 1366, height: 900 }, onContext: (c) => contexts.push(c) });
}

async function textOf(page: Page, testId: string): Promise<string> {
  const el = page.getByTestId(testId).first();
  await el.waitFor({ state: 'visible', timeout: UI_WAIT });
  return (await el.innerText()).replace(/\s+/g, ' ');
}

async function upload(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  await page
    .locator('[data-testid=policy-upload-card] input[type=file]')
    .setInputFiles({ name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(bytes) });
}

/** 青溪县's workbook as its next version: 违法占地建房 now bars instead of being referred. */
async function nextVersion(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(readFileSync(WORKBOOK)).buffer);
  const policy = workbook.getWorksheet('政策');
  const list = workbook.getWorksheet('负面清单');
  if (!policy || !list) throw new Error('not the county workbook');
  policy.eachRow((row) => {
    if (row.getCell(1).value === '版本') row.getCell(2).value = '1.1.0';
  });
  list.eachRow((row) => {
    if (row.getCell(1).value === '违法占地建房') row.getCell(3).value = '不得提名';
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'portal', 'dist', 'index.html')))
    execFileSync('npm', ['run', 'build:portal'], { cwd: ROOT, stdio: 'inherit' });
  stack = await startStack({ mode: 'memory', demo: true, portalDir: join(ROOT, 'portal', 'dist'), log: () => undefined });
  browser = await launchChromium(ROOT);
  mkdirSync(SHOTS, { recursive: true });
}, 300_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await stack?.stop();
}, 120_000);

describe('the policy pages in Chromium', () => {
  let orgdept: Page;

  it('the organization department downloads the template and sees every mistake of a bad workbook at its sheet, row and column', async () => {
    orgdept = await signedIn(ORGDEPT_USER);
    await orgdept.locator('[data-testid=role-menu] .ant-menu-item', { hasText: '政策（负面清单）' }).click();
    expect(await textOf(orgdept, 'policy-list')).toContain('dinghai-2017');
    const [template] = await Promise.all([
      orgdept.waitForEvent('download', { timeout: UI_WAIT }),
      orgdept.getByTestId('policy-template').click(),
    ]);
    expect(template.suggestedFilename()).toBe('负面清单模板.xlsx');

    await upload(orgdept, 'many-errors.xlsx', readFileSync(join(ROOT, 'test/fixtures/policy/many-errors.xlsx')));
    const errors = await textOf(orgdept, 'policy-errors');
    expect(errors).toContain('共 16 处错误');
    expect(errors).toMatch(/负面清单（\d+ 处）/);
    const rows = await orgdept.locator('[data-testid=error-list] tbody tr').allInnerTexts();
    expect(rows.map((r) => r.split('\t').slice(0, 3).join('|'))).toContain('政策|2|内容');
    expect(await textOf(orgdept, 'policy-list')).not.toContain('example-county');
    await orgdept.screenshot({ path: join(SHOTS, 'policy-upload-errors.png'), fullPage: true });
  });

  it('uploads 青溪县’s workbook and reads it whole: document, departments with answer mode and time limit, categories with clause and words', async () => {
    await upload(orgdept, '青溪县负面清单.xlsx', readFileSync(WORKBOOK));
    expect(await textOf(orgdept, 'policy-stored')).toContain('qingxi-2027，版本 1.0.0');
    await orgdept.getByTestId('policy-version-qingxi-2027-1.0.0').click();
    const doc = await textOf(orgdept, 'policy-document');
    expect(doc).toContain('《青溪县2027年村(社区)“两委”换届候选人资格联审工作方案》');
    expect(doc).toContain('青组通〔2027〕4号');
    expect(doc).toContain('2027年1月20日');
    // Which department's inbox the organization department's own accounts hold.
    expect(doc).toContain('组织部门审查部门');
    const departments = await orgdept.locator('[data-testid=policy-departments] tbody tr').allInnerTexts();
    expect(departments.find((r) => r.startsWith('县信访局'))).toMatch(/人工答复.*5个工作日.*组织煽动非正常上访/s);
    const reading = await textOf(orgdept, 'policy-reading');
    expect(reading).toContain('违法占地建房');
    expect(reading).toContain('三(二)2：“违法违规占地建房，至今尚未整改到位的”');
    expect(reading).toContain('自终止日期起算，满5年之次日起不再适用');
    expect(reading).toContain('例外（状态为已处罚到位）');
    expect(reading).toContain('继续提名的党组织书记一般在1965年1月1日后出生');
    expect(reading).toContain('“两委”成员的近亲属不得担任村务监督委员会成员');
    await orgdept.screenshot({ path: join(SHOTS, 'policy-reading.png'), fullPage: true });
  });

  it('a township reads the same policy but is offered no upload', async () => {
    const township = await signedIn(townshipUser('changguo'));
    await township.goto(`${stack.urls.http}/policies`);
    expect(await textOf(township, 'policy-list')).toContain('qingxi-2027');
    expect(await township.getByTestId('policy-upload-card').count()).toBe(0);
    await township.goto(`${stack.urls.http}/policies/qingxi-2027?version=1.0.0`);
    expect(await textOf(township, 'policy-document')).toContain('青组通〔2027〕4号');
    expect(await township.getByTestId('policy-switch').count()).toBe(0);
  });

  it('moves a decided campaign to version 1.1.0 after showing what changes for its candidates, with a reason', async () => {
    const vet: VetRun = await vetOnStack(
      {
        batch: 'test/fixtures/county/候选人名册.csv',
        records: 'test/fixtures/county/records',
        policy: 'qingxi-2027',
        electionDate: '2027-04-18',
        waitSeconds: 120,
        cwd: ROOT,
        outDir: mkdtempSync(join(tmpdir(), 'lianshen-e2e-vet-')),
      },
      { info: stack.info, auth: stack.auth },
    );
    expect(vet.result.candidates.find((c) => c.name === '周红梅')?.decision).toBe('referred');
    const api = await clientAs(stack.urls.http, stack.auth, ORGDEPT_USER);
    await api.post('/policies', {
      file: { filename: '青溪县负面清单-1.1.0.xlsx', contentBase64: Buffer.from(await nextVersion()).toString('base64') },
    });

    await orgdept.goto(`${stack.urls.http}/policies/qingxi-2027`);
    await orgdept.getByTestId('switch-preview').click();
    const diff = await textOf(orgdept, 'policy-diff');
    expect(diff).toContain('由版本 1.0.0 换用 1.1.0：已出结论 9 人，其中 8 人不变，1 人的结论或理由会变化');
    expect(diff).toContain('负面清单类别：修改 违法占地建房');
    expect(diff).toContain('周红梅');
    await orgdept.screenshot({ path: join(SHOTS, 'policy-diff.png'), fullPage: true });
    await orgdept.getByTestId('switch-open').click();
    await orgdept.getByTestId('switch-reason').fill('县委组织部补充通知：违法占地建房未整改的不得提名');
    await orgdept.getByTestId('switch-confirm').click();
    expect(await textOf(orgdept, 'switch-done')).toContain('已由版本 1.0.0 换用 1.1.0：重新审查 9 人，其中结论或理由变化 1 人');
    const campaigns = CampaignList.parse(await api.get('/campaigns')).campaigns;
    expect(campaigns.find((c) => c.id === vet.campaignId)?.policyVersion).toBe('1.1.0');
  });
});
