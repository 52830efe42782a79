// Lambda-like invocation for the local stack: a `Context` object shaped like the Node.js runtime's,
// and a small in-process runtime that loads the manifest's handler modules lazily and invokes them
// with Lambda's error shape (errorType / errorMessage / trace), so Step Functions Retry/Catch and
// SQS event-source semantics behave as they do in AWS.
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { FUNCTIONS, type FunctionSpec } from '../functions/manifest.js';

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT_ID = '000000000000';

/** Largest delay a Node timer accepts; longer delays fire at once, so callers must re-arm. */
export const MAX_TIMER_MS = 2_147_483_647;

export interface LambdaContextOptions {
  functionName: string;
  timeoutSeconds: number;
  memoryMb?: number;
  region?: string;
  accountId?: string;
  awsRequestId?: string;
  /** Clock for the deadline; tests may inject one. */
  now?: () => number;
}

export function functionArn(functionName: string, region = LOCAL_REGION, accountId = LOCAL_ACCOUNT_ID): string {
  return `arn:aws:lambda:${region}:${accountId}:function:${functionName}`;
}

export function createLambdaContext(options: LambdaContextOptions): Context {
  const now = options.now ?? Date.now;
  const deadline = now() + options.timeoutSeconds * 1000;
  const region = options.region ?? LOCAL_REGION;
  const accountId = options.accountId ?? LOCAL_ACCOUNT_ID;
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  const unsupported = (): void => {
    throw new Error('context.done/fail/succeed are not supported locally; return or throw from an async handler');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: options.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn(options.functionName, region, accountId),
    memoryLimitInMB: String(options.memoryMb ?? 128),
    awsRequestId: options.awsRequestId ?? randomUUID(),
    logGroupName: `/aws/lambda/${options.functionName}`,
    logStreamName: `${day}/[$LATEST]${randomUUID().replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

export type LambdaHandler = (event: unknown, context: Context) => unknown;

/**
 * A handler invocation failed the way Lambda reports it: `name` is the errorType (what Step
 * Functions matches in Retry/Catch), `message` is the JSON payload AWS puts in the Cause.
 */
export class LambdaInvocationError extends Error {
  readonly errorType: string;
  readonly errorMessage: string;
  constructor(errorType: string, errorMessage: string, trace: string[] = []) {
    super(JSON.stringify({ errorType, errorMessage, trace }));
    this.name = errorType;
    this.errorType = errorType;
    this.errorMessage = errorMessage;
  }
}

/** The errorType Lambda's Node runtime reports for a thrown value. */
export function toLambdaError(thrown: unknown): LambdaInvocationError {
  if (thrown instanceof LambdaInvocationError) return thrown;
  if (thrown instanceof Error) {
    const trace = (thrown.stack ?? '').split('\n').slice(0, 10);
    return new LambdaInvocationError(thrown.name || 'Error', thrown.message, trace);
  }
  return new LambdaInvocationError('Error', typeof thrown === 'string' ? thrown : (JSON.stringify(thrown) ?? String(thrown)));
}

export interface LocalLambdaRuntimeOptions {
  /** Repository root the manifest's `entry` paths are relative to. */
  rootDir?: string;
  functions?: Readonly<Record<string, FunctionSpec>>;
  /** Replace a function's module with an in-memory handler (tests, stubs). */
  handlers?: Readonly<Record<string, LambdaHandler>>;
  region?: string;
  accountId?: string;
}

const DEFAULT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Loads each function's module on first use (modules validate their env at load, so loading late
 * lets the orchestrator set `process.env` first) and invokes `handler(event, context)` in-process.
 */
export class LocalLambdaRuntime {
  private readonly rootDir: string;
  private readonly functions: Readonly<Record<string, FunctionSpec>>;
  private readonly overrides: Readonly<Record<string, LambdaHandler>>;
  private readonly loaded = new Map<string, Promise<LambdaHandler>>();
  readonly region: string;
  readonly accountId: string;

  constructor(options: LocalLambdaRuntimeOptions = {}) {
    this.rootDir = options.rootDir ?? DEFAULT_ROOT;
    this.functions = options.functions ?? FUNCTIONS;
    this.overrides = options.handlers ?? {};
    this.region = options.region ?? LOCAL_REGION;
    this.accountId = options.accountId ?? LOCAL_ACCOUNT_ID;
  }

  has(functionName: string): boolean {
    return functionName in this.functions || functionName in this.overrides;
  }

  functionNames(): string[] {
    return [...new Set([...Object.keys(this.functions), ...Object.keys(this.overrides)])];
  }

  arn(functionName: string): string {
    return functionArn(functionName, this.region, this.accountId);
  }

  timeoutSeconds(functionName: string): number {
    return this.functions[functionName]?.timeoutSeconds ?? 30;
  }

  /**
   * Invokes like Lambda's synchronous Invoke: resolves with the JSON round-tripped result
   * (undefined becomes null), rejects with a LambdaInvocationError. A run past the function's
   * timeout rejects with `Sandbox.Timedout`; the handler itself cannot be killed in-process.
   */
  async invoke(functionName: string, event: unknown): Promise<unknown> {
    const handler = await this.load(functionName);
    const timeoutSeconds = this.timeoutSeconds(functionName);
    const context = createLambdaContext({
      functionName,
      timeoutSeconds,
      memoryMb: this.functions[functionName]?.memoryMb,
      region: this.region,
      accountId: this.accountId,
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new LambdaInvocationError('Sandbox.Timedout', `Task timed out after ${timeoutSeconds.toFixed(2)} seconds`)),
        Math.min(timeoutSeconds * 1000, MAX_TIMER_MS),
      );
    });
    try {
      const result = await Promise.race([Promise.resolve().then(() => handler(structuredClone(event), context)), timedOut]);
      const json = JSON.stringify(result);
      if (json === undefined) return null;
      const parsed: unknown = JSON.parse(json);
      return parsed;
    } catch (error) {
      throw toLambdaError(error);
    } finally {
      clearTimeout(timer);
    }
  }

  private load(functionName: string): Promise<LambdaHandler> {
    const cached = this.loaded.get(functionName);
    if (cached) return cached;
    const promise = this.importHandler(functionName);
    this.loaded.set(functionName, promise);
    // A failed import is retried on the next invocation, as a fresh Lambda sandbox would.
    promise.catch(() => this.loaded.delete(functionName));
    return promise;
  }

  private async importHandler(functionName: string): Promise<LambdaHandler> {
    const override = this.overrides[functionName];
    if (override) return override;
    const spec = this.functions[functionName];
    if (!spec) throw new LambdaInvocationError('ResourceNotFoundException', `Function not found: ${functionName}`);
    let mod: unknown;
    try {
      mod = await import(pathToFileURL(resolve(this.rootDir, spec.entry)).href);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new LambdaInvocationError('Runtime.ImportModuleError', `Error: cannot load ${spec.entry}: ${message}`);
    }
    const handler: unknown = typeof mod === 'object' && mod !== null ? Reflect.get(mod, 'handler') : undefined;
    if (typeof handler !== 'function') {
      throw new LambdaInvocationError('Runtime.HandlerNotFound', `${spec.entry}.handler is undefined or not exported`);
    }
    return (event, context): unknown => Reflect.apply(handler, undefined, [event, context]);
  }
}
