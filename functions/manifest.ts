// The Lambda functions of the pipeline: one entry each. infra/ builds one NodejsFunction per
// entry, and the local stack loads the same modules. `env` lists exactly the environment keys the
// function's config schema requires in AWS (optional local endpoint overrides are not listed).
// `eventSource` is how SQS feeds the starter and the checker, read by infra and the local stack.
import type { FunctionName, FunctionSpec } from '../shared/adapters/function-spec.js';

export type { FunctionName, FunctionSpec } from '../shared/adapters/function-spec.js';

const COMMON = ['TABLE_NAME', 'KEYS_SECRET_ARN', 'POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_METRICS_NAMESPACE'] as const;
/** The HTTP API functions also read the names of the claims that carry the caller's role. */
const API = [...COMMON, 'AUTH_CLAIMS'] as const;

export const FUNCTIONS = {
  batchesApi: {
    entry: 'functions/batches-api.ts',
    env: [...API, 'INTAKE_QUEUE_URL', 'STATE_MACHINE_ARN', 'UPLOAD_BUCKET', 'EXPORT_QUEUE_URL', 'IDENTITY_ADMIN'],
    timeoutSeconds: 29,
    memoryMb: 1024,
    sendsTaskResults: false,
  },
  recordsApi: {
    entry: 'functions/records-api.ts',
    env: [...API, 'UPLOAD_BUCKET'],
    timeoutSeconds: 29,
    memoryMb: 1024,
    sendsTaskResults: false,
  },
  reviewsApi: {
    entry: 'functions/reviews-api.ts',
    env: [...API, 'IDENTITY_ADMIN', 'SFN_CALLS_PER_SECOND'],
    timeoutSeconds: 29,
    memoryMb: 512,
    sendsTaskResults: true,
  },
  orgdeptApi: {
    entry: 'functions/orgdept-api.ts',
    env: [...API, 'DEPARTMENT_CODES', 'ANCHOR_BUCKET', 'STATE_MACHINE_ARN'],
    timeoutSeconds: 29,
    memoryMb: 1024,
    sendsTaskResults: false,
  },
  // The only function that manages accounts (Cognito admin grants on the user pool, nothing else).
  accountsApi: {
    entry: 'functions/accounts-api.ts',
    env: [...API, 'IDENTITY_ADMIN'],
    timeoutSeconds: 29,
    memoryMb: 512,
    sendsTaskResults: false,
  },
  starter: {
    entry: 'functions/starter.ts',
    env: [...COMMON, 'STATE_MACHINE_ARN', 'SFN_CALLS_PER_SECOND'],
    timeoutSeconds: 30,
    memoryMb: 256,
    sendsTaskResults: false,
    // MaximumConcurrency bounds the StartExecution rate during a burst.
    eventSource: {
      queue: 'intake',
      batchSize: 10,
      reportBatchItemFailures: true,
      maxConcurrency: 10,
      local: { pollersPerQueue: 2, invocations: 2 },
    },
  },
  checker: {
    entry: 'functions/checker.ts',
    env: [...COMMON, 'SFN_CALLS_PER_SECOND'],
    timeoutSeconds: 30,
    memoryMb: 512,
    sendsTaskResults: true,
    // One mapping per department queue, each with this MaximumConcurrency.
    eventSource: {
      queue: 'department',
      batchSize: 10,
      reportBatchItemFailures: true,
      maxConcurrency: 5,
      local: { pollersPerQueue: 1, invocations: 4 },
    },
  },
  loadRouting: { entry: 'functions/load-routing.ts', env: [...COMMON], timeoutSeconds: 10, memoryMb: 256, sendsTaskResults: false },
  recordOverdue: { entry: 'functions/record-overdue.ts', env: [...COMMON], timeoutSeconds: 10, memoryMb: 256, sendsTaskResults: false },
  decide: { entry: 'functions/decide.ts', env: [...COMMON], timeoutSeconds: 15, memoryMb: 512, sendsTaskResults: false },
  recordDecision: { entry: 'functions/record-decision.ts', env: [...COMMON], timeoutSeconds: 15, memoryMb: 256, sendsTaskResults: false },
  batchProgress: {
    entry: 'functions/batch-progress.ts',
    env: [...COMMON, 'ANCHOR_BUCKET'],
    timeoutSeconds: 60,
    memoryMb: 1024,
    sendsTaskResults: false,
  },
  // EventBridge, when an execution ends FAILED: marks the candidate 处理失败.
  recordFailure: { entry: 'functions/record-failure.ts', env: [...COMMON], timeoutSeconds: 10, memoryMb: 256, sendsTaskResults: false },
  // Hourly (infra): RedriveExecution for the executions that ended FAILED within 14 days.
  redrive: {
    entry: 'functions/redrive.ts',
    env: [...COMMON, 'STATE_MACHINE_ARN'],
    timeoutSeconds: 300,
    memoryMb: 256,
    sendsTaskResults: false,
  },
  // On a schedule (infra) and at the local stack's start: re-sends answers a crash left unconfirmed.
  confirmAnswers: {
    entry: 'functions/confirm-answers.ts',
    env: [...COMMON, 'SFN_CALLS_PER_SECOND'],
    timeoutSeconds: 300,
    memoryMb: 512,
    sendsTaskResults: true,
  },
  // Hourly (infra): the chain heads that changed go to the anchor bucket (S3 Object Lock).
  anchorCheckpoint: {
    entry: 'functions/anchor-checkpoint.ts',
    env: [...COMMON, 'ANCHOR_BUCKET'],
    timeoutSeconds: 300,
    memoryMb: 512,
    sendsTaskResults: false,
  },
  // On schedules (infra) and the local stack's timer: deadline notifications and the outbox's delivery.
  notifications: {
    entry: 'functions/notifications.ts',
    env: [...COMMON, 'IDENTITY_ADMIN', 'PORTAL_URL', 'NOTIFY_SENDER', 'NOTIFY_EMAIL_FROM'],
    timeoutSeconds: 120,
    memoryMb: 256,
    sendsTaskResults: false,
  },
  // The export queue (POST /exports): builds a report past the API's 6 MB / 29 s and writes it to S3.
  exportWorker: {
    entry: 'functions/export-worker.ts',
    env: [...COMMON, 'UPLOAD_BUCKET', 'ANCHOR_BUCKET', 'IDENTITY_ADMIN'],
    timeoutSeconds: 300,
    memoryMb: 2048,
    sendsTaskResults: false,
    // One job per invocation: a city's report takes the function's memory and minutes.
    eventSource: {
      queue: 'exports',
      batchSize: 1,
      reportBatchItemFailures: true,
      maxConcurrency: 2,
      local: { pollersPerQueue: 1, invocations: 1 },
    },
  },
} as const satisfies Record<FunctionName, FunctionSpec>;
