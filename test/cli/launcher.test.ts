// The CLI as users start it: through bin/lianshen.mjs (npx lianshen) and `npm run lianshen`.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { builtInPolicyIds } from '../../shared/adapters/files/policy-files.js';
import { FIXTURES, REPO_ROOT, sampleChain, tempDir, writeJson } from './helpers.js';

const BIN = join(REPO_ROOT, 'bin', 'lianshen.mjs');

function launch(args: string[], cwd = FIXTURES) {
  // process.execPath is whatever Node runs the tests; the launcher re-execs on the project's Node 24.
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

describe('bin/lianshen.mjs', () => {
  it('runs the CLI on Node 24 and passes stdout through', () => {
    const { code, stdout } = launch(['policies', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).map((p: { id: string }) => p.id)).toEqual(builtInPolicyIds());
  });

  it('forwards exit codes 1 and 2 and resolves paths against the caller’s directory', () => {
    expect(launch(['validate', 'batch-valid.csv']).code).toBe(0);
    expect(launch(['validate', 'batch-invalid.csv', '--json']).code).toBe(1);
    const missing = launch(['validate', 'missing.csv']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('找不到文件');
  });

  it('verifies an audit file end to end', () => {
    const dir = tempDir();
    const chain = sampleChain();
    writeJson(dir, 'ok.json', chain);
    writeJson(dir, 'swapped.json', [chain[1], chain[0], chain[2], chain[3]]);
    expect(launch(['verify', 'ok.json'], dir).code).toBe(0);
    const bad = launch(['verify', 'swapped.json'], dir);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('事件 #0');
  });
});

describe('npm run lianshen', () => {
  it('resolves relative paths against the directory npm was started in', () => {
    const result = spawnSync('npm', ['run', '-s', 'lianshen', '--', 'validate', 'batch-valid-gbk.csv', '--json'], {
      cwd: FIXTURES,
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ valid: true, errors: [] });
  });
});
