// The holiday calendar (放假安排) the organization department maintains: one item per year.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { HolidayYear } from '../../domain/working-days.js';
import type { HolidayRepository, StoredHolidayYear } from '../../app/ports.js';
import { ENTITY, keys } from './keys.js';
import { queryAll, type TableContext } from './util.js';

const HolidayItem = z.object({
  year: HolidayYear,
  notes: z.record(z.string(), z.string()).default({}),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

function fromItem(item: Record<string, unknown>): StoredHolidayYear {
  return HolidayItem.parse(item);
}

export function holidayRepository(ctx: TableContext): HolidayRepository {
  return {
    async list() {
      const items = await queryAll(ctx, {
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': keys.holidayPartition },
        ConsistentRead: true,
      });
      return items.map(fromItem).sort((a, b) => a.year.year - b.year.year);
    },
    async get(year) {
      const out = await ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key: keys.holidayYear(year), ConsistentRead: true }));
      return out.Item === undefined ? undefined : fromItem(out.Item);
    },
    async put(stored) {
      const out = await ctx.doc.send(
        new PutCommand({
          TableName: ctx.tableName,
          Item: { ...keys.holidayYear(stored.year.year), entity: ENTITY.holidayYear, ...stored },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return out.Attributes === undefined ? {} : { previous: fromItem(out.Attributes) };
    },
  };
}
