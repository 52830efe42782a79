// The 公示 pages in Chromium: the organization department's 公示与异议 and 重复报送 pages and the
// township's view of its batch's 公示 open with their titles and help panels, and opening 公示 with
// nothing cleared yet says so. A screenshot of each is written to test-results/screenshots/publicity-*.png.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAs, ensureCampaign } from '../../cli/lib/seed.js';
import { startStack, type Stack } from '../../local/stack.js';
import { ORGDEPT_USER, townshipUser } from '../../local/users.js';
import { launchChromium, type Browser, type BrowserContext, type Page } from './browser.js';
import * as F from './fixtures.js';
import { signedIn as signInAs } from './sign-in.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const UI_WAIT = 30_000;

let stack: Stack;
let browser: Browser;
let base: string;
let batchId = '';
const contexts: BrowserContext[] = [];

const signedIn = (username: string): Promise<Page> => signInAs(browser, base, username, { onContext: (c) => contexts.push(c) });

async function visit(page: Page, path: string, title: string, name: string): Promise<void> {
  await page.goto(`${base}${path}`);
  await page.getByTestId('page-help').waitFor({ state: 'visible', timeout: UI_WAIT });
  await expect.poll(() => page.title(), { timeout: UI_WAIT }).toBe(`${title} · 资格联审`);
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: UI_WAIT });
  await page.screenshot({ path: join(SHOTS, `publicity-${name}.png`) });
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  stack = await startStack({ mode: 'memory', demo: true, portalDir: join(ROOT, 'portal', 'dist'), log: () => undefined });
  base = stack.urls.http;
  await ensureCampaign(await clientAs(base, stack.auth, ORGDEPT_USER), F.E2E_CAMPAIGN);
  const created = (await (
    await clientAs(base, stack.auth, townshipUser('changguo'))
  ).post(
    '/batches',
    {
      campaignId: F.E2E_CAMPAIGN.id,
      candidates: { filename: '第一批.csv', contentBase64: Buffer.from(F.goodBatch(ROOT)).toString('base64') },
    },
    { 'idempotency-key': 'e2e-publicity-first' },
  )) as { batchId: string };
  batchId = created.batchId;
  browser = await launchChromium(ROOT);
}, 300_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await stack?.stop();
}, 120_000);

describe('the 公示 pages', () => {
  it('the organization department opens 公示与异议 and 重复报送; with nothing cleared, opening 公示 says so', async () => {
    const page = await signedIn(ORGDEPT_USER);
    await visit(page, '/publicity', '公示与异议', 'orgdept-periods');
    // The list loads once the campaign is known.
    await page.getByText('尚未开始公示').waitFor({ state: 'visible', timeout: UI_WAIT });
    await page.getByTestId('open-publicity').click();
    await page.getByText('没有可以公示的人选').first().waitFor({ state: 'visible', timeout: UI_WAIT });
    await visit(page, '/duplicates', '重复报送', 'orgdept-duplicates');
    await page.getByText('没有重复报送的人选').first().waitFor({ state: 'visible', timeout: UI_WAIT });
  });

  it('the township sees its batch’s candidates not yet in 公示', async () => {
    const page = await signedIn(townshipUser('changguo'));
    await visit(page, `/batches/${encodeURIComponent(batchId)}`, '批次进度', 'township-batch');
    await page.getByTestId('batch-publicity').click();
    await expect.poll(() => page.title(), { timeout: UI_WAIT }).toBe('人选公示情况 · 资格联审');
    await page.getByText('未公示').first().waitFor({ state: 'visible', timeout: UI_WAIT });
    await page.screenshot({ path: join(SHOTS, 'publicity-township.png') });
  });
});
