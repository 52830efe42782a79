// Campaign set-up by the organization department, through the orgdept API on the in-memory store:
// the 行政区划 list (JSON or an uploaded file), the schedule with its computed dates, edits before
// and after batches exist, and the holiday calendar the dates are counted on.
import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import { createOrgdeptApi } from '../../../shared/adapters/http/orgdept-routes.js';
import { CampaignDetail, HolidayList, UploadUnitsResponse } from '../../../shared/api/index.js';
import { holidayChainId } from '../../../shared/domain/ids.js';
import { campaignChainId } from '../../../shared/domain/ids.js';
import { generatedTownshipCode } from '../../../shared/domain/township-code.js';
import type { MemoryRepositories } from '../../adapters/memory-repositories.js';
import { checkedByContract, type ApiHandler } from './contract.js';
import { bodyOf, claimsFor, httpEvent, lambdaContext } from './http-events.js';
import { apiDeps, sampleRow } from './support.js';

const ORG = claimsFor(['orgdept'], 'org-1');
const TOWNSHIP = claimsFor(['township:changguo'], 'tw-1');

let repos: MemoryRepositories;
let api: ApiHandler;

beforeEach(() => {
  const deps = apiDeps();
  repos = deps.repos;
  api = checkedByContract(createOrgdeptApi(deps));
});

const call = (routeKey: string, opts: { params?: Record<string, string>; body?: unknown; claims?: ReturnType<typeof claimsFor> } = {}) =>
  api(
    httpEvent({
      routeKey,
      ...(opts.params === undefined ? {} : { pathParameters: opts.params }),
      ...(opts.body === undefined ? {} : { body: opts.body }),
      claims: opts.claims ?? ORG,
    }),
    lambdaContext,
  );

const csvFile = (lines: string[], filename = '行政区划.csv') => ({
  filename,
  contentBase64: Buffer.from(`\uFEFF${lines.join('\n')}\n`, 'utf8').toString('base64'),
});

const UNITS = [
  '乡镇(街道),乡镇代码,村(社区),类型',
  '昌国街道,changguo,海山社区,农村社区',
  '昌国街道,,檀东社区,社区',
  '盐仓街道,,北门村,村',
];

const NEW = {
  id: 'c2027',
  name: '定海区2027年村和社区组织换届',
  jurisdiction: '浙江省舟山市定海区',
  policyId: 'dinghai-2017',
  electionDate: '2027-03-28',
};

async function detail(id = NEW.id) {
  const res = await call('GET /campaigns/{id}', { params: { id }, claims: TOWNSHIP });
  expect(res.statusCode).toBe(200);
  return CampaignDetail.parse(bodyOf(res));
}

/** A batch of the township straight into the store, so the campaign counts as started. */
async function submitBatch(village = '海山社区') {
  await repos.batches.create({
    batchId: 'b1',
    campaignId: NEW.id,
    township: 'changguo',
    policyId: NEW.policyId,
    submittedBy: 'tw-1',
    submittedAt: '2026-04-01T00:00:00.000Z',
    idempotencyKey: 'k-1',
    requestDigest: 'd',
    candidates: [{ ...sampleRow(1, '王建国', '330902197008150311'), village }],
    relatives: [],
  });
}

describe('POST /campaigns with the 行政区划 list', () => {
  it('creates the campaign from an uploaded list, codes given or generated, with the schedule computed', async () => {
    const res = await call('POST /campaigns', { body: { ...NEW, units: csvFile(UNITS), schedule: { departmentDays: { court: 3 } } } });
    expect(res.statusCode).toBe(201);
    expect(bodyOf(res)).toMatchObject({
      campaign: { id: 'c2027', townships: [{ code: 'changguo', name: '昌国街道' }, { name: '盐仓街道' }] },
    });
    const d = await detail();
    expect(d.townships).toEqual([
      {
        code: 'changguo',
        name: '昌国街道',
        villages: [
          { name: '海山社区', kind: '农村社区' },
          { name: '檀东社区', kind: '社区' },
        ],
      },
      { code: generatedTownshipCode('盐仓街道'), name: '盐仓街道', villages: [{ name: '北门村', kind: '村' }] },
    ]);
    expect(d.units).toEqual({ townships: 2, villages: 3, listed: true });
    expect(d.schedule.resultsDue).toMatchObject({ date: '2027-03-23', rule: '选举日5日前', text: '2027年3月23日（星期二）' });
    expect(d.schedule.publicity).toMatchObject({ days: 3, start: null });
    expect(d.schedule.departments.find((x) => x.code === 'court')).toMatchObject({ workingDays: 3, source: 'campaign' });
    // 2027's arrangement is not entered: said once for the schedule.
    expect(d.schedule.assumedNote).toContain('2027年的放假安排尚未录入');
    expect(d).toMatchObject({ locked: false, batches: 0, revision: 0 });
    const audit = await repos.audit.listByCandidate(campaignChainId('c2027'));
    expect(audit.map((e) => [e.type, e.data])).toEqual([
      ['campaign_changed', expect.objectContaining({ action: 'created', townships: 2, villages: 3 })],
    ]);
  });

  it('refuses the whole campaign when the uploaded list has errors, naming row and column', async () => {
    const res = await call('POST /campaigns', { body: { ...NEW, units: csvFile([...UNITS, '昌国街道,,海山社区,社区']) } });
    expect(res.statusCode).toBe(422);
    expect(bodyOf(res)).toMatchObject({ errors: [{ row: 5, column: '村(社区)', code: 'VILLAGE_NAME_DUPLICATE', sheet: '行政区划' }] });
    expect(await repos.campaigns.get('c2027')).toBeUndefined();
  });

  it('refuses two townships of one name, a repeated village and a code that is not lowercase ASCII, naming the field', async () => {
    const same = await call('POST /campaigns', {
      body: {
        ...NEW,
        townships: [
          { code: 'a', name: '昌国街道' },
          { code: 'b', name: '昌国 街道' },
        ],
      },
    });
    expect(same.statusCode).toBe(400);
    expect(bodyOf(same)).toMatchObject({
      field: 'townships.1.name',
      code: 'TOWNSHIP_NAME_DUPLICATE',
      message: expect.stringContaining('同名'),
    });
    const village = await call('POST /campaigns', {
      body: {
        ...NEW,
        townships: [
          {
            code: 'a',
            name: '昌国街道',
            villages: [
              { name: '海山社区', kind: '社区' },
              { name: '海山社区', kind: '村' },
            ],
          },
        ],
      },
    });
    expect(bodyOf(village)).toMatchObject({ field: 'townships.0.villages.1.name', code: 'VILLAGE_NAME_DUPLICATE' });
    const code = await call('POST /campaigns', { body: { ...NEW, townships: [{ code: 'ChangGuo', name: '昌国街道' }] } });
    expect(code.statusCode).toBe(400);
    expect(bodyOf(code)).toMatchObject({
      field: 'townships.0.code',
      code: 'TOWNSHIP_CODE_INVALID',
      message: expect.stringContaining('小写'),
    });
    const text = await call('POST /campaigns', { body: { ...NEW, name: '换届\u202e工作' } });
    expect(bodyOf(text)).toMatchObject({ field: 'name', code: 'TEXT_BIDI_CONTROL' });
    const date = await call('POST /campaigns', { body: { ...NEW, electionDate: '2027-02-30' } });
    expect(bodyOf(date)).toMatchObject({ field: 'electionDate' });
    const both = await call('POST /campaigns', { body: { ...NEW, townships: [], units: csvFile(UNITS) } });
    expect(bodyOf(both)).toMatchObject({ field: 'units', code: 'UNITS_TWO_SOURCES' });
    const dept = await call('POST /campaigns', { body: { ...NEW, schedule: { departmentDays: { nowhere: 3 } } } });
    expect(bodyOf(dept)).toMatchObject({ field: 'schedule.departmentDays.nowhere', code: 'DEPARTMENT_UNKNOWN' });
    expect(await repos.campaigns.list()).toEqual([]);
  });

  it('is for the organization department only, and GET /campaigns/{id} of an unknown id is 404', async () => {
    expect((await call('POST /campaigns', { body: NEW, claims: TOWNSHIP })).statusCode).toBe(403);
    expect((await call('GET /campaigns/{id}', { params: { id: 'nope' } })).statusCode).toBe(404);
  });
});

describe('PUT /campaigns/{id}', () => {
  beforeEach(async () => {
    expect((await call('POST /campaigns', { body: { ...NEW, units: csvFile(UNITS) } })).statusCode).toBe(201);
  });

  it('changes everything before any batch; the reference date follows the election day it followed', async () => {
    const res = await call('PUT /campaigns/{id}', {
      params: { id: NEW.id },
      body: {
        electionDate: '2027-04-18',
        rounds: { party: '2027-04-11' },
        name: '新名称',
        schedule: { resultsDueDaysBefore: 7, publicityStart: '2027-04-01' },
      },
    });
    expect(res.statusCode).toBe(200);
    const d = CampaignDetail.parse(bodyOf(res));
    expect(d.campaign).toMatchObject({ name: '新名称', electionDate: '2027-04-18', referenceDate: '2027-04-18' });
    expect(d.rounds).toEqual({ party: '2027-04-11', committee: null, supervision: null });
    expect(d.schedule.resultsDue).toMatchObject({ date: '2027-04-04', rule: '党组织选举日7日前' });
    expect(d.schedule.publicity.start?.date).toBe('2027-04-01');
    expect(d.revision).toBe(1);
    expect(bodyOf(res)).toMatchObject({ changed: true });
    // The same again changes nothing and audits nothing.
    const again = await call('PUT /campaigns/{id}', { params: { id: NEW.id }, body: { name: '新名称' } });
    expect(bodyOf(again)).toMatchObject({ changed: false, revision: 1 });
    expect((await repos.audit.listByCandidate(campaignChainId(NEW.id))).map((e) => e.data)).toEqual([
      expect.objectContaining({ action: 'created' }),
      expect.objectContaining({ action: 'updated', fields: ['name', 'electionDate', 'rounds', 'referenceDate', 'schedule'] }),
    ]);
  });

  it('refuses an edit made from an older revision', async () => {
    await call('PUT /campaigns/{id}', { params: { id: NEW.id }, body: { name: '甲的修改' } });
    const stale = await call('PUT /campaigns/{id}', { params: { id: NEW.id }, body: { name: '乙的修改', revision: 0 } });
    expect(stale.statusCode).toBe(409);
    expect(bodyOf(stale)).toMatchObject({ code: 'CAMPAIGN_CHANGED' });
  });

  it('once batches exist: only the schedule, and units may be added but not changed, nor removed while they have candidates', async () => {
    await submitBatch('海山社区');
    expect((await detail()).locked).toBe(true);
    const date = await call('PUT /campaigns/{id}', { params: { id: NEW.id }, body: { electionDate: '2027-04-18' } });
    expect(date.statusCode).toBe(409);
    expect(bodyOf(date)).toMatchObject({ code: 'CAMPAIGN_LOCKED', field: 'electionDate', message: expect.stringContaining('选举日') });
    const schedule = await call('PUT /campaigns/{id}', {
      params: { id: NEW.id },
      body: { schedule: { publicityDays: 5, departmentDays: { court: 2 } } },
    });
    expect(schedule.statusCode).toBe(200);

    const current = (await detail()).townships.map((t) => ({ code: t.code, name: t.name, villages: t.villages ?? [] }));
    const [changguo, yancang] = current;
    if (changguo === undefined || yancang === undefined) throw new Error('list missing');
    const removed = await call('PUT /campaigns/{id}', {
      params: { id: NEW.id },
      body: { townships: [{ ...changguo, villages: changguo.villages.filter((v) => v.name !== '海山社区') }, yancang] },
    });
    expect(removed.statusCode).toBe(409);
    expect(bodyOf(removed)).toMatchObject({
      code: 'UNIT_HAS_CANDIDATES',
      message: expect.stringContaining('昌国街道海山社区（1人）'),
      units: [{ township: '昌国街道', village: '海山社区', candidates: 1 }],
    });
    const kind = await call('PUT /campaigns/{id}', {
      params: { id: NEW.id },
      body: { townships: [{ ...changguo, villages: changguo.villages.map((v) => ({ ...v, kind: '村' })) }, yancang] },
    });
    expect(bodyOf(kind)).toMatchObject({ code: 'UNITS_LOCKED' });
    // Adding, and dropping a unit nobody stands for, are fine.
    const grown = await call('PUT /campaigns/{id}', {
      params: { id: NEW.id },
      body: {
        townships: [
          { ...changguo, villages: [...changguo.villages, { name: '南岙村', kind: '村' }] },
          { code: 'baima', name: '白马镇' },
        ],
      },
    });
    expect(grown.statusCode).toBe(200);
    expect(CampaignDetail.parse(bodyOf(grown)).townships.map((t) => t.name)).toEqual(['昌国街道', '白马镇']);
  });
});

describe('POST /campaigns/{id}/units', () => {
  beforeEach(async () => {
    expect((await call('POST /campaigns', { body: { ...NEW, units: csvFile(UNITS) } })).statusCode).toBe(201);
  });

  const upload = (lines: string[], mode: 'replace' | 'add', dryRun = false) =>
    call('POST /campaigns/{id}/units', { params: { id: NEW.id }, body: { file: csvFile(lines), mode, dryRun } });

  it('shows what an upload would change without storing it, then applies it', async () => {
    const lines = ['乡镇(街道),村(社区),类型', '昌国街道,南岙村,村', '白马镇,长岭村,村'];
    const dry = UploadUnitsResponse.parse(bodyOf(await upload(lines, 'add', true)));
    expect(dry).toMatchObject({
      applied: false,
      changes: {
        addedTownships: [{ name: '白马镇', code: generatedTownshipCode('白马镇'), villages: 1 }],
        addedVillages: [{ township: '昌国街道', name: '南岙村', kind: '村' }],
        removed: [],
      },
    });
    expect((await detail()).units.villages).toBe(3);
    const applied = UploadUnitsResponse.parse(bodyOf(await upload(lines, 'add')));
    expect(applied.applied).toBe(true);
    expect((await detail()).units).toEqual({ townships: 3, villages: 5, listed: true });
    // Codes stay: 昌国街道 keeps "changguo" although the file has no 乡镇代码 column.
    expect(applied.townships.find((t) => t.name === '昌国街道')).toMatchObject({ code: 'changguo', codeFrom: 'existing' });
  });

  it('replaces the whole list before any batch, and refuses to drop a unit with candidates after', async () => {
    const replaced = UploadUnitsResponse.parse(bodyOf(await upload(['乡镇(街道),村(社区),类型', '昌国街道,海山社区,社区'], 'replace')));
    expect(replaced.changes.removed.map((r) => r.text)).toEqual(['昌国街道檀东社区', '盐仓街道']);
    expect(replaced.changes.changed).toEqual([{ township: '昌国街道', village: '海山社区', what: 'kind', from: '农村社区', to: '社区' }]);
    await submitBatch('海山社区');
    const refused = await upload(['乡镇(街道),村(社区),类型', '盐仓街道,北门村,村'], 'replace');
    expect(refused.statusCode).toBe(409);
    expect(bodyOf(refused)).toMatchObject({ code: 'UNIT_HAS_CANDIDATES' });
    const changed = await upload(['乡镇(街道),村(社区),类型', '昌国街道,海山社区,农村社区'], 'add');
    expect(changed.statusCode).toBe(422);
    expect(bodyOf(changed)).toMatchObject({ errors: [{ row: 2, column: '类型', code: 'UNIT_CHANGED' }] });
  });

  it('refuses a bad file with row/column errors, and serves the template', async () => {
    const bad = await upload(['乡镇(街道),村(社区),类型', '昌国街道,海山社区,乡'], 'add');
    expect(bad.statusCode).toBe(422);
    expect(bodyOf(bad)).toMatchObject({ errors: [{ row: 2, column: '类型', code: 'VALUE_NOT_ALLOWED' }] });
    const template = await call('GET /campaigns/units/template', { claims: TOWNSHIP });
    expect(template.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(Buffer.from(template.body ?? '', 'base64')).slice().buffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['行政区划', '填写说明']);
    expect(workbook.getWorksheet('行政区划')?.getRow(1).values).toEqual([undefined, '乡镇(街道)', '乡镇代码', '村(社区)', '类型']);
  });

  it('is for the organization department only', async () => {
    expect(
      (await call('POST /campaigns/{id}/units', { params: { id: NEW.id }, body: { file: csvFile(UNITS) }, claims: TOWNSHIP })).statusCode,
    ).toBe(403);
  });
});

describe('the holiday calendar', () => {
  it('lists the built-in years and says which of this year and next are missing', async () => {
    const list = HolidayList.parse(bodyOf(await call('GET /holidays', { claims: TOWNSHIP })));
    expect(list.years.map((y) => [y.year, y.builtIn])).toEqual([
      [2017, true],
      [2026, true],
    ]);
    // The clock of the tests is 2026-04-10.
    expect(list.missing).toEqual([2027]);
    expect(list.years[1]?.ranges[0]).toEqual({ kind: '放假', from: '2026-01-01', to: '2026-01-03', text: '1月1日至1月3日', note: null });
  });

  it('takes a new year as JSON, audits it, and counts the schedule on it', async () => {
    await call('POST /campaigns', { body: NEW });
    expect((await detail()).schedule.assumedYears).toEqual([2027]);
    const body = {
      source: '国务院办公厅关于2027年部分节假日安排的通知',
      holidays: ['2027-03-22', '2027-03-23'],
      workdays: ['2027-03-20'],
      notes: { '2027-03-22': '测试假日' },
    };
    const res = await call('PUT /holidays/{year}', { params: { year: '2027' }, body });
    expect(res.statusCode).toBe(200);
    expect(bodyOf(res)).toMatchObject({ changed: true, year: { year: 2027, builtIn: false, updatedBy: 'org-1' } });
    const d = await detail();
    expect(d.schedule.assumedYears).toEqual([]);
    expect(d.schedule.resultsDue).toMatchObject({ date: '2027-03-23', working: false });
    expect((await call('PUT /holidays/{year}', { params: { year: '2027' }, body })).statusCode).toBe(200);
    const events = await repos.audit.listByCandidate(holidayChainId);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['holidays_changed', expect.objectContaining({ year: 2027, action: 'created', holidays: 2, workdays: 1 })],
    ]);
  });

  it('takes a year as an uploaded file, with row/column errors when it is wrong', async () => {
    const file = csvFile(['日期,类型,说明', '2027-02-06,放假,春节', '2027-02-03,上班,调休'], '2027.csv');
    const bad = await call('PUT /holidays/{year}', { params: { year: '2027' }, body: { source: '通知', file } });
    expect(bad.statusCode).toBe(422);
    expect(bodyOf(bad)).toMatchObject({ errors: [{ row: 3, column: '日期', code: 'HOLIDAY_WORKDAY_NOT_WEEKEND' }] });
    const good = csvFile(['日期,类型,说明', '2027-02-06,放假,春节', '2027-02-08,放假,春节', '2027-01-31,上班,调休'], '2027.csv');
    const res = await call('PUT /holidays/{year}', { params: { year: '2027' }, body: { source: '通知', file: good } });
    expect(res.statusCode).toBe(200);
    expect(bodyOf(res)).toMatchObject({
      year: { holidays: ['2027-02-06', '2027-02-08'], workdays: ['2027-01-31'], notes: { '2027-02-06': '春节' } },
    });
  });

  it('refuses a weekday 上班, a day of another year, a bad year and anyone but the organization department', async () => {
    const weekday = await call('PUT /holidays/{year}', { params: { year: '2027' }, body: { source: '通知', workdays: ['2027-02-03'] } });
    expect(bodyOf(weekday)).toMatchObject({ field: 'workdays.0', code: 'HOLIDAY_WORKDAY_NOT_WEEKEND' });
    const other = await call('PUT /holidays/{year}', { params: { year: '2027' }, body: { source: '通知', holidays: ['2026-12-31'] } });
    expect(bodyOf(other)).toMatchObject({ field: 'holidays.0', code: 'HOLIDAY_WRONG_YEAR' });
    expect((await call('PUT /holidays/{year}', { params: { year: '27' }, body: { source: '通知' } })).statusCode).toBe(400);
    expect((await call('PUT /holidays/{year}', { params: { year: '2027' }, body: { source: '通知' }, claims: TOWNSHIP })).statusCode).toBe(
      403,
    );
    expect(await repos.holidays.list()).toEqual([]);
  });
});
