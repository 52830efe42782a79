import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FUNCTIONS } from '../../functions/manifest.js';
import { MAX_RECEIVE_COUNT, VISIBILITY_FACTOR } from '../../infra/constructs/queues.js';
import { collectDepartments } from '../../infra/departments.js';
import { builtInPolicies, builtInPolicy } from '../../shared/adapters/files/policy-files.js';
import { eventRules, logicalId, refersTo, synth } from './synth.js';

const QueueProps = z.looseObject({
  QueueName: z.string().optional(),
  KmsMasterKeyId: z.unknown().optional(),
  SqsManagedSseEnabled: z.boolean().optional(),
  VisibilityTimeout: z.number().optional(),
  RedrivePolicy: z.object({ deadLetterTargetArn: z.unknown(), maxReceiveCount: z.number() }).optional(),
});
const QueuePolicyProps = z.looseObject({
  Queues: z.array(z.unknown()),
  PolicyDocument: z.object({
    Statement: z.array(z.looseObject({ Effect: z.string(), Action: z.unknown(), Condition: z.unknown().optional() })),
  }),
});

let built: ReturnType<typeof synth>;
let queues: Array<[string, z.infer<typeof QueueProps>]>;
beforeAll(() => {
  built = synth();
  queues = Object.entries(built.template.findResources('AWS::SQS::Queue')).map(([id, r]) => [id, QueueProps.parse(r['Properties'])]);
});

describe('queues', () => {
  it('every queue either has a DLQ (RedrivePolicy) or is the DLQ of one that does', () => {
    const dlqTargets = queues.flatMap(([, p]) => (p.RedrivePolicy ? [JSON.stringify(p.RedrivePolicy.deadLetterTargetArn)] : []));
    // EventBridge targets keep what they cannot deliver in a queue of their own (DeadLetterConfig).
    const ruleDlqs = eventRules(built.template).flatMap((r) =>
      r.Targets.flatMap((t) => (t.DeadLetterConfig ? [t.DeadLetterConfig.Arn] : [])),
    );
    for (const [id, props] of queues) {
      const isDlq = dlqTargets.some((t) => t.includes(`"${id}"`)) || refersTo(ruleDlqs, id);
      expect(props.RedrivePolicy !== undefined || isDlq, `${id} has no DLQ and is no DLQ`).toBe(true);
      if (props.RedrivePolicy) expect(props.RedrivePolicy.maxReceiveCount).toBe(MAX_RECEIVE_COUNT);
    }
    expect(dlqTargets.length).toBe((queues.length - 1) / 2);
  });

  it('every queue is encrypted with the stack CMK', () => {
    const key = logicalId(built.stack.keys.key);
    for (const [id, props] of queues) {
      expect(JSON.stringify(props.KmsMasterKeyId ?? null), id).toContain(key);
    }
  });

  it('every queue has a policy that denies requests without TLS', () => {
    const policies = Object.values(built.template.findResources('AWS::SQS::QueuePolicy')).map((r) =>
      QueuePolicyProps.parse(r['Properties']),
    );
    for (const [id] of queues) {
      const own = policies.filter((p) => JSON.stringify(p.Queues).includes(`"${id}"`));
      const deniesPlainHttp = own.some((p) =>
        p.PolicyDocument.Statement.some(
          (s) => s.Effect === 'Deny' && JSON.stringify(s.Condition ?? {}).includes('"aws:SecureTransport":"false"'),
        ),
      );
      expect(deniesPlainHttp, `${id} does not enforce SSL`).toBe(true);
    }
  });

  it('no queue is under two queue policies (the second would replace the first)', () => {
    const policies = Object.values(built.template.findResources('AWS::SQS::QueuePolicy')).map((r) =>
      QueuePolicyProps.parse(r['Properties']),
    );
    for (const [id] of queues) {
      expect(
        policies.filter((p) => JSON.stringify(p.Queues).includes(`"${id}"`)),
        id,
      ).toHaveLength(1);
    }
  });

  it('visibility timeouts are at least 6 × the consuming function timeout', () => {
    const checkerQueues = new Set(built.stack.departments.queues.map((d) => logicalId(d.queue)));
    const intake = logicalId(built.stack.intake.queue);
    const exportsQueue = logicalId(built.stack.exports.queue);
    for (const [id, props] of queues) {
      if (props.RedrivePolicy === undefined) continue;
      const consumer =
        id === intake
          ? FUNCTIONS.starter
          : id === exportsQueue
            ? FUNCTIONS.exportWorker
            : checkerQueues.has(id)
              ? FUNCTIONS.checker
              : undefined;
      expect(consumer, `${id} has no known consumer`).toBeDefined();
      expect(props.VisibilityTimeout ?? 30).toBeGreaterThanOrEqual(VISIBILITY_FACTOR * (consumer?.timeoutSeconds ?? Infinity));
    }
  });

  it('has one named queue and DLQ per department of the deployed policies (union by code)', () => {
    const codes = collectDepartments(builtInPolicies()).map((d) => d.code);
    const names = queues.map(([, p]) => p.QueueName).filter((n): n is string => n !== undefined);
    for (const code of codes) {
      expect(names).toContain(`lianshen-dept-${code}`);
      expect(names).toContain(`lianshen-dept-${code}-dlq`);
    }
    // intake pair (generated names) + one pair per department
    // intake pair (generated names) + one pair per department + the failed-review events DLQ + the export pair
    expect(queues).toHaveLength(2 * codes.length + 5);
  });
});

describe('the policies context', () => {
  it('restricts the departments to those of the named policies, with the configured prefix', () => {
    const restricted = synth({ policies: 'duting-2015', queueNamePrefix: 'ls-' });
    const expected = builtInPolicy('duting-2015')
      .departments.map((d) => `ls-${d.code}`)
      .sort();
    const names = Object.values(restricted.template.findResources('AWS::SQS::Queue'))
      .map((r) => QueueProps.parse(r['Properties']).QueueName)
      .filter((n): n is string => n !== undefined && !n.endsWith('-dlq'))
      .sort();
    expect(names).toEqual(expected);
  });

  it('adds the departments of uploaded policies (-c departments=…), and tells the API which codes it deployed', () => {
    const county = synth({ policies: 'duting-2015', departments: 'town-police,town-court,public-security' });
    const names = Object.values(county.template.findResources('AWS::SQS::Queue'))
      .map((r) => QueueProps.parse(r['Properties']).QueueName)
      .filter((n): n is string => n !== undefined && !n.endsWith('-dlq'));
    const codes = [...builtInPolicy('duting-2015').departments.map((d) => d.code), 'town-police', 'town-court'].sort();
    expect(names.map((n) => n.replace('lianshen-dept-', '')).sort()).toEqual(codes);
    const orgdept = county.template.toJSON()['Resources'][logicalId(county.stack.functions.fn('orgdeptApi'))];
    const env = z
      .object({ Properties: z.object({ Environment: z.object({ Variables: z.record(z.string(), z.unknown()) }) }) })
      .parse(orgdept);
    expect(String(env.Properties.Environment.Variables['DEPARTMENT_CODES']).split(',').sort()).toEqual(codes);
  });

  it('fails synth on an unknown policy id', () => {
    expect(() => synth({ policies: 'no-such-policy' })).toThrow(/Unknown policy id/);
  });
});
