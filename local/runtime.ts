// The Lambda runtime the local stack hands to its pollers and Step Functions endpoint.
import { LocalLambdaRuntime } from './lambda-context.js';

/**
 * The local Lambda runtime with a cap on concurrent invocations per function (waiting happens
 * before the invocation's own timeout clock starts, as with a throttled event source).
 */
export class BoundedLambdaRuntime extends LocalLambdaRuntime {
  private readonly slots = new Map<string, { free: number; waiting: Array<() => void> }>();

  constructor(
    options: ConstructorParameters<typeof LocalLambdaRuntime>[0],
    limits: Readonly<Record<string, number | undefined>>,
    private readonly onInvoke?: (functionName: string, event: unknown) => void,
  ) {
    super(options);
    for (const [fn, n] of Object.entries(limits)) if (n !== undefined) this.slots.set(fn, { free: Math.max(1, n), waiting: [] });
  }

  override async invoke(functionName: string, event: unknown): Promise<unknown> {
    this.onInvoke?.(functionName, event);
    const slot = this.slots.get(functionName);
    if (!slot) return super.invoke(functionName, event);
    if (slot.free > 0) slot.free -= 1;
    else await new Promise<void>((r) => slot.waiting.push(r));
    try {
      return await super.invoke(functionName, event);
    } finally {
      const next = slot.waiting.shift();
      if (next) next();
      else slot.free += 1;
    }
  }
}
