import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repoPath } from '../../../infra/paths.js';
import { POLICY_SCHEMA_PATH, policyJsonSchema, policyJsonSchemaText } from '../../../shared/adapters/files/policy-schema.js';

describe('the policy JSON Schema (docs/policy.schema.json)', () => {
  it('is the one the zod schema gives today (run `npm run schema:policy` after changing the model)', () => {
    expect(readFileSync(repoPath(POLICY_SCHEMA_PATH), 'utf8')).toBe(policyJsonSchemaText());
  });

  it('describes the input form: required parts required, defaulted parts optional, shared shapes as definitions', () => {
    const schema = policyJsonSchema();
    expect(schema['required']).toEqual(['id', 'version', 'name', 'jurisdiction', 'document', 'source', 'departments', 'categories']);
    expect(Object.keys(schema['$defs'] ?? {})).toEqual(
      expect.arrayContaining(['Citation', 'Department', 'Category', 'Window', 'PersonRule', 'AvoidanceRule', 'StructureTargets']),
    );
  });
});
