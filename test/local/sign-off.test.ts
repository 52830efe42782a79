// 谁审查谁负责 on the local stack (DynamoDB Local, the local Step Functions endpoint running the
// infra ASL, fauxqs and the pollers), through the HTTP API: a department that requires its head's
// approval holds an answer with findings until the head approves it; nothing is decided meanwhile;
// a returned answer goes back to the reviewer; the approved answer records who answered, who
// approved and which record sources were searched, and the chain still verifies.
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AnswerResponse, ApprovalResponse, CandidateSheet, DepartmentReviewView, TaskCard } from '../../shared/api/index.js';
import { AuditTrail, BatchDetail, Inbox, campaignWithEmptyExtracts, csvFile, tinyBatchCsv, waitFor, memoryStackSuite } from './support.js';
import { ApiClient } from '../../cli/lib/api-client.js';

const CAMPAIGN = 'signoff-1';
const BRIBERY = { category: '贿选', startDate: '2024-03-01', documentNumber: '定纪〔2024〕5号' };
const SOURCES = ['纪检监察案件管理系统', '信访举报台账'];

const { noJava, stack: running, township, orgdept, reviewer } = memoryStackSuite();

describe.skipIf(noJava)('a department sign-off holds an answer until its head approves', () => {
  let batchId: string;
  let taskId: string;
  const base = () => running().urls.http;
  // The head signs in as the account the organization department created (its own user id).
  const head = async () => new ApiClient(base(), await running().auth.issueFor('disc.head'));
  const detail = async () => BatchDetail.parse(await (await township()).get(`/batches/${batchId}`));
  const card = async () => TaskCard.parse(await (await reviewer('discipline')).get(`/reviews/${encodeURIComponent(taskId)}`));

  beforeAll(async () => {
    await campaignWithEmptyExtracts(base(), running().auth, { id: CAMPAIGN, name: '负责人审核测试', policyId: 'duting-2015' });
    const org = await orgdept();
    await org.post('/accounts', { username: 'disc.head', displayName: '纪委张主任', phone: '13812340001', role: 'department:discipline' });
    const { csv } = tinyBatchCsv('昌国街道', [
      { name: '秦审核', sex: '男', birth: '1981-02-14', political: '群众', village: '海山社区', n: 711 },
    ]);
    ({ batchId } = z
      .object({ batchId: z.string() })
      .parse(
        await (await township()).post(
          '/batches',
          { campaignId: CAMPAIGN, candidates: csvFile(csv, 'one.csv') },
          { 'idempotency-key': 'signoff-1-batch' },
        ),
      ));
    const openTasks = async (code: string) =>
      Inbox.parse(await (await reviewer(code)).get(`/reviews?status=open&department=${code}`)).items.filter(
        (t) => t.campaignId === CAMPAIGN,
      );
    const petitions = await waitFor('信访 task', async () =>
      (await openTasks('petitions')).length === 1 ? openTasks('petitions') : undefined,
    );
    await (await reviewer('petitions')).post('/reviews/attest', {
      statement: '以上人员经查无记录',
      department: 'petitions',
      taskIds: petitions.map((t) => t.taskId),
    });
    const discipline = await waitFor('纪检 task', async () =>
      (await openTasks('discipline')).length === 1 ? openTasks('discipline') : undefined,
    );
    taskId = discipline[0]?.taskId ?? '';
  }, 300_000);

  it('the department turns sign-off on with its head and record sources; a reviewer alone cannot turn it off again', async () => {
    const path = `/campaigns/${CAMPAIGN}/departments/discipline/review`;
    const set = DepartmentReviewView.parse(
      await (await reviewer('discipline')).put(path, { signOff: true, approvers: ['disc.head'], sources: SOURCES, version: 0 }),
    );
    expect(set).toMatchObject({
      signOff: true,
      version: 1,
      approvers: [{ username: 'disc.head', displayName: '纪委张主任' }],
      sources: SOURCES,
    });
    const off = await (await reviewer('discipline')).request('PUT', path, { signOff: false, approvers: [], sources: [], version: 1 });
    expect(off.status).toBe(403);
    const unknown = await (await head()).request('PUT', path, { signOff: true, approvers: ['nobody.here'], sources: SOURCES, version: 1 });
    expect(unknown).toMatchObject({ status: 400, body: { code: 'SIGN_OFF_APPROVER_UNKNOWN' } });
  });

  it('an answer with findings is held, nothing is decided, and the reviewer cannot approve it; the head returns it with a reason', async () => {
    const disc = await reviewer('discipline');
    const url = `/reviews/${encodeURIComponent(taskId)}/answer`;
    const noSources = await disc.request('POST', url, { result: 'findings', findings: [BRIBERY] });
    expect(noSources).toMatchObject({ status: 400, body: { code: 'SOURCES_SEARCHED_INVALID' } });
    const held = AnswerResponse.parse(await disc.post(url, { result: 'findings', findings: [BRIBERY], sourcesSearched: SOURCES }));
    expect(held).toMatchObject({ status: 'held', repeated: false, answer: { result: 'findings', sourcesSearched: SOURCES } });

    const inbox = Inbox.parse(await disc.get('/reviews?status=open&department=discipline'));
    expect(inbox.counts.awaitingApproval).toBe(1);
    expect(inbox.attestable.tasks.map((t) => t.taskId)).not.toContain(taskId);
    expect((await card()).held).toMatchObject({ byUsername: 'dept-discipline', canApprove: false, sourcesSearched: SOURCES });
    // Held is not answered: after the pollers had time to act, the candidate is still undecided.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect((await detail()).candidates[0]?.decision).toBeNull();

    const own = await disc.request('POST', `/reviews/${encodeURIComponent(taskId)}/approval`, { decision: 'approve' });
    expect(own).toMatchObject({ status: 403, body: { code: 'NOT_APPROVER' } });
    const returned = ApprovalResponse.parse(
      await (await head()).post(`/reviews/${encodeURIComponent(taskId)}/approval`, { decision: 'return', reason: '请核对立案文号' }),
    );
    expect(returned).toMatchObject({ decision: 'return', answer: null });
    const after = await card();
    expect(after.held).toBeNull();
    expect(after.task).toMatchObject({ status: 'open', returned: { byUsername: 'disc.head', reason: '请核对立案文号' } });
  }, 60_000);

  it('answered again and approved, the answer counts: the candidate is decided and the trail names who answered, who approved and what was searched', async () => {
    const disc = await reviewer('discipline');
    await disc.post(`/reviews/${encodeURIComponent(taskId)}/answer`, {
      result: 'findings',
      findings: [BRIBERY],
      sourcesSearched: SOURCES.slice(0, 1),
    });
    const approved = ApprovalResponse.parse(
      await (await head()).post(`/reviews/${encodeURIComponent(taskId)}/approval`, { decision: 'approve' }),
    );
    expect(approved.answer).toMatchObject({
      result: 'findings',
      answeredBy: { kind: 'reviewer', id: 'local-dept-discipline' },
      approvedBy: { kind: 'reviewer' },
      sourcesSearched: SOURCES.slice(0, 1),
    });
    expect(approved.answer?.approvedBy?.id).not.toBe('local-dept-discipline');
    await waitFor('decided', async () => ((await detail()).candidates[0]?.decision !== null ? true : undefined), { intervalMs: 1000 });
    expect((await detail()).candidates[0]).toMatchObject({ status: 'disqualified' });
    const again = await (await head()).request('POST', `/reviews/${encodeURIComponent(taskId)}/approval`, { decision: 'approve' });
    expect(again).toMatchObject({ status: 409, body: { code: 'NO_HELD_ANSWER' } });

    const candidateId = taskId.split('~')[0] ?? '';
    // The 资格审查表 names the head who approved, by the name of the account.
    const sheet = CandidateSheet.parse(await (await orgdept()).get(`/candidates/${encodeURIComponent(candidateId)}/sheet`));
    expect(sheet.departments.find((d) => d.department === 'discipline')).toMatchObject({ answer: '有记录', approvedBy: '纪委张主任' });
    const trail = AuditTrail.parse(await (await orgdept()).get(`/candidates/${encodeURIComponent(candidateId)}/audit`));
    expect(trail.verification.ok).toBe(true);
    const discipline = [...trail.answers, ...trail.events].filter(
      (e) =>
        ['answer_held', 'answer_returned', 'answered'].includes(e.type) && 'department' in e.data && e.data.department === 'discipline',
    );
    expect(discipline.map((e) => e.type).sort()).toEqual(['answer_held', 'answer_held', 'answer_returned', 'answered']);
    expect(discipline.find((e) => e.type === 'answered')?.data).toMatchObject({
      result: 'findings',
      approvedBy: approved.answer?.approvedBy,
      sourcesSearched: SOURCES.slice(0, 1),
    });
  }, 120_000);
});
