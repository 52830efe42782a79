// `lianshen vet --policy`: a policy file is checked before anything starts, with the same
// sheet/row/column errors as `lianshen policy validate`; nothing is started for a bad one.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolvePolicySource, VetInputError } from '../../cli/lib/vet.js';
import { FIXTURES, REPO_ROOT, run } from './helpers.js';

const POLICY_FIXTURES = join(REPO_ROOT, 'test/fixtures/policy');

describe('lianshen vet --policy', () => {
  it('reads a workbook, a built-in id or a stored id', async () => {
    const file = await resolvePolicySource({ policy: 'dinghai-2017.yaml', cwd: join(REPO_ROOT, 'policies') });
    expect(file.kind).toBe('file');
    expect(file.kind === 'file' && file.policy.id).toBe('dinghai-2017');
    expect((await resolvePolicySource({ policy: 'dinghai-2017' })).kind).toBe('builtIn');
    expect(await resolvePolicySource({ policy: 'a-county-2027' })).toEqual({ kind: 'stored', id: 'a-county-2027' });
  });

  it('refuses a policy file with mistakes, naming each by sheet, row and column', async () => {
    const refused = await resolvePolicySource({ policy: 'many-errors.xlsx', cwd: POLICY_FIXTURES }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(VetInputError);
    const problems = refused instanceof VetInputError ? refused.problems : [];
    expect(problems[0]?.file).toBe('many-errors.xlsx');
    expect(problems[0]?.errors).toContainEqual(
      expect.objectContaining({ sheet: '负面清单', row: 3, column: '负责部门', code: 'POLICY_DEPARTMENT_UNKNOWN' }),
    );
  });

  it('exits 1 with the errors before starting a stack, and for a missing policy file', async () => {
    const policy = join(POLICY_FIXTURES, 'many-errors.xlsx');
    const bad = await run(['vet', 'batch-valid.csv', '--policy', policy, '--election-date', '2027-03-28', '--records', '.'], FIXTURES);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('政策文件 many-errors.xlsx 未通过校验');
    expect(bad.stderr).toMatch(/负面清单\s+3\s+负责部门\s+县法院/);
    const missing = await run(
      ['vet', 'batch-valid.csv', '--policy', 'nowhere.xlsx', '--election-date', '2027-03-28', '--records', '.'],
      FIXTURES,
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('找不到文件');
  });
});
