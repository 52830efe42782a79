// The single DynamoDB table's key schema, shared by infra/ (TableV2) and the local stack
// (CreateTable against DynamoDB Local) so the two can never drift.
/**
 * What the gsi2 queries read besides the keys: batches of a campaign and decisions by status (many
 * items). The campaign and policy lists (dozens) read keys from gsi2 and the items from the table.
 * CloudFormation allows at most 20 here.
 */
export const GSI2_ATTRIBUTES = [
  // Batch (batches.ts BATCH_PROJECTION; cli campaign-items reads batchId)
  'batchId',
  'campaignId',
  'township',
  'policyId',
  'submittedBy',
  'submittedAt',
  'total',
  'decided',
  'failed',
  'reportReady',
  'filename',
  // Decision (decisions.ts DecisionItem)
  'decision',
  'finalStatus',
  'digest',
  'version',
  'ruling',
] as const;

export type IndexProjection = { type: 'ALL' } | { type: 'INCLUDE'; attributes: readonly string[] };

export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** TTL attribute: set only on ephemeral items (batch idempotency keys, audit dedupe markers), never on verdicts, decisions, tasks or audit events. */
  ttlAttribute: 'expiresAt',
  /**
   * gsi1 projects ALL: it serves the batch page's candidates (whole dossiers, thousands per batch),
   * the inboxes (task views) and the account list, all of which read the whole item; KEYS_ONLY
   * would turn one Query into a BatchGetItem per 100 rows. gsi2 projects only the attributes its
   * queries read in bulk (batches of a campaign, decisions by status; the campaign and policy lists take keys);
   * the department extract rows it also indexes are read there by key only, so their record
   * data, and each policy's full document, stay out of it. docs/data-model.md has the numbers.
   */
  globalIndexes: [
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: { type: 'ALL' } },
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', projection: { type: 'INCLUDE', attributes: GSI2_ATTRIBUTES } },
  ],
} as const;
