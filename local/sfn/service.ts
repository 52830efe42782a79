// The local Step Functions service: runs THE candidate-review ASL with aws-local-stepfunctions,
// serves its Task states in-process (Lambda handler modules, SQS sendMessage[.waitForTaskToken]
// to fauxqs), keeps executions, step results and task tokens in SQLite, and re-drives RUNNING
// executions after a restart. The HTTP layer (server.ts) only translates the JSON 1.0 protocol.
// The parts, one job each: api.ts (the API operations), runner.ts (running executions and their
// Task states), tokens.ts (task tokens), sqs-task.ts and sqs-sender.ts (the SQS task sender),
// history.ts (execution history), store.ts (SQLite).
import { randomUUID } from 'node:crypto';
import { SQSClient } from '@aws-sdk/client-sqs';
import { StateMachine } from 'aws-local-stepfunctions';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION, LocalLambdaRuntime } from '../lambda-context.js';
import { SfnApiOperations } from './api.js';
import { localSubstitutions, prepareDefinition, readDefinitionFile } from './definition.js';
import { ExecutionHistory, type Lifecycle } from './history.js';
import type { JsonValue } from './json.js';
import { ExecutionRunner, type TaskGate } from './runner.js';
import { SqsSender } from './sqs-sender.js';
import { ExecutionStore, type ExecutionRecord } from './store.js';
import { TaskTokens } from './tokens.js';

export const DEFAULT_STATE_MACHINE_NAME = 'lianshen-candidate-review';

export type LocalLog = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;

export interface SqsEndpointConfig {
  endpoint: string;
  region?: string;
}

export interface LocalStepFunctionsOptions {
  /** SQS for sqs:sendMessage tasks (fauxqs): a client, or its endpoint. */
  sqs: SQSClient | SqsEndpointConfig;
  /** `${DepartmentQueueUrlPrefix}`: fauxqs queue URL of department `code` is this + code. */
  departmentQueueUrlPrefix?: string;
  /** Handler modules; default: the manifest's modules, loaded from the repository. */
  lambda?: LocalLambdaRuntime;
  /** Raw ASL (before substitution). Default: read from `definitionFile`. */
  definition?: JsonValue;
  /** Default: infra/statemachine/candidate-review.asl.json. */
  definitionFile?: string;
  /** Extra or overriding `${Key}` values, merged over the local defaults. */
  substitutions?: Record<string, string>;
  stateMachineName?: string;
  region?: string;
  accountId?: string;
  /** Directory for `stepfunctions.sqlite`; omitted: in memory (tests). */
  dataDir?: string;
  log?: LocalLog;
  /** Each task step runs inside this gate (the stack's quiesce gate, local/quiesce.ts). */
  gate?: TaskGate;
  /**
   * Receives the "Step Functions Execution Status Change" event of every execution that closed,
   * in the shape EventBridge delivers on AWS (the stack routes FAILED ones to RecordFailure).
   */
  onStatusChange?: (event: ExecutionStatusChangeEvent) => void;
}

/** The EventBridge event Step Functions emits when an execution closes (the fields we use). */
export interface ExecutionStatusChangeEvent {
  version: '0';
  id: string;
  'detail-type': 'Step Functions Execution Status Change';
  source: 'aws.states';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: {
    executionArn: string;
    stateMachineArn: string;
    name: string;
    status: Exclude<ExecutionRecord['status'], 'RUNNING'>;
    startDate: number;
    stopDate: number | null;
    input: string;
    output: string | null;
    error: string | null;
    cause: string | null;
    redriveCount: number;
  };
}

export class LocalStepFunctions {
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly region: string;
  readonly accountId: string;
  private readonly store: ExecutionStore;
  private readonly ownedSqsClient: SQSClient | undefined;
  private readonly log: LocalLog;
  private readonly lifecycle: Lifecycle = { closed: false };
  private readonly history: ExecutionHistory;
  private readonly tokens: TaskTokens;
  private readonly runner: ExecutionRunner;
  private readonly api: SfnApiOperations;

  constructor(options: LocalStepFunctionsOptions) {
    this.region = options.region ?? LOCAL_REGION;
    this.accountId = options.accountId ?? LOCAL_ACCOUNT_ID;
    this.stateMachineName = options.stateMachineName ?? DEFAULT_STATE_MACHINE_NAME;
    this.stateMachineArn = `arn:aws:states:${this.region}:${this.accountId}:stateMachine:${this.stateMachineName}`;
    const lambda = options.lambda ?? new LocalLambdaRuntime({ region: this.region, accountId: this.accountId });
    this.log = options.log ?? ((): void => undefined);
    const sqsClient =
      options.sqs instanceof SQSClient
        ? options.sqs
        : new SQSClient({
            endpoint: options.sqs.endpoint,
            region: options.sqs.region ?? this.region,
            credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          });
    this.ownedSqsClient = sqsClient === options.sqs ? undefined : sqsClient;
    const substitutions = {
      ...localSubstitutions({
        functionNames: lambda.functionNames(),
        departmentQueueUrlPrefix: options.departmentQueueUrlPrefix,
        region: this.region,
        accountId: this.accountId,
      }),
      ...options.substitutions,
    };
    const prepared = prepareDefinition(options.definition ?? readDefinitionFile(options.definitionFile), substitutions);
    for (const info of prepared.tasks.values()) {
      if (info.task.kind === 'lambda' && !lambda.has(info.task.functionName)) {
        throw new Error(`${info.stateName}: no local function ${info.task.functionName}`);
      }
    }
    const machine = new StateMachine(prepared.definition, { validationOptions: { checkArn: true, checkPaths: true } });
    this.store = new ExecutionStore(options.dataDir);
    const names = {
      region: this.region,
      accountId: this.accountId,
      stateMachineName: this.stateMachineName,
      stateMachineArn: this.stateMachineArn,
      roleArn: `arn:aws:iam::${this.accountId}:role/${this.stateMachineName}-local`,
    };
    this.history = new ExecutionHistory(this.store, this.lifecycle);
    this.tokens = new TaskTokens(this.store, this.history, this.lifecycle);
    this.runner = new ExecutionRunner({
      machine,
      tasks: prepared.tasks,
      store: this.store,
      history: this.history,
      tokens: this.tokens,
      sqs: new SqsSender(sqsClient),
      lambda,
      names,
      lifecycle: this.lifecycle,
      ...(options.gate ? { gate: options.gate } : {}),
      ...(options.onStatusChange ? { onClosed: statusChangeEmitter(options.onStatusChange, this.accountId, this.region) } : {}),
    });
    this.api = new SfnApiOperations({ store: this.store, history: this.history, runner: this.runner, tokens: this.tokens, names });
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle

  /** Re-drives every RUNNING execution from the start; stored steps return their results. */
  recover(): number {
    let count = 0;
    for (const record of this.store.runningExecutions(this.stateMachineArn)) {
      if (this.runner.isRunning(record.arn)) continue;
      this.history.resume(record.arn);
      this.runner.launch(record, true);
      count += 1;
    }
    if (count > 0) this.log('info', 'local step functions: re-driving running executions', { count });
    return count;
  }

  /**
   * Stops without closing executions, as a crash would: RUNNING stays RUNNING (re-driven by the
   * next `recover()` on the same dataDir), outstanding tokens stay valid until their expiry.
   */
  close(): void {
    if (this.lifecycle.closed) return;
    this.lifecycle.closed = true;
    this.runner.close();
    this.tokens.close();
    this.store.close();
    this.ownedSqsClient?.destroy();
  }

  /** Resolves when the execution is no longer RUNNING. */
  waitForExecution(executionArn: string): Promise<ExecutionRecord> {
    return this.runner.waitForExecution(executionArn);
  }

  /** A consistent copy of the store's SQLite database (for a backup; the stack is quiesced first). */
  backupTo(path: string): Promise<void> {
    return this.store.backupTo(path);
  }

  stats(): { runningExecutions: number; waitingTasks: number } {
    return { runningExecutions: this.runner.running, waitingTasks: this.tokens.waiting };
  }

  // ---------------------------------------------------------------------------------------------
  // API operations (api.ts)

  startExecution(body: unknown) {
    return this.api.startExecution(body);
  }

  describeExecution(body: unknown) {
    return this.api.describeExecution(body);
  }

  listExecutions(body: unknown) {
    return this.api.listExecutions(body);
  }

  stopExecution(body: unknown) {
    return this.api.stopExecution(body);
  }

  redriveExecution(body: unknown) {
    return this.api.redriveExecution(body);
  }

  getExecutionHistory(body: unknown) {
    return this.api.getExecutionHistory(body);
  }

  sendTaskSuccess(body: unknown) {
    return this.api.sendTaskSuccess(body);
  }

  sendTaskFailure(body: unknown) {
    return this.api.sendTaskFailure(body);
  }

  sendTaskHeartbeat(body: unknown) {
    return this.api.sendTaskHeartbeat(body);
  }
}

function statusChangeEmitter(
  listener: (event: ExecutionStatusChangeEvent) => void,
  account: string,
  region: string,
): (record: ExecutionRecord) => void {
  return (record) => {
    if (record.status === 'RUNNING') return;
    listener({
      version: '0',
      id: randomUUID(),
      'detail-type': 'Step Functions Execution Status Change',
      source: 'aws.states',
      account,
      time: new Date(record.stopMs ?? Date.now()).toISOString(),
      region,
      resources: [record.arn],
      detail: {
        executionArn: record.arn,
        stateMachineArn: record.stateMachineArn,
        name: record.name,
        status: record.status,
        startDate: record.startMs,
        stopDate: record.stopMs,
        input: record.input,
        output: record.output,
        error: record.error,
        cause: record.cause,
        redriveCount: record.redriveCount,
      },
    });
  };
}
