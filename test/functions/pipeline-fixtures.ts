// Shared arrangement for the pipeline handler tests: a campaign, a batch of three candidates,
// SQS records and a Lambda-like context.
import type { Context, SQSRecord } from 'aws-lambda';
import type { Repositories } from '../../shared/app/ports.js';
import { newBatch } from '../adapters/samples.js';

/** Environment every pipeline module validates at load; set in each test file's vi.hoisted. */
export const TEST_KEY_MATERIAL = 'test-key-material-0123456789abcdef';

export const FIXED_NOW = new Date('2026-11-10T02:00:00.000Z');

export async function seedCampaignAndBatch(
  repos: Pick<Repositories, 'campaigns' | 'batches'>,
  policyId = 'dinghai-2017',
): Promise<string[]> {
  await repos.campaigns.create(
    { id: 'c1', name: '测试换届', jurisdiction: '测试县', policyId, electionDate: '2026-12-01', referenceDate: '2026-12-01' },
    { createdAt: '2026-11-01T00:00:00.000Z', createdBy: 'u-org' },
  );
  const created = await repos.batches.create(newBatch('b-one', 'k1', 'd1'));
  return created.candidateIds;
}

export function sqsRecord(body: unknown, messageId: string): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '0',
      SenderId: 'test',
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:lianshen-dept-court',
    awsRegion: 'us-east-1',
  };
}

export function lambdaContext(functionName = 'test'): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: 'req-1',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
