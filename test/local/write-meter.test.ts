import { describe, expect, it } from 'vitest';
import { itemBytes, kindOf, readKindOf, writeUnitsOf } from '../../local/write-meter.js';

describe('write units as AWS bills them', () => {
  it('sizes an item by its attribute names and values (UTF-8, numbers by significant digits)', () => {
    expect(itemBytes({ pk: { S: 'ab' } })).toBe(4);
    expect(itemBytes({ 名: { S: '王伟' } })).toBe(9);
    expect(itemBytes({ n: { N: '12345' } })).toBe(1 + 4);
    expect(itemBytes({ n: { N: '-0.500' } })).toBe(1 + 2);
    expect(itemBytes({ ok: { BOOL: true }, z: { NULL: true } })).toBe(3 + 2);
    expect(itemBytes({ m: { M: { a: { S: 'x' } } }, l: { L: [{ S: 'yy' }] } })).toBe(1 + 3 + 1 + 1 + 1 + (1 + 3 + 1 + 2));
  });

  it('bills a transaction 2 units per started KB of each item, plus the GSI copies DynamoDB Local reports', () => {
    const big = { pk: { S: 'p' }, sk: { S: 's' }, body: { S: 'x'.repeat(1500) } };
    const input = {
      TransactItems: [
        { Put: { TableName: 't', Item: big } },
        { Update: { TableName: 't', Key: {} } },
        { ConditionCheck: { TableName: 't', Key: {} } },
      ],
    };
    const output = { ConsumedCapacity: [{ TableName: 't', CapacityUnits: 3, GlobalSecondaryIndexes: { gsi1: { CapacityUnits: 2 } } }] };
    expect(writeUnitsOf('TransactWriteItems', input, output)).toBe(2 * 2 + 2 + 2 + 2);
  });

  it('takes a single write’s consumed capacity as reported, and bills a failed conditional Put by its item', () => {
    expect(writeUnitsOf('PutItem', {}, { ConsumedCapacity: { CapacityUnits: 3 } })).toBe(3);
    expect(writeUnitsOf('PutItem', { Item: { pk: { S: 'x'.repeat(2100) } } }, undefined)).toBe(3);
    expect(writeUnitsOf('UpdateItem', { Key: {} }, undefined)).toBe(1);
    expect(writeUnitsOf('BatchWriteItem', {}, { ConsumedCapacity: [{ CapacityUnits: 4 }, { CapacityUnits: 5 }] })).toBe(9);
  });

  it('names what a request touches: a write by its sort key’s kind, a query by its index and partition', () => {
    expect(kindOf('UpdateItem', { Key: { pk: { S: 'CAND#b-1' }, sk: { S: 'TASK#court' } } })).toBe('UpdateItem:TASK');
    expect(kindOf('TransactWriteItems', { TransactItems: [{ Put: { Item: { sk: { S: 'EVENT#0001' } } } }] })).toBe(
      'TransactWriteItems:EVENT',
    );
    expect(
      readKindOf('Query', {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': { S: 'INBOX#court#open' } },
      }),
    ).toBe('Query:gsi1:INBOX');
    expect(
      readKindOf('Query', {
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': { S: 'CAND#b-1' } },
      }),
    ).toBe('Query:table:CAND');
    expect(readKindOf('GetItem', { Key: { pk: { S: 'CAND#b-1' }, sk: { S: 'VERDICT#court' } } })).toBe('GetItem:VERDICT');
    expect(readKindOf('BatchGetItem', { RequestItems: { t: { Keys: [{ pk: { S: 'CAND#b-1' }, sk: { S: 'DOSSIER' } }] } } })).toBe(
      'BatchGetItem:DOSSIER',
    );
    // An extract's rows of a person: the sort key starts with the campaign, so the partition names them.
    expect(
      readKindOf('BatchGetItem', { RequestItems: { t: { Keys: [{ pk: { S: 'DEPT#court#REC#ab12' }, sk: { S: 'c-2027#2026P#0000' } }] } } }),
    ).toBe('BatchGetItem:DEPT');
    expect(readKindOf('DescribeTable', {})).toBe('DescribeTable:?');
  });
});
