// The 资格审查表 of one candidate in Chromium: the organization department opens
// /reports/sheet/:id and prints it; a candidate routed to all 28 departments of the county's
// policy still fits one A4 page (page.pdf() through the print stylesheet).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { clientAs, ensureCampaign } from '../../cli/lib/seed.js';
import { startStack, type Stack } from '../../local/stack.js';
import { ORGDEPT_USER, townshipUser } from '../../local/users.js';
import { CandidateSheet } from '../../shared/api/index.js';
import { csvFile, tinyBatchCsv, waitFor } from '../local/support.js';
import { launchChromium, type Browser, type BrowserContext } from './browser.js';
import * as F from './fixtures.js';
import { signedIn } from './sign-in.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const UI_WAIT = 30_000;

let stack: Stack;
let browser: Browser;
const contexts: BrowserContext[] = [];

/** Pages of a PDF as Chromium writes it (one uncompressed /Type /Page dictionary each). */
function pdfPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

beforeAll(async () => {
  stack = await startStack({ mode: 'memory', demo: true, portalDir: join(ROOT, 'portal', 'dist'), log: () => undefined });
  await ensureCampaign(await clientAs(stack.urls.http, stack.auth, ORGDEPT_USER), F.E2E_CAMPAIGN);
  browser = await launchChromium(ROOT);
}, 300_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await stack?.stop();
}, 120_000);

describe('资格审查表', () => {
  it('prints one candidate with every department’s answer and a seal column on one A4 page', async () => {
    const base = stack.urls.http;
    const town = await clientAs(base, stack.auth, townshipUser('changguo'));
    const { csv } = tinyBatchCsv('昌国街道', [
      { name: '郑审查', sex: '男', birth: '1983-02-03', political: '中共党员', village: '东管庙社区', n: 671 },
    ]);
    const { batchId } = z
      .object({ batchId: z.string() })
      .parse(
        await town.post(
          '/batches',
          { campaignId: F.E2E_CAMPAIGN.id, candidates: csvFile(csv, 'one.csv') },
          { 'idempotency-key': 'sheet-e2e-1' },
        ),
      );
    const candidateId = await waitFor('the candidate and its routing', async () => {
      const detail = z
        .object({ candidates: z.array(z.object({ candidateId: z.string(), progress: z.object({ total: z.number() }) })) })
        .parse(await town.get(`/batches/${encodeURIComponent(batchId)}`));
      const first = detail.candidates[0];
      return first !== undefined && first.progress.total > 0 ? first.candidateId : undefined;
    });
    const sheet = CandidateSheet.parse(await town.get(`/candidates/${encodeURIComponent(candidateId)}/sheet`));
    expect(sheet.departments.length).toBe(28);

    const page = await signedIn(browser, base, ORGDEPT_USER, { onContext: (c) => contexts.push(c) });
    await page.goto(`${base}/reports/sheet/${encodeURIComponent(candidateId)}`);
    const printed = page.getByTestId('candidate-sheet');
    await printed.waitFor({ state: 'visible', timeout: UI_WAIT });
    expect(await printed.locator('h1').innerText()).toContain('候选人资格审查表');
    expect(await page.getByTestId('sheet-answers').locator('tbody tr').count()).toBe(28);
    expect(await page.getByTestId('sheet-answers').locator('thead').innerText()).toContain('盖章 / 签字');
    expect(await printed.innerText()).toContain('330902********');
    expect(await printed.innerText()).toContain('组织部门（盖章）');

    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: false });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfPages(pdf)).toBe(1);
    // What the printed page looks like, for a person to look at (test-results/screenshots).
    mkdirSync(SHOTS, { recursive: true });
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: join(SHOTS, 'candidate-sheet-print.png'), fullPage: true });
  });
});
