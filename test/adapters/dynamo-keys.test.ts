// Key design, checked on the items the repositories send (DocumentClient mocked): each kind of
// item has the pk/sk/GSI keys docs/data-model.md gives it, a TTL only when it is ephemeral, and
// no ID number in clear.
import { createHash } from 'node:crypto';
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import '../functions/aws-matchers.js';
import { createDynamoRepositories } from '../../shared/adapters/dynamo/index.js';
import { createIdCrypto } from '../../shared/adapters/id-crypto.js';
import { AUDIT_SAMPLES, clearIdNumbersIn, ID_A, ID_B, ID_C, ID_RELATIVE, newBatch, referredDecision } from './samples.js';

const ddb = mockClient(DynamoDBDocumentClient);
const crypto = createIdCrypto('test-key-material-0123456789abcdef');
const repos = createDynamoRepositories({
  doc: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
  tableName: 'lianshen',
  crypto,
});

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every item the repositories tried to write (Put, BatchWrite, TransactWrite), in order. */
function writtenItems(): Array<Record<string, unknown>> {
  const items: Array<Record<string, unknown>> = [];
  const collect = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(collect);
    else if (isRecord(v)) {
      if (isRecord(v['Item'])) items.push(v['Item']);
      Object.values(v).forEach(collect);
    }
  };
  for (const call of ddb.calls()) collect(JSON.parse(JSON.stringify(call.args[0].input)));
  return items;
}

describe('single-table key design', () => {
  beforeEach(() => {
    ddb.reset();
    ddb.onAnyCommand().resolves({});
  });

  it('keys a batch by township and campaign, its candidates by batch, and gives only the idempotency key a TTL', async () => {
    await repos.batches.create(newBatch('b-one', 'key-1', 'digest-1'));
    const items = writtenItems();
    const idem = items.find((i) => i['entity'] === 'IdempotencyKey');
    expect(idem).toMatchObject({ sk: 'BATCH', batchId: 'b-one' });
    expect(String(idem?.['pk'])).toMatch(/^IDEMPOTENCY#t-1#[0-9a-f]{64}$/);
    expect(idem?.['expiresAt']).toBeTypeOf('number');
    const batch = items.find((i) => i['entity'] === 'Batch');
    expect(batch).toMatchObject({
      pk: 'BATCH#b-one',
      sk: 'META',
      gsi1pk: 'TOWNSHIP#t-1',
      gsi1sk: '2026-11-01T08:00:00.000Z#b-one',
      gsi2pk: 'CAMPAIGN#c1#BATCHES',
    });
    const candidates = items.filter((i) => i['entity'] === 'Candidate');
    expect(candidates.map((c) => [c['pk'], c['sk'], c['gsi1pk'], c['gsi1sk']])).toEqual([
      ['CAND#b-one-0001', 'DOSSIER', 'BATCH#b-one', 'CAND#000001'],
      ['CAND#b-one-0002', 'DOSSIER', 'BATCH#b-one', 'CAND#000002'],
      ['CAND#b-one-0003', 'DOSSIER', 'BATCH#b-one', 'CAND#000003'],
    ]);
    expect(candidates[0]).toMatchObject({ idHmac: crypto.hmac(ID_A), idMasked: `${ID_A.slice(0, 6)}********${ID_A.slice(14)}` });
    expect(crypto.decrypt(String(candidates[0]?.['idCipher']))).toBe(ID_A);
    for (const item of [batch, ...candidates]) expect(item).not.toHaveProperty('expiresAt');
    expect(ddb).toHaveReceivedCommandTimes(BatchWriteCommand, 1);
  });

  it('keys verdicts, review tasks (inbox by deadline), decisions (campaign + status) and audit events under the candidate', async () => {
    const card = { name: '王一', idMasked: 'x', township: 't', village: 'v', post: '村(居)委会委员' as const };
    ddb.on(UpdateCommand).resolves({
      Attributes: {
        campaignId: 'c1',
        candidateId: 'b-one-0001',
        department: 'petitions',
        status: 'open',
        createdAt: 'a',
        deadline: 'b',
        hints: [],
        candidate: card,
      },
    });
    await repos.verdicts.putAnswer({
      campaignId: 'c1',
      candidateId: 'b-one-0001',
      department: 'court',
      status: 'clear',
      findings: [],
      source: 'extract',
    });
    await repos.tasks.open({
      campaignId: 'c1',
      candidateId: 'b-one-0001',
      department: 'petitions',
      taskToken: 'tok',
      createdAt: '2026-11-01T00:00:00.000Z',
      deadline: '2026-11-08T00:00:00.000Z',
      hints: [],
      candidate: card,
    });
    await repos.decisions.put(referredDecision('c1', 'b-one-0001', '2026-11-09T00:00:00.000Z'), 'b-one');
    await repos.audit.append(
      { candidateId: 'b-one-0001', ...AUDIT_SAMPLES.decided, actor: { kind: 'system', id: 'w' }, at: '2026-11-09T00:00:00.000Z' },
      { dedupeKey: 'decided:1' },
    );

    const items = writtenItems();
    expect(items.find((i) => i['entity'] === 'Verdict')).toMatchObject({ pk: 'CAND#b-one-0001', sk: 'VERDICT#court' });
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: expect.objectContaining({ sk: 'VERDICT#court' }),
    });
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: 'CAND#b-one-0001', sk: 'TASK#petitions' },
      ExpressionAttributeValues: expect.objectContaining({
        ':g1pk': 'INBOX#petitions#open',
        ':g1sk': '2026-11-08T00:00:00.000Z#b-one-0001',
      }),
    });
    expect(items.find((i) => i['entity'] === 'Decision')).toMatchObject({
      pk: 'CAND#b-one-0001',
      sk: 'DECISION',
      gsi2pk: 'CAMPAIGN#c1#DECISION#referred',
      gsi2sk: 'b-one-0001',
      version: 1,
    });
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    expect(items.find((i) => i['entity'] === 'AuditEvent')).toMatchObject({ pk: 'CAND#b-one-0001', sk: 'EVENT#0000000000' });
    // A new chain's head remembers the dedupe key (the first 8 bytes of its SHA-256); no marker item.
    const head = items.find((i) => i['entity'] === 'AuditHead');
    expect(head).toMatchObject({ pk: 'CAND#b-one-0001', sk: 'AUDITHEAD', seq: 0 });
    // (A Buffer, as JSON.)
    expect(head?.['recent']).toEqual({ type: 'Buffer', data: [...createHash('sha256').update('decided:1').digest().subarray(0, 8)] });
    expect(items.find((i) => i['entity'] === 'AuditDedupe')).toBeUndefined();

    const ttl = items.filter((i) => 'expiresAt' in i).map((i) => i['entity']);
    expect(ttl).toEqual([]);
  });

  it('keys extract rows by department and ID HMAC, never the ID itself', async () => {
    await repos.extracts.replace({
      department: 'court',
      rows: [
        { department: '法院', idNumber: ID_B, name: '李二', category: '刑事处罚' },
        { department: '法院', idNumber: ID_C, name: '张三', category: '刑事处罚' },
      ],
      filename: 'court.csv',
      uploadedBy: 'u',
      uploadedAt: '2026-11-01T00:00:00.000Z',
    });
    const rows = writtenItems().filter((i) => i['entity'] === 'ExtractRow');
    expect(rows.map((r) => r['pk'])).toEqual([`DEPT#court#REC#${crypto.hmac(ID_B)}`, `DEPT#court#REC#${crypto.hmac(ID_C)}`]);
    // One item a person (chunk 0000), its rows inside; the generation ends in P (stored a person an item).
    expect(String(rows[0]?.['sk'])).toMatch(/^\*#[0-9a-f]+P#0000$/);
    expect(rows[0]).toMatchObject({ chunks: 1, rows: [{ department: '法院', name: '李二', category: '刑事处罚' }] });
    expect(String(rows[0]?.['gsi2pk'])).toMatch(/^EXTRACT#court#\*#/);
    expect(writtenItems().find((i) => i['entity'] === 'Extract')).toMatchObject({ pk: 'DEPT#court', sk: 'EXTRACT#*', rows: 2, persons: 2 });
  });

  it('never sends an 18-digit ID number in clear', async () => {
    await repos.batches.create(newBatch('b-one', 'key-1', 'digest-1'));
    await repos.extracts.replace({
      department: 'court',
      rows: [{ department: '法院', idNumber: ID_RELATIVE, name: '王父', category: '刑事处罚' }],
      filename: 'f',
      uploadedBy: 'u',
      uploadedAt: '2026-11-01T00:00:00.000Z',
    });
    const everything = JSON.stringify(ddb.calls().map((c) => c.args[0].input));
    expect(clearIdNumbersIn(`{"idNumber":"${ID_A}"}`)).toEqual([ID_A]);
    expect(everything.length).toBeGreaterThan(1000);
    expect(clearIdNumbersIn(everything)).toEqual([]);
    for (const id of [ID_A, ID_B, ID_C, ID_RELATIVE]) expect(everything).not.toContain(id);
  });
});

describe('extension requests (延期申请)', () => {
  beforeEach(() => {
    ddb.reset();
    ddb.onAnyCommand().resolves({});
  });

  it('keep the latest request beside the candidate’s task, listed per campaign on gsi2, with status and number on top for the conditions', async () => {
    await repos.requests.extension.request({
      campaignId: 'c1',
      candidateId: 'b-one-0001',
      department: 'court',
      sequence: 2,
      status: 'pending',
      reason: '系统升级停机',
      requestedBy: 'u-court',
      requestedByName: 'court1',
      requestedAt: '2026-12-01T00:00:00.000Z',
    });
    const [item, ...more] = writtenItems();
    expect(more).toEqual([]);
    expect(item).toMatchObject({
      pk: 'CAND#b-one-0001',
      sk: 'EXTENSION#court',
      gsi2pk: 'CAMPAIGN#c1#EXTENSIONS',
      gsi2sk: 'b-one-0001#court',
      entity: 'Extension',
      status: 'pending',
      sequence: 2,
    });
    expect(item).not.toHaveProperty('expiresAt');
    expect(ddb).toHaveReceivedCommandWith(PutCommand, { ConditionExpression: '#seq = :prev AND #status <> :pending' });
  });
});

describe('re-check requests (重审申请)', () => {
  beforeEach(() => {
    ddb.reset();
    ddb.onAnyCommand().resolves({});
  });

  it('keep the latest request beside the candidate’s task, listed per campaign on gsi2, the first one only if new', async () => {
    await repos.requests.recheck.request({
      campaignId: 'c1',
      candidateId: 'b-one-0001',
      department: 'court',
      township: 't-1',
      sequence: 1,
      status: 'pending',
      reason: '已移出失信名单',
      attachments: [],
      requestedBy: 'u-town',
      requestedAt: '2026-12-01T00:00:00.000Z',
    });
    const [item, ...more] = writtenItems();
    expect(more).toEqual([]);
    expect(item).toMatchObject({
      pk: 'CAND#b-one-0001',
      sk: 'RECHECKREQ#court',
      gsi2pk: 'CAMPAIGN#c1#RECHECKREQS',
      gsi2sk: 'b-one-0001#court',
      entity: 'RecheckRequest',
      status: 'pending',
      sequence: 1,
    });
    expect(item).not.toHaveProperty('expiresAt');
    expect(ddb).toHaveReceivedCommandWith(PutCommand, { ConditionExpression: 'attribute_not_exists(pk)' });
  });
});
