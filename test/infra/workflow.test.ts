import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readAsl, substitutionKeys } from '../../infra/asl.js';
import { logicalId, synth } from './synth.js';

const StateMachineProps = z.looseObject({
  StateMachineType: z.string(),
  DefinitionString: z.string(),
  DefinitionSubstitutions: z.record(z.string(), z.unknown()),
  LoggingConfiguration: z.object({
    Level: z.string(),
    IncludeExecutionData: z.boolean(),
    Destinations: z.array(z.unknown()),
  }),
  TracingConfiguration: z.object({ Enabled: z.boolean() }),
  EncryptionConfiguration: z.object({ Type: z.string(), KmsKeyId: z.unknown() }),
  RoleArn: z.unknown(),
});
const Statement = z.looseObject({
  Effect: z.string(),
  Action: z.union([z.string(), z.array(z.string())]),
  Resource: z.unknown(),
});
const PolicyProps = z.looseObject({ PolicyDocument: z.object({ Statement: z.array(Statement) }), Roles: z.array(z.unknown()) });

let built: ReturnType<typeof synth>;
let sm: z.infer<typeof StateMachineProps>;
beforeAll(() => {
  built = synth();
  const machines = Object.values(built.template.findResources('AWS::StepFunctions::StateMachine'));
  expect(machines).toHaveLength(1);
  sm = StateMachineProps.parse(machines[0]?.['Properties']);
});

/** Statements of every policy attached to this role. */
function statementsOf(roleId: string): Array<z.infer<typeof Statement>> {
  return Object.values(built.template.findResources('AWS::IAM::Policy'))
    .map((r) => PolicyProps.parse(r['Properties']))
    .filter((p) => JSON.stringify(p.Roles).includes(`"${roleId}"`))
    .flatMap((p) => p.PolicyDocument.Statement);
}
const actions = (s: z.infer<typeof Statement>) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe('candidate-review state machine', () => {
  it('is STANDARD (waitForTaskToken needs it; one execution per candidate)', () => {
    expect(sm.StateMachineType).toBe('STANDARD');
  });

  it('logs ALL events without execution data, to a CMK-encrypted log group', () => {
    expect(sm.LoggingConfiguration.Level).toBe('ALL');
    expect(sm.LoggingConfiguration.IncludeExecutionData).toBe(false);
    const logGroup = logicalId(built.stack.workflow.logGroup);
    expect(JSON.stringify(sm.LoggingConfiguration.Destinations)).toContain(logGroup);
    built.template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/vendedlogs/states/lianshen-candidate-review',
      KmsKeyId: { 'Fn::GetAtt': [logicalId(built.stack.keys.key), 'Arn'] },
    });
  });

  it('has X-Ray tracing on', () => {
    expect(sm.TracingConfiguration.Enabled).toBe(true);
  });

  it('is encrypted with the stack CMK', () => {
    expect(sm.EncryptionConfiguration.Type).toBe('CUSTOMER_MANAGED_KMS_KEY');
    expect(JSON.stringify(sm.EncryptionConfiguration.KmsKeyId)).toContain(logicalId(built.stack.keys.key));
  });

  it('is deployed from the ASL file, with a substitution for every placeholder in it', () => {
    const asl = readAsl();
    expect(JSON.parse(sm.DefinitionString)).toMatchObject({ StartAt: JSON.parse(asl).StartAt });
    expect(Object.keys(sm.DefinitionSubstitutions).sort()).toEqual(substitutionKeys(asl));
    expect(substitutionKeys(sm.DefinitionString)).toEqual(substitutionKeys(asl));
  });

  it('maps each function placeholder to that function and the queue prefix to the department queue naming', () => {
    const f = built.stack.functions;
    const expected = {
      LoadRoutingFunctionArn: 'loadRouting',
      RecordOverdueFunctionArn: 'recordOverdue',
      DecideFunctionArn: 'decide',
      RecordDecisionFunctionArn: 'recordDecision',
      BatchProgressFunctionArn: 'batchProgress',
    } as const;
    for (const [key, name] of Object.entries(expected)) {
      expect(sm.DefinitionSubstitutions[key]).toEqual({ 'Fn::GetAtt': [logicalId(f.fn(name)), 'Arn'] });
    }
    const prefix = JSON.stringify(sm.DefinitionSubstitutions['DepartmentQueueUrlPrefix']);
    expect(prefix).toContain('https://sqs.');
    expect(prefix).toContain('/lianshen-dept-');
  });

  it('may invoke exactly the five workflow functions and send to every department queue', () => {
    const roleId = logicalId(built.stack.workflow.stateMachine.role);
    const statements = statementsOf(roleId);
    const invoke = statements.filter((s) => actions(s).includes('lambda:InvokeFunction'));
    const invoked = JSON.stringify(invoke.map((s) => s.Resource));
    const f = built.stack.functions;
    for (const name of ['loadRouting', 'recordOverdue', 'decide', 'recordDecision', 'batchProgress'] as const) {
      expect(invoked).toContain(logicalId(f.fn(name)));
    }
    for (const name of ['batchesApi', 'recordsApi', 'reviewsApi', 'orgdeptApi', 'starter', 'checker'] as const) {
      expect(invoked).not.toContain(logicalId(f.fn(name)));
    }
    const send = JSON.stringify(statements.filter((s) => actions(s).includes('sqs:SendMessage')).map((s) => s.Resource));
    for (const { queue } of built.stack.departments.queues) expect(send).toContain(logicalId(queue));
    const kms = statements.filter((s) => actions(s).includes('kms:GenerateDataKey') && JSON.stringify(s).includes('sqs.'));
    expect(kms.length, 'KMS for the encrypted department queues').toBeGreaterThan(0);
  });

  it('only the starter may start executions', () => {
    const startedBy = Object.values(built.template.findResources('AWS::IAM::Policy'))
      .map((r) => PolicyProps.parse(r['Properties']))
      .filter((p) => p.PolicyDocument.Statement.some((s) => actions(s).includes('states:StartExecution')));
    expect(startedBy).toHaveLength(1);
    expect(JSON.stringify(startedBy[0]?.Roles)).toContain(logicalId(built.stack.functions.role('starter')));
  });
});
