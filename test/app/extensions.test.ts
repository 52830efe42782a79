// Extension requests (延期申请) on the in-memory store: a reviewer of an overdue task asks for more
// time, the organization department approves (the department is asked again through a re-check)
// or declines; each step is on the candidate's chain and notifies the other side.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../shared/app/access.js';
import { AUDIT_DATA } from '../../shared/domain/audit/events.js';
import { decideCandidate } from '../../shared/app/decide.js';
import {
  decideExtension,
  type ExtensionDecisionInput,
  listExtensions,
  requestExtension,
  taskExtension,
} from '../../shared/app/extensions.js';
import { loadRouting } from '../../shared/app/load-routing.js';
import type { Executions } from '../../shared/app/ports.js';
import { recordDecision } from '../../shared/app/record-decision.js';
import { recordUnanswered } from '../../shared/app/record-unanswered.js';
import { builtInPolicy } from '../../shared/adapters/files/policy-files.js';
import type { MemoryRepositories } from '../adapters/memory-repositories.js';
import { apiDeps, CAMPAIGN, seedBatch, seedCampaign, seedTask } from '../functions/api/support.js';

const metrics = { count: () => undefined };
const now = () => new Date('2026-04-10T02:00:00.000Z');
const caller = (c: Partial<Caller>): Caller => ({ userId: 'u-1', username: 'u1', townships: [], departments: [], orgdept: false, ...c });
const COURT = caller({ userId: 'u-court', username: 'court1', departments: ['court'] });
const POLICE = caller({ userId: 'u-police', departments: ['police'] });
const ORGDEPT = caller({ userId: 'u-org', orgdept: true });
const REASON = '本院案件系统升级停机三天，未能按期核查';

let repos: MemoryRepositories;
let candidateId: string;
let batchId: string;
let started: Array<{ name: string; input: unknown }>;
const executions: Executions = {
  start: async (e) => {
    started.push(e);
    return 'started';
  },
  stop: async () => 'notRunning',
};
const deps = () => ({ repos, now, metrics, executions });
const ref = () => ({ campaignId: CAMPAIGN.id, batchId, candidateId });
const taskId = () => `${candidateId}~court`;
const ask = (over: Partial<Parameters<typeof requestExtension>[1]> = {}) =>
  requestExtension(deps(), { caller: COURT, taskId: taskId(), reason: REASON, ...over });
const decide = (over: Partial<ExtensionDecisionInput> & Pick<ExtensionDecisionInput, 'decision'>) =>
  decideExtension(deps(), { caller: ORGDEPT, candidateId, department: 'court', sequence: 1, ...over } as ExtensionDecisionInput);

/** Every department answers clear but the court, whose task times out; the candidate is decided when `decided`. */
async function courtOverdue(decided = true) {
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
  await recordUnanswered(deps(), { campaignId: CAMPAIGN.id, candidateId, department: 'court', status: 'overdue' });
  if (decided) await recordDecision(deps(), { ...ref(), decision: await decideCandidate(deps(), ref()) });
}

const notificationsOf = async (unit: string) => (await repos.notifications.listByUnit(unit, { limit: 50 })).map((n) => n);
const extensionEvents = async () =>
  (await repos.audit.listByCandidate(candidateId)).flatMap((e) =>
    e.type === 'extension' ? [{ actor: e.actor.kind, ...AUDIT_DATA.extension.parse(e.data) }] : [],
  );

beforeEach(async () => {
  repos = apiDeps().repos;
  started = [];
  await seedCampaign(repos);
  const seeded = await seedBatch(repos);
  batchId = seeded.batchId;
  candidateId = seeded.candidateIds[0] ?? '';
  await seedTask(repos, candidateId, 'court');
});

describe('asking for more time on an overdue task (延期申请)', () => {
  it('stores a pending request, records it on the candidate’s chain by hash and tells the organization department without naming the candidate', async () => {
    await courtOverdue();
    expect(await ask()).toMatchObject({ sequence: 1, status: 'pending', statusLabel: '待审批', departmentName: '区法院', reason: REASON });
    expect(await taskExtension(deps(), { caller: COURT, taskId: taskId() })).toMatchObject({ extension: { status: 'pending' } });
    const [event, ...more] = await extensionEvents();
    expect(more).toEqual([]);
    expect(event).toMatchObject({ actor: 'reviewer', department: 'court', sequence: 1, action: 'requested', recheckSequence: null });
    expect(JSON.stringify(event)).not.toContain('停机');
    const [notice] = await notificationsOf('orgdept');
    expect(notice).toMatchObject({ kind: 'extension', title: '新的延期申请', link: '/extensions' });
    const view = await repos.candidates.getView(candidateId);
    expect(notice?.text).toContain('区法院对 1 件逾期联审任务申请延期答复');
    expect(notice?.text).not.toContain(view?.name ?? '?');
    expect(notice?.text).not.toContain(view?.idNumber.slice(-4) ?? '?');
  });

  it('is refused while one is pending (409), for a task still open, to another department and without a reason', async () => {
    expect(await ask()).toMatchObject({ kind: 'conflict', detail: { code: 'TASK_NOT_OVERDUE' } });
    await courtOverdue();
    expect(await ask({ reason: '太忙' })).toMatchObject({ kind: 'invalid', field: 'reason', code: 'REASON_REQUIRED' });
    expect(await ask({ caller: POLICE })).toMatchObject({ kind: 'forbidden' });
    expect(await ask()).toMatchObject({ status: 'pending' });
    expect(await ask({ reason: '再次申请延期，请批准' })).toMatchObject({ kind: 'conflict', detail: { code: 'EXTENSION_PENDING' } });
    expect(await notificationsOf('orgdept')).toHaveLength(1);
  });
});

describe('the organization department’s answer', () => {
  it('lists pending requests first, for the organization department only', async () => {
    await courtOverdue();
    await ask();
    expect(await listExtensions(deps(), { caller: COURT, campaignId: CAMPAIGN.id })).toMatchObject({ kind: 'forbidden' });
    const list = await listExtensions(deps(), { caller: ORGDEPT, campaignId: CAMPAIGN.id });
    expect(list).toMatchObject({ pending: 1, items: [{ candidateId, department: 'court', taskId: taskId(), status: 'pending' }] });
    if ('kind' in list) throw new Error('refused');
    expect(list.items[0]?.candidate?.name).toBe((await repos.candidates.getView(candidateId))?.name);
    expect(await listExtensions(deps(), { caller: ORGDEPT, campaignId: CAMPAIGN.id, status: 'declined' })).toMatchObject({ items: [] });
  });

  it('approved, sends the candidate back to that department alone with a deadline of its own, and tells the department', async () => {
    await courtOverdue();
    await ask();
    expect(await decide({ decision: 'approve' })).toMatchObject({ status: 'approved', statusLabel: '已批准', recheckSequence: 1 });
    // The re-check: the overdue answer is set aside, a new execution asks only the court.
    expect((await repos.changes.rechecks(candidateId))[0]?.previousVerdict.verdict.status).toBe('overdue');
    expect(await repos.tasks.get(candidateId, 'court')).toBeUndefined();
    expect(started.map((s) => s.input)).toEqual([{ ...ref(), recheck: { department: 'court', sequence: 1 } }]);
    const routing = await loadRouting(deps(), { ...ref(), recheck: { department: 'court', sequence: 1 } });
    expect(Date.parse(routing.departments[0]?.dueAt ?? '')).toBeGreaterThan(now().getTime());

    expect((await extensionEvents()).map((e) => [e.actor, e.action, e.recheckSequence])).toEqual([
      ['reviewer', 'requested', null],
      ['orgdept', 'approved', 1],
    ]);
    const types = (await repos.audit.listByCandidate(candidateId)).map((e) => e.type);
    expect(types).toContain('recheck_requested');
    const [notice] = await notificationsOf('department:court');
    expect(notice).toMatchObject({ kind: 'extension', title: '延期申请已批准' });
    expect(notice?.text).toContain('请在新的答复期限内办理');
    expect(await decide({ decision: 'decline', reason: '已批准过，不再处理' })).toMatchObject({
      kind: 'conflict',
      detail: { code: 'EXTENSION_DECIDED' },
    });
  });

  it('declined with a reason, leaves the overdue answer standing, tells the department without the reason, and allows a new request', async () => {
    await courtOverdue();
    await ask();
    expect(await decide({ decision: 'decline', reason: '太短' })).toMatchObject({ kind: 'invalid', field: 'reason' });
    expect(await decide({ decision: 'decline', reason: '已三次催办，逾期责任在本部门' })).toMatchObject({
      status: 'declined',
      statusLabel: '不批准',
      declineReason: '已三次催办，逾期责任在本部门',
    });
    expect(await repos.tasks.get(candidateId, 'court')).toMatchObject({ status: 'overdue' });
    expect(started).toEqual([]);
    const [notice] = await notificationsOf('department:court');
    expect(notice).toMatchObject({ kind: 'extension', title: '延期申请未获批准' });
    expect(notice?.text).not.toContain('催办');
    expect((await extensionEvents()).map((e) => e.action)).toEqual(['requested', 'declined']);
    expect(await ask({ reason: '补充材料后再次申请延期' })).toMatchObject({ sequence: 2, status: 'pending' });
  });

  it('an approval the re-check refuses (no decision yet) leaves the request pending; others may not decide; a stale number is not found', async () => {
    await courtOverdue(false);
    await ask();
    expect(await decide({ decision: 'approve', caller: COURT })).toMatchObject({ kind: 'forbidden' });
    expect(await decide({ decision: 'approve', sequence: 2 })).toMatchObject({ kind: 'notFound' });
    expect(await decide({ decision: 'approve' })).toMatchObject({ kind: 'conflict', detail: { code: 'NOT_DECIDED' } });
    expect(await repos.requests.extension.get(candidateId, 'court')).toMatchObject({ status: 'pending' });
    expect(await notificationsOf('department:court')).toEqual([]);
  });
});
