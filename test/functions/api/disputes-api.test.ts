// The dispute routes over HTTP: the township opens (batchesApi), the organization department rules
// (orgdeptApi); every response checked against the contract.
import { createHash } from 'node:crypto';
import { SQSClient } from '@aws-sdk/client-sqs';
import { beforeEach, describe, expect, it } from 'vitest';
import { createBatchesApi } from '../../../shared/adapters/http/batches-routes.js';
import { createOrgdeptApi } from '../../../shared/adapters/http/orgdept-routes.js';
import type { MemoryRepositories } from '../../adapters/memory-repositories.js';
import { checkedByContract, type ApiHandler } from './contract.js';
import { bodyOf, claimsFor, httpEvent, lambdaContext } from './http-events.js';
import { apiDeps, CAMPAIGN, OTHER_TOWNSHIP, seedBatch, seedCampaign, TOWNSHIP } from './support.js';

let repos: MemoryRepositories;
let batches: ApiHandler;
let orgdept: ApiHandler;
let candidateId: string;

beforeEach(async () => {
  const deps = apiDeps();
  repos = deps.repos;
  await seedCampaign(repos);
  const seeded = await seedBatch(repos);
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
    seeded.batchId,
  );
  batches = checkedByContract(
    createBatchesApi({ ...deps, sqs: new SQSClient({ region: 'cn-north-1' }), intakeQueueUrl: 'https://sqs.example/q' }),
  );
  orgdept = checkedByContract(createOrgdeptApi(deps));
});

const open = (body: unknown, claims = claimsFor([`township:${TOWNSHIP}`], 'u-town')) =>
  batches(httpEvent({ routeKey: 'POST /candidates/{id}/dispute', pathParameters: { id: candidateId }, body, claims }), lambdaContext);
const rule = (body: unknown, claims = claimsFor(['orgdept'], 'u-org')) =>
  orgdept(
    httpEvent({ routeKey: 'POST /candidates/{id}/dispute/ruling', pathParameters: { id: candidateId }, body, claims }),
    lambdaContext,
  );

describe('disputes over HTTP', () => {
  it('keeps an inline attachment only as its name, size and SHA-256, and rules on the dispute once', async () => {
    const bytes = Buffer.from('%PDF-1.4 撤销决定');
    const res = await open({
      reason: '该记录已被撤销，请求复核',
      attachments: [{ filename: '撤销决定.pdf', contentBase64: bytes.toString('base64') }],
    });
    expect(res.statusCode).toBe(201);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(bodyOf(res)).toMatchObject({
      dispute: { status: 'open', statusLabel: '复核中', attachments: [{ filename: '撤销决定.pdf', sha256, bytes: bytes.length }] },
    });
    expect(JSON.stringify(await repos.disputes.get(candidateId))).not.toContain(bytes.toString('base64'));
    const ruled = await rule({ result: 'change', outcome: 'disqualified', reason: '经复核存在不得提名情形' });
    expect(ruled.statusCode).toBe(200);
    expect(bodyOf(ruled)).toMatchObject({ status: 'disqualified', statusLabel: '不通过', dispute: { statusLabel: '改变结论' } });
    const again = await rule({ result: 'maintain', reason: '经复核维持原结论' });
    expect(again.statusCode).toBe(409);
    expect(bodyOf(again)).toMatchObject({ code: 'DISPUTE_NOT_OPEN' });
  });

  it('refuses another township 403, a short reason 400, a second dispute 409, and a township ruling 403', async () => {
    expect((await open({ reason: '该记录已被撤销，请求复核' }, claimsFor([`township:${OTHER_TOWNSHIP}`], 'u-other'))).statusCode).toBe(403);
    const short = await open({ reason: '不服' });
    expect(short.statusCode).toBe(400);
    expect(bodyOf(short)).toMatchObject({ field: 'reason' });
    expect((await open({ reason: '该记录已被撤销，请求复核' })).statusCode).toBe(201);
    const second = await open({ reason: '再次申请复核该人选' });
    expect(second.statusCode).toBe(409);
    expect(bodyOf(second)).toMatchObject({ code: 'DISPUTE_OPEN' });
    expect((await rule({ result: 'maintain', reason: '经复核维持原结论' }, claimsFor([`township:${TOWNSHIP}`], 'u-town'))).statusCode).toBe(
      403,
    );
    const noOutcome = await rule({ result: 'change', reason: '经复核改变结论' });
    expect(noOutcome.statusCode).toBe(400);
    expect(bodyOf(noOutcome)).toMatchObject({ code: 'OUTCOME_REQUIRED', field: 'outcome' });
  });
});
