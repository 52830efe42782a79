import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../../functions/manifest.js';
import {
  DEFAULT_DEFINITION_FILE,
  ENGINE_BACKSTOP_TIMEOUT_SECONDS,
  localSubstitutions,
  prepareDefinition,
  readDefinitionFile,
  substitute,
} from '../../../local/sfn/definition.js';
import { isRecord } from '../../../local/sfn/json.js';

const substitutions = localSubstitutions({
  functionNames: Object.keys(FUNCTIONS),
  departmentQueueUrlPrefix: 'http://sqs.us-east-1.localhost:4020/000000000000/lianshen-dept-',
});

function stateOf(definition: unknown, ...path: string[]): Record<string, unknown> {
  let node: unknown = definition;
  for (const key of path) node = isRecord(node) ? node[key] : undefined;
  if (!isRecord(node)) throw new Error(`no state at ${path.join('.')}`);
  return node;
}

describe('preparing THE candidate-review ASL for the local engine', () => {
  it('maps every Lambda substitution key to a manifest function and the department queue prefix to fauxqs', () => {
    const { tasks } = prepareDefinition(readDefinitionFile(), substitutions);
    const lambdas = [...tasks.values()].flatMap((t) => (t.task.kind === 'lambda' ? [t.task.functionName] : []));
    expect(new Set(lambdas)).toEqual(new Set(['loadRouting', 'recordOverdue', 'decide', 'recordDecision', 'batchProgress']));
    for (const name of lambdas) expect(FUNCTIONS).toHaveProperty(name);
    expect(tasks.get('AskDepartment')?.task.kind).toBe('sqsWaitForTaskToken');
    expect(substitutions['LoadRoutingFunctionArn']).toBe('arn:aws:lambda:us-east-1:000000000000:function:loadRouting');
  });

  it('reads the department SLA from the processed Parameters (engine quirk shim) and leaves the engine only a backstop timeout', () => {
    const { definition, tasks } = prepareDefinition(readDefinitionFile(), substitutions);
    expect(tasks.get('AskDepartment')).toMatchObject({ timeoutSecondsPath: '$.MessageBody.timeoutSeconds' });
    expect(tasks.get('LoadRouting')).toMatchObject({ timeoutSeconds: 30 });
    const ask = stateOf(definition, 'States', 'AskDepartments', 'ItemProcessor', 'States', 'AskDepartment');
    expect(ask['TimeoutSecondsPath']).toBeUndefined();
    expect(ask['TimeoutSeconds']).toBe(ENGINE_BACKSTOP_TIMEOUT_SECONDS);
    expect(stateOf(ask, 'Parameters')['QueueUrl.$']).toBe(
      "States.Format('http://sqs.us-east-1.localhost:4020/000000000000/lianshen-dept-{}', $.department)",
    );
  });

  it('leaves the ASL file itself untouched', () => {
    const before = readFileSync(DEFAULT_DEFINITION_FILE, 'utf8');
    prepareDefinition(readDefinitionFile(), substitutions);
    expect(readFileSync(DEFAULT_DEFINITION_FILE, 'utf8')).toBe(before);
    expect(before).toContain('"TimeoutSecondsPath": "$.timeoutSeconds"');
  });

  it('refuses a definition with a substitution key that has no local value', () => {
    expect(() => substitute({ Resource: '${MysteryFunctionArn}' }, substitutions)).toThrow(/MysteryFunctionArn/);
    const withoutQueues = localSubstitutions({ functionNames: Object.keys(FUNCTIONS) });
    expect(() => prepareDefinition(readDefinitionFile(), withoutQueues)).toThrow(/DepartmentQueueUrlPrefix/);
  });

  it('refuses Task resources it cannot serve, at start-up', () => {
    const definition = {
      StartAt: 'Put',
      States: { Put: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', End: true } },
    };
    expect(() => prepareDefinition(definition, {})).toThrow(/dynamodb:putItem is not supported/);
  });

  it('refuses a TimeoutSecondsPath it cannot find in the Parameters', () => {
    const definition = {
      StartAt: 'Ask',
      States: {
        Ask: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
          Parameters: { QueueUrl: 'q', MessageBody: { 'token.$': '$$.Task.Token' } },
          TimeoutSecondsPath: '$.sla',
          End: true,
        },
      },
    };
    expect(() => prepareDefinition(definition, {})).toThrow(/TimeoutSecondsPath \$\.sla/);
  });
});
