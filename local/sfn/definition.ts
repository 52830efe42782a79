// Loads THE state machine definition (the same ASL file CDK deploys), applies the same
// `${...}` definition substitutions with local values, and finds the Task states the local
// endpoint has to serve in-process.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { functionArn, LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../lambda-context.js';
import { isRecord, parseJson, type JsonValue } from './json.js';

export const DEFAULT_DEFINITION_FILE = fileURLToPath(new URL('../../infra/statemachine/candidate-review.asl.json', import.meta.url));

export const SQS_SEND_WAIT_RESOURCE = 'arn:aws:states:::sqs:sendMessage.waitForTaskToken';
export const SQS_SEND_RESOURCE = 'arn:aws:states:::sqs:sendMessage';
const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:([A-Za-z0-9_-]+)(?::[A-Za-z0-9_$-]+)?$/;

/** The engine's default when a Task has neither TimeoutSeconds nor TimeoutSecondsPath (AWS has none). */
export const ENGINE_DEFAULT_TASK_TIMEOUT_SECONDS = 60;

export type TaskKind =
  | { kind: 'lambda'; functionName: string }
  | { kind: 'sqsWaitForTaskToken' }
  | { kind: 'sqsSend' };

export interface TaskStateInfo {
  stateName: string;
  resource: string;
  task: TaskKind;
  /** Static TimeoutSeconds, when the state has one. */
  timeoutSeconds?: number;
  /** TimeoutSecondsPath as the engine evaluates it (against the processed Parameters). */
  timeoutSecondsPath?: string;
}

export interface PreparedDefinition {
  definition: StateMachineDefinition;
  tasks: Map<string, TaskStateInfo>;
}

export class DefinitionError extends Error {
  override name = 'DefinitionError';
}

/** `LoadRoutingFunctionArn` ↔ manifest function `loadRouting`: the naming rule infra uses. */
export function substitutionKeyForFunction(functionName: string): string {
  return `${functionName.charAt(0).toUpperCase()}${functionName.slice(1)}FunctionArn`;
}

export interface LocalSubstitutionOptions {
  functionNames: readonly string[];
  /** Omitted: a definition that uses `${DepartmentQueueUrlPrefix}` is refused. */
  departmentQueueUrlPrefix?: string;
  region?: string;
  accountId?: string;
}

/** The local values for the ASL's substitution keys (Lambda ARNs keyed by manifest name, queue prefix). */
export function localSubstitutions(options: LocalSubstitutionOptions): Record<string, string> {
  const region = options.region ?? LOCAL_REGION;
  const accountId = options.accountId ?? LOCAL_ACCOUNT_ID;
  const result: Record<string, string> = {};
  if (options.departmentQueueUrlPrefix !== undefined) result.DepartmentQueueUrlPrefix = options.departmentQueueUrlPrefix;
  for (const name of options.functionNames) result[substitutionKeyForFunction(name)] = functionArn(name, region, accountId);
  return result;
}

export function readDefinitionFile(file: string = DEFAULT_DEFINITION_FILE): JsonValue {
  const parsed = parseJson(readFileSync(file, 'utf8'));
  if (parsed === undefined) throw new DefinitionError(`${file} is not valid JSON`);
  return parsed;
}

/** Replaces `${Key}` inside every string, as CDK definitionSubstitutions do; unknown keys are an error. */
export function substitute(value: JsonValue, substitutions: Readonly<Record<string, string>>): JsonValue {
  const missing = new Set<string>();
  const walk = (node: JsonValue): JsonValue => {
    if (typeof node === 'string') {
      return node.replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, key: string) => {
        const replacement = substitutions[key];
        if (replacement === undefined) {
          missing.add(key);
          return whole;
        }
        return replacement;
      });
    }
    if (Array.isArray(node)) return node.map(walk);
    if (node !== null && typeof node === 'object') {
      const out: Record<string, JsonValue> = {};
      for (const [key, member] of Object.entries(node)) if (member !== undefined) out[key] = walk(member);
      return out;
    }
    return node;
  };
  const result = walk(value);
  if (missing.size > 0) throw new DefinitionError(`no local value for substitution key(s): ${[...missing].join(', ')}`);
  return result;
}

function isDefinition(value: unknown): value is StateMachineDefinition {
  return isRecord(value) && typeof value.StartAt === 'string' && isRecord(value.States);
}

/**
 * Substitutes, then walks every Task state (also inside Map and Parallel) to classify its
 * Resource. Unsupported resources fail here, at start-up, instead of in the middle of a run.
 *
 * Shim for an engine quirk: aws-local-stepfunctions 3.0.0 evaluates `TimeoutSecondsPath` against
 * the task's processed Parameters, while AWS evaluates it against the state input. For
 * sqs:sendMessage.waitForTaskToken states whose MessageBody carries the same path (the ASL puts
 * `"timeoutSeconds.$": "$.timeoutSeconds"` there), the path is rewritten here — in memory only,
 * the file is untouched — to `$.MessageBody.timeoutSeconds`, which is the same value.
 */
export function prepareDefinition(raw: JsonValue, substitutions: Readonly<Record<string, string>>): PreparedDefinition {
  const substituted = substitute(raw, substitutions);
  if (!isDefinition(substituted)) throw new DefinitionError('a state machine definition needs StartAt and States');
  const tasks = new Map<string, TaskStateInfo>();
  const visitMachine = (machine: unknown, where: string): void => {
    if (!isRecord(machine) || !isRecord(machine.States)) throw new DefinitionError(`${where}: States is missing`);
    for (const [stateName, state] of Object.entries(machine.States)) {
      if (!isRecord(state)) throw new DefinitionError(`${where}.${stateName} is not an object`);
      if (state.Type === 'Map') {
        visitMachine(state.ItemProcessor ?? state.Iterator, `${where}.${stateName}`);
      } else if (state.Type === 'Parallel' && Array.isArray(state.Branches)) {
        state.Branches.forEach((branch, i) => visitMachine(branch, `${where}.${stateName}.Branches[${i}]`));
      } else if (state.Type === 'Task') {
        if (tasks.has(stateName)) throw new DefinitionError(`state name ${stateName} is used twice`);
        tasks.set(stateName, classifyTask(stateName, state));
      }
    }
  };
  visitMachine(substituted, 'States');
  return { definition: substituted, tasks };
}

function classifyTask(stateName: string, state: Record<string, unknown>): TaskStateInfo {
  const resource = state.Resource;
  if (typeof resource !== 'string') throw new DefinitionError(`${stateName}: Resource must be a string`);
  const info: TaskStateInfo = { stateName, resource, task: { kind: 'sqsSend' } };
  if (typeof state.TimeoutSeconds === 'number') info.timeoutSeconds = state.TimeoutSeconds;
  if (typeof state.TimeoutSecondsPath === 'string') info.timeoutSecondsPath = state.TimeoutSecondsPath;
  const lambda = LAMBDA_ARN.exec(resource);
  if (lambda?.[1]) {
    info.task = { kind: 'lambda', functionName: lambda[1] };
    return info;
  }
  if (resource === SQS_SEND_RESOURCE) return info;
  if (resource === SQS_SEND_WAIT_RESOURCE) {
    info.task = { kind: 'sqsWaitForTaskToken' };
    if (info.timeoutSecondsPath !== undefined) {
      const rewritten = messageBodyPathFor(state, info.timeoutSecondsPath);
      if (rewritten === undefined) {
        throw new DefinitionError(
          `${stateName}: TimeoutSecondsPath ${info.timeoutSecondsPath} must also appear in MessageBody to run locally ` +
            '(aws-local-stepfunctions reads it from the processed Parameters)',
        );
      }
      state.TimeoutSecondsPath = rewritten;
      info.timeoutSecondsPath = rewritten;
    }
    return info;
  }
  throw new DefinitionError(`${stateName}: Resource ${resource} is not supported by the local endpoint`);
}

function messageBodyPathFor(state: Record<string, unknown>, path: string): string | undefined {
  const parameters = state.Parameters;
  if (!isRecord(parameters) || !isRecord(parameters.MessageBody)) return undefined;
  for (const [key, value] of Object.entries(parameters.MessageBody)) {
    if (key.endsWith('.$') && value === path) return `$.MessageBody.${key.slice(0, -2)}`;
  }
  return undefined;
}
