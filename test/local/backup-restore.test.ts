// lianshen backup / restore on the persistent local stack (DynamoDB Local with -dbPath, fauxqs
// with SQLite, the Step Functions store on disk), run as a child process like `npm start`:
// a backup taken while a batch is in flight restores into another data folder, where a new stack
// finishes the batch; a damaged or partial archive is refused with nothing written; a folder that
// is not empty is not replaced without --force.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLocalTokens } from '../../local/auth.js';
import { javaMajorVersion } from '../../local/dynamodb.js';
import { spawnStack, type SpawnedStack } from '../../local/spawn.js';
import { auditDepartment } from '../../shared/domain/audit/events.js';
import { anchorLines, verifyAnchorLog } from '../../shared/domain/audit/anchors.js';
import { builtInPolicy as getPolicy } from '../../shared/adapters/files/policy-files.js';
import { run } from '../cli/helpers.js';
import { missingTool } from '../support/tools.js';
import { AuditTrail, BatchDetail, Inbox, as, campaignWithEmptyExtracts, csvFile, tinyBatchCsv, waitFor } from './support.js';

const root = mkdtempSync(join(tmpdir(), 'lianshen-backup-'));
const source = join(root, 'source');
const restored = join(root, 'restored');
const archive = join(root, 'lianshen-backup.tar.gz');
const CAMPAIGN = 'backup-1';
const ATTESTATION = '以上人员经查无记录';
const stacks: SpawnedStack[] = [];

afterAll(async () => {
  for (const s of stacks) await s.stop();
  rmSync(root, { recursive: true, force: true });
});

const noJava = missingTool('Java 17+', (javaMajorVersion() ?? 0) >= 17, 'apt-get install -y openjdk-17-jre-headless');

async function start(dataDir: string): Promise<SpawnedStack> {
  const s = await spawnStack({ dataDir, departmentTimeoutSeconds: 900 });
  stacks.push(s);
  return s;
}

describe.skipIf(noJava)('backup and restore of the local stack', () => {
  it('backs up a stack with a batch in flight; the archive restores elsewhere, where the batch finishes', async () => {
    const policy = getPolicy('duting-2015');
    const a = await start(source);
    const auth = createLocalTokens({ dir: join(source, 'auth') });
    await campaignWithEmptyExtracts(a.info.urls.http, auth, { id: CAMPAIGN, name: '备份测试', policyId: policy.id });
    const township = await as(a.info.urls.http, auth, 'township-changguo', ['township:changguo']);
    const { csv } = tinyBatchCsv('昌国街道', [
      { name: '孔亮', sex: '男', birth: '1983-06-01', political: '群众', village: '海山社区', n: 611 },
      { name: '冯洁', sex: '女', birth: '1990-01-20', political: '中共党员', village: '海山社区', n: 612 },
      { name: '曹勇', sex: '男', birth: '1979-11-30', political: '群众', village: '海山社区', n: 613 },
    ]);
    const { batchId } = z
      .object({ batchId: z.string() })
      .parse(
        await township.post('/batches', { campaignId: CAMPAIGN, candidates: csvFile(csv, 'three.csv') }, { 'idempotency-key': 'backup-1' }),
      );
    // In flight: the automatic departments have answered, 信访 has answered one candidate, the rest wait.
    const reviewer = async (code: string) => as(a.info.urls.http, auth, `dept-${code}`, [`department:${code}`]);
    const open = async (code: string) =>
      Inbox.parse(await (await reviewer(code)).get(`/reviews?status=open&department=${code}`)).items.filter(
        (t) => t.campaignId === CAMPAIGN,
      );
    const petitions = await waitFor('信访 tasks', async () => ((await open('petitions')).length === 3 ? open('petitions') : undefined));
    await waitFor('纪检 tasks', async () => (await open('discipline')).length === 3);
    const first = petitions[0];
    if (first === undefined) throw new Error('no task');
    expect(
      (await (await reviewer('petitions')).request('POST', `/reviews/${encodeURIComponent(first.taskId)}/answer`, { result: 'clear' }))
        .status,
    ).toBe(200);
    const before = BatchDetail.parse(await township.get(`/batches/${batchId}`));
    expect(before.candidates.every((c) => c.decision === null)).toBe(true);

    const backedUp = await run(['backup', '--data-dir', source, '--out', archive]);
    expect(backedUp.code, backedUp.stderr).toBe(0);
    expect(backedUp.stdout).toContain('取自运行中的本地服务');
    // The source stack goes on after its pause.
    expect(BatchDetail.parse(await township.get(`/batches/${batchId}`)).candidates).toHaveLength(3);
    await a.stop();

    const restoring = await run(['restore', archive, '--data-dir', restored]);
    expect(restoring.code, `${restoring.stdout}\n${restoring.stderr}`).toBe(0);
    expect(restoring.stdout).toMatch(/✓ 审计链 \d+ 条（\d+ 个事件）全部完整/);
    expect(existsSync(join(restored, 'key-material'))).toBe(true);

    const b = await start(restored);
    const base = b.info.urls.http;
    const again = async (code: string) => as(base, auth, `dept-${code}`, [`department:${code}`]);
    for (const code of ['petitions', 'discipline']) {
      const tasks = await waitFor(`the restored ${code} inbox`, async () => {
        const items = Inbox.parse(await (await again(code)).get(`/reviews?status=open&department=${code}`)).items.filter(
          (t) => t.campaignId === CAMPAIGN,
        );
        return items.length === (code === 'petitions' ? 2 : 3) ? items : undefined;
      });
      const res = await (await again(code)).request('POST', '/reviews/attest', {
        statement: ATTESTATION,
        department: code,
        taskIds: tasks.map((t) => t.taskId),
      });
      expect(res.status).toBe(200);
    }
    const township2 = await as(base, auth, 'township-changguo', ['township:changguo']);
    const done = await waitFor(
      'the batch finished on the restored stack',
      async () => {
        const v = BatchDetail.parse(await township2.get(`/batches/${batchId}`));
        return v.candidates.every((c) => c.decision !== null) && v.checks !== null ? v : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 1000 },
    );
    expect(done.candidates.map((c) => c.decision?.finalStatus)).toEqual(['cleared', 'cleared', 'cleared']);
    const orgdept2 = await as(base, auth, 'orgdept', ['orgdept']);
    for (const c of done.candidates) {
      const audit = AuditTrail.parse(await orgdept2.get(`/candidates/${encodeURIComponent(c.candidateId)}/audit`));
      expect(audit.verification.ok).toBe(true);
      // Each department's answer is its own event (on its verdict), all sealed by the one decision.
      const answered = audit.answers.filter((e) => e.type === 'answered').map((e) => String(auditDepartment(e.data)));
      expect(answered.sort()).toEqual(policy.departments.map((d) => d.code).sort());
      expect(audit.verification).toMatchObject({ ok: true, answers: audit.answers.length, sealed: audit.answers.length });
      expect(audit.events.filter((e) => e.type === 'decided')).toHaveLength(1);
    }
    // The restored anchor file goes on: the completed batch is anchored after what the backup held.
    const anchors = verifyAnchorLog(anchorLines(readFileSync(join(restored, 'anchors.jsonl'), 'utf8')));
    expect(anchors.ok).toBe(true);
    expect(anchors.records.some((r) => r.kind === 'batch' && r.subject === batchId)).toBe(true);
    await b.stop();
  }, 600_000);

  it('refuses an archive with a flipped byte, a changed part or a missing end, and restores nothing', async () => {
    const target = join(root, 'never');
    const flipped = join(root, 'flipped.tar.gz');
    const bytes = readFileSync(archive);
    bytes[Math.floor(bytes.length / 2)] = (bytes[Math.floor(bytes.length / 2)] ?? 0) ^ 0x01;
    writeFileSync(flipped, bytes);
    const r1 = await run(['restore', flipped, '--data-dir', target]);
    expect(r1.code).toBe(1);
    expect(r1.stdout).toMatch(/备份文件已损坏/);
    expect(existsSync(target)).toBe(false);

    const truncated = join(root, 'truncated.tar.gz');
    writeFileSync(truncated, readFileSync(archive).subarray(0, Math.floor(bytes.length * 0.7)));
    const r2 = await run(['restore', truncated, '--data-dir', target]);
    expect(r2.code).toBe(1);
    expect(r2.stdout).toMatch(/备份文件已损坏或不完整|备份文件不完整/);
    expect(existsSync(target)).toBe(false);

    // A well-formed archive whose key material was swapped: the part's checksum no longer matches.
    const unpacked = join(root, 'unpacked');
    mkdirSync(unpacked);
    await tar.x({ file: archive, cwd: unpacked });
    writeFileSync(join(unpacked, 'files', 'key-material'), 'someone-elses-key-material-0123456789\n');
    const swapped = join(root, 'swapped.tar.gz');
    await tar.c({ gzip: true, file: swapped, cwd: unpacked }, readdirSync(unpacked));
    const r3 = await run(['restore', swapped, '--data-dir', target]);
    expect(r3.code).toBe(1);
    expect(r3.stdout).toContain('files/key-material 的');
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(root).filter((f) => f.startsWith('.restore-'))).toEqual([]);
  }, 120_000);

  it('does not restore onto a folder that is not empty unless --force, which moves the old one aside', async () => {
    const occupied = join(root, 'occupied');
    mkdirSync(occupied);
    writeFileSync(join(occupied, 'notes.txt'), 'keep me');
    const refused = await run(['restore', archive, '--data-dir', occupied]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('不是空的');
    expect(readdirSync(occupied)).toEqual(['notes.txt']);

    const forced = await run(['restore', archive, '--data-dir', occupied, '--force']);
    expect(forced.code, forced.stdout).toBe(0);
    expect(existsSync(join(occupied, 'key-material'))).toBe(true);
    const aside = readdirSync(root).find((f) => f.startsWith('occupied.replaced-'));
    expect(aside).toBeDefined();
    expect(readFileSync(join(root, aside ?? '', 'notes.txt'), 'utf8')).toBe('keep me');
    copyFileSync(archive, join(root, 'kept.tar.gz'));
  }, 120_000);
});
