// The notification job in the template: one function on two schedules (the deadline look hourly,
// the outbox every minute), the portal's address for the SMS link, the table and the unit's
// accounts (Cognito's ListUsersInGroup) to read, and no Step Functions or SNS rights it does not use;
// with `-c notifySender=sns`, sns:Publish and nothing more of SNS.
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { actionsOf, eventRules, logicalId, refersTo, resourcesOf, roleStatements, synth } from './synth.js';

const Environment = z.object({ Variables: z.record(z.string(), z.unknown()) });
const environmentOf = (b: ReturnType<typeof synth>) =>
  Environment.parse(resourcesOf(b.template)[logicalId(b.stack.functions.fn('notifications'))]?.['Properties']?.['Environment']).Variables;

let built: ReturnType<typeof synth>;
beforeAll(() => {
  built = synth();
});

describe('the notification job', () => {
  it('runs the deadline look hourly and the delivery every minute, each with its job in the event', () => {
    const fnId = logicalId(built.stack.functions.fn('notifications'));
    const rules = eventRules(built.template).filter((r) => refersTo(r.Targets, fnId));
    const byInput = Object.fromEntries(rules.map((r) => [String(r.Targets[0]?.['Input']), r.ScheduleExpression]));
    expect(byInput).toEqual({ '{"job":"deadlines"}': 'rate(1 hour)', '{"job":"deliver"}': 'rate(1 minute)' });
    for (const r of rules) expect(r.Targets[0]?.RetryPolicy?.MaximumRetryAttempts).toBe(0);
  });

  it('is a function with the portal address and the identity settings in its environment', () => {
    const fnId = logicalId(built.stack.functions.fn('notifications'));
    const props = resourcesOf(built.template)[fnId]?.['Properties'];
    const env = JSON.stringify(props);
    for (const key of ['PORTAL_URL', 'IDENTITY_ADMIN', 'TABLE_NAME']) expect(env).toContain(`"${key}"`);
  });

  it('may read the table and list a group’s users, and nothing of Step Functions', () => {
    const roleId = logicalId(built.stack.functions.role('notifications'));
    const actions = roleStatements(built.template, roleId).flatMap(actionsOf);
    expect(actions).toContain('cognito-idp:ListUsersInGroup');
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem']));
    expect(actions.filter((a) => a.startsWith('states:'))).toEqual([]);
    expect(actions.filter((a) => a.startsWith('cognito-idp:Admin'))).toEqual([]);
  });

  it('keeps notifications in the portal by default: NOTIFY_SENDER=none, and no SNS rights', () => {
    expect(environmentOf(built)).toMatchObject({ NOTIFY_SENDER: 'none' });
    const roleId = logicalId(built.stack.functions.role('notifications'));
    expect(
      roleStatements(built.template, roleId)
        .flatMap(actionsOf)
        .filter((a) => a.startsWith('sns:')),
    ).toEqual([]);
  });

  it('with notifySender=sns sends SMS through SNS: NOTIFY_SENDER=sns, sns:Publish only, and cdk-nag stays clean', () => {
    const sns = synth({ notifySender: 'sns' });
    expect(environmentOf(sns)).toMatchObject({ NOTIFY_SENDER: 'sns' });
    const statements = roleStatements(sns.template, logicalId(sns.stack.functions.role('notifications')));
    // CDK may merge it with other `*` statements (X-Ray); what counts is the SNS actions and where they apply.
    const publish = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('sns:')));
    expect(publish.flatMap(actionsOf).filter((a) => a.startsWith('sns:'))).toEqual(['sns:Publish']);
    for (const s of publish) expect(s).toMatchObject({ Effect: 'Allow', Resource: '*' });
    for (const other of ['batchesApi', 'checker'] as const) {
      const actions = roleStatements(sns.template, logicalId(sns.stack.functions.role(other))).flatMap(actionsOf);
      expect(
        actions.filter((a) => a.startsWith('sns:')),
        other,
      ).toEqual([]);
    }
    const findings = (sns.nag?.validateScope(sns.app).violations ?? []).map((v) => v.ruleName);
    expect(findings).toEqual([]);
  });

  it('sends no e-mail by default, and with notifyEmailFrom may send through SES as that identity only', () => {
    expect(environmentOf(built)).toMatchObject({ NOTIFY_EMAIL_FROM: 'none' });
    const ses = synth({ notifyEmailFrom: 'lianshen@dinghai.gov.cn' });
    expect(environmentOf(ses)).toMatchObject({ NOTIFY_EMAIL_FROM: 'lianshen@dinghai.gov.cn' });
    const statements = roleStatements(ses.template, logicalId(ses.stack.functions.role('notifications')));
    const send = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('ses:')));
    expect(send.flatMap(actionsOf)).toEqual(['ses:SendEmail']);
    const resources = JSON.stringify(send.map((s) => s['Resource']));
    expect(resources).toContain(':identity/lianshen@dinghai.gov.cn');
    expect(resources).toContain(':identity/dinghai.gov.cn');
    expect(resources).not.toContain('"*"');
    const findings = (ses.nag?.validateScope(ses.app).violations ?? []).map((v) => v.ruleName);
    expect(findings).toEqual([]);
  });
});
