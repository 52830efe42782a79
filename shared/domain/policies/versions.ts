// Policy versions: MAJOR.MINOR.PATCH ordering and the content digest that makes a stored version
// immutable (the same id and version with other content is refused; the same content is a repeat).
import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/canonical.js';
import type { Policy } from '../model.js';

const SEMVER = /^(\d+)\.(\d+)\.(\d+)$/;

/** Negative when a < b, by MAJOR.MINOR.PATCH numerically (2.10.0 after 2.9.0); other strings by text. */
export function compareVersions(a: string, b: string): number {
  const x = SEMVER.exec(a);
  const y = SEMVER.exec(b);
  if (x === null || y === null) return a < b ? -1 : a > b ? 1 : 0;
  for (let i = 1; i <= 3; i++) {
    const d = Number(x[i]) - Number(y[i]);
    if (d !== 0) return d;
  }
  return 0;
}

/** SHA-256 (hex) of the policy's canonical JSON: equal digests mean the same rules, notes and citations. */
export function policyDigest(policy: Policy): string {
  return createHash('sha256').update(canonicalJson(policy)).digest('hex');
}
