// Batch progress: a marker item per counted candidate (conditional Put) and the counter `decided`
// on the batch item (ADD), written in one transaction, so a candidate counts once however often
// CountBatchProgress is retried and the batch item stays ~300 bytes at any batch size. Failed
// candidates (the workflow's catch-all) get the same pair: a FAILED# marker and `failed`.
// The report is written once, then the batch is flagged ready.
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { RelativeConflictView, VillageStructure } from '../../api/batches.js';
import type { BatchReport, ProgressRepository } from '../../app/ports.js';
import { ENTITY, keys } from './keys.js';
import { cancellationCodes, isConditionalFailure, queryAll, type TableContext } from './util.js';

const FailedItem = z.object({ candidateId: z.string() });
const Counts = z.object({
  decided: z.number().int().nonnegative().default(0),
  failed: z.number().int().default(0),
  total: z.number().int().nonnegative(),
});

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
    const out = await ctx.doc.send(
      new GetCommand({
        TableName: ctx.tableName,
        Key: keys.batch(batchId),
        ConsistentRead: true,
        ProjectionExpression: '#d, #f, #t',
        ExpressionAttributeNames: { '#d': 'decided', '#f': 'failed', '#t': 'total' },
      }),
    );
    if (out.Item === undefined) throw new Error(`batch ${batchId} not found`);
    return Counts.parse(out.Item);
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
                Key: keys.batch(batchId),
                UpdateExpression: 'ADD #f :minus',
                ExpressionAttributeNames: { '#f': 'failed' },
                ExpressionAttributeValues: { ':minus': -1 },
              },
            },
          ],
        }),
      );
    } catch (err) {
      if (cancellationCodes(err)?.[0] !== 'ConditionalCheckFailed') throw err;
    }
  };

  /**
   * Puts the marker unless it exists and ADDs 1 to the batch's counter, in one transaction:
   * `exists` when the marker was there, `refused` when the batch item's condition failed.
   */
  const putMarker = async (
    batchId: string,
    item: Record<string, unknown>,
    counter: 'decided' | 'failed',
    refuse?: { condition: string; names: Record<string, string>; values: Record<string, unknown> },
  ): Promise<'added' | 'exists' | 'refused'> => {
    try {
      await ctx.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: ctx.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
            {
              Update: {
                TableName: ctx.tableName,
                Key: keys.batch(batchId),
                UpdateExpression: 'ADD #n :one',
                ConditionExpression: `attribute_exists(pk)${refuse ? ` AND ${refuse.condition}` : ''}`,
                ExpressionAttributeNames: { '#n': counter, ...refuse?.names },
                ExpressionAttributeValues: { ':one': 1, ...refuse?.values },
              },
            },
          ],
        }),
      );
      return 'added';
    } catch (err) {
      const codes = cancellationCodes(err);
      if (codes?.[0] === 'ConditionalCheckFailed') return 'exists';
      if (codes?.[1] !== 'ConditionalCheckFailed') throw err;
      const batch = await ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key: keys.batch(batchId), ProjectionExpression: 'pk' }));
      if (batch.Item === undefined) throw new Error(`batch ${batchId} not found`);
      return 'refused';
    }
  };

  return {
    async countDecided(batchId, candidateId) {
      const marker = { ...keys.batchCounted(batchId, candidateId), entity: ENTITY.batchCounted, candidateId };
      // Batches counted before the markers kept a set of ids: a candidate in it counts once too.
      const legacy = { condition: 'NOT contains(#counted, :id)', names: { '#counted': 'counted' }, values: { ':id': candidateId } };
      const counted = (await putMarker(batchId, marker, 'decided', legacy)) === 'added';
      const { decided, failed, total } = await counts(batchId);
      // Only a batch with failures pays for the check (a redriven candidate that got through).
      if (failed > 0) await clearFailure(batchId, candidateId);
      return { counted, decided, total };
    },

    async markFailed(batchId, candidateId, failure) {
      const marker = { ...keys.batchFailed(batchId, candidateId), entity: ENTITY.batchFailed, candidateId, ...failure };
      return { recorded: (await putMarker(batchId, marker, 'failed')) === 'added' };
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
