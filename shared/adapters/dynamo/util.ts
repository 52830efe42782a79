// Small DynamoDB helpers shared by the repositories: paging, batch writes with retry of
// unprocessed items, and recognising conditional/transaction failures.
import { z } from 'zod';
import {
  BatchGetCommand,
  BatchWriteCommand,
  GetCommand,
  QueryCommand,
  paginateQuery,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';

export interface TableContext {
  doc: DynamoDBDocumentClient;
  tableName: string;
}

type Item = Record<string, unknown>;

export function errorName(err: unknown): string | undefined {
  return err instanceof Error ? err.name : undefined;
}

export function isConditionalFailure(err: unknown): boolean {
  return errorName(err) === 'ConditionalCheckFailedException';
}

/** Per-item reason codes of a cancelled transaction (e.g. "None", "ConditionalCheckFailed"). */
/** Runs a conditional write: true when it was written, false when its condition did not hold. */
export async function writtenIf(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (err) {
    if (isConditionalFailure(err)) return false;
    throw err;
  }
}

export function cancellationCodes(err: unknown): string[] | undefined {
  if (errorName(err) !== 'TransactionCanceledException' || typeof err !== 'object' || err === null) return undefined;
  const reasons: unknown = Reflect.get(err, 'CancellationReasons');
  if (!Array.isArray(reasons)) return [];
  return reasons.map((r: unknown) => {
    const code: unknown = typeof r === 'object' && r !== null ? Reflect.get(r, 'Code') : undefined;
    return typeof code === 'string' ? code : 'None';
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Jittered, capped backoff for optimistic-concurrency retries. */
export function backoffMs(attempt: number): number {
  return Math.round(Math.random() * Math.min(250, 5 * 2 ** Math.min(attempt, 6)));
}

export async function queryAll(ctx: TableContext, input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Item[]> {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await ctx.doc.send(new QueryCommand({ ...input, TableName: ctx.tableName, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start !== undefined && (input.Limit === undefined || items.length < input.Limit));
  return input.Limit === undefined ? items : items.slice(0, input.Limit);
}

/** How many items a Query matches (Select COUNT, every page): DynamoDB still reads them but sends none back. */
export async function countAll(
  ctx: TableContext,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey' | 'Select'>,
): Promise<number> {
  let count = 0;
  for await (const page of paginateQuery({ client: ctx.doc }, { ...input, TableName: ctx.tableName, Select: 'COUNT' })) {
    count += page.Count ?? 0;
  }
  return count;
}

const BATCH_WRITE_LIMIT = 25;

/** Writes puts/deletes in chunks of 25, retrying unprocessed items with backoff. */
export type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Item } };

export async function batchWriteAll(ctx: TableContext, requests: WriteRequest[]): Promise<void> {
  for (let i = 0; i < requests.length; i += BATCH_WRITE_LIMIT) {
    let pending = requests.slice(i, i + BATCH_WRITE_LIMIT);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 12) throw new Error(`BatchWrite: ${pending.length} items still unprocessed after retries`);
      if (attempt > 0) await sleep(backoffMs(attempt) + 20);
      const out = await ctx.doc.send(new BatchWriteCommand({ RequestItems: { [ctx.tableName]: pending } }));
      const left = out.UnprocessedItems?.[ctx.tableName] ?? [];
      pending = left.flatMap((r): WriteRequest[] => {
        if (r.PutRequest?.Item !== undefined) return [{ PutRequest: { Item: r.PutRequest.Item } }];
        if (r.DeleteRequest?.Key !== undefined) return [{ DeleteRequest: { Key: r.DeleteRequest.Key } }];
        return [];
      });
    }
  }
}

/** Epoch seconds for the TTL attribute. */
export function epochSeconds(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`not an ISO timestamp: ${iso}`);
  return Math.floor(ms / 1000);
}

/** Drops undefined members, so items write the same whatever the client's marshall options. */
export function withoutUndefined(item: Item): Item {
  return Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined));
}

const ItemKey = z.object({ pk: z.string(), sk: z.string() });

/**
 * A gsi2 query whose items are few (campaigns, policy versions) and whose attributes gsi2 does not
 * project: the index gives the keys, each item is read from the table (docs/data-model.md).
 */
export async function queryKeysThenGet(
  ctx: TableContext,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey' | 'ProjectionExpression'>,
  get: { ProjectionExpression?: string; ExpressionAttributeNames?: Record<string, string> } = {},
): Promise<Item[]> {
  const refs = await queryAll(ctx, { ...input, ProjectionExpression: 'pk, sk' });
  const items: Item[] = [];
  // Sequential in pages of 8: these lists are dozens of items.
  for (let i = 0; i < refs.length; i += 8) {
    const page = await Promise.all(
      refs.slice(i, i + 8).map(async (ref) => {
        const out = await ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key: ItemKey.parse(ref), ...get }));
        return out.Item;
      }),
    );
    for (const item of page) if (item !== undefined) items.push(item);
  }
  return items;
}

/** BatchGetItem takes at most 100 keys. */
const BATCH_GET_KEYS = 100;

/**
 * Reads the items of `itemKeys` (strongly consistent) in BatchGetItem pages of 100, retrying
 * unprocessed keys with backoff; missing items are left out, order is not kept.
 */
export async function batchGetAll(
  ctx: TableContext,
  itemKeys: readonly Record<string, unknown>[],
  projection: { ProjectionExpression?: string; ExpressionAttributeNames?: Record<string, string> } = {},
): Promise<Item[]> {
  const items: Item[] = [];
  for (let i = 0; i < itemKeys.length; i += BATCH_GET_KEYS) {
    let wanted: Record<string, unknown>[] = itemKeys.slice(i, i + BATCH_GET_KEYS);
    for (let attempt = 0; wanted.length > 0; attempt += 1) {
      if (attempt > 0) await sleep(backoffMs(attempt));
      const out = await ctx.doc.send(
        new BatchGetCommand({ RequestItems: { [ctx.tableName]: { Keys: wanted, ConsistentRead: true, ...projection } } }),
      );
      items.push(...(out.Responses?.[ctx.tableName] ?? []));
      wanted = out.UnprocessedKeys?.[ctx.tableName]?.Keys ?? [];
    }
  }
  return items;
}
