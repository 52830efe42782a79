// The shipped policies move from TypeScript to policies/<id>.yaml: each file parses to exactly the
// policy the TypeScript gave (same departments, categories, conditions, avoidance, citations, notes).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoPath } from '../../../infra/paths.js';
import { Policy } from '../../../shared/domain/model.js';
import { getPolicy, POLICY_IDS } from '../../../shared/domain/policies/index.js';

describe.each(POLICY_IDS)('policies/%s.yaml', (id) => {
  it('parses to the same policy as the TypeScript data', () => {
    const fromYaml = Policy.parse(parse(readFileSync(repoPath(`policies/${id}.yaml`), 'utf8')));
    expect(fromYaml).toEqual(getPolicy(id));
  });
});
