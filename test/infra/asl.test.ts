import aslValidator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkedSubstitutions, readAsl, substitutionKeys } from '../../infra/asl.js';

const aslText = readAsl();

// Only the shape the checks below walk; everything else passes through untouched.
const State = z.looseObject({
  Type: z.string(),
  Resource: z.string().optional(),
  TimeoutSeconds: z.number().optional(),
  TimeoutSecondsPath: z.string().optional(),
  MaxConcurrency: z.number().optional(),
  Retry: z.array(z.looseObject({ ErrorEquals: z.array(z.string()) })).optional(),
  Catch: z.array(z.looseObject({ ErrorEquals: z.array(z.string()), Next: z.string() })).optional(),
  ItemProcessor: z.unknown().optional(),
});
type State = z.infer<typeof State>;
const Machine = z.looseObject({ StartAt: z.string(), States: z.record(z.string(), z.unknown()) });

/** Every state of the machine, including those inside Map/Parallel processors, by name. */
function allStates(machine: unknown): Map<string, State> {
  const found = new Map<string, State>();
  const walk = (value: unknown): void => {
    const parsed = Machine.safeParse(value);
    if (!parsed.success) return;
    for (const [name, raw] of Object.entries(parsed.data.States)) {
      const state = State.parse(raw);
      found.set(name, state);
      walk(state.ItemProcessor);
      const branches = z.looseObject({ Branches: z.array(z.unknown()) }).safeParse(raw);
      if (branches.success) branches.data.Branches.forEach(walk);
    }
  };
  walk(machine);
  return found;
}

/** The ASL with every `${Key}` replaced by a well-formed value of that partition, as CloudFormation would. */
function substituted(text: string, partition: 'aws' | 'aws-cn' = 'aws'): unknown {
  const region = partition === 'aws' ? 'ap-east-1' : 'cn-north-1';
  const suffix = partition === 'aws' ? 'amazonaws.com' : 'amazonaws.com.cn';
  const values = Object.fromEntries(
    substitutionKeys(text).map((key) => [
      key,
      key === 'Partition'
        ? partition
        : key.endsWith('Arn')
          ? `arn:${partition}:lambda:${region}:123456789012:function:${key}`
          : `https://sqs.${region}.${suffix}/123456789012/lianshen-dept-`,
    ]),
  );
  return JSON.parse(text.replace(/\$\{([A-Za-z][A-Za-z0-9_]*)\}/g, (_m, key: string) => values[key] ?? _m));
}

const isCallback = (state: State) => state.Resource?.endsWith('.waitForTaskToken') === true;

describe('candidate-review ASL', () => {
  const states = allStates(JSON.parse(aslText));

  it('has waitForTaskToken department tasks, each with a timeout', () => {
    const callbacks = [...states].filter(([, s]) => isCallback(s));
    expect(callbacks.length).toBeGreaterThan(0);
    for (const [name, state] of callbacks) {
      const hasTimeout = state.TimeoutSeconds !== undefined || state.TimeoutSecondsPath !== undefined;
      expect(hasTimeout, `${name} waits for a task token without TimeoutSeconds/TimeoutSecondsPath`).toBe(true);
    }
  });

  it('takes the department task timeout from routing (the department SLA) and catches States.Timeout', () => {
    for (const [name, state] of states) {
      if (!isCallback(state)) continue;
      expect(state.TimeoutSecondsPath, name).toBe('$.timeoutSeconds');
      const timeoutCatch = state.Catch?.find((c) => c.ErrorEquals.includes('States.Timeout'));
      expect(timeoutCatch, `${name} must record overdue on States.Timeout`).toBeDefined();
      expect(state.Retry?.length ?? 0, `${name} retries transient errors`).toBeGreaterThan(0);
    }
  });

  it('gives every Task a timeout, so nothing waits forever (or 60 s locally)', () => {
    for (const [name, state] of states) {
      if (state.Type !== 'Task') continue;
      expect(state.TimeoutSeconds !== undefined || state.TimeoutSecondsPath !== undefined, name).toBe(true);
    }
  });

  it('bounds the department Map with MaxConcurrency', () => {
    const maps = [...states.values()].filter((s) => s.Type === 'Map');
    expect(maps.length).toBeGreaterThan(0);
    for (const map of maps) expect(map.MaxConcurrency ?? 0).toBeGreaterThan(0);
  });

  it('uses JSONPath only: no JSONata and no Assign anywhere', () => {
    expect(aslText).not.toMatch(/"QueryLanguage"/);
    expect(aslText).not.toContain('{%');
    expect(aslText).not.toMatch(/"Assign"\s*:/);
    expect(aslText).not.toMatch(/"Arguments"\s*:/);
    expect(aslText).not.toMatch(/"Output"\s*:/);
  });

  it('is accepted by asl-validator once placeholders are substituted, in the aws and the aws-cn partition', () => {
    for (const partition of ['aws', 'aws-cn'] as const) {
      const result = aslValidator(substituted(aslText, partition), { checkArn: true, checkPaths: true });
      expect(result.errorsText('\n'), partition).toBe('');
      expect(result.isValid, partition).toBe(true);
    }
  });

  it('names no partition: every ARN is built from ${Partition} or a substituted function ARN', () => {
    expect(aslText).not.toMatch(/arn:aws[a-z-]*:/);
    const arns = [...states.values()].flatMap((s) => (s.Resource?.startsWith('arn:') ? [s.Resource] : []));
    expect(arns.length).toBeGreaterThan(0);
    for (const arn of arns) expect(arn).toMatch(/^arn:\$\{Partition\}:states:::/);
    const callback = [...states.values()].find(isCallback);
    expect(JSON.stringify(substituted(JSON.stringify(callback), 'aws-cn'))).toContain(
      '"arn:aws-cn:states:::sqs:sendMessage.waitForTaskToken"',
    );
  });

  it('is rejected by asl-validator when a state is malformed (the check has teeth)', () => {
    const broken = substituted(aslText.replace('"Type": "Succeed"', '"Type": "Succeeded"'));
    expect(aslValidator(broken, { checkArn: true, checkPaths: true }).isValid).toBe(false);
  });

  it('uses exactly the substitution keys the stack maps', () => {
    expect(substitutionKeys(aslText)).toEqual([
      'BatchProgressFunctionArn',
      'DecideFunctionArn',
      'DepartmentQueueUrlPrefix',
      'LoadRoutingFunctionArn',
      'Partition',
      'RecordDecisionFunctionArn',
      'RecordOverdueFunctionArn',
    ]);
  });
});

describe('checkedSubstitutions', () => {
  const text = '{"a": "${One}", "b": "${Two}", "c": "${One}"}';

  it('returns the values for exactly the keys used', () => {
    expect(checkedSubstitutions(text, { One: '1', Two: '2' })).toEqual({ One: '1', Two: '2' });
  });

  it('fails when the file uses a key that is not mapped', () => {
    expect(() => checkedSubstitutions(text, { One: '1' })).toThrow(/unmapped placeholders: Two/);
  });

  it('fails when a mapped key is no longer used by the file', () => {
    expect(() => checkedSubstitutions(text, { One: '1', Two: '2', Three: '3' })).toThrow(/not used by the ASL: Three/);
  });
});
