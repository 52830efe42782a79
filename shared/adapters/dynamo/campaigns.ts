import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { Campaign } from '../../domain/model.js';
import { type CampaignRepository, ConflictError, type StoredCampaign } from '../../app/ports.js';
import { ENTITY, keys } from './keys.js';
import { isConditionalFailure, queryKeysThenGet, type TableContext, withoutUndefined } from './util.js';

const PolicySwitchItem = z.object({ from: z.string().nullable(), to: z.string(), reason: z.string(), by: z.string(), at: z.string() });
const CampaignItem = z.object({
  campaign: Campaign,
  createdAt: z.string(),
  createdBy: z.string(),
  revision: z.number().int().nonnegative().optional(),
  updatedAt: z.string().optional(),
  updatedBy: z.string().optional(),
  policySwitches: z.array(PolicySwitchItem).optional(),
});

function fromItem(item: Record<string, unknown>): StoredCampaign {
  const parsed = CampaignItem.parse(item);
  const stored: StoredCampaign = { campaign: parsed.campaign, createdAt: parsed.createdAt, createdBy: parsed.createdBy };
  if (parsed.revision !== undefined) stored.revision = parsed.revision;
  if (parsed.updatedAt !== undefined) stored.updatedAt = parsed.updatedAt;
  if (parsed.updatedBy !== undefined) stored.updatedBy = parsed.updatedBy;
  if (parsed.policySwitches !== undefined) stored.policySwitches = parsed.policySwitches;
  return stored;
}

function toItem(stored: StoredCampaign): Record<string, unknown> {
  return withoutUndefined({
    ...keys.campaign(stored.campaign.id),
    ...keys.campaignList(stored.createdAt, stored.campaign.id),
    entity: ENTITY.campaign,
    ...stored,
  });
}

export function campaignRepository(ctx: TableContext): CampaignRepository {
  const get = async (campaignId: string): Promise<StoredCampaign | undefined> => {
    const out = await ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key: keys.campaign(campaignId), ConsistentRead: true }));
    return out.Item === undefined ? undefined : fromItem(out.Item);
  };
  return {
    async create(campaign, meta) {
      const stored: StoredCampaign = { campaign, ...meta, revision: 0 };
      try {
        await ctx.doc.send(
          new PutCommand({ TableName: ctx.tableName, Item: toItem(stored), ConditionExpression: 'attribute_not_exists(pk)' }),
        );
        return { created: true, stored };
      } catch (err) {
        if (!isConditionalFailure(err)) throw err;
        const existing = await get(campaign.id);
        if (existing === undefined) throw err;
        return { created: false, stored: existing };
      }
    },
    get,
    async switchPolicy(campaignId, change) {
      try {
        const out = await ctx.doc.send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: keys.campaign(campaignId),
            UpdateExpression: 'SET #c.#v = :to, #s = list_append(if_not_exists(#s, :none), :change)',
            ConditionExpression:
              change.from === null ? 'attribute_exists(pk) AND attribute_not_exists(#c.#v)' : 'attribute_exists(pk) AND #c.#v = :from',
            ExpressionAttributeNames: { '#c': 'campaign', '#v': 'policyVersion', '#s': 'policySwitches' },
            ExpressionAttributeValues: {
              ':to': change.to,
              ':none': [],
              ':change': [change],
              ...(change.from === null ? {} : { ':from': change.from }),
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return out.Attributes === undefined ? undefined : fromItem(out.Attributes);
      } catch (err) {
        if (isConditionalFailure(err)) return undefined;
        throw err;
      }
    },
    async list() {
      const items = await queryKeysThenGet(ctx, {
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': 'CAMPAIGNS' },
        ScanIndexForward: false,
      });
      return items.map(fromItem);
    },
    async update(campaign, meta) {
      const current = await get(campaign.id);
      if (current === undefined) throw new ConflictError('未找到该换届工作');
      const stored: StoredCampaign = {
        campaign,
        createdAt: current.createdAt,
        createdBy: current.createdBy,
        revision: meta.expectedRevision + 1,
        updatedAt: meta.updatedAt,
        updatedBy: meta.updatedBy,
      };
      try {
        await ctx.doc.send(
          new PutCommand({
            TableName: ctx.tableName,
            Item: toItem(stored),
            // Items written before revisions existed count as revision 0.
            ConditionExpression:
              meta.expectedRevision === 0 ? 'attribute_exists(pk) AND (attribute_not_exists(revision) OR revision = :r)' : 'revision = :r',
            ExpressionAttributeValues: { ':r': meta.expectedRevision },
          }),
        );
      } catch (err) {
        if (isConditionalFailure(err)) throw new ConflictError('换届工作已被他人修改，请刷新后重试');
        throw err;
      }
      return stored;
    },
  };
}
