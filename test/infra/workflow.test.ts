import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readAsl, substitutionKeys } from '../../infra/asl.js';
import { STATE_MACHINE_ENCRYPTION_CONTEXT } from '../../infra/constructs/workflow.js';
import { actionsOf, eventRules, logicalId, PolicyProps, resourcesOf, roleStatements, Statement, scheduleOf, synth } from './synth.js';

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

let built: ReturnType<typeof synth>;
let sm: z.infer<typeof StateMachineProps>;
beforeAll(() => {
  built = synth();
  const machines = Object.values(built.template.findResources('AWS::StepFunctions::StateMachine'));
  expect(machines).toHaveLength(1);
  sm = StateMachineProps.parse(machines[0]?.['Properties']);
});

const statementsOf = (roleId: string) => roleStatements(built.template, roleId);
const actions = actionsOf;

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
    expect(prefix).toContain('{"Ref":"AWS::URLSuffix"}');
    expect(prefix).toContain('/lianshen-dept-');
    expect(sm.DefinitionSubstitutions['Partition']).toEqual({ Ref: 'AWS::Partition' });
  });

  it('its fixed-name log group is kept on update and deletion but not left behind by a failed first create', () => {
    const logGroup = resourcesOf(built.template)[logicalId(built.stack.workflow.logGroup)];
    expect(logGroup?.['DeletionPolicy']).toBe('RetainExceptOnCreate');
    expect(logGroup?.['UpdateReplacePolicy']).toBe('Retain');
  });

  it('has no catch-all and no Fail state, so a FAILED review stops at the step that failed and a redrive resumes there', () => {
    const definition = z
      .object({ States: z.record(z.string(), z.looseObject({ Type: z.string(), Catch: z.array(z.unknown()).optional() })) })
      .parse(JSON.parse(sm.DefinitionString));
    const states = Object.values(definition.States);
    expect(states.filter((s) => s.Type === 'Fail')).toEqual([]);
    expect(JSON.stringify(definition)).not.toContain('States.ALL');
    expect(Object.keys(definition.States)).not.toContain('RecordFailure');
  });

  it('routes FAILED and TIMED_OUT reviews of this state machine to RecordFailure through EventBridge, with retries and a dead-letter queue', () => {
    const rules = eventRules(built.template).filter((r) => r.EventPattern !== undefined);
    expect(rules).toHaveLength(1);
    const rule = rules[0];
    expect(rule?.EventPattern).toMatchObject({
      source: ['aws.states'],
      'detail-type': ['Step Functions Execution Status Change'],
      detail: { status: ['FAILED', 'TIMED_OUT'], stateMachineArn: [{ Ref: logicalId(built.stack.workflow.stateMachine) }] },
    });
    const target = rule?.Targets[0];
    expect(JSON.stringify(target?.Arn)).toContain(logicalId(built.stack.functions.fn('recordFailure')));
    expect(target?.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 });
    const dlqId = z.object({ 'Fn::GetAtt': z.tuple([z.string(), z.literal('Arn')]) }).parse(target?.DeadLetterConfig?.Arn)['Fn::GetAtt'][0];
    expect(resourcesOf(built.template)[dlqId]).toMatchObject({
      Type: 'AWS::SQS::Queue',
      Properties: { KmsMasterKeyId: expect.anything() },
    });
  });

  it('retries Lambda and DynamoDB throttling on every Lambda step, with jitter', () => {
    const Task = z.object({
      Type: z.literal('Task'),
      Resource: z.string().regex(/FunctionArn\}$/),
      Retry: z.array(z.object({ ErrorEquals: z.array(z.string()), JitterStrategy: z.string().optional() })),
    });
    const tasks: Array<z.infer<typeof Task>> = [];
    const walk = (node: unknown): void => {
      if (typeof node !== 'object' || node === null) return;
      const task = Task.safeParse(node);
      if (task.success) tasks.push(task.data);
      for (const child of Object.values(node)) walk(child);
    };
    walk(JSON.parse(sm.DefinitionString));
    // LoadRouting, RecordOverdue, RecordDeclined, Decide, RecordDecision, CountBatchProgress.
    expect(tasks).toHaveLength(6);
    for (const t of tasks) {
      const throttling = t.Retry.find((r) => r.ErrorEquals.includes('ProvisionedThroughputExceededException'));
      expect(throttling?.ErrorEquals).toEqual(expect.arrayContaining(['ThrottlingException', 'RequestLimitExceeded']));
      expect(throttling?.JitterStrategy).toBe('FULL');
      expect(t.Retry.some((r) => r.ErrorEquals.includes('Lambda.TooManyRequestsException'))).toBe(true);
    }
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
    for (const name of ['batchesApi', 'recordsApi', 'reviewsApi', 'orgdeptApi', 'starter', 'checker', 'recordFailure'] as const) {
      expect(invoked).not.toContain(logicalId(f.fn(name)));
    }
    const send = JSON.stringify(statements.filter((s) => actions(s).includes('sqs:SendMessage')).map((s) => s.Resource));
    for (const { queue } of built.stack.departments.queues) expect(send).toContain(logicalId(queue));
    const kms = statements.filter((s) => actions(s).includes('kms:GenerateDataKey') && JSON.stringify(s).includes('sqs.'));
    expect(kms.length, 'KMS for the encrypted department queues').toBeGreaterThan(0);
  });

  it("redrives FAILED executions hourly: the redrive function may list, describe and redrive this machine's executions, never start one", () => {
    const fnId = logicalId(built.stack.functions.fn('redrive'));
    expect(scheduleOf(built.template, fnId)).toBe('rate(1 hour)');
    const statements = statementsOf(logicalId(built.stack.functions.role('redrive')));
    const list = statements.find((s) => actions(s).includes('states:ListExecutions'));
    expect(list?.Resource).toEqual({ Ref: logicalId(built.stack.workflow.stateMachine) });
    const redrive = statements.find((s) => actions(s).includes('states:RedriveExecution'));
    expect(actions(redrive ?? { Effect: '', Action: [], Resource: null })).toEqual(['states:DescribeExecution', 'states:RedriveExecution']);
    expect(JSON.stringify(redrive?.Resource)).toContain(':execution:lianshen-candidate-review:*');
    expect(statements.some((s) => actions(s).includes('states:StartExecution'))).toBe(false);
  });

  it('only the starter and the organization department’s API (a re-check) may start executions; the batches API (a withdrawal) and the organization department’s (a duplicate set aside) stop them', () => {
    const policies = Object.values(built.template.findResources('AWS::IAM::Policy')).map((r) => PolicyProps.parse(r['Properties']));
    const rolesWith = (action: string) =>
      policies
        .filter((p) => p.PolicyDocument.Statement.some((s) => actions(s).includes(action)))
        .flatMap((p) => p.Roles.map((r) => JSON.stringify(r)))
        .sort();
    const ref = (n: 'starter' | 'orgdeptApi' | 'batchesApi') => JSON.stringify({ Ref: logicalId(built.stack.functions.role(n)) });
    expect(rolesWith('states:StartExecution')).toEqual([ref('starter'), ref('orgdeptApi')].sort());
    expect(rolesWith('states:StopExecution')).toEqual([ref('batchesApi'), ref('orgdeptApi')].sort());
  });
});

/** KMS statements on the stack CMK scoped to this state machine's encryption context. */
function historyKeyStatements(roleId: string) {
  return statementsOf(roleId).filter(
    (s) =>
      actions(s).includes('kms:GenerateDataKey') &&
      JSON.stringify(s.Resource).includes(logicalId(built.stack.keys.key)) &&
      s.Condition?.['StringEquals']?.[STATE_MACHINE_ENCRYPTION_CONTEXT] !== undefined,
  );
}

describe('the CMK-encrypted execution history', () => {
  it('the condition key is the one Step Functions sets for state machine data', () => {
    expect(STATE_MACHINE_ENCRYPTION_CONTEXT).toBe('kms:EncryptionContext:aws:states:stateMachineArn');
  });

  it('every caller of StartExecution and SendTask* may GenerateDataKey and Decrypt, for this state machine only', () => {
    const f = built.stack.functions;
    for (const name of ['starter', 'checker', 'reviewsApi'] as const) {
      const statements = historyKeyStatements(logicalId(f.role(name)));
      expect(statements, name).toHaveLength(1);
      const [statement] = statements;
      expect([...actions(statement ?? { Effect: '', Action: [], Resource: null })].sort(), name).toEqual([
        'kms:Decrypt',
        'kms:GenerateDataKey',
      ]);
      expect(statement?.Condition?.['StringEquals']?.[STATE_MACHINE_ENCRYPTION_CONTEXT], name).toEqual({
        Ref: logicalId(built.stack.workflow.stateMachine),
      });
      // Not the DynamoDB/SQS grants with kms:ViaService: this one must not be limited to another service.
      expect(statement?.Condition?.['StringEquals']?.['kms:ViaService'], name).toBeUndefined();
    }
  });

  it('no other function gets that grant, and every role that may start or answer has it', () => {
    const callers = Object.values(built.template.findResources('AWS::IAM::Policy'))
      .map((r) => PolicyProps.parse(r['Properties']))
      .filter((p) =>
        p.PolicyDocument.Statement.some((s) =>
          actions(s).some((a) => a === 'states:StartExecution' || a === 'states:StopExecution' || a.startsWith('states:SendTask')),
        ),
      )
      .flatMap((p) => p.Roles.map((r) => JSON.stringify(r)));
    const f = built.stack.functions;
    const expected = (['starter', 'checker', 'reviewsApi', 'confirmAnswers', 'orgdeptApi', 'batchesApi'] as const)
      .map((n) => JSON.stringify({ Ref: logicalId(f.role(n)) }))
      .sort();
    expect([...new Set(callers)].sort()).toEqual(expected);
    for (const name of ['recordsApi', 'loadRouting', 'decide', 'recordDecision', 'batchProgress'] as const) {
      expect(historyKeyStatements(logicalId(f.role(name))), name).toEqual([]);
    }
  });

  it('the state machine role can still encrypt its own history and deliver its logs to the CMK log group', () => {
    const roleId = logicalId(built.stack.workflow.stateMachine.role);
    expect(historyKeyStatements(roleId)).toHaveLength(1);
    const logDelivery = statementsOf(roleId).filter(
      (s) => s.Condition?.['StringEquals']?.['kms:EncryptionContext:SourceArn'] !== undefined,
    );
    expect(logDelivery.flatMap(actions)).toContain('kms:GenerateDataKey');
    expect(JSON.stringify(logDelivery)).toContain(':logs:');
    expect(statementsOf(roleId).some((s) => actions(s).includes('logs:CreateLogDelivery'))).toBe(true);

    const [key] = Object.values(built.template.findResources('AWS::KMS::Key'));
    const keyPolicy = z.object({ Statement: z.array(Statement) }).parse(key?.['Properties']?.['KeyPolicy']);
    const delivery = keyPolicy.Statement.find((s) => JSON.stringify(s.Principal).includes('delivery.logs.amazonaws.com'));
    expect(delivery && actions(delivery)).toContain('kms:Decrypt*');
    const logs = keyPolicy.Statement.find((s) => JSON.stringify(s.Principal).includes('"logs.ap-east-1.'));
    expect(logs?.Condition?.['ArnLike']?.['kms:EncryptionContext:aws:logs:arn']).toBeDefined();
  });
});
