import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { METRICS_NAMESPACE } from '../../infra/config.js';
import { logicalId, synth } from './synth.js';

const AlarmProps = z.looseObject({
  MetricName: z.string().optional(),
  Namespace: z.string().optional(),
  Dimensions: z.array(z.object({ Name: z.string(), Value: z.unknown() })).optional(),
  Metrics: z.array(z.looseObject({ Expression: z.string().optional(), Period: z.number().optional() })).optional(),
  Threshold: z.number(),
  ComparisonOperator: z.string(),
  AlarmActions: z.array(z.unknown()),
});

let built: ReturnType<typeof synth>;
let alarms: Array<z.infer<typeof AlarmProps>>;
beforeAll(() => {
  built = synth({ alarmEmail: 'ops@example.org' });
  alarms = Object.values(built.template.findResources('AWS::CloudWatch::Alarm')).map((r) => AlarmProps.parse(r['Properties']));
});

const refs = (value: unknown, id: string) => JSON.stringify(value).includes(`"${id}"`);

describe('alarms', () => {
  it('every alarm fires above zero and notifies the alarm topic', () => {
    const topic = logicalId(built.stack.observability.topic);
    expect(alarms.length).toBeGreaterThan(0);
    for (const a of alarms) {
      expect(a.Threshold).toBe(0);
      expect(a.ComparisonOperator).toBe('GreaterThanThreshold');
      expect(refs(a.AlarmActions, topic)).toBe(true);
    }
  });

  it('watches the depth of every DLQ', () => {
    const dlqs = [built.stack.intake.dlq, ...built.stack.departments.queues.map((d) => d.dlq)].map(logicalId);
    for (const dlq of dlqs) {
      const watching = alarms.filter(
        (a) => a.MetricName === 'ApproximateNumberOfMessagesVisible' && a.Namespace === 'AWS/SQS' && refs(a.Dimensions, dlq),
      );
      expect(watching, dlq).toHaveLength(1);
    }
  });

  it('watches failed, timed-out and throttled executions of the state machine', () => {
    const sm = logicalId(built.stack.workflow.stateMachine);
    for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionThrottled']) {
      const found = alarms.filter((a) => a.Namespace === 'AWS/States' && a.MetricName === metric && refs(a.Dimensions, sm));
      expect(found, metric).toHaveLength(1);
    }
  });

  it('watches throttled StartExecution calls at the API level', () => {
    const found = alarms.filter(
      (a) =>
        a.Namespace === 'AWS/States' &&
        a.MetricName === 'ThrottledEvents' &&
        JSON.stringify(a.Dimensions) === JSON.stringify([{ Name: 'APIName', Value: 'StartExecution' }]),
    );
    expect(found).toHaveLength(1);
  });

  it('watches tasks past the department deadline through the OverdueTasks metric of record-overdue', () => {
    const found = alarms.filter((a) =>
      (a.Metrics ?? []).some((m) => m.Expression === `SELECT SUM(OverdueTasks) FROM "${METRICS_NAMESPACE}"` && m.Period === 300),
    );
    expect(found).toHaveLength(1);
    // The namespace queried is the one every function emits to.
    built.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE, POWERTOOLS_SERVICE_NAME: 'lianshen-record-overdue' } },
    });
  });
});

describe('alarm topic and dashboard', () => {
  it('the topic is KMS-encrypted, TLS-only and mails the configured address', () => {
    built.template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [logicalId(built.stack.keys.key), 'Arn'] },
    });
    const policies = JSON.stringify(built.template.findResources('AWS::SNS::TopicPolicy'));
    expect(policies).toContain('"aws:SecureTransport":"false"');
    built.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.org' });
  });

  it('has a dashboard', () => {
    built.template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'lianshen-operations' });
  });
});
