// Corrections and disputes on the in-memory store: who may do them, what each refuses, and what
// the candidate's result becomes (decided again after a correction; 复核中 while disputed).
import { beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../shared/app/access.js';
import { answerTask } from '../../shared/app/answer-task.js';
import { correctAnswer } from '../../shared/app/correct-answer.js';
import { dashboard } from '../../shared/app/dashboard.js';
import { batchFeedback } from '../../shared/app/feedback.js';
import { exportReport } from '../../shared/app/report.js';
import { decideCandidate } from '../../shared/app/decide.js';
import { openDispute } from '../../shared/app/open-dispute.js';
import { recordDecision } from '../../shared/app/record-decision.js';
import { ruleDispute } from '../../shared/app/rule-dispute.js';
import { rule } from '../../shared/app/rule.js';
import { sealedEvents } from '../../shared/domain/audit/answers.js';
import { SealedAnswers } from '../../shared/domain/audit/events.js';
import { recordObjection, recordObjectionOutcome } from '../../shared/app/objections.js';
import type { Executions } from '../../shared/app/ports.js';
import { openPublicity } from '../../shared/app/publicity.js';
import { referred } from '../../shared/app/referred.js';
import { isRefusal } from '../../shared/app/refusals.js';
import { requestRecheck } from '../../shared/app/request-recheck.js';
import { reviseRuling } from '../../shared/app/revise-ruling.js';
import { builtInPolicy } from '../../shared/adapters/files/policy-files.js';
import { shownStatus } from '../../shared/domain/review-changes.js';
import type { MemoryRepositories } from '../adapters/memory-repositories.js';
import { apiDeps, CAMPAIGN, OTHER_TOWNSHIP, seedBatch, seedCampaign, seedTask, TOWNSHIP } from '../functions/api/support.js';
import { answerEventsOf } from '../adapters/samples.js';

const metrics = { count: () => undefined };
const FRIDAY = new Date('2026-04-10T02:00:00.000Z');
let clock = FRIDAY;
const now = () => clock;
const callbacks = { succeed: async () => 'sent' as const, fail: async () => 'sent' as const };
const caller = (c: Partial<Caller>): Caller => ({ userId: 'u-1', username: 'u1', townships: [], departments: [], orgdept: false, ...c });
const COURT = caller({ userId: 'u-court', departments: ['court'] });
const OTHER_DEPT = caller({ userId: 'u-prosecutor', departments: ['procuratorate'] });
const TOWN = caller({ userId: 'u-town', townships: [TOWNSHIP] });
const OTHER_TOWN = caller({ userId: 'u-other-town', townships: [OTHER_TOWNSHIP] });
const ORGDEPT = caller({ userId: 'u-org', orgdept: true });
const BAR = {
  status: 'findings' as const,
  findings: [{ category: '刑事处罚', startDate: '2024-01-10', documentNumber: '（2024）定刑初字第3号' }],
};
const CLEAR = { status: 'clear' as const, findings: [] };
const CONCERN = {
  status: 'findings' as const,
  findings: [{ category: '违法用地', startDate: '2024-01-10', status: '未整改', documentNumber: '定自然罚〔2024〕3号' }],
};

let repos: MemoryRepositories;
let candidateId: string;
let batchId: string;
let started: string[] = [];
const executions: Executions = {
  start: async (e) => {
    started.push(e.name);
    return 'started';
  },
  stop: async () => 'notRunning',
};
const deps = () => ({ repos, now, metrics, callbacks, executions });

/** Every department but court answers clear; court answers `court` through its task. */
async function decidedWith(court: typeof BAR | typeof CLEAR | typeof CONCERN) {
  for (const d of builtInPolicy(CAMPAIGN.policyId).departments.filter((x) => x.code !== 'court')) {
    await repos.verdicts.putAnswer({
      campaignId: CAMPAIGN.id,
      candidateId,
      department: d.code,
      status: 'clear',
      findings: [],
      answeredAt: '2026-04-09T00:00:00.000Z',
    });
    await repos.verdicts.markResultSent(candidateId, d.code, 'h', '2026-04-09T00:00:00.000Z');
  }
  const answered = await answerTask(deps(), { caller: COURT, taskId: `${candidateId}~court`, answer: court });
  expect(answered).toMatchObject({ kind: 'answered' });
  const ref = { campaignId: CAMPAIGN.id, batchId, candidateId };
  return recordDecision(deps(), { ...ref, decision: await decideCandidate(deps(), ref) });
}

const correction = (over: Partial<Parameters<typeof correctAnswer>[1]> = {}) =>
  correctAnswer(deps(), {
    caller: COURT,
    taskId: `${candidateId}~court`,
    answer: CLEAR,
    reason: '原答复误报',
    documentNumber: '定法更〔2026〕1号',
    ...over,
  });

beforeEach(async () => {
  repos = apiDeps().repos;
  await seedCampaign(repos);
  const seeded = await seedBatch(repos);
  batchId = seeded.batchId;
  candidateId = seeded.candidateIds[0] ?? '';
  await seedTask(repos, candidateId, 'court');
  started = [];
  clock = FRIDAY;
});

describe('a department correcting its answer', () => {
  it('turns 不通过 into 通过 on a new decision version, keeping the earlier answer and both answers in the trail', async () => {
    expect(await decidedWith(BAR)).toMatchObject({ outcome: 'disqualified', version: 1 });
    const result = await correction();
    expect(result).toMatchObject({
      verdict: { status: 'clear' },
      previous: { status: 'findings' },
      decision: { outcome: 'cleared', version: 2 },
    });
    expect((await repos.decisions.get(candidateId))?.finalStatus).toBe('cleared');
    const report = await exportReport(deps(), { caller: ORGDEPT, campaignId: CAMPAIGN.id, format: 'json' });
    if ('kind' in report) throw new Error(report.message);
    expect(report.rows.find((r) => r.candidateId === candidateId)?.reasons).toContain('区法院已更正答复（依据 定法更〔2026〕1号）');
    const stored = await repos.verdicts.get(candidateId, 'court');
    expect(stored?.corrections?.map((c) => [c.previous.status, c.correction.documentNumber])).toEqual([['findings', '定法更〔2026〕1号']]);
    const chain = await repos.audit.listByCandidate(candidateId);
    expect(chain.map((e) => e.type).filter((t) => t === 'answered' || t === 'corrected' || t === 'decided')).toEqual([
      'decided',
      'corrected',
      'decided',
    ]);
    // The first answer is its own event, sealed by the decision before the correction.
    const answers = await answerEventsOf(repos, candidateId);
    expect(answers.filter((e) => e.data['department'] === 'court').map((e) => e.data['result'])).toEqual(['findings']);
    const sealedBy = SealedAnswers.parse(chain.find((e) => e.type === 'decided')?.data['answers']);
    const courtHash = answers.find((e) => e.data['department'] === 'court')?.hash ?? 'none';
    expect(sealedEvents(sealedBy).some((e) => e.department === 'court' && courtHash.startsWith(e.hash))).toBe(true);
  });

  it('is refused for another department, an unanswered task, a missing reason or 文号, a same answer, and once the 公示 has opened', async () => {
    expect(await correction({ caller: OTHER_DEPT })).toMatchObject({ kind: 'forbidden' });
    expect(await correction()).toMatchObject({ kind: 'conflict', detail: { code: 'TASK_NOT_ANSWERED' } });
    await decidedWith(BAR);
    expect(await correction({ reason: ' ' })).toMatchObject({ kind: 'invalid', field: 'reason', code: 'REASON_REQUIRED' });
    expect(await correction({ documentNumber: '' })).toMatchObject({ kind: 'invalid', field: 'documentNumber' });
    expect(await correction({ answer: BAR })).toMatchObject({ kind: 'conflict', detail: { code: 'SAME_ANSWER' } });
    const stored = await repos.campaigns.get(CAMPAIGN.id);
    if (stored === undefined) throw new Error('no campaign');
    const schedule = { resultsDueDaysBefore: 5, publicityDays: 3, departmentDays: {}, publicityStart: '2026-04-10' };
    await repos.campaigns.update(
      { ...stored.campaign, schedule },
      { expectedRevision: stored.revision ?? 0, updatedAt: now().toISOString(), updatedBy: 'org' },
    );
    expect(await correction()).toMatchObject({ kind: 'conflict', detail: { code: 'RESULTS_FINAL' } });
  });
});

describe('a township disputing a decision', () => {
  const dispute = (over: Partial<Parameters<typeof openDispute>[1]> = {}) =>
    openDispute(deps(), { caller: TOWN, candidateId, reason: '该记录已被撤销，请求复核', attachments: [], ...over });

  it('holds a referral ruling while the dispute is open, and takes it once the dispute is ruled', async () => {
    const decided = await decidedWith(CONCERN);
    expect(decided).toMatchObject({ outcome: 'referred' });
    expect(await dispute()).toMatchObject({ dispute: { status: 'open' } });
    const ruling = { caller: ORGDEPT, candidateId, outcome: 'uphold' as const, justification: '经研判可以提名' };
    expect(await rule(deps(), ruling)).toMatchObject({ kind: 'conflict', detail: { code: 'DECISION_DISPUTED' } });
    expect(await ruleDispute(deps(), { caller: ORGDEPT, candidateId, result: 'maintain', reason: '维持待研判' })).toMatchObject({
      dispute: { status: 'ruled' },
    });
    expect(await rule(deps(), ruling)).toMatchObject({ created: true, finalStatus: 'cleared' });
  });

  it('freezes it as 复核中 until 改变结论 gives the new result', async () => {
    await decidedWith(BAR);
    const opened = await dispute({ attachments: [{ filename: '撤销决定.pdf', sha256: 'a'.repeat(64), bytes: 1200 }] });
    expect(opened).toMatchObject({ dispute: { status: 'open', disputedStatus: 'disqualified', decisionVersion: 1 } });
    const stored = await repos.decisions.get(candidateId);
    expect(shownStatus(stored?.finalStatus ?? 'incomplete', stored?.version ?? 0, await repos.disputes.get(candidateId))).toBe('disputed');
    expect(await correction()).toMatchObject({ kind: 'conflict', detail: { code: 'DECISION_DISPUTED' } });

    expect(await ruleDispute(deps(), { caller: ORGDEPT, candidateId, result: 'change', reason: '经复核记录已撤销' })).toMatchObject({
      kind: 'invalid',
      field: 'outcome',
    });
    const ruled = await ruleDispute(deps(), {
      caller: ORGDEPT,
      candidateId,
      result: 'change',
      outcome: 'cleared',
      reason: '经复核记录已撤销',
    });
    expect(ruled).toMatchObject({ status: 'cleared', dispute: { status: 'ruled', ruling: { result: 'change', outcome: 'cleared' } } });
    const types = (await repos.audit.listByCandidate(candidateId)).map((e) => e.type);
    expect(types.slice(-2)).toEqual(['disputed', 'dispute_ruled']);
  });

  it('keeps a disputed 通过 off the 公示 list as 复核中 in the report and the feedback list, and back on it after 维持原结论', async () => {
    await decidedWith(CLEAR);
    const rowOf = async () => {
      const report = await exportReport(deps(), { caller: ORGDEPT, campaignId: CAMPAIGN.id, format: 'json' });
      if ('kind' in report) throw new Error(report.message);
      return report.rows.find((r) => r.candidateId === candidateId);
    };
    expect(await rowOf()).toMatchObject({ status: 'cleared', mayStand: true });
    await dispute();
    expect(await rowOf()).toMatchObject({ status: 'disputed', conclusion: '复核中', mayStand: false });
    const feedback = await batchFeedback(deps(), { caller: TOWN, batchId });
    if ('kind' in feedback) throw new Error(feedback.message);
    expect(feedback.rows.find((r) => r.candidateId === candidateId)).toMatchObject({ conclusion: '复核中', mayStand: false });
    expect(feedback.totals).toMatchObject({ disputed: 1 });
    const board = await dashboard(deps(), { campaignId: CAMPAIGN.id });
    if ('kind' in board) throw new Error(board.message);
    expect(board.funnel).toMatchObject({ disputed: 1, cleared: 0 });
    await ruleDispute(deps(), { caller: ORGDEPT, candidateId, result: 'maintain', reason: '经复核维持原结论' });
    expect(await rowOf()).toMatchObject({ status: 'cleared', mayStand: true });
  });

  it('is refused for another township, without a reason, on a decision already disputed, and before any decision', async () => {
    expect(await dispute()).toMatchObject({ kind: 'notFound' });
    await decidedWith(BAR);
    expect(await dispute({ caller: OTHER_TOWN })).toMatchObject({ kind: 'forbidden' });
    expect(await dispute({ caller: ORGDEPT })).toMatchObject({ kind: 'forbidden' });
    expect(await dispute({ reason: '不服' })).toMatchObject({ kind: 'invalid', field: 'reason', code: 'REASON_REQUIRED' });
    expect(await dispute()).toMatchObject({ dispute: { status: 'open' } });
    expect(await dispute()).toMatchObject({ kind: 'conflict', detail: { code: 'DISPUTE_OPEN' } });
    expect(await ruleDispute(deps(), { caller: TOWN, candidateId, result: 'maintain', reason: '经复核维持原结论' })).toMatchObject({
      kind: 'forbidden',
    });
    expect(await ruleDispute(deps(), { caller: ORGDEPT, candidateId, result: 'maintain', reason: '经复核维持原结论' })).toMatchObject({
      status: 'disqualified',
    });
    expect(await dispute()).toMatchObject({ kind: 'conflict', detail: { code: 'DISPUTE_ALREADY_RULED' } });
    expect(await ruleDispute(deps(), { caller: ORGDEPT, candidateId, result: 'maintain', reason: '经复核维持原结论' })).toMatchObject({
      kind: 'conflict',
      detail: { code: 'DISPUTE_NOT_OPEN' },
    });
  });
});

describe('a candidate on a 公示 list', () => {
  /** Referred on the court's concern, ruled 通过, with the court's routing (for 发回重审). */
  async function ruledCleared() {
    expect(await decidedWith(CONCERN)).toMatchObject({ outcome: 'referred' });
    expect(await rule(deps(), { caller: ORGDEPT, candidateId, outcome: 'uphold', justification: '经研判可以提名' })).toMatchObject({
      finalStatus: 'cleared',
    });
    await repos.candidates.setRouting(candidateId, { policyId: CAMPAIGN.policyId, policyVersion: '1.0.0', departments: ['court'] });
  }
  const revision = () =>
    reviseRuling(deps(), {
      caller: ORGDEPT,
      candidateId,
      outcome: 'disqualify',
      justification: '经研判不宜提名',
      reason: '补充材料表明不宜提名',
    });
  const recheck = (objectionSeq?: number) =>
    requestRecheck(deps(), {
      caller: ORGDEPT,
      candidateId,
      department: 'court',
      reason: '请重新核查该人选',
      ...(objectionSeq === undefined ? {} : { objectionSeq }),
    });
  const revisable = async () => {
    const list = await referred(deps(), { campaignId: CAMPAIGN.id });
    if (isRefusal(list)) throw new Error(list.message);
    return list.ruled.find((r) => r.candidateId === candidateId)?.revisable;
  };

  it('is final from the opening: a correction, a revised ruling and a re-check asked on its own are refused with RESULTS_FINAL', async () => {
    await ruledCleared();
    expect(await revisable()).toBe(true);
    // The campaign's own 公示 start is not set: the opening of the candidate's period is what counts.
    expect((await repos.campaigns.get(CAMPAIGN.id))?.campaign.schedule?.publicityStart).toBeUndefined();
    const opened = await openPublicity(deps(), { caller: ORGDEPT, campaignId: CAMPAIGN.id, candidateIds: [candidateId] });
    expect(opened).toMatchObject({ period: { periodId: 'P1', candidateIds: [candidateId] } });
    const refused = {
      kind: 'conflict',
      message: expect.stringMatching(/^该人选已列入公示（2026-04-10 至 2026-04-1\d），联审结果已确定，不能再/),
      detail: { code: 'RESULTS_FINAL', periodId: 'P1' },
    };
    expect(await correction({ answer: BAR })).toMatchObject({ ...refused, message: expect.stringContaining('不能再更正答复') });
    expect(await revision()).toMatchObject({ ...refused, message: expect.stringContaining('不能再修改研判结论') });
    expect(await recheck()).toMatchObject({ ...refused, message: expect.stringContaining('不能再发回重审') });
    expect(await revisable()).toBe(false);
    // Nothing changed: the verdict, the ruling and the decision are those from before the opening.
    expect((await repos.verdicts.get(candidateId, 'court'))?.corrections).toBeUndefined();
    expect((await repos.rulings.get(candidateId))?.outcome).toBe('uphold');
    expect((await repos.decisions.get(candidateId))?.finalStatus).toBe('cleared');
    expect(started).toEqual([]);
  });

  it('still takes an objection found true during the period: the department is sent back, and the ruling may be revised once after it', async () => {
    await ruledCleared();
    await openPublicity(deps(), { caller: ORGDEPT, campaignId: CAMPAIGN.id, candidateIds: [candidateId] });
    clock = new Date('2026-04-10T03:00:00.000Z');
    const objection = await recordObjection(deps(), {
      caller: ORGDEPT,
      candidateId,
      reporter: null,
      channel: 'letter',
      content: '反映该人选有未结案件',
      receivedAt: '2026-04-10T01:00:00.000Z',
    });
    expect(objection).toMatchObject({ objection: { seq: 1, status: 'open' } });
    expect(
      await recordObjectionOutcome(deps(), {
        caller: ORGDEPT,
        candidateId,
        seq: 1,
        checked: '经核查，该人选确有未结案件',
        result: 'founded',
        action: 'recheck',
        department: 'court',
      }),
    ).toMatchObject({ objection: { outcome: { action: 'recheck', recheckSequence: 1 } }, recheckStarted: true });
    expect(started).toHaveLength(1);
    // The re-check may call for a new ruling: one revision after the objection, not more.
    clock = new Date('2026-04-13T02:00:00.000Z');
    expect(await revision()).toMatchObject({ ruling: { outcome: 'disqualify' }, finalStatus: 'disqualified' });
    clock = new Date('2026-04-13T03:00:00.000Z');
    expect(
      await reviseRuling(deps(), {
        caller: ORGDEPT,
        candidateId,
        outcome: 'uphold',
        justification: '经研判可以提名',
        reason: '再次修改研判结论',
      }),
    ).toMatchObject({ kind: 'conflict', detail: { code: 'RESULTS_FINAL' } });
  });
});
