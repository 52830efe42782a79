// 公示 on the in-memory store: periods of the campaign's 公示天数 in working days, objections and
// their outcomes (不属实, 属实 → re-check or removal), the list final only when nothing is left
// open, and people submitted by two townships flagged until the organization department decides.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../shared/app/access.js';
import { flagDuplicates, resolveDuplicate } from '../../shared/app/duplicates.js';
import { recordObjection, recordObjectionOutcome } from '../../shared/app/objections.js';
import type { Executions } from '../../shared/app/ports.js';
import { openPublicity, publicityPeriods } from '../../shared/app/publicity.js';
import { requestRecheck } from '../../shared/app/request-recheck.js';
import { correctAnswer } from '../../shared/app/correct-answer.js';
import { openDispute } from '../../shared/app/open-dispute.js';
import { requestTownshipRecheck } from '../../shared/app/recheck-requests.js';
import { decideFiling } from '../../shared/app/filings.js';
import { isRefusal } from '../../shared/app/refusals.js';
import { publicityHtml } from '../../shared/adapters/files/publicity-html.js';
import { verifyChain } from '../../shared/domain/audit/chain.js';
import { campaignChainId } from '../../shared/domain/ids.js';
import type { CandidateRow, Decision } from '../../shared/domain/model.js';
import type { MemoryRepositories } from '../adapters/memory-repositories.js';
import { apiDeps, CAMPAIGN, OTHER_TOWNSHIP, sampleRow, seedBatch, seedCampaign, seedTask, TOWNSHIP } from '../functions/api/support.js';
import { buildClearanceReport } from '../../shared/app/reports/clearance.js';
import { answerTask } from '../../shared/app/answer-task.js';
import { batchDetail } from '../../shared/app/batches.js';
import { reportCandidates } from '../../shared/app/views.js';
import { campaignDossiers } from '../../shared/app/dashboard.js';
import { builtInPolicy } from '../../shared/adapters/files/policy-files.js';

const caller = (c: Partial<Caller>): Caller => ({ userId: 'u-1', username: 'u1', townships: [], departments: [], orgdept: false, ...c });
const ORGDEPT = caller({ userId: 'u-org', orgdept: true });
const TOWN = caller({ userId: 'u-town', townships: [TOWNSHIP] });
/** Thursday 2 April 2026, 10:00 in Beijing: 清明 (4–6 April) is two days off. */
const THURSDAY = new Date('2026-04-02T02:00:00.000Z');

let repos: MemoryRepositories;
let clock: Date;
let started: string[];
let stopped: string[];
const executions: Executions = {
  start: async (e) => {
    started.push(e.name);
    return 'started';
  },
  stop: async (e) => {
    stopped.push(e.name);
    return 'stopped';
  },
};
const deps = () => ({
  repos,
  now: () => clock,
  executions,
  metrics: { count: () => undefined },
  log: { info: () => undefined, warn: () => undefined },
});

async function decide(candidateId: string, batchId: string, outcome: Decision['outcome']) {
  await repos.decisions.put(
    {
      campaignId: CAMPAIGN.id,
      candidateId,
      policy: { id: 'dinghai-2017', version: '1.0.0' },
      outcome,
      reasons: [],
      warnings: [],
      unanswered: [],
      referenceDate: '2026-05-20',
      decidedAt: '2026-04-01T00:00:00.000Z',
    },
    batchId,
  );
}

let cleared: string;
let other: string;
let referred: string;
let batchId: string;

beforeEach(async () => {
  repos = apiDeps().repos;
  clock = THURSDAY;
  started = [];
  stopped = [];
  await seedCampaign(repos, { ...CAMPAIGN, schedule: { resultsDueDaysBefore: 5, publicityDays: 3, departmentDays: {} } });
  const seeded = await seedBatch(repos, {
    rows: [
      sampleRow(1, '王建国', '330902197008150311'),
      sampleRow(2, '李秀英', '33090219820304042X'),
      sampleRow(3, '吴大伟', '330902197507070315'),
    ],
  });
  batchId = seeded.batchId;
  [cleared = '', other = '', referred = ''] = seeded.candidateIds;
  await decide(cleared, batchId, 'cleared');
  await decide(other, batchId, 'cleared');
  await decide(referred, batchId, 'referred');
  // The court answered: an objection found true may send the candidate back to it.
  await repos.candidates.setRouting(cleared, { policyId: 'dinghai-2017', policyVersion: '1.0.0', departments: ['court'] });
  await repos.verdicts.putAnswer({
    campaignId: CAMPAIGN.id,
    candidateId: cleared,
    department: 'court',
    status: 'clear',
    findings: [],
    answeredAt: '2026-03-30T00:00:00.000Z',
  });
  await repos.verdicts.markResultSent(cleared, 'court', 'h', '2026-03-30T00:00:00.000Z');
});

const open = async (over: Partial<Parameters<typeof openPublicity>[1]> = {}) => {
  const result = await openPublicity(deps(), { caller: ORGDEPT, campaignId: CAMPAIGN.id, ...over });
  if (isRefusal(result)) throw new Error(result.message);
  return result.period;
};
const periods = async () => {
  const result = await publicityPeriods(deps(), { campaignId: CAMPAIGN.id });
  if (isRefusal(result)) throw new Error(result.message);
  return result;
};
const statusOf = async (candidateId: string) => (await periods())[0]?.candidates.find((c) => c.candidateId === candidateId)?.status;
const object = (over: Partial<Parameters<typeof recordObjection>[1]> = {}) =>
  recordObjection(deps(), {
    caller: ORGDEPT,
    candidateId: cleared,
    reporter: null,
    channel: 'letter',
    content: '反映该人选长期不在村居住',
    ...over,
  });
const outcome = (over: Partial<Parameters<typeof recordObjectionOutcome>[1]> = {}) =>
  recordObjectionOutcome(deps(), {
    caller: ORGDEPT,
    candidateId: cleared,
    seq: 1,
    checked: '经走访村民核实，反映不属实',
    result: 'unfounded',
    ...over,
  });

describe('opening 公示', () => {
  it('runs the campaign’s 公示天数 in working days, skipping 清明, for the cleared candidates only', async () => {
    const period = await open();
    expect(period).toMatchObject({ periodId: 'P1', township: null, days: 3, startDate: '2026-04-02', endDate: '2026-04-07' });
    expect(period.candidateIds).toEqual([cleared, other]);
    // A start on a day off moves to the next working day.
    const later = await openPublicity(deps(), { caller: ORGDEPT, campaignId: CAMPAIGN.id, startDate: '2026-04-04' });
    expect(later).toMatchObject({ kind: 'invalid', code: 'NO_CANDIDATES' });
    const [view] = await periods();
    expect(view).toMatchObject({
      status: 'open',
      statusLabel: '公示中',
      startText: '2026年4月2日（星期四）',
      endText: '2026年4月7日（星期二）',
    });
  });

  it('moves a start on a day off to the next working day', async () => {
    expect(await open({ startDate: '2026-04-04', candidateIds: [cleared] })).toMatchObject({
      startDate: '2026-04-07',
      endDate: '2026-04-09',
    });
  });

  it('refuses a candidate that is not cleared, one already published, a past start and a township caller', async () => {
    expect(await openPublicity(deps(), { caller: ORGDEPT, campaignId: CAMPAIGN.id, candidateIds: [referred] })).toMatchObject({
      kind: 'invalid',
      code: 'CANDIDATE_NOT_ELIGIBLE',
    });
    await open({ candidateIds: [cleared] });
    expect(await openPublicity(deps(), { caller: ORGDEPT, campaignId: CAMPAIGN.id, candidateIds: [cleared] })).toMatchObject({
      code: 'CANDIDATE_NOT_ELIGIBLE',
    });
    expect(await openPublicity(deps(), { caller: ORGDEPT, campaignId: CAMPAIGN.id, startDate: '2026-04-01' })).toMatchObject({
      code: 'START_IN_PAST',
    });
    expect(await openPublicity(deps(), { caller: TOWN, campaignId: CAMPAIGN.id })).toMatchObject({ kind: 'forbidden' });
    // The second period takes the next number, for the township's remaining candidate.
    expect(await open({ township: TOWNSHIP })).toMatchObject({ periodId: 'P2', township: TOWNSHIP, candidateIds: [other] });
  });

  it('records the opening on each candidate’s chain and the campaign’s, and the printed list carries the dates', async () => {
    const period = await open();
    const trail = await repos.audit.listByCandidate(cleared);
    expect(trail.at(-1)).toMatchObject({
      type: 'publicity_opened',
      data: { periodId: 'P1', startDate: '2026-04-02', endDate: '2026-04-07', candidates: 2 },
    });
    expect((await repos.audit.listByCandidate(campaignChainId(CAMPAIGN.id))).map((e) => e.type)).toContain('publicity_opened');
    const report = buildClearanceReport({
      campaign: CAMPAIGN,
      policy: builtInPolicy(CAMPAIGN.policyId),
      candidates: await reportCandidates(repos, await campaignDossiers(repos, CAMPAIGN.id)),
      generatedAt: clock.toISOString(),
    });
    const page = publicityHtml(report, [{ ...period, removed: [] }]);
    expect(page).toContain('公示时间：2026年4月2日至2026年4月7日');
    expect(page).toContain('王建国');
    expect(page).not.toContain('吴大伟');
  });
});

describe('the printed 公示 list', () => {
  it('gives each row its own dates when the candidates are in different periods, and leaves out one an objection removed', async () => {
    const first = await open({ candidateIds: [cleared] });
    const second = await open({ candidateIds: [other], startDate: '2026-04-07' });
    const report = buildClearanceReport({
      campaign: CAMPAIGN,
      policy: builtInPolicy(CAMPAIGN.policyId),
      candidates: await reportCandidates(repos, await campaignDossiers(repos, CAMPAIGN.id)),
      generatedAt: clock.toISOString(),
    });
    const page = publicityHtml(report, [
      { ...first, removed: [] },
      { ...second, removed: [] },
    ]);
    expect(page).toContain('<th>公示时间</th>');
    expect(page).toContain('<td>2026年4月2日至2026年4月7日</td>');
    expect(page).toContain('<td>2026年4月7日至2026年4月9日</td>');
    const removed = publicityHtml(report, [{ ...first, removed: [cleared] }]);
    expect(removed).not.toContain('王建国');
    expect(removed).toContain('李秀英');
  });
});

describe('objections during 公示', () => {
  beforeEach(async () => {
    await open();
  });

  it('holds the candidate while an objection is open; 不属实 closes it, and the list is final once the period has ended', async () => {
    const recorded = await object({ reporter: { name: '张某', contact: '13800000000' }, receivedAt: '2026-04-02T01:00:00.000Z' });
    expect(recorded).toMatchObject({ objection: { seq: 1, periodId: 'P1', status: 'open', reporter: { name: '张某' } } });
    expect(await statusOf(cleared)).toBe('objection_open');
    expect(await outcome()).toMatchObject({ objection: { status: 'closed', outcome: { result: 'unfounded' } }, recheckStarted: false });
    expect(await statusOf(cleared)).toBe('in_publicity');
    clock = new Date('2026-04-08T02:00:00.000Z');
    const [ended] = await periods();
    expect(ended).toMatchObject({ status: 'final', statusLabel: '公示期满，名单已确定' });
    expect(ended?.candidates.map((c) => c.status)).toEqual(['final', 'final']);
  });

  it('is not final after the period while an objection is still open', async () => {
    await object();
    clock = new Date('2026-04-08T02:00:00.000Z');
    expect((await periods())[0]).toMatchObject({ status: 'pending' });
    expect(await statusOf(cleared)).toBe('objection_open');
    await outcome();
    expect((await periods())[0]).toMatchObject({ status: 'final' });
  });

  it('refuses an objection received outside the period, or about a candidate not on the list', async () => {
    expect(await object({ receivedAt: '2026-03-31T02:00:00.000Z' })).toMatchObject({ kind: 'invalid', code: 'OBJECTION_OUTSIDE_PERIOD' });
    expect(await object({ candidateId: referred })).toMatchObject({ kind: 'conflict', detail: { code: 'NOT_IN_PUBLICITY' } });
    expect(await object({ receivedAt: '2026-04-03T02:00:00.000Z' })).toMatchObject({ kind: 'invalid', code: 'RECEIVED_IN_FUTURE' });
  });

  it('属实 sends the department back even though results are published, and the candidate is held until it answers', async () => {
    await repos.campaigns.update(
      { ...CAMPAIGN, schedule: { resultsDueDaysBefore: 5, publicityDays: 3, departmentDays: {}, publicityStart: '2026-04-02' } },
      { expectedRevision: 0, updatedAt: clock.toISOString(), updatedBy: 'u-org' },
    );
    // Without an objection the organization department cannot send a published result back.
    expect(
      await requestRecheck(deps(), { caller: ORGDEPT, candidateId: cleared, department: 'court', reason: '请重新核查该人选' }),
    ).toMatchObject({
      kind: 'conflict',
    });
    await object();
    const checked = await outcome({ result: 'founded', action: 'recheck', department: 'court', checked: '经核查，该人选确有未结案件' });
    expect(checked).toMatchObject({
      objection: { outcome: { action: 'recheck', department: 'court', recheckSequence: 1 } },
      recheckStarted: true,
    });
    expect(started).toHaveLength(1);
    expect(await statusOf(cleared)).toBe('rechecking');
    clock = new Date('2026-04-08T02:00:00.000Z');
    expect((await periods())[0]).toMatchObject({ status: 'pending' });
    // The court answers the re-check: the candidate is decided again (still cleared here) and the list is final.
    await repos.verdicts.putAnswer({
      campaignId: CAMPAIGN.id,
      candidateId: cleared,
      department: 'court',
      status: 'clear',
      findings: [],
      answeredAt: '2026-04-07T00:00:00.000Z',
    });
    await repos.verdicts.markResultSent(cleared, 'court', 'h2', '2026-04-07T00:00:00.000Z');
    expect(await statusOf(cleared)).toBe('final');
    const types = (await repos.audit.listByCandidate(cleared)).map((e) => e.type);
    expect(types.slice(-4)).toEqual(['publicity_opened', 'objection_received', 'recheck_requested', 'objection_checked']);
    expect((await repos.audit.listByCandidate(cleared)).find((e) => e.type === 'recheck_requested')?.data).toMatchObject({
      objectionSeq: 1,
    });
  });

  it('属实 with a ruling takes the candidate off the list; an outcome is given once', async () => {
    await object();
    expect(await outcome({ result: 'founded' })).toMatchObject({ kind: 'invalid', code: 'ACTION_REQUIRED' });
    expect(await outcome({ result: 'founded', action: 'ruling', checked: '经核查，该人选确有违纪行为' })).toMatchObject({
      objection: { status: 'closed' },
    });
    expect(await outcome()).toMatchObject({ kind: 'conflict', detail: { code: 'OBJECTION_NOT_OPEN' } });
    expect(await statusOf(cleared)).toBe('removed');
  });

  it('属实 with a ruling makes the clearance report say 不通过 for the candidate, with the objection as the reason', async () => {
    const report = async () =>
      buildClearanceReport({
        campaign: CAMPAIGN,
        policy: builtInPolicy(CAMPAIGN.policyId),
        candidates: await reportCandidates(repos, await campaignDossiers(repos, CAMPAIGN.id)),
        generatedAt: clock.toISOString(),
      });
    const rowOf = async (id: string) => (await report()).rows.find((r) => r.candidateId === id);
    expect(await rowOf(cleared)).toMatchObject({ status: 'cleared', conclusion: '通过', mayStand: true });
    await object();
    // An open objection, or one found untrue, leaves the result as it was.
    expect(await rowOf(cleared)).toMatchObject({ status: 'cleared', conclusion: '通过' });
    await outcome({ result: 'founded', action: 'ruling', checked: '经核查，该人选确有违纪行为' });
    const row = await rowOf(cleared);
    expect(row).toMatchObject({ status: 'disqualified', conclusion: '不通过', mayStand: false });
    expect(row?.reasons).toEqual(['公示期间异议（第 1 件）经核查属实，组织部门研判取消资格（经核查，该人选确有违纪行为）']);
    expect((await report()).totals).toMatchObject({ cleared: 1, disqualified: 1 });
    // The other candidate of the period is untouched.
    expect(await rowOf(other)).toMatchObject({ status: 'cleared', conclusion: '通过' });
  });

  it('不属实 leaves the report’s 通过 as it was', async () => {
    await object();
    await outcome();
    const rows = buildClearanceReport({
      campaign: CAMPAIGN,
      policy: builtInPolicy(CAMPAIGN.policyId),
      candidates: await reportCandidates(repos, await campaignDossiers(repos, CAMPAIGN.id)),
      generatedAt: clock.toISOString(),
    }).rows;
    expect(rows.find((r) => r.candidateId === cleared)).toMatchObject({ status: 'cleared', conclusion: '通过', mayStand: true });
  });

  it('keeps every step in a chain that verifies, and a changed byte fails it', async () => {
    await object({ reporter: { name: '张某' } });
    await outcome();
    const events = await repos.audit.listByCandidate(cleared);
    expect(verifyChain(events).ok).toBe(true);
    // Nothing of the reporter or the texts in the chain: only their hashes.
    expect(JSON.stringify(events)).not.toContain('张某');
    const received = events.findIndex((e) => e.type === 'objection_received');
    const tampered = events.map((e, i) => (i === received ? { ...e, data: { ...e.data, anonymous: true } } : e));
    expect(verifyChain(tampered).ok).toBe(false);
  });
});

describe('the same person from two townships', () => {
  it('flags the later candidate at submission, keeps both off 公示 until the organization department decides, then only the one kept', async () => {
    const moved = await seedBatch(repos, {
      township: OTHER_TOWNSHIP,
      key: 'dup',
      rows: [sampleRow(1, '王建国', '330902197008150311', '都亭街道')],
    }).catch((err: unknown) => err);
    // The seed writes without letting people in: submit's own path does (letInOtherTownships).
    expect(moved).toBeInstanceOf(Error);
    const created = await repos.batches.create({
      batchId: 'b-duting-dup',
      campaignId: CAMPAIGN.id,
      township: OTHER_TOWNSHIP,
      policyId: CAMPAIGN.policyId,
      submittedBy: 'u-duting',
      submittedAt: '2026-04-02T01:00:00.000Z',
      idempotencyKey: 'dup-key-1',
      requestDigest: 'dup',
      candidates: [sampleRow(1, '王建国', '330902197008150311', '都亭街道')],
      relatives: [],
      letInOtherTownships: true,
    });
    const flagged = await flagDuplicates(deps(), {
      batch: created.batch,
      candidates: [sampleRow(1, '王建国', '330902197008150311', '都亭街道')],
      candidateIds: created.candidateIds,
      actor: { kind: 'township', id: 'u-duting' },
    });
    const dupId = created.candidateIds[0] ?? '';
    expect(flagged).toEqual([
      expect.objectContaining({ candidateId: dupId, heldBy: { candidateId: cleared, batchId, township: TOWNSHIP } }),
    ]);
    await decide(dupId, created.batch.batchId, 'cleared');
    expect((await open()).candidateIds).toEqual([other]);
    expect(
      await resolveDuplicate(deps(), { caller: ORGDEPT, candidateId: dupId, keep: 'someone-else', reason: '本人户籍在都亭街道' }),
    ).toMatchObject({
      code: 'KEEP_NOT_A_SIDE',
    });
    const resolved = await resolveDuplicate(deps(), { caller: ORGDEPT, candidateId: dupId, keep: dupId, reason: '本人户籍在都亭街道' });
    expect(resolved).toMatchObject({
      duplicate: { status: 'resolved', resolution: { kept: dupId, setAside: cleared }, statusLabel: '重复报送，已确定保留' },
    });
    expect(
      await resolveDuplicate(deps(), { caller: ORGDEPT, candidateId: dupId, keep: cleared, reason: '本人户籍在都亭街道' }),
    ).toMatchObject({
      detail: { code: 'DUPLICATE_ALREADY_RESOLVED' },
    });
    expect((await open()).candidateIds).toEqual([dupId]);
    for (const id of [dupId, cleared]) {
      const events = await repos.audit.listByCandidate(id);
      expect(events.map((e) => e.type)).toContain('duplicate_resolved');
      expect(verifyChain(events).ok).toBe(true);
    }
  });
});

describe('the side of a duplicate the organization department sets aside', () => {
  /** 王建国 again, from 都亭街道, flagged against the candidate the first township holds; still under review. */
  async function flagged(post?: CandidateRow['post']) {
    const row = { ...sampleRow(1, '王建国', '330902197008150311', '都亭街道'), ...(post === undefined ? {} : { post }) };
    const created = await repos.batches.create({
      batchId: 'b-duting-dup',
      campaignId: CAMPAIGN.id,
      township: OTHER_TOWNSHIP,
      policyId: CAMPAIGN.policyId,
      submittedBy: 'u-duting',
      submittedAt: '2026-04-02T01:00:00.000Z',
      idempotencyKey: 'dup-key-1',
      requestDigest: 'dup',
      candidates: [row],
      relatives: [],
      letInOtherTownships: true,
    });
    await flagDuplicates(deps(), {
      batch: created.batch,
      candidates: [row],
      candidateIds: created.candidateIds,
      actor: { kind: 'township', id: 'u-duting' },
    });
    const dupId = created.candidateIds[0] ?? '';
    await repos.candidates.setRouting(dupId, { policyId: CAMPAIGN.policyId, policyVersion: '1.0.0', departments: ['court', 'tax'] });
    await seedTask(repos, dupId, 'court');
    await seedTask(repos, dupId, 'tax');
    return { dupId, batchId: created.batch.batchId };
  }

  it('is stopped like a withdrawn candidate: its review stopped, its open tasks closed, a later answer refused, its batch still completes', async () => {
    const { dupId, batchId: dupBatch } = await flagged();
    // The tax office answered before the decision; the court has not.
    expect(
      await answerTask(
        { ...deps(), callbacks: { succeed: async () => 'sent' as const, fail: async () => 'sent' as const } },
        { caller: caller({ departments: ['tax'] }), taskId: `${dupId}~tax`, answer: { status: 'clear', findings: [] } },
      ),
    ).toMatchObject({ kind: 'answered' });
    const resolved = await resolveDuplicate(deps(), { caller: ORGDEPT, candidateId: dupId, keep: cleared, reason: '本人户籍在昌国街道' });
    expect(resolved).toMatchObject({
      duplicate: { status: 'resolved', resolution: { kept: cleared, setAside: dupId } },
      setAside: { candidateId: dupId, cancelledTasks: ['court'], stopped: true },
    });
    expect(stopped).toEqual([`${CAMPAIGN.id}--${dupId}`]);
    expect((await repos.tasks.get(dupId, 'court'))?.status).toBe('cancelled');
    expect((await repos.tasks.get(dupId, 'tax'))?.status).toBe('answered');
    expect((await repos.tasks.listInbox('court', 'open')).map((t) => t.candidateId)).not.toContain(dupId);
    expect(
      await answerTask(
        { ...deps(), callbacks: { succeed: async () => 'sent' as const, fail: async () => 'sent' as const } },
        { caller: caller({ departments: ['court'] }), taskId: `${dupId}~court`, answer: { status: 'clear', findings: [] } },
      ),
    ).toMatchObject({ kind: 'conflict', detail: { code: 'TASK_CANCELLED' } });
    // Undecided when set aside: counted, so its batch (of one) completes.
    const batch = await repos.batches.get(dupBatch);
    expect(batch?.decided).toBe(batch?.total);
    // The candidate it held stays in review, untouched.
    expect(stopped).not.toContain(`${CAMPAIGN.id}--${cleared}`);
  });

  it('refuses, as for a withdrawn candidate, a correction of an answer, a dispute, a re-check asked either way and a filing', async () => {
    const { dupId, batchId: dupBatch } = await flagged('党组织书记');
    const sent = { succeed: async () => 'sent' as const, fail: async () => 'sent' as const };
    const tax = caller({ departments: ['tax'] });
    expect(
      await answerTask({ ...deps(), callbacks: sent }, { caller: tax, taskId: `${dupId}~tax`, answer: { status: 'clear', findings: [] } }),
    ).toMatchObject({ kind: 'answered' });
    await decide(dupId, dupBatch, 'cleared');
    await resolveDuplicate(deps(), { caller: ORGDEPT, candidateId: dupId, keep: cleared, reason: '本人户籍在昌国街道' });
    const duting = caller({ userId: 'u-duting', townships: [OTHER_TOWNSHIP] });
    const refused = (consequence: string) => ({
      kind: 'conflict',
      message: `该人选重复报送，组织部门已确定不予联审，${consequence}`,
      detail: { code: 'CANDIDATE_SET_ASIDE' },
    });
    const answer = { status: 'findings' as const, findings: [{ category: '刑事处罚', note: '补录' }] };
    expect(
      await correctAnswer(deps(), {
        caller: tax,
        taskId: `${dupId}~tax`,
        answer,
        reason: '补录记录',
        documentNumber: '定税〔2026〕1号',
      }),
    ).toEqual(refused('不能更正答复'));
    expect(await openDispute(deps(), { caller: duting, candidateId: dupId, reason: '本人对结论有异议', attachments: [] })).toEqual(
      refused('不能申请复核'),
    );
    expect(
      await requestTownshipRecheck(deps(), {
        caller: duting,
        candidateId: dupId,
        department: 'tax',
        reason: '欠税已经缴清',
        attachments: [],
      }),
    ).toEqual(refused('不能申请重审'));
    expect(await requestRecheck(deps(), { caller: ORGDEPT, candidateId: dupId, department: 'tax', reason: '请重新核查该人选' })).toEqual(
      refused('不能发回重审'),
    );
    expect(await decideFiling(deps(), { caller: ORGDEPT, candidateId: dupId, decision: 'approve', note: '' })).toEqual(refused('不需备案'));
    expect((await repos.verdicts.get(dupId, 'tax'))?.verdict.status).toBe('clear');
    expect(await repos.disputes.get(dupId)).toBeUndefined();
  });

  it('is shown as set aside on its township’s batch page and in the clearance report, and never stands', async () => {
    const { dupId, batchId: dupBatch } = await flagged();
    await resolveDuplicate(deps(), { caller: ORGDEPT, candidateId: dupId, keep: cleared, reason: '本人户籍在昌国街道' });
    const detail = await batchDetail(deps(), { caller: caller({ userId: 'u-duting', townships: [OTHER_TOWNSHIP] }), batchId: dupBatch });
    if ('kind' in detail) throw new Error(detail.message);
    expect(detail.candidates.find((c) => c.candidateId === dupId)).toMatchObject({
      status: 'withdrawn',
      statusLabel: '重复报送，已确定不予联审',
      withdrawal: null,
    });
    const report = buildClearanceReport({
      campaign: CAMPAIGN,
      policy: builtInPolicy(CAMPAIGN.policyId),
      candidates: await reportCandidates(repos, await campaignDossiers(repos, CAMPAIGN.id)),
      generatedAt: clock.toISOString(),
    });
    expect(report.rows.find((r) => r.candidateId === dupId)).toMatchObject({
      status: 'withdrawn',
      conclusion: '重复报送，已确定不予联审',
      reasons: ['同一人选由两个乡镇（街道）报送，组织部门确定保留另一报送，本人选不予联审（本人户籍在昌国街道）'],
      mayStand: false,
    });
    // The kept side reads as before.
    expect(report.rows.find((r) => r.candidateId === cleared)).toMatchObject({ status: 'cleared', conclusion: '通过' });
  });
});
