// The Lambda functions of the pipeline: one entry each. infra/ builds one NodejsFunction per
// entry, and the local stack loads the same modules. `env` lists exactly the environment keys the
// function's config schema requires in AWS (optional local endpoint overrides are not listed).
export interface FunctionSpec {
  /** Module path from the repository root; it exports `handler`. */
  entry: string;
  /** Environment keys required by the module's zod config. */
  env: readonly string[];
  timeoutSeconds: number;
  memoryMb: number;
  /** May call states:SendTaskSuccess/Failure/Heartbeat. */
  sendsTaskResults: boolean;
}

const COMMON = ['TABLE_NAME', 'KEYS_SECRET_ARN', 'POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_METRICS_NAMESPACE'] as const;
/** The HTTP API functions also read the names of the claims that carry the caller's role. */
const API = [...COMMON, 'AUTH_CLAIMS'] as const;

export const FUNCTIONS = {
  batchesApi: {
    entry: 'functions/batches-api.ts',
    env: [...API, 'INTAKE_QUEUE_URL'],
    timeoutSeconds: 29,
    memoryMb: 1024,
    sendsTaskResults: false,
  },
  recordsApi: { entry: 'functions/records-api.ts', env: [...API], timeoutSeconds: 29, memoryMb: 1024, sendsTaskResults: false },
  reviewsApi: { entry: 'functions/reviews-api.ts', env: [...API], timeoutSeconds: 29, memoryMb: 512, sendsTaskResults: true },
  orgdeptApi: { entry: 'functions/orgdept-api.ts', env: [...API], timeoutSeconds: 29, memoryMb: 1024, sendsTaskResults: false },
  starter: {
    entry: 'functions/starter.ts',
    env: [...COMMON, 'STATE_MACHINE_ARN'],
    timeoutSeconds: 30,
    memoryMb: 256,
    sendsTaskResults: false,
  },
  checker: { entry: 'functions/checker.ts', env: [...COMMON], timeoutSeconds: 30, memoryMb: 512, sendsTaskResults: true },
  loadRouting: { entry: 'functions/load-routing.ts', env: [...COMMON], timeoutSeconds: 10, memoryMb: 256, sendsTaskResults: false },
  recordOverdue: { entry: 'functions/record-overdue.ts', env: [...COMMON], timeoutSeconds: 10, memoryMb: 256, sendsTaskResults: false },
  decide: { entry: 'functions/decide.ts', env: [...COMMON], timeoutSeconds: 15, memoryMb: 512, sendsTaskResults: false },
  recordDecision: { entry: 'functions/record-decision.ts', env: [...COMMON], timeoutSeconds: 15, memoryMb: 256, sendsTaskResults: false },
  batchProgress: { entry: 'functions/batch-progress.ts', env: [...COMMON], timeoutSeconds: 60, memoryMb: 1024, sendsTaskResults: false },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof FUNCTIONS;
