// Requests to the organization department (延期申请, 重审申请): the latest request of a candidate's
// department, one item beside its task, listed per campaign on gsi2 (keys only, read back with a
// Get, as the filings are). `status` and `sequence` are copied to the top of the item so the
// conditions can name them. Each kind keeps the keys, entity and attribute it was first stored
// with, so the items already written read as before.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { decidedRequest, Extension, RecheckRequest, REQUEST_SCHEMA, type RequestKind, type RequestOf } from '../../domain/requests.js';
import type { RequestStore, RequestStores } from '../../app/ports.js';
import { ENTITY, keys } from './keys.js';
import { queryKeysThenGet, type TableContext, writtenIf } from './util.js';

interface Layout<R> {
  key: (candidateId: string, department: string) => { pk: string; sk: string };
  byCampaign: (campaignId: string, candidateId: string, department: string) => { gsi2pk: string; gsi2sk: string };
  partition: (campaignId: string) => string;
  entity: string;
  /** The stored item, its request under the attribute it always had. */
  item: (request: R) => Record<string, R>;
  parse: (item: unknown) => R;
}

const ExtensionItem = z.object({ extension: Extension });
const RecheckItem = z.object({ request: RecheckRequest });

const LAYOUT: { [K in RequestKind]: Layout<RequestOf<K>> } = {
  extension: {
    key: keys.extension,
    byCampaign: keys.extensionByCampaign,
    partition: keys.extensionPartition,
    entity: ENTITY.extension,
    item: (extension) => ({ extension }),
    parse: (item) => ExtensionItem.parse(item).extension,
  },
  recheck: {
    key: keys.recheckRequest,
    byCampaign: keys.recheckRequestByCampaign,
    partition: keys.recheckRequestPartition,
    entity: ENTITY.recheckRequest,
    item: (request) => ({ request }),
    parse: (item) => RecheckItem.parse(item).request,
  },
};

const NAMES = { '#status': 'status', '#seq': 'sequence' };

function requestStore<K extends RequestKind>(ctx: TableContext, kind: K): RequestStore<RequestOf<K>> {
  const layout: Layout<RequestOf<K>> = LAYOUT[kind];
  const get = async (candidateId: string, department: string) => {
    const out = await ctx.doc.send(
      new GetCommand({ TableName: ctx.tableName, Key: layout.key(candidateId, department), ConsistentRead: true }),
    );
    return out.Item === undefined ? undefined : layout.parse(out.Item);
  };
  /** A conditional put: `values` undefined means the item must be new. */
  const put = async (request: RequestOf<K>, condition: string, values?: Record<string, unknown>) =>
    writtenIf(() =>
      ctx.doc.send(
        new PutCommand({
          TableName: ctx.tableName,
          Item: {
            ...layout.key(request.candidateId, request.department),
            ...layout.byCampaign(request.campaignId, request.candidateId, request.department),
            entity: layout.entity,
            campaignId: request.campaignId,
            status: request.status,
            sequence: request.sequence,
            ...layout.item(request),
          },
          ConditionExpression: condition,
          ...(values === undefined ? {} : { ExpressionAttributeNames: NAMES, ExpressionAttributeValues: values }),
        }),
      ),
    );
  return {
    async request(input) {
      const request = REQUEST_SCHEMA[kind].parse(input);
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
      const request = decidedRequest(kind, current, decision);
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
        ExpressionAttributeValues: { ':p': layout.partition(campaignId) },
      });
      return items.map(layout.parse);
    },
  };
}

export function requestStores(ctx: TableContext): RequestStores {
  return { extension: requestStore(ctx, 'extension'), recheck: requestStore(ctx, 'recheck') };
}
