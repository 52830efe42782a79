// Writes the bundled sample files from samples/sample-county.ts:
//   samples/batch.csv, samples/relatives.csv, samples/units.csv (the 行政区划 list),
//   samples/records/<department code>.csv (all 28 departments of dinghai-2017; a header-only file
//   means "no records").
// Run: npm exec -- tsx scripts/make-samples.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtInPolicy } from '../shared/adapters/files/policy-files.js';
import { CANDIDATE_CSV_HEADER, RECORD_CSV_HEADER, RELATIVE_CSV_HEADER, toCsv, UNIT_CSV_HEADER } from '../samples/people.js';
import { SAMPLE_CAMPAIGN, candidateRows, recordRows, relativeRows, unitRows } from '../samples/sample-county.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'samples');
mkdirSync(join(root, 'records'), { recursive: true });
writeFileSync(join(root, 'batch.csv'), toCsv([CANDIDATE_CSV_HEADER, ...candidateRows()]));
writeFileSync(join(root, 'relatives.csv'), toCsv([RELATIVE_CSV_HEADER, ...relativeRows()]));
writeFileSync(join(root, 'units.csv'), toCsv([UNIT_CSV_HEADER, ...unitRows()]));
const records = recordRows();
const policy = builtInPolicy(SAMPLE_CAMPAIGN.policyId);
for (const d of policy.departments) {
  const rows = records.get(d.code) ?? [];
  for (const row of rows) if (row[0] !== d.name) throw new Error(`${d.code}: 部门 ${row[0]} is not ${d.name}`);
  writeFileSync(join(root, 'records', `${d.code}.csv`), toCsv([RECORD_CSV_HEADER, ...rows]));
}
for (const code of records.keys()) {
  if (!policy.departments.some((d) => d.code === code)) throw new Error(`unknown department ${code}`);
}
console.log(`wrote samples: ${candidateRows().length} candidates, ${policy.departments.length} department extracts`);
