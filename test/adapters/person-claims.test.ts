// A person's claim that another batch releases between our conditional write and our read (it gave
// way on a clash of its own) is tried again and taken, never reported as a raw condition failure.
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { batchRepository } from '../../shared/adapters/dynamo/batches.js';
import { createIdCrypto } from '../../shared/adapters/id-crypto.js';
import { newBatch } from './samples.js';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'cn-north-1' }));
const mock = mockClient(doc);
afterEach(() => mock.reset());

const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

describe('claiming a person for a campaign', () => {
  it('takes a claim that was released between the failed write and the read', async () => {
    let claimPuts = 0;
    mock.on(PutCommand).callsFake((input: { Item?: Record<string, unknown> }) => {
      if (input.Item?.['entity'] === 'PersonClaim' && input.Item['seq'] === 1 && claimPuts++ === 0) throw conditionFailed();
      return {};
    });
    mock.on(GetCommand).resolves({});
    mock.on(BatchWriteCommand).resolves({ UnprocessedItems: {} });
    mock.on(DeleteCommand).resolves({});
    const repo = batchRepository({ doc, tableName: 't' }, createIdCrypto('k'.repeat(40)));
    const out = await repo.create(newBatch('b-released', 'key-released', 'digest-released'));
    expect(out.created).toBe(true);
    expect(claimPuts).toBe(2);
    expect(mock.commandCalls(DeleteCommand)).toHaveLength(0);
  });
});
