import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../infra/config.js';
import { collectDepartments, selectPolicies } from '../../infra/departments.js';
import type { Policy } from '../../shared/domain/model.js';
import { getPolicy, listPolicies, POLICY_IDS } from '../../shared/domain/policies/index.js';

const configOf = (context: Record<string, unknown>) => readConfig(new App({ context }).node);

describe('deployment context', () => {
  it('has safe defaults', () => {
    const c = configOf({});
    expect(c).toMatchObject({
      stackName: 'Lianshen',
      namePrefix: 'lianshen',
      queueNamePrefix: 'lianshen-dept-',
      policyIds: null,
      townships: [],
      alarmEmail: null,
      starterConcurrency: 10,
    });
  });

  it('reads lists from `-c key=a,b` strings and from cdk.json arrays alike', () => {
    expect(configOf({ townships: 'ganlan, baiquan,ganlan' }).townships).toEqual(['baiquan', 'ganlan']);
    expect(configOf({ townships: ['ganlan'] }).townships).toEqual(['ganlan']);
    expect(configOf({ policies: 'dinghai-2017,county-2017' }).policyIds).toEqual(['dinghai-2017', 'county-2017']);
  });

  it('derives the queue prefix from the name prefix unless given', () => {
    expect(configOf({ namePrefix: 'ls-test' }).queueNamePrefix).toBe('ls-test-dept-');
    expect(configOf({ namePrefix: 'ls-test', queueNamePrefix: 'q-' }).queueNamePrefix).toBe('q-');
  });

  it('rejects bad values naming the context key', () => {
    expect(() => configOf({ townships: 'Gan Lan' })).toThrow(/context "townships/);
    expect(() => configOf({ alarmEmail: 'not-an-email' })).toThrow(/context "alarmEmail"/);
    expect(() => configOf({ starterConcurrency: '1' })).toThrow(/context "starterConcurrency"/);
  });
});

describe('departments from policy data', () => {
  it('deploys the union of every policy’s departments, by code', () => {
    const all = collectDepartments(listPolicies());
    const codes = new Set(listPolicies().flatMap((p) => p.departments.map((d) => d.code)));
    expect(all.map((d) => d.code)).toEqual([...codes].sort((a, b) => a.localeCompare(b)));
  });

  it('keeps the longest SLA and every mode a department has across policies', () => {
    const base = getPolicy(POLICY_IDS[0]);
    const dept = base.departments[0];
    if (dept === undefined) throw new Error('policy without departments');
    const a: Policy = { ...base, id: 'a', departments: [{ ...dept, slaDays: 3, mode: 'auto' }] };
    const b: Policy = { ...base, id: 'b', departments: [{ ...dept, slaDays: 9, mode: 'manual' }] };
    const [merged] = collectDepartments([a, b]);
    expect(merged).toMatchObject({ code: dept.code, slaDays: 9, modes: ['auto', 'manual'], policyIds: ['a', 'b'] });
  });

  it('restricts to the named policies and rejects unknown ids', () => {
    expect(selectPolicies(listPolicies(), ['county-2017']).map((p) => p.id)).toEqual(['county-2017']);
    expect(() => selectPolicies(listPolicies(), ['county-2017', 'nope'])).toThrow(/Unknown policy id\(s\).*nope/);
  });
});
