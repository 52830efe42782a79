// Withdrawals and replacements on the in-memory store: a withdrawn candidate shows 已撤回 everywhere
// and never stands, its review is stopped and its open tasks closed (an answer after it is refused);
// a replacement is one row validated as a batch upload, of the same village, vetted in a batch of
// one and linked both ways.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../shared/app/access.js';
import { answerTask } from '../../shared/app/answer-task.js';
import { batchDetail } from '../../shared/app/batches.js';
import { dashboard } from '../../shared/app/dashboard.js';
import { batchFeedback } from '../../shared/app/feedback.js';
import type { Executions, IntakeMessage } from '../../shared/app/ports.js';
import { openDispute } from '../../shared/app/open-dispute.js';
import { replaceCandidate } from '../../shared/app/replace-candidate.js';
import { isRefusal } from '../../shared/app/refusals.js';
import { exportReport } from '../../shared/app/report.js';
import { withdrawCandidate } from '../../shared/app/withdraw-candidate.js';
import { fileReaders } from '../../shared/adapters/files/uploads.js';
import { verifyChain } from '../../shared/domain/audit/chain.js';
import type { MemoryRepositories } from '../adapters/memory-repositories.js';
import { apiDeps, CAMPAIGN, seedBatch, seedCampaign, seedTask, TOWNSHIP, OTHER_TOWNSHIP } from '../functions/api/support.js';

const metrics = { count: () => undefined };
const now = () => new Date('2026-04-10T02:00:00.000Z');
const callbacks = { succeed: async () => 'sent' as const, fail: async () => 'sent' as const };
const caller = (c: Partial<Caller>): Caller => ({ userId: 'u-1', username: 'u1', townships: [], departments: [], orgdept: false, ...c });
const TOWN = caller({ userId: 'u-town', townships: [TOWNSHIP] });
const OTHER_TOWN = caller({ userId: 'u-other', townships: [OTHER_TOWNSHIP] });
const ORGDEPT = caller({ userId: 'u-org', orgdept: true });
const COURT = caller({ userId: 'u-court', departments: ['court'] });
const HEADER = '序号,姓名,性别,民族,身份证号,出生年月,学历,政治面貌,乡镇(街道),村(社区),拟任职务,人选类型,是否现任';
const ZHANG = '1,张伟,男,汉族,330902199008210854,1990-08,本科,群众,昌国街道,檀枫社区,村(居)委会委员,初步人选,否';
const LIU = '2,刘芳,女,汉族,330902199511090861,1995-11,本科,共青团员,昌国街道,檀枫社区,村(居)委会委员,自荐人,否';
const file = (...rows: string[]) => ({
  filename: '替换人选.csv',
  bytes: new Uint8Array(Buffer.from([HEADER, ...rows].join('\n'), 'utf8')),
});

let repos: MemoryRepositories;
let candidateId: string;
let batchId: string;
let stopped: string[];
let enqueued: IntakeMessage[];
const executions: Executions = {
  start: async () => 'started',
  stop: async ({ name }) => {
    stopped.push(name);
    return 'stopped';
  },
};
const deps = () => ({
  repos,
  now,
  metrics,
  callbacks,
  executions,
  files: fileReaders,
  intake: {
    enqueue: async (m: readonly IntakeMessage[]) => {
      enqueued.push(...m);
    },
  },
  newBatchId: () => 'b-replacement',
  log: { info: () => undefined, warn: () => undefined },
});
const withdraw = (over: Partial<Parameters<typeof withdrawCandidate>[1]> = {}) =>
  withdrawCandidate(deps(), { caller: TOWN, candidateId, reason: '经联审发现该人选存在不宜提名情形', ...over });

beforeEach(async () => {
  repos = apiDeps().repos;
  stopped = [];
  enqueued = [];
  await seedCampaign(repos);
  const seeded = await seedBatch(repos);
  batchId = seeded.batchId;
  candidateId = seeded.candidateIds[0] ?? '';
  await repos.candidates.setRouting(candidateId, {
    policyId: CAMPAIGN.policyId,
    policyVersion: '1.0.0',
    departments: ['court', 'tax', 'petitions'],
  });
  await seedTask(repos, candidateId, 'court');
  await seedTask(repos, candidateId, 'petitions');
  expect(
    await answerTask(deps(), {
      caller: caller({ departments: ['petitions'] }),
      taskId: `${candidateId}~petitions`,
      answer: { status: 'clear', findings: [] },
    }),
  ).toMatchObject({ kind: 'answered' });
});

describe('a township withdrawing a candidate (撤回)', () => {
  it('stops the review, closes only the open tasks, refuses a later answer, and shows 已撤回 on the batch page, report and feedback list', async () => {
    const result = await withdraw();
    expect(result).toMatchObject({ withdrawal: { candidateId, township: TOWNSHIP }, cancelledTasks: ['court'], stopped: true });
    expect(stopped).toEqual([`${CAMPAIGN.id}--${candidateId}`]);
    // Withdrawn undecided: counted, so the batch completes once the other candidate is decided.
    expect((await repos.batches.get(batchId))?.decided).toBe(1);
    expect((await repos.tasks.get(candidateId, 'court'))?.status).toBe('cancelled');
    expect((await repos.tasks.get(candidateId, 'petitions'))?.status).toBe('answered');
    expect((await repos.tasks.listInbox('court', 'open')).map((t) => t.candidateId)).not.toContain(candidateId);
    expect(
      await answerTask(deps(), { caller: COURT, taskId: `${candidateId}~court`, answer: { status: 'clear', findings: [] } }),
    ).toMatchObject({
      kind: 'conflict',
      detail: { code: 'TASK_CANCELLED' },
    });

    const detail = await batchDetail(deps(), { caller: TOWN, batchId });
    if ('kind' in detail) throw new Error(detail.message);
    expect(detail.candidates.find((c) => c.candidateId === candidateId)).toMatchObject({
      status: 'withdrawn',
      statusLabel: '已撤回',
      withdrawal: { reason: '经联审发现该人选存在不宜提名情形', replacedBy: null },
      replaces: null,
    });
    const report = await exportReport(deps(), { caller: ORGDEPT, campaignId: CAMPAIGN.id, format: 'json' });
    if ('kind' in report) throw new Error(report.message);
    expect(report.rows.find((r) => r.candidateId === candidateId)).toMatchObject({
      status: 'withdrawn',
      conclusion: '已撤回',
      mayStand: false,
    });
    expect(report.totals).toMatchObject({ withdrawn: 1 });
    const board = await dashboard(deps(), { campaignId: CAMPAIGN.id });
    if ('kind' in board) throw new Error(board.message);
    expect(board.funnel).toMatchObject({ submitted: 2, withdrawn: 1, reviewing: 1, decided: 0 });
    const feedback = await batchFeedback(deps(), { caller: TOWN, batchId });
    if ('kind' in feedback) throw new Error(feedback.message);
    expect(feedback.rows.find((r) => r.candidateId === candidateId)).toMatchObject({ status: 'withdrawn', conclusion: '已撤回' });

    const events = await repos.audit.listByCandidate(candidateId);
    expect(events.at(-1)).toMatchObject({ type: 'withdrawn', data: { cancelledTasks: ['court'], replacedBy: null } });
    expect(verifyChain(events).ok).toBe(true);
  });

  it('is refused to another township, without a reason, and a second time', async () => {
    expect(await withdraw({ caller: OTHER_TOWN })).toMatchObject({ kind: 'forbidden' });
    expect(await withdraw({ reason: '不要' })).toMatchObject({ kind: 'invalid', code: 'REASON_REQUIRED' });
    expect(await withdraw()).toMatchObject({ withdrawal: { candidateId } });
    expect(await withdraw()).toMatchObject({ kind: 'conflict', detail: { code: 'CANDIDATE_WITHDRAWN' } });
    // Nothing more to dispute once withdrawn.
    expect(await openDispute(deps(), { caller: TOWN, candidateId, reason: '请求复核该人选的结论', attachments: [] })).toMatchObject({
      kind: 'conflict',
      detail: { code: 'CANDIDATE_WITHDRAWN' },
    });
  });
});

describe('a township proposing a replacement (替换人选)', () => {
  const replace = (candidates = file(ZHANG)) =>
    replaceCandidate(deps(), {
      caller: TOWN,
      candidateId,
      reason: '原人选存在不宜提名情形，另提人选',
      idempotencyKey: 'replace-key-1',
      candidates,
    });

  it('vets the new candidate in a batch of one and links the two both ways', async () => {
    const result = await replace();
    if ('kind' in result) throw new Error(result.message);
    const replacementId = result.replacement.candidateId;
    expect(result).toMatchObject({ withdrawal: { candidateId, replacedBy: replacementId }, replacement: { batchId: 'b-replacement' } });
    expect(enqueued).toEqual([{ campaignId: CAMPAIGN.id, batchId: 'b-replacement', candidateId: replacementId }]);
    expect((await repos.candidates.getDossier(replacementId))?.village).toBe('檀枫社区');
    const old = await batchDetail(deps(), { caller: TOWN, batchId });
    if ('kind' in old) throw new Error(old.message);
    expect(old.candidates.find((c) => c.candidateId === candidateId)).toMatchObject({
      status: 'withdrawn',
      withdrawal: { replacedBy: replacementId },
    });
    const fresh = await batchDetail(deps(), { caller: TOWN, batchId: 'b-replacement' });
    if ('kind' in fresh) throw new Error(fresh.message);
    expect(fresh.candidates).toMatchObject([
      { candidateId: replacementId, name: '张伟', status: 'reviewing', replaces: candidateId, withdrawal: null },
    ]);
    const events = await repos.audit.listByCandidate(replacementId);
    expect(events.map((e) => e.type)).toEqual(['submitted', 'replacement']);
    expect(events[1]?.data).toEqual({ replaces: candidateId, township: TOWNSHIP });
    expect(verifyChain(events).ok).toBe(true);
  });

  it('refuses a file with errors, more than one row, or another village, writing nothing', async () => {
    const before = repos.snapshot();
    expect(await replace(file(ZHANG.replace('330902199008210854', '330902199008210855')))).toMatchObject({ kind: 'rejected' });
    expect(await replace(file(ZHANG, LIU))).toMatchObject({ kind: 'invalid', code: 'REPLACEMENT_ONE_ROW' });
    expect(await replace(file(ZHANG.replace('檀枫社区', '海山社区')))).toMatchObject({
      kind: 'invalid',
      code: 'REPLACEMENT_OTHER_VILLAGE',
    });
    expect(repos.snapshot()).toBe(before);
    expect(enqueued).toEqual([]);
  });
});

describe('a replacement sent again with its Idempotency-Key', () => {
  const reason = '原人选存在不宜提名情形，另提人选';
  const replace = (over: Partial<Parameters<typeof replaceCandidate>[1]> = {}) =>
    replaceCandidate(deps(), { caller: TOWN, candidateId, reason, idempotencyKey: 'replace-key-1', candidates: file(ZHANG), ...over });

  it('answers the same key and body with the first result, replayed, and writes nothing new', async () => {
    const first = await replace();
    if (isRefusal(first)) throw new Error(first.message);
    expect(first.replayed).toBe(false);
    const before = repos.snapshot();
    const again = await replace({ candidates: { ...file(ZHANG), filename: '另一个文件名.csv' } });
    expect(again).toEqual({ ...first, replayed: true });
    expect(repos.snapshot()).toBe(before);
    expect((await repos.audit.listByCandidate(candidateId)).filter((e) => e.type === 'withdrawn')).toHaveLength(1);
  });

  it('refuses the same key with another file, another reason or for another candidate, and a new key on the withdrawn candidate', async () => {
    await replace();
    const before = repos.snapshot();
    expect(await replace({ candidates: file(LIU.replace('2,', '1,')) })).toMatchObject({ kind: 'conflict' });
    expect(await replace({ reason: '另一个不同的撤回理由' })).toMatchObject({ kind: 'conflict' });
    expect(await replace({ idempotencyKey: 'replace-key-2' })).toMatchObject({ kind: 'conflict', detail: { code: 'CANDIDATE_WITHDRAWN' } });
    expect(repos.snapshot()).toBe(before);
  });

  it('finishes on a replay a first attempt that stopped after storing the withdrawal', async () => {
    const append = repos.audit.append.bind(repos.audit);
    let failWithdrawn = true;
    repos.audit.append = async (input, opts) => {
      if (input.type === 'withdrawn' && failWithdrawn) {
        failWithdrawn = false;
        throw new Error('store unavailable');
      }
      return append(input, opts);
    };
    await expect(replace()).rejects.toThrow('store unavailable');
    const again = await replace();
    if (isRefusal(again)) throw new Error(again.message);
    expect(again).toMatchObject({ replayed: true, withdrawal: { candidateId } });
    expect((await repos.audit.listByCandidate(candidateId)).map((e) => e.type)).toContain('withdrawn');
    expect((await repos.audit.listByCandidate(again.replacement.candidateId)).map((e) => e.type)).toEqual(['submitted', 'replacement']);
  });
});
