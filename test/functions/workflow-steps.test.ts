// The Lambda tasks of the state machine: LoadRouting, RecordOverdue/RecordDeclined, Decide,
// RecordDecision and CountBatchProgress, and RecordFailure (fed by EventBridge), over in-memory
// repositories.
import './handler-env.js';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { createBatchProgressHandler } from '../../functions/batch-progress.js';
import { createDecideHandler } from '../../functions/decide.js';
import { createLoadRoutingHandler, secondsUntil } from '../../functions/load-routing.js';
import { createRecordDecisionHandler } from '../../functions/record-decision.js';
import { createRecordFailureHandler } from '../../functions/record-failure.js';
import { createRecordOverdueHandler } from '../../functions/record-overdue.js';
import { METRIC, metrics } from '../../shared/adapters/powertools.js';
import { builtInPolicy } from '../../shared/adapters/files/policy-files.js';
import { memoryRepositories, type MemoryRepositories } from '../adapters/memory-repositories.js';
import { candidateRow, clearIdNumbersIn, ID_RELATIVE, newBatch } from '../adapters/samples.js';
import { computeCheckDigit } from '../../shared/domain/idcard.js';
import { FIXED_NOW, lambdaContext, seedCampaignAndBatch } from './pipeline-fixtures.js';

let repos: MemoryRepositories;
let ids: string[];
const deps = () => ({ repos: async () => repos, now: () => FIXED_NOW });
const ctx = lambdaContext('step');
const id = (i: number): string => ids[i] ?? '';

async function answerAll(candidateId: string, status: 'clear' | 'findings' = 'clear'): Promise<void> {
  const routing = await repos.candidates.getRouting(candidateId);
  for (const department of routing?.departments ?? []) {
    await repos.verdicts.putAnswer({ campaignId: 'c1', candidateId, department, status, findings: [], source: 'portal' });
    await repos.verdicts.markResultSent(candidateId, department, 'h', FIXED_NOW.toISOString());
  }
}

beforeEach(async () => {
  repos = memoryRepositories();
  ids = await seedCampaignAndBatch(repos);
  vi.restoreAllMocks();
});

describe('load-routing', () => {
  it('gives every department its deadline in working days on the official calendar, ending at the end of a Beijing working day', async () => {
    // FIXED_NOW is Tuesday 2026-11-10 10:00 in Beijing; 区法院 (court) has 5 working days, 区信访局 (petitions) 7.
    const handler = createLoadRoutingHandler(deps());
    const result = await handler({ campaignId: 'c1', batchId: 'b-one', candidateId: id(0) }, ctx);
    const policy = builtInPolicy('dinghai-2017');
    expect(result).toMatchObject({ policyId: 'dinghai-2017', policyVersion: policy.version });
    expect(result.departments.map((d) => d.code)).toEqual(policy.departments.map((d) => d.code));
    const court = result.departments.find((d) => d.code === 'court');
    expect(policy.departments.find((d) => d.code === 'court')?.slaDays).toBe(5);
    // Wed 11, Thu 12, Fri 13, Mon 16, Tue 17: due at the end of Tuesday 2026-11-17 in Beijing.
    expect(court).toEqual({
      code: 'court',
      dueAt: '2026-11-17T16:00:00.000Z',
      timeoutSeconds: 7 * 86400 + 14 * 3600,
      assumedYears: [],
      recheck: 0,
    });
    for (const d of result.departments) {
      expect(d.timeoutSeconds).toBe(secondsUntil(d.dueAt, FIXED_NOW));
      expect(Number.isInteger(d.timeoutSeconds) && d.timeoutSeconds > 0).toBe(true);
    }
    expect((await repos.candidates.getRouting(id(0)))?.departments).toHaveLength(policy.departments.length);
  });

  it('counts the campaign’s own working days for a department, skips 国庆, and says when a year had to be assumed', async () => {
    const stored = await repos.campaigns.get('c1');
    if (stored === undefined) throw new Error('no campaign');
    await repos.campaigns.update(
      { ...stored.campaign, schedule: { resultsDueDaysBefore: 5, publicityDays: 3, departmentDays: { court: 3 } } },
      { updatedAt: 'x', updatedBy: 'u', expectedRevision: 0 },
    );
    // Sent on Tuesday 2026-09-29: 30th, then 国庆 1–7 October, then Thu 8 and Fri 9 October.
    const autumn = createLoadRoutingHandler({ repos: async () => repos, now: () => new Date('2026-09-29T01:00:00.000Z') });
    const court = (await autumn({ campaignId: 'c1', batchId: 'b-one', candidateId: id(0) }, ctx)).departments.find(
      (d) => d.code === 'court',
    );
    expect(court).toMatchObject({ dueAt: '2026-10-09T16:00:00.000Z', assumedYears: [] });
    // Sent on Wednesday 2026-12-30: 31st, then 2027 has no arrangement entered yet (Mon–Fri assumed).
    const winter = createLoadRoutingHandler({ repos: async () => repos, now: () => new Date('2026-12-30T01:00:00.000Z') });
    const late = (await winter({ campaignId: 'c1', batchId: 'b-one', candidateId: id(0) }, ctx)).departments.find(
      (d) => d.code === 'court',
    );
    expect(late).toMatchObject({ dueAt: '2027-01-04T16:00:00.000Z', assumedYears: [2027] });
    // Once the organization department enters 2027 (元旦 1 January off), the deadline follows it.
    await repos.holidays.put({
      year: { year: 2027, source: '测试通知', holidays: ['2027-01-01'], workdays: [] },
      notes: {},
      updatedAt: 'x',
      updatedBy: 'u',
    });
    const entered = (await winter({ campaignId: 'c1', batchId: 'b-one', candidateId: id(0) }, ctx)).departments.find(
      (d) => d.code === 'court',
    );
    expect(entered).toMatchObject({ dueAt: '2027-01-05T16:00:00.000Z', assumedYears: [] });
  });

  it('sends a candidate who is not a Party member to every department the plan names, 纪检 included', async () => {
    repos = memoryRepositories();
    ids = await seedCampaignAndBatch(repos, 'duting-2015');
    const handler = createLoadRoutingHandler(deps());
    const member = await handler({ campaignId: 'c1', batchId: 'b-one', candidateId: id(0) }, ctx);
    const nonMember = await handler({ campaignId: 'c1', batchId: 'b-one', candidateId: id(1) }, ctx);
    expect(member.departments.map((d) => d.code)).toContain('discipline');
    expect(nonMember.departments.map((d) => d.code)).toContain('discipline');
  });

  it('rejects an event without a candidate id', async () => {
    const handler = createLoadRoutingHandler(deps());
    await expect(handler({ campaignId: 'c1', batchId: 'b-one' }, ctx)).rejects.toThrow(/candidateId/);
  });

  it('never turns a deadline into a zero or over-long timeout', () => {
    const now = new Date('2026-11-10T02:00:00.000Z');
    expect(secondsUntil('2026-11-10T02:00:00.500Z', now)).toBe(1);
    expect(secondsUntil('2026-11-17T16:00:00.000Z', now)).toBe(655200);
    expect(() => secondsUntil('2026-11-10T02:00:00.000Z', now)).toThrow(/not after/);
    expect(() => secondsUntil('2027-12-01T00:00:00.000Z', now)).toThrow(/one-year/);
  });
});

describe('record-overdue', () => {
  const event = (department: string, status: 'overdue' | 'declined' = 'overdue') => ({
    campaignId: 'c1',
    candidateId: id(0),
    department,
    status,
  });

  it('does not overwrite a confirmed answer', async () => {
    await repos.verdicts.putAnswer({
      campaignId: 'c1',
      candidateId: id(0),
      department: 'court',
      status: 'findings',
      findings: [{ category: '刑事处罚' }],
      source: 'extract',
    });
    await repos.verdicts.markResultSent(id(0), 'court', 'h', FIXED_NOW.toISOString());
    const spy = vi.spyOn(metrics, 'addMetric');
    const result = await createRecordOverdueHandler(deps())(event('court'), ctx);
    expect(result).toEqual({ department: 'court', status: 'findings' });
    expect((await repos.verdicts.get(id(0), 'court'))?.verdict.status).toBe('findings');
    expect(spy).not.toHaveBeenCalledWith(METRIC.OverdueTasks, expect.anything(), expect.anything());
    expect((await repos.audit.listByCandidate(id(0))).map((e) => e.type)).toEqual([]);
  });

  it('replaces an unconfirmed answer, marks the task overdue, audits once and emits OverdueTasks', async () => {
    await repos.tasks.open({
      campaignId: 'c1',
      candidateId: id(0),
      department: 'petitions',
      taskToken: 't',
      createdAt: 'x',
      deadline: '2026-11-17T00:00:00.000Z',
      hints: [],
      candidate: { name: '王一', idMasked: 'm', township: 't', village: 'v', post: '村(居)委会委员' },
    });
    await repos.verdicts.putAnswer({
      campaignId: 'c1',
      candidateId: id(0),
      department: 'petitions',
      status: 'clear',
      findings: [],
      source: 'portal',
    });
    const spy = vi.spyOn(metrics, 'addMetric');
    const handler = createRecordOverdueHandler(deps());
    expect(await handler(event('petitions'), ctx)).toEqual({ department: 'petitions', status: 'overdue' });
    expect(await handler(event('petitions'), ctx)).toEqual({ department: 'petitions', status: 'overdue' });
    const stored = await repos.verdicts.get(id(0), 'petitions');
    expect(stored).toMatchObject({ verdict: { status: 'overdue', source: 'timeout' }, lateAnswer: { status: 'clear' } });
    expect((await repos.tasks.get(id(0), 'petitions'))?.status).toBe('overdue');
    expect((await repos.audit.listByCandidate(id(0))).map((e) => e.type)).toEqual(['overdue']);
    expect(spy.mock.calls.filter(([name]) => name === METRIC.OverdueTasks)).toHaveLength(1);
  });

  it('records a declined department', async () => {
    const result = await createRecordOverdueHandler(deps())(event('health', 'declined'), ctx);
    expect(result).toEqual({ department: 'health', status: 'declined' });
    expect((await repos.verdicts.get(id(0), 'health'))?.verdict.status).toBe('declined');
  });
});

describe('decide and record-decision', () => {
  it('clears a candidate every routed department cleared, and records the decision once', async () => {
    await createLoadRoutingHandler(deps())({ campaignId: 'c1', batchId: 'b-one', candidateId: id(2) }, ctx);
    await answerAll(id(2));
    const decision = await createDecideHandler(deps())({ campaignId: 'c1', batchId: 'b-one', candidateId: id(2) }, ctx);
    expect(decision).toMatchObject({ outcome: 'cleared', candidateId: id(2), campaignId: 'c1', reasons: [], unanswered: [] });
    expect(clearIdNumbersIn(JSON.stringify(decision))).toEqual([]);

    const record = createRecordDecisionHandler(deps());
    const event = { campaignId: 'c1', batchId: 'b-one', candidateId: id(2), decision };
    expect(await record(event, ctx)).toMatchObject({ outcome: 'cleared', version: 1, changed: true });
    // A retry (same content, later timestamp) writes nothing and audits nothing new.
    expect(await record({ ...event, decision: { ...decision, decidedAt: '2026-11-11T00:00:00.000Z' } }, ctx)).toMatchObject({
      version: 1,
      changed: false,
    });
    expect(repos.counters.decisionWrites).toBe(1);
    expect((await repos.audit.listByCandidate(id(2))).filter((e) => e.type === 'decided')).toHaveLength(1);
    expect((await repos.decisions.listByCampaign('c1', 'cleared')).map((d) => d.decision.candidateId)).toEqual([id(2)]);
  });

  it('takes the unit’s kind from the campaign’s village list: an old incumbent is referred in a 农村社区 only', async () => {
    // An incumbent man of 60 on the election day (dinghai-2017 二(二): 农村社区男57周岁以上…一般不宜留任).
    const first17 = '33090219660501001';
    const row = {
      ...candidateRow(1),
      idNumber: first17 + computeCheckDigit(first17),
      birth: '1966-05',
      incumbent: true,
      post: '党组织书记' as const,
    };
    const created = await repos.batches.create({ ...newBatch('b-kind', 'k-kind', 'd-kind'), candidates: [row], relatives: [] });
    const candidateId = created.candidateIds[0] ?? '';
    const decideFor = async (kind: '村' | '农村社区' | null) => {
      const stored = await repos.campaigns.get('c1');
      if (stored === undefined) throw new Error('no campaign');
      const villages = kind === null ? undefined : [{ name: '测试村', kind }];
      await repos.campaigns.update(
        { ...stored.campaign, townships: [{ code: 't-1', name: '测试镇', ...(villages === undefined ? {} : { villages }) }] },
        { updatedAt: 'x', updatedBy: 'u', expectedRevision: stored.revision ?? 0 },
      );
      await createLoadRoutingHandler(deps())({ campaignId: 'c1', batchId: 'b-kind', candidateId }, ctx);
      await answerAll(candidateId);
      return createDecideHandler(deps())({ campaignId: 'c1', batchId: 'b-kind', candidateId }, ctx);
    };
    const rural = await decideFor('农村社区');
    expect(rural.outcome).toBe('referred');
    expect(rural.reasons.map((r) => r.category)).toEqual(['农村社区现任男性57周岁以上一般不宜留任']);
    expect(rural.reasons[0]?.note ?? '').not.toContain('未登记');
    expect((await decideFor('村')).outcome).toBe('cleared');
    const unknown = await decideFor(null);
    expect(unknown.outcome).toBe('referred');
    expect(unknown.reasons[0]?.note).toContain('未登记该村(社区)是否为农村社区');
  });

  it('leaves a candidate incomplete while a routed department has not answered', async () => {
    await createLoadRoutingHandler(deps())({ campaignId: 'c1', batchId: 'b-one', candidateId: id(2) }, ctx);
    await repos.verdicts.recordUnanswered({
      campaignId: 'c1',
      candidateId: id(2),
      department: 'court',
      status: 'overdue',
      at: FIXED_NOW.toISOString(),
    });
    const decision = await createDecideHandler(deps())({ campaignId: 'c1', batchId: 'b-one', candidateId: id(2) }, ctx);
    expect(decision.outcome).toBe('incomplete');
    expect(decision.unanswered).toContainEqual({ department: 'court', status: 'overdue' });
  });

  it('replaces a decision whose content changed and audits the new version', async () => {
    await createLoadRoutingHandler(deps())({ campaignId: 'c1', batchId: 'b-one', candidateId: id(2) }, ctx);
    const decide = createDecideHandler(deps());
    const record = createRecordDecisionHandler(deps());
    const first = await decide({ campaignId: 'c1', batchId: 'b-one', candidateId: id(2) }, ctx);
    await record({ campaignId: 'c1', batchId: 'b-one', candidateId: id(2), decision: first }, ctx);
    await answerAll(id(2));
    const second = await decide({ campaignId: 'c1', batchId: 'b-one', candidateId: id(2) }, ctx);
    expect(await record({ campaignId: 'c1', batchId: 'b-one', candidateId: id(2), decision: second }, ctx)).toMatchObject({
      outcome: 'cleared',
      version: 2,
      changed: true,
    });
    expect((await repos.audit.listByCandidate(id(2))).filter((e) => e.type === 'decided')).toHaveLength(2);
  });

  it('refuses a decision for another candidate', async () => {
    await createLoadRoutingHandler(deps())({ campaignId: 'c1', batchId: 'b-one', candidateId: id(2) }, ctx);
    const decision = await createDecideHandler(deps())({ campaignId: 'c1', batchId: 'b-one', candidateId: id(2) }, ctx);
    await expect(
      createRecordDecisionHandler(deps())({ campaignId: 'c1', batchId: 'b-one', candidateId: id(1), decision }, ctx),
    ).rejects.toThrow(/another candidate/);
  });
});

describe('batch-progress', () => {
  it('counts each candidate once and stores the batch report when the last one is decided', async () => {
    // Make candidates 1 and 2 near relatives in the same village via the declared relative's ID.
    const d2 = repos.state.dossiers.get(id(1));
    if (d2) d2.idNumber = ID_RELATIVE;
    const handler = createBatchProgressHandler(deps());
    const ev = (i: number) => ({ campaignId: 'c1', batchId: 'b-one', candidateId: id(i) });
    expect(await handler(ev(0), ctx)).toMatchObject({ decided: 1, total: 3, complete: false });
    expect(await handler(ev(0), ctx)).toMatchObject({ decided: 1, total: 3, complete: false, counted: false });
    expect(await handler(ev(1), ctx)).toMatchObject({ decided: 2, complete: false });
    expect(await repos.progress.getReport('b-one')).toBeUndefined();
    expect(await handler(ev(2), ctx)).toMatchObject({ decided: 3, total: 3, complete: true });
    const report = await repos.progress.getReport('b-one');
    expect(report?.structure.length).toBeGreaterThan(0);
    expect(report?.conflicts).toHaveLength(1);
    expect(report?.conflicts[0]?.candidates.map((c) => c.candidateId).sort()).toEqual([id(0), id(1)]);
    expect(clearIdNumbersIn(JSON.stringify(report))).toEqual([]);
    expect(JSON.stringify(report)).not.toContain(ID_RELATIVE);
    expect((await repos.batches.get('b-one'))?.reportReady).toBe(true);
    // A retry of the last step keeps the one report.
    expect(await handler(ev(2), ctx)).toMatchObject({ decided: 3, complete: true, counted: false });
  });
});

describe('record-failure', () => {
  const statusChange = (detail: Record<string, unknown>) => ({
    version: '0',
    id: 'e1',
    'detail-type': 'Step Functions Execution Status Change',
    source: 'aws.states',
    detail: {
      executionArn: 'arn:aws:states:us-east-1:1:execution:m:c1--x',
      input: JSON.stringify({ campaignId: 'c1', batchId: 'b-one', candidateId: id(0) }),
      ...detail,
    },
  });

  it('marks the candidate of a FAILED execution 处理失败 once, with the error name and never the cause', async () => {
    const handler = createRecordFailureHandler(deps());
    const event = statusChange({ status: 'FAILED', error: 'Lambda.Unknown', cause: '身份证号 110101199003074518 …' });
    expect(await handler(event, ctx)).toEqual({ recorded: true });
    // EventBridge delivers at least once.
    expect(await handler(event, ctx)).toEqual({ recorded: false });
    expect(await repos.progress.listFailed('b-one')).toEqual([id(0)]);
    const events = await repos.audit.listByCandidate(id(0));
    expect(events.filter((e) => e.type === 'failed').map((e) => e.data)).toEqual([{ error: 'Lambda.Unknown' }]);
    expect(JSON.stringify(events)).not.toContain('110101199003074518');
  });

  it('names a timed-out execution States.Timeout', async () => {
    const handler = createRecordFailureHandler(deps());
    await handler(statusChange({ status: 'TIMED_OUT', error: null }), ctx);
    const events = await repos.audit.listByCandidate(id(0));
    expect(events.filter((e) => e.type === 'failed').map((e) => e.data)).toEqual([{ error: 'States.Timeout' }]);
  });

  it('refuses an event that is not a failed review, or whose input does not name the candidate', async () => {
    const handler = createRecordFailureHandler(deps());
    await expect(handler(statusChange({ status: 'SUCCEEDED' }), ctx)).rejects.toThrow();
    await expect(handler(statusChange({ status: 'FAILED', input: '{"campaignId":"c1"}' }), ctx)).rejects.toThrow();
    await expect(handler(statusChange({ status: 'FAILED', input: 'not json' }), ctx)).rejects.toThrow();
    expect(await repos.progress.listFailed('b-one')).toEqual([]);
  });
});
