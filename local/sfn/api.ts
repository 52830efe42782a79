// The Step Functions API operations the local endpoint answers (server.ts speaks the JSON 1.0
// protocol; inputs here are parsed JSON bodies, outputs JSON 1.0 response bodies): executions
// (start, describe, list, stop, history, redrive) and task callbacks (success, failure, heartbeat).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { SfnServiceError } from './errors.js';
import type { ExecutionHistory } from './history.js';
import { isRecord, parseJson, stableStringify } from './json.js';
import type { ExecutionRunner, MachineNames } from './runner.js';
import { EXECUTION_STATUSES, type ExecutionRecord, type ExecutionStatus, type ExecutionStore } from './store.js';
import type { TaskTokens } from './tokens.js';

/** AWS redrives an unsuccessful execution for 14 days after it stopped. */
const REDRIVE_WINDOW_MS = 14 * 24 * 3600 * 1000;

/** AWS's execution-name rule: no whitespace, brackets, wildcards, these punctuation marks or control characters (\p{Cc}). */
const ARN_PART = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\p{Cc}]{1,80}$/u;

// Request shapes, built once: schema construction is not cheap and these run on every call.
const StartExecutionRequest = z.object({
  stateMachineArn: z.string(),
  name: z.string().optional(),
  input: z.string().optional(),
  traceHeader: z.string().optional(),
});
const ExecutionRequest = z.object({ executionArn: z.string() });
const RedriveRequest = z.object({ executionArn: z.string(), clientToken: z.string().optional() });
const ListExecutionsRequest = z.object({
  stateMachineArn: z.string(),
  statusFilter: z.enum([...EXECUTION_STATUSES, 'PENDING_REDRIVE']).optional(),
  maxResults: z.number().int().min(0).max(1000).optional(),
  nextToken: z.string().min(1).max(1024).optional(),
});
const StopExecutionRequest = z.object({
  executionArn: z.string(),
  error: z.string().max(256).optional(),
  cause: z.string().max(32768).optional(),
});
const HistoryRequest = z.object({
  executionArn: z.string(),
  maxResults: z.number().int().min(0).max(1000).optional(),
  reverseOrder: z.boolean().optional(),
  nextToken: z.string().min(1).max(1024).optional(),
  includeExecutionData: z.boolean().optional(),
});
const TaskSuccessRequest = z.object({ taskToken: z.string(), output: z.string() });
const TaskFailureRequest = z.object({
  taskToken: z.string(),
  error: z.string().max(256).optional(),
  cause: z.string().max(32768).optional(),
});
const TokenRequest = z.object({ taskToken: z.string() });

export interface ApiParts {
  store: ExecutionStore;
  history: ExecutionHistory;
  runner: ExecutionRunner;
  tokens: TaskTokens;
  names: MachineNames & { accountId: string };
}

export class SfnApiOperations {
  private readonly store: ExecutionStore;
  private readonly history: ExecutionHistory;
  private readonly runner: ExecutionRunner;
  private readonly tokens: TaskTokens;
  private readonly names: MachineNames & { accountId: string };

  constructor(parts: ApiParts) {
    this.store = parts.store;
    this.history = parts.history;
    this.runner = parts.runner;
    this.tokens = parts.tokens;
    this.names = parts.names;
  }

  startExecution(body: unknown): { executionArn: string; startDate: number } {
    const request = parseRequest(StartExecutionRequest, body);
    this.requireStateMachine(request.stateMachineArn);
    const name = request.name ?? randomUUID();
    if (!ARN_PART.test(name)) throw new SfnServiceError('InvalidName', `Invalid Name: '${name}'`);
    const inputText = request.input ?? '{}';
    const input = parseJson(inputText);
    if (input === undefined)
      throw new SfnServiceError('InvalidExecutionInput', 'Invalid State Machine Execution Input: not a JSON document');
    const arn = `arn:aws:states:${this.names.region}:${this.names.accountId}:execution:${this.names.stateMachineName}:${name}`;
    const existing = this.store.getExecution(arn);
    if (existing) {
      // AWS: the same name and input while the execution is still RUNNING is an idempotent retry.
      const sameInput = stableStringify(parseJson(existing.input) ?? null) === stableStringify(input);
      if (existing.status === 'RUNNING' && sameInput) return { executionArn: arn, startDate: seconds(existing.startMs) };
      throw new SfnServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    const startMs = Date.now();
    this.store.insertExecution({ arn, name, stateMachineArn: this.names.stateMachineArn, input: inputText, startMs });
    const record = this.store.getExecution(arn);
    if (!record) throw new SfnServiceError('InternalFailure', 'execution was not stored');
    this.history.start(arn);
    this.history.append(arn, 'ExecutionStarted', {
      executionStartedEventDetails: {
        input: inputText,
        inputDetails: { truncated: false },
        roleArn: this.names.roleArn,
      },
    });
    this.runner.launch(record, false);
    return { executionArn: arn, startDate: seconds(startMs) };
  }

  describeExecution(body: unknown): Record<string, unknown> {
    const { executionArn } = parseRequest(ExecutionRequest, body);
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
      redriveCount: record.redriveCount,
      redriveStatus: this.redrivable(record) ? 'REDRIVABLE' : 'NOT_REDRIVABLE',
    };
  }

  /**
   * RedriveExecution. Locally the execution runs again from its first state with its input, and
   * every step that succeeded before (Lambda results, department answers and timeouts) returns its
   * stored result without running: in effect it continues from the step that failed, as in AWS.
   */
  redriveExecution(body: unknown): { redriveDate: number } {
    const { executionArn } = parseRequest(RedriveRequest, body);
    const record = this.requireExecution(executionArn);
    if (!this.redrivable(record) || !this.store.reopenExecution(record.arn, Date.now() - REDRIVE_WINDOW_MS)) {
      throw new SfnServiceError('ExecutionNotRedrivable', `Execution is not redrivable: '${executionArn}'`);
    }
    const reopened = this.store.getExecution(record.arn);
    if (!reopened) throw new SfnServiceError('InternalFailure', 'execution was not stored');
    const redriveMs = Date.now();
    this.history.resume(record.arn);
    this.history.append(record.arn, 'ExecutionRedriven', { executionRedrivenEventDetails: { redriveCount: reopened.redriveCount } });
    this.runner.launch(reopened, true);
    return { redriveDate: seconds(redriveMs) };
  }

  private redrivable(record: ExecutionRecord): boolean {
    return record.status !== 'RUNNING' && record.status !== 'SUCCEEDED' && (record.stopMs ?? 0) >= Date.now() - REDRIVE_WINDOW_MS;
  }

  listExecutions(body: unknown): { executions: Array<Record<string, unknown>>; nextToken?: string } {
    const request = parseRequest(ListExecutionsRequest, body);
    this.requireStateMachine(request.stateMachineArn);
    const limit = request.maxResults || 100;
    const after = request.nextToken === undefined ? undefined : decodeCursor(request.nextToken);
    const status: ExecutionStatus | undefined = request.statusFilter === 'PENDING_REDRIVE' ? undefined : request.statusFilter;
    if (request.statusFilter === 'PENDING_REDRIVE') return { executions: [] };
    const rows = this.store.listExecutions({ stateMachineArn: this.names.stateMachineArn, status, limit: limit + 1, after });
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
        redriveCount: record.redriveCount,
      })),
      ...(rows.length > limit && last ? { nextToken: encodeCursor(last.startMs, last.arn) } : {}),
    };
  }

  stopExecution(body: unknown): { stopDate: number } {
    const request = parseRequest(StopExecutionRequest, body);
    const record = this.requireExecution(request.executionArn);
    if (record.status !== 'RUNNING') return { stopDate: seconds(record.stopMs ?? Date.now()) };
    const stopMs = Date.now();
    this.runner.closeExecution(record.arn, {
      status: 'ABORTED',
      stopMs,
      ...(request.error !== undefined ? { error: request.error } : {}),
      ...(request.cause !== undefined ? { cause: request.cause } : {}),
    });
    return { stopDate: seconds(stopMs) };
  }

  getExecutionHistory(body: unknown): { events: Array<Record<string, unknown>>; nextToken?: string } {
    const request = parseRequest(HistoryRequest, body);
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
    const request = parseRequest(TaskSuccessRequest, body);
    const output = parseJson(request.output);
    if (output === undefined) throw new SfnServiceError('InvalidOutput', 'Invalid Output: not a JSON document');
    const token = this.tokens.requireLive(request.taskToken);
    this.tokens.complete(token, 'succeeded', { outcome: 'succeeded', output: JSON.stringify(output) });
    return {};
  }

  sendTaskFailure(body: unknown): Record<string, never> {
    const request = parseRequest(TaskFailureRequest, body);
    const token = this.tokens.requireLive(request.taskToken);
    this.tokens.complete(token, 'failed', { outcome: 'failed', error: request.error ?? '', cause: request.cause ?? '' });
    return {};
  }

  sendTaskHeartbeat(body: unknown): Record<string, never> {
    const request = parseRequest(TokenRequest, body);
    this.tokens.requireLive(request.taskToken);
    return {};
  }

  // ---------------------------------------------------------------------------------------------

  private requireStateMachine(arn: string): void {
    if (arn !== this.names.stateMachineArn) throw new SfnServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
  }

  private requireExecution(arn: string): ExecutionRecord {
    if (!arn.startsWith('arn:aws:states:')) throw new SfnServiceError('InvalidArn', `Invalid Arn: '${arn}'`);
    const record = this.store.getExecution(arn);
    if (!record) throw new SfnServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return record;
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

function seconds(ms: number): number {
  return ms / 1000;
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
