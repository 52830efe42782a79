// The review as counties run it, through the HTTP routes on the in-memory store: a township's draft
// is first-reviewed and only then sent (and queued for review); a write-in winner vetted after the
// vote is reported 当选有效/当选无效 with the clause; a Party-secretary nominee stays off the 公示
// list until the organization department approves the filing.
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createBatchesApi } from '../../../shared/adapters/http/batches-routes.js';
import { createOrgdeptApi } from '../../../shared/adapters/http/orgdept-routes.js';
import type { BatchDetail, FeedbackList, FilingList, FirstReviewSheet } from '../../../shared/api/index.js';
import { verifyChain } from '../../../shared/domain/audit/chain.js';
import type { Decision } from '../../../shared/domain/model.js';
import type { MemoryRepositories } from '../../adapters/memory-repositories.js';
import { checkedByContract, type ApiHandler } from './contract.js';
import { bodyOf, claimsFor, httpEvent, lambdaContext } from './http-events.js';
import { apiDeps, CAMPAIGN, CHANGGUO_ROWS, csvUpload, seedCampaign, TOWNSHIP } from './support.js';

const sqsMock = mockClient(SQSClient);
const QUEUE = 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/lianshen-intake';
const TOWN = claimsFor([`township:${TOWNSHIP}`], 'user-town');
const ORG = claimsFor(['orgdept'], 'org-1');
const VOID_QUOTE = '不符合候选人(自荐人)资格条件人员当选的,当选无效';

let repos: MemoryRepositories;
let batches: ApiHandler;
let orgdept: ApiHandler;
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
  batches = checkedByContract(
    createBatchesApi({ ...deps, sqs: new SQSClient({ region: 'cn-north-1' }), intakeQueueUrl: QUEUE, newBatchId: () => `bproc${++ids}` }),
  );
  orgdept = checkedByContract(createOrgdeptApi(deps));
});

function call(
  api: ApiHandler,
  routeKey: string,
  opts: { id?: string; body?: unknown; claims?: ReturnType<typeof claimsFor>; key?: string; query?: Record<string, string> } = {},
) {
  return api(
    httpEvent({
      routeKey,
      ...(opts.id === undefined ? {} : { pathParameters: { id: opts.id } }),
      ...(opts.body === undefined ? {} : { body: opts.body }),
      ...(opts.query === undefined ? {} : { query: opts.query }),
      headers: { 'Idempotency-Key': opts.key ?? 'key-process-1' },
      claims: opts.claims ?? TOWN,
    }),
    lambdaContext,
  );
}

const queued = () => sqsMock.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries ?? []);

async function draft(body: Record<string, unknown> = {}) {
  const res = await call(batches, 'POST /batches', { body: { campaignId: CAMPAIGN.id, candidates: csvUpload(), draft: true, ...body } });
  expect(res.statusCode).toBe(201);
  return (bodyOf(res) as { batchId: string }).batchId;
}

async function candidateIds(batchId: string) {
  return (await repos.candidates.listViewsByBatch(batchId)).map((c) => c.candidateId);
}

function decision(candidateId: string, outcome: Decision['outcome'], reasons: Decision['reasons'] = []): Decision {
  return {
    campaignId: CAMPAIGN.id,
    candidateId,
    policy: { id: 'dinghai-2017', version: '1.0.0' },
    outcome,
    reasons,
    warnings: [],
    unanswered: [],
    referenceDate: '2026-05-20',
    decidedAt: '2026-04-09T00:00:00.000Z',
  };
}

describe('township first review of a draft batch', () => {
  it('keeps an uploaded draft from review: nothing queued, only drafted events, and the county sees it as a draft', async () => {
    const batchId = await draft();
    expect(queued()).toEqual([]);
    for (const id of await candidateIds(batchId)) {
      expect((await repos.audit.listByCandidate(id)).map((e) => e.type)).toEqual(['drafted']);
    }
    const detail = bodyOf(await call(batches, 'GET /batches/{id}', { id: batchId, claims: ORG })) as BatchDetail;
    expect(detail.batch.stage).toMatchObject({ status: 'draft', draftedBy: 'user-town', firstReviewedAt: null, submittedAt: null });
    expect(detail.batch.status.label).toBe('乡镇初审中（未报送）');
  });

  it('pre-fills the sheet with the ID check, the age at the reference date and the education', async () => {
    const batchId = await draft();
    const res = await call(batches, 'GET /batches/{id}/first-review', { id: batchId });
    expect(res.statusCode).toBe(200);
    const sheet = bodyOf(res) as FirstReviewSheet;
    expect(sheet).toMatchObject({ status: 'draft', referenceDate: CAMPAIGN.referenceDate, firstReview: null });
    const first = sheet.candidates[0];
    expect(first?.checks.find((c) => c.id === 'idcard')).toMatchObject({ effect: 'ok' });
    // 王建国, born 1970-08-15: 55 on the reference date 2026-05-20.
    expect(first?.checks.find((c) => c.id === 'age')?.text).toContain('55 周岁');
    expect(first?.checks.find((c) => c.id === 'education')?.text).toBe('学历：高中');
  });

  it('refuses a first review that leaves a candidate out, or fails one without a remark', async () => {
    const batchId = await draft();
    const [a = '', b = '', c = ''] = await candidateIds(batchId);
    const partial = await call(batches, 'POST /batches/{id}/first-review', {
      id: batchId,
      body: { entries: [{ candidateId: a, result: 'pass' }] },
    });
    expect(partial.statusCode).toBe(400);
    const noRemark = await call(batches, 'POST /batches/{id}/first-review', {
      id: batchId,
      body: { entries: [a, b].map((id) => ({ candidateId: id, result: 'pass' })).concat([{ candidateId: c, result: 'fail' }]) },
    });
    expect(noRemark.statusCode).toBe(400);
    expect(bodyOf(noRemark)).toMatchObject({ code: 'REMARK_REQUIRED' });
  });

  it('refuses to send a draft before its first review, and another township’s draft', async () => {
    const batchId = await draft();
    expect((await call(batches, 'POST /batches/{id}/submit', { id: batchId })).statusCode).toBe(409);
    const other = claimsFor(['township:duting'], 'user-duting');
    expect((await call(batches, 'POST /batches/{id}/submit', { id: batchId, claims: other })).statusCode).toBe(403);
    expect(queued()).toEqual([]);
  });

  it('sends the first-reviewed draft: queues who passed, withdraws who failed with the remark, and shows who first-reviewed and when', async () => {
    const batchId = await draft();
    const [a = '', b = '', c = ''] = await candidateIds(batchId);
    const entries = [
      { candidateId: a, result: 'pass', remark: '符合条件' },
      { candidateId: b, result: 'pass' },
      { candidateId: c, result: 'fail', remark: '长期不在村居住' },
    ];
    const recorded = await call(batches, 'POST /batches/{id}/first-review', { id: batchId, body: { entries } });
    expect(recorded.statusCode).toBe(200);
    expect(bodyOf(recorded)).toMatchObject({ batchId, firstReviewedBy: 'user-town', passed: 2, failed: 1 });
    expect(queued()).toEqual([]);

    const sent = await call(batches, 'POST /batches/{id}/submit', { id: batchId });
    expect(sent.statusCode).toBe(200);
    expect(bodyOf(sent)).toMatchObject({ batchId, replayed: false, sent: 2, held: 1 });
    expect(queued().map((e) => JSON.parse(e.MessageBody ?? '').candidateId)).toEqual([a, b]);
    expect((await repos.audit.listByCandidate(a)).map((e) => e.type)).toEqual(['drafted', 'first_reviewed', 'submitted']);
    expect((await repos.audit.listByCandidate(c)).map((e) => e.type)).toEqual(['drafted', 'first_reviewed', 'withdrawn']);
    for (const id of [a, b, c]) expect(verifyChain(await repos.audit.listByCandidate(id))).toMatchObject({ ok: true });

    const detail = bodyOf(await call(batches, 'GET /batches/{id}', { id: batchId, claims: ORG })) as BatchDetail;
    expect(detail.batch.stage).toMatchObject({
      status: 'submitted',
      firstReviewedBy: 'user-town',
      firstReviewPassed: 2,
      firstReviewFailed: 1,
    });
    expect(detail.batch.stage?.firstReviewedAt).toEqual(expect.any(String));
    expect(detail.candidates.find((x) => x.candidateId === c)).toMatchObject({
      status: 'withdrawn',
      firstReview: { result: 'fail', remark: '长期不在村居住' },
      withdrawal: { reason: '乡镇初审不符合条件：长期不在村居住' },
    });

    const again = await call(batches, 'POST /batches/{id}/submit', { id: batchId });
    expect(bodyOf(again)).toMatchObject({ replayed: true });
    expect((await repos.audit.listByCandidate(a)).map((e) => e.type)).toEqual(['drafted', 'first_reviewed', 'submitted']);
    const late = await call(batches, 'POST /batches/{id}/first-review', { id: batchId, body: { entries } });
    expect(late.statusCode).toBe(409);
  });
});

describe('deleting a draft batch', () => {
  it('deletes the township’s draft: its people may be uploaded again, and the batch leaves the list', async () => {
    const batchId = await draft();
    const refused = await call(batches, 'POST /batches', {
      key: 'key-process-2',
      body: { campaignId: CAMPAIGN.id, candidates: csvUpload(), draft: true },
    });
    expect(refused.statusCode).toBe(422);
    const res = await call(batches, 'POST /batches/{id}/discard', { id: batchId });
    expect(res.statusCode).toBe(200);
    expect(bodyOf(res)).toMatchObject({
      batchId,
      replayed: false,
      status: 'discarded',
      label: '草稿已删除（未报送）',
      discardedBy: 'user-town',
      released: 3,
    });
    const [a = ''] = await candidateIds(batchId);
    expect((await repos.audit.listByCandidate(a)).map((e) => e.type)).toEqual(['drafted', 'draft_discarded']);
    const list = bodyOf(await call(batches, 'GET /batches', { query: { campaignId: CAMPAIGN.id } })) as {
      batches: Array<{ batchId: string }>;
    };
    expect(list.batches.map((b) => b.batchId)).not.toContain(batchId);
    const again = await call(batches, 'POST /batches', {
      key: 'key-process-2',
      body: { campaignId: CAMPAIGN.id, candidates: csvUpload(), draft: true },
    });
    expect(again.statusCode).toBe(201);
    expect(bodyOf(await call(batches, 'POST /batches/{id}/discard', { id: batchId }))).toMatchObject({ replayed: true, released: 0 });
    const send = await call(batches, 'POST /batches/{id}/submit', { id: batchId });
    expect([send.statusCode, bodyOf(send)]).toEqual([409, expect.objectContaining({ code: 'BATCH_DISCARDED' })]);
    expect(queued()).toEqual([]);
  });

  it('refuses another township (403), the organization department (403) and a batch already sent (409 BATCH_NOT_DRAFT)', async () => {
    const batchId = await draft();
    const other = claimsFor(['township:duting'], 'user-duting');
    expect((await call(batches, 'POST /batches/{id}/discard', { id: batchId, claims: other })).statusCode).toBe(403);
    expect((await call(batches, 'POST /batches/{id}/discard', { id: batchId, claims: ORG })).statusCode).toBe(403);
    const entries = (await candidateIds(batchId)).map((candidateId) => ({ candidateId, result: 'pass' }));
    await call(batches, 'POST /batches/{id}/first-review', { id: batchId, body: { entries } });
    await call(batches, 'POST /batches/{id}/submit', { id: batchId });
    const sent = await call(batches, 'POST /batches/{id}/discard', { id: batchId });
    expect([sent.statusCode, bodyOf(sent)]).toEqual([409, expect.objectContaining({ code: 'BATCH_NOT_DRAFT' })]);
    expect((await call(batches, 'POST /batches/{id}/discard', { id: 'no-such-batch' })).statusCode).toBe(404);
  });
});

describe('write-in winners after the vote', () => {
  const writeIns = () => CHANGGUO_ROWS.map((r) => ({ ...r, 人选类型: '另选他人' }));

  it('refuses a post-election batch with a row that is not a write-in, at its 人选类型', async () => {
    const res = await call(batches, 'POST /batches', { body: { campaignId: CAMPAIGN.id, candidates: csvUpload(), kind: 'post-election' } });
    expect(res.statusCode).toBe(422);
    const body = bodyOf(res) as { errors: Array<{ code: string; column: string }> };
    expect(body.errors[0]).toMatchObject({ code: 'WRITE_IN_REQUIRED', column: '人选类型' });
  });

  it('reports a disqualified write-in as 当选无效 with the clause, and a cleared one as 当选有效', async () => {
    const res = await call(batches, 'POST /batches', {
      body: { campaignId: CAMPAIGN.id, candidates: csvUpload(writeIns()), kind: 'post-election' },
    });
    expect(res.statusCode).toBe(201);
    const batchId = (bodyOf(res) as { batchId: string }).batchId;
    expect(queued()).toHaveLength(3);
    const resend = await call(batches, 'POST /batches/{id}/submit', { id: batchId });
    expect(resend.statusCode).toBe(409);
    expect(bodyOf(resend)).toMatchObject({ code: 'BATCH_NOT_DRAFT' });
    // The first row is the Party-secretary nominee, whose filing is a matter of its own.
    const [, a = '', b = ''] = await candidateIds(batchId);
    const bar = {
      category: '刑事处罚',
      severity: 'bar' as const,
      department: 'court',
      documentNumber: null,
      eligibleFrom: null,
      citation: { quote: '刑罚' },
    };
    await repos.decisions.put(decision(a, 'cleared'), batchId);
    await repos.decisions.put(decision(b, 'disqualified', [bar]), batchId);

    const detail = bodyOf(await call(batches, 'GET /batches/{id}', { id: batchId })) as BatchDetail;
    expect(detail.batch.kind).toBe('post-election');
    expect(detail.candidates.find((c) => c.candidateId === a)).toMatchObject({ statusLabel: '当选有效', election: { result: 'valid' } });
    const voided = detail.candidates.find((c) => c.candidateId === b);
    expect(voided).toMatchObject({ statusLabel: '当选无效', election: { result: 'void', label: '当选无效' } });
    expect(voided?.election?.basis).toContain(VOID_QUOTE);

    const feedback = bodyOf(await call(batches, 'GET /batches/{id}/feedback', { id: batchId })) as FeedbackList;
    const row = feedback.rows.find((r) => r.candidateId === b);
    expect(row?.conclusion).toBe('当选无效');
    expect(row?.reasons[0]).toContain('《昌国街道2017年村和社区组织换届选举工作方案》');
    expect(row?.reasons[0]).toContain(VOID_QUOTE);
    const report = bodyOf(await call(orgdept, 'GET /campaigns/{id}/report', { id: CAMPAIGN.id, claims: ORG })) as FeedbackList;
    expect(report.rows.find((r) => r.candidateId === b)?.conclusion).toBe('当选无效');
    expect(report.rows.find((r) => r.candidateId === a)?.conclusion).toBe('当选有效');
  });
});

describe('secretary filing with the organization department', () => {
  async function sentBatch() {
    const res = await call(batches, 'POST /batches', { body: { campaignId: CAMPAIGN.id, candidates: csvUpload() } });
    const batchId = (bodyOf(res) as { batchId: string }).batchId;
    const [secretary = '', chair = ''] = await candidateIds(batchId);
    return { batchId, secretary, chair };
  }

  it('keeps a cleared secretary nominee off the 公示 list until the filing is approved', async () => {
    const { batchId, secretary, chair } = await sentBatch();
    const early = await call(orgdept, 'POST /candidates/{id}/filing', { id: secretary, claims: ORG, body: { decision: 'approve' } });
    expect(early.statusCode).toBe(409);
    await repos.decisions.put(decision(secretary, 'cleared'), batchId);
    await repos.decisions.put(decision(chair, 'cleared'), batchId);

    const before = await call(orgdept, 'GET /campaigns/{id}/report', { id: CAMPAIGN.id, claims: ORG, query: { format: 'publicity' } });
    expect(before.body).not.toContain('王建国');
    expect(before.body).toContain('李秀英');
    const list = bodyOf(await call(orgdept, 'GET /campaigns/{id}/filings', { id: CAMPAIGN.id, claims: ORG })) as FilingList;
    expect(list.filings).toEqual([
      expect.objectContaining({
        candidateId: secretary,
        status: 'pending',
        review: 'cleared',
        idNumberMasked: expect.stringContaining('****'),
      }),
    ]);
    expect(list.basis).toContain('区委组织部反馈审议结果后');

    const approved = await call(orgdept, 'POST /candidates/{id}/filing', {
      id: secretary,
      claims: ORG,
      body: { decision: 'approve', note: '同意备案' },
    });
    expect(approved.statusCode).toBe(201);
    expect(bodyOf(approved)).toMatchObject({ status: 'approved', statusLabel: '已备案同意', decidedBy: 'org-1' });
    const after = await call(orgdept, 'GET /campaigns/{id}/report', { id: CAMPAIGN.id, claims: ORG, query: { format: 'publicity' } });
    expect(after.body).toContain('王建国');
    const events = await repos.audit.listByCandidate(secretary);
    expect(events.map((e) => e.type)).toEqual(['submitted', 'filing_decided']);
    expect(verifyChain(events)).toMatchObject({ ok: true });
    const twice = await call(orgdept, 'POST /candidates/{id}/filing', {
      id: secretary,
      claims: ORG,
      body: { decision: 'reject', note: '不同意' },
    });
    expect(twice.statusCode).toBe(409);
  });

  it('files only Party-secretary nominees, only for the organization department, and a rejection needs a reason', async () => {
    const { secretary, chair } = await sentBatch();
    expect(
      (await call(orgdept, 'POST /candidates/{id}/filing', { id: chair, claims: ORG, body: { decision: 'reject', note: '不同意' } }))
        .statusCode,
    ).toBe(422);
    expect(
      (await call(orgdept, 'POST /candidates/{id}/filing', { id: secretary, claims: TOWN, body: { decision: 'reject', note: '不同意' } }))
        .statusCode,
    ).toBe(403);
    const bare = await call(orgdept, 'POST /candidates/{id}/filing', { id: secretary, claims: ORG, body: { decision: 'reject' } });
    expect(bare.statusCode).toBe(400);
    expect(bodyOf(bare)).toMatchObject({ code: 'NOTE_REQUIRED' });
  });
});
