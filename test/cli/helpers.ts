import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../cli/main.js';
import type { AuditEvent } from '../../shared/domain/model.js';
import { appendEvent } from '../../shared/domain/audit/chain.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/cli/', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with relative paths resolved against `cwd` (the fixtures by default). */
export async function run(argv: string[], cwd = FIXTURES): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    cwd,
  });
  return { code, stdout, stderr };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'lianshen-cli-'));
}

export function sampleChain(candidateId = 'cand-0001'): AuditEvent[] {
  const chain: AuditEvent[] = [];
  const steps = [
    ['submitted', { batchId: 'b-1' }],
    ['dispatched', { departments: 28 }],
    ['answered', { department: 'court', status: 'clear' }],
    ['decided', { outcome: 'cleared' }],
  ] as const;
  for (const [type, data] of steps) {
    chain.push(
      appendEvent(chain.at(-1), { candidateId, type, actor: { kind: 'system', id: 'pipeline' }, at: '2026-03-01T08:00:00.000Z', data }),
    );
  }
  return chain;
}

export function writeJson(dir: string, name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value, null, 2));
  return path;
}
