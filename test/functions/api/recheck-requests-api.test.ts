// The re-check request routes (重审申请): a township asks for one department to check its decided
// candidate again (attachments hashed as a dispute's), the organization department lists and answers;
// every response is held to the contract.
import { SQSClient } from '@aws-sdk/client-sqs';
import { beforeEach, describe, expect, it } from 'vitest';
import { createBatchesApi } from '../../../shared/adapters/http/batches-routes.js';
import { createOrgdeptApi } from '../../../shared/adapters/http/orgdept-routes.js';
import type { BatchDetail } from '../../../shared/api/index.js';
import type { Executions } from '../../../shared/app/ports.js';
import type { MemoryRepositories } from '../../adapters/memory-repositories.js';
import { checkedByContract, type ApiHandler } from './contract.js';
import { bodyOf, claimsFor, httpEvent, lambdaContext } from './http-events.js';
import { apiDeps, CAMPAIGN, seedBatch, seedCampaign, seedTask, TOWNSHIP } from './support.js';

let repos: MemoryRepositories;
let batches: ApiHandler;
let orgdept: ApiHandler;
let candidateId: string;
let batchId: string;
const started: string[] = [];
const executions: Executions = {
  start: async (e) => {
    started.push(e.name);
    return 'started';
  },
  stop: async () => 'notRunning',
};
const ORG = claimsFor(['orgdept'], 'u-org');
const TOWN = claimsFor([`township:${TOWNSHIP}`], 'u-town');
const OTHER = claimsFor(['township:duting'], 'u-duting');
const REASON = '该人选已履行判决，已被移出失信被执行人名单';
const PDF = Buffer.from('%PDF-1.4 屏蔽失信信息决定书');

beforeEach(async () => {
  started.length = 0;
  const deps = apiDeps();
  repos = deps.repos;
  await seedCampaign(repos);
  const seeded = await seedBatch(repos);
  candidateId = seeded.candidateIds[0] ?? '';
  batchId = seeded.batchId;
  // Only the court is asked; it answered, and the candidate was decided.
  await repos.candidates.setRouting(candidateId, { policyId: 'dinghai-2017', policyVersion: '1.0.0', departments: ['court'] });
  await seedTask(repos, candidateId, 'court');
  await repos.verdicts.putAnswer({
    campaignId: CAMPAIGN.id,
    candidateId,
    department: 'court',
    status: 'clear',
    findings: [],
    answeredAt: '2026-04-09T00:00:00.000Z',
  });
  await repos.decisions.put(
    {
      campaignId: CAMPAIGN.id,
      candidateId,
      policy: { id: 'dinghai-2017', version: '1.0.0' },
      outcome: 'cleared',
      reasons: [],
      warnings: [],
      unanswered: [],
      referenceDate: '2026-05-20',
      decidedAt: '2026-04-09T00:00:00.000Z',
    },
    seeded.batchId,
  );
  batches = checkedByContract(
    createBatchesApi({
      ...deps,
      sqs: new SQSClient({ region: 'cn-north-1' }),
      intakeQueueUrl: 'https://sqs.example/q',
      newBatchId: () => 'b-x',
    }),
  );
  orgdept = checkedByContract(createOrgdeptApi({ ...deps, executions }));
});

const ask = (body: unknown, claims = TOWN) =>
  batches(
    httpEvent({ routeKey: 'POST /candidates/{id}/recheck-request', pathParameters: { id: candidateId }, body, claims }),
    lambdaContext,
  );
const list = (claims = ORG) =>
  orgdept(httpEvent({ routeKey: 'GET /campaigns/{id}/recheck-requests', pathParameters: { id: CAMPAIGN.id }, claims }), lambdaContext);
const decide = (body: unknown, claims = ORG) =>
  orgdept(
    httpEvent({ routeKey: 'POST /candidates/{id}/recheck-request/decision', pathParameters: { id: candidateId }, body, claims }),
    lambdaContext,
  );
const request = { department: 'court', reason: REASON, attachments: [{ filename: '决定书.pdf', contentBase64: PDF.toString('base64') }] };

describe('POST /candidates/{id}/recheck-request', () => {
  it('asks once (201) with the attachment hashed, refuses a second while pending (409), another township (403) and a short reason (400)', async () => {
    const res = await ask(request);
    expect(res.statusCode).toBe(201);
    expect(bodyOf(res)).toMatchObject({
      status: 'pending',
      statusLabel: '待审批',
      sequence: 1,
      departmentName: '区法院',
      attachments: [{ filename: '决定书.pdf', bytes: PDF.byteLength, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }],
    });
    const again = await ask(request);
    expect([again.statusCode, bodyOf(again)]).toEqual([409, expect.objectContaining({ code: 'RECHECK_REQUEST_PENDING' })]);
    expect((await ask(request, OTHER)).statusCode).toBe(403);
    expect((await ask(request, ORG)).statusCode).toBe(403);
    const short = await ask({ ...request, reason: '重审' });
    expect([short.statusCode, bodyOf(short)]).toEqual([400, expect.objectContaining({ field: 'reason' })]);
    const notRouted = await ask({ ...request, department: 'police' });
    expect([notRouted.statusCode, bodyOf(notRouted)]).toEqual([400, expect.objectContaining({ code: 'DEPARTMENT_NOT_ROUTED' })]);
  });

  it('shows the township how its request stands on the batch page', async () => {
    await ask(request);
    await decide({ department: 'court', sequence: 1, decision: 'decline', reason: '材料不能证明已履行' });
    const detail = await batches(
      httpEvent({ routeKey: 'GET /batches/{id}', pathParameters: { id: batchId }, claims: TOWN }),
      lambdaContext,
    );
    const row = (bodyOf(detail) as BatchDetail).candidates.find((c) => c.candidateId === candidateId);
    expect(row?.recheckRequests).toEqual([
      {
        department: 'court',
        departmentName: '区法院',
        sequence: 1,
        status: 'declined',
        statusLabel: '不批准',
        requestedAt: expect.any(String),
        declineReason: '材料不能证明已履行',
      },
    ]);
  });
});

describe('GET /campaigns/{id}/recheck-requests and POST /candidates/{id}/recheck-request/decision', () => {
  it('lists the pending request for the organization department only, and approving it sends the candidate back to the court', async () => {
    await ask(request);
    const listed = await list();
    expect(listed.statusCode).toBe(200);
    expect(bodyOf(listed)).toMatchObject({
      pending: 1,
      items: [{ candidateId, department: 'court', candidate: { village: expect.any(String) } }],
    });
    expect((await list(TOWN)).statusCode).toBe(403);
    expect((await decide({ department: 'court', sequence: 1, decision: 'approve' }, TOWN)).statusCode).toBe(403);
    const approved = await decide({ department: 'court', sequence: 1, decision: 'approve' });
    expect(approved.statusCode).toBe(200);
    expect(bodyOf(approved)).toMatchObject({ status: 'approved', statusLabel: '已批准', recheckSequence: 1 });
    expect(started).toHaveLength(1);
    const twice = await decide({ department: 'court', sequence: 1, decision: 'decline', reason: '材料不能证明已履行' });
    expect([twice.statusCode, bodyOf(twice)]).toEqual([409, expect.objectContaining({ code: 'RECHECK_REQUEST_DECIDED' })]);
  });

  it('declines with a reason (200); an unknown request is 404 and a decline without a reason 400', async () => {
    await ask(request);
    expect((await decide({ department: 'court', sequence: 2, decision: 'approve' })).statusCode).toBe(404);
    expect((await decide({ department: 'court', sequence: 1, decision: 'decline' })).statusCode).toBe(400);
    const declined = await decide({ department: 'court', sequence: 1, decision: 'decline', reason: '材料不能证明已履行' });
    expect(declined.statusCode).toBe(200);
    expect(bodyOf(declined)).toMatchObject({ status: 'declined', statusLabel: '不批准', declineReason: '材料不能证明已履行' });
    expect(started).toEqual([]);
  });
});
