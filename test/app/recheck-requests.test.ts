// A township's re-check requests (重审申请) on the in-memory store: the township asks for one
// department to check its decided candidate again (a cure), with a reason and attachments by hash;
// the organization department approves (the re-check asks that department alone again) or declines
// with a reason; each step is on the candidate's chain and notifies the other side.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../shared/app/access.js';
import { decideCandidate } from '../../shared/app/decide.js';
import { loadRouting } from '../../shared/app/load-routing.js';
import type { Executions } from '../../shared/app/ports.js';
import {
  decideRecheckRequest,
  listRecheckRequests,
  type RecheckRequestDecisionInput,
  requestTownshipRecheck,
} from '../../shared/app/recheck-requests.js';
import { recordDecision } from '../../shared/app/record-decision.js';
import { builtInPolicy } from '../../shared/adapters/files/policy-files.js';
import { AUDIT_DATA } from '../../shared/domain/audit/events.js';
import type { MemoryRepositories } from '../adapters/memory-repositories.js';
import { apiDeps, CAMPAIGN, OTHER_TOWNSHIP, seedBatch, seedCampaign, TOWNSHIP } from '../functions/api/support.js';

const metrics = { count: () => undefined };
const now = () => new Date('2026-04-10T02:00:00.000Z');
const caller = (c: Partial<Caller>): Caller => ({ userId: 'u-1', username: 'u1', townships: [], departments: [], orgdept: false, ...c });
const TOWN = caller({ userId: 'u-town', username: 'jintang-xiang', townships: [TOWNSHIP] });
const OTHER_TOWN = caller({ userId: 'u-other', townships: [OTHER_TOWNSHIP] });
const ORGDEPT = caller({ userId: 'u-org', orgdept: true });
const REASON = '该人选已履行法院判决，已被移出失信被执行人名单';
const ATTACHMENT = { filename: '屏蔽失信信息决定书.pdf', sha256: 'a'.repeat(64), bytes: 2048 };

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
const ask = (over: Partial<Parameters<typeof requestTownshipRecheck>[1]> = {}) =>
  requestTownshipRecheck(deps(), { caller: TOWN, candidateId, department: 'court', reason: REASON, attachments: [ATTACHMENT], ...over });
const decide = (over: Partial<RecheckRequestDecisionInput> & Pick<RecheckRequestDecisionInput, 'decision'>) =>
  decideRecheckRequest(deps(), { caller: ORGDEPT, candidateId, department: 'court', sequence: 1, ...over } as RecheckRequestDecisionInput);

/** Every department has answered and the candidate is decided (when `decided`). */
async function decidedCandidate(decided = true) {
  await loadRouting(deps(), ref());
  for (const d of builtInPolicy(CAMPAIGN.policyId).departments) {
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
  if (decided) await recordDecision(deps(), { ...ref(), decision: await decideCandidate(deps(), ref()) });
}

const requestEvents = async () =>
  (await repos.audit.listByCandidate(candidateId)).flatMap((e) =>
    e.type === 'recheck_request' ? [{ actor: e.actor.kind, ...AUDIT_DATA.recheck_request.parse(e.data) }] : [],
  );

beforeEach(async () => {
  repos = apiDeps().repos;
  started = [];
  await seedCampaign(repos);
  const seeded = await seedBatch(repos);
  batchId = seeded.batchId;
  candidateId = seeded.candidateIds[0] ?? '';
});

describe('a township asking for a re-check by one department (重审申请)', () => {
  it('stores a pending request with its attachments, records it by hash and tells the organization department without naming the candidate', async () => {
    await decidedCandidate();
    expect(await ask()).toMatchObject({
      sequence: 1,
      status: 'pending',
      statusLabel: '待审批',
      departmentName: '区法院',
      township: TOWNSHIP,
      attachments: [ATTACHMENT],
      // The organization department's list names the township account, not its user id.
      requestedBy: 'u-town',
      requestedByName: 'jintang-xiang',
    });
    const [event, ...more] = await requestEvents();
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      actor: 'township',
      department: 'court',
      action: 'requested',
      attachments: [{ sha256: ATTACHMENT.sha256, bytes: 2048 }],
    });
    expect(JSON.stringify(event)).not.toContain('失信');
    const [notice, ...others] = await repos.notifications.listByUnit('orgdept');
    expect(others).toEqual([]);
    expect(notice).toMatchObject({ kind: 'recheckRequest', title: '新的重审申请', link: '/recheck-requests' });
    const view = await repos.candidates.getView(candidateId);
    expect(notice?.text).not.toContain(view?.name ?? '?');
    expect(await listRecheckRequests(deps(), { caller: ORGDEPT, campaignId: CAMPAIGN.id })).toMatchObject({
      pending: 1,
      items: [{ candidateId }],
    });
  });

  it('is refused before a decision, for a department not asked, for another township, without a reason, and while one is pending', async () => {
    await decidedCandidate(false);
    expect(await ask()).toMatchObject({ kind: 'conflict', detail: { code: 'NOT_DECIDED' } });
    await recordDecision(deps(), { ...ref(), decision: await decideCandidate(deps(), ref()) });
    expect(await ask({ department: 'no-such-dept' })).toMatchObject({
      kind: 'invalid',
      field: 'department',
      code: 'DEPARTMENT_NOT_ROUTED',
    });
    expect(await ask({ caller: OTHER_TOWN })).toMatchObject({ kind: 'forbidden' });
    expect(await ask({ caller: ORGDEPT })).toMatchObject({ kind: 'forbidden' });
    expect(await ask({ reason: '请重审' })).toMatchObject({ kind: 'invalid', field: 'reason', code: 'REASON_REQUIRED' });
    expect(await ask({ attachments: Array.from({ length: 6 }, () => ATTACHMENT) })).toMatchObject({
      kind: 'invalid',
      code: 'TOO_MANY_ATTACHMENTS',
    });
    expect(await ask()).toMatchObject({ status: 'pending' });
    expect(await ask()).toMatchObject({ kind: 'conflict', detail: { code: 'RECHECK_REQUEST_PENDING' } });
    expect(await repos.notifications.listByUnit('orgdept')).toHaveLength(1);
  });
});

describe('the organization department deciding a re-check request', () => {
  it('approves: the department alone is asked again through a re-check, on the chain, and the township is told', async () => {
    await decidedCandidate();
    await ask();
    expect(await decide({ decision: 'approve' })).toMatchObject({
      status: 'approved',
      statusLabel: '已批准',
      recheckSequence: 1,
      decidedBy: 'u-org',
    });
    expect((await repos.changes.rechecks(candidateId)).map((r) => [r.recheck.department, r.recheck.sequence])).toEqual([['court', 1]]);
    expect(started.map((s) => s.input)).toEqual([{ ...ref(), recheck: { department: 'court', sequence: 1 } }]);
    expect((await requestEvents()).map((e) => [e.actor, e.action, e.recheckSequence])).toEqual([
      ['township', 'requested', null],
      ['orgdept', 'approved', 1],
    ]);
    const [notice] = await repos.notifications.listByUnit(`township:${TOWNSHIP}`);
    expect(notice).toMatchObject({ kind: 'recheckRequest', title: '重审申请已批准', link: `/batches/${batchId}` });
    expect(await decide({ decision: 'approve' })).toMatchObject({ kind: 'conflict', detail: { code: 'RECHECK_REQUEST_DECIDED' } });
  });

  it('declines with a reason the township reads in the portal, not in the message; a new request may follow', async () => {
    await decidedCandidate();
    await ask();
    expect(await decide({ decision: 'decline', reason: '短' })).toMatchObject({ kind: 'invalid', field: 'reason' });
    const declined = await decide({ decision: 'decline', reason: '所附材料不能证明已移出名单' });
    expect(declined).toMatchObject({ status: 'declined', statusLabel: '不批准', declineReason: '所附材料不能证明已移出名单' });
    expect(await repos.changes.rechecks(candidateId)).toEqual([]);
    const [notice] = await repos.notifications.listByUnit(`township:${TOWNSHIP}`);
    expect(notice).toMatchObject({ title: '重审申请未获批准' });
    expect(notice?.text).not.toContain('移出名单');
    expect(await ask({ reason: '补充提交法院出具的结案证明' })).toMatchObject({ sequence: 2, status: 'pending' });
  });

  it('refuses another caller, an unknown sequence, and leaves the request pending when the re-check is refused', async () => {
    await decidedCandidate();
    await ask();
    expect(await decide({ decision: 'approve', caller: TOWN })).toMatchObject({ kind: 'forbidden' });
    expect(await decide({ decision: 'approve', sequence: 2 })).toMatchObject({ kind: 'notFound' });
    await repos.changes.withdraw({
      campaignId: CAMPAIGN.id,
      candidateId,
      township: TOWNSHIP,
      reason: '乡镇撤回该人选的理由',
      withdrawnBy: 'u-town',
      withdrawnAt: now().toISOString(),
    });
    expect(await decide({ decision: 'approve' })).toMatchObject({ kind: 'conflict', detail: { code: 'CANDIDATE_WITHDRAWN' } });
    expect(await listRecheckRequests(deps(), { caller: ORGDEPT, campaignId: CAMPAIGN.id, status: 'pending' })).toMatchObject({
      pending: 1,
    });
    expect(await listRecheckRequests(deps(), { caller: TOWN, campaignId: CAMPAIGN.id })).toMatchObject({ kind: 'forbidden' });
  });
});
