// Moving a campaign from one county server to another (and to a DynamoDB table standing in for
// AWS): export from a running stack, sealed to the target's key; import verifies the chains before
// and after writing, re-encrypts the ID numbers with the target's keys, anchors the imported heads,
// and refuses a campaign id that exists, another key, a changed file and an unfinished campaign.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { importCampaign } from '../../cli/lib/campaign-move.js';
import { createLocalTokens } from '../../local/auth.js';
import { ensureTable, javaMajorVersion, startDynamoDbLocal } from '../../local/dynamodb.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION, TABLE_NAME } from '../../local/env.js';
import { spawnStack, type SpawnedStack } from '../../local/spawn.js';
import { DEFAULT_CACHE_DIR, freePort } from '../../local/stack.js';
import { createDynamoRepositories } from '../../shared/adapters/dynamo/index.js';
import { createIdCrypto } from '../../shared/adapters/id-crypto.js';
import { PersonAlreadySubmittedError } from '../../shared/app/ports.js';
import { CandidateRow } from '../../shared/domain/model.js';
import { anchorLines, verifyAnchorLog } from '../../shared/domain/audit/anchors.js';
import { builtInPolicy as getPolicy } from '../../shared/adapters/files/policy-files.js';
import { makeIdNumber, RELATIVE_CSV_HEADER, seqFor, toCsv } from '../../samples/people.js';
import { REPO_ROOT, run } from '../cli/helpers.js';
import { missingTool } from '../support/tools.js';
import { fileBody } from '../../cli/lib/api-client.js';
import { CampaignDetail, PolicyVersions } from '../../shared/api/index.js';
import { AuditTrail, BatchDetail, Inbox, as, campaignWithEmptyExtracts, csvFile, tinyBatchCsv, waitFor } from './support.js';

const root = mkdtempSync(join(tmpdir(), 'lianshen-move-'));
const sourceDir = join(root, 'source');
const targetDir = join(root, 'target');
const exported = join(root, 'campaign.sealed');
const DONE = 'move-done';
const stacks: SpawnedStack[] = [];

afterAll(async () => {
  for (const s of stacks) await s.stop();
  rmSync(root, { recursive: true, force: true });
});

const noJava = missingTool('Java 17+', (javaMajorVersion() ?? 0) >= 17, 'apt-get install -y openjdk-17-jre-headless');
const policy = getPolicy('duting-2015');

async function campaignWithBatch(
  base: string,
  auth: ReturnType<typeof createLocalTokens>,
  id: string,
  people: Parameters<typeof tinyBatchCsv>[1],
  relatives?: string,
) {
  await campaignWithEmptyExtracts(base, auth, { id, name: `迁移测试 ${id}`, policyId: policy.id });
  const township = await as(base, auth, 'township-changguo', ['township:changguo']);
  const { csv, ids } = tinyBatchCsv('昌国街道', people);
  const body = {
    campaignId: id,
    candidates: csvFile(csv, 'batch.csv'),
    ...(relatives ? { relatives: csvFile(relatives, 'relatives.csv') } : {}),
  };
  const { batchId } = z.object({ batchId: z.string() }).parse(await township.post('/batches', body, { 'idempotency-key': id }));
  return { batchId, ids, township };
}

describe.skipIf(noJava)('moving a campaign between servers', () => {
  it('exports a finished campaign from a running stack and imports it on another, chains verified and ID numbers re-encrypted', async () => {
    const source = await spawnStack({ dataDir: sourceDir, departmentTimeoutSeconds: 900 });
    stacks.push(source);
    const auth = createLocalTokens({ dir: join(sourceDir, 'auth') });
    const people = [
      { name: '韩梅', sex: '女' as const, birth: '1987-05-05', political: '中共党员' as const, village: '海山社区', n: 711 },
      { name: '陆明', sex: '男' as const, birth: '1981-08-18', political: '群众' as const, village: '海山社区', n: 712 },
    ];
    const relativeId = makeIdNumber('1960-02-02', seqFor('男', 714));
    const { csv: _c, ids } = tinyBatchCsv('昌国街道', people);
    const relatives = toCsv([RELATIVE_CSV_HEADER, [ids[0] ?? '', '韩建', '父母', relativeId]]);
    const { batchId, township } = await campaignWithBatch(source.info.urls.http, auth, DONE, people, relatives);
    for (const code of ['petitions', 'discipline']) {
      const reviewer = await as(source.info.urls.http, auth, `dept-${code}`, [`department:${code}`]);
      const tasks = await waitFor(`${code} tasks`, async () => {
        const open = Inbox.parse(await reviewer.get(`/reviews?status=open&department=${code}`)).items.filter((t) => t.campaignId === DONE);
        return open.length === 2 ? open : undefined;
      });
      await reviewer.post('/reviews/attest', { statement: '以上人员经查无记录', department: code, taskIds: tasks.map((t) => t.taskId) });
    }
    const finished = await waitFor('the batch complete', async () => {
      const v = BatchDetail.parse(await township.get(`/batches/${batchId}`));
      return v.candidates.every((c) => c.decision !== null) && v.checks !== null ? v : undefined;
    });
    // A second campaign still under review must not move.
    const unfinished = await campaignWithBatch(source.info.urls.http, auth, 'move-open', [
      { name: '秦风', sex: '男', birth: '1984-03-03', political: '群众', village: '海山社区', n: 713 },
    ]);
    void unfinished;

    const target = await spawnStack({ dataDir: targetDir });
    stacks.push(target);
    const key = join(root, 'target.key');
    expect((await run(['campaign', 'keygen', '--out', key])).code).toBe(0);

    const refusedOpen = await run([
      'campaign',
      'export',
      'move-open',
      '--data-dir',
      sourceDir,
      '--out',
      join(root, 'open.sealed'),
      '--recipient',
      `${key}.pub`,
    ]);
    expect(refusedOpen.code).toBe(1);
    expect(refusedOpen.stdout).toContain('未完成联审');

    const out = await run(['campaign', 'export', DONE, '--data-dir', sourceDir, '--out', exported, '--recipient', `${key}.pub`]);
    expect(out.code, out.stdout + out.stderr).toBe(0);
    expect(out.stdout).toContain('已加密给接收方');
    // Sealed: no name and no ID number readable in the file.
    const bytes = readFileSync(exported);
    expect(bytes.includes(Buffer.from('韩梅'))).toBe(false);
    expect(bytes.includes(Buffer.from(ids[0] ?? 'x'))).toBe(false);

    const imported = await run(['campaign', 'import', exported, '--key', key, '--data-dir', targetDir]);
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/✓ 审计链 \d+ 条（\d+ 个事件）写入前后均完整/);
    expect(imported.stdout).toContain('导入的链头已锚定');

    // On the target: the same decisions and chains, ID numbers readable with the TARGET's keys only.
    const tAuth = createLocalTokens({ dir: join(targetDir, 'auth') });
    const orgdept = await as(target.info.urls.http, tAuth, 'orgdept', ['orgdept']);
    const view = BatchDetail.parse(await orgdept.get(`/batches/${batchId}`));
    expect(view.candidates.map((c) => c.decision?.finalStatus)).toEqual(finished.candidates.map((c) => c.decision?.finalStatus));
    for (const c of view.candidates) {
      const audit = AuditTrail.parse(await orgdept.get(`/candidates/${encodeURIComponent(c.candidateId)}/audit`));
      expect(audit.verification.ok).toBe(true);
    }
    const targetMaterial = readFileSync(join(targetDir, 'key-material'), 'utf8').trim();
    expect(targetMaterial).not.toBe(readFileSync(join(sourceDir, 'key-material'), 'utf8').trim());
    const ddb = new DynamoDBClient({ endpoint: target.info.urls.dynamodb, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const repos = createDynamoRepositories({
      doc: DynamoDBDocumentClient.from(ddb),
      tableName: TABLE_NAME,
      crypto: createIdCrypto(targetMaterial),
    });
    const dossier = await repos.candidates.getDossier(view.candidates.find((c) => c.name === '韩梅')?.candidateId ?? '');
    expect(dossier?.idNumber).toBe(ids[0]);
    expect(dossier?.relatives.map((r) => r.idNumber)).toEqual([relativeId]);
    const task = await repos.tasks.getToken(view.candidates[0]?.candidateId ?? '', 'discipline');
    expect(task).toBeUndefined();
    // The people came with the campaign: submitting one of them again on the target is refused.
    const person = await repos.candidates.getDossier(view.candidates[0]?.candidateId ?? '');
    if (person === undefined) throw new Error('no dossier on the target');
    const twice = await repos.batches
      .create({
        batchId: 'b-twice',
        campaignId: DONE,
        township: 'changguo',
        policyId: 'dinghai-2017',
        submittedBy: 'township-user',
        submittedAt: new Date().toISOString(),
        idempotencyKey: 'twice',
        requestDigest: 'twice',
        candidates: [CandidateRow.parse({ ...person, seq: 1 })],
        relatives: [],
      })
      .catch((err: unknown) => err);
    expect(twice).toBeInstanceOf(PersonAlreadySubmittedError);
    expect(twice instanceof PersonAlreadySubmittedError && twice.clashes[0]?.batchId).toBe(batchId);
    ddb.destroy();
    const anchors = verifyAnchorLog(anchorLines(readFileSync(join(targetDir, 'anchors.jsonl'), 'utf8')));
    expect(anchors.ok && anchors.records.some((r) => r.kind === 'import' && r.subject === DONE)).toBe(true);

    const again = await run(['campaign', 'import', exported, '--key', key, '--data-dir', targetDir]);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('目标中已有编号为 move-done 的换届工作');

    const otherKey = join(root, 'other.key');
    await run(['campaign', 'keygen', '--out', otherKey]);
    const wrongKey = await run(['campaign', 'import', exported, '--key', otherKey, '--data-dir', targetDir]);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stdout).toContain('加密给另一把密钥');

    const changed = Buffer.from(bytes);
    changed[changed.length - 100] = (changed[changed.length - 100] ?? 0) ^ 0x10;
    writeFileSync(join(root, 'changed.sealed'), changed);
    const tampered = await run(['campaign', 'import', join(root, 'changed.sealed'), '--key', key, '--data-dir', targetDir]);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain('解密校验失败');
  }, 600_000);

  it('moves a campaign under a county’s own uploaded policy with that policy version', async () => {
    const [source, target] = stacks;
    if (source === undefined || target === undefined) throw new Error('the stacks of the first test are needed');
    const orgdept = await as(source.info.urls.http, createLocalTokens({ dir: join(sourceDir, 'auth') }), 'orgdept', ['orgdept']);
    const workbook = new Uint8Array(readFileSync(join(REPO_ROOT, 'test/fixtures/county/青溪县负面清单.xlsx')));
    await orgdept.post('/policies', { file: fileBody(workbook, '青溪县负面清单.xlsx') });
    await orgdept.post('/campaigns', {
      id: 'move-county',
      name: '青溪县换届（迁移）',
      jurisdiction: '江西省临江市青溪县',
      policyId: 'qingxi-2027',
      electionDate: '2027-04-18',
      townships: [{ code: 'qingshui', name: '清水镇' }],
    });
    const key = join(root, 'target.key');
    const file = join(root, 'county.sealed');
    const out = await run(['campaign', 'export', 'move-county', '--data-dir', sourceDir, '--out', file, '--recipient', `${key}.pub`]);
    expect(out.code, out.stdout + out.stderr).toBe(0);
    const imported = await run(['campaign', 'import', file, '--key', key, '--data-dir', targetDir]);
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    expect(imported.stdout + imported.stderr).toContain('政策 qingxi-2027 版本 1.0.0 已随换届工作存入目标系统');

    const there = await as(target.info.urls.http, createLocalTokens({ dir: join(targetDir, 'auth') }), 'orgdept', ['orgdept']);
    expect(PolicyVersions.parse(await there.get('/policies/qingxi-2027')).versions.map((v) => v.version)).toEqual(['1.0.0']);
    const detail = CampaignDetail.parse(await there.get('/campaigns/move-county'));
    expect(detail.campaign.policyVersion).toBe('1.0.0');
    expect(detail.campaign.policy?.name).toContain('青溪县');
  }, 300_000);

  it('imports into a DynamoDB table on AWS with the key material from Secrets Manager', async () => {
    const ddbLocal = await startDynamoDbLocal({ port: await freePort(), cacheDir: DEFAULT_CACHE_DIR });
    const prev = { id: process.env['AWS_ACCESS_KEY_ID'], secret: process.env['AWS_SECRET_ACCESS_KEY'] };
    process.env['AWS_ACCESS_KEY_ID'] = LOCAL_CREDENTIALS.accessKeyId;
    process.env['AWS_SECRET_ACCESS_KEY'] = LOCAL_CREDENTIALS.secretAccessKey;
    const secrets = mockClient(SecretsManagerClient);
    const material = 'aws-key-material-aws-key-material-0123456789';
    secrets
      .on(GetSecretValueCommand, { SecretId: 'arn:aws:secretsmanager:ap-east-1:111122223333:secret:lianshen-keys' })
      .resolves({ SecretString: material });
    try {
      const client = new DynamoDBClient({ endpoint: ddbLocal.endpoint, region: 'ap-east-1', credentials: LOCAL_CREDENTIALS });
      await ensureTable(client, 'lianshen-prod');
      const r = await importCampaign({
        file: exported,
        privatePem: readFileSync(join(root, 'target.key'), 'utf8'),
        target: { kind: 'aws', table: 'lianshen-prod', region: 'ap-east-1', endpoint: ddbLocal.endpoint },
        keysSecretArn: 'arn:aws:secretsmanager:ap-east-1:111122223333:secret:lianshen-keys',
        secrets: new SecretsManagerClient({ region: 'ap-east-1' }),
      });
      expect(r.manifest.campaign.id).toBe(DONE);
      expect(r.anchored).toBeNull();
      const repos = createDynamoRepositories({
        doc: DynamoDBDocumentClient.from(client),
        tableName: 'lianshen-prod',
        crypto: createIdCrypto(material),
      });
      expect((await repos.campaigns.get(DONE))?.campaign.policyId).toBe('duting-2015');
      const batches = await repos.batches.listByCampaign(DONE);
      const dossiers = await repos.candidates.listDossiersByBatch(batches[0]?.batchId ?? '');
      expect(dossiers.map((d) => d.name).sort()).toEqual(['韩梅', '陆明'].sort());
      client.destroy();
    } finally {
      secrets.restore();
      process.env['AWS_ACCESS_KEY_ID'] = prev.id;
      process.env['AWS_SECRET_ACCESS_KEY'] = prev.secret;
      await ddbLocal.stop();
    }
  }, 120_000);
});
