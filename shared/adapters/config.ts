// Environment of every function, validated with zod at module load. The manifest's `env` lists
// (functions/manifest.ts) must equal `requiredEnvKeys(name)`; infra sets exactly those, and the
// local stack adds the optional endpoint overrides.
import { z } from 'zod';
import type { FunctionName } from './function-spec.js';
import { ClaimNamesSchema } from './http/auth.js';

const nonEmpty = z.string().trim().min(1);

/** Keys every function needs in AWS, plus overrides only the local stack sets. */
const Common = z.object({
  TABLE_NAME: nonEmpty,
  KEYS_SECRET_ARN: nonEmpty,
  POWERTOOLS_SERVICE_NAME: nonEmpty,
  POWERTOOLS_METRICS_NAMESPACE: nonEmpty,
  AWS_ENDPOINT_URL_DYNAMODB: z.url().optional(),
  AWS_ENDPOINT_URL_SQS: z.url().optional(),
  AWS_ENDPOINT_URL_SFN: z.url().optional(),
  /** Local only: used instead of reading KEYS_SECRET_ARN from Secrets Manager. */
  LIANSHEN_KEY_MATERIAL: z.string().min(32, 'LIANSHEN_KEY_MATERIAL must be at least 32 characters').optional(),
  /** Local only: read uploads on a worker thread, because one process serves every request there. */
  LIANSHEN_FILE_READER: z.enum(['inline', 'worker']).optional(),
  /** Local only: the append-only anchor file in the data folder (shared/adapters/anchors/file.ts). */
  LIANSHEN_ANCHOR_FILE: nonEmpty.optional(),
  /**
   * Attempts per DynamoDB / Step Functions / SQS call (SDK adaptive retry: backoff plus a client-side
   * rate limiter that slows down on throttling). Default 8 for DynamoDB, the SDK's 3 otherwise.
   */
  LIANSHEN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).optional(),
});

/**
 * ANCHOR_BUCKET: the S3 bucket with Object Lock that holds the anchors (shared/adapters/anchors/s3.ts).
 * Infra sets it on every function that anchors; the local stack uses LIANSHEN_ANCHOR_FILE instead,
 * and with neither a digest is produced without being anchored.
 */
const Anchors = { ANCHOR_BUCKET: nonEmpty.optional().meta({ requiredOnAws: true }) };

/**
 * UPLOAD_BUCKET: the S3 bucket upload tickets put files to (shared/adapters/uploads/s3.ts); infra
 * sets it on the functions that issue or take uploads. The local stack sets LIANSHEN_UPLOAD_DIR
 * instead: the folder its HTTP adapter writes them to.
 */
const Uploads = {
  UPLOAD_BUCKET: nonEmpty.optional().meta({ requiredOnAws: true }),
  LIANSHEN_UPLOAD_DIR: nonEmpty.optional(),
};

/**
 * Export files (shared/adapters/exports/): under `exports/` in UPLOAD_BUCKET on AWS; the local stack
 * sets LIANSHEN_EXPORT_DIR, the folder its HTTP adapter serves signed links from.
 */
const Exports = { ...Uploads, LIANSHEN_EXPORT_DIR: nonEmpty.optional() };

/** A variable holding JSON of `schema`; `example` shows the shape when it is not JSON at all. */
function jsonVariable<S extends z.ZodType>(schema: S, example: string) {
  return nonEmpty
    .transform((text, ctx) => {
      try {
        const value: unknown = JSON.parse(text);
        return value;
      } catch {
        ctx.addIssue({ code: 'custom', message: `is not JSON, e.g. ${example}` });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

/** AUTH_CLAIMS: which token claims carry the caller's groups, township and department (JSON). */
const AuthClaims = jsonVariable(ClaimNamesSchema, '{"groups":"cognito:groups"}');

/**
 * SFN_CALLS_PER_SECOND: this sandbox's steady rate for StartExecution / SendTask* (infra derives it
 * from the Region's quota and the function's concurrency, shared/adapters/sfn/quotas.ts); 0 = no limit
 * (the local stack).
 */
const SfnRate = { SFN_CALLS_PER_SECOND: z.coerce.number().nonnegative() };

/** The API functions read the principal from the JWT authorizer's claims. */
const Api = Common.extend({ AUTH_CLAIMS: AuthClaims });

/**
 * IDENTITY_ADMIN: who keeps the accounts (JSON): the local stack's table (`local`), a Cognito user
 * pool (`cognito`, with the portal's access-token lifetime), or an external OIDC provider
 * (`external`, where lianshen manages no accounts).
 */
export const IdentityAdminConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local') }).strict(),
  z
    .object({
      kind: z.literal('cognito'),
      userPoolId: z.string().regex(/^[\w-]+_[0-9a-zA-Z]+$/, 'is not a user pool id'),
      accessTokenMinutes: z.number().int().positive(),
    })
    .strict(),
  z.object({ kind: z.literal('external') }).strict(),
]);
export type IdentityAdminConfig = z.output<typeof IdentityAdminConfig>;

const IdentityAdmin = jsonVariable(IdentityAdminConfig, '{"kind":"external"}');

/**
 * How notifications leave (shared/adapters/notify/): NOTIFY_SENDER `none` (kept in the portal
 * only, 待发送), `file` (JSON lines at NOTIFY_FILE, the local stack), `webhook` (POST to
 * NOTIFY_WEBHOOK_URL with the bearer NOTIFY_WEBHOOK_TOKEN: a county's own SMS gateway), `sns` (SMS
 * through Amazon SNS Publish to the account's mobile number; infra sets it with `-c notifySender=sns`).
 * PORTAL_URL goes in front of the link in each SMS.
 */
const Notify = {
  // Infra always sets it, so a deployment says how its notifications leave.
  NOTIFY_SENDER: z.enum(['none', 'file', 'webhook', 'sns']).default('none').meta({ requiredOnAws: true }),
  NOTIFY_FILE: nonEmpty.optional(),
  NOTIFY_WEBHOOK_URL: z.url().optional(),
  NOTIFY_WEBHOOK_TOKEN: nonEmpty.optional(),
  /**
   * E-mail as well: an address (an SES-verified identity) sends notices through Amazon SES to the
   * accounts that have one; `none` (the default) sends no e-mail. Infra always sets it.
   */
  NOTIFY_EMAIL_FROM: z
    .union([z.literal('none'), z.email()])
    .default('none')
    .meta({ requiredOnAws: true }),
  PORTAL_URL: z.url().optional().meta({ requiredOnAws: true }),
  /** Local only: the waits after failed attempts, in seconds, comma-separated (tests shorten them). */
  LIANSHEN_NOTIFY_RETRY_SECONDS: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'is not a comma-separated list of seconds')
    .transform((s) => s.split(',').map(Number))
    .optional(),
};

/** The functions that read accounts: accountsApi manages them, reviewsApi lists a department's reviewers. */
const WithIdentity = Api.extend({ IDENTITY_ADMIN: IdentityAdmin });

export const CONFIG_SCHEMAS = {
  // STATE_MACHINE_ARN: a withdrawal stops the candidate's review (batchesApi); a re-check starts one (orgdeptApi).
  // IDENTITY_ADMIN: the 资格审查表 names the reviewers who answered.
  batchesApi: Api.extend({
    INTAKE_QUEUE_URL: nonEmpty,
    STATE_MACHINE_ARN: nonEmpty,
    ...Uploads,
    ...Exports,
    EXPORT_QUEUE_URL: nonEmpty,
    IDENTITY_ADMIN: IdentityAdmin,
  }),
  recordsApi: Api.extend(Uploads),
  reviewsApi: WithIdentity.extend(SfnRate),
  orgdeptApi: Api.extend({
    ...Anchors,
    STATE_MACHINE_ARN: nonEmpty,
    /**
     * The department codes this deployment has queues for, comma-separated (infra sets the stack's);
     * `*` where any code is served (the local stack creates a department's queue on first use). A
     * policy naming another code is refused.
     */
    DEPARTMENT_CODES: nonEmpty.transform((s) =>
      s === '*'
        ? null
        : s
            .split(',')
            .map((c) => c.trim())
            .filter((c) => c !== ''),
    ),
  }),
  accountsApi: WithIdentity,
  starter: Common.extend({ STATE_MACHINE_ARN: nonEmpty, ...SfnRate }),
  checker: Common.extend(SfnRate),
  loadRouting: Common,
  recordOverdue: Common,
  decide: Common,
  recordDecision: Common,
  batchProgress: Common.extend(Anchors),
  recordFailure: Common,
  redrive: Common.extend({ STATE_MACHINE_ARN: nonEmpty }),
  confirmAnswers: Common.extend(SfnRate),
  anchorCheckpoint: Common.extend(Anchors),
  notifications: Common.extend({ IDENTITY_ADMIN: IdentityAdmin, ...Notify }),
  // ANCHOR_BUCKET: the clearance report carries its anchored digest, as GET /campaigns/{id}/report does.
  // IDENTITY_ADMIN: the reviewers' names for 答复人 (as reviewsApi reads them).
  exportWorker: Common.extend({ ...Exports, ...Anchors, IDENTITY_ADMIN: IdentityAdmin }),
} as const satisfies Record<FunctionName, z.ZodObject>;

export type ConfigSchemas = typeof CONFIG_SCHEMAS;
export type Config<N extends FunctionName> = z.output<ConfigSchemas[N]>;
/** What every function's config has; shared adapters take this. */
export type CommonConfig = z.output<typeof Common>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Parses the environment for one function; throws ConfigError naming every bad key. */
export function loadConfig<N extends FunctionName>(name: N, env: Record<string, string | undefined> = process.env): Config<N> {
  const schema: z.ZodObject = CONFIG_SCHEMAS[name];
  // Empty strings count as unset, as they do for the SDK's own endpoint variables.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = issue.path.join('.');
      return issue.code === 'invalid_type' && !(key in cleaned) ? `${key} is required but not set` : `${key}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid environment for function "${name}": ${problems.join('; ')}`);
  }
  // Validated by CONFIG_SCHEMAS[name] just above; TS cannot follow an index by a generic key.
  return parsed.data as Config<N>;
}

/**
 * The keys `name` cannot start without on AWS: exactly what infra must set (and the manifest lists).
 * A key optional locally but needed on AWS says so with `meta({ requiredOnAws: true })`.
 */
export function requiredEnvKeys(name: FunctionName): string[] {
  const schema: z.ZodObject = CONFIG_SCHEMAS[name];
  return Object.entries(schema.shape)
    .filter(([, field]) => !field.safeParse(undefined).success || field.meta()?.['requiredOnAws'] === true)
    .map(([key]) => key)
    .sort();
}
