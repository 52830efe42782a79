import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseBatch } from '../../../shared/adapters/files/uploads.js';
import { INVALID, sampleFiles } from '../../fixtures/import/samples.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/import');
const load = (name: string) => ({ bytes: new Uint8Array(readFileSync(join(dir, name))), filename: name });

describe('sample upload files in test/fixtures/import', () => {
  it('are exactly what the generator produces', () => {
    for (const [name, bytes] of Object.entries(sampleFiles())) {
      expect(Buffer.from(readFileSync(join(dir, name))).equals(Buffer.from(bytes)), `${name} is stale: run generate.ts`).toBe(true);
    }
  });

  it('batch-valid.csv with relatives-valid.csv passes', async () => {
    const result = await parseBatch({ candidates: load('batch-valid.csv'), relatives: load('relatives-valid.csv') });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.candidates).toHaveLength(8);
      expect(result.relatives).toHaveLength(4);
    }
  });

  it('batch-valid-gbk.csv (GBK-encoded) passes with the same names', async () => {
    const [gbk, utf8] = await Promise.all([
      parseBatch({ candidates: load('batch-valid-gbk.csv') }),
      parseBatch({ candidates: load('batch-valid.csv') }),
    ]);
    expect(gbk.ok && utf8.ok && gbk.candidates).toEqual(utf8.ok && utf8.candidates);
  });

  it('batch-invalid.csv yields exactly one error per broken row, as listed in batch-invalid.expected.json', async () => {
    const result = await parseBatch({ candidates: load('batch-invalid.csv') });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => ({ row: e.row, column: e.column, code: e.code }))).toEqual(INVALID.expected);
    expect(JSON.parse(readFileSync(join(dir, 'batch-invalid.expected.json'), 'utf8'))).toEqual(INVALID.expected);
  });
});
