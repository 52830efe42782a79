// `lianshen restore`: a backup archive into an empty data folder (or, with --force, in place of
// one, which is moved aside, never deleted). Nothing is written to the target before the archive
// has proven whole: every part against its SHA-256 in the manifest and the manifest against its
// own. Then the new folder is built beside the target (files, the Step Functions and fauxqs
// stores, DynamoDB's items loaded into a fresh DynamoDB Local), every audit chain of the restored
// table is verified against itself, its head and the anchor file, and the folder moves into place.
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  chmodSync,
} from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { ensureTable } from '../../local/dynamodb.js';
import { TABLE_NAME } from '../../local/env.js';
import { STORE_FILES } from '../../local/snapshot.js';
import { DEFAULT_CACHE_DIR, findRunningStack } from '../../local/stack.js';
import { ANCHOR_FILE_NAME } from '../../shared/adapters/anchors/file.js';
import { anchorLines } from '../../shared/domain/audit/anchors.js';
import { ArchiveError, unpackChecked } from './archive.js';
import { BACKUP_KIND, BackupManifest, ITEMS_PART, withDynamoDbLocal } from './backup.js';
import { parseItemLine, scanItems, writeItems, countEntities, type Item } from './table-items.js';
import { ChainCollector, type StoreVerification } from './verify-store.js';

export { ArchiveError };

/** The target cannot be used (exit 2); nothing was written. */
export class RestoreTargetError extends Error {
  override name = 'RestoreTargetError';
}

export interface RestoreOptions {
  archive: string;
  dataDir: string;
  force?: boolean;
  cacheDir?: string;
  log?: (line: string) => void;
}

export interface RestoreSummary {
  dataDir: string;
  manifest: BackupManifest;
  /** Where the replaced data folder was moved (with --force). */
  replacedTo: string | null;
  items: number;
  counts: Record<string, number>;
  verification: StoreVerification;
}

function isEmptyDir(path: string): boolean {
  return statSync(path).isDirectory() && readdirSync(path).length === 0;
}

/** Unpacks and checks a backup archive into `into`; throws ArchiveError naming what is wrong. */
export async function unpackArchive(archive: string, into: string): Promise<BackupManifest> {
  const manifest = await unpackChecked(archive, into, BackupManifest, BACKUP_KIND);
  if (!manifest.parts.some((p) => p.path === ITEMS_PART)) throw new ArchiveError(`备份文件不完整：清单中没有 ${ITEMS_PART}`);
  return manifest;
}

/** The items of the archive's DynamoDB part, checked line by line. */
export async function* archiveItems(path: string): AsyncGenerator<Item> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  for await (const line of lines) {
    n += 1;
    if (line === '') continue;
    try {
      yield parseItemLine(line);
    } catch {
      throw new ArchiveError(`备份文件已损坏：${ITEMS_PART} 第 ${n} 行不是有效的数据项`);
    }
  }
}

export async function restoreBackup(opts: RestoreOptions): Promise<RestoreSummary> {
  const target = resolve(opts.dataDir);
  const log = opts.log ?? (() => undefined);
  const running = existsSync(target) ? findRunningStack(target) : undefined;
  if (running) throw new RestoreTargetError(`数据文件夹 ${target} 正由运行中的本地服务使用（pid ${running.pid}），请先停止它`);
  const occupied = existsSync(target) && !isEmptyDir(target);
  if (occupied && !opts.force) {
    throw new RestoreTargetError(`数据文件夹 ${target} 不是空的，未恢复。如要替换它，请加 --force（原内容将移到旁边的文件夹，不会删除）`);
  }
  mkdirSync(dirname(target), { recursive: true });
  const work = mkdtempSync(join(dirname(target), `.restore-${basename(target)}-`));
  chmodSync(work, 0o700);
  try {
    log('检查备份文件…');
    const unpacked = join(work, 'archive');
    mkdirSync(unpacked, { mode: 0o700 });
    const manifest = await unpackArchive(opts.archive, unpacked);
    log(`  清单与 ${manifest.parts.length} 个部分的 SHA-256 全部相符（备份于 ${manifest.createdAt}）`);

    const data = join(work, 'data');
    mkdirSync(data, { mode: 0o700 });
    for (const part of manifest.parts) {
      if (!part.path.startsWith('files/')) continue;
      const dest = join(data, ...part.path.slice('files/'.length).split('/'));
      mkdirSync(dirname(dest), { recursive: true, mode: 0o700 });
      renameSync(join(unpacked, ...part.path.split('/')), dest);
      chmodSync(dest, 0o600);
    }
    for (const store of ['sfn', 'sqs'] as const) {
      const rel = STORE_FILES[store].split(sep).join('/');
      if (!manifest.parts.some((p) => p.path === rel)) continue;
      const dest = join(data, STORE_FILES[store]);
      mkdirSync(dirname(dest), { recursive: true, mode: 0o700 });
      renameSync(join(unpacked, ...rel.split('/')), dest);
      chmodSync(dest, 0o600);
    }

    log('写入 DynamoDB 数据（临时启动 DynamoDB Local）…');
    const collector = new ChainCollector();
    const anchorPath = join(data, ANCHOR_FILE_NAME);
    const anchorText = existsSync(anchorPath) ? anchorLines(readFileSync(anchorPath, 'utf8')) : undefined;
    const { items, counts } = await withDynamoDbLocal(join(data, 'dynamodb'), opts.cacheDir ?? DEFAULT_CACHE_DIR, async (client) => {
      await ensureTable(client, TABLE_NAME);
      let batch: Item[] = [];
      let written = 0;
      for await (const item of archiveItems(join(unpacked, ...ITEMS_PART.split('/')))) {
        batch.push(item);
        if (batch.length >= 500) {
          await writeItems(client, TABLE_NAME, batch);
          written += batch.length;
          batch = [];
        }
      }
      await writeItems(client, TABLE_NAME, batch);
      written += batch.length;
      if (written !== manifest.table.items)
        throw new ArchiveError(`备份文件已损坏：数据项为 ${written} 项，清单记为 ${manifest.table.items} 项`);
      log(`  已写入 ${written} 项；读回并校验审计链…`);
      const restoredCounts: Record<string, number> = {};
      let read = 0;
      for await (const item of scanItems(client, TABLE_NAME)) {
        collector.add(item);
        countEntities([item], restoredCounts);
        read += 1;
      }
      return { items: read, counts: restoredCounts };
    });
    if (items !== manifest.table.items) throw new Error(`恢复后读回 ${items} 项，清单记为 ${manifest.table.items} 项`);
    const verification = collector.verify(anchorText);

    let replacedTo: string | null = null;
    if (occupied) {
      replacedTo = `${target}.replaced-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}`;
      renameSync(target, replacedTo);
    } else if (existsSync(target)) {
      rmSync(target, { recursive: true });
    }
    renameSync(data, target);
    chmodSync(target, 0o700);
    return { dataDir: target, manifest, replacedTo, items, counts, verification };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
