// The local Step Functions service: runs THE candidate-review ASL with aws-local-stepfunctions,
// serves its Task states in-process (Lambda handler modules, SQS sendMessage[.waitForTaskToken]
// to fauxqs), keeps executions, step results and task tokens in SQLite, and re-drives RUNNING
// executions after a restart. The HTTP layer (server.ts) only translates the JSON 1.0 protocol.
import { randomBytes, randomUUID } from 'node:crypto';
import { SQSClient, type MessageAttributeValue, type SendMessageCommandInput } from '@aws-sdk/client-sqs';
import { ExecutionAbortedError, ExecutionError, ExecutionTimeoutError, StateMachine } from 'aws-local-stepfunctions';
import { z } from 'zod';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION, LocalLambdaRuntime } from '../lambda-context.js';
import {
  localSubstitutions,
  MAX_LOCAL_TASK_TIMEOUT_SECONDS,
  prepareDefinition,
  readDefinitionFile,
  type TaskStateInfo,
} from './definition.js';
import { SfnServiceError } from './errors.js';
import {
  digest,
  isJsonValue,
  isRecord,
  parseJson,
  readSimplePath,
  stableStringify,
  type JsonValue,
  type LocalTaskHandler,
} from './json.js';
import {
  EXECUTION_STATUSES,
  ExecutionStore,
  type ExecutionRecord,
  type ExecutionStatus,
  type StepResult,
  type TokenRecord,
} from './store.js';
import { SqsSender } from './sqs-sender.js';
import { timerAt, type Timer } from './timer.js';

export const DEFAULT_STATE_MACHINE_NAME = 'lianshen-candidate-review';

/** What `$$.Task.Token` evaluates to inside the engine; swapped for a minted token before sending. */
const TOKEN_PLACEHOLDER = 'LOCAL-SFN-TASK-TOKEN-PLACEHOLDER';

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
}

/** Error names the engine matches in Retry/Catch; the message becomes the Cause. */
class TaskError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

interface Run {
  record: ExecutionRecord;
  /** Step-key slots claimed in this run: `state#inputDigest` → occurrence numbers in use. */
  claims: Map<string, Set<number>>;
  abort: () => void;
  /** The service was closed (crash-like): nothing may be written for this run any more. */
  abandoned: boolean;
  /** Re-driven after a restart: stored steps and tokens must be looked up (a fresh run has none). */
  resumed: boolean;
}

interface Waiter {
  run: Run;
  token: TokenRecord;
  resolve: (output: JsonValue) => void;
  reject: (error: Error) => void;
  timer: Timer;
}

/** AWS's execution-name rule: no whitespace, brackets, wildcards, these punctuation marks or control characters (\p{Cc}). */
const ARN_PART = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\p{Cc}]{1,80}$/u;

export class LocalStepFunctions {
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly region: string;
  readonly accountId: string;
  private readonly machine: StateMachine;
  private readonly tasks: Map<string, TaskStateInfo>;
  private readonly store: ExecutionStore;
  private readonly sqs: SqsSender;
  private readonly ownedSqsClient: SQSClient | undefined;
  private readonly lambda: LocalLambdaRuntime;
  private readonly log: LocalLog;
  private readonly runs = new Map<string, Run>();
  private readonly waiters = new Map<string, Waiter>();
  private readonly settledListeners = new Map<string, Array<{ resolve: (r: ExecutionRecord) => void; reject: (e: Error) => void }>>();
  private readonly nextEventId = new Map<string, number>();
  private closed = false;

  constructor(options: LocalStepFunctionsOptions) {
    this.region = options.region ?? LOCAL_REGION;
    this.accountId = options.accountId ?? LOCAL_ACCOUNT_ID;
    this.stateMachineName = options.stateMachineName ?? DEFAULT_STATE_MACHINE_NAME;
    this.stateMachineArn = `arn:aws:states:${this.region}:${this.accountId}:stateMachine:${this.stateMachineName}`;
    this.lambda = options.lambda ?? new LocalLambdaRuntime({ region: this.region, accountId: this.accountId });
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
    this.sqs = new SqsSender(sqsClient);
    const substitutions = {
      ...localSubstitutions({
        functionNames: this.lambda.functionNames(),
        departmentQueueUrlPrefix: options.departmentQueueUrlPrefix,
        region: this.region,
        accountId: this.accountId,
      }),
      ...options.substitutions,
    };
    const prepared = prepareDefinition(options.definition ?? readDefinitionFile(options.definitionFile), substitutions);
    for (const info of prepared.tasks.values()) {
      if (info.task.kind === 'lambda' && !this.lambda.has(info.task.functionName)) {
        throw new Error(`${info.stateName}: no local function ${info.task.functionName}`);
      }
    }
    this.tasks = prepared.tasks;
    this.machine = new StateMachine(prepared.definition, { validationOptions: { checkArn: true, checkPaths: true } });
    this.store = new ExecutionStore(options.dataDir);
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle

  /** Re-drives every RUNNING execution from the start; stored steps return their results. */
  recover(): number {
    let count = 0;
    for (const record of this.store.runningExecutions(this.stateMachineArn)) {
      if (this.runs.has(record.arn)) continue;
      this.nextEventId.set(record.arn, this.store.nextHistoryId(record.arn));
      this.launch(record, true);
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
    if (this.closed) return;
    this.closed = true;
    for (const run of this.runs.values()) {
      run.abandoned = true;
      run.abort();
    }
    this.runs.clear();
    for (const waiter of this.waiters.values()) {
      waiter.timer.cancel();
      waiter.reject(new TaskError('States.Runtime', 'local step functions stopped'));
    }
    this.waiters.clear();
    for (const listeners of this.settledListeners.values()) {
      for (const listener of listeners) listener.reject(new Error('local step functions stopped'));
    }
    this.settledListeners.clear();
    this.store.close();
    this.ownedSqsClient?.destroy();
  }

  /** Resolves when the execution is no longer RUNNING. */
  waitForExecution(executionArn: string): Promise<ExecutionRecord> {
    const record = this.store.getExecution(executionArn);
    if (!record) return Promise.reject(new SfnServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`));
    if (record.status !== 'RUNNING') return Promise.resolve(record);
    const settled = new Promise<ExecutionRecord>((resolve, reject) => {
      const list = this.settledListeners.get(executionArn) ?? [];
      list.push({ resolve, reject });
      this.settledListeners.set(executionArn, list);
    });
    // Rejected by close(); a caller that stopped listening must not crash the process.
    settled.catch(() => undefined);
    return settled;
  }

  stats(): { runningExecutions: number; waitingTasks: number } {
    return { runningExecutions: this.runs.size, waitingTasks: this.waiters.size };
  }

  // ---------------------------------------------------------------------------------------------
  // API operations (inputs are already-parsed JSON bodies; outputs are JSON 1.0 response bodies)

  startExecution(body: unknown): { executionArn: string; startDate: number } {
    const request = parseRequest(
      z.object({
        stateMachineArn: z.string(),
        name: z.string().optional(),
        input: z.string().optional(),
        traceHeader: z.string().optional(),
      }),
      body,
    );
    this.requireStateMachine(request.stateMachineArn);
    const name = request.name ?? randomUUID();
    if (!ARN_PART.test(name)) throw new SfnServiceError('InvalidName', `Invalid Name: '${name}'`);
    const inputText = request.input ?? '{}';
    const input = parseJson(inputText);
    if (input === undefined)
      throw new SfnServiceError('InvalidExecutionInput', 'Invalid State Machine Execution Input: not a JSON document');
    const arn = `arn:aws:states:${this.region}:${this.accountId}:execution:${this.stateMachineName}:${name}`;
    const existing = this.store.getExecution(arn);
    if (existing) {
      // AWS: the same name and input while the execution is still RUNNING is an idempotent retry.
      const sameInput = stableStringify(parseJson(existing.input) ?? null) === stableStringify(input);
      if (existing.status === 'RUNNING' && sameInput) return { executionArn: arn, startDate: seconds(existing.startMs) };
      throw new SfnServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    const startMs = Date.now();
    this.store.insertExecution({ arn, name, stateMachineArn: this.stateMachineArn, input: inputText, startMs });
    const record = this.store.getExecution(arn);
    if (!record) throw new SfnServiceError('InternalFailure', 'execution was not stored');
    this.nextEventId.set(arn, 1);
    this.history(arn, 'ExecutionStarted', {
      executionStartedEventDetails: {
        input: inputText,
        inputDetails: { truncated: false },
        roleArn: this.roleArn(),
      },
    });
    this.launch(record, false);
    return { executionArn: arn, startDate: seconds(startMs) };
  }

  describeExecution(body: unknown): Record<string, unknown> {
    const { executionArn } = parseRequest(z.object({ executionArn: z.string() }), body);
    const record = this.requireExecution(executionArn);
    return {
      executionArn: record.arn,
      stateMachineArn: record.stateMachineArn,
      name: record.name,
      status: record.status,
      startDate: seconds(record.startMs),
      ...(record.stopMs !== null ? { stopDate: seconds(record.stopMs) } : {}),
      input: record.input,
      inputDetails: { included: true },
      ...(record.output !== null ? { output: record.output, outputDetails: { included: true } } : {}),
      ...(record.error !== null ? { error: record.error } : {}),
      ...(record.cause !== null ? { cause: record.cause } : {}),
      redriveCount: 0,
      redriveStatus: 'NOT_REDRIVABLE',
    };
  }

  listExecutions(body: unknown): { executions: Array<Record<string, unknown>>; nextToken?: string } {
    const request = parseRequest(
      z.object({
        stateMachineArn: z.string(),
        statusFilter: z.enum([...EXECUTION_STATUSES, 'PENDING_REDRIVE']).optional(),
        maxResults: z.number().int().min(0).max(1000).optional(),
        nextToken: z.string().min(1).max(1024).optional(),
      }),
      body,
    );
    this.requireStateMachine(request.stateMachineArn);
    const limit = request.maxResults || 100;
    const after = request.nextToken === undefined ? undefined : decodeCursor(request.nextToken);
    const status: ExecutionStatus | undefined = request.statusFilter === 'PENDING_REDRIVE' ? undefined : request.statusFilter;
    if (request.statusFilter === 'PENDING_REDRIVE') return { executions: [] };
    const rows = this.store.listExecutions({ stateMachineArn: this.stateMachineArn, status, limit: limit + 1, after });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      executions: page.map((record) => ({
        executionArn: record.arn,
        stateMachineArn: record.stateMachineArn,
        name: record.name,
        status: record.status,
        startDate: seconds(record.startMs),
        ...(record.stopMs !== null ? { stopDate: seconds(record.stopMs) } : {}),
      })),
      ...(rows.length > limit && last ? { nextToken: encodeCursor(last.startMs, last.arn) } : {}),
    };
  }

  stopExecution(body: unknown): { stopDate: number } {
    const request = parseRequest(
      z.object({ executionArn: z.string(), error: z.string().max(256).optional(), cause: z.string().max(32768).optional() }),
      body,
    );
    const record = this.requireExecution(request.executionArn);
    if (record.status !== 'RUNNING') return { stopDate: seconds(record.stopMs ?? Date.now()) };
    const stopMs = Date.now();
    this.closeExecution(record.arn, {
      status: 'ABORTED',
      stopMs,
      ...(request.error !== undefined ? { error: request.error } : {}),
      ...(request.cause !== undefined ? { cause: request.cause } : {}),
    });
    return { stopDate: seconds(stopMs) };
  }

  getExecutionHistory(body: unknown): { events: Array<Record<string, unknown>>; nextToken?: string } {
    const request = parseRequest(
      z.object({
        executionArn: z.string(),
        maxResults: z.number().int().min(0).max(1000).optional(),
        reverseOrder: z.boolean().optional(),
        nextToken: z.string().min(1).max(1024).optional(),
        includeExecutionData: z.boolean().optional(),
      }),
      body,
    );
    const record = this.requireExecution(request.executionArn);
    let entries = this.store.history(record.arn);
    if (request.reverseOrder) entries = entries.reverse();
    const offset = request.nextToken === undefined ? 0 : decodeOffset(request.nextToken);
    const limit = request.maxResults || 100;
    const page = entries.slice(offset, offset + limit);
    return {
      events: page.map((entry) => {
        const details = parseJson(entry.details);
        return {
          timestamp: seconds(entry.tsMs),
          type: entry.type,
          id: entry.id,
          previousEventId: Math.max(0, entry.id - 1),
          ...(isRecord(details) ? details : {}),
        };
      }),
      ...(offset + limit < entries.length ? { nextToken: encodeOffset(offset + limit) } : {}),
    };
  }

  sendTaskSuccess(body: unknown): Record<string, never> {
    const request = parseRequest(z.object({ taskToken: z.string(), output: z.string() }), body);
    const output = parseJson(request.output);
    if (output === undefined) throw new SfnServiceError('InvalidOutput', 'Invalid Output: not a JSON document');
    const token = this.requireLiveToken(request.taskToken);
    this.completeToken(token, 'succeeded', { outcome: 'succeeded', output: JSON.stringify(output) });
    return {};
  }

  sendTaskFailure(body: unknown): Record<string, never> {
    const request = parseRequest(
      z.object({ taskToken: z.string(), error: z.string().max(256).optional(), cause: z.string().max(32768).optional() }),
      body,
    );
    const token = this.requireLiveToken(request.taskToken);
    this.completeToken(token, 'failed', { outcome: 'failed', error: request.error ?? '', cause: request.cause ?? '' });
    return {};
  }

  sendTaskHeartbeat(body: unknown): Record<string, never> {
    const request = parseRequest(z.object({ taskToken: z.string() }), body);
    this.requireLiveToken(request.taskToken);
    return {};
  }

  // ---------------------------------------------------------------------------------------------
  // Running executions

  private launch(record: ExecutionRecord, resumed: boolean): void {
    const input = parseJson(record.input) ?? null;
    const run: Run = { record, claims: new Map(), abort: () => undefined, abandoned: false, resumed };
    const handlers: Record<string, LocalTaskHandler> = {};
    for (const info of this.tasks.values()) handlers[info.stateName] = (taskInput) => this.runTask(run, info, taskInput);
    const execution = this.machine.run(input, {
      overrides: { taskResourceLocalHandlers: handlers },
      context: {
        Execution: { Id: record.arn, Name: record.name, RoleArn: this.roleArn(), StartTime: new Date(record.startMs).toISOString() },
        StateMachine: { Id: this.stateMachineArn, Name: this.stateMachineName },
        Task: { Token: TOKEN_PLACEHOLDER },
      },
    });
    run.abort = execution.abort;
    this.runs.set(record.arn, run);
    void drain(execution.eventLogs);
    execution.result.then(
      (output) => {
        if (!run.abandoned) this.closeExecution(record.arn, { status: 'SUCCEEDED', stopMs: Date.now(), output: JSON.stringify(output) });
      },
      (error: unknown) => {
        if (run.abandoned || error instanceof ExecutionAbortedError) return;
        if (error instanceof ExecutionTimeoutError) {
          this.closeExecution(record.arn, { status: 'TIMED_OUT', stopMs: Date.now(), error: 'States.Timeout', cause: '' });
          return;
        }
        const cause = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error;
        this.closeExecution(record.arn, {
          status: 'FAILED',
          stopMs: Date.now(),
          error: cause instanceof Error ? cause.name : 'States.Runtime',
          cause: cause instanceof Error ? cause.message : String(cause),
        });
      },
    );
  }

  private closeExecution(
    arn: string,
    close: { status: Exclude<ExecutionStatus, 'RUNNING'>; stopMs: number; output?: string; error?: string; cause?: string },
  ): void {
    if (this.closed || !this.store.finishExecution(arn, close)) return;
    const run = this.runs.get(arn);
    this.runs.delete(arn);
    if (close.status === 'ABORTED') run?.abort();
    // Tasks still waiting (e.g. other Map items after one failed) can no longer be answered.
    for (const token of this.store.liveTokensOfExecution(arn)) {
      this.store.closeToken(token.token, 'aborted');
      this.settle(token.token, { error: new TaskError('States.Runtime', 'execution closed') });
    }
    const details: Record<string, Record<string, unknown>> = {
      SUCCEEDED: { executionSucceededEventDetails: { output: close.output ?? 'null', outputDetails: { truncated: false } } },
      FAILED: { executionFailedEventDetails: { error: close.error, cause: close.cause } },
      TIMED_OUT: { executionTimedOutEventDetails: { error: close.error, cause: close.cause } },
      ABORTED: { executionAbortedEventDetails: { error: close.error, cause: close.cause } },
    };
    const type = {
      SUCCEEDED: 'ExecutionSucceeded',
      FAILED: 'ExecutionFailed',
      TIMED_OUT: 'ExecutionTimedOut',
      ABORTED: 'ExecutionAborted',
    }[close.status];
    this.history(arn, type, details[close.status] ?? {});
    this.nextEventId.delete(arn);
    const record = this.store.getExecution(arn);
    const listeners = this.settledListeners.get(arn) ?? [];
    this.settledListeners.delete(arn);
    if (record) for (const listener of listeners) listener.resolve(record);
  }

  private async runTask(run: Run, info: TaskStateInfo, input: JsonValue): Promise<JsonValue> {
    if (run.abandoned) throw new TaskError('States.Runtime', 'local step functions stopped');
    // Step key: state name + input digest + occurrence (loops and identical Map items get their
    // own slot; a failed attempt that was not stored gives its slot back for the retry).
    const base = `${info.stateName}#${digest(stableStringify(input))}`;
    let slots = run.claims.get(base);
    if (!slots) {
      slots = new Set();
      run.claims.set(base, slots);
    }
    let slot = 0;
    while (slots.has(slot)) slot += 1;
    slots.add(slot);
    const claimed = slots;
    const release = (): void => void claimed.delete(slot);
    const stepKey = `${base}#${slot}`;

    const stored = run.resumed ? this.store.getStep(run.record.arn, stepKey) : undefined;
    if (stored) return replay(stored);
    switch (info.task.kind) {
      case 'lambda':
        return this.runLambdaTask(run, info, info.task.functionName, input, stepKey, release);
      case 'sqsWaitForTaskToken':
        return this.runWaitForTaskToken(run, info, input, stepKey, release);
      case 'sqsSend':
        return this.runSqsSend(run, info, input, stepKey, release);
    }
  }

  private async runLambdaTask(
    run: Run,
    info: TaskStateInfo,
    functionName: string,
    input: JsonValue,
    stepKey: string,
    release: () => void,
  ): Promise<JsonValue> {
    const arn = run.record.arn;
    const timeoutSeconds = this.taskTimeoutSeconds(info, input, release);
    const deadline = startDeadline(timeoutSeconds);
    // The engine advances executions on microtasks only; yielding to the event loop lets HTTP
    // callbacks and timers in between when thousands of executions move at once.
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.taskHistory(run, info, 'lambda', 'invoke', input, timeoutSeconds);
    let result: unknown;
    try {
      result = await Promise.race([this.lambda.invoke(functionName, input), deadline.expired]);
    } catch (error) {
      release();
      const failure = error instanceof Error ? error : new TaskError('Error', String(error));
      if (!run.abandoned) this.taskFailedHistory(arn, 'lambda', 'invoke', failure);
      throw failure;
    } finally {
      deadline.cancel();
    }
    const output = isJsonValue(result) ? result : null;
    if (run.abandoned) return output;
    const text = JSON.stringify(output);
    this.store.putStep(arn, stepKey, info.stateName, { outcome: 'succeeded', output: text }, Date.now());
    this.history(arn, 'TaskSucceeded', {
      taskSucceededEventDetails: { resourceType: 'lambda', resource: 'invoke', output: text, outputDetails: { truncated: false } },
    });
    return output;
  }

  private async runSqsSend(run: Run, info: TaskStateInfo, input: JsonValue, stepKey: string, release: () => void): Promise<JsonValue> {
    const timeoutSeconds = this.taskTimeoutSeconds(info, input, release);
    const deadline = startDeadline(timeoutSeconds);
    this.taskHistory(run, info, 'sqs', 'sendMessage', input, timeoutSeconds);
    let output: JsonValue;
    try {
      const sent = await Promise.race([this.sqs.send(sendMessageInput(input, undefined)), deadline.expired]);
      output = { MessageId: sent.MessageId ?? '', MD5OfMessageBody: sent.MD5OfMessageBody ?? '' };
    } catch (error) {
      release();
      const failure = sqsTaskError(error);
      if (!run.abandoned) this.taskFailedHistory(run.record.arn, 'sqs', 'sendMessage', failure);
      throw failure;
    } finally {
      deadline.cancel();
    }
    if (run.abandoned) return output;
    const text = JSON.stringify(output);
    this.store.putStep(run.record.arn, stepKey, info.stateName, { outcome: 'succeeded', output: text }, Date.now());
    this.history(run.record.arn, 'TaskSucceeded', {
      taskSucceededEventDetails: { resourceType: 'sqs', resource: 'sendMessage', output: text, outputDetails: { truncated: false } },
    });
    return output;
  }

  private taskFailedHistory(executionArn: string, resourceType: string, resource: string, failure: Error): void {
    if (failure.name === 'States.Timeout') {
      this.history(executionArn, 'TaskTimedOut', {
        taskTimedOutEventDetails: { resourceType, resource, error: failure.name, cause: failure.message },
      });
    } else {
      this.history(executionArn, 'TaskFailed', {
        taskFailedEventDetails: { resourceType, resource, error: failure.name, cause: failure.message },
      });
    }
  }

  private async runWaitForTaskToken(
    run: Run,
    info: TaskStateInfo,
    input: JsonValue,
    stepKey: string,
    release: () => void,
  ): Promise<JsonValue> {
    const arn = run.record.arn;
    // AWS lets a callback wait up to a year without a timeout; locally the engine's backstop caps it.
    const timeoutSeconds = this.taskTimeoutSeconds(info, input, release) ?? MAX_LOCAL_TASK_TIMEOUT_SECONDS;
    const now = Date.now();
    // After a restart the token minted before the crash is still the one the department holds.
    let token = run.resumed ? this.store.liveTokenForStep(arn, stepKey) : undefined;
    if (!token) {
      token = {
        token: mintToken(),
        executionArn: arn,
        stepKey,
        stateName: info.stateName,
        status: 'pending',
        expiresMs: now + timeoutSeconds * 1000,
        createdMs: now,
      };
      this.store.insertToken(token);
      this.taskHistory(run, info, 'sqs', 'sendMessage.waitForTaskToken', withToken(input, token.token), timeoutSeconds);
    }
    if (token.expiresMs <= now) {
      this.expireToken(token);
      throw new TaskError('States.Timeout', '');
    }
    const answer = this.awaitToken(run, token);
    answer.catch(() => undefined);
    if (token.status === 'pending') {
      try {
        const sent = await this.sqs.send(sendMessageInput(input, token.token));
        if (run.abandoned) return await answer;
        this.store.markTokenSent(token.token);
        this.history(arn, 'TaskSubmitted', {
          taskSubmittedEventDetails: {
            resourceType: 'sqs',
            resource: 'sendMessage.waitForTaskToken',
            output: JSON.stringify({ MessageId: sent.MessageId, MD5OfMessageBody: sent.MD5OfMessageBody }),
          },
        });
      } catch (error) {
        if (run.abandoned) throw error;
        // The message never left: void the token so a retry mints and sends a fresh one.
        const waiter = this.waiters.get(token.token);
        waiter?.timer.cancel();
        this.waiters.delete(token.token);
        this.store.closeToken(token.token, 'failed');
        release();
        const failure = sqsTaskError(error);
        this.history(arn, 'TaskFailed', {
          taskFailedEventDetails: {
            resourceType: 'sqs',
            resource: 'sendMessage.waitForTaskToken',
            error: failure.name,
            cause: failure.message,
          },
        });
        throw failure;
      }
    }
    return answer;
  }

  private awaitToken(run: Run, token: TokenRecord): Promise<JsonValue> {
    return new Promise<JsonValue>((resolve, reject) => {
      const timer = timerAt(token.expiresMs, () => this.expireToken(token));
      this.waiters.set(token.token, { run, token, resolve, reject, timer });
    });
  }

  private expireToken(token: TokenRecord): void {
    if (this.closed) return;
    const closed = this.store.closeToken(token.token, 'expired', {
      executionArn: token.executionArn,
      stepKey: token.stepKey,
      stateName: token.stateName,
      result: { outcome: 'failed', error: 'States.Timeout', cause: '' },
      endedMs: Date.now(),
    });
    if (closed) {
      this.history(token.executionArn, 'TaskTimedOut', {
        taskTimedOutEventDetails: { resourceType: 'sqs', resource: 'sendMessage.waitForTaskToken', error: 'States.Timeout', cause: '' },
      });
    }
    this.settle(token.token, { error: new TaskError('States.Timeout', '') });
  }

  private completeToken(token: TokenRecord, status: 'succeeded' | 'failed', result: StepResult): void {
    const stored = this.store.closeToken(token.token, status, {
      executionArn: token.executionArn,
      stepKey: token.stepKey,
      stateName: token.stateName,
      result,
      endedMs: Date.now(),
    });
    if (!stored) throw taskTimedOut();
    if (result.outcome === 'succeeded') {
      this.history(token.executionArn, 'TaskSucceeded', {
        taskSucceededEventDetails: {
          resourceType: 'sqs',
          resource: 'sendMessage.waitForTaskToken',
          output: result.output,
          outputDetails: { truncated: false },
        },
      });
      this.settle(token.token, { output: parseJson(result.output) ?? null });
    } else {
      this.history(token.executionArn, 'TaskFailed', {
        taskFailedEventDetails: { resourceType: 'sqs', resource: 'sendMessage.waitForTaskToken', error: result.error, cause: result.cause },
      });
      this.settle(token.token, { error: new TaskError(result.error, result.cause) });
    }
  }

  private settle(tokenId: string, outcome: { output: JsonValue } | { error: Error }): void {
    const waiter = this.waiters.get(tokenId);
    if (!waiter) return;
    this.waiters.delete(tokenId);
    waiter.timer.cancel();
    if ('output' in outcome) waiter.resolve(outcome.output);
    else waiter.reject(outcome.error);
  }

  private requireLiveToken(tokenId: string): TokenRecord {
    // Fast path: a token someone waits on is live and its execution is RUNNING in this process.
    const waiting = this.waiters.get(tokenId)?.token;
    if (waiting) {
      if (waiting.expiresMs > Date.now()) return waiting;
      this.expireToken(waiting);
      throw taskTimedOut();
    }
    const token = tokenId.length > 0 && tokenId.length <= 1024 ? this.store.getToken(tokenId) : undefined;
    if (!token) throw new SfnServiceError('InvalidToken', 'Invalid Token: the task token is not recognised');
    if (token.status !== 'pending' && token.status !== 'sent') throw taskTimedOut();
    if (token.expiresMs <= Date.now()) {
      this.expireToken(token);
      throw taskTimedOut();
    }
    const execution = this.store.getExecution(token.executionArn);
    if (execution?.status !== 'RUNNING') {
      this.store.closeToken(token.token, 'aborted');
      throw taskTimedOut();
    }
    return token;
  }

  /** The state's timeout for this input; undefined when it has none (AWS: no task timeout). */
  private taskTimeoutSeconds(info: TaskStateInfo, input: JsonValue, release: () => void): number | undefined {
    if (info.timeoutSeconds !== undefined) return info.timeoutSeconds;
    if (info.timeoutSecondsPath === undefined) return undefined;
    const value = readSimplePath(input, info.timeoutSecondsPath);
    if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_LOCAL_TASK_TIMEOUT_SECONDS) return value;
    release();
    throw new TaskError(
      'States.Runtime',
      `${info.stateName}: TimeoutSecondsPath ${info.timeoutSecondsPath} must be an integer from 1 to ${MAX_LOCAL_TASK_TIMEOUT_SECONDS}`,
    );
  }

  private taskHistory(
    run: Run,
    info: TaskStateInfo,
    resourceType: string,
    resource: string,
    parameters: JsonValue,
    timeoutSeconds: number | undefined,
  ): void {
    if (run.abandoned) return;
    this.history(run.record.arn, 'TaskStateEntered', { stateEnteredEventDetails: { name: info.stateName } });
    this.history(run.record.arn, 'TaskScheduled', {
      taskScheduledEventDetails: {
        resourceType,
        resource,
        region: this.region,
        parameters: JSON.stringify(parameters),
        ...(timeoutSeconds !== undefined ? { timeoutInSeconds: timeoutSeconds } : {}),
      },
    });
  }

  private history(executionArn: string, type: string, details: Record<string, unknown>): void {
    if (this.closed) return;
    const id = this.nextEventId.get(executionArn) ?? this.store.nextHistoryId(executionArn);
    this.nextEventId.set(executionArn, id + 1);
    this.store.appendHistory(executionArn, { id, tsMs: Date.now(), type, details: JSON.stringify(details) });
  }

  private requireStateMachine(arn: string): void {
    if (arn !== this.stateMachineArn) throw new SfnServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
  }

  private requireExecution(arn: string): ExecutionRecord {
    if (!arn.startsWith('arn:aws:states:')) throw new SfnServiceError('InvalidArn', `Invalid Arn: '${arn}'`);
    const record = this.store.getExecution(arn);
    if (!record) throw new SfnServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return record;
  }

  private roleArn(): string {
    return `arn:aws:iam::${this.accountId}:role/${this.stateMachineName}-local`;
  }
}

function parseRequest<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') : '';
    throw new SfnServiceError('ValidationException', `1 validation error detected: ${where}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** The engine queues every event until read; reading them keeps a waiting execution small. */
async function drain(events: AsyncGenerator<unknown>): Promise<void> {
  try {
    for await (const event of events) void event;
  } catch {
    // The result promise reports failures.
  }
}

/**
 * A state's timeout, armed when the task starts (synchronously, so before the engine's own
 * backstop timer): `expired` rejects with States.Timeout.
 */
function startDeadline(timeoutSeconds: number | undefined): { expired: Promise<never>; cancel: () => void } {
  if (timeoutSeconds === undefined) return { expired: new Promise<never>(() => undefined), cancel: () => undefined };
  let timer: Timer | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = timerAt(Date.now() + timeoutSeconds * 1000, () => reject(new TaskError('States.Timeout', '')));
  });
  expired.catch(() => undefined);
  return { expired, cancel: () => timer?.cancel() };
}

function replay(stored: StepResult): JsonValue {
  if (stored.outcome === 'failed') throw new TaskError(stored.error, stored.cause);
  return parseJson(stored.output) ?? null;
}

function mintToken(): string {
  return `lsfn-${randomBytes(48).toString('base64url')}`;
}

function taskTimedOut(): SfnServiceError {
  return new SfnServiceError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
}

function seconds(ms: number): number {
  return ms / 1000;
}

function withToken(value: JsonValue, token: string): JsonValue {
  if (typeof value === 'string') return value.replaceAll(TOKEN_PLACEHOLDER, token);
  if (Array.isArray(value)) return value.map((item) => withToken(item, token));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [key, member] of Object.entries(value)) if (member !== undefined) out[key] = withToken(member, token);
    return out;
  }
  return value;
}

const sendParameters = z.object({
  QueueUrl: z.string().min(1),
  MessageBody: z.unknown(),
  DelaySeconds: z.number().int().min(0).max(900).optional(),
  MessageGroupId: z.string().optional(),
  MessageDeduplicationId: z.string().optional(),
  MessageAttributes: z.record(z.string(), z.object({ DataType: z.string(), StringValue: z.string().optional() })).optional(),
});

function sendMessageInput(input: JsonValue, token: string | undefined): SendMessageCommandInput {
  const parsed = sendParameters.safeParse(input);
  if (!parsed.success) throw new TaskError('States.Runtime', `sqs:sendMessage parameters: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const params = parsed.data;
  const rawBody = isJsonValue(params.MessageBody) ? params.MessageBody : null;
  const body = token === undefined ? rawBody : withToken(rawBody, token);
  const attributes: Record<string, MessageAttributeValue> | undefined = params.MessageAttributes;
  return {
    QueueUrl: params.QueueUrl,
    MessageBody: typeof body === 'string' ? body : JSON.stringify(body),
    DelaySeconds: params.DelaySeconds,
    MessageGroupId: params.MessageGroupId,
    MessageDeduplicationId: params.MessageDeduplicationId,
    MessageAttributes: attributes,
  };
}

/** SDK failure → the `SQS.*` error names the ASL retries on. */
function sqsTaskError(error: unknown): TaskError {
  if (error instanceof TaskError) return error;
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const status = isRecord(error) && isRecord(error['$metadata']) ? error['$metadata']['httpStatusCode'] : undefined;
  if (typeof status !== 'number') return new TaskError('SQS.SdkClientException', message);
  if (name === 'QueueDoesNotExist' || name.includes('NonExistentQueue')) return new TaskError('SQS.QueueDoesNotExistException', message);
  const bare = name.replace(/^AWS\.SimpleQueueService\./, '');
  return new TaskError(`SQS.${bare.endsWith('Exception') ? bare : `${bare}Exception`}`, message);
}

function encodeCursor(startMs: number, arn: string): string {
  return Buffer.from(JSON.stringify({ s: startMs, a: arn })).toString('base64url');
}

const cursorSchema = z.object({ s: z.number(), a: z.string() });
function decodeCursor(token: string): { startMs: number; arn: string } {
  const parsed = cursorSchema.safeParse(parseJson(Buffer.from(token, 'base64url').toString('utf8')));
  if (!parsed.success) throw new SfnServiceError('InvalidToken', 'Invalid Token: nextToken');
  return { startMs: parsed.data.s, arn: parsed.data.a };
}

function encodeOffset(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

const offsetSchema = z.object({ o: z.number().int().min(0) });
function decodeOffset(token: string): number {
  const parsed = offsetSchema.safeParse(parseJson(Buffer.from(token, 'base64url').toString('utf8')));
  if (!parsed.success) throw new SfnServiceError('InvalidToken', 'Invalid Token: nextToken');
  return parsed.data.o;
}
