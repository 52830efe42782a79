// Every route of the four API functions, called with a store full of task tokens: no response
// may carry a token, and every route in infra's table is served by its function.
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { EXAMPLE_POLICY } from '../../support/policies.js';
import { ROUTES } from '../../../infra/routes.js';
import { accountsRoutes } from '../../../shared/adapters/http/accounts-routes.js';
import { batchesRoutes } from '../../../shared/adapters/http/batches-routes.js';
import { localUploadStore } from '../../../shared/adapters/uploads/local.js';
import { httpHandler, type Routes } from '../../../shared/adapters/http/middleware.js';
import { orgdeptRoutes } from '../../../shared/adapters/http/orgdept-routes.js';
import { recordsRoutes } from '../../../shared/adapters/http/records-routes.js';
import { reviewsRoutes } from '../../../shared/adapters/http/reviews-routes.js';
import type { FunctionName } from '../../../functions/manifest.js';
import { checkResponse } from './contract.js';
import { claimsFor, httpEvent, lambdaContext } from './http-events.js';
import { seedAccount } from '../../adapters/memory-accounts.js';
import { notify } from '../../../shared/app/notifications.js';
import {
  apiDeps,
  CAMPAIGN,
  CHANGGUO_ROWS,
  csvUpload,
  sampleRow,
  powertools,
  seedBatch,
  seedCampaign,
  seedTask,
  TOKEN_PREFIX,
  TOWNSHIP,
} from './support.js';
import { makeId } from '../../fixtures/import/people.js';
import { CANDIDATE_HEADERS } from '../../../shared/domain/import/spec.js';
import type { CandidateRow } from '../../../shared/domain/model.js';
import { exportJob } from '../../adapters/export-jobs-contract.js';
import { memoryExportJobs } from '../../adapters/memory-export-jobs.js';

const sqsMock = mockClient(SQSClient);
const sfnMock = mockClient(SFNClient);

/** Routes a handler serves beyond infra's table (to be added there). */
const EXTRA_ROUTES = new Set(['GET /departments/{code}/records/template']);

const deps = apiDeps();
const exportJobs = memoryExportJobs();
const tables: Partial<Record<FunctionName, Routes>> = {
  batchesApi: batchesRoutes({
    ...deps,
    uploads: localUploadStore({ dir: mkdtempSync(join(tmpdir(), 'lianshen-no-token-')), secret: 'no-token-key-material-0123456789ab' }),
    sqs: new SQSClient({ region: 'cn-north-1' }),
    intakeQueueUrl: 'https://sqs.example/intake',
    newBatchId: () => 'bfresh',
    executions: { start: async () => 'started', stop: async () => 'stopped' },
    exports: {
      jobs: exportJobs,
      queue: { enqueue: async () => undefined },
      store: { put: async () => undefined, downloadUrl: async () => ({ url: '/local-exports/x', expiresAt: '2026-04-10T02:05:00.000Z' }) },
    },
  }),
  recordsApi: recordsRoutes(deps),
  reviewsApi: reviewsRoutes({ ...deps, sfn: new SFNClient({ region: 'cn-north-1' }) }),
  orgdeptApi: orgdeptRoutes({ ...deps, executions: { start: async () => 'started', stop: async () => 'notRunning' } }),
  accountsApi: accountsRoutes(deps),
};

// One account in every role, so each route runs its full path.
const EVERYONE = claimsFor(['orgdept', 'township:changguo', 'department:court'], 'tester');
let params: Record<string, Record<string, string>> = {};
// People not already in the seeded batch: one person is reviewed once per campaign.
const NEW_PEOPLE = csvUpload(CHANGGUO_ROWS.filter((r) => !['330902197008150311', '33090219820304042X'].includes(r['身份证号'] ?? '')));
const BODIES: Record<string, unknown> = {
  'POST /uploads': { filename: 'large.xlsx', bytes: 8_000_000 },
  'POST /batches': {
    campaignId: CAMPAIGN.id,
    candidates: NEW_PEOPLE,
  },
  'POST /batches/check': {
    campaignId: CAMPAIGN.id,
    candidates: NEW_PEOPLE,
  },
  'POST /departments/{code}/records': {
    campaignId: CAMPAIGN.id,
    filename: 'r.csv',
    contentBase64: Buffer.from('部门,身份证号,姓名,记录类别,起始日期,终止日期,状态,文号,备注\n').toString('base64'),
  },
  'POST /reviews/{id}/answer': { result: 'clear', sourcesSearched: ['法院案件管理系统'] },
  'POST /reviews/{id}/approval': { decision: 'return', reason: '请核对' },
  'PUT /campaigns/{id}/departments/{code}/review': { signOff: false, approvers: [], sources: ['信访信息系统'], version: 0 },
  'POST /reviews/{id}/correction': {
    answer: { result: 'findings', findings: [{ category: '刑事处罚', documentNumber: '（2020）定刑初字第1号' }] },
    reason: '复查档案发现漏报',
    documentNumber: '定法更〔2026〕1号',
  },
  'POST /candidates/{id}/dispute': {
    reason: '该人选的记录已经撤销，请求复核',
    attachments: [{ filename: '撤销决定.pdf', contentBase64: Buffer.from('%PDF-1.4').toString('base64') }],
  },
  'POST /candidates/{id}/dispute/ruling': { result: 'maintain', reason: '经复核维持原结论' },
  'POST /candidates/{id}/withdraw': { reason: '该人选存在不宜提名情形' },
  'POST /candidates/{id}/replacement': {
    reason: '原人选存在不宜提名情形，另提人选',
    candidates: {
      filename: 'replacement.csv',
      contentBase64: Buffer.from(
        `${CANDIDATE_HEADERS.join(',')}\n1,韩替补,男,汉族,${makeId('330902', '19900303', '033')},1990-03,高中,群众,昌国街道,檀枫社区,村(居)委会委员,初步人选,否\n`,
      ).toString('base64'),
    },
  },
  'POST /candidates/{id}/recheck': { department: 'court', reason: '当事人已履行完毕，请重新核查' },
  'POST /reviews/attest': { statement: '以上人员经查无记录' },
  'POST /reviews/{id}/reassign': { assignee: 'bob' },
  'POST /campaigns': { id: 'c-new', name: '新换届', jurisdiction: '定海区', policyId: 'dinghai-2017', electionDate: '2026-06-01' },
  'POST /candidates/{id}/ruling': { outcome: 'uphold', justification: '经研究维持提名资格' },
  'POST /candidates/{id}/ruling/revision': { outcome: 'disqualify', justification: '经再次核实取消资格', reason: '收到新的核查材料' },
  'POST /campaigns/{id}/reminders': { department: 'court' },
  'POST /accounts': { username: 'new.user', displayName: '新用户', phone: '13812345678', role: 'department:court' },
  'POST /me/password': { currentPassword: 'Haishan-2027', newPassword: 'Baiquan-2028x' },
  'PUT /campaigns/{id}': { schedule: { publicityDays: 4 } },
  'POST /campaigns/{id}/units': {
    file: { filename: 'u.csv', contentBase64: Buffer.from('乡镇(街道),村(社区),类型\n昌国街道,檀枫社区,社区\n').toString('base64') },
    mode: 'add',
    dryRun: true,
  },
  'PUT /holidays/{year}': { source: '国务院办公厅关于2027年部分节假日安排的通知', holidays: ['2027-01-01'] },
  'POST /policies': { file: { filename: 'example.yaml', contentBase64: Buffer.from(stringify(EXAMPLE_POLICY)).toString('base64') } },
  'PUT /campaigns/{id}/policy': { version: '2.0.0', reason: '固定到内置版本' },
  'POST /candidates/{id}/filing': { decision: 'reject', note: '考察材料不全' },
  'POST /campaigns/{id}/publicity': {},
  'POST /candidates/{id}/objections': { reporter: null, channel: 'letter', content: '反映该人选长期不在村居住' },
  'POST /candidates/{id}/objections/{seq}/outcome': { checked: '经走访核实，反映不属实', result: 'unfounded' },
  'POST /candidates/{id}/duplicate/resolution': { keep: 'b-pub-5-0001', reason: '本人户籍在昌国街道' },
  'POST /exports': { kind: 'ledger', scope: { campaignId: 'c2026' } },
  'POST /reviews/{id}/extension': { reason: '系统升级停机，未能按期核查' },
  'POST /candidates/{id}/extension/decision': { department: 'court', sequence: 1, decision: 'decline', reason: '已多次催办，不予延期' },
  'POST /candidates/{id}/recheck-request': { department: 'court', reason: '该人选已被移出失信被执行人名单', attachments: [] },
  'POST /candidates/{id}/recheck-request/decision': { department: 'court', sequence: 1, decision: 'decline', reason: '材料不能证明已履行' },
};
const PUB_CAMPAIGN = 'c-pub';
const QUERIES: Record<string, Record<string, string>> = { 'GET /campaigns/{id}/policy-diff': { version: '2.0.0' } };

beforeAll(async () => {
  // The accounts the account routes act on, a reviewer to hand a task to, and the caller's own.
  for (const username of ['bob', 'acc.disable', 'acc.enable', 'acc.reset', 'acc.locked', 'acc.signout']) {
    await seedAccount(deps.identity, { username, role: 'department:court' });
  }
  await deps.identity.store.lock('acc.locked', '2026-04-01T00:00:00.000Z');
  const own = await seedAccount(deps.identity, { username: 'tester-own', role: 'orgdept' });
  await deps.identity.store.create({ ...own, username: 'tester', sub: 'tester' });
  sqsMock.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
  sfnMock.on(SendTaskSuccessCommand).resolves({});
  await seedCampaign(deps.repos);
  const { batchId, candidateIds } = await seedBatch(deps.repos);
  const [first = '', second = ''] = candidateIds;
  await seedTask(deps.repos, first, 'court');
  await seedTask(deps.repos, second, 'court', { hints: [{ category: '刑事处罚', recordName: '李秀兰' }] });
  // The court requires its head's approval (tester) of findings; a colleague's answer on the second candidate waits.
  await deps.repos.process.putDepartmentReview({
    campaignId: CAMPAIGN.id,
    department: 'court',
    signOff: true,
    approvers: ['tester'],
    sources: ['法院案件管理系统'],
    version: 1,
    updatedBy: 'tester',
    updatedAt: '2026-04-01T00:00:00.000Z',
  });
  await deps.repos.tasks.hold(second, 'court', {
    findings: [{ category: '刑事处罚', startDate: '2020-01-01' }],
    sourcesSearched: ['法院案件管理系统'],
    by: { kind: 'reviewer', id: 'colleague' },
    byUsername: 'colleague',
    at: '2026-04-02T00:00:00.000Z',
  });
  await deps.repos.decisions.put(
    {
      campaignId: CAMPAIGN.id,
      candidateId: second,
      policy: { id: 'dinghai-2017', version: '1.0.0' },
      outcome: 'referred',
      reasons: [
        {
          category: '品行低劣',
          severity: 'concern',
          department: 'organisation',
          documentNumber: null,
          eligibleFrom: null,
          citation: { document: '《测试方案》', clause: '“六不宜”第六项', quote: '道德品行低劣、在群众中影响较坏的' },
        },
      ],
      warnings: [],
      unanswered: [],
      referenceDate: '2026-05-20',
      decidedAt: '2026-04-09T00:00:00.000Z',
    },
    batchId,
  );
  // A second referred candidate for the referral ruling: the first is disputed (which holds a ruling).
  const other = await seedBatch(deps.repos, { key: '2', rows: [sampleRow(1, '吴大伟', '330902197507070315')] });
  const [third = ''] = other.candidateIds;
  const referred = await deps.repos.decisions.get(second);
  if (referred === undefined) throw new Error('no referred decision');
  await deps.repos.decisions.put({ ...referred.decision, candidateId: third }, other.batchId);
  // Two more of the township's candidates: one to withdraw, one to replace.
  const spare = await seedBatch(deps.repos, {
    key: '3',
    rows: [sampleRow(1, '冯撤回', makeId('330902', '19800101', '011')), sampleRow(2, '蒋替换', makeId('330902', '19810202', '022'))],
  });
  const [toWithdraw = '', toReplace = ''] = spare.candidateIds;
  // The court answered the third candidate: the organization department may send it back (发回重审).
  await deps.repos.candidates.setRouting(third, { policyId: 'dinghai-2017', policyVersion: '1.0.0', departments: ['court'] });
  await deps.repos.verdicts.putAnswer({
    campaignId: CAMPAIGN.id,
    candidateId: third,
    department: 'court',
    status: 'clear',
    findings: [],
    answeredAt: '2026-04-09T00:00:00.000Z',
  });
  await deps.repos.verdicts.markResultSent(third, 'court', 'h', '2026-04-09T00:00:00.000Z');
  // Two drafts (one to first-review, one first-reviewed to send) and a secretary nominee to file.
  const stageOf = (id: string) => ({
    batchId: id,
    campaignId: CAMPAIGN.id,
    township: TOWNSHIP,
    kind: 'pre-election' as const,
    status: 'draft' as const,
    draftedBy: 'tester',
    draftedAt: '2026-04-01T00:00:00.000Z',
  });
  const toReview = await seedBatch(deps.repos, { key: '4', rows: [sampleRow(1, '褚初审', makeId('330902', '19820303', '033'))] });
  await deps.repos.process.putStage(stageOf(toReview.batchId));
  BODIES['POST /batches/{id}/first-review'] = { entries: [{ candidateId: toReview.candidateIds[0] ?? '', result: 'pass' }] };
  const toSend = await seedBatch(deps.repos, { key: '5', rows: [sampleRow(1, '卫报送', makeId('330902', '19830404', '044'))] });
  const entries = [{ candidateId: toSend.candidateIds[0] ?? '', result: 'pass' as const, remark: '' }];
  await deps.repos.process.putStage({ ...stageOf(toSend.batchId), firstReview: { by: 'tester', at: '2026-04-02T00:00:00.000Z', entries } });
  const toDiscard = await seedBatch(deps.repos, { key: '5d', rows: [sampleRow(1, '韩删除', makeId('330902', '19830606', '066'))] });
  await deps.repos.process.putStage(stageOf(toDiscard.batchId));
  const secretaries = await seedBatch(deps.repos, {
    key: '6',
    rows: [{ ...sampleRow(1, '沈书记', makeId('330902', '19840505', '055')), post: '党组织书记' }],
  });
  const [secretary = ''] = secretaries.candidateIds;
  const notified = await notify(deps, {
    eventKey: 'no-token:reminder',
    unit: 'department:court',
    kind: 'reminder',
    campaignId: CAMPAIGN.id,
    title: '组织部门催办',
    text: '尚有 1 件联审任务未办理',
    link: '/reviews',
  });
  // 公示: one cleared candidate already in a period with an objection, one cleared to open a period for,
  // and a candidate flagged as a duplicate of the first.
  // Its own campaign: a policy switch of the main one decides the main one's candidates again.
  await seedCampaign(deps.repos, { ...CAMPAIGN, id: PUB_CAMPAIGN });
  const seedPub = async (key: string, rows: CandidateRow[]) => {
    const created = await deps.repos.batches.create({
      batchId: `b-pub-${key}`,
      campaignId: PUB_CAMPAIGN,
      township: 'changguo',
      policyId: CAMPAIGN.policyId,
      submittedBy: 'township-user',
      submittedAt: '2026-04-01T00:00:00.000Z',
      idempotencyKey: `pub-key-${key}`,
      requestDigest: 'seed',
      candidates: rows,
      relatives: [],
    });
    return { batchId: created.batch.batchId, candidateIds: created.candidateIds };
  };
  const pub = await seedPub('4', [
    sampleRow(1, '韩公示', makeId('330902', '19820303', '033')),
    sampleRow(2, '杨待公示', makeId('330902', '19830404', '044')),
  ]);
  const [published = '', toPublish = ''] = pub.candidateIds;
  for (const candidateId of [published, toPublish]) {
    const decided = await deps.repos.decisions.get(second);
    if (decided === undefined) throw new Error('no decision to copy');
    await deps.repos.decisions.put(
      { ...decided.decision, campaignId: PUB_CAMPAIGN, candidateId, outcome: 'cleared', reasons: [] },
      pub.batchId,
    );
  }
  await deps.repos.publicity.openPeriod({
    campaignId: PUB_CAMPAIGN,
    periodId: 'P1',
    township: null,
    candidateIds: [published],
    days: 3,
    startDate: '2026-04-10',
    endDate: '2026-04-14',
    assumedYears: [],
    openedBy: 'org-1',
    openedAt: '2026-04-10T00:00:00.000Z',
  });
  await deps.repos.publicity.addObjection({
    campaignId: PUB_CAMPAIGN,
    candidateId: published,
    seq: 1,
    periodId: 'P1',
    reporter: null,
    channel: 'visit',
    content: '反映该人选有违规行为',
    receivedAt: '2026-04-10T01:00:00.000Z',
    recordedBy: 'org-1',
    recordedAt: '2026-04-10T01:00:00.000Z',
    status: 'open',
  });
  const dup = await seedPub('5', [sampleRow(1, '秦重复', makeId('330902', '19840505', '055'))]);
  await deps.repos.publicity.flagDuplicate({
    campaignId: PUB_CAMPAIGN,
    candidateId: dup.candidateIds[0] ?? '',
    batchId: dup.batchId,
    township: 'changguo',
    heldBy: { candidateId: published, batchId: pub.batchId, township: 'changguo' },
    flaggedAt: '2026-04-01T00:00:00.000Z',
    status: 'open',
  });
  await exportJobs.create(
    exportJob({ owner: 'tester', status: 'done', file: { key: 'k', name: '台账.xlsx', contentType: 'x', bytes: 1, rows: 1 } }),
  );
  // An overdue court task to ask an extension for, and a pending request for the organization department to decline.
  const late = await seedBatch(deps.repos, {
    key: '7',
    rows: [sampleRow(1, '孔逾期', makeId('330902', '19850606', '066')), sampleRow(2, '曹延期', makeId('330902', '19860707', '077'))],
  });
  const [overdue = '', extended = ''] = late.candidateIds;
  await seedTask(deps.repos, overdue, 'court');
  await deps.repos.tasks.markOverdue(overdue, 'court', '2026-04-09T00:00:00.000Z');
  await deps.repos.requests.extension.request({
    campaignId: CAMPAIGN.id,
    candidateId: extended,
    department: 'court',
    sequence: 1,
    status: 'pending',
    reason: '系统升级停机，未能按期核查',
    requestedBy: 'reviewer-court',
    requestedByName: 'court1',
    requestedAt: '2026-04-09T00:00:00.000Z',
  });
  // A township's pending re-check request for the organization department to decline.
  await deps.repos.requests.recheck.request({
    campaignId: CAMPAIGN.id,
    candidateId: extended,
    department: 'court',
    township: TOWNSHIP,
    sequence: 1,
    status: 'pending',
    reason: '该人选已被移出失信被执行人名单',
    attachments: [],
    requestedBy: 'township-user',
    requestedAt: '2026-04-09T00:00:00.000Z',
  });
  params = {
    '/candidates/{id}/recheck-request': { id: third },
    '/candidates/{id}/recheck-request/decision': { id: extended },
    '/campaigns/{id}/recheck-requests': { id: CAMPAIGN.id },
    '/reviews/{id}/extension': { id: `${overdue}~court` },
    '/candidates/{id}/extension/decision': { id: extended },
    '/campaigns/{id}/extensions': { id: CAMPAIGN.id },
    '/campaigns/{id}/departments/{code}/overdue': { id: CAMPAIGN.id, code: 'court' },
    '/batches/{id}/publicity': { id: pub.batchId },
    '/campaigns/{id}/publicity': { id: PUB_CAMPAIGN },
    '/campaigns/{id}/duplicates': { id: PUB_CAMPAIGN },
    '/candidates/{id}/objections': { id: published },
    '/candidates/{id}/objections/{seq}/outcome': { id: published, seq: '1' },
    '/candidates/{id}/duplicate/resolution': { id: dup.candidateIds[0] ?? '' },
    '/exports/{id}': { id: exportJob().jobId },
    '/candidates/{id}/sheet': { id: second },
    '/batches/{id}': { id: batchId },
    '/batches/{id}/feedback': { id: batchId },
    '/departments/{code}/records': { code: 'court' },
    '/departments/{code}/records/template': { code: 'court' },
    '/reviews/{id}': { id: `${second}~court` },
    '/reviews/{id}/answer': { id: `${first}~court` },
    '/reviews/{id}/correction': { id: `${first}~court` },
    '/reviews/{id}/approval': { id: `${second}~court` },
    '/campaigns/{id}/departments/{code}/review': { id: CAMPAIGN.id, code: 'petitions' },
    '/candidates/{id}/dispute': { id: second },
    '/candidates/{id}/dispute/ruling': { id: second },
    '/reviews/{id}/reassign': { id: `${second}~court` },
    '/campaigns/{id}/dashboard': { id: CAMPAIGN.id },
    '/campaigns/{id}/referred': { id: CAMPAIGN.id },
    '/campaigns/{id}/report': { id: CAMPAIGN.id },
    '/campaigns/{id}/villages': { id: CAMPAIGN.id },
    '/campaigns/{id}/reminders': { id: CAMPAIGN.id },
    '/candidates/{id}/ruling': { id: third },
    '/candidates/{id}/recheck': { id: third },
    '/candidates/{id}/withdraw': { id: toWithdraw },
    '/candidates/{id}/replacement': { id: toReplace },
    '/candidates/{id}/ruling/revision': { id: third },
    '/candidates/{id}/audit': { id: second },
    '/departments/{code}/reviewers': { code: 'court' },
    '/departments/{code}/open-tasks': { code: 'court' },
    '/accounts/{id}/disable': { id: 'acc.disable' },
    '/accounts/{id}/enable': { id: 'acc.enable' },
    '/accounts/{id}/reset': { id: 'acc.reset' },
    '/accounts/{id}/unlock': { id: 'acc.locked' },
    '/accounts/{id}/sign-out': { id: 'acc.signout' },
    '/campaigns/{id}': { id: CAMPAIGN.id },
    '/campaigns/{id}/units': { id: CAMPAIGN.id },
    '/holidays/{year}': { year: '2027' },
    '/campaigns/{id}/policy-diff': { id: CAMPAIGN.id },
    '/campaigns/{id}/policy': { id: CAMPAIGN.id },
    '/policies/{id}': { id: 'dinghai-2017' },
    '/policies/{id}/versions/{version}': { id: 'dinghai-2017', version: '2.0.0' },
    '/policies/{id}/versions/{version}/workbook': { id: 'dinghai-2017', version: '2.0.0' },
    '/batches/{id}/first-review': { id: toReview.batchId },
    '/batches/{id}/submit': { id: toSend.batchId },
    '/batches/{id}/discard': { id: toDiscard.batchId },
    '/candidates/{id}/filing': { id: secretary },
    '/campaigns/{id}/filings': { id: CAMPAIGN.id },
    '/notifications/{id}/read': { id: notified.id },
  };
});

describe('route table', () => {
  it('every route of infra/routes.ts is served by its function', () => {
    for (const spec of ROUTES) {
      expect(tables[spec.fn]?.[`${spec.method} ${spec.path}`], `${spec.method} ${spec.path}`).toBeDefined();
    }
  });

  it('every served route is in infra/routes.ts or listed as an extra', () => {
    const infra = new Set(ROUTES.map((r) => `${r.method} ${r.path}`));
    for (const table of Object.values(tables)) {
      for (const key of Object.keys(table ?? {})) expect(infra.has(key) || EXTRA_ROUTES.has(key), key).toBe(true);
    }
  });
});

describe('no task token in any response', () => {
  const keys = Object.entries(tables).flatMap(([, table]) => Object.keys(table ?? {}));
  it.each(keys)('%s', async (routeKey) => {
    const table = Object.values(tables).find((t) => t?.[routeKey] !== undefined);
    if (table === undefined) throw new Error(routeKey);
    const path = routeKey.split(' ')[1] ?? '';
    const headers: Record<string, string> =
      routeKey === 'POST /batches' || routeKey === 'POST /candidates/{id}/replacement'
        ? { 'Idempotency-Key': `no-token-key-${path.length}` }
        : {};
    const res = await httpHandler(table, powertools)(
      httpEvent({
        routeKey,
        claims: EVERYONE,
        headers,
        ...(params[path] === undefined ? {} : { pathParameters: params[path] }),
        ...(BODIES[routeKey] === undefined ? {} : { body: BODIES[routeKey] }),
        ...(QUERIES[routeKey] === undefined ? {} : { query: QUERIES[routeKey] }),
      }),
      lambdaContext,
    );
    expect(res.statusCode, `${routeKey}: ${res.body}`).toBeLessThan(300);
    checkResponse(routeKey, res);
    const text = res.isBase64Encoded ? '' : (res.body ?? '');
    expect(text).not.toContain(TOKEN_PREFIX);
    if (res.headers?.['Content-Type']?.toString().startsWith('application/json')) {
      expect(text).not.toMatch(/"[^"]*token[^"]*":/i);
    }
  });
});
