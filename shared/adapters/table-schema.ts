// The single DynamoDB table's key schema, shared by infra/ (TableV2) and the local stack
// (CreateTable against DynamoDB Local) so the two can never drift.
export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** TTL attribute: set only on ephemeral items (batch idempotency keys, audit dedupe markers), never on verdicts, decisions, tasks or audit events. */
  ttlAttribute: 'expiresAt',
  /** Both indexes project ALL attributes: the repositories read whole items from them (docs/data-model.md). */
  globalIndexes: [
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
} as const;
