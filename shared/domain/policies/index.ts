// The shipped policies, parsed and checked when the module loads: a broken policy fails fast.
import { type Citation, Policy, type PolicyInput } from '../model.js';
import { county2017 } from './county-2017.js';
import { dinghai2017 } from './dinghai-2017.js';
import { duting2015 } from './duting-2015.js';
import { xiannvshan2021 } from './xiannvshan-2021.js';

export const POLICY_IDS = ['dinghai-2017', 'duting-2015', 'county-2017', 'xiannvshan-2021'] as const;
export type PolicyId = (typeof POLICY_IDS)[number];

const SOURCES: Record<PolicyId, PolicyInput> = {
  'dinghai-2017': dinghai2017,
  'duting-2015': duting2015,
  'county-2017': county2017,
  'xiannvshan-2021': xiannvshan2021,
};

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}

/** Every citation a policy carries, with where it sits (for checks and the verbatim-quote test). */
export function citationsOf(policy: Policy): Array<{ where: string; citation: Citation }> {
  const out: Array<{ where: string; citation: Citation }> = [{ where: 'source', citation: policy.source }];
  for (const c of policy.categories) {
    out.push({ where: `category ${c.label}`, citation: c.citation });
    c.statusOverrides.forEach((o, i) => {
      out.push({ where: `status override ${i + 1} of ${c.label}`, citation: o.citation });
    });
  }
  for (const r of policy.personRules) out.push({ where: `person rule ${r.id}`, citation: r.citation });
  for (const r of policy.avoidance) out.push({ where: `avoidance rule ${r.id}`, citation: r.citation });
  if (policy.structure) {
    out.push({ where: 'structure', citation: policy.structure.citation });
    for (const [key, citation] of Object.entries(policy.structure.targetCitations ?? {})) {
      if (citation) out.push({ where: `structure target ${key}`, citation });
    }
  }
  return out;
}

/** Consistency rules the zod schema cannot express. Returns problems; empty when the policy is sound. */
export function checkPolicy(policy: Policy): string[] {
  const problems: string[] = [];
  const report = (what: string, values: readonly string[]) => {
    for (const d of duplicates(values)) problems.push(`${policy.id}: duplicate ${what} "${d}"`);
  };
  report(
    'category label',
    policy.categories.map((c) => c.label),
  );
  report(
    'department name',
    policy.departments.map((d) => d.name),
  );
  report(
    'department code',
    policy.departments.map((d) => d.code),
  );
  report(
    'person rule id',
    policy.personRules.map((r) => r.id),
  );
  const labels = new Set(policy.categories.map((c) => c.label));
  for (const d of policy.departments) {
    for (const label of d.categories) {
      if (!labels.has(label)) problems.push(`${policy.id}: department ${d.code} lists unknown category "${label}"`);
    }
  }
  report(
    'avoidance rule id',
    policy.avoidance.map((r) => r.id),
  );
  const answered = new Set(policy.departments.flatMap((d) => d.categories));
  for (const c of policy.categories) {
    if (!answered.has(c.label)) problems.push(`${policy.id}: category "${c.label}" is answered by no department`);
    if (c.window.kind === 'years' && c.window.years === 0 && !c.window.months) {
      problems.push(`${policy.id}: category "${c.label}" has a period of length 0`);
    }
  }
  for (const c of policy.categories) {
    const overridden = c.statusOverrides.flatMap((o) => o.statuses);
    report(`status in the overrides of category "${c.label}"`, overridden);
  }
  for (const { where, citation } of citationsOf(policy)) {
    if (!citation.document || !citation.clause)
      problems.push(`${policy.id}: the citation of ${where} must name the document and the clause`);
  }
  // "policy" is the department of reasons that come from person rules.
  if (policy.departments.some((d) => d.code === 'policy')) problems.push(`${policy.id}: department code "policy" is reserved`);
  if (!/^\d+\.\d+\.\d+$/.test(policy.version)) problems.push(`${policy.id}: version "${policy.version}" is not MAJOR.MINOR.PATCH`);
  return problems;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function load(): ReadonlyMap<string, Policy> {
  const map = new Map<string, Policy>();
  for (const id of POLICY_IDS) {
    const policy = Policy.parse(SOURCES[id]);
    if (policy.id !== id) throw new Error(`policy registered as ${id} has id ${policy.id}`);
    const problems = checkPolicy(policy);
    if (problems.length > 0) throw new Error(`invalid policy ${id}:\n${problems.join('\n')}`);
    map.set(id, deepFreeze(policy));
  }
  return map;
}

const POLICIES = load();

export function isPolicyId(id: string): id is PolicyId {
  return POLICIES.has(id);
}

/** The policy with this id; throws (in Chinese, for the CLI and API) on an unknown id. */
export function getPolicy(id: string): Policy {
  const policy = POLICIES.get(id);
  if (!policy) throw new Error(`未知的政策编号「${id}」,可选:${POLICY_IDS.join('、')}`);
  return policy;
}

export function listPolicies(): Policy[] {
  return [...POLICIES.values()];
}
