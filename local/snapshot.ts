// Copies of every store of the local stack, for `lianshen backup`: the three SQLite databases
// (DynamoDB Local's -dbPath file, the Step Functions store, fauxqs' persistence) through SQLite's
// online backup API, which gives a transactionally consistent copy even while the file is open
// elsewhere, and the data folder's own files (accounts, keys, configuration, the anchor file).
// The copies are consistent WITH EACH OTHER only when nothing writes meanwhile: a running stack
// pauses first (local/quiesce.ts), a stopped stack writes nothing.
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { backup, DatabaseSync } from 'node:sqlite';

/** Where each store keeps its database inside the data folder. */
export const STORE_FILES = {
  dynamodb: join('dynamodb', 'shared-local-instance.db'),
  sfn: join('sfn', 'stepfunctions.sqlite'),
  sqs: join('sqs', 'fauxqs.db'),
} as const;
export type StoreName = keyof typeof STORE_FILES;
export const STORE_NAMES: readonly StoreName[] = ['dynamodb', 'sfn', 'sqs'];

/**
 * What is not copied as a plain file: the stores (copied through SQLite above), what belongs to
 * one run of the stack (stack.json, its log, the control socket, lock files), a backup's own
 * working folder, and the demo's separate data folder.
 */
const SKIP_TOP = new Set(['dynamodb', 'sqs', 'sfn', 'stack.json', 'stack.log', 'control.sock', 'demo']);
const SKIP_NAME = /(^\.backup-)|(^\.restore-)|(\.lock$)|(\.partial$)/;

/** The data folder's own files (relative paths), e.g. auth/users.json, key-material, anchors.jsonl. */
export function dataFiles(dataDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const rel = relative(dataDir, full);
      if ((dir === dataDir && SKIP_TOP.has(name)) || SKIP_NAME.test(name)) continue;
      const st = lstatSync(full);
      if (st.isDirectory()) walk(full);
      else if (st.isFile()) out.push(rel.split(sep).join('/'));
    }
  };
  if (existsSync(dataDir)) walk(dataDir);
  return out;
}

/** A consistent copy of one SQLite database file, made with SQLite's online backup. */
export async function copySqlite(source: string, target: string): Promise<void> {
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
  const db = new DatabaseSync(source);
  try {
    db.exec('PRAGMA busy_timeout = 10000');
    await backup(db, target);
  } finally {
    db.close();
  }
  chmodSync(target, 0o600);
}

export interface StoreSnapshot {
  /** Stores present in the data folder and copied (fauxqs is absent when it does not persist). */
  stores: StoreName[];
  /** The data folder's files copied, relative to `<dest>/files`. */
  files: string[];
}

/**
 * Copies every store into `dest/<store file>` and the data folder's files into `dest/files/`.
 * `backupSfn` copies the Step Functions store through the running service's own connection (its
 * history buffer flushed first); without it the file is opened directly.
 */
export async function copyStores(
  dataDir: string,
  dest: string,
  opts: { backupSfn?: (target: string) => Promise<void> } = {},
): Promise<StoreSnapshot> {
  const stores: StoreName[] = [];
  for (const store of STORE_NAMES) {
    const source = join(dataDir, STORE_FILES[store]);
    const target = join(dest, STORE_FILES[store]);
    if (store === 'sfn' && opts.backupSfn) {
      mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
      await opts.backupSfn(target);
      chmodSync(target, 0o600);
      stores.push(store);
    } else if (existsSync(source)) {
      await copySqlite(source, target);
      stores.push(store);
    }
  }
  const files = dataFiles(dataDir);
  for (const rel of files) {
    const target = join(dest, 'files', ...rel.split('/'));
    mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
    copyFileSync(join(dataDir, ...rel.split('/')), target);
    chmodSync(target, 0o600);
  }
  return { stores, files };
}
