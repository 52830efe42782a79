// Export jobs: one item each, listed per requester on gsi1 (newest first). Every status change is
// conditional on the status the caller expects, so two deliveries of one job cannot both finish
// it. Jobs expire with the table's TTL a week after they were asked for (the files sooner).
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { ExportJob, ExportJobRepository } from '../../app/ports.js';
import { ENTITY, keys } from './keys.js';
import { epochSeconds, isConditionalFailure, type TableContext, withoutUndefined } from './util.js';

export const EXPORT_JOB_KEPT_SECONDS = 7 * 24 * 3600;

const Status = z.enum(['queued', 'running', 'done', 'failed']);
const ExportJobItem = z.object({
  jobId: z.string(),
  owner: z.string(),
  caller: z.object({
    userId: z.string(),
    username: z.string(),
    townships: z.array(z.string()),
    departments: z.array(z.string()),
    orgdept: z.boolean(),
  }),
  kind: z.enum(['clearance', 'feedback', 'ledger']),
  scope: z.object({ campaignId: z.string().optional(), batchId: z.string().optional(), township: z.string().optional() }),
  fullIds: z.boolean(),
  status: Status,
  createdAt: z.string(),
  updatedAt: z.string(),
  attempts: z.number().int(),
  file: z.object({ key: z.string(), name: z.string(), contentType: z.string(), bytes: z.number(), rows: z.number() }).optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});

function fromItem(item: Record<string, unknown>): ExportJob {
  const { file, error, scope, ...rest } = ExportJobItem.parse(item);
  return {
    ...rest,
    scope: {
      ...(scope.campaignId === undefined ? {} : { campaignId: scope.campaignId }),
      ...(scope.batchId === undefined ? {} : { batchId: scope.batchId }),
      ...(scope.township === undefined ? {} : { township: scope.township }),
    },
    ...(file === undefined ? {} : { file }),
    ...(error === undefined ? {} : { error }),
  };
}

export function exportJobRepository(ctx: TableContext): ExportJobRepository {
  return {
    async create(job) {
      try {
        await ctx.doc.send(
          new PutCommand({
            TableName: ctx.tableName,
            Item: withoutUndefined({
              ...keys.exportJob(job.jobId),
              ...keys.exportByOwner(job.owner, job.createdAt, job.jobId),
              entity: ENTITY.exportJob,
              ...job,
              expiresAt: epochSeconds(job.createdAt) + EXPORT_JOB_KEPT_SECONDS,
            }),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return 'created';
      } catch (err) {
        if (isConditionalFailure(err)) return 'exists';
        throw err;
      }
    },
    async get(jobId) {
      const out = await ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key: keys.exportJob(jobId), ConsistentRead: true }));
      return out.Item === undefined ? undefined : fromItem(out.Item);
    },
    async listByOwner(owner, limit) {
      const out = await ctx.doc.send(
        new QueryCommand({
          TableName: ctx.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :p',
          ExpressionAttributeValues: { ':p': keys.exportOwnerPartition(owner) },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (out.Items ?? []).map(fromItem);
    },
    async transition(jobId, from, patch) {
      const fields = Object.entries(patch).filter(([, v]) => v !== undefined);
      const names: Record<string, string> = { '#status': 'status' };
      const values: Record<string, unknown> = {};
      from.forEach((s, i) => {
        values[`:from${i}`] = s;
      });
      const sets = fields.map(([k, v], i) => {
        names[`#f${i}`] = k;
        values[`:v${i}`] = v;
        return `#f${i} = :v${i}`;
      });
      try {
        const out = await ctx.doc.send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: keys.exportJob(jobId),
            UpdateExpression: `SET ${sets.join(', ')}`,
            ConditionExpression: `attribute_exists(pk) AND #status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
          }),
        );
        return out.Attributes === undefined ? undefined : fromItem(out.Attributes);
      } catch (err) {
        if (isConditionalFailure(err)) return undefined;
        throw err;
      }
    },
  };
}
