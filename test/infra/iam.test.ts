import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FUNCTIONS } from '../../functions/manifest.js';
import { FUNCTION_NAMES } from '../../infra/constructs/functions.js';
import { logicalId, resourcesOf, synth } from './synth.js';

const Statement = z.looseObject({ Effect: z.string(), Action: z.union([z.string(), z.array(z.string())]).optional() });
const Document = z.object({ Statement: z.array(Statement) });

/** Does an IAM action pattern (with * and ?) cover this action? */
function covers(pattern: string, action: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return re.test(action);
}

const TASK_ACTIONS = ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'];

let built: ReturnType<typeof synth>;
/** Role logical id → every Allow action from inline, attached and managed policies. */
let allowedByRole: Map<string, string[]>;

beforeAll(() => {
  built = synth();
  const resources = resourcesOf(built.template);
  allowedByRole = new Map();
  const add = (roleRef: unknown, document: unknown) => {
    const actions = Document.parse(document)
      .Statement.filter((s) => s.Effect === 'Allow')
      .flatMap((s) => (s.Action === undefined ? [] : Array.isArray(s.Action) ? s.Action : [s.Action]));
    for (const id of Object.keys(resources)) {
      if (resources[id]?.Type === 'AWS::IAM::Role' && JSON.stringify(roleRef).includes(`"${id}"`)) {
        allowedByRole.set(id, [...(allowedByRole.get(id) ?? []), ...actions]);
      }
    }
  };
  for (const [id, r] of Object.entries(resources)) {
    const p = r.Properties ?? {};
    if (r.Type === 'AWS::IAM::Role') {
      allowedByRole.set(id, allowedByRole.get(id) ?? []);
      for (const inline of z
        .array(z.object({ PolicyDocument: z.unknown() }))
        .optional()
        .parse(p['Policies']) ?? []) {
        add({ Ref: id }, inline.PolicyDocument);
      }
    }
    if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') add(p['Roles'] ?? [], p['PolicyDocument']);
  }
});

describe('IAM', () => {
  it('only the checker, reviewsApi and confirmAnswers roles can call states:SendTask*', () => {
    const holders = [...allowedByRole]
      .filter(([, actions]) => actions.some((a) => TASK_ACTIONS.some((t) => covers(a, t))))
      .map(([id]) => id)
      .sort();
    const expected = FUNCTION_NAMES.filter((name) => FUNCTIONS[name].sendsTaskResults)
      .map((name) => logicalId(built.stack.functions.role(name)))
      .sort();
    expect(expected).toEqual(
      [
        logicalId(built.stack.functions.role('checker')),
        logicalId(built.stack.functions.role('reviewsApi')),
        logicalId(built.stack.functions.role('confirmAnswers')),
      ].sort(),
    );
    expect(holders).toEqual(expected);
  });

  it('the two task responders hold all three callbacks (success, failure for Declined, heartbeat)', () => {
    for (const name of ['checker', 'reviewsApi'] as const) {
      const actions = allowedByRole.get(logicalId(built.stack.functions.role(name))) ?? [];
      for (const t of TASK_ACTIONS)
        expect(
          actions.some((a) => covers(a, t)),
          `${name} lacks ${t}`,
        ).toBe(true);
    }
  });

  it('no role carries AWS managed policies (every permission is granted by hand, narrowly)', () => {
    for (const [id, r] of Object.entries(resourcesOf(built.template))) {
      if (r.Type === 'AWS::IAM::Role') expect(r.Properties?.['ManagedPolicyArns'] ?? [], id).toEqual([]);
    }
  });

  it('no role is granted a service-wide or global action wildcard', () => {
    for (const [id, actions] of allowedByRole) {
      for (const a of actions) expect(a === '*' || a.endsWith(':*'), `${id} allows ${a}`).toBe(false);
    }
  });

  it('the matcher used above sees wildcards (a states:* grant would count)', () => {
    expect(covers('states:*', 'states:SendTaskSuccess')).toBe(true);
    expect(covers('states:SendTask*', 'states:SendTaskHeartbeat')).toBe(true);
    expect(covers('states:StartExecution', 'states:SendTaskSuccess')).toBe(false);
  });
});
