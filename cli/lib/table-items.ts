// Items of the one table as they travel in archives: DynamoDB's own JSON (AttributeValue maps),
// one item per line, so types (numbers, string sets) come back exactly and an archive can be loaded
// into DynamoDB Local or into a table on AWS alike.
import { BatchWriteItemCommand, ScanCommand, type AttributeValue, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';

export type Item = Record<string, AttributeValue>;

/** Every item of the table, page by page. */
export async function* scanItems(client: DynamoDBClient, tableName: string): AsyncGenerator<Item> {
  let start: Item | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }));
    for (const item of page.Items ?? []) yield item;
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
}

/** One line of an archive; binary values (a chain head's remembered dedupe keys) travel as base64. */
export function itemLine(item: Item): string {
  return JSON.stringify(item, (_key, value: unknown) =>
    value instanceof Uint8Array ? { $base64: Buffer.from(value).toString('base64') } : value,
  );
}

const Base64 = z.object({ $base64: z.string() });
const AttributeValueShape: z.ZodType<AttributeValue> = z.lazy(() =>
  z.union([
    z.object({ S: z.string() }),
    z.object({ N: z.string() }),
    z.object({ BOOL: z.boolean() }),
    z.object({ NULL: z.literal(true) }),
    z.object({ SS: z.array(z.string()) }),
    z.object({ NS: z.array(z.string()) }),
    z.object({ L: z.array(AttributeValueShape) }),
    z.object({ M: z.record(z.string(), AttributeValueShape) }),
    z.object({ B: z.instanceof(Uint8Array) }),
    z.object({ BS: z.array(z.instanceof(Uint8Array)) }),
  ]),
);
const ItemShape = z.record(z.string(), AttributeValueShape);

/** Parses one archive line back into an item; throws on anything that is not one. */
export function parseItemLine(line: string): Item {
  const raw: unknown = JSON.parse(line, (_key, value: unknown) => {
    const b = Base64.safeParse(value);
    return b.success ? new Uint8Array(Buffer.from(b.data.$base64, 'base64')) : value;
  });
  return ItemShape.parse(raw);
}

/** The `entity` attribute every item carries (docs/data-model.md). */
export function entityOf(item: Item): string {
  const e = item['entity'];
  return e !== undefined && 'S' in e && typeof e.S === 'string' ? e.S : '(无 entity)';
}

export function stringAttr(item: Item, name: string): string | undefined {
  const v = item[name];
  return v !== undefined && 'S' in v && typeof v.S === 'string' ? v.S : undefined;
}

/** Counts per entity. */
export function countEntities(items: Iterable<Item>, into: Record<string, number> = {}): Record<string, number> {
  for (const item of items) {
    const e = entityOf(item);
    into[e] = (into[e] ?? 0) + 1;
  }
  return into;
}

const BATCH = 25;

/** Writes items with BatchWriteItem (25 a request, a few in flight), retrying unprocessed ones. */
export async function writeItems(client: DynamoDBClient, tableName: string, items: readonly Item[], concurrency = 4): Promise<void> {
  const chunks: Item[][] = [];
  for (let i = 0; i < items.length; i += BATCH) chunks.push(items.slice(i, i + BATCH));
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const chunk = chunks[next];
      next += 1;
      if (chunk === undefined) continue;
      let pending: WriteRequest[] = chunk.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 15) throw new Error(`BatchWriteItem: ${pending.length} items still unprocessed after retries`);
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** attempt)));
        const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
        pending = out.UnprocessedItems?.[tableName] ?? [];
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, () => worker()));
}
