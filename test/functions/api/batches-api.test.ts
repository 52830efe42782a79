import 'aws-sdk-client-mock-vitest/extend';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createBatchesApi, type BatchesApiDeps } from '../../../shared/adapters/http/batches-routes.js';
import { FileRejected, UploadTicket } from '../../../shared/api/index.js';
import { acceptLocalUpload, localUploadStore } from '../../../shared/adapters/uploads/local.js';
import { createDynamoRepositories } from '../../../shared/adapters/dynamo/index.js';
import { createIdCrypto } from '../../../shared/adapters/id-crypto.js';
import type { MemoryRepositories } from '../../adapters/memory-repositories.js';
import { candidatesCsv, makeId } from '../../fixtures/import/people.js';
import { checkedByContract, type ApiHandler } from './contract.js';
import { bodyOf, claimsFor, httpEvent, lambdaContext } from './http-events.js';
import {
  apiDeps,
  CAMPAIGN,
  CHANGGUO_ROWS,
  csvUpload,
  DUTING_ROWS,
  NOW,
  OTHER_TOWNSHIP,
  powertools,
  sampleRow,
  seedBatch,
  seedCampaign,
  TOWNSHIP,
} from './support.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/import');
const invalidCsv = readFileSync(join(fixtures, 'batch-invalid.csv'));
const expectedErrors: Array<{ row: number; column: string; code: string }> = JSON.parse(
  readFileSync(join(fixtures, 'batch-invalid.expected.json'), 'utf8'),
);

const sqsMock = mockClient(SQSClient);
const QUEUE = 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/lianshen-intake';
const township = (code = TOWNSHIP) => claimsFor([`township:${code}`], `user-${code}`);

let repos: MemoryRepositories;
let api: ApiHandler;
let ids = 0;

beforeEach(async () => {
  sqsMock.reset();
  sqsMock
    .on(SendMessageBatchCommand)
    .callsFake((input: { Entries: Array<{ Id: string }> }) => ({ Successful: input.Entries.map((e) => ({ Id: e.Id })), Failed: [] }));
  const deps = apiDeps();
  repos = deps.repos;
  await seedCampaign(repos);
  ids = 0;
  api = checkedByContract(
    createBatchesApi({
      ...deps,
      sqs: new SQSClient({ region: 'cn-north-1' }),
      intakeQueueUrl: QUEUE,
      newBatchId: () => `bnew${++ids}`,
    }),
  );
});

function submit(body: unknown, opts: { key?: string | null; claims?: ReturnType<typeof township> } = {}) {
  const headers: Record<string, string> = opts.key === null ? {} : { 'Idempotency-Key': opts.key ?? 'key-00000001' };
  return api(httpEvent({ routeKey: 'POST /batches', body, headers, claims: opts.claims ?? township() }), lambdaContext);
}

function sentBodies(): unknown[] {
  return sqsMock
    .commandCalls(SendMessageBatchCommand)
    .flatMap((c) => (c.args[0].input.Entries ?? []).map((e) => JSON.parse(e.MessageBody ?? '')));
}

describe('POST /batches', () => {
  it('writes the batch, records submitted, and queues every candidate for intake', async () => {
    const res = await submit({ campaignId: CAMPAIGN.id, candidates: csvUpload() });
    expect(res.statusCode).toBe(201);
    const body = bodyOf(res);
    expect(body).toEqual({ batchId: 'bnew1', campaignId: CAMPAIGN.id, candidates: CHANGGUO_ROWS.length, replayed: false });
    const batch = await repos.batches.get('bnew1');
    expect(batch).toMatchObject({ township: TOWNSHIP, total: CHANGGUO_ROWS.length, submittedBy: `user-${TOWNSHIP}` });
    const candidateIds = (await repos.candidates.listViewsByBatch('bnew1')).map((v) => v.candidateId);
    expect(sentBodies()).toEqual(candidateIds.map((candidateId) => ({ campaignId: CAMPAIGN.id, batchId: 'bnew1', candidateId })));
    for (const id of candidateIds) {
      expect((await repos.audit.listByCandidate(id)).map((e) => e.type)).toEqual(['submitted']);
    }
  });

  it('sends at most 10 messages per SendMessageBatch and retries the entries SQS refused', async () => {
    const many = manyRows(23);
    let refusedOnce = false;
    sqsMock.on(SendMessageBatchCommand).callsFake((input: { Entries: Array<{ Id: string }> }) => {
      if (!refusedOnce) {
        refusedOnce = true;
        const [first, ...rest] = input.Entries;
        return { Successful: rest.map((e) => ({ Id: e.Id })), Failed: [{ Id: first?.Id, Code: 'InternalError', SenderFault: false }] };
      }
      return { Successful: input.Entries.map((e) => ({ Id: e.Id })), Failed: [] };
    });
    const res = await submit({ campaignId: CAMPAIGN.id, candidates: csvUpload(many) });
    expect(res.statusCode).toBe(201);
    const calls = sqsMock.commandCalls(SendMessageBatchCommand);
    expect(calls.every((c) => (c.args[0].input.Entries ?? []).length <= 10)).toBe(true);
    expect(calls).toHaveLength(4); // 10 (one refused) + retry of 1 + 10 + 3
    expect(new Set(sentBodies().map((b) => JSON.stringify(b))).size).toBe(23);
  });

  it('a bad file gets 422 with every row/column error and nothing is written or queued', async () => {
    const res = await submit({
      campaignId: CAMPAIGN.id,
      candidates: { filename: 'bad.csv', contentBase64: invalidCsv.toString('base64') },
    });
    expect(res.statusCode).toBe(422);
    const body = bodyOf(res) as { message: string; errors: Array<{ row: number; column: string; code: string; message: string }> };
    expect(body.message).toMatch(/整批未提交/);
    expect(body.errors.map(({ row, column, code }) => ({ row, column, code }))).toEqual(expectedErrors);
    expect(await repos.batches.listByTownship(TOWNSHIP)).toEqual([]);
    expect(repos.counters.auditAppends).toBe(0);
    expect(sqsMock).toHaveReceivedCommandTimes(SendMessageBatchCommand, 0);
  });

  it('requires an Idempotency-Key header (400)', async () => {
    const res = await submit({ campaignId: CAMPAIGN.id, candidates: csvUpload() }, { key: null });
    expect(res.statusCode).toBe(400);
    expect(bodyOf(res)).toMatchObject({ field: 'Idempotency-Key', in: 'header' });
    expect(sqsMock).toHaveReceivedCommandTimes(SendMessageBatchCommand, 0);
  });

  it('the same key with the same file gives the same batch (200); with another file, 409', async () => {
    const first = await submit({ campaignId: CAMPAIGN.id, candidates: csvUpload() });
    const again = await submit({ campaignId: CAMPAIGN.id, candidates: csvUpload(CHANGGUO_ROWS, 'renamed.csv') });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(bodyOf(again)).toMatchObject({ batchId: 'bnew1', replayed: true });
    expect(await repos.batches.listByTownship(TOWNSHIP)).toHaveLength(1);
    // Audit events are not duplicated by the replay.
    const [someId] = (await repos.candidates.listViewsByBatch('bnew1')).map((v) => v.candidateId);
    expect(await repos.audit.listByCandidate(someId ?? '')).toHaveLength(1);
    const changed = await submit({ campaignId: CAMPAIGN.id, candidates: csvUpload(CHANGGUO_ROWS.slice(0, 1)) });
    expect(changed.statusCode).toBe(409);
    expect(await repos.batches.listByTownship(TOWNSHIP)).toHaveLength(1);
  });

  it('refuses a person already in the campaign under a new key, at the row, naming the batch, and writes nothing', async () => {
    const first = await submit({ campaignId: CAMPAIGN.id, candidates: csvUpload(CHANGGUO_ROWS, '第一批.csv') });
    expect(first.statusCode).toBe(201);
    const auditsBefore = repos.counters.auditAppends;
    sqsMock.resetHistory();
    const [kept] = CHANGGUO_ROWS;
    const [newA, newB] = manyRows(2);
    if (kept === undefined || newA === undefined || newB === undefined) throw new Error('no sample rows');
    const rows = [newA, { ...kept, 序号: '2' }, { ...newB, 序号: '3' }];
    const again = await submit({ campaignId: CAMPAIGN.id, candidates: csvUpload(rows) }, { key: 'key-00000009' });
    expect(again.statusCode).toBe(422);
    const { message, errors } = FileRejected.parse(bodyOf(again));
    expect(message).toBe('1 名人选已在本次换届的其他批次中联审，整批未提交');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ sheet: '候选人', row: 3, column: '身份证号', code: 'ID_ALREADY_IN_CAMPAIGN' });
    expect(errors[0]?.value).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    expect(errors[0]?.message).toMatch(
      /^该人选已在“昌国街道 第1批（\d+月\d+日）”中（序号 1，文件“第一批.csv”，20\d\d年\d+月\d+日 \d\d:\d\d 提交）/,
    );
    expect(await repos.batches.listByTownship(TOWNSHIP)).toHaveLength(1);
    expect(repos.counters.auditAppends).toBe(auditsBefore);
    expect(sqsMock).toHaveReceivedCommandTimes(SendMessageBatchCommand, 0);
  });

  it('lets in a person another township submitted and flags both as a duplicate for the organization department', async () => {
    const [person] = CHANGGUO_ROWS;
    if (person === undefined) throw new Error('no sample row');
    expect((await submit({ campaignId: CAMPAIGN.id, candidates: csvUpload([{ ...person, 序号: '1' }]) })).statusCode).toBe(201);
    const moved = { ...person, 序号: '1', '乡镇(街道)': '都亭街道', '村(社区)': '滨江社区' };
    const res = await submit(
      { campaignId: CAMPAIGN.id, candidates: csvUpload([moved]) },
      { key: 'key-00000010', claims: township(OTHER_TOWNSHIP) },
    );
    expect(res.statusCode).toBe(201);
    const [first] = await repos.batches.listByTownship(TOWNSHIP);
    const [second] = await repos.batches.listByTownship(OTHER_TOWNSHIP);
    const duplicates = await repos.publicity.duplicates(CAMPAIGN.id);
    expect(duplicates).toEqual([
      expect.objectContaining({
        candidateId: `${second?.batchId}-0001`,
        township: OTHER_TOWNSHIP,
        heldBy: { candidateId: `${first?.batchId}-0001`, batchId: first?.batchId, township: TOWNSHIP },
        status: 'open',
      }),
    ]);
    const trail = await repos.audit.listByCandidate(`${second?.batchId}-0001`);
    expect(trail.map((e) => e.type)).toEqual(['submitted', 'duplicate_flagged']);
  });

  it('refuses candidates of another township with 403', async () => {
    const res = await submit({ campaignId: CAMPAIGN.id, candidates: csvUpload([...CHANGGUO_ROWS, ...DUTING_ROWS]) });
    expect(res.statusCode).toBe(403);
    expect(bodyOf(res)).toMatchObject({ message: expect.stringContaining('无权提交其他乡镇（街道）的人选') });
    expect(sqsMock).toHaveReceivedCommandTimes(SendMessageBatchCommand, 0);
  });

  it('refuses rows of a township or village that is not on the campaign’s list, at their row and column, storing nothing', async () => {
    await repos.campaigns.create(
      {
        ...CAMPAIGN,
        id: 'c-units',
        townships: [
          { code: TOWNSHIP, name: '昌国街道', villages: [{ name: '檀东社区', kind: '社区' }] },
          { code: OTHER_TOWNSHIP, name: '都亭街道', villages: [{ name: '滨江社区', kind: '社区' }] },
        ],
      },
      { createdAt: '2026-03-02T00:00:00.000Z', createdBy: 'org-1' },
    );
    // The sample rows of 昌国街道 are in 檀枫社区, which this list does not have.
    const res = await submit({ campaignId: 'c-units', candidates: csvUpload(CHANGGUO_ROWS) });
    expect(res.statusCode).toBe(422);
    const { errors } = FileRejected.parse(bodyOf(res));
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual(
      CHANGGUO_ROWS.map((_, i) => [i + 2, '村(社区)', 'VILLAGE_NOT_IN_CAMPAIGN']),
    );
    expect(errors[0]?.message).toContain('"檀枫社区"不在本次换届工作昌国街道的村（社区）名单中');
    expect(await repos.batches.listByCampaign('c-units')).toEqual([]);
    expect(sqsMock).toHaveReceivedCommandTimes(SendMessageBatchCommand, 0);
    // A listed township of another account stays a 403, as without a village list.
    const foreign = await submit({
      campaignId: 'c-units',
      candidates: csvUpload(CHANGGUO_ROWS.map((r) => ({ ...r, '乡镇(街道)': '都亭街道', '村(社区)': '滨江社区' }))),
    });
    expect(foreign.statusCode).toBe(403);
  });

  it('refuses a department or org account (403)', async () => {
    const res = await submit({ campaignId: CAMPAIGN.id, candidates: csvUpload() }, { claims: claimsFor(['department:court']) });
    expect(res.statusCode).toBe(403);
  });

  it('names the missing field of a malformed body (400)', async () => {
    const res = await submit({ campaignId: CAMPAIGN.id, candidates: { filename: 'x.csv' } });
    expect(res.statusCode).toBe(400);
    expect(bodyOf(res)).toEqual({
      message: '请求内容有误：candidates 应含 contentBase64（文件内容，base64）或 uploadId（先经 POST /uploads 上传的文件）',
      field: 'candidates',
      in: 'body',
      code: 'INVALID_REQUEST',
    });
  });
});

describe('POST /batches/check', () => {
  const check = (body: unknown, claims = township()) => api(httpEvent({ routeKey: 'POST /batches/check', body, claims }), lambdaContext);

  it('refuses at the check already a person another batch of the campaign holds, naming it, as the submission would', async () => {
    const [person] = CHANGGUO_ROWS;
    if (person === undefined) throw new Error('no sample row');
    expect((await submit({ campaignId: CAMPAIGN.id, candidates: csvUpload([{ ...person, 序号: '1' }], '第一批.csv') })).statusCode).toBe(
      201,
    );
    const res = await check({ campaignId: CAMPAIGN.id, candidates: csvUpload() });
    expect(res.statusCode).toBe(422);
    const { errors } = FileRejected.parse(bodyOf(res));
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([[2, '身份证号', 'ID_ALREADY_IN_CAMPAIGN']]);
    expect(errors[0]?.message).toContain('（序号 1，文件“第一批.csv”，');
  });

  it('passes at the check a person another township holds, as the submission lets it in to be flagged', async () => {
    const [person] = CHANGGUO_ROWS;
    if (person === undefined) throw new Error('no sample row');
    expect((await submit({ campaignId: CAMPAIGN.id, candidates: csvUpload([{ ...person, 序号: '1' }]) })).statusCode).toBe(201);
    const moved = { ...person, 序号: '1', '乡镇(街道)': '都亭街道', '村(社区)': '滨江社区' };
    const res = await check({ campaignId: CAMPAIGN.id, candidates: csvUpload([moved]) }, township(OTHER_TOWNSHIP));
    expect(res.statusCode).toBe(200);
    expect(bodyOf(res)).toMatchObject({ candidates: 1 });
  });

  it('counts the people, names the batch it would be and lists what it corrected, storing nothing', async () => {
    await seedBatch(repos, { rows: [sampleRow(1, '吴大伟', '330902197507070315')] });
    const rows = CHANGGUO_ROWS.map((r, i) => (i === 0 ? { ...r, 姓名: ` ${r.姓名}` } : r));
    const res = await check({ campaignId: CAMPAIGN.id, candidates: csvUpload(rows) });
    expect(res.statusCode).toBe(200);
    const body = bodyOf(res) as { candidates: number; name: string; corrections: Array<{ row: number; column: string; reason: string }> };
    expect(body.candidates).toBe(CHANGGUO_ROWS.length);
    // One batch already submitted: this is the township's second; NOW's day in Beijing.
    expect(body.name).toMatch(/^昌国街道 第2批（\d{1,2}月\d{1,2}日）$/);
    expect(body.corrections).toEqual([expect.objectContaining({ row: 2, column: '姓名', reason: '已去掉多余的空格' })]);
    expect(await repos.batches.listByTownship(TOWNSHIP)).toHaveLength(1);
    expect(sqsMock).toHaveReceivedCommandTimes(SendMessageBatchCommand, 0);
  });

  it('a bad file gets 422 with every row/column error, as the submission would', async () => {
    const res = await check({ campaignId: CAMPAIGN.id, candidates: { filename: 'bad.csv', contentBase64: invalidCsv.toString('base64') } });
    expect(res.statusCode).toBe(422);
    const body = bodyOf(res) as { errors: Array<{ row: number; column: string; code: string }> };
    expect(body.errors.map(({ row, column, code }) => ({ row, column, code }))).toEqual(expectedErrors);
  });

  it('refuses a department account (403)', async () => {
    const res = await check({ campaignId: CAMPAIGN.id, candidates: csvUpload() }, claimsFor(['department:court']));
    expect(res.statusCode).toBe(403);
  });
});

describe('POST /batches against the DynamoDB repositories (SDK mocked)', () => {
  it('a bad file makes no DynamoDB write and no SQS call', async () => {
    const ddbMock = mockClient(DynamoDBDocumentClient);
    ddbMock.on(GetCommand).resolves({ Item: { campaign: CAMPAIGN, createdAt: '2026-03-01T00:00:00.000Z', createdBy: 'org-1' } });
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'cn-north-1' }));
    const deps: BatchesApiDeps = {
      repos: createDynamoRepositories({ doc, tableName: 'lianshen', crypto: createIdCrypto('k'.repeat(40)) }),
      powertools,
      now: () => NOW,
      sqs: new SQSClient({ region: 'cn-north-1' }),
      intakeQueueUrl: QUEUE,
    };
    const res = await checkedByContract(createBatchesApi(deps))(
      httpEvent({
        routeKey: 'POST /batches',
        headers: { 'Idempotency-Key': 'key-00000002' },
        body: { campaignId: CAMPAIGN.id, candidates: { filename: 'bad.csv', contentBase64: invalidCsv.toString('base64') } },
        claims: township(),
      }),
      lambdaContext,
    );
    expect(res.statusCode).toBe(422);
    expect(ddbMock).toHaveReceivedCommandTimes(PutCommand, 0);
    expect(ddbMock).toHaveReceivedCommandTimes(TransactWriteCommand, 0);
    expect(ddbMock).toHaveReceivedCommandTimes(BatchWriteCommand, 0);
    expect(ddbMock).toHaveReceivedCommandTimes(UpdateCommand, 0);
    expect(sqsMock).toHaveReceivedCommandTimes(SendMessageBatchCommand, 0);
    ddbMock.restore();
  });
});

describe('GET /batches', () => {
  it('a township sees only its own batches; another township batch is 403', async () => {
    const own = await seedBatch(repos);
    const other = await seedBatch(repos, {
      township: OTHER_TOWNSHIP,
      key: '2',
      rows: [sampleRow(1, '吴大伟', '330902197507070315', '都亭街道')],
    });
    const list = bodyOf(await api(httpEvent({ routeKey: 'GET /batches', claims: township() }), lambdaContext)) as {
      batches: Array<{ batchId: string }>;
    };
    expect(list.batches.map((b) => b.batchId)).toEqual([own.batchId]);
    expect(list.batches.map((b) => (b as { name?: string }).name)).toEqual(['昌国街道 第1批（4月1日）']);
    const cross = await api(
      httpEvent({ routeKey: 'GET /batches/{id}', pathParameters: { id: other.batchId }, claims: township() }),
      lambdaContext,
    );
    expect(cross.statusCode).toBe(403);
    expect(bodyOf(cross)).toEqual({ message: '无权访问该乡镇（街道）的数据', code: 'FORBIDDEN' });
    const crossFeedback = await api(
      httpEvent({ routeKey: 'GET /batches/{id}/feedback', pathParameters: { id: other.batchId }, claims: township() }),
      lambdaContext,
    );
    expect(crossFeedback.statusCode).toBe(403);
    const asking = await api(
      httpEvent({ routeKey: 'GET /batches', query: { township: OTHER_TOWNSHIP }, claims: township() }),
      lambdaContext,
    );
    expect(asking.statusCode).toBe(403);
  });

  it('shows per-candidate progress and, once decided, the decision with reasons', async () => {
    const { batchId, candidateIds } = await seedBatch(repos);
    const [first = '', second = ''] = candidateIds;
    await repos.candidates.setRouting(first, { policyId: 'dinghai-2017', policyVersion: '1.0.0', departments: ['court', 'petitions'] });
    await repos.verdicts.putAnswer({ campaignId: CAMPAIGN.id, candidateId: first, department: 'court', status: 'clear', findings: [] });
    await repos.decisions.put(
      {
        campaignId: CAMPAIGN.id,
        candidateId: second,
        policy: { id: 'dinghai-2017', version: '1.0.0' },
        outcome: 'disqualified',
        reasons: [
          {
            category: '刑事处罚',
            severity: 'bar',
            department: 'court',
            documentNumber: '（2019）浙0902刑初12号',
            eligibleFrom: '2027-03-01',
            citation: { file: '001_450a4215c6f8d83b.txt', quote: '对被判处刑罚' },
          },
        ],
        warnings: [],
        unanswered: [],
        referenceDate: '2026-05-20',
        decidedAt: '2026-04-09T00:00:00.000Z',
      },
      batchId,
    );
    const res = await api(httpEvent({ routeKey: 'GET /batches/{id}', pathParameters: { id: batchId }, claims: township() }), lambdaContext);
    expect(res.statusCode).toBe(200);
    const body = bodyOf(res) as { candidates: Array<Record<string, unknown>> };
    expect(body.candidates[0]).toMatchObject({
      candidateId: first,
      progress: { answered: 1, total: 2 },
      status: 'reviewing',
      statusLabel: '审查中',
      decision: null,
    });
    expect(body.candidates[1]).toMatchObject({
      candidateId: second,
      status: 'disqualified',
      statusLabel: '不通过',
      idNumberMasked: '330902********042X',
    });
    expect(body.candidates[1]).toHaveProperty('decision.reasons.0.text', expect.stringContaining('区法院：刑事处罚'));
    expect(res.body).not.toContain('33090219820304042X');
    // The township sees the category and the clause, not the court's case number; the organization department sees it.
    expect(body.candidates[1]).toHaveProperty('decision.reasons.0.documentNumber', null);
    expect(res.body).not.toContain('刑初12号');
    const org = await api(
      httpEvent({ routeKey: 'GET /batches/{id}', pathParameters: { id: batchId }, claims: claimsFor(['orgdept'], 'user-org') }),
      lambdaContext,
    );
    expect(org.statusCode).toBe(200);
    expect(org.body).toContain('刑初12号');
  });

  it('the feedback list downloads as xlsx for the own township', async () => {
    const { batchId } = await seedBatch(repos);
    const res = await api(
      httpEvent({ routeKey: 'GET /batches/{id}/feedback', pathParameters: { id: batchId }, query: { format: 'xlsx' }, claims: township() }),
      lambdaContext,
    );
    expect(res.statusCode).toBe(200);
    expect(res.isBase64Encoded).toBe(true);
    expect(res.headers?.['Content-Type']).toMatch(/spreadsheetml/);
    expect(
      Buffer.from(res.body ?? '', 'base64')
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
  });
});

function manyRows(n: number) {
  const base = CHANGGUO_ROWS[0];
  if (base === undefined) throw new Error('no sample row');
  // Men born 1980-01-DD with odd sequence numbers, so ID, sex and birth agree.
  return Array.from({ length: n }, (_, i) => ({
    ...base,
    序号: String(i + 1),
    性别: '男',
    出生年月: '1980-01',
    是否现任: '否',
    身份证号: makeId(
      '330902',
      `198001${String(1 + (i % 28)).padStart(2, '0')}`,
      String(101 + 2 * Math.floor(i / 28) + 10 * i)
        .slice(-3)
        .replace(/[02468]$/, '1'),
    ),
  }));
}

describe('a batch past the payload limit, through an upload ticket', () => {
  const uploadDir = () => mkdtempSync(join(tmpdir(), 'lianshen-api-uploads-'));
  const secret = 'upload-test-key-material-0123456789';
  const withUploads = (dir: string) =>
    checkedByContract(
      createBatchesApi({
        ...apiDeps(repos),
        sqs: new SQSClient({ region: 'cn-north-1' }),
        intakeQueueUrl: QUEUE,
        newBatchId: () => `bnew${++ids}`,
        uploads: localUploadStore({ dir, secret }),
      }),
    );

  it('issues a ticket for the exact size, and the file put there is checked and submitted like an inline file', async () => {
    const dir = uploadDir();
    const handler = withUploads(dir);
    const bytes = Buffer.from(candidatesCsv(CHANGGUO_ROWS), 'utf8');
    const ticketRes = await handler(
      httpEvent({ routeKey: 'POST /uploads', body: { filename: 'batch.csv', bytes: bytes.length }, claims: township() }),
      lambdaContext,
    );
    expect(ticketRes.statusCode).toBe(201);
    const ticket = UploadTicket.parse(bodyOf(ticketRes));
    expect(ticket).toMatchObject({ method: 'PUT', bytes: bytes.length });
    const url = new URL(ticket.url, 'http://127.0.0.1');
    const put = await acceptLocalUpload({ dir, secret }, { uploadId: ticket.uploadId, query: url.searchParams, body: bytes, now: NOW });
    expect(put).toEqual({ status: 200 });

    const body = { campaignId: CAMPAIGN.id, candidates: { filename: 'batch.csv', uploadId: ticket.uploadId } };
    const checked = await handler(httpEvent({ routeKey: 'POST /batches/check', body, claims: township() }), lambdaContext);
    expect(checked.statusCode).toBe(200);
    const headers = { 'Idempotency-Key': 'key-upload-01' };
    const res = await handler(httpEvent({ routeKey: 'POST /batches', body, headers, claims: township() }), lambdaContext);
    expect(res.statusCode).toBe(201);
    expect(bodyOf(res)).toMatchObject({ candidates: CHANGGUO_ROWS.length, replayed: false });

    const other = await handler(httpEvent({ routeKey: 'POST /batches/check', body, claims: township(OTHER_TOWNSHIP) }), lambdaContext);
    expect(other.statusCode).toBe(400);
    expect(bodyOf(other)).toMatchObject({ code: 'UPLOAD_NOT_FOUND', field: 'candidates.uploadId' });
  });

  it('refuses a ticket past the size limit, an upload never put, and uploads where the deployment has no upload store', async () => {
    const handler = withUploads(uploadDir());
    const missing = { campaignId: CAMPAIGN.id, candidates: { filename: 'x.csv', uploadId: 'b'.repeat(32) } };
    const never = await handler(httpEvent({ routeKey: 'POST /batches/check', body: missing, claims: township() }), lambdaContext);
    expect(bodyOf(never)).toMatchObject({ code: 'UPLOAD_NOT_FOUND', field: 'candidates.uploadId' });
    const huge = await handler(
      httpEvent({ routeKey: 'POST /uploads', body: { filename: 'x.xlsx', bytes: 60_000_000 }, claims: township() }),
      lambdaContext,
    );
    expect(huge.statusCode).toBe(400);
    expect(JSON.stringify(bodyOf(huge))).toContain('bytes');
    const none = await api(
      httpEvent({ routeKey: 'POST /uploads', body: { filename: 'x.csv', bytes: 10 }, claims: township() }),
      lambdaContext,
    );
    expect(none.statusCode).toBe(400);
    expect(bodyOf(none)).toMatchObject({ code: 'UPLOADS_NOT_CONFIGURED' });
  });
});
