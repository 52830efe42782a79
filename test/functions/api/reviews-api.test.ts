import 'aws-sdk-client-mock-vitest/extend';
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { SendTaskSuccessCommand, SFNClient, TaskTimedOut } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { canonicalJson } from '../../../shared/domain/audit/canonical.js';
import { LATE_ANSWER_MESSAGE, createReviewsApi } from '../../../shared/adapters/http/reviews-routes.js';
import { departmentChainId } from '../../../shared/domain/ids.js';
import { type memoryIdentity, seedAccount } from '../../adapters/memory-accounts.js';
import type { MemoryRepositories } from '../../adapters/memory-repositories.js';
import { checkedByContract, type ApiHandler } from './contract.js';
import { bodyOf, claimsFor, httpEvent, lambdaContext } from './http-events.js';
import type { Inbox } from '../../../shared/api/reviews.js';
import { computeCheckDigit } from '../../../shared/domain/idcard.js';
import { OPEN_TASK_HEADERS } from '../../../shared/adapters/files/open-tasks-xlsx.js';
import { apiDeps, NOW, OTHER_TOWNSHIP, sampleRow, seedBatch, seedCampaign, seedTask, TOKEN_PREFIX } from './support.js';
import { tokenHash } from '../../../shared/app/common.js';
import { answerEventsOf } from '../../adapters/samples.js';

/** A valid ID number of this area, born 1990-01-0n. */
function idWith(area: string, n: number): string {
  const first17 = `${area}1990010${n}00${n}`;
  return first17 + computeCheckDigit(first17);
}

const sfnMock = mockClient(SFNClient);
const COURT = 'court';
const PETITIONS = 'petitions';
const reviewer = (dept: string, sub = `reviewer-${dept}`) => claimsFor([`department:${dept}`], sub);

let repos: MemoryRepositories;
let identity: ReturnType<typeof memoryIdentity>;
let api: ApiHandler;
let candidateIds: string[];

beforeEach(async () => {
  sfnMock.reset();
  sfnMock.on(SendTaskSuccessCommand).resolves({});
  const deps = apiDeps();
  repos = deps.repos;
  identity = deps.identity;
  await seedCampaign(repos);
  ({ candidateIds } = await seedBatch(repos));
  api = checkedByContract(createReviewsApi({ ...deps, sfn: new SFNClient({ region: 'cn-north-1' }) }));
});

function taskIdOf(i: number, dept = COURT): string {
  return `${candidateIds[i]}~${dept}`;
}

function answer(taskId: string, body: unknown, claims = reviewer(COURT)) {
  return api(httpEvent({ routeKey: 'POST /reviews/{id}/answer', pathParameters: { id: taskId }, body, claims }), lambdaContext);
}

const FINDING = {
  result: 'findings',
  findings: [{ category: '刑事处罚', startDate: '2019-03-01', endDate: '2022-03-01', documentNumber: '（2019）浙0902刑初12号' }],
};

describe('GET /reviews?status=answered', () => {
  it('lists each answer with its result and the reviewer who gave it, by name', async () => {
    const bob = await seedAccount(identity, { username: 'bob', role: `department:${COURT}`, displayName: '鲍勃' });
    await seedTask(repos, candidateIds[0] ?? '', COURT);
    await seedTask(repos, candidateIds[1] ?? '', COURT);
    expect((await answer(taskIdOf(0), FINDING, reviewer(COURT, bob.sub))).statusCode).toBe(200);
    expect((await answer(taskIdOf(1), { result: 'clear' }, reviewer(COURT, bob.sub))).statusCode).toBe(200);
    const res = await api(httpEvent({ routeKey: 'GET /reviews', query: { status: 'answered' }, claims: reviewer(COURT) }), lambdaContext);
    const items = (bodyOf(res) as { items: Array<{ candidateId: string; answerResult: string; answeredByName: string }> }).items;
    expect(items.map((t) => [t.candidateId, t.answerResult, t.answeredByName]).sort()).toEqual(
      [
        [candidateIds[0], 'findings', '鲍勃'],
        [candidateIds[1], 'clear', '鲍勃'],
      ].sort(),
    );
  });
});

describe('POST /reviews/{id}/answer', () => {
  it('writes the verdict, then tells Step Functions { department, status } once', async () => {
    await seedTask(repos, candidateIds[0] ?? '', COURT);
    const res = await answer(taskIdOf(0), FINDING);
    expect(res.statusCode).toBe(200);
    expect(bodyOf(res)).toMatchObject({ status: 'answered', repeated: false, answer: { result: 'findings' } });
    expect(sfnMock).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
    expect(sfnMock).toHaveReceivedCommandWith(SendTaskSuccessCommand, {
      taskToken: `${TOKEN_PREFIX}${candidateIds[0]}-${COURT}`,
      output: JSON.stringify({ department: COURT, status: 'findings' }),
    });
    const stored = await repos.verdicts.get(candidateIds[0] ?? '', COURT);
    expect(stored?.verdict).toMatchObject({
      status: 'findings',
      source: 'portal',
      answeredBy: { kind: 'reviewer', id: `reviewer-${COURT}` },
    });
    expect(stored?.resultSentAt).toBeDefined();
    expect((await repos.tasks.get(candidateIds[0] ?? '', COURT))?.status).toBe('answered');
    expect(await repos.audit.listByCandidate(candidateIds[0] ?? '')).toEqual([]);
    const events = await answerEventsOf(repos, candidateIds[0] ?? '');
    expect(events.map((e) => e.type)).toEqual(['answered']);
    expect(events[0]?.data).toMatchObject({ department: COURT, result: 'findings', source: 'portal' });
  });

  it('answering the same thing twice gives one verdict and one SendTaskSuccess', async () => {
    await seedTask(repos, candidateIds[0] ?? '', COURT);
    const first = await answer(taskIdOf(0), { result: 'clear' });
    const second = await answer(taskIdOf(0), { result: 'clear' });
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    expect(bodyOf(second)).toMatchObject({ repeated: true, answer: { result: 'clear' } });
    expect(repos.counters.verdictWrites).toBe(1);
    expect(sfnMock).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
    expect(await answerEventsOf(repos, candidateIds[0] ?? '')).toHaveLength(1);
  });

  it('refuses a different second answer with 409 and keeps the first', async () => {
    await seedTask(repos, candidateIds[0] ?? '', COURT);
    await answer(taskIdOf(0), { result: 'clear' });
    const res = await answer(taskIdOf(0), FINDING);
    expect(res.statusCode).toBe(409);
    expect((await repos.verdicts.get(candidateIds[0] ?? '', COURT))?.verdict.status).toBe('clear');
    expect(sfnMock).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
  });

  it.each(['TaskDoesNotExist', 'InvalidToken'])(
    'a task Step Functions no longer knows (%s) is over, never a server error: the standing answer is confirmed',
    async (name) => {
      await seedTask(repos, candidateIds[0] ?? '', COURT);
      sfnMock.on(SendTaskSuccessCommand).rejects(Object.assign(new Error('the task is over'), { name, $metadata: {} }));
      const res = await answer(taskIdOf(0), { result: 'clear' });
      expect(res.statusCode).toBe(200);
      expect(bodyOf(res)).toMatchObject({ status: 'answered', answer: { result: 'clear' } });
      const stored = await repos.verdicts.get(candidateIds[0] ?? '', COURT);
      expect(stored?.verdict.status).toBe('clear');
      expect(stored?.resultSentAt).toBeDefined();
      expect((await repos.tasks.get(candidateIds[0] ?? '', COURT))?.status).toBe('answered');
    },
  );

  it('finishes an answer whose SendTaskSuccess failed before (verdict stored, not confirmed)', async () => {
    await seedTask(repos, candidateIds[0] ?? '', COURT);
    sfnMock.on(SendTaskSuccessCommand).rejectsOnce(new Error('socket hang up')).resolves({});
    expect((await answer(taskIdOf(0), { result: 'clear' })).statusCode).toBe(500);
    const retry = await answer(taskIdOf(0), { result: 'clear' });
    expect(retry.statusCode).toBe(200);
    expect(repos.counters.verdictWrites).toBe(1);
    expect(sfnMock).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 2);
    expect((await repos.verdicts.get(candidateIds[0] ?? '', COURT))?.resultSentAt).toBeDefined();
  });

  it('a cross-department answer gets 403 and touches nothing', async () => {
    await seedTask(repos, candidateIds[0] ?? '', COURT);
    const res = await answer(taskIdOf(0), { result: 'clear' }, reviewer(PETITIONS));
    expect(res.statusCode).toBe(403);
    expect(bodyOf(res)).toEqual({ message: '无权访问该部门的数据', code: 'FORBIDDEN' });
    expect(repos.counters.verdictWrites).toBe(0);
    expect(sfnMock).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 0);
  });

  it('a malformed body gets a 400 naming the field', async () => {
    await seedTask(repos, candidateIds[0] ?? '', COURT);
    const res = await answer(taskIdOf(0), { result: 'findings', findings: [{ startDate: '2019-03-01' }] });
    expect(res.statusCode).toBe(400);
    expect(bodyOf(res)).toEqual({
      message: '请求内容有误：findings[0].category 必填',
      field: 'findings.0.category',
      in: 'body',
      code: 'INVALID_REQUEST',
    });
    const badDate = await answer(taskIdOf(0), { result: 'findings', findings: [{ category: '刑事处罚', startDate: '2019/03/01' }] });
    expect(bodyOf(badDate)).toMatchObject({ field: 'findings.0.startDate' });
    const badResult = await answer(taskIdOf(0), { result: 'maybe' });
    expect(bodyOf(badResult)).toMatchObject({ field: 'result' });
    expect(sfnMock).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 0);
  });

  it.each([
    ['2024-13-45', '不是真实存在的日期'],
    ['2027-02-30', '不是真实存在的日期'],
    ['0000-00-00', '不是真实存在的日期'],
    ['2999-01-01', '日期应在 1900-01-01 至 2100-12-31 之间'],
    ['2099-01-01', '晚于今天'],
  ])('refuses a finding starting on %s with a 400 naming the field', async (startDate, words) => {
    await seedTask(repos, candidateIds[0] ?? '', COURT);
    const res = await answer(taskIdOf(0), { result: 'findings', findings: [{ category: '刑事处罚', startDate }] });
    expect(res.statusCode).toBe(400);
    expect(bodyOf(res)).toMatchObject({ field: 'findings.0.startDate', message: expect.stringContaining(words) });
    expect(await repos.verdicts.get(candidateIds[0] ?? '', COURT)).toBeUndefined();
    expect(sfnMock).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 0);
  });

  it('refuses a category the policy does not know, naming the field', async () => {
    await seedTask(repos, candidateIds[0] ?? '', COURT);
    const res = await answer(taskIdOf(0), { result: 'findings', findings: [{ category: '刑事处罚' }, { category: '乱停车' }] });
    expect(res.statusCode).toBe(400);
    expect(bodyOf(res)).toMatchObject({ field: 'findings.1.category' });
  });

  it('a late answer gets TaskTimedOut → 409, is recorded late, and leaves no answer behind', async () => {
    // Past its deadline, before RecordOverdue has marked the task.
    await seedTask(repos, candidateIds[0] ?? '', COURT, { deadline: '2026-04-10T01:00:00.000Z' });
    sfnMock.on(SendTaskSuccessCommand).rejects(new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} }));
    const res = await answer(taskIdOf(0), FINDING);
    expect(res.statusCode).toBe(409);
    expect(bodyOf(res)).toEqual({ message: LATE_ANSWER_MESSAGE, code: 'LATE_ANSWER' });
    const stored = await repos.verdicts.get(candidateIds[0] ?? '', COURT);
    expect(stored?.verdict.status).toBe('overdue');
    expect(stored?.lateAnswer).toMatchObject({ status: 'findings' });
    const task = await repos.tasks.get(candidateIds[0] ?? '', COURT);
    expect(task).toMatchObject({ status: 'overdue', lateAnswerAt: '2026-04-10T02:00:00.000Z' });
    const types = (await repos.audit.listByCandidate(candidateIds[0] ?? '')).map((e) => e.type);
    expect(types).toContain('late_answer');
    expect(types).not.toContain('answered');
  });

  it('well ahead of the deadline, confirms the answer in the put that stores it', async () => {
    await seedTask(repos, candidateIds[0] ?? '', COURT);
    sfnMock.on(SendTaskSuccessCommand).resolves({});
    const markResultSent = vi.spyOn(repos.verdicts, 'markResultSent');
    expect((await answer(taskIdOf(0), FINDING)).statusCode).toBe(200);
    expect(markResultSent).not.toHaveBeenCalled();
    const token = (await repos.tasks.getToken(candidateIds[0] ?? '', COURT)) ?? '';
    expect(await repos.verdicts.get(candidateIds[0] ?? '', COURT)).toMatchObject({
      verdict: { status: 'findings' },
      resultSentFor: tokenHash(token),
      confirmedOnPut: true,
    });
    expect((await repos.tasks.get(candidateIds[0] ?? '', COURT))?.status).toBe('answered');
  });

  it('within minutes of the deadline, confirms the answer only after Step Functions took it', async () => {
    await seedTask(repos, candidateIds[0] ?? '', COURT, { deadline: '2026-04-10T02:03:00.000Z' });
    sfnMock.on(SendTaskSuccessCommand).resolves({});
    const markResultSent = vi.spyOn(repos.verdicts, 'markResultSent');
    expect((await answer(taskIdOf(0), FINDING)).statusCode).toBe(200);
    expect(markResultSent).toHaveBeenCalledTimes(1);
    expect((await repos.verdicts.get(candidateIds[0] ?? '', COURT))?.confirmedOnPut).toBeUndefined();
  });

  it('an answer confirmed on its put stands when its token turns out spent: 200, answered, nothing late', async () => {
    await seedTask(repos, candidateIds[0] ?? '', COURT);
    sfnMock.on(SendTaskSuccessCommand).rejects(new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} }));
    const res = await answer(taskIdOf(0), FINDING);
    expect(res.statusCode).toBe(200);
    expect((await repos.verdicts.get(candidateIds[0] ?? '', COURT))?.verdict.status).toBe('findings');
    expect((await repos.tasks.get(candidateIds[0] ?? '', COURT))?.status).toBe('answered');
    expect((await repos.audit.listByCandidate(candidateIds[0] ?? '')).map((e) => e.type)).not.toContain('late_answer');
  });

  it('after a send that failed, the same answer again sends it: the confirmation on the put does not pass for a send', async () => {
    await seedTask(repos, candidateIds[0] ?? '', COURT);
    sfnMock.on(SendTaskSuccessCommand).rejectsOnce(new Error('socket hang up')).resolves({});
    expect((await answer(taskIdOf(0), FINDING)).statusCode).toBe(500);
    expect((await repos.tasks.get(candidateIds[0] ?? '', COURT))?.status).toBe('open');
    const again = await answer(taskIdOf(0), FINDING);
    expect(again.statusCode).toBe(200);
    expect(sfnMock).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 2);
    expect((await repos.tasks.get(candidateIds[0] ?? '', COURT))?.status).toBe('answered');
  });

  it('an answer to a task already marked overdue is refused without calling Step Functions', async () => {
    await seedTask(repos, candidateIds[0] ?? '', COURT);
    await repos.tasks.markOverdue(candidateIds[0] ?? '', COURT, '2026-04-09T00:00:00.000Z');
    await repos.verdicts.recordUnanswered({
      campaignId: 'c2026',
      candidateId: candidateIds[0] ?? '',
      department: COURT,
      status: 'overdue',
      at: '2026-04-09T00:00:00.000Z',
    });
    const res = await answer(taskIdOf(0), { result: 'clear' });
    expect(res.statusCode).toBe(409);
    expect(bodyOf(res)).toMatchObject({ message: LATE_ANSWER_MESSAGE });
    expect(sfnMock).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 0);
    expect((await repos.verdicts.get(candidateIds[0] ?? '', COURT))?.verdict.status).toBe('overdue');
    expect((await repos.tasks.get(candidateIds[0] ?? '', COURT))?.lateAnswerAt).toBeDefined();
  });
});

describe('GET /reviews and the candidate card', () => {
  it('a reviewer cannot read another department inbox or card (403)', async () => {
    await seedTask(repos, candidateIds[0] ?? '', COURT);
    const inbox = await api(
      httpEvent({ routeKey: 'GET /reviews', query: { department: COURT }, claims: reviewer(PETITIONS) }),
      lambdaContext,
    );
    expect(inbox.statusCode).toBe(403);
    const card = await api(
      httpEvent({ routeKey: 'GET /reviews/{id}', pathParameters: { id: taskIdOf(0) }, claims: reviewer(PETITIONS) }),
      lambdaContext,
    );
    expect(card.statusCode).toBe(403);
  });

  it('lists the inbox by deadline with counts and overdue flags', async () => {
    await seedTask(repos, candidateIds[1] ?? '', COURT, { deadline: '2026-04-20T00:00:00.000Z' });
    await seedTask(repos, candidateIds[0] ?? '', COURT, {
      deadline: '2026-04-08T00:00:00.000Z',
      hints: [{ category: '刑事处罚', recordName: '王建华' }],
    });
    const res = await api(httpEvent({ routeKey: 'GET /reviews', claims: reviewer(COURT) }), lambdaContext);
    const body = bodyOf(res);
    expect(body).toMatchObject({
      department: COURT,
      status: 'open',
      counts: { open: 2, answered: 0, overdue: 0, openPastDeadline: 1, openWithoutHints: 1 },
    });
    expect(body).toHaveProperty('items.0.candidateId', candidateIds[0]);
    expect(body).toHaveProperty('items.0.overdue', true);
    expect(body).toHaveProperty('items.0.daysLeft', -3);
    expect(body).toHaveProperty('items.1.overdue', false);
  });

  it('counts every tab the same from whichever tab is viewed, and lists only the viewed one', async () => {
    const third = await seedBatch(repos, { key: '2', rows: [sampleRow(1, '张三', idWith('110101', 1))] });
    const ids = [...candidateIds, ...third.candidateIds];
    for (const [i, id] of ids.entries()) await seedTask(repos, id, COURT, { deadline: `2026-04-1${i}T00:00:00.000Z` });
    await repos.tasks.markAnswered(ids[0] ?? '', COURT, { kind: 'reviewer', id: 'u' }, '2026-04-03T00:00:00.000Z');
    await repos.tasks.markOverdue(ids[1] ?? '', COURT, '2026-04-12T00:00:00.000Z');
    const look = async (status: string) =>
      bodyOf(await api(httpEvent({ routeKey: 'GET /reviews', query: { status }, claims: reviewer(COURT) }), lambdaContext)) as Inbox;
    const tabs = await Promise.all(['open', 'answered', 'overdue', 'cancelled'].map(look));
    for (const tab of tabs) expect(tab.counts).toMatchObject({ open: 1, answered: 1, overdue: 1, cancelled: 0 });
    expect(tabs.map((t) => t.items.map((i) => i.candidateId))).toEqual([[ids[2]], [ids[0]], [ids[1]], []]);
    expect(tabs[1]?.filters.townships.length).toBeGreaterThan(0);
  });

  it('shows only what the department needs: no relatives, no other answers, no token', async () => {
    const id = candidateIds[0] ?? '';
    await seedTask(repos, id, COURT, { hints: [{ category: '刑事处罚', recordName: '王建华' }] });
    await repos.verdicts.putAnswer({
      campaignId: 'c2026',
      candidateId: id,
      department: PETITIONS,
      status: 'findings',
      findings: [{ category: '扰乱公共秩序' }],
    });
    const dossier = repos.state.dossiers.get(id);
    if (dossier) dossier.relatives = [{ candidateIdNumber: dossier.idNumber, name: '王小红', relation: '子女' }];
    const res = await api(
      httpEvent({ routeKey: 'GET /reviews/{id}', pathParameters: { id: taskIdOf(0) }, claims: reviewer(COURT) }),
      lambdaContext,
    );
    expect(res.statusCode).toBe(200);
    const text = res.body ?? '';
    expect(bodyOf(res)).toMatchObject({
      candidate: { name: '王建国', idNumber: '330902197008150311', sex: '男', village: '檀枫社区' },
      hints: [{ category: '刑事处罚', recordName: '王建华' }],
      answer: null,
      department: { code: COURT, name: '区法院' },
    });
    expect(text).not.toContain('王小红');
    // The petitions office's answer is nowhere in the card.
    expect(text).not.toContain(PETITIONS);
    expect(text).not.toContain(TOKEN_PREFIX);
    expect(text).not.toMatch(/token/i);
  });
});

describe('GET /reviews: search, filters, sort and pages', () => {
  /** Five people of two townships in three batches, one deadline a day apart (昌国 first). */
  async function seedInbox() {
    const rows = (t: string, people: Array<[string, string]>) => people.map(([name, id], i) => sampleRow(i + 1, name, id, t));
    const a = await seedBatch(repos, {
      key: '2',
      rows: rows('昌国街道', [
        ['张三', idWith('110101', 1)],
        ['李四', idWith('110101', 2)],
      ]),
    });
    const b = await seedBatch(repos, {
      township: OTHER_TOWNSHIP,
      key: '3',
      rows: rows('都亭街道', [
        ['王五', idWith('330902', 3)],
        ['赵六', idWith('330902', 4)],
      ]),
    });
    const ids = [...a.candidateIds, ...b.candidateIds, candidateIds[0] ?? ''];
    for (const [i, id] of ids.entries()) await seedTask(repos, id, COURT, { deadline: `2026-04-1${i + 1}T00:00:00.000Z` });
    return { ids, batches: [a.batchId, b.batchId] };
  }
  const inboxOf = async (query: Record<string, string>, claims = reviewer(COURT)) => {
    const res = await api(httpEvent({ routeKey: 'GET /reviews', query, claims }), lambdaContext);
    expect(res.statusCode).toBe(200);
    return bodyOf(res) as Inbox;
  };
  const names = (i: Inbox) => i.items.map((t) => t.candidate.name);

  it('offers the townships, villages and batches of the department’s tasks, each batch by its name', async () => {
    const { batches } = await seedInbox();
    const body = await inboxOf({});
    expect(body.filters.townships).toEqual(['昌国街道', '都亭街道'].sort((x, y) => x.localeCompare(y, 'zh')));
    expect(body.filters.villages).toContainEqual({ township: '都亭街道', village: '滨江社区' });
    expect(body.filters.batches.map((b) => b.batchId).sort()).toEqual([...batches, 'b-changguo-1'].sort());
    expect(body.filters.batches.find((b) => b.batchId === batches[1])?.name).toMatch(/^都亭街道 第1批（4月1日）$/);
    expect(body.items[0]?.batch?.name).toMatch(/^昌国街道 第\d批（4月1日）$/);
  });

  it('finds a person by part of the name, by the full or the masked ID number, or by its last 4 digits', async () => {
    await seedInbox();
    expect(names(await inboxOf({ q: '王' }))).toEqual(['王五', '王建国']);
    expect(names(await inboxOf({ q: idWith('330902', 4) }))).toEqual(['赵六']);
    expect(names(await inboxOf({ q: ` ${idWith('330902', 4).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))}` }))).toEqual([
      '赵六',
    ]);
    expect(names(await inboxOf({ q: idWith('330902', 4).slice(-4) }))).toEqual(['赵六']);
    const masked = `330902********${idWith('330902', 4).slice(-4)}`;
    expect(names(await inboxOf({ q: masked }))).toEqual(['赵六']);
    // Only the visible digits can match: the masked middle is never searched.
    expect((await inboxOf({ q: '19900101' })).total).toBe(0);
  });

  it('filters by township, village and batch, and sorts by deadline either way', async () => {
    const { batches } = await seedInbox();
    expect(names(await inboxOf({ township: '都亭街道' }))).toEqual(['王五', '赵六']);
    expect(names(await inboxOf({ township: '昌国街道', village: '檀枫社区', sort: 'deadline_desc' }))).toEqual(['王建国', '李四', '张三']);
    expect(names(await inboxOf({ batch: batches[0] ?? '' }))).toEqual(['张三', '李四']);
  });

  it('pages the matches and counts them all; a bulk attestation covers every page', async () => {
    await seedInbox();
    const first = await inboxOf({ pageSize: '2', page: '1' });
    expect([first.total, first.page, first.pageSize, names(first)]).toEqual([5, 1, 2, ['张三', '李四']]);
    const last = await inboxOf({ pageSize: '2', page: '9' });
    expect([last.page, names(last)]).toEqual([3, ['王建国']]);
    expect(first.attestable.tasks).toHaveLength(5);
    expect(first.counts.open).toBe(5);
  });

  it('leaves tasks handed to a colleague and tasks with match hints out of the bulk attestation', async () => {
    const { ids } = await seedInbox();
    await seedAccount(identity, { username: 'bob', role: `department:${COURT}`, displayName: '鲍勃' });
    const handed = await api(
      httpEvent({
        routeKey: 'POST /reviews/{id}/reassign',
        pathParameters: { id: `${ids[0]}~${COURT}` },
        body: { assignee: 'bob' },
        claims: reviewer(COURT),
      }),
      lambdaContext,
    );
    expect(handed.statusCode).toBe(200);
    await seedTask(repos, candidateIds[1] ?? '', COURT, { hints: [{ category: '刑事处罚', recordName: '李秀花' }] });
    const mine = await inboxOf({ pageSize: '2' }, reviewer(COURT, 'carol'));
    expect(mine.attestable.tasks.map((t) => t.name).sort()).toEqual(['李四', '王五', '王建国', '赵六'].sort());
    expect(mine.attestable.handedOn).toBe(1);
    const bobs = await inboxOf({ q: '张' }, reviewer(COURT, 'bob'));
    expect(bobs.attestable.tasks.map((t) => t.name)).toEqual(['张三']);
  });

  it('refuses a page size over 100 or a sort it does not know, naming the field', async () => {
    for (const [query, field] of [
      [{ pageSize: '500' }, 'pageSize'],
      [{ sort: 'name' }, 'sort'],
      [{ page: '0' }, 'page'],
    ] as const) {
      const res = await api(httpEvent({ routeKey: 'GET /reviews', query, claims: reviewer(COURT) }), lambdaContext);
      expect(res.statusCode).toBe(400);
      expect(bodyOf(res)).toMatchObject({ field, in: 'query' });
    }
  });
});

describe('GET /departments/{code}/open-tasks', () => {
  const exportAs = (claims: Record<string, string | string[]>, code = COURT) =>
    api(httpEvent({ routeKey: 'GET /departments/{code}/open-tasks', pathParameters: { code }, claims }), lambdaContext);

  it('gives the department’s own reviewer its open tasks with full ID numbers and Beijing times, and records who and how many', async () => {
    await seedTask(repos, candidateIds[0] ?? '', COURT, { deadline: '2026-04-12T16:00:00.000Z' });
    await seedTask(repos, candidateIds[1] ?? '', COURT, { deadline: '2026-04-13T16:00:00.000Z' });
    await answer(taskIdOf(1), { result: 'clear' });
    await seedTask(repos, candidateIds[1] ?? '', PETITIONS);
    const res = await exportAs(reviewer(COURT, 'alice'));
    expect(res.statusCode).toBe(200);
    expect(res.headers?.['Content-Disposition']).toContain(encodeURIComponent('待答复任务-'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(Buffer.from(res.body ?? '', 'base64')).buffer);
    const sheet = workbook.getWorksheet('待答复任务');
    if (sheet === undefined) throw new Error('no sheet 待答复任务');
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([...OPEN_TASK_HEADERS]);
    expect(sheet.rowCount).toBe(2);
    const row = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(row.slice(0, 4)).toEqual([1, '王建国', '男', '330902197008150311']);
    // The end of 12 April in Beijing, in Chinese: never an ISO string in UTC.
    expect(row[9]).toBe('2026年4月12日 24:00');
    expect(row[8]).toMatch(/^昌国街道 第1批（4月1日）$/);
    const about = workbook.getWorksheet('说明')?.getColumn(1).values.slice(1).join('\n') ?? '';
    expect(about).toContain('导出时间：2026年4月10日 10:00（北京时间）');
    expect(about).not.toMatch(/\d{4}-\d{2}-\d{2}T/);

    const events = await repos.audit.listByCandidate(departmentChainId(COURT));
    const exported = events.filter((e) => e.type === 'tasks_exported');
    expect(exported.map((e) => [e.actor, e.at, e.data])).toEqual([
      [{ kind: 'reviewer', id: 'alice' }, NOW.toISOString(), { department: COURT, status: 'open', rows: 1 }],
    ]);
    // Who and how many, never whom: no ID number or name anywhere in the event.
    expect(JSON.stringify(exported)).not.toMatch(/330902|王建国/);
  });

  it('refuses another department’s reviewer and the organization department (403), recording nothing', async () => {
    await seedTask(repos, candidateIds[0] ?? '', COURT);
    for (const claims of [reviewer(PETITIONS), claimsFor(['orgdept'], 'org-1')]) {
      const res = await exportAs(claims);
      expect(res.statusCode).toBe(403);
      expect(bodyOf(res)).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect((await repos.audit.listByCandidate(departmentChainId(COURT))).filter((e) => e.type === 'tasks_exported')).toEqual([]);
  });
});

describe('POST /reviews/attest', () => {
  it('answers every open task without hints as clear, under one signed statement', async () => {
    await seedTask(repos, candidateIds[0] ?? '', COURT);
    await seedTask(repos, candidateIds[1] ?? '', COURT, { hints: [{ category: '刑事处罚', recordName: '李秀兰' }] });
    const res = await api(
      httpEvent({ routeKey: 'POST /reviews/attest', body: { statement: '以上人员经查无记录' }, claims: reviewer(COURT, 'alice') }),
      lambdaContext,
    );
    expect(res.statusCode).toBe(200);
    const body = bodyOf(res) as { attestation: Record<string, unknown> & { sha256: string; recorded: boolean }; answered: string[] };
    expect(body.answered).toEqual([taskIdOf(0)]);
    const { sha256, recorded, ...statement } = body.attestation;
    expect(recorded).toBe(true);
    expect(statement).toMatchObject({
      department: COURT,
      statement: '以上人员经查无记录',
      attestedBy: { kind: 'reviewer', id: 'alice' },
      attestedAt: '2026-04-10T02:00:00.000Z',
      taskIds: [taskIdOf(0)],
    });
    expect(sha256).toBe(createHash('sha256').update(canonicalJson(statement)).digest('hex'));
    expect((await repos.verdicts.get(candidateIds[0] ?? '', COURT))?.verdict).toMatchObject({ status: 'clear', source: 'attestation' });
    expect(await repos.verdicts.get(candidateIds[1] ?? '', COURT)).toBeUndefined();
    expect(sfnMock).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
    const chain = await repos.audit.listByCandidate(departmentChainId(COURT));
    expect(chain[0]?.data).toMatchObject({ sha256 });
    const answered = (await answerEventsOf(repos, candidateIds[0] ?? '')).find((e) => e.type === 'answered');
    expect(answered?.data).toMatchObject({ source: 'attestation', attestation: { sha256 } });
  });

  it('answers the tasks the reviewer saw, read by key with their tokens at once, without listing the inbox; the rest are skipped with the reason', async () => {
    await seedTask(repos, candidateIds[0] ?? '', COURT);
    await seedTask(repos, candidateIds[1] ?? '', COURT, { hints: [{ category: '刑事处罚', recordName: '李秀兰' }] });
    await seedTask(repos, candidateIds[0] ?? '', PETITIONS);
    const listInbox = vi.spyOn(repos.tasks, 'listInbox');
    const getToken = vi.spyOn(repos.tasks, 'getToken');
    const seen = [taskIdOf(0), taskIdOf(1), taskIdOf(0, PETITIONS), `nobody-0001~${COURT}`, taskIdOf(0)];
    const res = await api(
      httpEvent({ routeKey: 'POST /reviews/attest', body: { statement: '以上人员经查无记录', taskIds: seen }, claims: reviewer(COURT) }),
      lambdaContext,
    );
    expect(res.statusCode).toBe(200);
    expect(bodyOf(res)).toMatchObject({
      answered: [taskIdOf(0)],
      skipped: [
        { taskId: taskIdOf(1), reason: '有记录匹配提示，须逐一审查' },
        { taskId: taskIdOf(0, PETITIONS), reason: '不是本部门的待办任务' },
        { taskId: `nobody-0001~${COURT}`, reason: '不是本部门的待办任务' },
      ],
    });
    expect(listInbox).not.toHaveBeenCalled();
    // The page's tokens were read at once (tasks.getTokens), not one by one.
    expect(getToken).not.toHaveBeenCalled();
    expect(sfnMock).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
    expect((await repos.tasks.get(candidateIds[0] ?? '', PETITIONS))?.status).toBe('open');
  });

  it('refuses any other statement text', async () => {
    const res = await api(
      httpEvent({ routeKey: 'POST /reviews/attest', body: { statement: '都没问题' }, claims: reviewer(COURT) }),
      lambdaContext,
    );
    expect(res.statusCode).toBe(400);
    expect(bodyOf(res)).toMatchObject({ field: 'statement' });
  });
});

describe('POST /reviews/{id}/reassign', () => {
  it('reassigns an open task of the own department and records it', async () => {
    await seedTask(repos, candidateIds[0] ?? '', COURT);
    await seedAccount(identity, { username: 'bob', role: `department:${COURT}`, displayName: '鲍勃' });
    const res = await api(
      httpEvent({
        routeKey: 'POST /reviews/{id}/reassign',
        pathParameters: { id: taskIdOf(0) },
        body: { assignee: 'bob' },
        claims: reviewer(COURT),
      }),
      lambdaContext,
    );
    expect(res.statusCode).toBe(200);
    expect((await repos.tasks.get(candidateIds[0] ?? '', COURT))?.assignee).toBe('bob');
    expect((await repos.audit.listByCandidate(candidateIds[0] ?? '')).at(-1)?.type).toBe('reassigned');
  });
});

describe('who answers a task that was handed on', () => {
  const reassign = (taskId: string, assignee: string, claims = reviewer(COURT)) =>
    api(httpEvent({ routeKey: 'POST /reviews/{id}/reassign', pathParameters: { id: taskId }, body: { assignee }, claims }), lambdaContext);

  beforeEach(async () => {
    await seedTask(repos, candidateIds[0] ?? '', COURT);
    for (const [username, displayName] of [
      ['bob', '鲍勃'],
      ['carol', '卡萝'],
    ] as const) {
      await seedAccount(identity, { username, role: `department:${COURT}`, displayName });
    }
  });

  it('any reviewer of the department answers a task nobody was handed', async () => {
    const res = await answer(taskIdOf(0), { result: 'clear' }, reviewer(COURT, 'someone-of-court'));
    expect(res.statusCode).toBe(200);
  });

  it('once handed to a colleague, only that colleague answers it (403 for the others, nothing written)', async () => {
    expect((await reassign(taskIdOf(0), 'bob')).statusCode).toBe(200);
    const other = await answer(taskIdOf(0), { result: 'clear' }, reviewer(COURT, 'carol'));
    expect(other.statusCode).toBe(403);
    expect(bodyOf(other)).toMatchObject({ code: 'TASK_ASSIGNED_TO_OTHER', assignee: 'bob' });
    expect((bodyOf(other) as { message: string }).message).toContain('鲍勃');
    expect(await repos.verdicts.get(candidateIds[0] ?? '', COURT)).toBeUndefined();
    expect(sfnMock).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 0);
    const own = await answer(taskIdOf(0), { result: 'clear' }, reviewer(COURT, 'bob'));
    expect(own.statusCode).toBe(200);
  });

  it('attestation leaves a colleague’s task to the colleague', async () => {
    await reassign(taskIdOf(0), 'bob');
    await seedTask(repos, candidateIds[1] ?? '', COURT);
    const res = await api(
      httpEvent({
        routeKey: 'POST /reviews/attest',
        body: { statement: '以上人员经查无记录', taskIds: [taskIdOf(0), taskIdOf(1)] },
        claims: reviewer(COURT, 'carol'),
      }),
      lambdaContext,
    );
    expect(bodyOf(res)).toMatchObject({ answered: [taskIdOf(1)], skipped: [{ taskId: taskIdOf(0) }] });
    expect(await repos.verdicts.get(candidateIds[0] ?? '', COURT)).toBeUndefined();
  });

  it('only the assignee or the organization department hands an assigned task on', async () => {
    await reassign(taskIdOf(0), 'bob');
    const notHis = await reassign(taskIdOf(0), 'carol', reviewer(COURT, 'carol'));
    expect(notHis.statusCode).toBe(403);
    expect(bodyOf(notHis)).toMatchObject({ code: 'TASK_ASSIGNED_TO_OTHER' });
    expect((await reassign(taskIdOf(0), 'carol', reviewer(COURT, 'bob'))).statusCode).toBe(200);
    const byOrg = await reassign(taskIdOf(0), 'bob', claimsFor(['orgdept'], 'org-1'));
    expect(bodyOf(byOrg)).toMatchObject({ assignee: 'bob', assigneeName: '鲍勃' });
    const events = (await repos.audit.listByCandidate(candidateIds[0] ?? '')).filter((e) => e.type === 'reassigned');
    expect(events.map((e) => [e.actor.kind, e.data['assignee']])).toEqual([
      ['reviewer', 'bob'],
      ['reviewer', 'carol'],
      ['orgdept', 'bob'],
    ]);
  });

  it('hands a task only to an enabled reviewer of its department', async () => {
    await seedAccount(identity, { username: 'dan', role: 'department:health' });
    await seedAccount(identity, { username: 'erin', role: `department:${COURT}` });
    await identity.store.update('erin', { status: 'disabled' }, '2026-04-02T00:00:00.000Z');
    for (const who of ['dan', 'erin', 'nobody']) {
      const res = await reassign(taskIdOf(0), who);
      expect(res.statusCode, who).toBe(400);
      expect(bodyOf(res)).toMatchObject({ field: 'assignee', code: 'ASSIGNEE_NOT_REVIEWER' });
    }
    expect((await repos.tasks.get(candidateIds[0] ?? '', COURT))?.assignee).toBeUndefined();
  });

  it('of 10 concurrent hand-overs exactly one wins; the rest get 409 and change nothing', async () => {
    for (let i = 0; i < 10; i++) await seedAccount(identity, { username: `r${i}.court`, role: `department:${COURT}` });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => reassign(taskIdOf(0), `r${i}.court`)));
    const won = results.filter((r) => r.statusCode === 200);
    expect(won).toHaveLength(1);
    const lost = results.filter((r) => r.statusCode === 409);
    expect(lost).toHaveLength(9);
    for (const r of lost) expect(bodyOf(r)).toMatchObject({ code: 'REASSIGN_CONFLICT' });
    const winner = (bodyOf(won[0] ?? { statusCode: 0 }) as { assignee: string }).assignee;
    expect((await repos.tasks.get(candidateIds[0] ?? '', COURT))?.assignee).toBe(winner);
    expect((await repos.audit.listByCandidate(candidateIds[0] ?? '')).filter((e) => e.type === 'reassigned')).toHaveLength(1);
  });

  it('counts the tasks handed to me in the inbox', async () => {
    await reassign(taskIdOf(0), 'bob');
    const inbox = await api(httpEvent({ routeKey: 'GET /reviews', claims: reviewer(COURT, 'bob') }), lambdaContext);
    expect(bodyOf(inbox)).toMatchObject({ counts: { assignedToMe: 1 }, items: [{ assignee: 'bob', assigneeName: '鲍勃' }] });
  });
});

describe('GET /departments/{code}/reviewers', () => {
  const list = (code: string, claims: Record<string, string | string[]>) =>
    api(httpEvent({ routeKey: 'GET /departments/{code}/reviewers', pathParameters: { code }, claims }), lambdaContext);

  it('lists the enabled reviewers of the own department, for the department and the organization department', async () => {
    await seedAccount(identity, { username: 'bob', role: `department:${COURT}`, displayName: '鲍勃' });
    await seedAccount(identity, { username: 'erin', role: `department:${COURT}` });
    await seedAccount(identity, { username: 'dan', role: 'department:health' });
    await identity.store.update('erin', { status: 'disabled' }, '2026-04-02T00:00:00.000Z');
    const res = await list(COURT, reviewer(COURT));
    expect(bodyOf(res)).toEqual({ department: COURT, listed: true, reviewers: [{ username: 'bob', displayName: '鲍勃' }], message: null });
    expect((await list(COURT, claimsFor(['orgdept']))).statusCode).toBe(200);
    expect((await list('health', reviewer(COURT))).statusCode).toBe(403);
  });

  it('says so where an external provider keeps the accounts', async () => {
    const deps = { ...apiDeps(repos), identity: { kind: 'external' as const } };
    const external = checkedByContract(createReviewsApi({ ...deps, sfn: new SFNClient({ region: 'cn-north-1' }) }));
    const res = await external(
      httpEvent({ routeKey: 'GET /departments/{code}/reviewers', pathParameters: { code: COURT }, claims: reviewer(COURT) }),
      lambdaContext,
    );
    expect(bodyOf(res)).toMatchObject({ listed: false, reviewers: [] });
  });
});

describe('POST /reviews/{id}/correction', () => {
  const correct = (taskId: string, body: unknown, claims = reviewer(COURT)) =>
    api(httpEvent({ routeKey: 'POST /reviews/{id}/correction', pathParameters: { id: taskId }, body, claims }), lambdaContext);
  const CORRECTION = { answer: { result: 'clear' }, reason: '原答复误报', documentNumber: '定法更〔2026〕1号' };

  it('replaces a confirmed answer without telling Step Functions again, and answers with both answers', async () => {
    await seedTask(repos, candidateIds[0] ?? '', COURT);
    expect((await answer(taskIdOf(0), FINDING)).statusCode).toBe(200);
    const res = await correct(taskIdOf(0), CORRECTION);
    expect(res.statusCode).toBe(200);
    expect(bodyOf(res)).toMatchObject({ answer: { result: 'clear' }, previous: { result: 'findings' }, decision: null });
    expect(sfnMock).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
    expect((await repos.verdicts.get(candidateIds[0] ?? '', COURT))?.verdict.status).toBe('clear');
  });

  it('refuses with a code: an unanswered task 409, another department 403, a missing 文号 400 naming the field', async () => {
    await seedTask(repos, candidateIds[0] ?? '', COURT);
    const open = await correct(taskIdOf(0), CORRECTION);
    expect(open.statusCode).toBe(409);
    expect(bodyOf(open)).toMatchObject({ code: 'TASK_NOT_ANSWERED' });
    await answer(taskIdOf(0), FINDING);
    expect((await correct(taskIdOf(0), CORRECTION, reviewer(PETITIONS))).statusCode).toBe(403);
    const missing = await correct(taskIdOf(0), { answer: { result: 'clear' }, reason: '原答复误报' });
    expect(missing.statusCode).toBe(400);
    expect(bodyOf(missing)).toMatchObject({ field: 'documentNumber' });
    expect((await repos.verdicts.get(candidateIds[0] ?? '', COURT))?.verdict.status).toBe('findings');
  });
});

describe('handing a task to a colleague (转办) tells the department', () => {
  it('notifies the department unit with the colleague’s display name and how many open tasks they hold, never the candidate', async () => {
    await seedAccount(identity, { username: 'bob', role: `department:${COURT}`, displayName: '鲍勃' });
    await seedTask(repos, candidateIds[0] ?? '', COURT);
    await seedTask(repos, candidateIds[1] ?? '', COURT);
    const reassign = (i: number) =>
      api(
        httpEvent({
          routeKey: 'POST /reviews/{id}/reassign',
          pathParameters: { id: taskIdOf(i) },
          body: { assignee: 'bob' },
          claims: reviewer(COURT),
        }),
        lambdaContext,
      );
    expect((await reassign(0)).statusCode).toBe(200);
    expect((await reassign(1)).statusCode).toBe(200);
    const notices = await repos.notifications.listByUnit(`department:${COURT}`, { limit: 10 });
    expect(notices.map((n) => [n.kind, n.title, n.link])).toEqual([
      ['reassigned', '任务转办', '/reviews'],
      ['reassigned', '任务转办', '/reviews'],
    ]);
    const texts = notices.map((n) => n.text).sort();
    expect(texts[0]).toContain('已转交给 鲍勃 经办');
    expect(texts.some((t) => t.includes('鲍勃 现有待办任务 2 件'))).toBe(true);
    for (const id of candidateIds.slice(0, 2)) {
      const view = await repos.candidates.getView(id);
      for (const t of texts) {
        expect(t).not.toContain(view?.name ?? '?');
        expect(t).not.toContain(view?.idNumber.slice(-4) ?? '?');
        expect(t).not.toContain(id);
      }
    }
  });
});
