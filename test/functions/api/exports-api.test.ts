// POST /exports, GET /exports, GET /exports/{id} through batchesApi: the job goes on the export
// queue (SQS), the caller sees 排队中, a finished job a signed link; another's job is not found.
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { localExportStore } from '../../../shared/adapters/exports/local.js';
import { createBatchesApi } from '../../../shared/adapters/http/batches-routes.js';
import { sqsExportQueue } from '../../../shared/adapters/sqs/export-queue.js';
import { memoryExportJobs } from '../../adapters/memory-export-jobs.js';
import { checkedByContract, type ApiHandler } from './contract.js';
import { bodyOf, claimsFor, httpEvent, lambdaContext } from './http-events.js';
import { apiDeps, CAMPAIGN, OTHER_TOWNSHIP, seedCampaign, TOWNSHIP } from './support.js';

const sqsMock = mockClient(SQSClient);
const EXPORT_QUEUE = 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/lianshen-exports';
const township = (code = TOWNSHIP) => claimsFor([`township:${code}`], `user-${code}`);

let api: ApiHandler;
let jobs: ReturnType<typeof memoryExportJobs>;

beforeEach(async () => {
  sqsMock.reset();
  sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm1' });
  const deps = apiDeps();
  await seedCampaign(deps.repos);
  jobs = memoryExportJobs();
  const sqs = new SQSClient({ region: 'cn-north-1' });
  api = checkedByContract(
    createBatchesApi({
      ...deps,
      sqs,
      intakeQueueUrl: 'https://sqs.example/intake',
      exports: { jobs, queue: sqsExportQueue(sqs, EXPORT_QUEUE), store: localExportStore({ dir: '/nonexistent', secret: 'k'.repeat(32) }) },
    }),
  );
});

const post = (body: unknown, claims = township()) => api(httpEvent({ routeKey: 'POST /exports', body, claims }), lambdaContext);

describe('export routes', () => {
  it('queues the township’s ledger and lists it as 排队中', async () => {
    const res = await post({ kind: 'ledger', scope: { campaignId: CAMPAIGN.id } });
    expect(res.statusCode).toBe(201);
    const job = bodyOf(res);
    expect(job).toMatchObject({
      kind: 'ledger',
      kindLabel: '联审台账',
      status: 'queued',
      statusLabel: '排队中',
      scope: { township: TOWNSHIP },
    });
    const sent = sqsMock.commandCalls(SendMessageCommand).map((c) => c.args[0].input);
    expect(sent).toEqual([{ QueueUrl: EXPORT_QUEUE, MessageBody: JSON.stringify({ jobId: Object(job).jobId }) }]);
    const list = bodyOf(await api(httpEvent({ routeKey: 'GET /exports', claims: township() }), lambdaContext));
    expect(Object(list).exports).toHaveLength(1);
  });

  it('gives a signed link for a finished job to its owner only', async () => {
    const job = Object(bodyOf(await post({ kind: 'ledger', scope: { campaignId: CAMPAIGN.id } })));
    const file = { key: `${job.jobId}/台账.xlsx`, name: '台账.xlsx', contentType: 'application/x', bytes: 3, rows: 1 };
    await jobs.transition(job.jobId, ['queued'], { status: 'done', file });
    const get = (claims: ReturnType<typeof township>) =>
      api(httpEvent({ routeKey: 'GET /exports/{id}', pathParameters: { id: job.jobId }, claims }), lambdaContext);
    const mine = await get(township());
    expect(bodyOf(mine)).toMatchObject({ statusLabel: '已完成', downloadUrl: expect.stringMatching(/^\/local-exports\/.+sig=/) });
    expect((await get(township(OTHER_TOWNSHIP))).statusCode).toBe(404);
  });

  it('refuses another township’s scope, full ID numbers for a township, and an unknown kind', async () => {
    expect((await post({ kind: 'ledger', scope: { campaignId: CAMPAIGN.id, township: OTHER_TOWNSHIP } })).statusCode).toBe(403);
    expect((await post({ kind: 'ledger', scope: { campaignId: CAMPAIGN.id }, fullIds: true })).statusCode).toBe(403);
    expect((await post({ kind: 'everything', scope: {} })).statusCode).toBe(400);
    expect(sqsMock.commandCalls(SendMessageCommand)).toHaveLength(0);
  });
});
