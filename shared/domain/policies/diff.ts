// What changes between two versions of a policy, by the names people know: departments, 负面清单
// categories, candidate conditions, avoidance rules, structure targets.
import { canonicalJson } from '../audit/canonical.js';
import type { Policy } from '../model.js';

export interface ChangedNames {
  added: string[];
  removed: string[];
  changed: string[];
}

export interface PolicyChanges {
  document: boolean;
  departments: ChangedNames;
  categories: ChangedNames;
  personRules: ChangedNames;
  avoidance: ChangedNames;
  structure: boolean;
  /** The department codes differ: the candidates already submitted were asked other departments. */
  departmentCodesDiffer: boolean;
}

function compare<T>(before: readonly T[], after: readonly T[], key: (item: T) => string, name: (item: T) => string): ChangedNames {
  const a = new Map(before.map((x) => [key(x), x]));
  const b = new Map(after.map((x) => [key(x), x]));
  return {
    added: after.filter((x) => !a.has(key(x))).map(name),
    removed: before.filter((x) => !b.has(key(x))).map(name),
    changed: after
      .filter((x) => {
        const old = a.get(key(x));
        return old !== undefined && canonicalJson(old) !== canonicalJson(x);
      })
      .map(name),
  };
}

export function diffPolicies(before: Policy, after: Policy): PolicyChanges {
  const codes = (p: Policy) =>
    p.departments
      .map((d) => d.code)
      .sort()
      .join(',');
  return {
    document: canonicalJson([before.document, before.source]) !== canonicalJson([after.document, after.source]),
    departments: compare(
      before.departments,
      after.departments,
      (d) => d.code,
      (d) => d.name,
    ),
    categories: compare(
      before.categories,
      after.categories,
      (c) => c.label,
      (c) => c.label,
    ),
    personRules: compare(
      before.personRules,
      after.personRules,
      (r) => r.id,
      (r) => r.label,
    ),
    avoidance: compare(
      before.avoidance,
      after.avoidance,
      (r) => r.id,
      (r) => r.label,
    ),
    structure: canonicalJson(before.structure ?? null) !== canonicalJson(after.structure ?? null),
    departmentCodesDiffer: codes(before) !== codes(after),
  };
}
