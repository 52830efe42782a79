// Re-checks on the in-memory store: the organization department sends one decided candidate back
// to one department, which alone is asked again; the candidate is decided again when it answers.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../shared/app/access.js';
import { answerEventsOf } from '../../shared/app/answer-events.js';
import { answerTask } from '../../shared/app/answer-task.js';
import { decideCandidate } from '../../shared/app/decide.js';
import { loadRouting } from '../../shared/app/load-routing.js';
import type { Executions } from '../../shared/app/ports.js';
import { recordDecision } from '../../shared/app/record-decision.js';
import { requestRecheck } from '../../shared/app/request-recheck.js';
import { builtInPolicy } from '../../shared/adapters/files/policy-files.js';
import type { MemoryRepositories } from '../adapters/memory-repositories.js';
import { apiDeps, CAMPAIGN, seedBatch, seedCampaign, seedTask } from '../functions/api/support.js';

const metrics = { count: () => undefined };
const now = () => new Date('2026-04-10T02:00:00.000Z');
const callbacks = { succeed: async () => 'sent' as const, fail: async () => 'sent' as const };
const caller = (c: Partial<Caller>): Caller => ({ userId: 'u-1', username: 'u1', townships: [], departments: [], orgdept: false, ...c });
const COURT = caller({ userId: 'u-court', departments: ['court'] });
const ORGDEPT = caller({ userId: 'u-org', orgdept: true });
const BAR = {
  status: 'findings' as const,
  findings: [{ category: '刑事处罚', startDate: '2024-01-10', documentNumber: '（2024）定刑初字第3号' }],
};
const CLEAR = { status: 'clear' as const, findings: [] };

let repos: MemoryRepositories;
let candidateId: string;
let batchId: string;
let started: Array<{ name: string; input: unknown }>;
const executions: Executions = {
  start: async (e) => {
    const again = started.some((s) => s.name === e.name);
    started.push(e);
    return again ? 'alreadyStarted' : 'started';
  },
  stop: async () => 'notRunning',
};
const deps = () => ({ repos, now, metrics, callbacks, executions });
const ref = () => ({ campaignId: CAMPAIGN.id, batchId, candidateId });
const recheck = (over: Partial<Parameters<typeof requestRecheck>[1]> = {}) =>
  requestRecheck(deps(), { caller: ORGDEPT, candidateId, department: 'court', reason: '当事人已履行判决，请重新核查', ...over });

/** Routed to every department; all answer clear except the court, which answers `court` through its task. */
async function decidedWith(court: typeof BAR | typeof CLEAR) {
  await loadRouting(deps(), ref());
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
  expect(await answerTask(deps(), { caller: COURT, taskId: `${candidateId}~court`, answer: court })).toMatchObject({ kind: 'answered' });
  return recordDecision(deps(), { ...ref(), decision: await decideCandidate(deps(), ref()) });
}

beforeEach(async () => {
  repos = apiDeps().repos;
  started = [];
  await seedCampaign(repos);
  const seeded = await seedBatch(repos);
  batchId = seeded.batchId;
  candidateId = seeded.candidateIds[0] ?? '';
  await seedTask(repos, candidateId, 'court');
});

describe('sending a candidate back to one department (发回重审)', () => {
  it('asks only that department again, in a new task, and decides again on a new version with both answers in the trail', async () => {
    expect(await decidedWith(BAR)).toMatchObject({ outcome: 'disqualified', version: 1 });
    const result = await recheck();
    expect(result).toMatchObject({
      recheck: { department: 'court', sequence: 1, decisionVersion: 1, previous: { status: 'findings' } },
      started: true,
    });
    // The set-aside answer is out of the way: the department is asked afresh.
    expect(await repos.verdicts.get(candidateId, 'court')).toBeUndefined();
    expect(await repos.tasks.get(candidateId, 'court')).toBeUndefined();
    expect((await repos.changes.rechecks(candidateId))[0]?.previousVerdict.verdict.status).toBe('findings');
    const [execution] = started;
    expect(execution?.input).toEqual({ ...ref(), recheck: { department: 'court', sequence: 1 } });

    // The re-check execution's LoadRouting: only the court, with a deadline of its own.
    const routing = await loadRouting(deps(), { ...ref(), recheck: { department: 'court', sequence: 1 } });
    expect(routing.departments.map((d) => [d.code, d.recheck])).toEqual([['court', 1]]);
    expect(Date.parse(routing.departments[0]?.dueAt ?? '')).toBeGreaterThan(now().getTime());
    expect((await repos.candidates.getRouting(candidateId))?.departments.length).toBeGreaterThan(1);

    const view = await repos.candidates.getView(candidateId);
    if (view === undefined) throw new Error('no candidate');
    await repos.tasks.open({
      campaignId: CAMPAIGN.id,
      candidateId,
      department: 'court',
      taskToken: 'recheck-token-1',
      createdAt: now().toISOString(),
      deadline: routing.departments[0]?.dueAt ?? '',
      hints: [],
      candidate: { name: view.name, idMasked: '330902********0311', township: view.township, village: view.village, post: view.post },
    });
    expect(await answerTask(deps(), { caller: COURT, taskId: `${candidateId}~court`, answer: CLEAR })).toMatchObject({ kind: 'answered' });
    expect(await recordDecision(deps(), { ...ref(), decision: await decideCandidate(deps(), ref()) })).toMatchObject({
      outcome: 'cleared',
      version: 2,
    });
    const events = await repos.audit.listByCandidate(candidateId);
    // The answers are on their verdicts (the first one set aside with the re-check), the re-check on the chain.
    const everything = [...events, ...(await answerEventsOf(repos, candidateId))];
    const court = everything.filter((e) => e.data['department'] === 'court' && (e.type === 'answered' || e.type === 'recheck_requested'));
    // The test clock stands still: the three share one time, so compare them as a set.
    expect(court.map((e) => [e.type, e.data['result'] ?? null])).toHaveLength(3);
    expect(court.map((e) => [e.type, e.data['result'] ?? null])).toEqual(
      expect.arrayContaining([
        ['answered', 'findings'],
        ['recheck_requested', null],
        ['answered', 'clear'],
      ]),
    );
    expect(events.filter((e) => e.type === 'decided').map((e) => e.data['outcome'])).toEqual(['disqualified', 'cleared']);
    // Answered now: a second re-check of the court may be asked, as number 2.
    expect(await recheck()).toMatchObject({ recheck: { sequence: 2 } });
  });

  it('is refused to others, without a decision, for a department not routed, while one is open, and once results are final', async () => {
    expect(await recheck({ caller: COURT })).toMatchObject({ kind: 'forbidden' });
    expect(await recheck({ reason: '太短' })).toMatchObject({ kind: 'invalid', field: 'reason', code: 'REASON_REQUIRED' });
    expect(await recheck()).toMatchObject({ kind: 'conflict', detail: { code: 'NOT_DECIDED' } });
    await decidedWith(BAR);
    expect(await recheck({ department: 'no-such-dept' })).toMatchObject({ kind: 'invalid', code: 'DEPARTMENT_NOT_ROUTED' });
    expect(await recheck()).toMatchObject({ recheck: { sequence: 1 } });
    expect(await recheck()).toMatchObject({ kind: 'conflict', detail: { code: 'RECHECK_OPEN' } });
    // Refused, but the re-check's own execution is started again under its name: a lost start is made good, a running one untouched.
    expect(started.map((s) => s.name)).toEqual([`${CAMPAIGN.id}--${candidateId}--recheck-1`, `${CAMPAIGN.id}--${candidateId}--recheck-1`]);
    const stored = await repos.campaigns.get(CAMPAIGN.id);
    if (stored === undefined) throw new Error('no campaign');
    const schedule = { resultsDueDaysBefore: 5, publicityDays: 3, departmentDays: {}, publicityStart: '2026-04-10' };
    await repos.campaigns.update(
      { ...stored.campaign, schedule },
      { expectedRevision: stored.revision ?? 0, updatedAt: now().toISOString(), updatedBy: 'org' },
    );
    expect(await recheck({ department: 'discipline' })).toMatchObject({ kind: 'conflict', detail: { code: 'RESULTS_FINAL' } });
  });
});
