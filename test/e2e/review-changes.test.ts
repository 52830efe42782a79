// The review after the first pass, in Chromium: a department corrects an answer it gave (a
// disqualification becomes a clearance), a township disputes a decision that the organization
// department then rules on, and a 公示 period is opened with an objection recorded and checked.
// Screenshots go to test-results/screenshots/changes-*.png.
//
// Its own stack: 昌国街道's nine e2e candidates with real deadlines. The automatic departments answer
// from their extracts, the manual ones through the API (区纪委 with a finding for 王建国), so every
// candidate but the ID-hint one is decided.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../cli/lib/api-client.js';
import { clientAs, ensureCampaign } from '../../cli/lib/seed.js';
import { startStack, type Stack } from '../../local/stack.js';
import { departmentUser, ORGDEPT_USER, townshipUser } from '../../local/users.js';
import { builtInPolicy } from '../../shared/adapters/files/policy-files.js';
import { launchChromium, type Browser, type BrowserContext, type Page } from './browser.js';
import * as F from './fixtures.js';
import { makeTodayAWorkingDay } from '../support/working-today.js';
import { signedIn as signInAs } from './sign-in.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const PIPELINE_WAIT = 240_000;
const UI_WAIT = 30_000;
const CORRECTED = '王建国';
const DISPUTED = F.PEOPLE.disqualifiedByExtract;

const policy = builtInPolicy(F.E2E_CAMPAIGN.policyId);
const AUTO = policy.departments.filter((d) => d.mode === 'auto').map((d) => d.code);
const MANUAL = policy.departments.filter((d) => d.mode === 'manual').map((d) => d.code);

interface Candidate {
  candidateId: string;
  name: string;
  status: string;
  statusLabel: string;
}

let stack: Stack;
let browser: Browser;
let base: string;
let batchId = '';
const contexts: BrowserContext[] = [];

function api(username: string): Promise<ApiClient> {
  return clientAs(base, stack.auth, username);
}

async function candidates(): Promise<Candidate[]> {
  const detail = (await (await api(ORGDEPT_USER)).get(`/batches/${encodeURIComponent(batchId)}`)) as { candidates: Candidate[] };
  return detail.candidates;
}

async function statusOf(name: string): Promise<string> {
  return (await candidates()).find((c) => c.name === name)?.status ?? 'missing';
}

async function idOf(name: string): Promise<string> {
  const found = (await candidates()).find((c) => c.name === name);
  if (found === undefined) throw new Error(`no candidate ${name}`);
  return found.candidateId;
}

function signedIn(username: string): Promise<Page> {
  return signInAs(browser, base, username, { onContext: (c) => contexts.push(c) });
}

async function text(page: Page, selector: string): Promise<string> {
  const el = page.locator(selector).first();
  await el.waitFor({ state: 'visible', timeout: UI_WAIT });
  return (await el.innerText()).replace(/\s+/g, ' ');
}

async function rowOf(page: Page, name: string): Promise<string> {
  const row = page.locator('[data-testid=batch-candidates] tr.ant-table-row', { has: page.locator(`[data-candidate="${name}"]`) });
  await row.waitFor({ timeout: UI_WAIT });
  return (await row.innerText()).replace(/\s+/g, ' ');
}

async function shot(page: Page, name: string): Promise<void> {
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: UI_WAIT });
  await page.screenshot({ path: join(SHOTS, `changes-${name}.png`) });
}

async function openInbox(code: string): Promise<Array<{ taskId: string; candidate: { name: string } }>> {
  const inbox = (await (await api(departmentUser(code))).get('/reviews?status=open')) as {
    items: Array<{ taskId: string; candidate: { name: string } }>;
  };
  return inbox.items;
}

/** Polls `read` until it gives `want` (expect.poll is only for tests, not for set-up). */
async function until<T>(what: string, read: () => Promise<T>, want: T): Promise<void> {
  const end = Date.now() + PIPELINE_WAIT;
  let last: T | undefined;
  while (Date.now() < end) {
    last = await read();
    if (last === want) return;
    await new Promise((r) => setTimeout(r, 2000));
  }
  throw new Error(`${what}: still ${String(last)}, wanted ${String(want)}`);
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
  await ensureCampaign(await api(ORGDEPT_USER), F.E2E_CAMPAIGN);
  for (const code of AUTO) {
    await (await api(departmentUser(code))).post(`/departments/${code}/records`, {
      campaignId: F.E2E_CAMPAIGN.id,
      filename: `${code}.csv`,
      contentBase64: Buffer.from(F.sampleExtract(ROOT, code)).toString('base64'),
    });
  }
  const created = (await (
    await api(townshipUser('changguo'))
  ).post(
    '/batches',
    {
      campaignId: F.E2E_CAMPAIGN.id,
      candidates: { filename: 'changes.csv', contentBase64: Buffer.from(F.goodBatch(ROOT)).toString('base64') },
    },
    { 'idempotency-key': 'e2e-changes-1' },
  )) as { batchId: string };
  batchId = created.batchId;
  // Every manual department answers: 区纪委 finds a 党纪处分 for 王建国, everyone else has no record.
  for (const code of MANUAL) {
    await until(`${code}'s open tasks`, async () => (await openInbox(code)).length, 9);
    const client = await api(departmentUser(code));
    if (code === 'discipline') {
      const task = (await openInbox(code)).find((t) => t.candidate.name === CORRECTED);
      if (task === undefined) throw new Error('no discipline task for the corrected candidate');
      await client.post(`/reviews/${encodeURIComponent(task.taskId)}/answer`, {
        result: 'findings',
        findings: [{ category: '党纪处分', startDate: '2025-06-01', documentNumber: '定纪〔2025〕7号' }],
      });
    }
    await client.post('/reviews/attest', { statement: '以上人员经查无记录' });
  }
  await until(CORRECTED, () => statusOf(CORRECTED), 'disqualified');
  await until(DISPUTED, () => statusOf(DISPUTED), 'disqualified');
  browser = await launchChromium(ROOT);
}, 600_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await stack?.stop();
}, 120_000);

describe('changes after the first decision, in the portal', () => {
  it('a department corrects its answer with a reason and a 文号: the disqualification becomes a clearance and both answers stay in the trail', async () => {
    const page = await signedIn(departmentUser('discipline'));
    const taskId = `${await idOf(CORRECTED)}~discipline`;
    await page.goto(`${base}/reviews/${encodeURIComponent(taskId)}`);
    await page.getByTestId('correct-answer').click();
    const dialog = page.locator('.ant-modal:visible');
    await dialog.getByText('无记录').first().click();
    await page.getByTestId('correction-reason').fill('经复查，该处分已于2026年被撤销');
    await page.getByTestId('correction-document').fill('定纪复〔2026〕2号');
    await dialog.locator('button', { hasText: /确\s*定|OK/ }).click();
    await dialog.waitFor({ state: 'detached', timeout: UI_WAIT });
    await expect.poll(() => statusOf(CORRECTED), { timeout: PIPELINE_WAIT, interval: 2000 }).toBe('cleared');
    await shot(page, 'corrected');

    const orgdept = await signedIn(ORGDEPT_USER);
    await orgdept.goto(`${base}/audit/${encodeURIComponent(await idOf(CORRECTED))}`);
    const events = await text(orgdept, '[data-testid=audit-events]');
    expect(events).toContain('更正');
    expect(await text(orgdept, '[data-testid=chain-ok]')).toContain('审计链校验通过');
  });

  it('a township disputes a decision: it is shown as 复核中 until the organization department rules, then as ruled', async () => {
    const township = await signedIn(townshipUser('changguo'));
    await township.goto(`${base}/batches/${encodeURIComponent(batchId)}`);
    const row = township.locator('[data-testid=batch-candidates] tr.ant-table-row', {
      has: township.locator(`[data-candidate="${DISPUTED}"]`),
    });
    await row.getByTestId('open-dispute').click();
    await township.getByTestId('dispute-reason').fill('该人选的刑事处罚已经再审改判无罪，请复核');
    const disputeModal = township.locator('.ant-modal:visible');
    await disputeModal
      .locator('button', { hasText: /确\s*定|提\s*交|OK/ })
      .last()
      .click();
    // The modal closes only when the request succeeded; otherwise the error it shows is the failure.
    await disputeModal.waitFor({ state: 'hidden', timeout: UI_WAIT }).catch(async () => {
      throw new Error(`申请复核未成功：${(await township.locator('.ant-message-error').allTextContents()).join('；')}`);
    });
    await expect.poll(() => statusOf(DISPUTED), { timeout: UI_WAIT, interval: 1000 }).toBe('disputed');
    await township.reload();
    expect(await rowOf(township, DISPUTED)).toContain('复核中');
    await shot(township, 'disputed');

    const orgdept = await signedIn(ORGDEPT_USER);
    await orgdept.goto(`${base}/batches/${encodeURIComponent(batchId)}`);
    const orgRow = orgdept.locator('[data-testid=batch-candidates] tr.ant-table-row', {
      has: orgdept.locator(`[data-candidate="${DISPUTED}"]`),
    });
    await orgRow.getByTestId('open-dispute-ruling').click();
    expect(await text(orgdept, '[data-testid=dispute-ruling-claim]')).toContain('再审改判无罪');
    await orgdept.getByTestId('dispute-ruling-reason').fill('经核实再审判决尚未生效，维持原结论');
    await orgdept
      .locator('.ant-modal:visible button', { hasText: /确\s*定|OK/ })
      .last()
      .click();
    await expect.poll(() => statusOf(DISPUTED), { timeout: UI_WAIT, interval: 1000 }).toBe('disqualified');
    await orgdept.reload();
    expect(await rowOf(orgdept, DISPUTED)).toContain('维持原结论');
    await shot(orgdept, 'dispute-ruled');
  });

  it('the organization department opens 公示 with its dates, records an objection and its check, and the printed list carries the dates', async () => {
    await makeTodayAWorkingDay(await api(ORGDEPT_USER));
    const page = await signedIn(ORGDEPT_USER);
    await page.goto(`${base}/publicity`);
    await page.getByTestId('open-publicity').click();
    const period = page.getByTestId('period-P1');
    await period.waitFor({ timeout: UI_WAIT });
    const title = await text(page, '[data-testid=period-P1] .ant-card-head-title');
    expect(title).toMatch(/公示时间：\d{4}年\d{1,2}月\d{1,2}日(（星期.）)?至\d{4}年\d{1,2}月\d{1,2}日(（星期.）)?（\d+ 个工作日）/);
    const corrected = await idOf(CORRECTED);
    await page.getByTestId(`object-${corrected}`).click();
    const objection = page.locator('.ant-modal:visible');
    await objection.getByLabel('反映人').fill('村民甲');
    await objection.getByLabel('反映的问题').fill('反映该人选长期不在村居住');
    await objection.locator('button', { hasText: /登\s*记/ }).click();
    await objection.waitFor({ state: 'detached', timeout: UI_WAIT });
    await period.getByText('核查结果').click();
    const outcome = page.locator('.ant-modal:visible');
    await outcome.getByLabel('核查情况').fill('经走访核实，该人选常住本村，反映不属实');
    await outcome.locator('button', { hasText: /提\s*交/ }).click();
    await outcome.waitFor({ state: 'detached', timeout: UI_WAIT });
    await expect.poll(async () => (await period.innerText()).replace(/\s+/g, ' '), { timeout: UI_WAIT }).toContain('不属实');
    await shot(page, 'publicity-objection');

    await page.goto(`${base}/reports/publicity`);
    const body = async () => (await page.locator('body').innerText()).replace(/\s+/g, ' ');
    await expect.poll(body, { timeout: UI_WAIT }).toContain('公示时间：');
    const list = await body();
    expect(list).toMatch(/\d{4}年\d{1,2}月\d{1,2}日(（星期.）)?至\d{4}年\d{1,2}月\d{1,2}日/);
    expect(list).toContain('刘芳');
    expect(list).not.toContain(DISPUTED);
    // 王建国 is a Party-secretary nominee: off the list until the organization department approves his filing (书记人选备案).
    expect(list).not.toContain(CORRECTED);
  });
});
