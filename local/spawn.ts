// Runs the local stack (local/main.ts) as a child process and waits until it has written its
// stack.json. Used by `lianshen vet`/`demo` (so handler logs never mix with the CLI's output)
// and by the crash-recovery test (which kills the child with SIGKILL).
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { findRunningStack, REPO_ROOT, type StackInfo, type StackPorts } from './stack-info.js';
import { tsxImportUrl } from './tsx.js';

export interface SpawnStackOptions {
  dataDir: string;
  departmentTimeoutSeconds?: number;
  visibilityTimeoutSeconds?: number;
  /** Default: free ports for everything (a spawned stack never assumes 4000 is free). */
  ports?: Partial<StackPorts>;
  /** Bound on start-up (DynamoDB Local's JVM dominates). */
  timeoutMs?: number;
  env?: Record<string, string>;
  /** Demo mode: the demo accounts (`lianshen demo`). */
  demo?: boolean;
}

export interface SpawnedStack {
  info: StackInfo;
  child: ChildProcess;
  logFile: string;
  /** SIGTERM, then waits for the process (and its JVM) to exit. */
  stop(): Promise<void>;
}

export async function spawnStack(opts: SpawnStackOptions): Promise<SpawnedStack> {
  mkdirSync(opts.dataDir, { recursive: true });
  const logFile = join(opts.dataDir, 'stack.log');
  const out = openSync(logFile, 'a');
  // local/main.ts run directly seeds nothing: the caller sets up its own campaign.
  const args = ['--import', tsxImportUrl(), join(REPO_ROOT, 'local', 'main.ts'), '--data-dir', opts.dataDir, '--quiet'];
  if (opts.departmentTimeoutSeconds !== undefined) args.push('--department-timeout-seconds', String(opts.departmentTimeoutSeconds));
  if (opts.visibilityTimeoutSeconds !== undefined) args.push('--visibility-timeout-seconds', String(opts.visibilityTimeoutSeconds));
  if (opts.demo === true) args.push('--demo');
  args.push('--port', String(opts.ports?.http ?? 0));
  for (const k of ['dynamodb', 'sqs', 'sfn'] as const) {
    args.push(`--${k}-port`, String(opts.ports?.[k] ?? 0));
  }
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    stdio: ['ignore', out, out],
    env: { ...process.env, ...opts.env },
  });
  closeSync(out);
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<void>((r) =>
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      r();
    }),
  );
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  for (;;) {
    const info = findRunningStack(opts.dataDir);
    if (info && info.pid === child.pid) {
      return {
        info,
        child,
        logFile,
        stop: async () => {
          if (exit) return;
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
          await exited;
          clearTimeout(timer);
        },
      };
    }
    if (exit) {
      throw new Error(
        `The local stack exited during start-up (${exit.signal ?? `code ${exit.code}`}). Last lines of ${logFile}:\n${tail(logFile)}`,
      );
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `The local stack did not start within ${Math.round((opts.timeoutMs ?? 120_000) / 1000)} s. Last lines of ${logFile}:\n${tail(logFile)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

function tail(file: string, lines = 20): string {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}
