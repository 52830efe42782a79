import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { Campaign } from '../../domain/model.js';
import type { CampaignRepository, StoredCampaign } from '../../app/ports.js';
import { ENTITY, keys } from './keys.js';
import { isConditionalFailure, queryAll, type TableContext } from './util.js';

const CampaignItem = z.object({ campaign: Campaign, createdAt: z.string(), createdBy: z.string() });

function fromItem(item: Record<string, unknown>): StoredCampaign {
  return CampaignItem.parse(item);
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
