// The DynamoDB repositories against the real emulator (DynamoDB Local, in memory): the shared
// repository contract (conditional writes, GSIs, transactions, ordering), then what only the
// table layout can show: no ID number in clear, TTL only where the key design puts it.
import { createServer } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { createDynamoRepositories } from '../../shared/adapters/dynamo/index.js';
import { ALL_SCOPE, keys } from '../../shared/adapters/dynamo/keys.js';
import { createIdCrypto } from '../../shared/adapters/id-crypto.js';
import { ensureTable, javaMajorVersion, startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/env.js';
import { missingTool } from '../support/tools.js';
import { accountStore } from '../../shared/adapters/dynamo/accounts.js';
import { accountStoreContract } from './account-store-contract.js';
import { exportJobsContract } from './export-jobs-contract.js';
import { exportJobRepository } from '../../shared/adapters/dynamo/export-jobs.js';
import { repositoryContract } from './repository-contract.js';
import { candidateRow, clearIdNumbersIn, ID_A, ID_B, ID_C, ID_RELATIVE } from './samples.js';

const noJava = missingTool('Java 17 (for DynamoDB Local)', (javaMajorVersion() ?? 0) >= 17, 'apt-get install -y openjdk-17-jre-headless');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

describe.skipIf(noJava)('DynamoDB repositories on DynamoDB Local', () => {
  let ddb: DynamoDbLocal | undefined;
  let doc: DynamoDBDocumentClient | undefined;
  const tableName = 'lianshen-repo-test';
  const KEY_MATERIAL = 'test-key-material-0123456789abcdef';

  async function scanAll(): Promise<Array<Record<string, unknown>>> {
    const out = await doc?.send(new ScanCommand({ TableName: tableName }));
    return out?.Items ?? [];
  }

  repositoryContract(async () => {
    ddb = await startDynamoDbLocal({ port: await freePort(), cacheDir: '.cache' });
    const client = new DynamoDBClient({ endpoint: ddb.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    await ensureTable(client, tableName);
    const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    doc = documents;
    const open = () => createDynamoRepositories({ doc: documents, tableName, crypto: createIdCrypto(KEY_MATERIAL) });
    return {
      repos: open(),
      other: open,
      extractRowCount: async () => (await scanAll()).filter((i) => i['entity'] === 'ExtractRow').length,
    };
  });

  describe('export jobs', () => {
    exportJobsContract(async () => {
      if (doc === undefined || ddb === undefined) throw new Error('DynamoDB Local is not up');
      // A table of their own per test, so the job ids of one test do not meet the next.
      const table = `lianshen-exports-${Math.random().toString(36).slice(2, 10)}`;
      await ensureTable(new DynamoDBClient({ endpoint: ddb.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }), table);
      return exportJobRepository({ doc, tableName: table });
    });
  });

  describe('the account store', () => {
    accountStoreContract(async () => {
      if (doc === undefined) throw new Error('DynamoDB Local is not up');
      return accountStore({ doc, tableName });
    });
  });

  afterAll(async () => {
    doc?.destroy();
    await ddb?.stop();
  });

  it('still finds the rows of an extract stored a row an item (before rows were stored a person an item)', async () => {
    if (doc === undefined) throw new Error('DynamoDB Local is not up');
    const crypto = createIdCrypto(KEY_MATERIAL);
    const repos = createDynamoRepositories({ doc, tableName, crypto });
    const generation = '2026103100000000001a2b3c4d';
    const row = (index: number, idNumber: string, category: string) => ({
      ...keys.extractRow('petitions', crypto.hmac(idNumber), ALL_SCOPE, generation, index),
      entity: 'ExtractRow',
      department: '信访局',
      idCipher: crypto.encrypt(idNumber),
      name: '王一',
      category,
    });
    for (const item of [row(0, ID_A, '越级上访'), row(1, ID_B, '缠访闹访'), row(2, ID_A, '聚众闹事')]) {
      await doc.send(new PutCommand({ TableName: tableName, Item: item }));
    }
    const head = {
      department: 'petitions',
      generation,
      rows: 3,
      persons: 2,
      filename: 'old.csv',
      uploadedBy: 'u',
      uploadedAt: '2026-10-31T00:00:00.000Z',
    };
    await doc.send(new PutCommand({ TableName: tableName, Item: { ...keys.extract('petitions', ALL_SCOPE), entity: 'Extract', ...head } }));
    const active = await repos.extracts.getActive('petitions', 'c1');
    expect(active?.generation).toBe(generation);
    const found = await repos.extracts.findRowsOf(active!, [ID_A, ID_C]);
    expect(found.get(ID_A)?.map((r) => [r.idNumber, r.category])).toEqual([
      [ID_A, '越级上访'],
      [ID_A, '聚众闹事'],
    ]);
    expect(found.get(ID_C)).toEqual([]);
  });

  it('never stores an ID number in clear, and puts a TTL only on idempotency items', async () => {
    const items = await scanAll();
    const text = JSON.stringify(items);
    for (const id of [ID_A, ID_B, ID_C, ID_RELATIVE]) expect(text).not.toContain(id);
    expect(clearIdNumbersIn(text)).toEqual([]);
    const withTtl = new Set(items.filter((i) => 'expiresAt' in i).map((i) => i['entity']));
    // A chain begun today remembers its dedupe keys on its head: no AuditDedupe marker (older chains keep theirs, 90 days).
    expect([...withTtl].sort()).toEqual(['IdempotencyKey']);
    expect(candidateRow(1).idNumber).toBe(ID_A);
  });
});
