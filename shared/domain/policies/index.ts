// What is pure about policies: their consistency rules (check.ts), versions and digests
// (versions.ts), and the seed files the shipped ones quote (seeds.ts). The policies themselves are
// data: policies/*.yaml for the shipped ones, the policy store for uploaded ones. Reading files is
// shared/adapters/files/ (policy-files.ts, the workbook reader and writer).
export { checkPolicy, citationsOf, policyProblems, type PolicyPath, type PolicyProblem } from './check.js';
export { diffPolicies, type ChangedNames, type PolicyChanges } from './diff.js';
export { compareVersions, policyDigest } from './versions.js';
export { SEED_PLANS, SEED_XIANNVSHAN } from './seeds.js';
