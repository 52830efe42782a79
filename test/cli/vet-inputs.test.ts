// lianshen vet checks its inputs before anything starts: with --units, the batch must keep to the
// 行政区划 list, and the township's code is the list's.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBatchInputs, VetInputError } from '../../cli/lib/vet.js';
import { REPO_ROOT } from '../../local/stack.js';
import { tempDir } from './helpers.js';

const base = {
  batch: 'samples/batch.csv',
  relatives: 'samples/relatives.csv',
  records: 'samples/records',
  policy: 'dinghai-2017',
  electionDate: '2027-03-28',
  waitSeconds: 10,
  cwd: REPO_ROOT,
};

describe('vet inputs with a 行政区划 list', () => {
  it('takes the township code from the list', async () => {
    const inputs = await readBatchInputs({ ...base, units: 'samples/units.csv' });
    expect(inputs).toMatchObject({ township: '昌国街道', townshipCode: 'changguo', units: { filename: 'units.csv' } });
  });

  it('refuses a batch whose villages are not on the list, naming the rows', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'units.csv'), '\uFEFF乡镇(街道),村(社区),类型\n昌国街道,海山社区,农村社区\n');
    const error = await readBatchInputs({ ...base, units: join(dir, 'units.csv') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VetInputError);
    const problems = error instanceof VetInputError ? error.problems : [];
    expect(problems[0]?.errors.length).toBeGreaterThan(0);
    expect(new Set(problems[0]?.errors.map((e) => e.code))).toEqual(new Set(['VILLAGE_NOT_IN_CAMPAIGN']));
  });
});
