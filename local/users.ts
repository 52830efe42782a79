// The seeded demo users of the local stack: the organization department, the sample townships,
// and one reviewer account per department of every shipped policy. Local only — the password is
// a well-known demo value (override with LIANSHEN_DEMO_PASSWORD) and only its scrypt hash is kept.
import { builtInPolicies } from '../shared/adapters/files/policy-files.js';
import { SAMPLE_CAMPAIGN } from '../samples/sample-county.js';
import type { UserSeed } from './auth.js';

export const DEFAULT_DEMO_PASSWORD = 'lianshen-demo';

export function demoPassword(env: Record<string, string | undefined> = process.env): string {
  const p = env['LIANSHEN_DEMO_PASSWORD'];
  return p !== undefined && p.length >= 8 ? p : DEFAULT_DEMO_PASSWORD;
}

export const ORGDEPT_USER = 'orgdept';
export const departmentUser = (code: string) => `dept-${code}`;
export const townshipUser = (code: string) => `township-${code}`;

export function demoUserSeeds(password = demoPassword()): UserSeed[] {
  const seeds: UserSeed[] = [{ username: ORGDEPT_USER, displayName: '区委组织部（组织部门）', groups: ['orgdept'], password }];
  for (const t of SAMPLE_CAMPAIGN.townships) {
    seeds.push({ username: townshipUser(t.code), displayName: t.name, groups: [`township:${t.code}`], password });
  }
  const departments = new Map<string, string>();
  for (const policy of builtInPolicies()) {
    for (const d of policy.departments) if (!departments.has(d.code)) departments.set(d.code, d.name);
  }
  for (const [code, name] of [...departments].sort(([a], [b]) => a.localeCompare(b))) {
    seeds.push({ username: departmentUser(code), displayName: name, groups: [`department:${code}`], password });
  }
  return seeds;
}

/** The short list printed at start: one user of each role, auto and manual departments. */
export const HIGHLIGHTED_USERS = [
  ORGDEPT_USER,
  townshipUser('changguo'),
  departmentUser('public-security'),
  departmentUser('court'),
  departmentUser('discipline'),
  departmentUser('petitions'),
] as const;
