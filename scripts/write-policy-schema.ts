// `npm run schema:policy`: writes docs/policy.schema.json from the domain's zod schema
// (test/adapters/files/policy-schema.test.ts fails while the file is stale).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { POLICY_SCHEMA_PATH, policyJsonSchemaText } from '../shared/adapters/files/policy-schema.js';

const path = join(fileURLToPath(new URL('..', import.meta.url)), POLICY_SCHEMA_PATH);
writeFileSync(path, policyJsonSchemaText());
console.log(`wrote ${POLICY_SCHEMA_PATH}`);
