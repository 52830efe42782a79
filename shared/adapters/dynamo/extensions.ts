// Extension requests (延期申请): the latest request of a candidate's department, one item beside its
// task, listed per campaign on gsi2 (keys only, read back with a Get, as the filings are). `status`
// and `sequence` are copied to the top of the item so the conditions can name them.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { Extension } from '../../domain/extensions.js';
import type { ExtensionRepository } from '../../app/ports.js';
import { ENTITY, keys } from './keys.js';
import { queryKeysThenGet, type TableContext, writtenIf } from './util.js';

const ExtensionItem = z.object({ extension: Extension });

export function extensionRepository(ctx: TableContext): ExtensionRepository {
  const get = async (candidateId: string, department: string) => {
    const out = await ctx.doc.send(
      new GetCommand({ TableName: ctx.tableName, Key: keys.extension(candidateId, department), ConsistentRead: true }),
    );
    return out.Item === undefined ? undefined : ExtensionItem.parse(out.Item).extension;
  };
  const put = async (extension: Extension, condition: { expression: string; values: Record<string, unknown> }) =>
    writtenIf(() =>
      ctx.doc.send(
        new PutCommand({
          TableName: ctx.tableName,
          Item: {
            ...keys.extension(extension.candidateId, extension.department),
            ...keys.extensionByCampaign(extension.campaignId, extension.candidateId, extension.department),
            entity: ENTITY.extension,
            campaignId: extension.campaignId,
            status: extension.status,
            sequence: extension.sequence,
            extension,
          },
          ConditionExpression: condition.expression,
          ...(condition.expression.includes('#')
            ? { ExpressionAttributeNames: { '#status': 'status', '#seq': 'sequence' }, ExpressionAttributeValues: condition.values }
            : {}),
        }),
      ),
    );
  return {
    async request(input) {
      const extension = Extension.parse(input);
      const condition =
        extension.sequence === 1
          ? { expression: 'attribute_not_exists(pk)', values: {} }
          : { expression: '#seq = :prev AND #status <> :pending', values: { ':prev': extension.sequence - 1, ':pending': 'pending' } };
      if (await put(extension, condition)) return { created: true };
      const existing = await get(extension.candidateId, extension.department);
      return existing === undefined ? { created: false } : { created: false, existing };
    },

    get,

    async decide(candidateId, department, sequence, decision) {
      const current = await get(candidateId, department);
      if (current === undefined || current.status !== 'pending' || current.sequence !== sequence) {
        return current === undefined ? { decided: false } : { decided: false, existing: current };
      }
      const extension = Extension.parse({ ...current, ...decision });
      const condition = { expression: '#seq = :seq AND #status = :pending', values: { ':seq': sequence, ':pending': 'pending' } };
      if (await put(extension, condition)) return { decided: true, extension };
      const existing = await get(candidateId, department);
      return existing === undefined ? { decided: false } : { decided: false, existing };
    },

    async listByCampaign(campaignId) {
      const items = await queryKeysThenGet(ctx, {
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': keys.extensionPartition(campaignId) },
      });
      return items.map((item) => ExtensionItem.parse(item).extension);
    },
  };
}
