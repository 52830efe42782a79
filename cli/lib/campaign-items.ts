// Every table item that belongs to one campaign, found through the table's own keys
// (docs/data-model.md): the campaign, its batches (META and REPORT), each candidate's partition
// (dossier, verdicts, tasks, decision, ruling, audit events, head, dedupe markers) and the
// campaign's own audit chain, each candidate's claim on its person, and the campaign's 公示 partition. Not included: department record extracts (records of people who
// are not candidates), the department chains (shared by every campaign), idempotency keys.
import { GetItemCommand, QueryCommand, type DynamoDBClient, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { keys } from '../../shared/adapters/dynamo/keys.js';
import { campaignChainId } from '../../shared/domain/ids.js';
import { ENTITY } from '../../shared/adapters/dynamo/keys.js';
import { entityOf, stringAttr, type Item } from './table-items.js';

async function queryAll(client: DynamoDBClient, input: QueryCommandInput): Promise<Item[]> {
  const out: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    out.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return out;
}

const partition = (client: DynamoDBClient, table: string, pk: string) =>
  queryAll(client, {
    TableName: table,
    KeyConditionExpression: 'pk = :p',
    ExpressionAttributeValues: { ':p': { S: pk } },
    ConsistentRead: true,
  });

async function readPartitions(client: DynamoDBClient, table: string, pks: readonly string[], concurrency: number): Promise<Item[]> {
  const items: Item[] = [];
  let next = 0;
  const worker = async () => {
    while (next < pks.length) {
      const pk = pks[next];
      next += 1;
      if (pk !== undefined) items.push(...(await partition(client, table, pk)));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, pks.length) }, () => worker()));
  return items;
}

export async function campaignExists(client: DynamoDBClient, table: string, campaignId: string): Promise<boolean> {
  const k = keys.campaign(campaignId);
  const out = await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: k.pk }, sk: { S: k.sk } }, ConsistentRead: true }));
  return out.Item !== undefined;
}

export interface CampaignItems {
  campaign: Item | undefined;
  batches: Item[];
  candidateIds: string[];
  items: Item[];
}

export async function readCampaignItems(
  client: DynamoDBClient,
  table: string,
  campaignId: string,
  concurrency = 8,
): Promise<CampaignItems> {
  const k = keys.campaign(campaignId);
  const campaign = (
    await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: k.pk }, sk: { S: k.sk } }, ConsistentRead: true }))
  ).Item;
  const byCampaign = keys.batchByCampaign(campaignId, '', '');
  const batchRefs = await queryAll(client, {
    TableName: table,
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :p',
    ExpressionAttributeValues: { ':p': { S: byCampaign.gsi2pk } },
  });
  const batchIds = batchRefs.map((b) => stringAttr(b, 'batchId')).filter((id): id is string => id !== undefined);
  const batches = (await Promise.all(batchIds.map((id) => partition(client, table, keys.batch(id).pk)))).flat();
  const candidateIds: string[] = [];
  for (const batchId of batchIds) {
    const refs = await queryAll(client, {
      TableName: table,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :s)',
      ExpressionAttributeValues: { ':p': { S: keys.candidateByBatch(batchId, 0).gsi1pk }, ':s': { S: 'CAND#' } },
    });
    for (const r of refs) {
      const id = stringAttr(r, 'candidateId');
      if (id !== undefined) candidateIds.push(id);
    }
  }
  const pks = [...candidateIds, campaignChainId(campaignId)].map((id) => keys.candidate(id).pk);
  const items: Item[] = [...(campaign ? [campaign] : []), ...batches, ...(await readPartitions(client, table, pks, concurrency))];
  // Each candidate's claim on its person (one person per campaign), found through its ID HMAC.
  const claimPks = items
    .map((item) => (entityOf(item) === ENTITY.candidate ? stringAttr(item, 'idHmac') : undefined))
    .filter((hmac): hmac is string => hmac !== undefined)
    .map((hmac) => keys.personClaim(campaignId, hmac).pk);
  items.push(...(await readPartitions(client, table, claimPks, concurrency)));
  // The campaign's 公示 periods, objections and duplicates (one partition).
  items.push(...(await partition(client, table, keys.publicityPartition(campaignId))));
  return { campaign, batches, candidateIds, items };
}
