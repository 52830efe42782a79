// The department pollers and the checker handler on a worker thread of their own. In AWS every
// invocation has its own sandbox; here everything shares one Node process, and its event loop is
// the bottleneck (the AWS SDK's per-request work dominates). The checks are the bulk of the work,
// so they get a second event loop: same handler module, same SQS event-source semantics, its own
// module instances and SDK clients (like a separate Lambda sandbox).
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './env.js';
import { FUNCTIONS } from '../functions/manifest.js';
import { mappingOptions } from './pollers/mapping.js';
import { Quiesce } from './quiesce.js';
import { SqsEventSource } from './pollers/sqs-event-source.js';
import { BoundedLambdaRuntime } from './runtime.js';
import { tsxImportUrl } from './tsx.js';

const Config = z.object({
  sqsEndpoint: z.string(),
  queues: z.array(z.object({ code: z.string(), url: z.string() })),
  visibilityTimeoutSeconds: z.number(),
  waitTimeSeconds: z.number(),
  concurrency: z.number(),
  tap: z.boolean(),
});
type Config = z.infer<typeof Config>;

const FromWorker = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('stopped') }),
  z.object({ type: z.literal('paused'), ok: z.boolean(), error: z.string().optional() }),
  z.object({ type: z.literal('invoke'), functionName: z.string(), event: z.unknown() }),
  z.object({ type: z.literal('log'), line: z.string() }),
]);

export interface CheckerThread {
  /** Holds new batches and resolves once the checks in progress are done (see local/quiesce.ts). */
  pause(timeoutMs: number): Promise<void>;
  resume(): void;
  /** Starts polling more department queues (a department of an uploaded policy, on first use). */
  addQueues(queues: ReadonlyArray<{ code: string; url: string }>): void;
  stop(): Promise<void>;
}

const ToWorker = z.discriminatedUnion('type', [
  z.object({ type: z.literal('stop') }),
  z.object({ type: z.literal('pause'), timeoutMs: z.number() }),
  z.object({ type: z.literal('resume') }),
]);

/** Starts the worker (the handler env must already be in process.env: the worker copies it). */
export async function startCheckerThread(
  config: Config,
  hooks: { onInvoke?: (functionName: string, event: unknown) => void; log: (line: string) => void },
): Promise<CheckerThread> {
  const worker = new Worker(new URL(import.meta.url), {
    workerData: config,
    // The worker loads TypeScript the same way this process does.
    execArgv: ['--import', tsxImportUrl()],
  });
  let stopped: () => void = () => undefined;
  const whenStopped = new Promise<void>((r) => (stopped = r));
  let pausing: { resolve: () => void; reject: (e: Error) => void } | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (raw: unknown) => {
      const msg = FromWorker.safeParse(raw);
      if (!msg.success) return;
      if (msg.data.type === 'ready') resolve();
      else if (msg.data.type === 'stopped') stopped();
      else if (msg.data.type === 'paused') {
        if (msg.data.ok) pausing?.resolve();
        else pausing?.reject(new Error(msg.data.error ?? 'the checker thread could not pause'));
        pausing = undefined;
      } else if (msg.data.type === 'invoke') hooks.onInvoke?.(msg.data.functionName, msg.data.event);
      else hooks.log(msg.data.line);
    });
  });
  worker.once('exit', () => stopped());
  await ready;
  return {
    pause: (timeoutMs) =>
      new Promise<void>((resolve, reject) => {
        pausing = { resolve, reject };
        worker.postMessage({ type: 'pause', timeoutMs });
      }),
    resume: () => worker.postMessage({ type: 'resume' }),
    addQueues: (queues) => worker.postMessage({ type: 'addQueues', queues }),
    stop: async () => {
      worker.postMessage({ type: 'stop' });
      const timer = setTimeout(() => void worker.terminate(), 60_000);
      await whenStopped;
      clearTimeout(timer);
      await worker.terminate();
    },
  };
}

async function runWorker(config: Config): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const sqs = new SQSClient({ endpoint: config.sqsEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const gate = new Quiesce();
  const runtime = new BoundedLambdaRuntime(
    {},
    { checker: config.concurrency },
    config.tap ? (functionName, event) => port.postMessage({ type: 'invoke', functionName, event }) : undefined,
  );
  const log = (level: string, message: string, fields?: Record<string, unknown>) => {
    if (level !== 'info')
      port.postMessage({ type: 'log', line: `poller ${level}: ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}` });
  };
  const sourceOf = (q: { url: string }) =>
    new SqsEventSource({
      sqs,
      queueUrl: q.url,
      functionName: 'checker',
      runtime,
      ...mappingOptions(FUNCTIONS.checker.eventSource),
      visibilityTimeoutSeconds: config.visibilityTimeoutSeconds,
      waitTimeSeconds: config.waitTimeSeconds,
      log,
      gate,
    });
  const sources = config.queues.map(sourceOf);
  await Promise.all(sources.map((s) => s.start()));
  const AddQueues = z.object({ type: z.literal('addQueues'), queues: Config.shape.queues });
  port.on('message', (raw: unknown) => {
    const add = AddQueues.safeParse(raw);
    if (add.success) {
      const added = add.data.queues.map(sourceOf);
      sources.push(...added);
      void Promise.all(added.map((s) => s.start()));
      return;
    }
    const msg = ToWorker.safeParse(raw);
    if (!msg.success) return;
    if (msg.data.type === 'pause') {
      gate.pause(msg.data.timeoutMs).then(
        () => port.postMessage({ type: 'paused', ok: true }),
        (err: unknown) => port.postMessage({ type: 'paused', ok: false, error: err instanceof Error ? err.message : String(err) }),
      );
      return;
    }
    if (msg.data.type === 'resume') {
      gate.resume();
      return;
    }
    // A stop while paused lets the held batches run first (they were received; stopping drains).
    gate.resume();
    void Promise.all(sources.map((s) => s.stop())).then(() => {
      sqs.destroy();
      port.postMessage({ type: 'stopped' });
    });
  });
  port.postMessage({ type: 'ready' });
}

if (!isMainThread) {
  const parsed = Config.safeParse(workerData);
  if (parsed.success) await runWorker(parsed.data);
}
