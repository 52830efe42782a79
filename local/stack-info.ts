// What a running local stack writes to `dataDir/stack.json`, and how another process (the CLI,
// the crash-recovery test) finds it. No imports from the stack itself, so anything may read it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_DATA_DIR = join(REPO_ROOT, '.data');

export interface StackPorts {
  http: number;
  dynamodb: number;
  sqs: number;
  sfn: number;
}

export const StackInfo = z.object({
  pid: z.number().int(),
  mode: z.enum(['memory', 'persistent']),
  startedAt: z.string(),
  dataDir: z.string(),
  urls: z.object({ http: z.string(), api: z.string(), dynamodb: z.string(), sqs: z.string(), sfn: z.string() }),
  stateMachineArn: z.string(),
  departmentTimeoutSeconds: z.number().nullable(),
});
export type StackInfo = z.infer<typeof StackInfo>;

export const stackInfoPath = (dataDir: string) => join(dataDir, 'stack.json');

/** The stack recorded in `dataDir/stack.json`, when its process is still alive. */
export function findRunningStack(dataDir: string): StackInfo | undefined {
  const path = stackInfoPath(dataDir);
  if (!existsSync(path)) return undefined;
  let parsed: ReturnType<typeof StackInfo.safeParse>;
  try {
    parsed = StackInfo.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    return undefined;
  }
  if (!parsed.success || !isAlive(parsed.data.pid)) return undefined;
  return parsed.data;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err instanceof Error && 'code' in err && err.code === 'EPERM';
  }
}
