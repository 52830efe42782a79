// Running executions: THE ASL on aws-local-stepfunctions, with its Task states served in-process
// (Lambda handler modules, sqs:sendMessage and .waitForTaskToken to fauxqs). Each task's result is
// stored under a step key, so a re-driven execution replays finished steps instead of re-running
// them, and a department already asked is not asked again.
import { ExecutionAbortedError, ExecutionError, ExecutionTimeoutError, type StateMachine } from 'aws-local-stepfunctions';
import type { LocalLambdaRuntime } from '../lambda-context.js';
import { MAX_LOCAL_TASK_TIMEOUT_SECONDS, type TaskStateInfo } from './definition.js';
import { SfnServiceError, TaskError } from './errors.js';
import type { ExecutionHistory, Lifecycle } from './history.js';
import { digest, isJsonValue, parseJson, readSimplePath, stableStringify, type JsonValue, type LocalTaskHandler } from './json.js';
import { sendMessageInput, sqsTaskError, TOKEN_PLACEHOLDER, withToken } from './sqs-task.js';
import type { SqsSender } from './sqs-sender.js';
import type { ExecutionRecord, ExecutionStatus, ExecutionStore, StepResult } from './store.js';
import { timerAt, type Timer } from './timer.js';
import { mintToken, type TaskTokens } from './tokens.js';

/** Names of the state machine, as they appear in ARNs and the execution context. */
export interface MachineNames {
  region: string;
  stateMachineName: string;
  stateMachineArn: string;
  roleArn: string;
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

/** Held by each task step while it runs (not while it waits for a callback): local/quiesce.ts. */
export interface TaskGate {
  enter(): Promise<() => void>;
}

export interface RunnerParts {
  /** Default: always open. */
  gate?: TaskGate;
  machine: StateMachine;
  tasks: ReadonlyMap<string, TaskStateInfo>;
  store: ExecutionStore;
  history: ExecutionHistory;
  tokens: TaskTokens;
  sqs: SqsSender;
  lambda: LocalLambdaRuntime;
  names: MachineNames;
  lifecycle: Lifecycle;
  /** Told of every execution that closed, as EventBridge is told on AWS (service.ts). */
  onClosed?: (record: ExecutionRecord) => void;
}

export class ExecutionRunner {
  private readonly machine: StateMachine;
  private readonly tasks: ReadonlyMap<string, TaskStateInfo>;
  private readonly store: ExecutionStore;
  private readonly history: ExecutionHistory;
  private readonly tokens: TaskTokens;
  private readonly sqs: SqsSender;
  private readonly lambda: LocalLambdaRuntime;
  private readonly names: MachineNames;
  private readonly lifecycle: Lifecycle;
  private readonly gate: TaskGate;
  private readonly onClosed: (record: ExecutionRecord) => void;
  private readonly runs = new Map<string, Run>();
  private readonly settledListeners = new Map<string, Array<{ resolve: (r: ExecutionRecord) => void; reject: (e: Error) => void }>>();

  constructor(parts: RunnerParts) {
    this.machine = parts.machine;
    this.tasks = parts.tasks;
    this.store = parts.store;
    this.history = parts.history;
    this.tokens = parts.tokens;
    this.sqs = parts.sqs;
    this.lambda = parts.lambda;
    this.names = parts.names;
    this.lifecycle = parts.lifecycle;
    this.gate = parts.gate ?? { enter: async () => () => undefined };
    this.onClosed = parts.onClosed ?? ((): void => undefined);
  }

  /** Executions running in this process. */
  get running(): number {
    return this.runs.size;
  }

  isRunning(executionArn: string): boolean {
    return this.runs.has(executionArn);
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

  /** Crash-like stop: runs are abandoned mid-step (RUNNING stays RUNNING), listeners reject. */
  close(): void {
    for (const run of this.runs.values()) {
      run.abandoned = true;
      run.abort();
    }
    this.runs.clear();
    for (const listeners of this.settledListeners.values()) {
      for (const listener of listeners) listener.reject(new Error('local step functions stopped'));
    }
    this.settledListeners.clear();
  }

  /** Runs an execution (a fresh one, or one re-driven after a restart: `resumed`). */
  launch(record: ExecutionRecord, resumed: boolean): void {
    const input = parseJson(record.input) ?? null;
    const run: Run = { record, claims: new Map(), abort: () => undefined, abandoned: false, resumed };
    const handlers: Record<string, LocalTaskHandler> = {};
    for (const info of this.tasks.values()) handlers[info.stateName] = (taskInput) => this.runTask(run, info, taskInput);
    const execution = this.machine.run(input, {
      overrides: { taskResourceLocalHandlers: handlers },
      context: {
        Execution: { Id: record.arn, Name: record.name, RoleArn: this.names.roleArn, StartTime: new Date(record.startMs).toISOString() },
        StateMachine: { Id: this.names.stateMachineArn, Name: this.names.stateMachineName },
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

  closeExecution(
    arn: string,
    close: { status: Exclude<ExecutionStatus, 'RUNNING'>; stopMs: number; output?: string; error?: string; cause?: string },
  ): void {
    if (this.lifecycle.closed || !this.store.finishExecution(arn, close)) return;
    const run = this.runs.get(arn);
    this.runs.delete(arn);
    if (close.status === 'ABORTED') run?.abort();
    this.tokens.abortExecution(arn);
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
    this.history.append(arn, type, details[close.status] ?? {});
    this.history.forget(arn);
    const record = this.store.getExecution(arn);
    const listeners = this.settledListeners.get(arn) ?? [];
    this.settledListeners.delete(arn);
    if (record) {
      this.onClosed(record);
      for (const listener of listeners) listener.resolve(record);
    }
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
    // Entered before any deadline is armed: a step held at a paused gate loses none of its time.
    const leave = await this.gate.enter();
    let waiting: { answer: Promise<JsonValue> } | undefined;
    try {
      switch (info.task.kind) {
        case 'lambda':
          return await this.runLambdaTask(run, info, info.task.functionName, input, stepKey, release);
        case 'sqsWaitForTaskToken':
          waiting = await this.runWaitForTaskToken(run, info, input, stepKey, release);
          break;
        case 'sqsSend':
          return await this.runSqsSend(run, info, input, stepKey, release);
      }
    } finally {
      leave();
    }
    // The wait for the callback happens outside the gate.
    return waiting.answer;
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
    this.history.append(arn, 'TaskSucceeded', {
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
    this.history.append(run.record.arn, 'TaskSucceeded', {
      taskSucceededEventDetails: { resourceType: 'sqs', resource: 'sendMessage', output: text, outputDetails: { truncated: false } },
    });
    return output;
  }

  private taskFailedHistory(executionArn: string, resourceType: string, resource: string, failure: Error): void {
    if (failure.name === 'States.Timeout') {
      this.history.append(executionArn, 'TaskTimedOut', {
        taskTimedOutEventDetails: { resourceType, resource, error: failure.name, cause: failure.message },
      });
    } else {
      this.history.append(executionArn, 'TaskFailed', {
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
  ): Promise<{ answer: Promise<JsonValue> }> {
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
      this.tokens.expire(token);
      throw new TaskError('States.Timeout', '');
    }
    // Returned wrapped, so that awaiting the send does not also await the callback.
    const answer = this.tokens.awaitToken(token);
    answer.catch(() => undefined);
    if (token.status === 'pending') {
      try {
        const sent = await this.sqs.send(sendMessageInput(input, token.token));
        if (run.abandoned) return { answer };
        this.store.markTokenSent(token.token);
        this.history.append(arn, 'TaskSubmitted', {
          taskSubmittedEventDetails: {
            resourceType: 'sqs',
            resource: 'sendMessage.waitForTaskToken',
            output: JSON.stringify({ MessageId: sent.MessageId, MD5OfMessageBody: sent.MD5OfMessageBody }),
          },
        });
      } catch (error) {
        if (run.abandoned) throw error;
        // The message never left: void the token so a retry mints and sends a fresh one.
        this.tokens.voidUnsent(token);
        release();
        const failure = sqsTaskError(error);
        this.history.append(arn, 'TaskFailed', {
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
    return { answer };
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
    this.history.append(run.record.arn, 'TaskStateEntered', { stateEnteredEventDetails: { name: info.stateName } });
    this.history.append(run.record.arn, 'TaskScheduled', {
      taskScheduledEventDetails: {
        resourceType,
        resource,
        region: this.names.region,
        parameters: JSON.stringify(parameters),
        ...(timeoutSeconds !== undefined ? { timeoutInSeconds: timeoutSeconds } : {}),
      },
    });
  }
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
