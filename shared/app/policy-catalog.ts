// The built-in policies (policies/*.yaml, shipped with the code) in front of the stored ones, behind
// one PolicyRepository: a built-in version is never written to the store, and storing the same id
// and version again is a repeat (same content) or a conflict (other content), as for any stored
// version. Versions are immutable, so what was read once is kept for the life of the process.
import type { Policy } from '../domain/model.js';
import { compareVersions, policyDigest } from '../domain/policies/versions.js';
import type { PolicyRepository, PolicySummary, StoredPolicy } from './ports.js';

const key = (id: string, version: string) => `${id}\u0000${version}`;

export function builtInEntry(policy: Policy): StoredPolicy {
  return {
    id: policy.id,
    version: policy.version,
    name: policy.name,
    jurisdiction: policy.jurisdiction,
    digest: policyDigest(policy),
    builtIn: true,
    storedAt: null,
    storedBy: null,
    policy,
  };
}

export function summaryOf(stored: StoredPolicy): PolicySummary {
  const { policy: _p, ...summary } = stored;
  return summary;
}

const byIdThenVersion = (a: PolicySummary, b: PolicySummary) =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : compareVersions(a.version, b.version);

/** The catalog over `stored`, with `builtIns` always present and never stored. */
export function withBuiltInPolicies(stored: PolicyRepository, builtIns: readonly Policy[]): PolicyRepository {
  const shipped = new Map(builtIns.map((p) => [key(p.id, p.version), builtInEntry(p)]));
  const read = new Map<string, StoredPolicy>();
  const shippedOf = (id: string) => [...shipped.values()].filter((p) => p.id === id);

  return {
    async get(id, version) {
      const k = key(id, version);
      const hit = shipped.get(k) ?? read.get(k);
      if (hit !== undefined) return hit;
      const found = await stored.get(id, version);
      if (found !== undefined) read.set(k, found);
      return found;
    },
    async latest(id) {
      const fromStore = await stored.latest(id);
      const candidates = [...shippedOf(id), ...(fromStore === undefined ? [] : [fromStore])];
      return candidates.sort((a, b) => compareVersions(b.version, a.version))[0];
    },
    async versions(id) {
      const fromStore = await stored.versions(id);
      return [...shippedOf(id).map(summaryOf), ...fromStore.filter((s) => !shipped.has(key(s.id, s.version)))].sort(byIdThenVersion);
    },
    async list() {
      const fromStore = await stored.list();
      return [...[...shipped.values()].map(summaryOf), ...fromStore.filter((s) => !shipped.has(key(s.id, s.version)))].sort(
        byIdThenVersion,
      );
    },
    async put(policy, meta) {
      const builtIn = shipped.get(key(policy.id, policy.version));
      if (builtIn !== undefined) return { result: builtIn.digest === policyDigest(policy) ? 'exists' : 'conflict', stored: builtIn };
      return stored.put(policy, meta);
    },
  };
}
