// What is pure about policies: their consistency rules and citations (check.ts), the diff of two
// versions (diff.ts), versions and digests (versions.ts). The policies themselves are
// data: policies/*.yaml for the shipped ones, the policy store for uploaded ones. Reading files is
// shared/adapters/files/ (policy-files.ts, the workbook reader and writer).
export { checkPolicy, citationsOf, policyProblems, type PolicyPath, type PolicyProblem } from './check.js';
export { diffPolicies, type ChangedNames, type PolicyChanges } from './diff.js';
export { compareVersions, policyDigest } from './versions.js';
