// Batches: written idempotently by (township, Idempotency-Key). The key item (the only item with a
// TTL) maps the key to the batch id and the request digest; candidates are written before the
// batch item, so a batch item always means "all candidates stored".
import { createHash } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Relative } from '../../domain/model.js';
import type { IdCrypto } from '../id-crypto.js';
import { mapLimit } from '../../app/common.js';
import {
  IdempotencyConflictError,
  newBatchRecord,
  letsIn,
  PersonAlreadySubmittedError,
  type BatchRecord,
  type BatchRepository,
  type NewBatch,
  type PersonClash,
} from '../../app/ports.js';
import { candidateIdFor } from '../../domain/ids.js';
import { candidateItem } from './candidates.js';
import { ENTITY, IDEMPOTENCY_TTL_SECONDS, keys } from './keys.js';
import { batchCountersOf } from './progress.js';
import { batchGetAll, batchWriteAll, epochSeconds, isConditionalFailure, queryAll, type TableContext } from './util.js';

const BatchItem = z.object({
  batchId: z.string(),
  campaignId: z.string(),
  township: z.string(),
  policyId: z.string(),
  submittedBy: z.string(),
  submittedAt: z.string(),
  total: z.number().int().nonnegative(),
  decided: z.number().int().nonnegative().default(0),
  failed: z.number().int().nonnegative().default(0),
  reportReady: z.boolean().default(false),
  filename: z.string().optional(),
});

const IdempotencyItem = z.object({ batchId: z.string(), requestDigest: z.string() });

const ClaimItem = z.object({
  batchId: z.string(),
  township: z.string(),
  submittedAt: z.string(),
  filename: z.string().optional(),
  seq: z.number().int(),
  candidateId: z.string().optional(),
});

/** Parallel conditional writes per batch: enough to keep a 5,000-row batch short, not a burst. */
const CLAIM_CONCURRENCY = 16;
const CLAIM_ATTEMPTS = 5;

/** The batch item's fields (batches written before the per-candidate markers also hold a set of counted ids: not read). */
export const BATCH_PROJECTION = {
  ProjectionExpression: '#b, #c, #t, #p, #sb, #sa, #total, #d, #fl, #r, #f',
  ExpressionAttributeNames: {
    '#b': 'batchId',
    '#c': 'campaignId',
    '#t': 'township',
    '#p': 'policyId',
    '#sb': 'submittedBy',
    '#sa': 'submittedAt',
    '#total': 'total',
    '#d': 'decided',
    '#fl': 'failed',
    '#r': 'reportReady',
    '#f': 'filename',
  },
};

export function batchFromItem(item: Record<string, unknown>): BatchRecord {
  return BatchItem.parse(item);
}

/** The batches with their counters, which live on each batch's PROGRESS item (progress.ts). */
async function withProgress(ctx: TableContext, batches: BatchRecord[]): Promise<BatchRecord[]> {
  if (batches.length === 0) return batches;
  const counts = await batchCountersOf(
    ctx,
    batches.map((b) => b.batchId),
  );
  return batches.map((b) => {
    const c = counts.get(b.batchId);
    return c === undefined ? b : { ...b, decided: c.decided, failed: c.failed };
  });
}

export function batchRepository(ctx: TableContext, crypto: IdCrypto): BatchRepository {
  const get = async (batchId: string): Promise<BatchRecord | undefined> => {
    const out = await ctx.doc.send(
      new GetCommand({ TableName: ctx.tableName, Key: keys.batch(batchId), ConsistentRead: true, ...BATCH_PROJECTION }),
    );
    if (out.Item === undefined) return undefined;
    const [batch] = await withProgress(ctx, [batchFromItem(out.Item)]);
    return batch;
  };

  const keyOf = (input: Pick<NewBatch, 'township' | 'idempotencyKey'>) =>
    keys.idempotency(input.township, createHash('sha256').update(input.idempotencyKey, 'utf8').digest('hex'));

  /** Claims the idempotency key; returns the batch id that owns it. */
  const claimKey = async (input: NewBatch): Promise<{ batchId: string; fresh: boolean }> => {
    const key = keyOf(input);
    try {
      await ctx.doc.send(
        new PutCommand({
          TableName: ctx.tableName,
          Item: {
            ...key,
            entity: ENTITY.idempotency,
            batchId: input.batchId,
            requestDigest: input.requestDigest,
            createdAt: input.submittedAt,
            expiresAt: epochSeconds(input.submittedAt) + IDEMPOTENCY_TTL_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { batchId: input.batchId, fresh: true };
    } catch (err) {
      if (!isConditionalFailure(err)) throw err;
      const out = await ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key: key, ConsistentRead: true }));
      if (out.Item === undefined) throw err;
      const existing = IdempotencyItem.parse(out.Item);
      if (existing.requestDigest !== input.requestDigest) throw new IdempotencyConflictError();
      return { batchId: existing.batchId, fresh: false };
    }
  };

  /**
   * Claims every person of the batch for the campaign. A claim this batch already holds (a retry
   * after a half-finished attempt) passes; one held by another batch is a clash. On any clash the
   * claims this attempt made and the idempotency key are released before throwing.
   */
  const claimPersons = async (input: NewBatch, batchId: string): Promise<void> => {
    const clashes: PersonClash[] = [];
    const made: { pk: string; sk: string }[] = [];
    await mapLimit(input.candidates, CLAIM_CONCURRENCY, async (row, i) => {
      const key = keys.personClaim(input.campaignId, crypto.hmac(row.idNumber));
      const item = {
        ...key,
        entity: ENTITY.personClaim,
        campaignId: input.campaignId,
        batchId,
        candidateId: candidateIdFor(batchId, i + 1),
        township: input.township,
        submittedAt: input.submittedAt,
        seq: row.seq,
        ...(input.filename === undefined ? {} : { filename: input.filename }),
      };
      // A claim released between our write and our read (the other batch gave way) is tried again.
      for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
        try {
          await ctx.doc.send(
            new PutCommand({
              TableName: ctx.tableName,
              Item: item,
              ConditionExpression: 'attribute_not_exists(pk) OR batchId = :b',
              ExpressionAttributeValues: { ':b': batchId },
            }),
          );
          made.push(key);
          return;
        } catch (err) {
          if (!isConditionalFailure(err)) throw err;
          const out = await ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key: key, ConsistentRead: true }));
          if (out.Item !== undefined) {
            const clash = { position: i + 1, ...ClaimItem.parse(out.Item) };
            if (!letsIn(input, clash)) clashes.push(clash);
            return;
          }
        }
      }
      throw new Error('a person claim kept changing while being written; retry the submission');
    });
    if (clashes.length === 0) return;
    await mapLimit(made, CLAIM_CONCURRENCY, (key) =>
      ctx.doc.send(
        new DeleteCommand({
          TableName: ctx.tableName,
          Key: key,
          ConditionExpression: 'batchId = :b',
          ExpressionAttributeValues: { ':b': batchId },
        }),
      ),
    );
    await ctx.doc.send(
      new DeleteCommand({
        TableName: ctx.tableName,
        Key: keyOf(input),
        ConditionExpression: 'batchId = :b',
        ExpressionAttributeValues: { ':b': batchId },
      }),
    );
    throw new PersonAlreadySubmittedError(clashes.sort((a, b) => a.position - b.position));
  };

  return {
    async create(input) {
      const { batchId, fresh } = await claimKey(input);
      const candidateIds = input.candidates.map((_, i) => candidateIdFor(batchId, i + 1));
      if (!fresh) {
        const existing = await get(batchId);
        if (existing !== undefined) return { created: false, batch: existing, candidateIds };
      }
      await claimPersons(input, batchId);
      const relativesOf = new Map<string, Relative[]>();
      for (const r of input.relatives) {
        const list = relativesOf.get(r.candidateIdNumber) ?? [];
        list.push(r);
        relativesOf.set(r.candidateIdNumber, list);
      }
      // Deterministic candidate ids: rewriting after a half-finished attempt overwrites, never duplicates.
      await batchWriteAll(
        ctx,
        input.candidates.map((row, i) => ({
          PutRequest: {
            Item: candidateItem(crypto, {
              candidateId: candidateIdFor(batchId, i + 1),
              campaignId: input.campaignId,
              batchId,
              position: i + 1,
              row,
              relatives: relativesOf.get(row.idNumber) ?? [],
            }),
          },
        })),
      );
      const batch: BatchRecord = newBatchRecord(batchId, input);
      try {
        await ctx.doc.send(
          new PutCommand({
            TableName: ctx.tableName,
            Item: {
              ...keys.batch(batchId),
              ...keys.batchByTownship(input.township, input.submittedAt, batchId),
              ...keys.batchByCampaign(input.campaignId, input.submittedAt, batchId),
              entity: ENTITY.batch,
              ...batch,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (err) {
        if (!isConditionalFailure(err)) throw err;
        const existing = await get(batchId);
        if (existing !== undefined) return { created: false, batch: existing, candidateIds };
        throw err;
      }
      return { created: fresh, batch, candidateIds };
    },
    async heldPersons(campaignId, candidates) {
      const positionOf = new Map(candidates.map((row, i) => [keys.personClaim(campaignId, crypto.hmac(row.idNumber)).pk, i + 1]));
      const items = await batchGetAll(
        ctx,
        [...positionOf.keys()].map((pk) => ({ pk, sk: 'CLAIM' })),
      );
      const clashes: PersonClash[] = [];
      for (const item of items) {
        const position = positionOf.get(String(item['pk']));
        if (position !== undefined) clashes.push({ position, ...ClaimItem.parse(item) });
      }
      return clashes.sort((a, b) => a.position - b.position);
    },
    get,
    async listByTownship(township) {
      const items = await queryAll(ctx, {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': `TOWNSHIP#${township}` },
        ScanIndexForward: false,
        ...BATCH_PROJECTION,
      });
      return withProgress(ctx, items.map(batchFromItem));
    },
    async listByCampaign(campaignId) {
      const items = await queryAll(ctx, {
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': `CAMPAIGN#${campaignId}#BATCHES` },
        ScanIndexForward: false,
        ...BATCH_PROJECTION,
      });
      return withProgress(ctx, items.map(batchFromItem));
    },
    async releasePersons(campaignId, batchId, idNumbers) {
      let released = 0;
      await mapLimit(idNumbers, CLAIM_CONCURRENCY, async (idNumber) => {
        try {
          await ctx.doc.send(
            new DeleteCommand({
              TableName: ctx.tableName,
              Key: keys.personClaim(campaignId, crypto.hmac(idNumber)),
              ConditionExpression: 'batchId = :b',
              ExpressionAttributeValues: { ':b': batchId },
            }),
          );
          released++;
        } catch (err) {
          // Another batch's claim (a person let in from another township), or released already.
          if (!isConditionalFailure(err)) throw err;
        }
      });
      return released;
    },
    async batchOfKey(township, idempotencyKey) {
      const out = await ctx.doc.send(
        new GetCommand({ TableName: ctx.tableName, Key: keyOf({ township, idempotencyKey }), ConsistentRead: true }),
      );
      return out.Item === undefined ? undefined : IdempotencyItem.parse(out.Item).batchId;
    },
  };
}
