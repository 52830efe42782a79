// Decisions (one item per candidate, indexed by campaign + final status on gsi2) and rulings.
// A repeated RecordDecision with the same content is a no-op; different content (the verdicts
// changed, e.g. after a redrive) replaces the decision and bumps its version.
import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { canonicalJson } from '../../domain/audit/canonical.js';
import { canRule, finalStatus } from '../../domain/decision.js';
import { Decision, DecisionOutcome, Ruling } from '../../domain/model.js';
import { ConflictError, type DecisionRepository, type RulingRepository, type StoredDecision } from '../../app/ports.js';
import { ENTITY, keys } from './keys.js';
import { cancellationCodes, isConditionalFailure, queryAll, type TableContext } from './util.js';

const DecisionItem = z.object({
  decision: Decision,
  batchId: z.string(),
  finalStatus: DecisionOutcome,
  digest: z.string(),
  version: z.number().int().positive(),
  ruling: Ruling.optional(),
});

function fromItem(item: Record<string, unknown>): StoredDecision {
  const d = DecisionItem.parse(item);
  return {
    decision: d.decision,
    batchId: d.batchId,
    finalStatus: d.finalStatus,
    digest: d.digest,
    version: d.version,
    ...(d.ruling === undefined ? {} : { ruling: d.ruling }),
  };
}

/** Digest of everything but `decidedAt`: the same verdicts give the same digest. */
export function decisionDigest(decision: Decision): string {
  const { decidedAt: _ignored, ...content } = decision;
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}

/** A ruling decides the referred items only; the domain says when it applies. */
function statusWith(decision: Decision, ruling: Ruling | undefined): DecisionOutcome {
  return finalStatus(decision, ruling);
}

async function getDecision(ctx: TableContext, candidateId: string): Promise<StoredDecision | undefined> {
  const out = await ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key: keys.decision(candidateId), ConsistentRead: true }));
  return out.Item === undefined ? undefined : fromItem(out.Item);
}

export function decisionRepository(ctx: TableContext): DecisionRepository {
  return {
    async put(input, batchId) {
      const decision = Decision.parse(input);
      const digest = decisionDigest(decision);
      const { candidateId, campaignId } = decision;
      for (let round = 0; round < 5; round++) {
        const fresh: StoredDecision = { decision, batchId, finalStatus: decision.outcome, digest, version: 1 };
        try {
          await ctx.doc.send(
            new PutCommand({
              TableName: ctx.tableName,
              Item: {
                ...keys.decision(candidateId),
                ...keys.decisionByCampaign(campaignId, fresh.finalStatus, candidateId),
                entity: ENTITY.decision,
                campaignId,
                ...fresh,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          );
          return { changed: true, stored: fresh };
        } catch (err) {
          if (!isConditionalFailure(err)) throw err;
        }
        const existing = await getDecision(ctx, candidateId);
        if (existing === undefined) continue;
        if (existing.digest === digest) return { changed: false, stored: existing };
        const status = statusWith(decision, existing.ruling);
        const next: StoredDecision = { ...existing, decision, digest, finalStatus: status, version: existing.version + 1 };
        const index = keys.decisionByCampaign(campaignId, status, candidateId);
        try {
          await ctx.doc.send(
            new UpdateCommand({
              TableName: ctx.tableName,
              Key: keys.decision(candidateId),
              UpdateExpression:
                'SET #decision = :d, #digest = :digest, #final = :final, #version = :version, #batch = :batch, gsi2pk = :g2pk, gsi2sk = :g2sk',
              ConditionExpression: '#digest = :old',
              ExpressionAttributeNames: {
                '#decision': 'decision',
                '#digest': 'digest',
                '#final': 'finalStatus',
                '#version': 'version',
                '#batch': 'batchId',
              },
              ExpressionAttributeValues: {
                ':d': decision,
                ':digest': digest,
                ':final': status,
                ':version': next.version,
                ':batch': batchId,
                ':g2pk': index.gsi2pk,
                ':g2sk': index.gsi2sk,
                ':old': existing.digest,
              },
            }),
          );
          return { changed: true, stored: next };
        } catch (err) {
          if (!isConditionalFailure(err)) throw err;
        }
      }
      throw new Error('decision kept changing while being recorded; retry');
    },

    get: (candidateId) => getDecision(ctx, candidateId),

    async listByCampaign(campaignId, status) {
      const items = await queryAll(ctx, {
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': keys.decisionPartition(campaignId, status) },
      });
      return items.map(fromItem);
    },
  };
}

const RulingItem = z.object({ ruling: Ruling });

export function rulingRepository(ctx: TableContext): RulingRepository {
  const get = async (candidateId: string): Promise<Ruling | undefined> => {
    const out = await ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key: keys.ruling(candidateId), ConsistentRead: true }));
    return out.Item === undefined ? undefined : RulingItem.parse(out.Item).ruling;
  };
  return {
    async put(input) {
      const ruling = Ruling.parse(input);
      const stored = await getDecision(ctx, ruling.candidateId);
      if (stored === undefined || !canRule(stored.decision) || stored.decision.campaignId !== ruling.campaignId) {
        throw new ConflictError('该人选没有待研判的情形');
      }
      const status = finalStatus(stored.decision, ruling);
      const index = keys.decisionByCampaign(ruling.campaignId, status, ruling.candidateId);
      try {
        await ctx.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: ctx.tableName,
                  Item: { ...keys.ruling(ruling.candidateId), entity: ENTITY.ruling, campaignId: ruling.campaignId, ruling },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Update: {
                  TableName: ctx.tableName,
                  Key: keys.decision(ruling.candidateId),
                  UpdateExpression: 'SET #ruling = :r, #final = :final, gsi2pk = :g2pk, gsi2sk = :g2sk',
                  ConditionExpression: '#digest = :digest',
                  ExpressionAttributeNames: { '#ruling': 'ruling', '#final': 'finalStatus', '#digest': 'digest' },
                  ExpressionAttributeValues: {
                    ':r': ruling,
                    ':final': status,
                    ':g2pk': index.gsi2pk,
                    ':g2sk': index.gsi2sk,
                    ':digest': stored.digest,
                  },
                },
              },
            ],
          }),
        );
        return { created: true, ruling };
      } catch (err) {
        const codes = cancellationCodes(err);
        if (codes === undefined) throw err;
        if (codes[0] === 'ConditionalCheckFailed') {
          const existing = await get(ruling.candidateId);
          if (existing !== undefined) return { created: false, ruling: existing };
        }
        if (codes[1] === 'ConditionalCheckFailed') throw new ConflictError('裁定期间该候选人的结论已变化，请刷新后重试');
        throw err;
      }
    },
    get,

    async revise(input, expected) {
      const ruling = Ruling.parse(input);
      const stored = await getDecision(ctx, ruling.candidateId);
      if (stored === undefined || stored.version !== expected.version) return { revised: false };
      const status = finalStatus(stored.decision, ruling);
      const version = stored.version + 1;
      const index = keys.decisionByCampaign(stored.decision.campaignId, status, ruling.candidateId);
      try {
        await ctx.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: ctx.tableName,
                  Key: keys.ruling(ruling.candidateId),
                  UpdateExpression: 'SET #ruling = :r',
                  ConditionExpression: '#ruling.#at = :at',
                  ExpressionAttributeNames: { '#ruling': 'ruling', '#at': 'ruledAt' },
                  ExpressionAttributeValues: { ':r': ruling, ':at': expected.ruledAt },
                },
              },
              {
                Update: {
                  TableName: ctx.tableName,
                  Key: keys.decision(ruling.candidateId),
                  UpdateExpression: 'SET #ruling = :r, #final = :final, #version = :version, gsi2pk = :g2pk, gsi2sk = :g2sk',
                  ConditionExpression: '#version = :old',
                  ExpressionAttributeNames: { '#ruling': 'ruling', '#final': 'finalStatus', '#version': 'version' },
                  ExpressionAttributeValues: {
                    ':r': ruling,
                    ':final': status,
                    ':version': version,
                    ':old': stored.version,
                    ':g2pk': index.gsi2pk,
                    ':g2sk': index.gsi2sk,
                  },
                },
              },
            ],
          }),
        );
      } catch (err) {
        if (cancellationCodes(err) === undefined) throw err;
        return { revised: false };
      }
      return { revised: true, stored: { ...stored, ruling, finalStatus: status, version } };
    },
  };
}
