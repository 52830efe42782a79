// A gate the local stack's writers pass through, so the stack can be brought to a standstill for a
// consistent snapshot of all its stores (`lianshen backup` while `npm start` runs): new work waits
// at the gate, work already inside finishes, and once nothing is inside every store is at the same
// logical moment. The entry points hold it — HTTP requests to the handlers, each SQS batch a poller
// processes (the handler and the deletes), each Step Functions task (a Lambda invocation, or the
// send of a task message), the stack's own jobs — never the callbacks between them, so nothing
// that holds the gate ever waits for something that needs it.

/** What an entry point needs of the gate. */
export interface Gate {
  enter(): Promise<() => void>;
}

/** For parts run without a stack (tests, the bench): never closes. */
export const OPEN_GATE: Gate = { enter: async () => () => undefined };

export class QuiesceTimeoutError extends Error {
  override name = 'QuiesceTimeoutError';
}

export class Quiesce implements Gate {
  private inside = 0;
  private paused = false;
  private readonly waiting: Array<() => void> = [];
  private drained: Array<() => void> = [];

  /** Waits while paused, then counts the caller in; call the returned function when done. */
  async enter(): Promise<() => void> {
    while (this.paused) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inside += 1;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.inside -= 1;
      if (this.inside === 0) {
        const done = this.drained;
        this.drained = [];
        for (const d of done) d();
      }
    };
  }

  /** Runs `fn` inside the gate. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const leave = await this.enter();
    try {
      return await fn();
    } finally {
      leave();
    }
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** How many are inside now. */
  get active(): number {
    return this.inside;
  }

  /**
   * Holds new work and resolves once everything inside has left. On timeout the gate opens again
   * and QuiesceTimeoutError is thrown (the stack keeps running as before).
   */
  async pause(timeoutMs: number): Promise<void> {
    if (this.paused) throw new Error('already paused');
    this.paused = true;
    if (this.inside === 0) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        new Promise<void>((resolve) => this.drained.push(resolve)),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new QuiesceTimeoutError(`work still running after ${Math.round(timeoutMs / 1000)} s`)),
            timeoutMs,
          );
        }),
      ]);
    } catch (err) {
      this.resume();
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Lets waiting work in again. */
  resume(): void {
    this.paused = false;
    const waiting = this.waiting.splice(0);
    for (const w of waiting) w();
  }
}
