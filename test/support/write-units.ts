// DynamoDB write units as AWS bills them, counted on a client's requests: every write asks for its
// ConsumedCapacity (INDEXES, so GSI copies count). DynamoDB Local reports single writes as AWS
// would; inside a transaction it does not (three small Puts: 4 where AWS bills 6), so a
// transaction's table part is counted here: 2 units per started KB of each item (ConditionCheck,
// Update and Delete items as one KB: the items this code touches that way are small), plus the GSI
// units DynamoDB Local reports.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand']);

const Capacity = z.looseObject({
  CapacityUnits: z.number().optional(),
  Table: z.looseObject({ CapacityUnits: z.number().optional() }).optional(),
  GlobalSecondaryIndexes: z.record(z.string(), z.looseObject({ CapacityUnits: z.number().optional() })).optional(),
});
const Output = z.looseObject({ ConsumedCapacity: z.union([Capacity, z.array(Capacity)]).optional() });
const TransactInput = z.looseObject({
  TransactItems: z.array(z.looseObject({ Put: z.looseObject({ Item: z.record(z.string(), z.unknown()) }).optional() })),
});

const kb = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));
const gsiUnits = (c: z.infer<typeof Capacity>) =>
  Object.values(c.GlobalSecondaryIndexes ?? {}).reduce((n, g) => n + (g.CapacityUnits ?? 0), 0);

export function meterWriteUnits(client: DynamoDBClient, meter: { units: number }): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? '';
      if (!WRITES.has(name)) return next(args);
      Reflect.set(args.input as object, 'ReturnConsumedCapacity', 'INDEXES');
      const result = await next(args);
      const consumed = Output.parse(result.output).ConsumedCapacity;
      const list = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed];
      if (name === 'TransactWriteItemsCommand') {
        const items = TransactInput.parse(args.input).TransactItems;
        const table = items.reduce(
          (n, item) => n + 2 * (item.Put === undefined ? 1 : kb(Buffer.byteLength(JSON.stringify(item.Put.Item)))),
          0,
        );
        meter.units += table + list.reduce((n, c) => n + gsiUnits(c), 0);
      } else {
        meter.units += list.reduce((n, c) => n + (c.CapacityUnits ?? 0), 0);
      }
      return result;
    },
    { step: 'initialize', name: 'meterWriteUnits' },
  );
}
