// The checker's duplicate-delivery guarantee at the SDK boundary: with the real DynamoDB
// repositories over a mocked DocumentClient (a tiny item store honouring attribute_not_exists),
// two deliveries of one task message send one verdict PutItem and one SendTaskSuccess.
import './handler-env.js';
import { DynamoDBClient, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import './aws-matchers.js';

import { createCheckerHandler } from '../../functions/checker.js';
import { candidateItem } from '../../shared/adapters/dynamo/candidates.js';
import { createDynamoRepositories } from '../../shared/adapters/dynamo/index.js';
import { keys } from '../../shared/adapters/dynamo/keys.js';
import { createIdCrypto } from '../../shared/adapters/id-crypto.js';
import { candidateRow } from '../adapters/samples.js';
import { FIXED_NOW, lambdaContext, sqsRecord } from './pipeline-fixtures.js';

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
const crypto = createIdCrypto('test-key-material-0123456789abcdef');

type Item = Record<string, unknown>;
const isRecord = (v: unknown): v is Item => typeof v === 'object' && v !== null && !Array.isArray(v);

function itemStore() {
  const items = new Map<string, Item>();
  const id = (k: Item | undefined): string => `${String(k?.['pk'])}|${String(k?.['sk'])}`;
  const put = (item: Item, condition: string | undefined): void => {
    if (condition === 'attribute_not_exists(pk)' && items.has(id(item))) {
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    }
    items.set(id(item), structuredClone(item));
  };
  return { items, id, put };
}

describe('checker over the DynamoDB repositories', () => {
  it('sends one verdict PutItem and one SendTaskSuccess for a duplicate delivery', async () => {
    const store = itemStore();
    store.put(
      {
        ...keys.campaign('c1'),
        campaign: {
          id: 'c1',
          name: 'x',
          jurisdiction: 'y',
          policyId: 'dinghai-2017',
          electionDate: '2026-12-01',
          referenceDate: '2026-12-01',
        },
        createdAt: 'a',
        createdBy: 'b',
      },
      undefined,
    );
    store.put(
      candidateItem(crypto, {
        candidateId: 'b-one-0001',
        campaignId: 'c1',
        batchId: 'b-one',
        position: 1,
        row: candidateRow(1),
        relatives: [],
      }),
      undefined,
    );
    store.put(
      {
        ...keys.extract('court', '*'),
        department: 'court',
        generation: 'g1',
        rows: 0,
        persons: 0,
        filename: 'empty.csv',
        uploadedBy: 'u',
        uploadedAt: 'a',
      },
      undefined,
    );

    ddb.reset();
    ddb.on(GetCommand).callsFake((input: { Key?: Item }) => {
      const item = store.items.get(store.id(input.Key));
      return item === undefined ? {} : { Item: structuredClone(item) };
    });
    ddb.on(BatchGetCommand).callsFake((input: { RequestItems?: Record<string, { Keys?: Item[] }> }) => {
      const [table, request] = Object.entries(input.RequestItems ?? {})[0] ?? ['', { Keys: [] }];
      const found = (request.Keys ?? []).flatMap((k) => {
        const item = store.items.get(store.id(k));
        return item === undefined ? [] : [structuredClone(item)];
      });
      return { Responses: { [table]: found } };
    });
    ddb.on(PutCommand).callsFake((input: { Item?: Item; ConditionExpression?: string }) => {
      store.put(input.Item ?? {}, input.ConditionExpression);
      return {};
    });
    ddb.on(UpdateCommand).callsFake((input: { Key?: Item; ExpressionAttributeValues?: Item }) => {
      // Only markResultSent reaches here in this flow.
      const item = store.items.get(store.id(input.Key));
      if (item === undefined) throw new ConditionalCheckFailedException({ message: 'missing', $metadata: {} });
      Object.assign(item, {
        resultSentAt: input.ExpressionAttributeValues?.[':at'],
        resultSentFor: input.ExpressionAttributeValues?.[':h'],
      });
      return {};
    });
    ddb.on(TransactWriteCommand).callsFake((input: { TransactItems?: Array<{ Put?: { Item?: Item; ConditionExpression?: string } }> }) => {
      for (const t of input.TransactItems ?? []) if (t.Put) store.put(t.Put.Item ?? {}, t.Put.ConditionExpression);
      return {};
    });
    ddb.on(QueryCommand).resolves({ Items: [] });
    sfn.reset();
    sfn.on(SendTaskSuccessCommand).resolves({});

    const repos = createDynamoRepositories({
      doc: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
      tableName: 'lianshen-test',
      crypto,
    });
    const handler = createCheckerHandler({
      repos: async () => repos,
      now: () => FIXED_NOW,
      sfn: new SFNClient({ region: 'us-east-1' }),
      pause: async () => undefined,
    });
    const msg = { campaignId: 'c1', candidateId: 'b-one-0001', department: 'court', taskToken: 'token-1', timeoutSeconds: 432000 };

    const first = await handler({ Records: [sqsRecord(msg, 'm1')] }, lambdaContext('checker'));
    const second = await handler({ Records: [sqsRecord(msg, 'm1')] }, lambdaContext('checker'));

    expect(first.batchItemFailures).toEqual([]);
    expect(second.batchItemFailures).toEqual([]);
    const verdictPuts = ddb
      .commandCalls(PutCommand)
      .filter((c) => isRecord(c.args[0].input.Item) && String(c.args[0].input.Item['sk']).startsWith('VERDICT#'));
    expect(verdictPuts).toHaveLength(1);
    expect(sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
    expect(store.items.get('CAND#b-one-0001|VERDICT#court')).toMatchObject({
      verdict: { status: 'clear' },
      resultSentAt: FIXED_NOW.toISOString(),
    });
  });
});
