// Re-checks and withdrawals. A re-check is one item per (candidate, department), the latest, plus a
// counter item numbering the candidate's re-checks; opening one is a transaction that also removes
// the department's verdict and task (conditional on the verdict being the one the caller saw), so
// the workflow asks that department afresh. A withdrawal is one item per candidate, listed per
// campaign on gsi2.
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { StoredAnswerEvent } from '../../domain/audit/answers.js';
import { Recheck, Withdrawal } from '../../domain/review-changes.js';
import type { ReviewChangeRepository } from '../../app/ports.js';
import { ENTITY, keys } from './keys.js';
import { batchGetAll, cancellationCodes, isConditionalFailure, queryAll, queryKeysThenGet, type TableContext } from './util.js';
import { fromItem } from './verdicts.js';

const RecheckItem = z.object({
  recheck: Recheck,
  previousVerdict: z.record(z.string(), z.unknown()),
  setAside: z.array(StoredAnswerEvent).optional(),
});
const WithdrawalItem = z.object({ withdrawal: Withdrawal });
const CandidateKey = z.object({ pk: z.string().startsWith('CAND#') });

export function reviewChangeRepository(ctx: TableContext): ReviewChangeRepository {
  const withdrawal = async (candidateId: string): Promise<Withdrawal | undefined> => {
    const out = await ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key: keys.withdrawal(candidateId), ConsistentRead: true }));
    return out.Item === undefined ? undefined : WithdrawalItem.parse(out.Item).withdrawal;
  };
  return {
    async rechecks(candidateId) {
      const items = await queryAll(ctx, {
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': `CAND#${candidateId}`, ':s': keys.recheckPrefix },
        ConsistentRead: true,
      });
      return items.map((item) => {
        const parsed = RecheckItem.parse(item);
        return { recheck: parsed.recheck, previousVerdict: fromItem(parsed.previousVerdict), setAside: parsed.setAside ?? [] };
      });
    },

    async openRecheck(input, expected, setAside) {
      const recheck = Recheck.parse(input);
      const { candidateId, department, sequence } = recheck;
      const answeredAt = expected.verdict.answeredAt;
      try {
        await ctx.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: ctx.tableName,
                  Item: { ...keys.recheckCounter(candidateId), entity: ENTITY.recheckCounter, sequence },
                  ...(sequence === 1
                    ? { ConditionExpression: 'attribute_not_exists(pk)' }
                    : {
                        ConditionExpression: '#seq = :prev',
                        ExpressionAttributeNames: { '#seq': 'sequence' },
                        ExpressionAttributeValues: { ':prev': sequence - 1 },
                      }),
                },
              },
              {
                Put: {
                  TableName: ctx.tableName,
                  Item: {
                    ...keys.recheck(candidateId, department),
                    entity: ENTITY.recheck,
                    campaignId: recheck.campaignId,
                    recheck,
                    previousVerdict: expected,
                    setAside,
                  },
                },
              },
              {
                Delete: {
                  TableName: ctx.tableName,
                  Key: keys.verdict(candidateId, department),
                  ConditionExpression:
                    answeredAt === undefined
                      ? '#verdict.#status = :status AND attribute_not_exists(#verdict.#answeredAt)'
                      : '#verdict.#status = :status AND #verdict.#answeredAt = :at',
                  ExpressionAttributeNames: { '#verdict': 'verdict', '#status': 'status', '#answeredAt': 'answeredAt' },
                  ExpressionAttributeValues: {
                    ':status': expected.verdict.status,
                    ...(answeredAt === undefined ? {} : { ':at': answeredAt }),
                  },
                },
              },
              // The answered (or overdue) task leaves the inbox: the re-check opens a new one.
              { Delete: { TableName: ctx.tableName, Key: keys.task(candidateId, department) } },
            ],
          }),
        );
        return true;
      } catch (err) {
        if (cancellationCodes(err)?.includes('ConditionalCheckFailed')) return false;
        throw err;
      }
    },

    async withdraw(input) {
      const w = Withdrawal.parse(input);
      try {
        await ctx.doc.send(
          new PutCommand({
            TableName: ctx.tableName,
            Item: {
              ...keys.withdrawal(w.candidateId),
              ...keys.withdrawalByCampaign(w.campaignId, w.candidateId),
              entity: ENTITY.withdrawal,
              campaignId: w.campaignId,
              withdrawal: w,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return { withdrawn: true, withdrawal: w };
      } catch (err) {
        if (!isConditionalFailure(err)) throw err;
        const existing = await withdrawal(w.candidateId);
        if (existing === undefined) throw new Error('withdrawal vanished after a failed conditional write');
        return { withdrawn: false, existing };
      }
    },

    withdrawal,

    async withdrawnAmong(candidateIds) {
      const items = await batchGetAll(
        ctx,
        [...new Set(candidateIds)].map((id) => keys.withdrawal(id)),
        { ProjectionExpression: 'pk' },
      );
      return new Set(items.map((i) => CandidateKey.parse(i).pk.slice('CAND#'.length)));
    },

    async withdrawalsByCampaign(campaignId) {
      const items = await queryKeysThenGet(ctx, {
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': keys.withdrawalPartition(campaignId) },
      });
      return items.map((item) => WithdrawalItem.parse(item).withdrawal);
    },
  };
}
