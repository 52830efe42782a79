// Draft batches (their stage and first review) and secretary filings: one item each, listed per
// campaign on gsi2 (keys only, read back with a Get as the withdrawals are; no projection change).
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { BatchStage, Filing } from '../../domain/process.js';
import { DepartmentReview } from '../../domain/sign-off.js';
import type { ProcessRepository } from '../../app/ports.js';
import { ENTITY, keys } from './keys.js';
import { queryAll, queryKeysThenGet, type TableContext, writtenIf } from './util.js';

const StageItem = z.object({ stage: BatchStage });
const FilingItem = z.object({ filing: Filing });
const ReviewItem = z.object({ review: DepartmentReview });

function conditionalPut(ctx: TableContext, input: Omit<ConstructorParameters<typeof PutCommand>[0], 'TableName'>) {
  return writtenIf(() => ctx.doc.send(new PutCommand({ TableName: ctx.tableName, ...input })));
}

export function processRepository(ctx: TableContext): ProcessRepository {
  const get = async (key: { pk: string; sk: string }) =>
    (await ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key: key, ConsistentRead: true }))).Item;
  return {
    async stage(batchId) {
      const item = await get(keys.batchStage(batchId));
      return item === undefined ? undefined : StageItem.parse(item).stage;
    },

    async stagesByCampaign(campaignId) {
      const items = await queryKeysThenGet(ctx, {
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': keys.batchStagePartition(campaignId) },
      });
      return items.map((item) => StageItem.parse(item).stage);
    },

    async putStage(input, expect) {
      const stage = BatchStage.parse(input);
      const item = {
        ...keys.batchStage(stage.batchId),
        ...keys.batchStageByCampaign(stage.campaignId, stage.batchId),
        entity: ENTITY.batchStage,
        campaignId: stage.campaignId,
        stage,
      };
      return conditionalPut(
        ctx,
        expect === undefined
          ? { Item: item, ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              Item: item,
              ConditionExpression: '#stage.#status = :expect',
              ExpressionAttributeNames: { '#stage': 'stage', '#status': 'status' },
              ExpressionAttributeValues: { ':expect': expect },
            },
      );
    },

    async filing(candidateId) {
      const item = await get(keys.filing(candidateId));
      return item === undefined ? undefined : FilingItem.parse(item).filing;
    },

    async putFiling(input) {
      const filing = Filing.parse(input);
      return conditionalPut(ctx, {
        Item: {
          ...keys.filing(filing.candidateId),
          ...keys.filingByCampaign(filing.campaignId, filing.candidateId),
          entity: ENTITY.filing,
          campaignId: filing.campaignId,
          filing,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      });
    },

    async filingsByCampaign(campaignId) {
      const items = await queryKeysThenGet(ctx, {
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': keys.filingPartition(campaignId) },
      });
      return items.map((item) => FilingItem.parse(item).filing);
    },

    async departmentReview(campaignId, department) {
      const item = await get(keys.departmentReview(campaignId, department));
      return item === undefined ? undefined : ReviewItem.parse(item).review;
    },

    async departmentReviews(campaignId) {
      const items = await queryAll(ctx, {
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': keys.departmentReviewPartition(campaignId) },
        ConsistentRead: true,
      });
      return items.map((item) => ReviewItem.parse(item).review);
    },

    async putDepartmentReview(input) {
      const review = DepartmentReview.parse(input);
      const item = { ...keys.departmentReview(review.campaignId, review.department), entity: ENTITY.departmentReview, review };
      return conditionalPut(
        ctx,
        review.version === 1
          ? { Item: item, ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              Item: item,
              ConditionExpression: '#review.#version = :previous',
              ExpressionAttributeNames: { '#review': 'review', '#version': 'version' },
              ExpressionAttributeValues: { ':previous': review.version - 1 },
            },
      );
    },
  };
}
