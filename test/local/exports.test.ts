// Asynchronous exports on the local stack (DynamoDB Local, fauxqs and the export queue's poller
// running the export worker module, the HTTP adapter's signed links): a township asks for its
// 联审台账, waits for 已完成, downloads the file without a token and reads the workbook.
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LEDGER_HEADERS, LEDGER_SHEET } from '../../shared/adapters/files/ledger-xlsx.js';
import { ExportView } from '../../shared/api/index.js';
import { Inbox, campaignWithEmptyExtracts, csvFile, memoryStackSuite, tinyBatchCsv, waitFor } from './support.js';
import { tamperSignature } from '../support/tamper.js';

const CAMPAIGN = 'exports-1';

const { noJava, stack: running, township, orgdept, reviewer } = memoryStackSuite();

async function sheetRows(bytes: Uint8Array): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.slice().buffer);
  const sheet = workbook.getWorksheet(LEDGER_SHEET);
  if (!sheet) throw new Error('no ledger sheet');
  expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  const rows: string[][] = [];
  sheet.eachRow((row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell) => cells.push(cell.text));
    rows.push(cells);
  });
  return rows;
}

describe.skipIf(noJava)('exports through the local stack', () => {
  const base = () => running().urls.http;

  beforeAll(async () => {
    await campaignWithEmptyExtracts(base(), running().auth, { id: CAMPAIGN, name: '导出测试', policyId: 'duting-2015' });
    const { csv } = tinyBatchCsv('昌国街道', [
      { name: '郑台账', sex: '男', birth: '1982-03-04', political: '群众', village: '海山社区', n: 661 },
      { name: '王台账', sex: '女', birth: '1987-07-08', political: '群众', village: '海山社区', n: 662 },
    ]);
    await (await township()).post(
      '/batches',
      { campaignId: CAMPAIGN, candidates: csvFile(csv, 'two.csv') },
      { 'idempotency-key': 'exports-1-batch' },
    );
    await waitFor('the reviewers’ tasks', async () => {
      const open = Inbox.parse(await (await reviewer('discipline')).get('/reviews?status=open&department=discipline')).items;
      return open.filter((t) => t.campaignId === CAMPAIGN).length === 2;
    });
  }, 300_000);

  it('builds the township’s ledger in the worker and serves it under a signed, expiring link', async () => {
    const town = await township();
    const job = ExportView.parse(await town.post('/exports', { kind: 'ledger', scope: { campaignId: CAMPAIGN } }));
    expect(job).toMatchObject({ statusLabel: '排队中', scope: { township: 'changguo' } });
    const done = await waitFor(
      'the export job',
      async () => {
        const view = ExportView.parse(await town.get(`/exports/${job.jobId}`));
        if (view.status === 'failed') throw new Error(view.error?.message ?? 'failed');
        return view.status === 'done' ? view : undefined;
      },
      { timeoutMs: 120_000 },
    );
    expect(done).toMatchObject({ statusLabel: '已完成', downloadUrl: expect.stringMatching(/^\/local-exports\//) });
    const listed = z.object({ exports: z.array(ExportView) }).parse(await town.get('/exports'));
    expect(listed.exports.map((e) => e.jobId)).toContain(job.jobId);

    const url = `${base()}${done.downloadUrl ?? ''}`;
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    const rows = await sheetRows(new Uint8Array(await res.arrayBuffer()));
    expect(rows[0]).toEqual([...LEDGER_HEADERS]);
    const body = rows.slice(1);
    expect(body.length).toBe(done.rows);
    expect(new Set(body.map((r) => r[3]))).toEqual(new Set(['郑台账', '王台账']));
    // The automatic departments answered from their empty extracts; the manual ones wait.
    expect(body.some((r) => r[6] === '无记录')).toBe(true);
    expect(body.filter((r) => r[5] === '纪检').map((r) => r[6])).toEqual(['未答复', '未答复']);
    expect(body.every((r) => /^\d{6}\*{8}\d{3}[\dX]$/.test(r[4] ?? ''))).toBe(true);

    const tampered = await fetch(tamperSignature(url));
    expect(tampered.status).toBe(403);
    expect((await (await orgdept()).request('GET', `/exports/${job.jobId}`)).status).toBe(200);
  });
});
