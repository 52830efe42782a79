// Execution history events, numbered per execution (the summary GetExecutionHistory returns).
import type { ExecutionStore } from './store.js';

/** Shared by the service's parts: once closed (crash-like stop), nothing more is written. */
export interface Lifecycle {
  closed: boolean;
}

export class ExecutionHistory {
  private readonly nextEventId = new Map<string, number>();

  constructor(
    private readonly store: ExecutionStore,
    private readonly lifecycle: Lifecycle,
  ) {}

  /** A new execution's events start at 1. */
  start(executionArn: string): void {
    this.nextEventId.set(executionArn, 1);
  }

  /** A re-driven execution continues after its stored events. */
  resume(executionArn: string): void {
    this.nextEventId.set(executionArn, this.store.nextHistoryId(executionArn));
  }

  /** A closed execution writes no more events. */
  forget(executionArn: string): void {
    this.nextEventId.delete(executionArn);
  }

  append(executionArn: string, type: string, details: Record<string, unknown>): void {
    if (this.lifecycle.closed) return;
    const id = this.nextEventId.get(executionArn) ?? this.store.nextHistoryId(executionArn);
    this.nextEventId.set(executionArn, id + 1);
    this.store.appendHistory(executionArn, { id, tsMs: Date.now(), type, details: JSON.stringify(details) });
  }
}
