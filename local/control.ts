// The control socket of a running stack: a Unix domain socket in the data folder (mode 0600, so
// only the account that runs the stack can use it; nothing listens on the network). `lianshen
// backup` asks the running stack through it for a consistent snapshot of its stores. One JSON
// line in, one JSON line out.
import { chmodSync, existsSync, realpathSync, rmSync, statSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { join, relative, resolve, sep } from 'node:path';
import { z } from 'zod';
import type { StoreSnapshot } from './snapshot.js';

export const controlSocketPath = (dataDir: string) => join(dataDir, 'control.sock');

const Request = z.object({ op: z.literal('snapshot'), dest: z.string().min(1) });
const SnapshotResult = z.object({
  stores: z.array(z.enum(['dynamodb', 'sfn', 'sqs'])),
  files: z.array(z.string()),
  pausedMs: z.number(),
});
export type SnapshotResult = z.infer<typeof SnapshotResult>;
const Response = z.union([
  z.object({ ok: z.literal(true), result: SnapshotResult }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);

export interface ControlHandlers {
  snapshot(dest: string): Promise<StoreSnapshot & { pausedMs: number }>;
}

export interface ControlServer {
  path: string;
  stop(): Promise<void>;
}

/** A snapshot may only be written into an existing, empty folder inside the data folder. */
function checkDest(dataDir: string, dest: string): string | undefined {
  const full = resolve(dest);
  if (!existsSync(full) || !statSync(full).isDirectory()) return '快照目标文件夹不存在';
  const rel = relative(realpathSync(dataDir), realpathSync(full));
  if (rel === '' || rel.startsWith('..') || rel.split(sep).includes('..')) return '快照目标必须在数据文件夹之内';
  return undefined;
}

export async function startControlServer(dataDir: string, handlers: ControlHandlers, log: (line: string) => void): Promise<ControlServer> {
  const path = controlSocketPath(dataDir);
  // A socket file left by a killed stack: findRunningStack already ruled out a live one.
  rmSync(path, { force: true });
  let busy = false;
  const server: Server = createServer((socket) => {
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const end = buffer.indexOf('\n');
      if (end < 0) return;
      const line = buffer.slice(0, end);
      buffer = '';
      const reply = (body: z.infer<typeof Response>) => socket.end(`${JSON.stringify(body)}\n`);
      let parsed: ReturnType<typeof Request.safeParse>;
      try {
        parsed = Request.safeParse(JSON.parse(line));
      } catch {
        reply({ ok: false, error: '控制请求不是有效的 JSON' });
        return;
      }
      if (!parsed.success) {
        reply({ ok: false, error: '未知的控制请求' });
        return;
      }
      const wrong = checkDest(dataDir, parsed.data.dest);
      if (wrong !== undefined) {
        reply({ ok: false, error: wrong });
        return;
      }
      if (busy) {
        reply({ ok: false, error: '另一个备份正在进行，请稍后重试' });
        return;
      }
      busy = true;
      handlers
        .snapshot(resolve(parsed.data.dest))
        .then(
          (result) => reply({ ok: true, result }),
          (err: unknown) => {
            log(`snapshot failed: ${err instanceof Error ? err.message : String(err)}`);
            reply({ ok: false, error: err instanceof Error ? err.message : String(err) });
          },
        )
        .finally(() => {
          busy = false;
        });
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(path, () => {
      server.off('error', fail);
      ok();
    });
  });
  chmodSync(path, 0o600);
  return {
    path,
    stop: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        rmSync(path, { force: true });
      }),
  };
}

/** Asks the stack running for `dataDir` for a snapshot into `dest` (an empty folder inside it). */
export function requestSnapshot(dataDir: string, dest: string, timeoutMs = 15 * 60_000): Promise<SnapshotResult> {
  return new Promise((resolvePromise, reject) => {
    const socket = createConnection(controlSocketPath(dataDir));
    let data = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('运行中的本地服务没有在时限内完成快照'));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify({ op: 'snapshot', dest })}\n`));
    socket.on('data', (chunk: string) => {
      data += chunk;
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`无法连接运行中的本地服务的控制接口（${controlSocketPath(dataDir)}）：${err.message}`));
    });
    socket.on('end', () => {
      clearTimeout(timer);
      let parsed: ReturnType<typeof Response.safeParse>;
      try {
        parsed = Response.safeParse(JSON.parse(data));
      } catch {
        reject(new Error('本地服务的控制接口返回了无法识别的内容'));
        return;
      }
      if (!parsed.success) reject(new Error('本地服务的控制接口返回了无法识别的内容'));
      else if (parsed.data.ok) resolvePromise(parsed.data.result);
      else reject(new Error(`本地服务未能完成快照：${parsed.data.error}`));
    });
  });
}
