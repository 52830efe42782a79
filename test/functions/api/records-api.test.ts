import { beforeEach, describe, expect, it } from 'vitest';
import { createRecordsApi } from '../../../shared/adapters/http/records-routes.js';
import type { MemoryRepositories } from '../../adapters/memory-repositories.js';
import { checkedByContract, type ApiHandler } from './contract.js';
import { bodyOf, claimsFor, httpEvent, lambdaContext } from './http-events.js';
import { apiDeps, CAMPAIGN, seedCampaign } from './support.js';

const HEADER = '部门,身份证号,姓名,记录类别,起始日期,终止日期,状态,文号,备注';
const DISCIPLINE_ROW = '区纪委,330902198211030248,李秀英,党纪处分,2020-03-01,2021-03-01,,定纪发〔2020〕12号,';
const ORGANISATION_ROW = '区委组织部,33090219750512013X,张伟,不履职,2023-01-01,,,,';

const upload = (lines: string[], extra: Record<string, unknown> = {}) => ({
  campaignId: CAMPAIGN.id,
  filename: 'records.csv',
  contentBase64: Buffer.from(`${lines.join('\n')}\n`, 'utf8').toString('base64'),
  ...extra,
});

let repos: MemoryRepositories;
let api: ApiHandler;

beforeEach(async () => {
  const deps = apiDeps();
  repos = deps.repos;
  await seedCampaign(repos);
  api = checkedByContract(createRecordsApi(deps));
});

function post(code: string, body: unknown, groups = [`department:${code}`]) {
  return api(
    httpEvent({ routeKey: 'POST /departments/{code}/records', pathParameters: { code }, body, claims: claimsFor(groups) }),
    lambdaContext,
  );
}

describe('POST /departments/{code}/records', () => {
  it('stores the extract of the own department', async () => {
    const res = await post('discipline', upload([HEADER, DISCIPLINE_ROW]));
    expect(res.statusCode).toBe(201);
    expect(bodyOf(res)).toMatchObject({
      extract: { department: 'discipline', campaignId: CAMPAIGN.id, rows: 1, persons: 1 },
      byCategory: { 党纪处分: 1 },
      noRecords: false,
    });
    expect((await repos.extracts.getActive('discipline', CAMPAIGN.id))?.rows).toBe(1);
  });

  it('a header-only file means "no records" and is accepted', async () => {
    const res = await post('discipline', upload([HEADER]));
    expect(res.statusCode).toBe(201);
    expect(bodyOf(res)).toMatchObject({ extract: { rows: 0 }, noRecords: true });
  });

  it("refuses another department's rows with 422 at their row and the 部门 column, keeping the old extract", async () => {
    await post('discipline', upload([HEADER, DISCIPLINE_ROW]));
    const res = await post('discipline', upload([HEADER, ORGANISATION_ROW, DISCIPLINE_ROW]));
    expect(res.statusCode).toBe(422);
    expect(bodyOf(res)).toMatchObject({
      errors: [
        {
          row: 2,
          column: '部门',
          code: 'DEPARTMENT_MISMATCH',
          value: '区委组织部',
          message: '只能上传本部门（区纪委）的记录，此行属于“区委组织部”。',
        },
      ],
    });
    expect((await repos.extracts.getActive('discipline', CAMPAIGN.id))?.rows).toBe(1);
  });

  it('refuses an upload for another department (403)', async () => {
    const res = await post('organisation', upload([HEADER, ORGANISATION_ROW]), ['department:discipline']);
    expect(res.statusCode).toBe(403);
    expect(await repos.extracts.getActive('organisation', CAMPAIGN.id)).toBeUndefined();
  });

  it('answers 404 for a department the policy does not list', async () => {
    const res = await post('fisheries', upload([HEADER]), ['department:fisheries']);
    expect(res.statusCode).toBe(404);
  });
});

describe('GET /departments/{code}/records', () => {
  it('summarises the active extract, or says there is none', async () => {
    const get = () =>
      api(
        httpEvent({
          routeKey: 'GET /departments/{code}/records',
          pathParameters: { code: 'discipline' },
          claims: claimsFor(['department:discipline']),
        }),
        lambdaContext,
      );
    expect(bodyOf(await get())).toEqual({ campaignId: CAMPAIGN.id, extract: null });
    await post('discipline', upload([HEADER, DISCIPLINE_ROW]));
    expect(bodyOf(await get())).toMatchObject({ extract: { rows: 1, filename: 'records.csv' } });
  });

  it('serves the department its own record template', async () => {
    const res = await api(
      httpEvent({
        routeKey: 'GET /departments/{code}/records/template',
        pathParameters: { code: 'discipline' },
        claims: claimsFor(['department:discipline']),
      }),
      lambdaContext,
    );
    expect(res.statusCode).toBe(200);
    expect(res.isBase64Encoded).toBe(true);
  });
});
