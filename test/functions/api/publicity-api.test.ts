// The 公示 routes over HTTP: the organization department opens a period, records an objection and
// its outcome (orgdeptApi), resolves a duplicate; the township reads its batch's 公示 (batchesApi).
// Every response is checked against the contract.
import { SQSClient } from '@aws-sdk/client-sqs';
import { beforeEach, describe, expect, it } from 'vitest';
import { createBatchesApi } from '../../../shared/adapters/http/batches-routes.js';
import { createOrgdeptApi } from '../../../shared/adapters/http/orgdept-routes.js';
import type { Executions } from '../../../shared/app/ports.js';
import type { MemoryRepositories } from '../../adapters/memory-repositories.js';
import { checkedByContract, type ApiHandler } from './contract.js';
import { bodyOf, claimsFor, httpEvent, lambdaContext } from './http-events.js';
import { apiDeps, CAMPAIGN, OTHER_TOWNSHIP, sampleRow, seedBatch, seedCampaign, TOWNSHIP } from './support.js';

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

beforeEach(async () => {
  const deps = apiDeps();
  repos = deps.repos;
  // NOW is Friday 10 April 2026: 3 working days are 10, 13 and 14 April.
  await seedCampaign(repos, { ...CAMPAIGN, schedule: { resultsDueDaysBefore: 5, publicityDays: 3, departmentDays: {} } });
  const seeded = await seedBatch(repos);
  batchId = seeded.batchId;
  candidateId = seeded.candidateIds[0] ?? '';
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
    batchId,
  );
  await repos.candidates.setRouting(candidateId, { policyId: 'dinghai-2017', policyVersion: '1.0.0', departments: ['court'] });
  await repos.verdicts.putAnswer({
    campaignId: CAMPAIGN.id,
    candidateId,
    department: 'court',
    status: 'clear',
    findings: [],
    answeredAt: '2026-04-08T00:00:00.000Z',
  });
  await repos.verdicts.markResultSent(candidateId, 'court', 'h', '2026-04-08T00:00:00.000Z');
  batches = checkedByContract(
    createBatchesApi({ ...deps, sqs: new SQSClient({ region: 'cn-north-1' }), intakeQueueUrl: 'https://sqs.example/q' }),
  );
  orgdept = checkedByContract(createOrgdeptApi({ ...deps, executions }));
});

const call = (api: ApiHandler, routeKey: string, pathParameters: Record<string, string>, body?: unknown, claims = ORG) =>
  api(httpEvent({ routeKey, pathParameters, claims, ...(body === undefined ? {} : { body }) }), lambdaContext);

describe('公示 over HTTP', () => {
  it('opens a period with working-day dates, lists it, and the printed list carries them', async () => {
    const res = await call(orgdept, 'POST /campaigns/{id}/publicity', { id: CAMPAIGN.id }, {});
    expect(res.statusCode).toBe(201);
    expect(bodyOf(res)).toMatchObject({
      period: { periodId: 'P1', startDate: '2026-04-10', endDate: '2026-04-14', status: 'open', candidateIds: [candidateId] },
    });
    const list = await call(orgdept, 'GET /campaigns/{id}/publicity', { id: CAMPAIGN.id });
    expect(bodyOf(list)).toMatchObject({
      periods: [{ periodId: 'P1', candidates: [{ candidateId, status: 'in_publicity', statusLabel: '公示中' }] }],
    });
    const printed = await orgdept(
      httpEvent({
        routeKey: 'GET /campaigns/{id}/report',
        pathParameters: { id: CAMPAIGN.id },
        query: { format: 'publicity' },
        claims: ORG,
      }),
      lambdaContext,
    );
    expect(printed.body).toContain('公示时间：2026年4月10日至2026年4月14日');
  });

  it('records an anonymous objection, shows the candidate held to the township without the reporter, and a 属实 outcome re-checks', async () => {
    await call(orgdept, 'POST /campaigns/{id}/publicity', { id: CAMPAIGN.id }, {});
    const objection = await call(
      orgdept,
      'POST /candidates/{id}/objections',
      { id: candidateId },
      {
        reporter: null,
        channel: 'phone',
        content: '反映该人选有未结清的欠款纠纷',
      },
    );
    expect(objection.statusCode).toBe(201);
    expect(bodyOf(objection)).toMatchObject({ objection: { seq: 1, reporter: null, status: 'open', statusLabel: '异议核查中' } });
    const township = await call(batches, 'GET /batches/{id}/publicity', { id: batchId }, undefined, TOWN);
    expect(bodyOf(township)).toMatchObject({
      candidates: [{ candidateId, publicity: { periodId: 'P1', status: 'objection_open', openObjections: 1 } }, { publicity: null }],
    });
    expect(township.body).not.toContain('欠款');
    const other = await call(batches, 'GET /batches/{id}/publicity', { id: batchId }, undefined, claimsFor([`township:${OTHER_TOWNSHIP}`]));
    expect(other.statusCode).toBe(403);
    const outcome = await call(
      orgdept,
      'POST /candidates/{id}/objections/{seq}/outcome',
      { id: candidateId, seq: '1' },
      {
        checked: '经法院核实，该人选确有未结案件',
        result: 'founded',
        action: 'recheck',
        department: 'court',
      },
    );
    expect(outcome.statusCode).toBe(200);
    expect(bodyOf(outcome)).toMatchObject({ objection: { status: 'closed', statusLabel: '异议属实，发回重审' }, recheckStarted: true });
    expect(started).toContain(`${CAMPAIGN.id}--${candidateId}--recheck-1`);
    const again = await call(
      orgdept,
      'POST /candidates/{id}/objections/{seq}/outcome',
      { id: candidateId, seq: '1' },
      {
        checked: '经走访核实，反映不属实',
        result: 'unfounded',
      },
    );
    expect(again.statusCode).toBe(409);
  });

  it('refuses a township account and names the field of a bad body', async () => {
    expect((await call(orgdept, 'POST /campaigns/{id}/publicity', { id: CAMPAIGN.id }, {}, TOWN)).statusCode).toBe(403);
    const bad = await call(
      orgdept,
      'POST /candidates/{id}/objections',
      { id: candidateId },
      { reporter: null, channel: 'fax', content: '反映问题内容' },
    );
    expect(bad.statusCode).toBe(400);
    expect(bodyOf(bad)).toMatchObject({ field: 'channel' });
  });

  it('lists a duplicate from another township and resolves it once', async () => {
    const created = await repos.batches.create({
      batchId: 'b-duting-9',
      campaignId: CAMPAIGN.id,
      township: OTHER_TOWNSHIP,
      policyId: CAMPAIGN.policyId,
      submittedBy: 'u-duting',
      submittedAt: '2026-04-09T00:00:00.000Z',
      idempotencyKey: 'dup-key',
      requestDigest: 'dup',
      candidates: [sampleRow(1, '王建国', '330902197008150311', '都亭街道')],
      relatives: [],
      letInOtherTownships: true,
    });
    const flagged = created.candidateIds[0] ?? '';
    await repos.publicity.flagDuplicate({
      campaignId: CAMPAIGN.id,
      candidateId: flagged,
      batchId: 'b-duting-9',
      township: OTHER_TOWNSHIP,
      heldBy: { candidateId, batchId, township: TOWNSHIP },
      flaggedAt: '2026-04-09T00:00:00.000Z',
      status: 'open',
    });
    const list = await call(orgdept, 'GET /campaigns/{id}/duplicates', { id: CAMPAIGN.id });
    expect(bodyOf(list)).toMatchObject({
      duplicates: [
        {
          candidateId: flagged,
          statusLabel: '重复报送，待组织部门确定',
          candidate: { name: '王建国', township: '都亭街道' },
          held: { township: '昌国街道' },
        },
      ],
    });
    const township = await call(batches, 'GET /batches/{id}/publicity', { id: batchId }, undefined, TOWN);
    expect(bodyOf(township)).toMatchObject({
      candidates: [{ duplicate: { status: 'open', otherCandidateId: flagged, otherTownship: OTHER_TOWNSHIP } }, { duplicate: null }],
    });
    const resolve = (keep: string) =>
      call(orgdept, 'POST /candidates/{id}/duplicate/resolution', { id: flagged }, { keep, reason: '本人户籍在昌国街道' });
    const res = await resolve(candidateId);
    expect(res.statusCode).toBe(200);
    expect(bodyOf(res)).toMatchObject({ duplicate: { status: 'resolved', resolution: { kept: candidateId, setAside: flagged } } });
    expect((await resolve(flagged)).statusCode).toBe(409);
    // The one kept may go on 公示; the one set aside may not.
    const opened = await call(orgdept, 'POST /campaigns/{id}/publicity', { id: CAMPAIGN.id }, { candidateIds: [flagged] });
    expect(bodyOf(opened)).toMatchObject({ code: 'CANDIDATE_NOT_ELIGIBLE' });
  });
});
