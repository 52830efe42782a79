// One-off: writes policies/<id>.yaml from the TypeScript policy data it replaces
// (test/domain/policies/yaml-matches-typescript.test.ts checks both parse to the same objects).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Document, isMap, isScalar, isSeq, visit } from 'yaml';
import type { PolicyInput } from '../shared/domain/model.js';
import { county2017 } from '../shared/domain/policies/county-2017.js';
import { dinghai2017 } from '../shared/domain/policies/dinghai-2017.js';
import { duting2015 } from '../shared/domain/policies/duting-2015.js';
import { xiannvshan2021 } from '../shared/domain/policies/xiannvshan-2021.js';

const dir = join(fileURLToPath(new URL('..', import.meta.url)), 'policies');
const HEADER = [
  '# yaml-language-server: $schema=../docs/policy.schema.json',
  '# A shipped policy (docs/policies.md explains how it was derived). Every quote must occur verbatim in',
  '# its seed file (../shared/seeds/<file>); a stored version is immutable: change the version with the content.',
].join('\n');

for (const policy of [dinghai2017, duting2015, county2017, xiannvshan2021] satisfies PolicyInput[]) {
  const doc = new Document(policy);
  // Short lists and the window on one line: a reviewer reads a category at a glance.
  visit(doc, {
    Seq(_key, node) {
      const short = JSON.stringify(node.toJSON()).length <= 120;
      if (short && node.items.every((item) => isScalar(item) || (isSeq(item) && item.items.every(isScalar)))) node.flow = true;
    },
    Pair(_key, pair) {
      if (isScalar(pair.key) && (pair.key.value === 'window' || pair.key.value === 'when') && isMap(pair.value)) pair.value.flow = true;
    },
  });
  const text = doc.toString({ lineWidth: 0, indent: 2 });
  writeFileSync(join(dir, `${policy.id}.yaml`), `${HEADER}\n${text}`);
  console.log(`wrote policies/${policy.id}.yaml`);
}
