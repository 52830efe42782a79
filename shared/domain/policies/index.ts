// The shipped policies, parsed and checked when the module loads: a broken policy fails fast.
import { Policy, type PolicyInput } from '../model.js';
import { checkPolicy } from './check.js';

export { checkPolicy, citationsOf, policyProblems, type PolicyPath, type PolicyProblem } from './check.js';
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
