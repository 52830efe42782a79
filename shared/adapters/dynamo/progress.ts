// Batch progress: the batch item keeps `decided` and the string set `counted` of candidate ids,
// updated in one conditional UpdateItem, so a candidate counts once however often
// CountBatchProgress is retried. The report is written once, then the batch is flagged ready.
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { RelativeConflictView, VillageStructure } from '../../api/batches.js';
import type { BatchReport, ProgressRepository } from '../../app/ports.js';
import { ENTITY, keys } from './keys.js';
import { isConditionalFailure, type TableContext } from './util.js';

const Counts = z.object({ decided: z.number().int().nonnegative().default(0), total: z.number().int().nonnegative() });

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
  const counts = async (batchId: string): Promise<{ decided: number; total: number }> => {
    const out = await ctx.doc.send(
      new GetCommand({
        TableName: ctx.tableName,
        Key: keys.batch(batchId),
        ConsistentRead: true,
        ProjectionExpression: '#d, #t',
        ExpressionAttributeNames: { '#d': 'decided', '#t': 'total' },
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

  return {
    async countDecided(batchId, candidateId) {
      try {
        await ctx.doc.send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: keys.batch(batchId),
            UpdateExpression: 'ADD #d :one, #counted :ids',
            ConditionExpression: 'attribute_exists(pk) AND NOT contains(#counted, :id)',
            ExpressionAttributeNames: { '#d': 'decided', '#counted': 'counted' },
            ExpressionAttributeValues: { ':one': 1, ':ids': new Set([candidateId]), ':id': candidateId },
          }),
        );
        return { counted: true, ...(await counts(batchId)) };
      } catch (err) {
        if (!isConditionalFailure(err)) throw err;
        return { counted: false, ...(await counts(batchId)) };
      }
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
