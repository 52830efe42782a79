// Task tokens of waitForTaskToken states: minted per task, persisted (so a restart keeps them
// valid until their deadline), waited on, and closed by a callback, an expiry or the end of the
// execution. A token is answered at most once; a late or unknown one gets TaskTimedOut/InvalidToken.
import { randomBytes } from 'node:crypto';
import { SfnServiceError, TaskError, taskTimedOut } from './errors.js';
import type { ExecutionHistory, Lifecycle } from './history.js';
import { parseJson, type JsonValue } from './json.js';
import type { ExecutionStore, StepResult, TokenRecord } from './store.js';
import { timerAt, type Timer } from './timer.js';

interface Waiter {
  token: TokenRecord;
  resolve: (output: JsonValue) => void;
  reject: (error: Error) => void;
  timer: Timer;
}

const WAIT_RESOURCE = { resourceType: 'sqs', resource: 'sendMessage.waitForTaskToken' } as const;

export function mintToken(): string {
  return `lsfn-${randomBytes(48).toString('base64url')}`;
}

export class TaskTokens {
  private readonly waiters = new Map<string, Waiter>();

  constructor(
    private readonly store: ExecutionStore,
    private readonly history: ExecutionHistory,
    private readonly lifecycle: Lifecycle,
  ) {}

  /** Tasks waiting for a callback in this process. */
  get waiting(): number {
    return this.waiters.size;
  }

  /** Resolves with the callback's output, rejects with its error or States.Timeout at the token's deadline. */
  awaitToken(token: TokenRecord): Promise<JsonValue> {
    return new Promise<JsonValue>((resolve, reject) => {
      const timer = timerAt(token.expiresMs, () => this.expire(token));
      this.waiters.set(token.token, { token, resolve, reject, timer });
    });
  }

  /** The message never left: void the token so a retry mints and sends a fresh one. */
  voidUnsent(token: TokenRecord): void {
    const waiter = this.waiters.get(token.token);
    waiter?.timer.cancel();
    this.waiters.delete(token.token);
    this.store.closeToken(token.token, 'failed');
  }

  expire(token: TokenRecord): void {
    if (this.lifecycle.closed) return;
    const closed = this.store.closeToken(token.token, 'expired', {
      executionArn: token.executionArn,
      stepKey: token.stepKey,
      stateName: token.stateName,
      result: { outcome: 'failed', error: 'States.Timeout', cause: '' },
      endedMs: Date.now(),
    });
    if (closed) {
      this.history.append(token.executionArn, 'TaskTimedOut', {
        taskTimedOutEventDetails: { ...WAIT_RESOURCE, error: 'States.Timeout', cause: '' },
      });
    }
    this.settle(token.token, { error: new TaskError('States.Timeout', '') });
  }

  /** A callback (SendTaskSuccess/Failure) for a live token. */
  complete(token: TokenRecord, status: 'succeeded' | 'failed', result: StepResult): void {
    const stored = this.store.closeToken(token.token, status, {
      executionArn: token.executionArn,
      stepKey: token.stepKey,
      stateName: token.stateName,
      result,
      endedMs: Date.now(),
    });
    if (!stored) throw taskTimedOut();
    if (result.outcome === 'succeeded') {
      this.history.append(token.executionArn, 'TaskSucceeded', {
        taskSucceededEventDetails: { ...WAIT_RESOURCE, output: result.output, outputDetails: { truncated: false } },
      });
      this.settle(token.token, { output: parseJson(result.output) ?? null });
    } else {
      this.history.append(token.executionArn, 'TaskFailed', {
        taskFailedEventDetails: { ...WAIT_RESOURCE, error: result.error, cause: result.cause },
      });
      this.settle(token.token, { error: new TaskError(result.error, result.cause) });
    }
  }

  /** Tasks still waiting on an execution that closed (e.g. other Map items after one failed) can no longer be answered. */
  abortExecution(executionArn: string): void {
    for (const token of this.store.liveTokensOfExecution(executionArn)) {
      this.store.closeToken(token.token, 'aborted');
      this.settle(token.token, { error: new TaskError('States.Runtime', 'execution closed') });
    }
  }

  /** The token a callback names, if it is still waited on; TaskTimedOut or InvalidToken otherwise. */
  requireLive(tokenId: string): TokenRecord {
    // Fast path: a token someone waits on is live and its execution is RUNNING in this process.
    const waiting = this.waiters.get(tokenId)?.token;
    if (waiting) {
      if (waiting.expiresMs > Date.now()) return waiting;
      this.expire(waiting);
      throw taskTimedOut();
    }
    const token = tokenId.length > 0 && tokenId.length <= 1024 ? this.store.getToken(tokenId) : undefined;
    if (!token) throw new SfnServiceError('InvalidToken', 'Invalid Token: the task token is not recognised');
    if (token.status !== 'pending' && token.status !== 'sent') throw taskTimedOut();
    if (token.expiresMs <= Date.now()) {
      this.expire(token);
      throw taskTimedOut();
    }
    const execution = this.store.getExecution(token.executionArn);
    if (execution?.status !== 'RUNNING') {
      this.store.closeToken(token.token, 'aborted');
      throw taskTimedOut();
    }
    return token;
  }

  /** Crash-like stop: waiters reject, tokens stay valid in the store until their deadline. */
  close(): void {
    for (const waiter of this.waiters.values()) {
      waiter.timer.cancel();
      waiter.reject(new TaskError('States.Runtime', 'local step functions stopped'));
    }
    this.waiters.clear();
  }

  private settle(tokenId: string, outcome: { output: JsonValue } | { error: Error }): void {
    const waiter = this.waiters.get(tokenId);
    if (!waiter) return;
    this.waiters.delete(tokenId);
    waiter.timer.cancel();
    if ('output' in outcome) waiter.resolve(outcome.output);
    else waiter.reject(outcome.error);
  }
}
