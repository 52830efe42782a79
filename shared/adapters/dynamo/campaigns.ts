import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { Campaign } from '../../domain/model.js';
import type { CampaignRepository, StoredCampaign } from '../../app/ports.js';
import { ENTITY, keys } from './keys.js';
import { isConditionalFailure, queryAll, type TableContext } from './util.js';

const PolicySwitchItem = z.object({ from: z.string().nullable(), to: z.string(), reason: z.string(), by: z.string(), at: z.string() });
const CampaignItem = z.object({
  campaign: Campaign,
  createdAt: z.string(),
  createdBy: z.string(),
  policySwitches: z.array(PolicySwitchItem).optional(),
});

function fromItem(item: Record<string, unknown>): StoredCampaign {
  const { policySwitches, ...rest } = CampaignItem.parse(item);
  return policySwitches === undefined ? rest : { ...rest, policySwitches };
}

export function campaignRepository(ctx: TableContext): CampaignRepository {
  const get = async (campaignId: string): Promise<StoredCampaign | undefined> => {
    const out = await ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key: keys.campaign(campaignId), ConsistentRead: true }));
    return out.Item === undefined ? undefined : fromItem(out.Item);
  };
  return {
    async create(campaign, meta) {
      const stored: StoredCampaign = { campaign, ...meta };
      try {
        await ctx.doc.send(
          new PutCommand({
            TableName: ctx.tableName,
            Item: {
              ...keys.campaign(campaign.id),
              ...keys.campaignList(meta.createdAt, campaign.id),
              entity: ENTITY.campaign,
              ...stored,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
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
      const items = await queryAll(ctx, {
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': 'CAMPAIGNS' },
        ScanIndexForward: false,
      });
      return items.map(fromItem);
    },
  };
}
