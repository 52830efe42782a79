// 公示 periods, objections and duplicates: items of one partition per campaign (keys.ts), each
// write conditional (a new period or objection number once, a close or resolution only while open).
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { Duplicate, Objection, PublicityPeriod } from '../../domain/publicity.js';
import type { PublicityRepository } from '../../app/ports.js';
import { ENTITY, keys } from './keys.js';
import { isConditionalFailure, queryAll, type TableContext } from './util.js';

const PeriodItem = z.object({ period: PublicityPeriod });
const ObjectionItem = z.object({ objection: Objection });
const DuplicateItem = z.object({ duplicate: Duplicate });

export function publicityRepository(ctx: TableContext): PublicityRepository {
  const putNew = async (item: Record<string, unknown>): Promise<boolean> => {
    try {
      await ctx.doc.send(new PutCommand({ TableName: ctx.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
      return true;
    } catch (err) {
      if (!isConditionalFailure(err)) throw err;
      return false;
    }
  };
  /** Replaces an item only while its `status` is still `open`. */
  const putIfOpen = async (item: Record<string, unknown>): Promise<boolean> => {
    try {
      await ctx.doc.send(
        new PutCommand({
          TableName: ctx.tableName,
          Item: item,
          ConditionExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':open': 'open' },
        }),
      );
      return true;
    } catch (err) {
      if (!isConditionalFailure(err)) throw err;
      return false;
    }
  };
  const getItem = async (key: { pk: string; sk: string }) =>
    (await ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key: key, ConsistentRead: true }))).Item;
  const list = (campaignId: string, prefix: string) =>
    queryAll(ctx, {
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':p': keys.publicityPartition(campaignId), ':s': prefix },
      ConsistentRead: true,
    });
  const objectionItem = (o: Objection) => ({
    ...keys.objection(o.campaignId, o.candidateId, o.seq),
    entity: ENTITY.objection,
    status: o.status,
    objection: o,
  });
  const duplicateItem = (d: Duplicate) => ({
    ...keys.duplicate(d.campaignId, d.candidateId),
    entity: ENTITY.duplicate,
    status: d.status,
    duplicate: d,
  });

  return {
    async openPeriod(input) {
      const period = PublicityPeriod.parse(input);
      return putNew({ ...keys.publicityPeriod(period.campaignId, period.periodId), entity: ENTITY.publicityPeriod, period });
    },
    async periods(campaignId) {
      return (await list(campaignId, 'PERIOD#')).map((item) => PeriodItem.parse(item).period);
    },
    async addObjection(input) {
      return putNew(objectionItem(Objection.parse(input)));
    },
    async objections(campaignId, candidateId) {
      return (await list(campaignId, `OBJECTION#${candidateId}#`)).map((item) => ObjectionItem.parse(item).objection);
    },
    async objectionsByCampaign(campaignId) {
      return (await list(campaignId, 'OBJECTION#')).map((item) => ObjectionItem.parse(item).objection);
    },
    async closeObjection(campaignId, candidateId, seq, outcome) {
      const found = await getItem(keys.objection(campaignId, candidateId, seq));
      if (found === undefined) return { closed: false };
      const current = ObjectionItem.parse(found).objection;
      if (current.status !== 'open') return { closed: false, existing: current };
      const objection = Objection.parse({ ...current, status: 'closed', outcome });
      if (await putIfOpen(objectionItem(objection))) return { closed: true, objection };
      const now = await getItem(keys.objection(campaignId, candidateId, seq));
      return now === undefined ? { closed: false } : { closed: false, existing: ObjectionItem.parse(now).objection };
    },
    async flagDuplicate(input) {
      await putNew(duplicateItem(Duplicate.parse(input)));
    },
    async duplicates(campaignId) {
      return (await list(campaignId, 'DUPLICATE#')).map((item) => DuplicateItem.parse(item).duplicate);
    },
    async resolveDuplicate(campaignId, candidateId, resolution) {
      const found = await getItem(keys.duplicate(campaignId, candidateId));
      if (found === undefined) return { resolved: false };
      const current = DuplicateItem.parse(found).duplicate;
      if (current.status !== 'open') return { resolved: false, existing: current };
      const duplicate = Duplicate.parse({ ...current, status: 'resolved', resolution });
      if (await putIfOpen(duplicateItem(duplicate))) return { resolved: true, duplicate };
      const now = await getItem(keys.duplicate(campaignId, candidateId));
      return now === undefined ? { resolved: false } : { resolved: false, existing: DuplicateItem.parse(now).duplicate };
    },
  };
}
