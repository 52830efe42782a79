// Disputes: one item per candidate (the latest dispute), listed per campaign on gsi2. Opening is
// conditional (none open, none ruled on this decision version), ruling is conditional on `open`.
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { Dispute, DisputeRuling } from '../../domain/review-changes.js';
import type { DisputeRepository } from '../../app/ports.js';
import { ENTITY, keys } from './keys.js';
import { isConditionalFailure, queryKeysThenGet, type TableContext } from './util.js';

const DisputeItem = z.object({ dispute: Dispute });

export function disputeRepository(ctx: TableContext): DisputeRepository {
  const get = async (candidateId: string): Promise<Dispute | undefined> => {
    const out = await ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key: keys.dispute(candidateId), ConsistentRead: true }));
    return out.Item === undefined ? undefined : DisputeItem.parse(out.Item).dispute;
  };
  const existing = async (candidateId: string): Promise<Dispute> => {
    const found = await get(candidateId);
    if (found === undefined) throw new Error('dispute vanished after a failed conditional write');
    return found;
  };
  return {
    async open(input) {
      const dispute = Dispute.parse({ ...input, status: 'open' });
      try {
        await ctx.doc.send(
          new PutCommand({
            TableName: ctx.tableName,
            Item: {
              ...keys.dispute(dispute.candidateId),
              ...keys.disputeByCampaign(dispute.campaignId, dispute.candidateId),
              entity: ENTITY.dispute,
              campaignId: dispute.campaignId,
              status: dispute.status,
              decisionVersion: dispute.decisionVersion,
              dispute,
            },
            ConditionExpression: 'attribute_not_exists(pk) OR (#status = :ruled AND #version < :version)',
            ExpressionAttributeNames: { '#status': 'status', '#version': 'decisionVersion' },
            ExpressionAttributeValues: { ':ruled': 'ruled', ':version': dispute.decisionVersion },
          }),
        );
        return { opened: true, dispute };
      } catch (err) {
        if (!isConditionalFailure(err)) throw err;
        return { opened: false, existing: await existing(dispute.candidateId) };
      }
    },

    async rule(candidateId, input) {
      const ruling = DisputeRuling.parse(input);
      const current = await get(candidateId);
      if (current?.status !== 'open') return current === undefined ? { ruled: false } : { ruled: false, existing: current };
      const dispute: Dispute = { ...current, status: 'ruled', ruling };
      try {
        await ctx.doc.send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: keys.dispute(candidateId),
            UpdateExpression: 'SET #status = :ruled, #dispute = :d',
            ConditionExpression: '#status = :open AND #version = :version',
            ExpressionAttributeNames: { '#status': 'status', '#dispute': 'dispute', '#version': 'decisionVersion' },
            ExpressionAttributeValues: { ':ruled': 'ruled', ':open': 'open', ':d': dispute, ':version': current.decisionVersion },
          }),
        );
        return { ruled: true, dispute };
      } catch (err) {
        if (!isConditionalFailure(err)) throw err;
        return { ruled: false, existing: await existing(candidateId) };
      }
    },

    get,

    async listByCampaign(campaignId) {
      // gsi2 does not carry a dispute's content (its projection is narrow): keys there, items from the table.
      const items = await queryKeysThenGet(ctx, {
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': keys.disputePartition(campaignId) },
      });
      return items.map((item) => DisputeItem.parse(item).dispute);
    },
  };
}
