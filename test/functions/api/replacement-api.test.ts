// POST /candidates/{id}/replacement through the route on the in-memory store: the Idempotency-Key
// makes it safe to send again, as POST /batches is (201 first, 200 replayed with the first result;
// the key for another body is 409).
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createBatchesApi } from '../../../shared/adapters/http/batches-routes.js';
import { CANDIDATE_HEADERS } from '../../../shared/domain/import/spec.js';
import { makeId } from '../../fixtures/import/people.js';
import type { MemoryRepositories } from '../../adapters/memory-repositories.js';
import { checkedByContract, type ApiHandler } from './contract.js';
import { bodyOf, claimsFor, httpEvent, lambdaContext } from './http-events.js';
import { apiDeps, seedBatch, seedCampaign, TOWNSHIP } from './support.js';

const sqsMock = mockClient(SQSClient);
const QUEUE = 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/lianshen-intake';
const TOWN = claimsFor([`township:${TOWNSHIP}`], 'user-town');
const REASON = '原人选存在不宜提名情形，另提人选';
const row = (name: string, id: string) =>
  `${CANDIDATE_HEADERS.join(',')}\n1,${name},男,汉族,${id},1990-03,高中,群众,昌国街道,檀枫社区,村(居)委会委员,初步人选,否\n`;
const upload = (text: string, filename = 'replacement.csv') => ({ filename, contentBase64: Buffer.from(text).toString('base64') });
const HAN = row('韩替补', makeId('330902', '19900303', '033'));
const ZHAO = row('赵替补', makeId('330902', '19900315', '045'));

let repos: MemoryRepositories;
let api: ApiHandler;
let candidateId: string;

beforeEach(async () => {
  sqsMock.reset();
  sqsMock
    .on(SendMessageBatchCommand)
    .callsFake((input: { Entries: Array<{ Id: string }> }) => ({ Successful: input.Entries.map((e) => ({ Id: e.Id })), Failed: [] }));
  const deps = apiDeps();
  repos = deps.repos;
  await seedCampaign(repos);
  candidateId = (await seedBatch(repos)).candidateIds[0] ?? '';
  let ids = 0;
  api = checkedByContract(
    createBatchesApi({
      ...deps,
      sqs: new SQSClient({ region: 'cn-north-1' }),
      intakeQueueUrl: QUEUE,
      newBatchId: () => `brep${++ids}`,
      executions: { start: async () => 'started', stop: async () => 'stopped' },
    }),
  );
});

function replace(body: Record<string, unknown>, key = 'replace-key-1') {
  return api(
    httpEvent({
      routeKey: 'POST /candidates/{id}/replacement',
      pathParameters: { id: candidateId },
      body: { reason: REASON, candidates: upload(HAN), ...body },
      headers: { 'Idempotency-Key': key },
      claims: TOWN,
    }),
    lambdaContext,
  );
}

describe('POST /candidates/{id}/replacement sent again', () => {
  it('answers the same key and body with 200 and the first result, replayed', async () => {
    const first = await replace({});
    expect(first.statusCode).toBe(201);
    expect(bodyOf(first)).toMatchObject({ replayed: false, withdrawal: { candidateId, statusLabel: '已撤回' } });
    const again = await replace({ candidates: upload(HAN, '重新上传.csv') });
    expect(again.statusCode).toBe(200);
    expect(bodyOf(again)).toEqual({ ...(bodyOf(first) as object), replayed: true });
    expect((await repos.audit.listByCandidate(candidateId)).filter((e) => e.type === 'withdrawn')).toHaveLength(1);
  });

  it('answers 409 for the same key with another file or reason, and for a new key on the withdrawn candidate', async () => {
    await replace({});
    const otherFile = await replace({ candidates: upload(ZHAO) });
    expect([otherFile.statusCode, bodyOf(otherFile)]).toEqual([409, expect.objectContaining({ code: 'CONFLICT' })]);
    expect((await replace({ reason: '另一个不同的撤回理由' })).statusCode).toBe(409);
    const newKey = await replace({ candidates: upload(ZHAO) }, 'replace-key-2');
    expect([newKey.statusCode, bodyOf(newKey)]).toEqual([409, expect.objectContaining({ code: 'CANDIDATE_WITHDRAWN' })]);
  });
});
