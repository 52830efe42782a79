// The local AnchorLog: an append-only file of JSON lines in the data folder (anchors.jsonl). Lines
// are only ever added, each in one write followed by fsync; a lock file next to it keeps two
// writers (the stack and `lianshen campaign import`, say) from sealing the same seq. On a county
// server the file can also be made append-only for the OS (`chattr +a`, docs/operate.md).
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { AnchorError, anchorLines, sealAnchor, verifyAnchorLog, type AnchorRecord } from '../../domain/audit/anchors.js';
import type { AnchorLog } from '../../app/ports.js';

export const ANCHOR_FILE_NAME = 'anchors.jsonl';

const LOCK_WAIT_MS = 15_000;
const LOCK_STALE_MS = 60_000;

export interface FileAnchorLogOptions {
  /** Waits (tests pass a fast one). */
  sleep?: (ms: number) => Promise<void>;
}

/** Reads and checks the log; an absent file is an empty log. Throws AnchorError when it is broken. */
export function readAnchorFile(path: string): { records: AnchorRecord[]; lastLine: string | undefined } {
  if (!existsSync(path)) return { records: [], lastLine: undefined };
  const lines = anchorLines(readFileSync(path, 'utf8'));
  const checked = verifyAnchorLog(lines);
  if (!checked.ok) throw new AnchorError(`${path}：${checked.message}`);
  return { records: checked.records, lastLine: lines.at(-1) };
}

export function fileAnchorLog(path: string, options: FileAnchorLogOptions = {}): AnchorLog {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const lockPath = `${path}.lock`;
  // One writer at a time inside this process too (the lock file is per process).
  let queue: Promise<unknown> = Promise.resolve();

  const acquire = async (): Promise<void> => {
    mkdirSync(dirname(path), { recursive: true });
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        const fd = openSync(lockPath, 'wx', 0o600);
        writeSync(fd, `${process.pid} ${new Date().toISOString()}\n`);
        closeSync(fd);
        return;
      } catch (err) {
        if (!(err instanceof Error && 'code' in err && err.code === 'EEXIST')) throw err;
      }
      if (staleLock(lockPath)) {
        rmSync(lockPath, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new AnchorError(`锚定记录文件被占用（${lockPath}），请稍后重试`);
      await sleep(25);
    }
  };

  const appendNow = async (anchor: Parameters<AnchorLog['append']>[0]): Promise<AnchorRecord> => {
    await acquire();
    try {
      const { record, line } = sealAnchor(readAnchorFile(path), anchor);
      const fd = openSync(path, 'a', 0o600);
      try {
        writeSync(fd, `${line}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      return record;
    } finally {
      rmSync(lockPath, { force: true });
    }
  };

  return {
    append(anchor) {
      const run = queue.then(() => appendNow(anchor));
      queue = run.catch(() => undefined);
      return run;
    },
    async list() {
      return readAnchorFile(path).records;
    },
  };
}

/** A lock whose process is gone, or older than any append could take (a leftover of a crash). */
function staleLock(lockPath: string): boolean {
  let text: string;
  try {
    text = readFileSync(lockPath, 'utf8');
  } catch {
    return false;
  }
  const [pidText, at] = text.trim().split(' ');
  const pid = Number(pidText);
  const since = Date.parse(at ?? '');
  // Written right after creation: an unreadable lock older than a second is a crash's leftover.
  if (!Number.isInteger(pid) || pid <= 0 || Number.isNaN(since)) return ageMs(lockPath) > 1000;
  if (Date.now() - since > LOCK_STALE_MS) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return !(err instanceof Error && 'code' in err && err.code === 'EPERM');
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** Writes a whole log at once (restore and tests); refuses to replace an existing file. */
export function writeAnchorFile(path: string, lines: readonly string[]): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, lines.map((l) => `${l}\n`).join(''), { flag: 'wx', mode: 0o600 });
}
