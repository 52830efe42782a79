// Re-check requests (重审申请): the latest request of a township for one department of its candidate,
// one item beside the candidate's task, listed per campaign on gsi2 (keys only, read back with a Get,
// as the extension requests are). `status` and `sequence` sit at the top of the item for the conditions.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { RecheckRequest } from '../../domain/recheck-requests.js';
import type { RecheckRequestRepository } from '../../app/ports.js';
import { ENTITY, keys } from './keys.js';
import { queryKeysThenGet, type TableContext, writtenIf } from './util.js';

const RequestItem = z.object({ request: RecheckRequest });
const NAMES = { '#status': 'status', '#seq': 'sequence' };

export function recheckRequestRepository(ctx: TableContext): RecheckRequestRepository {
  const get = async (candidateId: string, department: string) => {
    const out = await ctx.doc.send(
      new GetCommand({ TableName: ctx.tableName, Key: keys.recheckRequest(candidateId, department), ConsistentRead: true }),
    );
    return out.Item === undefined ? undefined : RequestItem.parse(out.Item).request;
  };
  /** A conditional put: `values` undefined means the item must be new. */
  const put = async (request: RecheckRequest, condition: string, values?: Record<string, unknown>) =>
    writtenIf(() =>
      ctx.doc.send(
        new PutCommand({
          TableName: ctx.tableName,
          Item: {
            ...keys.recheckRequest(request.candidateId, request.department),
            ...keys.recheckRequestByCampaign(request.campaignId, request.candidateId, request.department),
            entity: ENTITY.recheckRequest,
            campaignId: request.campaignId,
            status: request.status,
            sequence: request.sequence,
            request,
          },
          ConditionExpression: condition,
          ...(values === undefined ? {} : { ExpressionAttributeNames: NAMES, ExpressionAttributeValues: values }),
        }),
      ),
    );
  return {
    async request(input) {
      const request = RecheckRequest.parse(input);
      const written =
        request.sequence === 1
          ? await put(request, 'attribute_not_exists(pk)')
          : await put(request, '#seq = :prev AND #status <> :pending', { ':prev': request.sequence - 1, ':pending': 'pending' });
      if (written) return { created: true };
      const existing = await get(request.candidateId, request.department);
      return existing === undefined ? { created: false } : { created: false, existing };
    },

    get,

    async decide(candidateId, department, sequence, decision) {
      const current = await get(candidateId, department);
      if (current === undefined || current.status !== 'pending' || current.sequence !== sequence) {
        return current === undefined ? { decided: false } : { decided: false, existing: current };
      }
      const request = RecheckRequest.parse({ ...current, ...decision });
      if (await put(request, '#seq = :seq AND #status = :pending', { ':seq': sequence, ':pending': 'pending' })) {
        return { decided: true, request };
      }
      const existing = await get(candidateId, department);
      return existing === undefined ? { decided: false } : { decided: false, existing };
    },

    async listByCampaign(campaignId) {
      const items = await queryKeysThenGet(ctx, {
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': keys.recheckRequestPartition(campaignId) },
      });
      return items.map((item) => RequestItem.parse(item).request);
    },
  };
}
