// `lianshen backup`: one archive (tar.gz) with a consistent snapshot of every store of the local
// stack and a manifest.
//
// Consistency: the stores are separate programs (DynamoDB Local, the Step Functions store, fauxqs)
// and a copy of one taken while the others move on would not match them (an answer confirmed in
// the table while its task is still waiting in the Step Functions store, and nobody left to send
// it). So every store is copied at ONE logical moment: a running stack is asked through its
// control socket to pause every writer (local/quiesce.ts: requests, pollers, task steps, its own
// jobs), let the work in progress finish, copy each SQLite file with SQLite's online backup, and
// resume — the pause lasts as long as the file copies, seconds. A stopped stack writes nothing and
// is copied as it lies. Only then, with the stack running again, is the archive built from the
// copies: DynamoDB's items are exported by a Scan of a temporary DynamoDB Local opened on the
// copied file (DynamoDB JSON, one item a line, portable to any DynamoDB), the other stores travel
// as their SQLite files, and every part gets its SHA-256 in the manifest.
import { chmodSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { requestSnapshot } from '../../local/control.js';
import { EMULATOR_PACKAGE, startDynamoDbLocal } from '../../local/dynamodb.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION, TABLE_NAME } from '../../local/env.js';
import { copyStores, STORE_FILES, type StoreName } from '../../local/snapshot.js';
import { DEFAULT_CACHE_DIR, findRunningStack, freePort, REPO_ROOT } from '../../local/stack.js';
import { ANCHOR_FILE_NAME } from '../../shared/adapters/anchors/file.js';
import { anchorLines, verifyAnchorLog } from '../../shared/domain/audit/anchors.js';
import { ArchivePart, describeParts, packArchive } from './archive.js';
import { countEntities, itemLine, scanItems } from './table-items.js';

export const BACKUP_FORMAT = 'lianshen-backup';
export const BACKUP_KIND = { format: BACKUP_FORMAT, formatVersion: 1, what: '备份文件' } as const;
export const ITEMS_PART = 'dynamodb/lianshen.jsonl';

const Hash = z.string().regex(/^[0-9a-f]{64}$/);

/** What wrote an archive. */
export const Versions = z.object({
  lianshen: z.string(),
  node: z.string(),
  dynamodbLocal: z.string(),
  fauxqs: z.string(),
  awsLocalStepFunctions: z.string(),
});

/** `Entity n，Entity n` for people, in a stable order. */
export function formatCounts(counts: Readonly<Record<string, number>>): string {
  return (
    Object.entries(counts)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([entity, n]) => `${entity} ${n}`)
      .join('，') || '无'
  );
}

export const BackupManifest = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int(),
  createdAt: z.string(),
  versions: Versions,
  /** Taken from a running stack (paused for `pausedMs`) or from a stopped one. */
  source: z.object({ running: z.boolean(), pausedMs: z.number().nullable() }),
  table: z.object({ name: z.string(), items: z.number().int().nonnegative() }),
  /** Items per entity (docs/data-model.md). */
  counts: z.record(z.string(), z.number().int().nonnegative()),
  stores: z.array(z.enum(['dynamodb', 'sfn', 'sqs'])),
  /** The anchor file's line count and the hash of its last line, when there is one. */
  anchors: z.object({ lines: z.number().int(), head: Hash }).nullable(),
  parts: z.array(ArchivePart),
});
export type BackupManifest = z.infer<typeof BackupManifest>;

export interface BackupSummary {
  out: string;
  manifest: BackupManifest;
}

function packageVersion(dir: string): string {
  try {
    const pkg = z.object({ version: z.string() }).safeParse(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')));
    return pkg.success ? pkg.data.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

export function versions(): BackupManifest['versions'] {
  return {
    lianshen: packageVersion(REPO_ROOT),
    node: process.version,
    dynamodbLocal: EMULATOR_PACKAGE,
    fauxqs: packageVersion(join(REPO_ROOT, 'node_modules', 'fauxqs')),
    awsLocalStepFunctions: packageVersion(join(REPO_ROOT, 'node_modules', 'aws-local-stepfunctions')),
  };
}

/** Runs `fn` against a DynamoDB Local of its own on `dbPath` (a free port, stopped afterwards). */
export async function withDynamoDbLocal<T>(dbPath: string, cacheDir: string, fn: (client: DynamoDBClient) => Promise<T>): Promise<T> {
  const ddb = await startDynamoDbLocal({ port: await freePort(), cacheDir, dbPath });
  const client = new DynamoDBClient({ endpoint: ddb.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  try {
    return await fn(client);
  } finally {
    client.destroy();
    await ddb.stop();
  }
}

/** Exports every item of the copied DynamoDB Local file, one JSON line each; returns the counts. */
async function exportItems(dbDir: string, target: string, cacheDir: string): Promise<{ items: number; counts: Record<string, number> }> {
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
  const out = createWriteStream(target, { mode: 0o600 });
  const counts: Record<string, number> = {};
  let items = 0;
  try {
    if (existsSync(join(dbDir, 'shared-local-instance.db'))) {
      await withDynamoDbLocal(dbDir, cacheDir, async (client) => {
        for await (const item of scanItems(client, TABLE_NAME)) {
          if (!out.write(`${itemLine(item)}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
          countEntities([item], counts);
          items += 1;
        }
      });
    }
  } finally {
    await new Promise<void>((ok, fail) => out.end((err?: Error | null) => (err ? fail(err) : ok())));
  }
  return { items, counts };
}

export interface BackupOptions {
  dataDir: string;
  out: string;
  overwrite?: boolean;
  cacheDir?: string;
  /** Progress lines (stderr). */
  log?: (line: string) => void;
}

export class BackupError extends Error {
  override name = 'BackupError';
}

export async function createBackup(opts: BackupOptions): Promise<BackupSummary> {
  const dataDir = resolve(opts.dataDir);
  const out = resolve(opts.out);
  const log = opts.log ?? (() => undefined);
  if (!existsSync(dataDir)) throw new BackupError(`数据文件夹不存在：${dataDir}`);
  if (existsSync(out) && !opts.overwrite) throw new BackupError(`文件已存在：${out}（如要覆盖，请加 --force）`);
  if (!existsSync(dirname(out))) throw new BackupError(`无法写入 ${out}：所在文件夹不存在`);
  // Inside the data folder: the running stack writes its copies there (and only there).
  const work = mkdtempSync(join(dataDir, '.backup-'));
  chmodSync(work, 0o700);
  const raw = join(work, 'raw');
  const archive = join(work, 'archive');
  mkdirSync(raw, { mode: 0o700 });
  mkdirSync(archive, { mode: 0o700 });
  try {
    const running = findRunningStack(dataDir);
    let stores: StoreName[];
    let files: string[];
    let pausedMs: number | null = null;
    if (running) {
      log(`本地服务正在运行（pid ${running.pid}）：暂停写入，复制各存储…`);
      const snap = await requestSnapshot(dataDir, raw);
      ({ stores, files, pausedMs } = snap);
      log(`  已复制，暂停 ${(snap.pausedMs / 1000).toFixed(1)} 秒后恢复运行`);
    } else {
      log('本地服务未运行：直接复制各存储…');
      ({ stores, files } = await copyStores(dataDir, raw));
    }

    log('导出 DynamoDB 数据（临时启动 DynamoDB Local）…');
    const exported = await exportItems(join(raw, 'dynamodb'), join(archive, ITEMS_PART), opts.cacheDir ?? DEFAULT_CACHE_DIR);
    const parts: string[] = [ITEMS_PART];
    for (const store of ['sfn', 'sqs'] as const) {
      if (!stores.includes(store)) continue;
      const rel = STORE_FILES[store].split('\\').join('/');
      mkdirSync(dirname(join(archive, rel)), { recursive: true, mode: 0o700 });
      renameSync(join(raw, STORE_FILES[store]), join(archive, rel));
      parts.push(rel);
    }
    for (const rel of files) {
      const target = join(archive, 'files', ...rel.split('/'));
      mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
      renameSync(join(raw, 'files', ...rel.split('/')), target);
      parts.push(`files/${rel}`);
    }
    let anchors: BackupManifest['anchors'] = null;
    if (files.includes(ANCHOR_FILE_NAME)) {
      const log = verifyAnchorLog(anchorLines(readFileSync(join(archive, 'files', ANCHOR_FILE_NAME), 'utf8')));
      if (log.ok) anchors = { lines: log.count, head: log.head };
    }

    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_KIND.formatVersion,
      createdAt: new Date().toISOString(),
      versions: versions(),
      source: { running: running !== undefined, pausedMs },
      table: { name: TABLE_NAME, items: exported.items },
      counts: exported.counts,
      stores: ['dynamodb', ...stores.filter((s) => s !== 'dynamodb')],
      anchors,
      parts: await describeParts(archive, parts),
    };
    await packArchive(archive, manifest, out);
    return { out, manifest };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
