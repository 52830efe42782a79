// The embedded local stack: DynamoDB Local, fauxqs, the local Step Functions endpoint running the
// infra ASL, the SQS pollers (intake → starter, department queues → checker) and the HTTP adapter,
// all around the SAME handler modules that run in Lambda. Only endpoints and event plumbing differ.
//
// One stack per process: handler modules create their SDK clients once, with the endpoints found
// in process.env at first use, exactly as in a Lambda sandbox.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { FUNCTIONS } from '../functions/manifest.js';
import { ROUTES } from '../infra/routes.js';
import { policyRepository } from '../shared/adapters/dynamo/policies.js';
import { builtInPolicies } from '../shared/adapters/files/policy-files.js';
import type { Policy } from '../shared/domain/model.js';
import { createLocalAuth, type LocalAuth } from './auth.js';
import { ensureTable, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb.js';
import { DEFAULT_DATA_DIR, findRunningStack, REPO_ROOT, stackInfoPath, type StackInfo, type StackPorts } from './stack-info.js';
import { DEPARTMENT_QUEUE_PREFIX, LOCAL_CREDENTIALS, LOCAL_REGION, TABLE_NAME } from './env.js';
import { startHttpAdapter, type HttpAdapter } from './http.js';
import { LocalLambdaRuntime, type LambdaHandler } from './lambda-context.js';
import { BoundedLambdaRuntime } from './runtime.js';
import { startCheckerThread } from './checker-thread.js';
import { mappingOptions } from './pollers/mapping.js';
import { SqsEventSource } from './pollers/sqs-event-source.js';
import { startLocalStepFunctions, type LocalStepFunctionsHandle } from './sfn/index.js';
import {
  DEPARTMENT_VISIBILITY_SECONDS,
  ensurePipelineQueues,
  ensureQueueWithDlq,
  INTAKE_VISIBILITY_SECONDS,
  startSqs,
  type LocalSqs,
  type PipelineQueues,
} from './sqs.js';
import { demoUserSeeds } from './users.js';

// Where the stack keeps its data and how another process finds it (stack.json): local/stack-info.ts.
export { DEFAULT_DATA_DIR, findRunningStack, REPO_ROOT, StackInfo, stackInfoPath, type StackPorts } from './stack-info.js';
export const DEFAULT_CACHE_DIR = join(REPO_ROOT, '.cache');
export const DEFAULT_PORTAL_DIR = join(REPO_ROOT, 'portal', 'dist');
/** Fixed ports for `npm start` (the portal's dev server proxies /api and /auth to 4000). */
export const DEFAULT_PORTS = { http: 4000, dynamodb: 4010, sqs: 4020, sfn: 4030 } as const;

/** Local stand-in for Lambda concurrency limits (per function, across the whole stack). */
export const DEFAULT_CONCURRENCY: Readonly<Record<string, number>> = {
  loadRouting: 8,
  recordOverdue: 8,
  decide: 8,
  recordDecision: 8,
  batchProgress: 4,
};

export interface StackOptions {
  /** memory: nothing survives stop (tests). persistent: everything lives under dataDir. */
  mode: 'memory' | 'persistent';
  /** Required for persistent; in memory mode only the signing key and users are kept in memory too. */
  dataDir?: string;
  /** 0 = any free port. Persistent mode defaults to DEFAULT_PORTS, memory mode to free ports. */
  ports?: Partial<StackPorts>;
  /**
   * Local only: caps every department's SLA (routing's timeoutSeconds) so that silence turns into
   * `overdue` within seconds instead of days. Applied to LoadRouting's result in the local Lambda
   * runtime; the ASL, handlers and policies are unchanged. See docs/local.md.
   */
  departmentTimeoutSeconds?: number | ((campaignId: string, department: string) => number | undefined);
  /**
   * Concurrent invocations per function (default DEFAULT_CONCURRENCY). A burst of executions would
   * otherwise run hundreds of LoadRouting/Decide invocations at once on one CPU and push them past
   * their Lambda timeouts; a capped invocation waits before its timeout clock starts.
   */
  concurrency?: Partial<Record<string, number>>;
  /**
   * Local only: the pollers' per-receive visibility timeout instead of infra's 6 × the function
   * timeout (180 s). After a crash, messages that were in flight reappear after this long; the
   * recovery test uses 45 s (still above the 30 s function timeouts) to stay short.
   */
  visibilityTimeoutSeconds?: number;
  /** Department pollers and checks on a worker thread (default true): a second event loop. */
  checkerThread?: boolean;
  /** Called with every handler invocation's event (tests: capture an SQS message to deliver again). */
  onInvoke?: (functionName: string, event: unknown) => void;
  /**
   * Poller tuning. Batch size and ReportBatchItemFailures come from the function manifest, as in
   * infra. In AWS each invocation gets its own sandbox; here every invocation shares one process
   * and one DynamoDB Local, so `checkerConcurrency`/`starterConcurrency` cap concurrent invocations
   * across ALL queues (like an account concurrency limit; default: the manifest's
   * `eventSource.local.invocations`), and each queue has `eventSource.local.pollersPerQueue` loops.
   */
  pollers?: { starterConcurrency?: number; checkerConcurrency?: number; waitTimeSeconds?: number };
  portalDir?: string;
  cacheDir?: string;
  /** Progress lines (never personal data). Default: stderr. */
  log?: (line: string) => void;
}

export interface StackUrls {
  /** Portal and /auth. */
  http: string;
  /** API base (API Gateway's stage URL in AWS). */
  api: string;
  dynamodb: string;
  sqs: string;
  sfn: string;
}

export interface Stack {
  mode: 'memory' | 'persistent';
  dataDir: string | undefined;
  urls: StackUrls;
  /** The environment handed to the handler modules. */
  env: Readonly<Record<string, string>>;
  auth: LocalAuth;
  queues: PipelineQueues;
  sqs: LocalSqs;
  sfn: LocalStepFunctionsHandle;
  runtime: LocalLambdaRuntime;
  pollers: { intake: SqsEventSource; departments: Map<string, SqsEventSource> };
  /** What stack.json holds (also for an in-memory stack, which writes no file). */
  info: StackInfo;
  stop(): Promise<void>;
}

let active: Stack | undefined;

export async function startStack(opts: StackOptions): Promise<Stack> {
  if (active) throw new Error('A local stack is already running in this process (handler modules keep their SDK clients).');
  const log = opts.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const persistent = opts.mode === 'persistent';
  const dataDir = persistent ? resolve(opts.dataDir ?? DEFAULT_DATA_DIR) : opts.dataDir ? resolve(opts.dataDir) : undefined;
  if (persistent && dataDir) {
    const running = findRunningStack(dataDir);
    if (running) throw new Error(`A local stack is already running for ${dataDir} (pid ${running.pid}, ${running.urls.http}).`);
    mkdirSync(dataDir, { recursive: true });
  }
  const ports = await resolvePorts(opts.ports, persistent);
  const cacheDir = opts.cacheDir ?? DEFAULT_CACHE_DIR;
  const t0 = Date.now();
  const step = (what: string) => log(`  ${what} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  const stoppers: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stoppers.reverse()) {
      try {
        await stop();
      } catch (err) {
        log(`stop: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    stoppers.length = 0;
  };

  try {
    // Password hashing (scrypt) runs on the thread pool while the JVM boots.
    const auth = createLocalAuth(dataDir ? { dir: join(dataDir, 'auth') } : {});
    const usersSeeded = auth.seedUsers(demoUserSeeds());
    usersSeeded.catch(() => undefined);

    // 1. DynamoDB Local (the slowest to boot: start it first).
    log(`DynamoDB Local: starting on port ${ports.dynamodb} (${persistent ? `data in ${join(dataDir ?? '', 'dynamodb')}` : 'in memory'})…`);
    const ddb: DynamoDbLocal = await startDynamoDbLocal({
      port: ports.dynamodb,
      cacheDir,
      ...(persistent && dataDir ? { dbPath: join(dataDir, 'dynamodb') } : {}),
    });
    stoppers.push(() => ddb.stop());
    const ddbClient = new DynamoDBClient({ endpoint: ddb.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    await ensureTable(ddbClient, TABLE_NAME);
    ddbClient.destroy();
    step('DynamoDB Local ready, table lianshen');

    // 2. fauxqs with the intake queue and one queue per department, each with its DLQ.
    const sqs = await startSqs({ port: ports.sqs, ...(persistent && dataDir ? { dataDir: join(dataDir, 'sqs') } : {}) });
    stoppers.push(() => sqs.stop());
    // The departments of the built-in policies and of every policy stored so far; a department of a
    // policy uploaded later gets its queue when a candidate is first routed to it (below).
    const departmentCodes = [
      ...new Set([...builtInPolicies(), ...(await storedPolicies(ddb.endpoint))].flatMap((p) => p.departments.map((d) => d.code))),
    ];
    const queues = await ensurePipelineQueues(sqs.client, departmentCodes);
    step(`fauxqs ready, ${queues.departments.size} department queues + intake, each with a DLQ`);

    // 3. The handlers' environment, before any handler module is imported.
    const sfnUrl = `http://127.0.0.1:${ports.sfn}`;
    const stateMachineArn = `arn:aws:states:${LOCAL_REGION}:000000000000:stateMachine:lianshen-candidate-review`;
    const env: Record<string, string> = {
      TABLE_NAME,
      KEYS_SECRET_ARN: 'local',
      LIANSHEN_KEY_MATERIAL: keyMaterial(dataDir, persistent),
      POWERTOOLS_SERVICE_NAME: 'lianshen',
      POWERTOOLS_METRICS_NAMESPACE: 'lianshen',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: process.env['LIANSHEN_LOG_LEVEL'] ?? 'WARN',
      INTAKE_QUEUE_URL: queues.intake.url,
      // Any department code: its queue and poller are created when a candidate is first routed to it.
      DEPARTMENT_CODES: '*',
      STATE_MACHINE_ARN: stateMachineArn,
      // The local sign-in issues Cognito-shaped tokens.
      AUTH_CLAIMS: JSON.stringify({ groups: 'cognito:groups' }),
      AWS_ENDPOINT_URL_DYNAMODB: ddb.endpoint,
      AWS_ENDPOINT_URL_SQS: sqs.endpoint,
      AWS_ENDPOINT_URL_SFN: sfnUrl,
      AWS_REGION: LOCAL_REGION,
      AWS_DEFAULT_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    // The local stack talks to local endpoints only: no profile or session token may leak in.
    for (const k of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN']) delete process.env[k];
    Object.assign(process.env, env);

    // 4. The Lambda runtime (handler modules load lazily, on first invocation).
    const handlers: Record<string, LambdaHandler> = {};
    const cap = opts.departmentTimeoutSeconds;
    const routingRuntime = new LocalLambdaRuntime();
    const routing: LambdaHandler =
      cap === undefined
        ? (event) => routingRuntime.invoke('loadRouting', event)
        : capRoutingTimeouts(routingRuntime, typeof cap === 'number' ? () => cap : cap);
    // In AWS every deployed department has its queue (DEPARTMENT_CODES); here any code may come with
    // an uploaded policy, and its queue and poller exist before the execution sends to it.
    let pollDepartments: (added: ReadonlyArray<{ code: string; url: string }>) => Promise<void> = async () => undefined;
    const creating = new Map<string, Promise<void>>();
    const ensureDepartments = (codes: readonly string[]) =>
      Promise.all(
        codes.map((code) => {
          if (queues.departments.has(code)) return undefined;
          let made = creating.get(code);
          if (made === undefined) {
            made = ensureQueueWithDlq(sqs.client, `${DEPARTMENT_QUEUE_PREFIX}${code}`, DEPARTMENT_VISIBILITY_SECONDS).then(async (q) => {
              queues.departments.set(code, q);
              await pollDepartments([{ code, url: q.url }]);
              log(`  department queue ${q.name} created for a newly routed department`);
            });
            creating.set(code, made);
          }
          return made;
        }),
      );
    handlers['loadRouting'] = async (event, context) => {
      const result = await routing(event, context);
      const parsed = RoutingResult.safeParse(result);
      if (parsed.success) await ensureDepartments(parsed.data.departments.map((d) => d.code));
      return result;
    };
    const runtime = new BoundedLambdaRuntime(
      { handlers },
      {
        ...DEFAULT_CONCURRENCY,
        ...opts.concurrency,
        checker: opts.pollers?.checkerConcurrency ?? FUNCTIONS.checker.eventSource.local.invocations,
        starter: opts.pollers?.starterConcurrency ?? FUNCTIONS.starter.eventSource.local.invocations,
      },
      opts.onInvoke,
    );

    // 5. Step Functions: listens, then re-drives executions a crash left RUNNING.
    const sfn = await startLocalStepFunctions({
      port: ports.sfn,
      host: '127.0.0.1',
      // Its own connection pool: the pollers' long polls would otherwise hold the shared client's sockets.
      sqs: { endpoint: sqs.endpoint },
      departmentQueueUrlPrefix: queues.departmentQueueUrlPrefix,
      lambda: runtime,
      ...(persistent && dataDir ? { dataDir: join(dataDir, 'sfn') } : {}),
    });
    stoppers.push(() => sfn.stop());
    step('Step Functions endpoint ready');
    if (sfn.url.replace(/\/$/, '') !== sfnUrl || sfn.stateMachineArn !== stateMachineArn) {
      throw new Error(`Step Functions endpoint came up as ${sfn.url} / ${sfn.stateMachineArn}, expected ${sfnUrl} / ${stateMachineArn}`);
    }

    // 6. Event-source mappings, as the function manifest states them for infra (batch size, ReportBatchItemFailures).
    const pollerLog = (level: string, message: string, fields?: Record<string, unknown>) => {
      if (level !== 'info') log(`poller ${level}: ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
    };
    const intake = new SqsEventSource({
      // Its own connection pool: the pollers' long polls would otherwise hold the shared client's sockets.
      sqs: { endpoint: sqs.endpoint },
      queueUrl: queues.intake.url,
      functionName: 'starter',
      runtime,
      ...mappingOptions(FUNCTIONS.starter.eventSource),
      visibilityTimeoutSeconds: opts.visibilityTimeoutSeconds ?? INTAKE_VISIBILITY_SECONDS,
      waitTimeSeconds: opts.pollers?.waitTimeSeconds ?? 20,
      log: pollerLog,
    });
    const departments = new Map<string, SqsEventSource>();
    const useThread = opts.checkerThread ?? true;
    if (!useThread) {
      for (const [code, q] of queues.departments) {
        departments.set(
          code,
          new SqsEventSource({
            sqs: sqs.client,
            queueUrl: q.url,
            functionName: 'checker',
            runtime,
            ...mappingOptions(FUNCTIONS.checker.eventSource),
            visibilityTimeoutSeconds: opts.visibilityTimeoutSeconds ?? DEPARTMENT_VISIBILITY_SECONDS,
            waitTimeSeconds: opts.pollers?.waitTimeSeconds ?? 20,
            log: pollerLog,
          }),
        );
      }
    }
    const allPollers = [intake, ...departments.values()];
    await Promise.all(allPollers.map((p) => p.start()));
    stoppers.push(async () => {
      await Promise.all(allPollers.map((p) => p.stop()));
    });
    if (useThread) {
      const thread = await startCheckerThread(
        {
          sqsEndpoint: sqs.endpoint,
          queues: [...queues.departments].map(([code, q]) => ({ code, url: q.url })),
          visibilityTimeoutSeconds: opts.visibilityTimeoutSeconds ?? DEPARTMENT_VISIBILITY_SECONDS,
          waitTimeSeconds: opts.pollers?.waitTimeSeconds ?? 20,
          concurrency: opts.pollers?.checkerConcurrency ?? FUNCTIONS.checker.eventSource.local.invocations,
          tap: opts.onInvoke !== undefined,
        },
        { ...(opts.onInvoke ? { onInvoke: opts.onInvoke } : {}), log },
      );
      stoppers.push(() => thread.stop());
      pollDepartments = async (added) => thread.addQueues(added);
    } else {
      pollDepartments = async (added) => {
        for (const { code, url } of added) {
          const poller = new SqsEventSource({
            sqs: sqs.client,
            queueUrl: url,
            functionName: 'checker',
            runtime,
            ...mappingOptions(FUNCTIONS.checker.eventSource),
            visibilityTimeoutSeconds: opts.visibilityTimeoutSeconds ?? DEPARTMENT_VISIBILITY_SECONDS,
            waitTimeSeconds: opts.pollers?.waitTimeSeconds ?? 20,
            log: pollerLog,
          });
          departments.set(code, poller);
          allPollers.push(poller);
          await poller.start();
        }
      };
    }
    step(
      `${allPollers.length + (useThread ? queues.departments.size : 0)} SQS pollers running${useThread ? ' (department checks on a worker thread)' : ''}`,
    );

    // 7. Sign-in and the HTTP adapter.
    await usersSeeded;
    step('sign-in ready');
    const http: HttpAdapter = await startHttpAdapter({
      port: ports.http,
      routes: ROUTES,
      invoke: (fn, event) => runtime.invoke(fn, event),
      auth,
      portalDir: opts.portalDir ?? DEFAULT_PORTAL_DIR,
      onError: (where, err) => log(`${where}: ${err instanceof Error ? `${err.name}: ${err.message}` : 'error'}`),
    });
    stoppers.push(() => http.stop());

    const urls: StackUrls = { http: http.url, api: http.apiUrl, dynamodb: ddb.endpoint, sqs: sqs.endpoint, sfn: sfnUrl };
    const info: StackInfo = {
      pid: process.pid,
      mode: opts.mode,
      startedAt: new Date().toISOString(),
      dataDir: dataDir ?? '',
      urls,
      stateMachineArn,
      departmentTimeoutSeconds: typeof opts.departmentTimeoutSeconds === 'number' ? opts.departmentTimeoutSeconds : null,
    };
    if (dataDir) {
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(stackInfoPath(dataDir), `${JSON.stringify(info, null, 2)}\n`);
      stoppers.unshift(async () => {
        const current = findRunningStack(dataDir);
        if (!current || current.pid === process.pid) rmSync(stackInfoPath(dataDir), { force: true });
      });
    }

    let stopped: Promise<void> | undefined;
    const stack: Stack = {
      mode: opts.mode,
      dataDir,
      urls,
      env,
      auth,
      queues,
      sqs,
      sfn,
      runtime,
      pollers: { intake, departments },
      info,
      stop: () => {
        stopped ??= stopAll().finally(() => {
          if (active === stack) active = undefined;
        });
        return stopped;
      },
    };
    active = stack;
    return stack;
  } catch (err) {
    await stopAll();
    throw err;
  }
}

const RoutingEvent = z.looseObject({ campaignId: z.string() });
const RoutingResult = z.looseObject({
  departments: z.array(z.looseObject({ code: z.string(), timeoutSeconds: z.number() })),
});

/** LoadRouting as deployed, with every department timeout capped (local stack option). */
function capRoutingTimeouts(
  base: LocalLambdaRuntime,
  capFor: (campaignId: string, department: string) => number | undefined,
): LambdaHandler {
  return async (event) => {
    const result = await base.invoke('loadRouting', event);
    const parsed = RoutingResult.safeParse(result);
    const campaign = RoutingEvent.safeParse(event);
    if (!parsed.success || !campaign.success) return result;
    return {
      ...parsed.data,
      departments: parsed.data.departments.map((d) => {
        const cap = capFor(campaign.data.campaignId, d.code);
        return cap === undefined ? d : { ...d, timeoutSeconds: Math.min(d.timeoutSeconds, cap) };
      }),
    };
  };
}

/** Every policy version uploaded to this data folder (an empty list in a fresh or in-memory stack). */
async function storedPolicies(endpoint: string): Promise<Policy[]> {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const doc = DynamoDBDocumentClient.from(client);
  try {
    const store = policyRepository({ doc, tableName: TABLE_NAME });
    const versions = await store.list();
    const found = await Promise.all(versions.map((v) => store.get(v.id, v.version)));
    return found.flatMap((p) => (p === undefined ? [] : [p.policy]));
  } finally {
    doc.destroy();
  }
}

/** The HKDF input for ID-number keys: generated once per data folder (mode 0600), or per run in memory. */
function keyMaterial(dataDir: string | undefined, persistent: boolean): string {
  const fromEnv = process.env['LIANSHEN_KEY_MATERIAL'];
  if (!persistent || !dataDir) return fromEnv && fromEnv.length >= 32 ? fromEnv : randomBytes(32).toString('base64url');
  const path = join(dataDir, 'key-material');
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const material = randomBytes(32).toString('base64url');
  writeFileSync(path, `${material}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return material;
}

async function resolvePorts(requested: Partial<StackPorts> | undefined, persistent: boolean): Promise<StackPorts> {
  const want = (k: keyof StackPorts) => requested?.[k] ?? (persistent ? DEFAULT_PORTS[k] : 0);
  // Every port must be known before anything starts: handler env carries all endpoints.
  return {
    http: want('http') || (await freePort()),
    dynamodb: want('dynamodb') || (await freePort()),
    sqs: want('sqs') || (await freePort()),
    sfn: want('sfn') || (await freePort()),
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

/** What `functions/manifest.ts` lists, for the start banner. */
export const FUNCTION_COUNT = Object.keys(FUNCTIONS).length;
