// Batch progress: a marker item per counted candidate (conditional Put) and the counter `decided`
// on the batch's PROGRESS item (ADD), written in one transaction, so a candidate counts once however
// often CountBatchProgress is retried. The counters live apart from the batch item, which both
// indexes copy: a count writes two small items and no index. Failed candidates (the workflow's
// catch-all) get the same pair: a FAILED# marker and `failed`. Batches counted before the PROGRESS
// item kept their counters on the batch item; both are added up. The report is written once, then
// the batch is flagged ready.
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { RelativeConflictView, VillageStructure } from '../../api/batches.js';
import type { BatchReport, ProgressRepository } from '../../app/ports.js';
import { ENTITY, keys } from './keys.js';
import { batchGetAll, cancellationCodes, isConditionalFailure, queryAll, type TableContext } from './util.js';

const FailedItem = z.object({ candidateId: z.string() });
const CounterItem = z.object({
  pk: z.string(),
  sk: z.string(),
  decided: z.number().int().default(0),
  failed: z.number().int().default(0),
  total: z.number().int().nonnegative().optional(),
});

export interface ProgressCounts {
  decided: number;
  failed: number;
}

const COUNTER_PROJECTION = {
  ProjectionExpression: 'pk, sk, #d, #f, #t',
  ExpressionAttributeNames: { '#d': 'decided', '#f': 'failed', '#t': 'total' },
};

/** The counters of each batch (its PROGRESS item plus what a batch counted before it kept on its own item). */
export async function batchCountersOf(
  ctx: TableContext,
  batchIds: readonly string[],
): Promise<Map<string, ProgressCounts & { total?: number }>> {
  const wanted = batchIds.flatMap((id) => [keys.batch(id), keys.batchProgress(id)]);
  const counts = new Map<string, ProgressCounts & { total?: number }>();
  for (const raw of await batchGetAll(ctx, wanted, COUNTER_PROJECTION)) {
    const item = CounterItem.parse(raw);
    const batchId = item.pk.slice('BATCH#'.length);
    const sum = counts.get(batchId) ?? { decided: 0, failed: 0 };
    sum.decided += item.decided;
    sum.failed += item.failed;
    if (item.sk === keys.batch(batchId).sk && item.total !== undefined) sum.total = item.total;
    counts.set(batchId, sum);
  }
  return counts;
}

// Stored as the API shows it (GET /batches/{id} `checks`): conflicts by candidate id, never ID numbers.
const ReportItem = z.object({
  report: z.object({
    batchId: z.string(),
    campaignId: z.string(),
    policy: z.object({ id: z.string(), version: z.string() }),
    createdAt: z.string(),
    conflicts: z.array(RelativeConflictView),
    structure: z.array(VillageStructure),
  }),
});

export function progressRepository(ctx: TableContext): ProgressRepository {
  const counts = async (batchId: string): Promise<{ decided: number; failed: number; total: number }> => {
    const found = (await batchCountersOf(ctx, [batchId])).get(batchId);
    if (found?.total === undefined) throw new Error(`batch ${batchId} not found`);
    return { decided: found.decided, failed: found.failed, total: found.total };
  };

  const markReady = async (batchId: string): Promise<void> => {
    await ctx.doc.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: keys.batch(batchId),
        UpdateExpression: 'SET #r = :t',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#r': 'reportReady' },
        ExpressionAttributeValues: { ':t': true },
      }),
    );
  };

  /** Once counted, a candidate is no longer failed: the marker goes and the counter drops, together. */
  const clearFailure = async (batchId: string, candidateId: string): Promise<void> => {
    try {
      await ctx.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: ctx.tableName,
                Key: keys.batchFailed(batchId, candidateId),
                ConditionExpression: 'attribute_exists(pk)',
              },
            },
            {
              Update: {
                TableName: ctx.tableName,
                Key: keys.batchProgress(batchId),
                UpdateExpression: 'SET #e = :e ADD #f :minus',
                ExpressionAttributeNames: { '#e': 'entity', '#f': 'failed' },
                ExpressionAttributeValues: { ':e': ENTITY.batchProgress, ':minus': -1 },
              },
            },
          ],
        }),
      );
    } catch (err) {
      if (cancellationCodes(err)?.[0] !== 'ConditionalCheckFailed') throw err;
    }
  };

  /** Puts the marker unless it exists and ADDs 1 to the batch's counter, in one transaction: false when the marker was there. */
  const putMarker = async (batchId: string, item: Record<string, unknown>, counter: 'decided' | 'failed'): Promise<boolean> => {
    try {
      await ctx.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: ctx.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
            {
              Update: {
                TableName: ctx.tableName,
                Key: keys.batchProgress(batchId),
                UpdateExpression: 'SET #e = :e ADD #n :one',
                ExpressionAttributeNames: { '#e': 'entity', '#n': counter },
                ExpressionAttributeValues: { ':e': ENTITY.batchProgress, ':one': 1 },
              },
            },
          ],
        }),
      );
      return true;
    } catch (err) {
      if (cancellationCodes(err)?.[0] === 'ConditionalCheckFailed') return false;
      throw err;
    }
  };

  return {
    async countDecided(batchId, candidateId) {
      const marker = { ...keys.batchCounted(batchId, candidateId), entity: ENTITY.batchCounted, candidateId };
      const counted = await putMarker(batchId, marker, 'decided');
      const { decided, failed, total } = await counts(batchId);
      // Only a batch with failures pays for the check (a redriven candidate that got through).
      if (failed > 0) await clearFailure(batchId, candidateId);
      return { counted, decided, total };
    },

    async markFailed(batchId, candidateId, failure) {
      const marker = { ...keys.batchFailed(batchId, candidateId), entity: ENTITY.batchFailed, candidateId, ...failure };
      return { recorded: await putMarker(batchId, marker, 'failed') };
    },

    async listFailed(batchId) {
      const items = await queryAll(ctx, {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':pk': keys.batch(batchId).pk, ':p': keys.batchFailedPrefix },
        ProjectionExpression: 'candidateId',
        ConsistentRead: true,
      });
      return items.map((i) => FailedItem.parse(i).candidateId);
    },

    async putReport(report: BatchReport) {
      let created = true;
      try {
        await ctx.doc.send(
          new PutCommand({
            TableName: ctx.tableName,
            Item: { ...keys.batchReport(report.batchId), entity: ENTITY.batchReport, report },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (err) {
        if (!isConditionalFailure(err)) throw err;
        created = false;
      }
      // Also on a repeat: an earlier attempt may have stopped before the flag.
      await markReady(report.batchId);
      return { created };
    },

    async getReport(batchId) {
      const out = await ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key: keys.batchReport(batchId), ConsistentRead: true }));
      return out.Item === undefined ? undefined : ReportItem.parse(out.Item).report;
    },
  };
}
