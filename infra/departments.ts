import type { DepartmentMode, Policy } from '../shared/domain/model.js';

/** A department as deployed: one queue, one DLQ, one Cognito group, whatever policies name it. */
export interface DeployedDepartment {
  code: string;
  /** Chinese name from the first policy that lists it. */
  name: string;
  /** The longest SLA any deployed policy gives it (for the dashboard; executions carry their own). */
  slaDays: number;
  modes: DepartmentMode[];
  policyIds: string[];
}

/** The policies to deploy: all of them, or the ids named in context (unknown ids fail synth). */
export function selectPolicies(all: readonly Policy[], ids: readonly string[] | null): Policy[] {
  if (ids === null) return [...all];
  const known = new Map(all.map((p) => [p.id, p]));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new Error(`Unknown policy id(s) in context "policies": ${unknown.join(', ')}; known: ${[...known.keys()].join(', ')}`);
  }
  return [...new Set(ids)].map((id) => known.get(id)).filter((p): p is Policy => p !== undefined);
}

/** Union of the policies' departments and the extra codes (context "departments"), by code, sorted by code. */
export function collectDepartments(policies: readonly Policy[], extraCodes: readonly string[] = []): DeployedDepartment[] {
  const byCode = new Map<string, DeployedDepartment>();
  for (const policy of policies) {
    for (const dept of policy.departments) {
      const seen = byCode.get(dept.code);
      if (seen === undefined) {
        byCode.set(dept.code, {
          code: dept.code,
          name: dept.name,
          slaDays: dept.slaDays,
          modes: [dept.mode],
          policyIds: [policy.id],
        });
      } else {
        seen.slaDays = Math.max(seen.slaDays, dept.slaDays);
        if (!seen.modes.includes(dept.mode)) seen.modes.push(dept.mode);
        if (!seen.policyIds.includes(policy.id)) seen.policyIds.push(policy.id);
      }
    }
  }
  for (const code of extraCodes) {
    // A department of an uploaded policy: its name, SLA and mode come with that policy, not the deploy.
    if (!byCode.has(code)) byCode.set(code, { code, name: code, slaDays: 0, modes: ['auto', 'manual'], policyIds: [] });
  }
  if (byCode.size === 0) throw new Error('No departments to deploy: the selected policies list none');
  return [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
}
