// Policy versions: one item per id and version, written once (conditional put). The item holds the
// parsed policy as JSON text (a policy is read whole, never by attribute) and its SHA-256 digest;
// the summary attributes serve the lists without reading the policy.
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { Policy } from '../../domain/model.js';
import { policyDigest } from '../../domain/policies/versions.js';
import type { PolicyRepository, PolicySummary, StoredPolicy } from '../../app/ports.js';
import { ENTITY, keys } from './keys.js';
import { isConditionalFailure, queryAll, queryKeysThenGet, type TableContext } from './util.js';

const SummaryItem = z.object({
  id: z.string(),
  version: z.string(),
  name: z.string(),
  jurisdiction: z.string(),
  digest: z.string(),
  storedAt: z.string(),
  storedBy: z.string(),
});
const PolicyItem = SummaryItem.extend({ policy: z.string() });

const SUMMARY_PROJECTION = {
  ProjectionExpression: '#id, #version, #name, #jurisdiction, #digest, #storedAt, #storedBy',
  ExpressionAttributeNames: {
    '#id': 'id',
    '#version': 'version',
    '#name': 'name',
    '#jurisdiction': 'jurisdiction',
    '#digest': 'digest',
    '#storedAt': 'storedAt',
    '#storedBy': 'storedBy',
  },
};

function summaryFrom(item: Record<string, unknown>): PolicySummary {
  return { ...SummaryItem.parse(item), builtIn: false };
}

function storedFrom(item: Record<string, unknown>): StoredPolicy {
  const parsed = PolicyItem.parse(item);
  const { policy, ...summary } = parsed;
  return { ...summary, builtIn: false, policy: Policy.parse(JSON.parse(policy)) };
}

export function policyRepository(ctx: TableContext): PolicyRepository {
  const get = async (id: string, version: string): Promise<StoredPolicy | undefined> => {
    const out = await ctx.doc.send(
      new GetCommand({ TableName: ctx.tableName, Key: keys.policyVersion(id, version), ConsistentRead: true }),
    );
    return out.Item === undefined ? undefined : storedFrom(out.Item);
  };
  return {
    get,
    async latest(id) {
      const out = await ctx.doc.send(
        new QueryCommand({
          TableName: ctx.tableName,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': keys.policyPartition(id) },
          ScanIndexForward: false,
          Limit: 1,
          ConsistentRead: true,
        }),
      );
      const item = out.Items?.[0];
      return item === undefined ? undefined : storedFrom(item);
    },
    async versions(id) {
      const items = await queryAll(ctx, {
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': keys.policyPartition(id) },
        ConsistentRead: true,
        ...SUMMARY_PROJECTION,
      });
      return items.map(summaryFrom);
    },
    async list() {
      const items = await queryKeysThenGet(
        ctx,
        { IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p', ExpressionAttributeValues: { ':p': 'POLICIES' } },
        SUMMARY_PROJECTION,
      );
      return items.map(summaryFrom);
    },
    async put(input, meta) {
      const policy = Policy.parse(input);
      const stored: StoredPolicy = {
        id: policy.id,
        version: policy.version,
        name: policy.name,
        jurisdiction: policy.jurisdiction,
        digest: policyDigest(policy),
        builtIn: false,
        storedAt: meta.storedAt,
        storedBy: meta.storedBy,
        policy,
      };
      try {
        await ctx.doc.send(
          new PutCommand({
            TableName: ctx.tableName,
            Item: {
              ...keys.policyVersion(policy.id, policy.version),
              ...keys.policyList(policy.id, policy.version),
              entity: ENTITY.policy,
              id: stored.id,
              version: stored.version,
              name: stored.name,
              jurisdiction: stored.jurisdiction,
              digest: stored.digest,
              storedAt: meta.storedAt,
              storedBy: meta.storedBy,
              policy: JSON.stringify(policy),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return { result: 'created', stored };
      } catch (err) {
        if (!isConditionalFailure(err)) throw err;
        const existing = await get(policy.id, policy.version);
        if (existing === undefined) throw err;
        return { result: existing.digest === stored.digest ? 'exists' : 'conflict', stored: existing };
      }
    },
  };
}
