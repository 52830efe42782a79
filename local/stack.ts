// The embedded local stack: DynamoDB Local, fauxqs, the local Step Functions endpoint running the
// infra ASL, the SQS pollers (intake → starter, department queues → checker) and the HTTP adapter,
// all around the SAME handler modules that run in Lambda. Only endpoints and event plumbing differ.
//
// One stack per process: handler modules create their SDK clients once, with the endpoints found
// in process.env at first use, exactly as in a Lambda sandbox.
import { randomBytes, randomInt } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { FUNCTIONS } from '../functions/manifest.js';
import { ROUTES } from '../infra/routes.js';
import { ANCHOR_FILE_NAME } from '../shared/adapters/anchors/file.js';
import type { Repositories } from '../shared/app/ports.js';
import { accountStore } from '../shared/adapters/dynamo/accounts.js';
import { createDynamoRepositories } from '../shared/adapters/dynamo/index.js';
import { policyRepository } from '../shared/adapters/dynamo/policies.js';
import { builtInPolicies } from '../shared/adapters/files/policy-files.js';
import type { Policy } from '../shared/domain/model.js';
import { createLocalAuth, type LocalAuth } from './auth.js';
import { ensureTable, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb.js';
import { startWriteMeter, type WriteMeter } from './write-meter.js';
import { DEFAULT_DATA_DIR, findRunningStack, REPO_ROOT, stackInfoPath, type StackInfo, type StackPorts } from './stack-info.js';
import { DEPARTMENT_QUEUE_PREFIX, LOCAL_CREDENTIALS, LOCAL_REGION, TABLE_NAME } from './env.js';
import { startHttpAdapter, type HttpAdapter } from './http.js';
import { DEFAULT_ANCHOR_INTERVAL_SECONDS, startStackJobs, type StackJobs } from './jobs.js';
import { LocalLambdaRuntime, type LambdaHandler } from './lambda-context.js';
import { BoundedLambdaRuntime } from './runtime.js';
import { startCheckerThread, type CheckerThread } from './checker-thread.js';
import { startControlServer } from './control.js';
import { Quiesce } from './quiesce.js';
import { copyStores, type StoreSnapshot } from './snapshot.js';
import { mappingOptions } from './pollers/mapping.js';
import { SqsEventSource } from './pollers/sqs-event-source.js';
import { startLocalStepFunctions, type LocalStepFunctionsHandle } from './sfn/index.js';
import {
  DEPARTMENT_VISIBILITY_SECONDS,
  ensurePipelineQueues,
  ensureQueueWithDlq,
  INTAKE_VISIBILITY_SECONDS,
  releaseInFlight,
  startSqs,
  type LocalSqs,
  type PipelineQueues,
} from './sqs.js';
import { demoUserSeeds } from './users.js';
import { ensureExportQueue, exportPoller } from './exports.js';

// Where the stack keeps its data and how another process finds it (stack.json): local/stack-info.ts.
export { DEFAULT_DATA_DIR, findRunningStack, REPO_ROOT, StackInfo, stackInfoPath, type StackPorts } from './stack-info.js';
export const DEFAULT_CACHE_DIR = join(REPO_ROOT, '.cache');
export const DEFAULT_PORTAL_DIR = join(REPO_ROOT, 'portal', 'dist');
/** Fixed ports for `npm start` (the portal's dev server proxies /api and /auth to 4000). */
export const DEFAULT_PORTS = { http: 4000, dynamodb: 4010, sqs: 4020, sfn: 4030 } as const;

/** How long a snapshot waits for the work in progress to finish before it gives up (and the stack goes on). */
const SNAPSHOT_PAUSE_TIMEOUT_MS = 60_000;

/** Local stand-in for Lambda concurrency limits (per function, across the whole stack). */
export const DEFAULT_CONCURRENCY: Readonly<Record<string, number>> = {
  loadRouting: 8,
  recordOverdue: 8,
  decide: 8,
  recordDecision: 8,
  batchProgress: 4,
  recordFailure: 4,
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
  /**
   * Period of the checkpoint of every audit-chain head into `<dataDir>/anchors.jsonl` (default
   * LIANSHEN_ANCHOR_INTERVAL_SECONDS, else one hour). Without a data folder nothing is anchored.
   */
  anchorIntervalSeconds?: number;
  /**
   * Where notifications go: a county's gateway (`webhookUrl`, LIANSHEN_NOTIFY_WEBHOOK_URL), else
   * JSON lines in `file` (default `<dataDir>/notifications.jsonl`; without a data folder, none).
   * `intervalSeconds`: the notification job's period (default 60).
   */
  notify?: { webhookUrl?: string; webhookToken?: string; file?: string; intervalSeconds?: number; retrySeconds?: readonly number[] };
  portalDir?: string;
  cacheDir?: string;
  /**
   * Demo mode: the demo accounts with the published password (`lianshen-demo`: orgdept,
   * township-changguo, dept-<code>). Off, the stack has only the accounts in its table.
   */
  demo?: boolean;
  /** The address the portal and API listen on (default 127.0.0.1); the emulators stay on 127.0.0.1. */
  listen?: string;
  /** Take the sign-in's client address from X-Forwarded-For (behind a reverse proxy). */
  trustProxy?: boolean;
  /** Progress lines (never personal data). Default: stderr. */
  log?: (line: string) => void;
  /**
   * Count the DynamoDB write units (as AWS bills them) of every handler and thread through a
   * metering proxy (local/write-meter.ts): the benchmark's writeUnitsPerCandidate.
   */
  meterWriteUnits?: boolean;
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
  /** Sign-in, tokens and the accounts of the table. */
  auth: LocalAuth;
  /** The stack's repositories, as the handlers see them (the audit chain of account actions, tests). */
  repos: Repositories;
  demo: boolean;
  queues: PipelineQueues;
  sqs: LocalSqs;
  sfn: LocalStepFunctionsHandle;
  runtime: LocalLambdaRuntime;
  pollers: { intake: SqsEventSource; departments: Map<string, SqsEventSource> };
  /** The stack's own periodic work (the chain-head checkpoint). */
  jobs: StackJobs;
  /** The gate every writer passes (local/quiesce.ts). */
  gate: Quiesce;
  /** With `meterWriteUnits`: the write units spent so far (urls.dynamodb bypasses the meter). */
  writeMeter: WriteMeter | undefined;
  /**
   * Pauses every writer, copies every store into `dest` (local/snapshot.ts), resumes. What
   * `lianshen backup` asks a running stack for through its control socket.
   */
  snapshot(dest: string): Promise<StoreSnapshot & { pausedMs: number }>;
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
    const material = keyMaterial(dataDir, persistent);
    // 1. DynamoDB Local (the slowest to boot: start it first).
    log(`DynamoDB Local: starting on port ${ports.dynamodb} (${persistent ? `data in ${join(dataDir ?? '', 'dynamodb')}` : 'in memory'})…`);
    const ddb: DynamoDbLocal = await startDynamoDbLocal({
      port: ports.dynamodb,
      cacheDir,
      ...(persistent && dataDir ? { dbPath: join(dataDir, 'dynamodb') } : {}),
    });
    stoppers.push(() => ddb.stop());
    const writeMeter = opts.meterWriteUnits === true ? await startWriteMeter(ddb.endpoint) : undefined;
    if (writeMeter) stoppers.push(() => writeMeter.stop());
    const ddbEndpoint = writeMeter?.endpoint ?? ddb.endpoint;
    const ddbClient = new DynamoDBClient({ endpoint: ddbEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    await ensureTable(ddbClient, TABLE_NAME);
    const doc = DynamoDBDocumentClient.from(ddbClient, { marshallOptions: { removeUndefinedValues: true } });
    stoppers.push(async () => doc.destroy());
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
    const released = await releaseInFlight(sqs, queues);
    if (released > 0) step(`${released} messages in flight at the last stop made visible again`);

    const uploadDir = dataDir ? join(dataDir, 'uploads') : mkdtempSync(join(tmpdir(), 'lianshen-uploads-'));
    if (!dataDir) stoppers.push(async () => rmSync(uploadDir, { recursive: true, force: true }));
    // Export jobs (POST /exports): their queue as infra has it, their files in the data folder.
    const exportQueue = await ensureExportQueue(sqs.client);
    // A job a killed stack was building is taken again at once, not after its 30-minute visibility.
    await releaseInFlight(sqs, { intake: exportQueue, departments: new Map(), departmentQueueUrlPrefix: '' });
    const exportDir = dataDir ? join(dataDir, 'exports') : mkdtempSync(join(tmpdir(), 'lianshen-exports-'));
    if (!dataDir) stoppers.push(async () => rmSync(exportDir, { recursive: true, force: true }));

    // 3. The handlers' environment, before any handler module is imported.
    const sfnUrl = `http://127.0.0.1:${ports.sfn}`;
    const stateMachineArn = `arn:aws:states:${LOCAL_REGION}:000000000000:stateMachine:lianshen-candidate-review`;
    const env: Record<string, string> = {
      TABLE_NAME,
      KEYS_SECRET_ARN: 'local',
      LIANSHEN_KEY_MATERIAL: material,
      POWERTOOLS_SERVICE_NAME: 'lianshen',
      POWERTOOLS_METRICS_NAMESPACE: 'lianshen',
      POWERTOOLS_METRICS_DISABLED: 'true',
      // No X-Ray here; and without this the tracer's module alone slows every promise (powertools.ts).
      POWERTOOLS_TRACE_ENABLED: 'false',
      POWERTOOLS_LOG_LEVEL: process.env['LIANSHEN_LOG_LEVEL'] ?? 'WARN',
      ...(dataDir ? { LIANSHEN_ANCHOR_FILE: join(dataDir, ANCHOR_FILE_NAME) } : {}),
      // Files put to upload tickets (S3 on AWS), until the request naming them takes them.
      LIANSHEN_UPLOAD_DIR: uploadDir,
      INTAKE_QUEUE_URL: queues.intake.url,
      EXPORT_QUEUE_URL: exportQueue.url,
      // Export files (S3 `exports/` on AWS), served by the HTTP adapter under signed links.
      LIANSHEN_EXPORT_DIR: exportDir,
      // Any department code: its queue and poller are created when a candidate is first routed to it.
      DEPARTMENT_CODES: '*',
      STATE_MACHINE_ARN: stateMachineArn,
      // The local endpoint has no quota to keep to.
      SFN_CALLS_PER_SECOND: '0',
      // The local sign-in issues Cognito-shaped tokens.
      AUTH_CLAIMS: JSON.stringify({ groups: 'cognito:groups' }),
      // Accounts live in the stack's table (local sign-in); infra sets Cognito or an external provider.
      IDENTITY_ADMIN: JSON.stringify({ kind: 'local' }),
      ...notifyEnv(opts.notify, dataDir),
      AWS_ENDPOINT_URL_DYNAMODB: ddbEndpoint,
      AWS_ENDPOINT_URL_SQS: sqs.endpoint,
      AWS_ENDPOINT_URL_SFN: sfnUrl,
      // One process serves every request here: uploads are read off the API's event loop.
      LIANSHEN_FILE_READER: 'worker',
      AWS_REGION: LOCAL_REGION,
      AWS_DEFAULT_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    // The local stack talks to local endpoints only: no profile or session token may leak in.
    for (const k of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN', 'LIANSHEN_ANCHOR_FILE']) delete process.env[k];
    Object.assign(process.env, env);

    // Every writer passes this gate, so a backup can bring the whole stack to a standstill.
    const gate = new Quiesce();
    // Sign-in reads the accounts from the same table the handlers use. Loaded only now: the ID
    // crypto module brings in Powertools, which reads the environment once, at import.
    const { createIdCrypto } = await import('../shared/adapters/id-crypto.js');
    const repos = createDynamoRepositories({ doc, tableName: TABLE_NAME, crypto: createIdCrypto(material) });
    const auth = createLocalAuth({
      store: accountStore({ doc, tableName: TABLE_NAME }),
      repos,
      ...(dataDir ? { dir: join(dataDir, 'auth') } : {}),
    });
    // Password hashing (scrypt) runs on the thread pool while the rest boots.
    const usersSeeded = opts.demo === true ? auth.seedUsers(demoUserSeeds()) : Promise.resolve();
    usersSeeded.catch(() => undefined);

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
        exportWorker: FUNCTIONS.exportWorker.eventSource.local.invocations,
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
      gate,
      // As the EventBridge rule on AWS: a FAILED or TIMED_OUT review marks its candidate 处理失败.
      onStatusChange: (event) => {
        if (event.detail.status !== 'FAILED' && event.detail.status !== 'TIMED_OUT') return;
        void deliverWithRetries(() => gate.run(() => runtime.invoke('recordFailure', event))).catch((err: unknown) =>
          log(`recording a failed review: ${err instanceof Error ? `${err.name}: ${err.message}` : 'error'}`),
        );
      },
      ...(persistent && dataDir ? { dataDir: join(dataDir, 'sfn') } : {}),
    });
    stoppers.push(() => sfn.stop());
    step('Step Functions endpoint ready');
    if (sfn.url.replace(/\/$/, '') !== sfnUrl || sfn.stateMachineArn !== stateMachineArn) {
      throw new Error(`Step Functions endpoint came up as ${sfn.url} / ${sfn.stateMachineArn}, expected ${sfnUrl} / ${stateMachineArn}`);
    }

    // Answers a crash left stored but unconfirmed go out now, before their tasks time out.
    const jobs = startStackJobs({
      intervalSeconds: anchorInterval(opts.anchorIntervalSeconds),
      invoke: (fn, event) => runtime.invoke(fn, event),
      gate,
      log,
      ...(opts.notify?.intervalSeconds === undefined ? {} : { notifyIntervalSeconds: opts.notify.intervalSeconds }),
    });
    stoppers.push(() => jobs.stop());
    const confirmed = ConfirmResult.safeParse(
      await jobs.confirmAnswers().catch((err: unknown) => log(`confirming stored answers failed: ${String(err)}`)),
    );
    if (confirmed.success && confirmed.data.resent + confirmed.data.completed + confirmed.data.late > 0) {
      step(
        `stored answers confirmed after a restart: ${confirmed.data.resent} sent again, ${confirmed.data.completed} completed, ${confirmed.data.late} late`,
      );
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
      gate,
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
            gate,
          }),
        );
      }
    }
    const exportsPoller = exportPoller(exportQueue, {
      sqs: { endpoint: sqs.endpoint },
      runtime,
      log: pollerLog,
      gate,
      ...(opts.visibilityTimeoutSeconds === undefined ? {} : { visibilityTimeoutSeconds: opts.visibilityTimeoutSeconds }),
      ...(opts.pollers?.waitTimeSeconds === undefined ? {} : { waitTimeSeconds: opts.pollers.waitTimeSeconds }),
    });
    const allPollers = [intake, exportsPoller, ...departments.values()];
    await Promise.all(allPollers.map((p) => p.start()));
    stoppers.push(async () => {
      await Promise.all(allPollers.map((p) => p.stop()));
    });
    let thread: CheckerThread | undefined;
    if (useThread) {
      const started = await startCheckerThread(
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
      thread = started;
      stoppers.push(() => started.stop());
      pollDepartments = async (added) => started.addQueues(added);
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
            gate,
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
      host: opts.listen ?? '127.0.0.1',
      ...(opts.trustProxy === true ? { trustProxy: true } : {}),
      routes: ROUTES,
      invoke: (fn, event) => gate.run(() => runtime.invoke(fn, event)),
      auth,
      uploads: { dir: uploadDir, secret: material },
      exports: { dir: exportDir, secret: material },
      portalDir: opts.portalDir ?? DEFAULT_PORTAL_DIR,
      onError: (where, err) => log(`${where}: ${err instanceof Error ? `${err.name}: ${err.message}` : 'error'}`),
    });
    stoppers.push(() => http.stop());

    const snapshot = async (dest: string): Promise<StoreSnapshot & { pausedMs: number }> => {
      if (!dataDir || !persistent) throw new Error('只有持久模式的本地服务可以备份');
      const t = Date.now();
      const paused = await Promise.allSettled([gate.pause(SNAPSHOT_PAUSE_TIMEOUT_MS), thread?.pause(SNAPSHOT_PAUSE_TIMEOUT_MS)]);
      try {
        const failed = paused.find((p) => p.status === 'rejected');
        if (failed)
          throw new Error(
            `本地服务未能暂停（${failed.reason instanceof Error ? failed.reason.message : String(failed.reason)}），请稍后重试`,
          );
        const copied = await copyStores(dataDir, dest, { backupSfn: (target) => sfn.service.backupTo(target) });
        return { ...copied, pausedMs: Date.now() - t };
      } finally {
        if (gate.isPaused) gate.resume();
        thread?.resume();
      }
    };
    if (persistent && dataDir) {
      try {
        const control = await startControlServer(dataDir, { snapshot }, log);
        stoppers.push(() => control.stop());
      } catch (err) {
        // e.g. a data folder path longer than a Unix socket path may be: only a live backup is lost.
        log(`control socket unavailable, lianshen backup needs the stack stopped: ${err instanceof Error ? err.message : String(err)}`);
      }
    }

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
      repos,
      demo: opts.demo === true,
      queues,
      sqs,
      sfn,
      runtime,
      pollers: { intake, departments },
      jobs,
      gate,
      writeMeter,
      snapshot,
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

const ConfirmResult = z.object({ resent: z.number(), completed: z.number(), late: z.number() });
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
        if (cap === undefined || cap >= d.timeoutSeconds) return d;
        // The task's deadline moves with its timeout, so the inbox shows when it really times out.
        return { ...d, timeoutSeconds: cap, dueAt: new Date(Date.now() + cap * 1000).toISOString(), assumedYears: [] };
      }),
    };
  };
}

function anchorInterval(option: number | undefined): number {
  const fromEnv = Number(process.env['LIANSHEN_ANCHOR_INTERVAL_SECONDS']);
  const seconds = option ?? (Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_ANCHOR_INTERVAL_SECONDS);
  return Math.max(1, seconds);
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
  // Every port must be known before anything starts: handler env carries all endpoints. Nothing
  // listens on a picked port yet, so the picks must also differ from each other.
  const taken = new Set<number>((['http', 'dynamodb', 'sqs', 'sfn'] as const).map(want).filter((p) => p !== 0));
  const pick = async (k: keyof StackPorts) => {
    const port = want(k) || (await freePort(taken));
    taken.add(port);
    return port;
  };
  return { http: await pick('http'), dynamodb: await pick('dynamodb'), sqs: await pick('sqs'), sfn: await pick('sfn') };
}

/** Where the local stack picks its ports: below Linux's ephemeral range (32768–60999). */
export const PORT_RANGE = { first: 20_000, size: 12_000 } as const;

/**
 * A port free now, picked at random below the ephemeral range: a port the kernel hands out for
 * listen(0) may be taken again by any outgoing connection before the emulator binds it, one below
 * that range only by another stack picking the same number.
 */
export async function freePort(exclude: ReadonlySet<number> = new Set()): Promise<number> {
  // From a random start, the range in turn: never a port in `exclude`.
  const start = randomInt(PORT_RANGE.size);
  for (let i = 0; i < PORT_RANGE.size; i++) {
    const port = PORT_RANGE.first + ((start + i) % PORT_RANGE.size);
    if (!exclude.has(port) && (await canBind(port))) return port;
  }
  throw new Error('no free port found between 20000 and 32000');
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolveBind) => {
    const srv = createServer();
    srv.once('error', () => resolveBind(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolveBind(true)));
  });
}

/** What `functions/manifest.ts` lists, for the start banner. */
export const FUNCTION_COUNT = Object.keys(FUNCTIONS).length;

/** EventBridge retries a target that fails; locally a few tries a second apart. */
async function deliverWithRetries(deliver: () => Promise<unknown>, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await deliver();
      return;
    } catch (err) {
      if (attempt >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 1000 * attempt));
    }
  }
}

/** The notification job's sender settings (functions/notifications.ts reads them). */
function notifyEnv(notify: StackOptions['notify'], dataDir: string | undefined): Record<string, string> {
  const retry: Record<string, string> =
    notify?.retrySeconds === undefined ? {} : { LIANSHEN_NOTIFY_RETRY_SECONDS: notify.retrySeconds.join(',') };
  return { ...retry, ...notifySender(notify, dataDir) };
}

function notifySender(notify: StackOptions['notify'], dataDir: string | undefined): Record<string, string> {
  const webhookUrl = notify?.webhookUrl ?? process.env['LIANSHEN_NOTIFY_WEBHOOK_URL'];
  if (webhookUrl !== undefined && webhookUrl !== '') {
    const token = notify?.webhookToken ?? process.env['LIANSHEN_NOTIFY_WEBHOOK_TOKEN'];
    return {
      NOTIFY_SENDER: 'webhook',
      NOTIFY_WEBHOOK_URL: webhookUrl,
      ...(token === undefined || token === '' ? {} : { NOTIFY_WEBHOOK_TOKEN: token }),
    };
  }
  const file = notify?.file ?? (dataDir === undefined ? undefined : join(dataDir, 'notifications.jsonl'));
  return file === undefined ? { NOTIFY_SENDER: 'none' } : { NOTIFY_SENDER: 'file', NOTIFY_FILE: file };
}
