import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLambdaContext, LambdaInvocationError, LocalLambdaRuntime } from '../../../local/lambda-context.js';

const spec = (timeoutSeconds = 5, entry = 'unused.ts') => ({ entry, env: [], timeoutSeconds, memoryMb: 256, sendsTaskResults: false });

describe('Lambda-like context', () => {
  it('carries the function identity and counts the remaining time down from the timeout', () => {
    let now = 1_000_000;
    const context = createLambdaContext({ functionName: 'decide', timeoutSeconds: 15, memoryMb: 512, now: () => now });
    expect(context).toMatchObject({
      functionName: 'decide',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:decide',
      memoryLimitInMB: '512',
      logGroupName: '/aws/lambda/decide',
    });
    expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context.getRemainingTimeInMillis()).toBe(15_000);
    now += 4_000;
    expect(context.getRemainingTimeInMillis()).toBe(11_000);
    now += 60_000;
    expect(context.getRemainingTimeInMillis()).toBe(0);
  });

  it('gives every invocation its own request id', () => {
    const a = createLambdaContext({ functionName: 'f', timeoutSeconds: 1 });
    const b = createLambdaContext({ functionName: 'f', timeoutSeconds: 1 });
    expect(a.awsRequestId).not.toBe(b.awsRequestId);
  });
});

describe('in-process Lambda runtime', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('loads the handler module from its manifest entry on first use and passes event and context', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lianshen-fn-'));
    dirs.push(dir);
    await writeFile(
      join(dir, 'echo.mjs'),
      'export const handler = async (event, context) => ({ event, name: context.functionName, left: context.getRemainingTimeInMillis() > 0 });\n',
    );
    const runtime = new LocalLambdaRuntime({ rootDir: dir, functions: { echo: spec(5, 'echo.mjs') } });
    await expect(runtime.invoke('echo', { candidateId: 'c1' })).resolves.toEqual({
      event: { candidateId: 'c1' },
      name: 'echo',
      left: true,
    });
  });

  it('reports a module without a handler export as Runtime.HandlerNotFound', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lianshen-fn-'));
    dirs.push(dir);
    await writeFile(join(dir, 'none.mjs'), 'export const other = 1;\n');
    const runtime = new LocalLambdaRuntime({ rootDir: dir, functions: { none: spec(5, 'none.mjs') } });
    await expect(runtime.invoke('none', {})).rejects.toMatchObject({ name: 'Runtime.HandlerNotFound' });
  });

  it("names a thrown error by its errorType and puts Lambda's error JSON in the message", async () => {
    class RecordsMissing extends Error {
      override name = 'RecordsMissing';
    }
    const runtime = new LocalLambdaRuntime({
      functions: { f: spec() },
      handlers: {
        f: () => {
          throw new RecordsMissing('no extract');
        },
      },
    });
    const error: unknown = await runtime.invoke('f', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LambdaInvocationError);
    expect(error).toMatchObject({ name: 'RecordsMissing', errorType: 'RecordsMissing', errorMessage: 'no extract' });
    expect(JSON.parse(error instanceof Error ? error.message : '{}')).toMatchObject({
      errorType: 'RecordsMissing',
      errorMessage: 'no extract',
    });
  });

  it('times an invocation out at the function timeout as Sandbox.Timedout', async () => {
    const runtime = new LocalLambdaRuntime({ functions: { slow: spec(1) }, handlers: { slow: () => new Promise(() => undefined) } });
    await expect(runtime.invoke('slow', {})).rejects.toMatchObject({ name: 'Sandbox.Timedout' });
  });

  it('returns results as JSON (undefined becomes null) and never shares the event object with the caller', async () => {
    const event = { list: [1] };
    const runtime = new LocalLambdaRuntime({
      functions: { a: spec(), b: spec() },
      handlers: {
        a: () => undefined,
        b: (e) => {
          if (typeof e === 'object' && e !== null && 'list' in e && Array.isArray(e.list)) e.list.push(2);
          return { at: new Date(0) };
        },
      },
    });
    await expect(runtime.invoke('a', {})).resolves.toBeNull();
    await expect(runtime.invoke('b', event)).resolves.toEqual({ at: '1970-01-01T00:00:00.000Z' });
    expect(event.list).toEqual([1]);
  });
});
