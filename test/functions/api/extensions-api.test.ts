// The extension request routes (延期申请): a court reviewer asks on an overdue task, the organization
// department lists and answers; every response is held to the contract.
import { SFNClient } from '@aws-sdk/client-sfn';
import { beforeEach, describe, expect, it } from 'vitest';
import { createOrgdeptApi } from '../../../shared/adapters/http/orgdept-routes.js';
import { createReviewsApi } from '../../../shared/adapters/http/reviews-routes.js';
import type { Executions } from '../../../shared/app/ports.js';
import { recordUnanswered } from '../../../shared/app/record-unanswered.js';
import type { MemoryRepositories } from '../../adapters/memory-repositories.js';
import { checkedByContract, type ApiHandler } from './contract.js';
import { bodyOf, claimsFor, httpEvent, lambdaContext } from './http-events.js';
import { apiDeps, CAMPAIGN, NOW, seedBatch, seedCampaign, seedTask } from './support.js';

let repos: MemoryRepositories;
let reviews: ApiHandler;
let orgdept: ApiHandler;
let candidateId: string;
const started: string[] = [];
const executions: Executions = {
  start: async (e) => {
    started.push(e.name);
    return 'started';
  },
  stop: async () => 'notRunning',
};
const ORG = claimsFor(['orgdept'], 'u-org');
const COURT = claimsFor(['department:court'], 'u-court');
const POLICE = claimsFor(['department:police'], 'u-police');

beforeEach(async () => {
  started.length = 0;
  const deps = apiDeps();
  repos = deps.repos;
  await seedCampaign(repos);
  const seeded = await seedBatch(repos);
  candidateId = seeded.candidateIds[0] ?? '';
  // Only the court is asked; it did not answer in time, and the candidate was decided without it.
  await repos.candidates.setRouting(candidateId, { policyId: 'dinghai-2017', policyVersion: '1.0.0', departments: ['court'] });
  await seedTask(repos, candidateId, 'court');
  const metrics = { count: () => undefined };
  await recordUnanswered(
    { repos, now: () => NOW, metrics },
    { campaignId: CAMPAIGN.id, candidateId, department: 'court', status: 'overdue' },
  );
  await repos.decisions.put(
    {
      campaignId: CAMPAIGN.id,
      candidateId,
      policy: { id: 'dinghai-2017', version: '1.0.0' },
      outcome: 'incomplete',
      reasons: [],
      warnings: [],
      unanswered: [{ department: 'court', status: 'overdue' }],
      referenceDate: '2026-05-20',
      decidedAt: '2026-04-09T00:00:00.000Z',
    },
    seeded.batchId,
  );
  reviews = checkedByContract(createReviewsApi({ ...deps, sfn: new SFNClient({ region: 'cn-north-1' }) }));
  orgdept = checkedByContract(createOrgdeptApi({ ...deps, executions }));
});

const ask = (body: unknown = { reason: '本院系统升级停机三天，未能按期核查' }, claims = COURT) =>
  reviews(
    httpEvent({ routeKey: 'POST /reviews/{id}/extension', pathParameters: { id: `${candidateId}~court` }, body, claims }),
    lambdaContext,
  );
const list = (claims = ORG) =>
  orgdept(httpEvent({ routeKey: 'GET /campaigns/{id}/extensions', pathParameters: { id: CAMPAIGN.id }, claims }), lambdaContext);
const decide = (body: unknown, claims = ORG) =>
  orgdept(
    httpEvent({ routeKey: 'POST /candidates/{id}/extension/decision', pathParameters: { id: candidateId }, body, claims }),
    lambdaContext,
  );

describe('POST /reviews/{id}/extension', () => {
  it('asks once for the overdue task (201), refuses a second while pending (409) and another department (403)', async () => {
    const res = await ask();
    expect(res.statusCode).toBe(201);
    expect(bodyOf(res)).toMatchObject({ status: 'pending', statusLabel: '待审批', sequence: 1, departmentName: '区法院' });
    const again = await ask({ reason: '再次申请延期，请批准' });
    expect(again.statusCode).toBe(409);
    expect(bodyOf(again)).toMatchObject({ code: 'EXTENSION_PENDING', message: '该任务已有延期申请正在等待组织部门审批，不能重复申请' });
    expect((await ask(undefined, POLICE)).statusCode).toBe(403);
    const short = await ask({ reason: '忙' });
    expect(short.statusCode).toBe(400);
    expect(bodyOf(short)).toMatchObject({ field: 'reason' });
    const mine = await reviews(
      httpEvent({ routeKey: 'GET /reviews/{id}/extension', pathParameters: { id: `${candidateId}~court` }, claims: COURT }),
      lambdaContext,
    );
    expect(bodyOf(mine)).toMatchObject({ extension: { status: 'pending', sequence: 1 } });
  });
});

describe('the organization department’s list and answer', () => {
  it('lists the pending request for the organization department only', async () => {
    await ask();
    expect((await list(COURT)).statusCode).toBe(403);
    const res = await list();
    expect(res.statusCode).toBe(200);
    expect(bodyOf(res)).toMatchObject({ pending: 1, items: [{ candidateId, department: 'court', status: 'pending' }] });
    // The dashboard's late department shows it is waiting.
    const dashboard = await orgdept(
      httpEvent({ routeKey: 'GET /campaigns/{id}/dashboard', pathParameters: { id: CAMPAIGN.id }, claims: ORG }),
      lambdaContext,
    );
    expect(bodyOf(dashboard)).toMatchObject({ overdue: [{ department: 'court', overdueTasks: 1, pendingExtensions: 1 }] });
  });

  it('approves: the court is asked again through a re-check, and a second answer is refused (409)', async () => {
    await ask();
    const res = await decide({ department: 'court', sequence: 1, decision: 'approve' });
    expect(res.statusCode, res.body).toBe(200);
    expect(bodyOf(res)).toMatchObject({ status: 'approved', recheckSequence: 1 });
    expect(started).toEqual([`${CAMPAIGN.id}--${candidateId}--recheck-1`]);
    const again = await decide({ department: 'court', sequence: 1, decision: 'decline', reason: '重复处理，应当拒绝' });
    expect(again.statusCode).toBe(409);
    expect(bodyOf(again)).toMatchObject({ code: 'EXTENSION_DECIDED' });
  });

  it('declines with a reason; without one the body is refused', async () => {
    await ask();
    expect((await decide({ department: 'court', sequence: 1, decision: 'decline' })).statusCode).toBe(400);
    const res = await decide({ department: 'court', sequence: 1, decision: 'decline', reason: '已多次催办，不予延期' });
    expect(res.statusCode).toBe(200);
    expect(bodyOf(res)).toMatchObject({ status: 'declined', declineReason: '已多次催办，不予延期' });
    expect(started).toEqual([]);
    expect((await decide({ department: 'court', sequence: 1, decision: 'approve' }, COURT)).statusCode).toBe(403);
  });
});
