// Loads THE state machine definition (the same ASL file CDK deploys), applies the same
// `${...}` definition substitutions with local values, and finds the Task states the local
// endpoint has to serve in-process.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { functionArn, LOCAL_ACCOUNT_ID, LOCAL_REGION, MAX_TIMER_MS } from '../lambda-context.js';
import { isRecord, parseJson, type JsonValue } from './json.js';

export const DEFAULT_DEFINITION_FILE = fileURLToPath(new URL('../../infra/statemachine/candidate-review.asl.json', import.meta.url));

export const SQS_SEND_WAIT_RESOURCE = 'arn:aws:states:::sqs:sendMessage.waitForTaskToken';
export const SQS_SEND_RESOURCE = 'arn:aws:states:::sqs:sendMessage';
const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:([A-Za-z0-9_-]+)(?::[A-Za-z0-9_$-]+)?$/;

/**
 * The timeout the engine itself is given for every Task: the longest a Node timer can wait
 * (~24.8 days). The endpoint enforces each state's real timeout; see prepareDefinition.
 */
export const ENGINE_BACKSTOP_TIMEOUT_SECONDS = Math.floor(MAX_TIMER_MS / 1000);
/** Longest timeout the endpoint can enforce before the engine's backstop could fire first. */
export const MAX_LOCAL_TASK_TIMEOUT_SECONDS = ENGINE_BACKSTOP_TIMEOUT_SECONDS - 3600;

export type TaskKind = { kind: 'lambda'; functionName: string } | { kind: 'sqsWaitForTaskToken' } | { kind: 'sqsSend' };

export interface TaskStateInfo {
  stateName: string;
  resource: string;
  task: TaskKind;
  /** Static TimeoutSeconds, when the state has one. */
  timeoutSeconds?: number;
  /** TimeoutSecondsPath rewritten to read the same value from the processed Parameters. */
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
  // The local endpoint answers for the aws partition (its ARNs and SQS_SEND_WAIT_RESOURCE).
  const result: Record<string, string> = { Partition: 'aws' };
  if (options.departmentQueueUrlPrefix !== undefined) result['DepartmentQueueUrlPrefix'] = options.departmentQueueUrlPrefix;
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
  return isRecord(value) && typeof value['StartAt'] === 'string' && isRecord(value['States']);
}

/**
 * Substitutes, then walks every Task state (also inside Map and Parallel) to classify its
 * Resource. Unsupported resources fail here, at start-up, instead of in the middle of a run.
 *
 * Timeouts — two shims, in memory only (the file is untouched):
 * 1. aws-local-stepfunctions 3.0.0 evaluates `TimeoutSecondsPath` against the task's processed
 *    Parameters, while AWS evaluates it against the state input. The ASL also puts the value in
 *    the Parameters (`MessageBody."timeoutSeconds.$": "$.timeoutSeconds"`), so the path is
 *    rewritten to read it there: `$.timeoutSeconds` → `$.MessageBody.timeoutSeconds`.
 * 2. The endpoint, not the engine, enforces each Task's timeout (TimeoutSeconds or the rewritten
 *    path): it arms the expiry when the task starts, expires the task token and raises
 *    States.Timeout in one step, so an answer can never be accepted after the execution moved on
 *    (the engine's own timer uses the event loop's cached clock and can fire first under load),
 *    and a re-driven task keeps the deadline it had before a restart. The engine is given a
 *    backstop TimeoutSeconds instead (it would otherwise default to 60 s, unlike AWS).
 */
export function prepareDefinition(raw: JsonValue, substitutions: Readonly<Record<string, string>>): PreparedDefinition {
  const substituted = substitute(raw, substitutions);
  if (!isDefinition(substituted)) throw new DefinitionError('a state machine definition needs StartAt and States');
  const tasks = new Map<string, TaskStateInfo>();
  const visitMachine = (machine: unknown, where: string): void => {
    if (!isRecord(machine) || !isRecord(machine['States'])) throw new DefinitionError(`${where}: States is missing`);
    for (const [stateName, state] of Object.entries(machine['States'])) {
      if (!isRecord(state)) throw new DefinitionError(`${where}.${stateName} is not an object`);
      if (state['Type'] === 'Map') {
        visitMachine(state['ItemProcessor'] ?? state['Iterator'], `${where}.${stateName}`);
      } else if (state['Type'] === 'Parallel' && Array.isArray(state['Branches'])) {
        for (const [i, branch] of state['Branches'].entries()) visitMachine(branch, `${where}.${stateName}.Branches[${i}]`);
      } else if (state['Type'] === 'Task') {
        if (tasks.has(stateName)) throw new DefinitionError(`state name ${stateName} is used twice`);
        tasks.set(stateName, classifyTask(stateName, state));
      }
    }
  };
  visitMachine(substituted, 'States');
  return { definition: substituted, tasks };
}

function classifyTask(stateName: string, state: Record<string, unknown>): TaskStateInfo {
  const resource = state['Resource'];
  if (typeof resource !== 'string') throw new DefinitionError(`${stateName}: Resource must be a string`);
  const lambda = LAMBDA_ARN.exec(resource);
  let task: TaskKind;
  if (lambda?.[1]) task = { kind: 'lambda', functionName: lambda[1] };
  else if (resource === SQS_SEND_WAIT_RESOURCE) task = { kind: 'sqsWaitForTaskToken' };
  else if (resource === SQS_SEND_RESOURCE) task = { kind: 'sqsSend' };
  else throw new DefinitionError(`${stateName}: Resource ${resource} is not supported by the local endpoint`);

  const info: TaskStateInfo = { stateName, resource, task };
  if (typeof state['TimeoutSeconds'] === 'number') info.timeoutSeconds = state['TimeoutSeconds'];
  if (typeof state['TimeoutSecondsPath'] === 'string') {
    const rewritten = parametersPathFor(state, state['TimeoutSecondsPath']);
    if (rewritten === undefined) {
      throw new DefinitionError(
        `${stateName}: TimeoutSecondsPath ${state['TimeoutSecondsPath']} must also appear in Parameters (or MessageBody) to run ` +
          'locally (aws-local-stepfunctions reads it from the processed Parameters)',
      );
    }
    info.timeoutSecondsPath = rewritten;
  }
  if ((info.timeoutSeconds ?? 0) > MAX_LOCAL_TASK_TIMEOUT_SECONDS) {
    throw new DefinitionError(`${stateName}: TimeoutSeconds above ${MAX_LOCAL_TASK_TIMEOUT_SECONDS} cannot be timed locally`);
  }
  delete state['TimeoutSecondsPath'];
  state['TimeoutSeconds'] = ENGINE_BACKSTOP_TIMEOUT_SECONDS;
  return info;
}

/** Where the processed Parameters carry the value `path` selects from the state input. */
function parametersPathFor(state: Record<string, unknown>, path: string): string | undefined {
  const parameters = state['Parameters'];
  if (!isRecord(parameters)) return undefined;
  const find = (template: Record<string, unknown>, prefix: string): string | undefined => {
    for (const [key, value] of Object.entries(template)) {
      if (key.endsWith('.$') && value === path) return `${prefix}.${key.slice(0, -2)}`;
    }
    return undefined;
  };
  return find(parameters, '$') ?? (isRecord(parameters['MessageBody']) ? find(parameters['MessageBody'], '$.MessageBody') : undefined);
}
