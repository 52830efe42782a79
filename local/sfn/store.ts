// Durable state of the local Step Functions endpoint, in SQLite (node:sqlite, built into Node 24).
//
// Why SQLite and not DynamoDB Local: the endpoint must come back after `kill -9` before anything
// else is up, and every task step writes a row; an embedded, transactional file with indexes
// (executions by status, tokens by step) does that in microseconds without a network hop or a
// start-up order between emulators. WAL + synchronous=NORMAL survives a killed process (only an
// OS crash can lose the last commits). `dataDir` undefined gives a scratch file removed on close.
//
// Critical rows (executions, step results, task tokens) are written synchronously before the
// engine moves on or an API call returns; the history summary is buffered and flushed once per
// event-loop turn in one transaction.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backup, DatabaseSync, type SQLOutputValue, type StatementSync } from 'node:sqlite';

export const EXECUTION_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

export interface ExecutionRecord {
  arn: string;
  name: string;
  stateMachineArn: string;
  input: string;
  status: ExecutionStatus;
  startMs: number;
  stopMs: number | null;
  output: string | null;
  error: string | null;
  cause: string | null;
  /** RedriveExecution calls that reopened it. */
  redriveCount: number;
}

export type StepResult = { outcome: 'succeeded'; output: string } | { outcome: 'failed'; error: string; cause: string };

export const TOKEN_STATUSES = ['pending', 'sent', 'succeeded', 'failed', 'expired', 'aborted'] as const;
export type TokenStatus = (typeof TOKEN_STATUSES)[number];

export interface TokenRecord {
  token: string;
  executionArn: string;
  stepKey: string;
  stateName: string;
  status: TokenStatus;
  expiresMs: number;
  createdMs: number;
}

export interface HistoryEntry {
  id: number;
  tsMs: number;
  type: string;
  /** JSON of the event's details object (e.g. `{ "taskScheduledEventDetails": {...} }`). */
  details: string;
}

export interface ListQuery {
  stateMachineArn: string;
  status?: ExecutionStatus;
  limit: number;
  /** Resume after this (startMs, arn), newest first. */
  after?: { startMs: number; arn: string };
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS executions (
  arn TEXT PRIMARY KEY, name TEXT NOT NULL, state_machine_arn TEXT NOT NULL, input TEXT NOT NULL,
  status TEXT NOT NULL, start_ms INTEGER NOT NULL, stop_ms INTEGER, output TEXT, error TEXT, cause TEXT,
  redrive_count INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS executions_by_status ON executions (state_machine_arn, status, start_ms);
CREATE INDEX IF NOT EXISTS executions_by_start ON executions (state_machine_arn, start_ms);
CREATE TABLE IF NOT EXISTS steps (
  execution_arn TEXT NOT NULL, step_key TEXT NOT NULL, state_name TEXT NOT NULL, outcome TEXT NOT NULL,
  output TEXT, error TEXT, cause TEXT, ended_ms INTEGER NOT NULL,
  PRIMARY KEY (execution_arn, step_key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tokens (
  token TEXT PRIMARY KEY, execution_arn TEXT NOT NULL, step_key TEXT NOT NULL, state_name TEXT NOT NULL,
  status TEXT NOT NULL, expires_ms INTEGER NOT NULL, created_ms INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS tokens_by_step ON tokens (execution_arn, step_key, status);
CREATE TABLE IF NOT EXISTS history (
  execution_arn TEXT NOT NULL, id INTEGER NOT NULL, ts_ms INTEGER NOT NULL, type TEXT NOT NULL, details TEXT NOT NULL,
  PRIMARY KEY (execution_arn, id)) WITHOUT ROWID;
`;

type Statements = ReturnType<typeof prepareStatements>;

function prepareStatements(db: DatabaseSync) {
  const p = (sql: string): StatementSync => db.prepare(sql);
  return {
    insertExecution: p('INSERT INTO executions (arn, name, state_machine_arn, input, status, start_ms) VALUES (?, ?, ?, ?, ?, ?)'),
    getExecution: p('SELECT * FROM executions WHERE arn = ?'),
    finishExecution: p(
      "UPDATE executions SET status = ?, stop_ms = ?, output = ?, error = ?, cause = ? WHERE arn = ? AND status = 'RUNNING'",
    ),
    running: p("SELECT * FROM executions WHERE state_machine_arn = ? AND status = 'RUNNING' ORDER BY start_ms"),
    reopenExecution: p(
      "UPDATE executions SET status = 'RUNNING', stop_ms = NULL, output = NULL, error = NULL, cause = NULL, redrive_count = redrive_count + 1 " +
        "WHERE arn = ? AND status IN ('FAILED', 'TIMED_OUT', 'ABORTED') AND stop_ms >= ?",
    ),
    getStep: p('SELECT state_name, outcome, output, error, cause FROM steps WHERE execution_arn = ? AND step_key = ?'),
    putStep: p(
      'INSERT OR IGNORE INTO steps (execution_arn, step_key, state_name, outcome, output, error, cause, ended_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    insertToken: p(
      'INSERT INTO tokens (token, execution_arn, step_key, state_name, status, expires_ms, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    getToken: p('SELECT * FROM tokens WHERE token = ?'),
    liveTokenForStep: p(
      "SELECT * FROM tokens WHERE execution_arn = ? AND step_key = ? AND status IN ('pending', 'sent') ORDER BY created_ms DESC LIMIT 1",
    ),
    liveTokensOfExecution: p("SELECT * FROM tokens WHERE execution_arn = ? AND status IN ('pending', 'sent')"),
    markSent: p("UPDATE tokens SET status = 'sent' WHERE token = ? AND status = 'pending'"),
    closeToken: p("UPDATE tokens SET status = ? WHERE token = ? AND status IN ('pending', 'sent')"),
    insertHistory: p('INSERT OR IGNORE INTO history (execution_arn, id, ts_ms, type, details) VALUES (?, ?, ?, ?, ?)'),
    history: p('SELECT id, ts_ms, type, details FROM history WHERE execution_arn = ? ORDER BY id'),
    nextHistoryId: p('SELECT COALESCE(MAX(id), 0) + 1 AS next FROM history WHERE execution_arn = ?'),
  };
}

export class ExecutionStore {
  private readonly db: DatabaseSync;
  private readonly stmt: Statements;
  private pendingHistory: Array<[string, number, number, string, string]> = [];
  private flushScheduled = false;
  private closed = false;

  /** Removed on close: the database of a stack without a data folder. */
  private readonly scratchDir: string | undefined;

  /**
   * `dataDir` undefined: a scratch file removed on close, not `:memory:` (an in-memory database
   * keeps every execution's whole history in the process's memory, growing with the batch). Otherwise `<dataDir>/stepfunctions.sqlite`.
   */
  constructor(dataDir?: string) {
    this.scratchDir = dataDir === undefined ? mkdtempSync(join(tmpdir(), 'lianshen-sfn-')) : undefined;
    const dir = dataDir ?? this.scratchDir ?? tmpdir();
    mkdirSync(dir, { recursive: true });
    this.db = new DatabaseSync(join(dir, 'stepfunctions.sqlite'));
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
    this.db.exec(SCHEMA);
    // Stores written before RedriveExecution existed get the column.
    const columns = this.db.prepare('PRAGMA table_info(executions)').all();
    if (!columns.some((c) => c['name'] === 'redrive_count')) {
      this.db.exec('ALTER TABLE executions ADD COLUMN redrive_count INTEGER NOT NULL DEFAULT 0');
    }
    this.stmt = prepareStatements(this.db);
  }

  insertExecution(record: Pick<ExecutionRecord, 'arn' | 'name' | 'stateMachineArn' | 'input' | 'startMs'>): void {
    this.stmt.insertExecution.run(record.arn, record.name, record.stateMachineArn, record.input, 'RUNNING', record.startMs);
  }

  getExecution(arn: string): ExecutionRecord | undefined {
    const row = this.stmt.getExecution.get(arn);
    return row === undefined ? undefined : toExecution(row);
  }

  /** Closes a RUNNING execution; false when it was already closed. */
  finishExecution(
    arn: string,
    close: { status: Exclude<ExecutionStatus, 'RUNNING'>; stopMs: number; output?: string; error?: string; cause?: string },
  ): boolean {
    const result = this.stmt.finishExecution.run(
      close.status,
      close.stopMs,
      close.output ?? null,
      close.error ?? null,
      close.cause ?? null,
      arn,
    );
    return Number(result.changes) > 0;
  }

  /** RedriveExecution: an unsuccessful execution that stopped at or after `stoppedSinceMs` runs again; false otherwise. */
  reopenExecution(arn: string, stoppedSinceMs: number): boolean {
    return Number(this.stmt.reopenExecution.run(arn, stoppedSinceMs).changes) > 0;
  }

  runningExecutions(stateMachineArn: string): ExecutionRecord[] {
    return this.stmt.running.all(stateMachineArn).map(toExecution);
  }

  listExecutions(query: ListQuery): ExecutionRecord[] {
    const where = ['state_machine_arn = ?'];
    const args: Array<string | number> = [query.stateMachineArn];
    if (query.status) {
      where.push('status = ?');
      args.push(query.status);
    }
    if (query.after) {
      where.push('(start_ms < ? OR (start_ms = ? AND arn < ?))');
      args.push(query.after.startMs, query.after.startMs, query.after.arn);
    }
    const sql = `SELECT * FROM executions WHERE ${where.join(' AND ')} ORDER BY start_ms DESC, arn DESC LIMIT ?`;
    return this.db
      .prepare(sql)
      .all(...args, query.limit)
      .map(toExecution);
  }

  getStep(executionArn: string, stepKey: string): StepResult | undefined {
    const row = this.stmt.getStep.get(executionArn, stepKey);
    if (row === undefined) return undefined;
    return oneOf(row, 'outcome', ['succeeded', 'failed']) === 'succeeded'
      ? { outcome: 'succeeded', output: textOrNull(row, 'output') ?? 'null' }
      : { outcome: 'failed', error: textOrNull(row, 'error') ?? '', cause: textOrNull(row, 'cause') ?? '' };
  }

  /** First result wins: a step is stored once. */
  putStep(executionArn: string, stepKey: string, stateName: string, result: StepResult, endedMs: number): void {
    if (result.outcome === 'succeeded') {
      this.stmt.putStep.run(executionArn, stepKey, stateName, 'succeeded', result.output, null, null, endedMs);
    } else {
      this.stmt.putStep.run(executionArn, stepKey, stateName, 'failed', null, result.error, result.cause, endedMs);
    }
  }

  insertToken(record: TokenRecord): void {
    this.stmt.insertToken.run(
      record.token,
      record.executionArn,
      record.stepKey,
      record.stateName,
      record.status,
      record.expiresMs,
      record.createdMs,
    );
  }

  getToken(token: string): TokenRecord | undefined {
    const row = this.stmt.getToken.get(token);
    return row === undefined ? undefined : toToken(row);
  }

  liveTokenForStep(executionArn: string, stepKey: string): TokenRecord | undefined {
    const row = this.stmt.liveTokenForStep.get(executionArn, stepKey);
    return row === undefined ? undefined : toToken(row);
  }

  liveTokensOfExecution(executionArn: string): TokenRecord[] {
    return this.stmt.liveTokensOfExecution.all(executionArn).map(toToken);
  }

  markTokenSent(token: string): void {
    this.stmt.markSent.run(token);
  }

  /**
   * Closes a live token and, in the same transaction, stores the step result it produced (an
   * answer or a timeout), so a re-driven execution never asks again. False if it was not live.
   */
  closeToken(
    token: string,
    status: Exclude<TokenStatus, 'pending' | 'sent'>,
    step?: { executionArn: string; stepKey: string; stateName: string; result: StepResult; endedMs: number },
  ): boolean {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const changed = Number(this.stmt.closeToken.run(status, token).changes) > 0;
      if (changed && step) this.putStep(step.executionArn, step.stepKey, step.stateName, step.result, step.endedMs);
      this.db.exec('COMMIT');
      return changed;
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  nextHistoryId(executionArn: string): number {
    this.flushHistory();
    const row = this.stmt.nextHistoryId.get(executionArn);
    return row === undefined ? 1 : int(row, 'next');
  }

  appendHistory(executionArn: string, entry: HistoryEntry): void {
    this.pendingHistory.push([executionArn, entry.id, entry.tsMs, entry.type, entry.details]);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flushHistory());
    }
  }

  history(executionArn: string): HistoryEntry[] {
    this.flushHistory();
    return this.stmt.history
      .all(executionArn)
      .map((row) => ({ id: int(row, 'id'), tsMs: int(row, 'ts_ms'), type: text(row, 'type'), details: text(row, 'details') }));
  }

  flushHistory(): void {
    this.flushScheduled = false;
    if (this.closed || this.pendingHistory.length === 0) return;
    const rows = this.pendingHistory;
    this.pendingHistory = [];
    this.db.exec('BEGIN');
    try {
      for (const row of rows) this.stmt.insertHistory.run(...row);
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  /** A consistent copy of the database at `path` (SQLite's online backup), history flushed first. */
  async backupTo(path: string): Promise<void> {
    this.flushHistory();
    await backup(this.db, path);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.flushHistory();
    this.closed = true;
    this.db.close();
    if (this.scratchDir !== undefined) rmSync(this.scratchDir, { recursive: true, force: true });
  }
}

type Row = Record<string, SQLOutputValue>;

// Rows are read back with checked accessors: a value of the wrong type means a damaged file.
function text(row: Row, key: string): string {
  const value = row[key];
  if (typeof value !== 'string') throw new Error(`stepfunctions store: column ${key} is not text`);
  return value;
}

function textOrNull(row: Row, key: string): string | null {
  return row[key] === null ? null : text(row, key);
}

function int(row: Row, key: string): number {
  const value = row[key];
  if (typeof value === 'bigint') return Number(value);
  if (typeof value !== 'number') throw new Error(`stepfunctions store: column ${key} is not a number`);
  return value;
}

function intOrNull(row: Row, key: string): number | null {
  return row[key] === null ? null : int(row, key);
}

function oneOf<const T extends string>(row: Row, key: string, values: readonly T[]): T {
  const value = text(row, key);
  const found = values.find((v) => v === value);
  if (found === undefined) throw new Error(`stepfunctions store: column ${key} has unknown value ${value}`);
  return found;
}

function toExecution(row: Row): ExecutionRecord {
  return {
    arn: text(row, 'arn'),
    name: text(row, 'name'),
    stateMachineArn: text(row, 'state_machine_arn'),
    input: text(row, 'input'),
    status: oneOf(row, 'status', EXECUTION_STATUSES),
    startMs: int(row, 'start_ms'),
    stopMs: intOrNull(row, 'stop_ms'),
    output: textOrNull(row, 'output'),
    error: textOrNull(row, 'error'),
    cause: textOrNull(row, 'cause'),
    redriveCount: intOrNull(row, 'redrive_count') ?? 0,
  };
}

function toToken(row: Row): TokenRecord {
  return {
    token: text(row, 'token'),
    executionArn: text(row, 'execution_arn'),
    stepKey: text(row, 'step_key'),
    stateName: text(row, 'state_name'),
    status: oneOf(row, 'status', TOKEN_STATUSES),
    expiresMs: int(row, 'expires_ms'),
    createdMs: int(row, 'created_ms'),
  };
}
