import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IMPORT_ERROR_CODES } from '../../../shared/domain/import/errors.js';
import { parseBatch, parseRecords } from '../../../shared/adapters/files/uploads.js';
import { TEST_POLICY, TODAY, text } from './helpers.js';

const readme = readFileSync(new URL('../../../shared/domain/import/README.md', import.meta.url), 'utf8');
const blocks = [...readme.matchAll(/```\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');

describe('shared/domain/import/README.md', () => {
  it('shows examples that the parsers accept', async () => {
    const [candidates = '', relatives = '', records = ''] = blocks;
    const batch = await parseBatch({ candidates: text(candidates), relatives: text(relatives, 'rel.csv'), today: TODAY });
    expect(batch.ok).toBe(true);
    const extract = await parseRecords({ ...text(records), today: TODAY }, TEST_POLICY);
    expect(extract.ok).toBe(true);
  });

  it('documents every error code', () => {
    for (const code of IMPORT_ERROR_CODES) expect(readme, code).toContain(code);
  });
});
