// Asynchronous exports on the in-memory store: a job is asked for (排队中), the worker builds the
// file (已完成) and the requester gets a signed link; townships export only their own scope, full
// ID numbers only the organization department, and that export is on the campaign's chain.
import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../shared/app/access.js';
import { getExport, listExports, notifyingExports, requestExport, runExport, type ExportWorkerDeps } from '../../shared/app/exports.js';
import type { ExportJob, ExportStore } from '../../shared/app/ports.js';
import { xlsxExportRenderer } from '../../shared/adapters/exports/render.js';
import { LEDGER_HEADERS, LEDGER_SHEET } from '../../shared/adapters/files/ledger-xlsx.js';
import { campaignChainId } from '../../shared/domain/ids.js';
import type { MemoryRepositories } from '../adapters/memory-repositories.js';
import { memoryRepositories } from '../adapters/memory-repositories.js';
import { memoryExportJobs } from '../adapters/memory-export-jobs.js';
import { CAMPAIGN, OTHER_TOWNSHIP, sampleRow, seedBatch, seedCampaign, TOWNSHIP } from '../functions/api/support.js';

const NOW = new Date('2026-04-10T02:00:00.000Z');
const caller = (c: Partial<Caller>): Caller => ({ userId: 'u-1', username: 'u1', townships: [], departments: [], orgdept: false, ...c });
const TOWN = caller({ userId: 'u-town', username: 'changguo1', townships: [TOWNSHIP] });
const ORGDEPT = caller({ userId: 'u-org', username: 'org1', orgdept: true });

function memoryStore(): ExportStore & { files: Map<string, Uint8Array> } {
  const files = new Map<string, Uint8Array>();
  return {
    files,
    put: async (key, bytes) => void files.set(key, bytes),
    downloadUrl: async (file, now) => ({
      url: `https://files.test/${file.key}?sig=x`,
      expiresAt: new Date(now.getTime() + 300_000).toISOString(),
    }),
  };
}

async function sheetRows(bytes: Uint8Array): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.slice().buffer);
  const sheet = workbook.getWorksheet(LEDGER_SHEET);
  if (!sheet) throw new Error('no ledger sheet');
  const rows: string[][] = [];
  sheet.eachRow((row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell) => cells.push(cell.text));
    rows.push(cells);
  });
  return rows;
}

let repos: MemoryRepositories;
let jobs: ReturnType<typeof memoryExportJobs>;
let store: ReturnType<typeof memoryStore>;
let queued: string[];
let ready: ExportJob[];
let ids: number;
let candidates: string[];

const requestDeps = () => ({
  jobs,
  queue: { enqueue: async (id: string) => void queued.push(id) },
  repos,
  now: () => NOW,
  newJobId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
});
const workerDeps = (): ExportWorkerDeps => ({
  repos,
  now: () => NOW,
  metrics: { count: () => undefined },
  jobs,
  store,
  renderer: xlsxExportRenderer,
  notifier: { exportReady: async (job) => void ready.push(job) },
  reviewerNames: async () => new Map([['u-court', '法院审查员甲']]),
});

beforeEach(async () => {
  repos = memoryRepositories();
  jobs = memoryExportJobs();
  store = memoryStore();
  queued = [];
  ready = [];
  ids = 0;
  await seedCampaign(repos);
  candidates = (await seedBatch(repos)).candidateIds;
  const others = await seedBatch(repos, {
    township: OTHER_TOWNSHIP,
    key: '2',
    rows: [sampleRow(1, '陈东', '330902198506120314', '都亭街道'), sampleRow(2, '周敏', '330902199001010029', '都亭街道')],
  });
  const [first = '', second = ''] = candidates;
  for (const id of [...candidates, ...others.candidateIds])
    await repos.candidates.setRouting(id, { policyId: 'dinghai-2017', policyVersion: '1.0.0', departments: ['court', 'discipline'] });
  await repos.verdicts.putAnswer({
    campaignId: CAMPAIGN.id,
    candidateId: first,
    department: 'court',
    status: 'findings',
    findings: [{ category: '刑事处罚', documentNumber: '（2019）定刑初字第12号' }],
    answeredBy: { kind: 'reviewer', id: 'u-court' },
    answeredAt: '2026-04-03T06:30:00.000Z',
    source: 'portal',
  });
  await repos.verdicts.putAnswer({
    campaignId: CAMPAIGN.id,
    candidateId: second,
    department: 'court',
    status: 'clear',
    findings: [],
    answeredBy: { kind: 'auto', id: 'extract' },
    answeredAt: '2026-04-02T01:00:00.000Z',
    source: 'extract',
  });
  await repos.verdicts.recordUnanswered({
    campaignId: CAMPAIGN.id,
    candidateId: second,
    department: 'discipline',
    status: 'overdue',
    at: '2026-04-09T16:00:00.000Z',
  });
});

describe('asynchronous exports', () => {
  it('tells the requester’s township in its notifications that the file is ready, once, naming the report and not its contents', async () => {
    const job = await requestExport(requestDeps(), { caller: TOWN, kind: 'ledger', scope: { campaignId: CAMPAIGN.id } });
    if ('kind' in job && 'message' in job) throw new Error(job.message);
    const notifier = notifyingExports({ repos, now: () => NOW, log: { info: () => undefined, warn: () => undefined } });
    const run = await runExport({ ...workerDeps(), notifier }, { jobId: job.jobId });
    expect(run).toMatchObject({ outcome: 'done' });
    if (run.outcome === 'done') await notifier.exportReady(run.job);
    const inbox = await repos.notifications.listByUnit(`township:${TOWNSHIP}`);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ kind: 'exportReady', link: '/exports', title: '导出文件已生成' });
    expect(inbox[0]?.text).toContain('联审台账');
    expect(JSON.stringify(inbox)).not.toContain('330902');
  });

  it('queues a ledger, builds it in the worker and hands back a download link with the rows of the township', async () => {
    const job = await requestExport(requestDeps(), { caller: TOWN, kind: 'ledger', scope: { campaignId: CAMPAIGN.id } });
    if ('kind' in job && 'message' in job) throw new Error(job.message);
    expect(job).toMatchObject({ status: 'queued', scope: { campaignId: CAMPAIGN.id, township: TOWNSHIP } });
    expect(queued).toEqual([job.jobId]);
    expect(await getExport({ jobs, store, now: () => NOW }, { caller: TOWN, jobId: job.jobId })).toMatchObject({
      statusLabel: '排队中',
      downloadUrl: null,
    });

    const run = await runExport(workerDeps(), { jobId: job.jobId });
    expect(run.outcome).toBe('done');
    expect(ready.map((j) => j.jobId)).toEqual([job.jobId]);
    const view = await getExport({ jobs, store, now: () => NOW }, { caller: TOWN, jobId: job.jobId });
    expect(view).toMatchObject({
      status: 'done',
      statusLabel: '已完成',
      rows: 4,
      fileName: '2026年村社组织换届资格联审台账-changguo.xlsx',
    });
    expect(view).toMatchObject({ downloadUrl: expect.stringContaining(job.jobId), downloadExpiresAt: '2026-04-10T02:05:00.000Z' });

    const bytes = store.files.get(`${job.jobId}/2026年村社组织换届资格联审台账-changguo.xlsx`);
    if (bytes === undefined) throw new Error('no file');
    const rows = await sheetRows(bytes);
    expect(rows[0]).toEqual([...LEDGER_HEADERS]);
    expect(rows).toHaveLength(5);
    // Only the township's own two candidates × two departments; masked numbers.
    expect(rows.slice(1).map((r) => [r[3], r[5], r[6], r[13]])).toEqual([
      ['王建国', '区纪委', '未答复', '否'],
      ['王建国', '区法院', '有记录', '否'],
      ['李秀英', '区纪委', '逾期', '是'],
      ['李秀英', '区法院', '无记录', '否'],
    ]);
    const court = rows[2] ?? [];
    expect(court[4]).toBe('330902********0311');
    expect(court[7]).toBe('刑事处罚');
    expect(court[8]).toMatch(/^五不能：《.+》.*“.+”$/);
    expect(court[9]).toBe('法院审查员甲');
    expect(court[10]).toBe(''); // 审核人: the court needs no head's approval
    expect(court[11]).toBe('2026年4月3日 14:30');
    expect(court[12]).toBe('（2019）定刑初字第12号');
    expect(rows[4]?.[9]).toBe('系统比对（部门名单）');
    expect(rows[3]?.[11]).toBe('');
  });

  it('keeps a township to its own scope and full ID numbers to the organization department', async () => {
    expect(
      await requestExport(requestDeps(), { caller: TOWN, kind: 'ledger', scope: { campaignId: CAMPAIGN.id, township: OTHER_TOWNSHIP } }),
    ).toMatchObject({ kind: 'forbidden' });
    expect(
      await requestExport(requestDeps(), { caller: TOWN, kind: 'ledger', scope: { campaignId: CAMPAIGN.id }, fullIds: true }),
    ).toMatchObject({ kind: 'forbidden' });
    expect(await requestExport(requestDeps(), { caller: TOWN, kind: 'clearance', scope: { campaignId: CAMPAIGN.id } })).toMatchObject({
      kind: 'forbidden',
    });
    expect(
      await requestExport(requestDeps(), { caller: TOWN, kind: 'feedback', scope: { batchId: `b-${OTHER_TOWNSHIP}-2` } }),
    ).toMatchObject({ kind: 'forbidden' });
    expect(await requestExport(requestDeps(), { caller: ORGDEPT, kind: 'ledger', scope: {} })).toMatchObject({
      kind: 'invalid',
      field: 'scope.campaignId',
    });
    expect(queued).toEqual([]);

    const mine = await requestExport(requestDeps(), { caller: TOWN, kind: 'feedback', scope: { batchId: `b-${TOWNSHIP}-1` } });
    if (!('jobId' in mine)) throw new Error(mine.message);
    const other = caller({ userId: 'u-other', townships: [OTHER_TOWNSHIP] });
    expect(await getExport({ jobs, store, now: () => NOW }, { caller: other, jobId: mine.jobId })).toMatchObject({ kind: 'notFound' });
    expect(await getExport({ jobs, store, now: () => NOW }, { caller: ORGDEPT, jobId: mine.jobId })).toMatchObject({ jobId: mine.jobId });
    expect((await listExports({ jobs, store, now: () => NOW }, { caller: other })).length).toBe(0);
    expect(await runExport(workerDeps(), { jobId: mine.jobId })).toMatchObject({ outcome: 'done', job: { file: { rows: 2 } } });
    const listed = await listExports({ jobs, store, now: () => NOW }, { caller: TOWN });
    expect(listed.map((j) => [j.jobId, j.statusLabel, j.downloadUrl])).toEqual([[mine.jobId, '已完成', null]]);
  });

  it('records a full-ID ledger on the campaign chain, and a second delivery of a finished job does nothing', async () => {
    const job = await requestExport(requestDeps(), { caller: ORGDEPT, kind: 'ledger', scope: { campaignId: CAMPAIGN.id }, fullIds: true });
    if (!('jobId' in job)) throw new Error(job.message);
    expect(await runExport(workerDeps(), { jobId: job.jobId })).toMatchObject({ outcome: 'done', job: { file: { rows: 8 } } });
    expect(await runExport(workerDeps(), { jobId: job.jobId })).toEqual({ outcome: 'skipped' });
    const trail = await repos.audit.listByCandidate(campaignChainId(CAMPAIGN.id));
    expect(trail.filter((e) => e.type === 'ledger_exported').map((e) => e.data)).toEqual([{ township: null, rows: 8, fullIds: true }]);
    const bytes = [...store.files.values()][0];
    if (bytes === undefined) throw new Error('no file');
    expect((await sheetRows(bytes))[1]?.[4]).toBe('330902197008150311');
  });

  it('marks a job 失败 with the reason when its scope is gone, and after the last attempt when the work keeps failing', async () => {
    const job = await requestExport(requestDeps(), { caller: ORGDEPT, kind: 'clearance', scope: { campaignId: CAMPAIGN.id } });
    if (!('jobId' in job)) throw new Error(job.message);
    const broken: ExportWorkerDeps = { ...workerDeps(), store: { ...store, put: async () => Promise.reject(new Error('disk full')) } };
    await expect(runExport(broken, { jobId: job.jobId })).rejects.toThrow('disk full');
    await expect(runExport(broken, { jobId: job.jobId })).rejects.toThrow('disk full');
    expect(await runExport(broken, { jobId: job.jobId })).toMatchObject({
      outcome: 'failed',
      job: { attempts: 3, error: { code: 'internal' } },
    });
    expect(await getExport({ jobs, store, now: () => NOW }, { caller: ORGDEPT, jobId: job.jobId })).toMatchObject({ statusLabel: '失败' });

    const gone = await requestExport(requestDeps(), { caller: ORGDEPT, kind: 'ledger', scope: { campaignId: CAMPAIGN.id } });
    if (!('jobId' in gone)) throw new Error(gone.message);
    await jobs.transition(gone.jobId, ['queued'], { scope: { campaignId: 'no-such-campaign' } });
    expect(await runExport(workerDeps(), { jobId: gone.jobId })).toMatchObject({
      outcome: 'failed',
      job: { error: { code: 'notFound', message: '未找到该换届工作' } },
    });
  });
});
