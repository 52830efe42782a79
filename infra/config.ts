import type { Node } from 'constructs';
import { z } from 'zod';
import { FUNCTIONS } from '../functions/manifest.js';

/** Namespace of the pipeline's custom metrics; equals POWERTOOLS_METRICS_NAMESPACE of every function. */
export const METRICS_NAMESPACE = 'Lianshen';

/** Resource server and scope that every API route requires (Cognito access token `scope` claim). */
export const API_RESOURCE_SERVER = 'lianshen';
export const API_SCOPE_NAME = 'api';
export const API_SCOPE = `${API_RESOURCE_SERVER}/${API_SCOPE_NAME}`;

const CODE = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** Context values arrive as strings from `-c key=a,b` and as arrays from cdk.json. */
const list = (item: z.ZodType<string, string>) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((value) => (Array.isArray(value) ? value : value.split(',')))
    .transform((items) => items.map((s) => s.trim()).filter((s) => s.length > 0))
    .pipe(z.array(item));

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')]);

const ContextSchema = z.object({
  stackName: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/)
    .default('Lianshen'),
  /** Target Region; default: the CLI's (CDK_DEFAULT_REGION). TableV2 with a CMK needs a concrete Region. */
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/)
    .optional(),
  /** Prefix of physical names (state machine, user pool, log groups, dashboard). */
  namePrefix: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,20}$/)
    .default('lianshen'),
  /** Department queue `code` is named `<queueNamePrefix><code>`; the ASL builds its URL the same way. */
  queueNamePrefix: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,30}$/)
    .optional(),
  /** Policy ids whose departments are deployed; default: every policy. */
  policies: list(z.string().regex(/^[a-z0-9-]+$/)).optional(),
  /** Township codes, one Cognito group `township:<code>` each. */
  townships: list(z.string().regex(CODE, 'township codes are lowercase ASCII, digits and dashes')).default([]),
  alarmEmail: z.email().optional(),
  /** Extra origins allowed by CORS and as sign-in callbacks, e.g. a local portal dev server. */
  portalOrigins: list(z.url()).default([]),
  /** Portal build to deploy (default portal/dist), relative to the repository root or absolute. */
  portalDist: z.string().min(1).optional(),
  /** Cognito hosted sign-in domain prefix; must be unique in the Region. */
  authDomainPrefix: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/)
    .optional(),
  /** Turn on the Cognito Plus feature plan (threat protection, billed per MAU). */
  cognitoPlus: bool.default(false),
  logRetentionDays: z.coerce.number().int().default(365),
  /** SQS event-source MaximumConcurrency of the shared checker, per department queue (default: the manifest's). */
  checkerConcurrency: int(2, 1000).default(FUNCTIONS.checker.eventSource.maxConcurrency),
  /** SQS event-source MaximumConcurrency of the starter, bounding the StartExecution rate (default: the manifest's). */
  starterConcurrency: int(2, 1000).default(FUNCTIONS.starter.eventSource.maxConcurrency),
  apiRateLimit: int(1, 10_000).default(50),
  apiBurstLimit: int(1, 5_000).default(100),
});

export interface DeployConfig {
  stackName: string;
  region: string | null;
  namePrefix: string;
  queueNamePrefix: string;
  policyIds: string[] | null;
  townships: string[];
  alarmEmail: string | null;
  portalOrigins: string[];
  authDomainPrefix: string | null;
  portalDist: string | null;
  cognitoPlus: boolean;
  logRetentionDays: number;
  checkerConcurrency: number;
  starterConcurrency: number;
  apiRateLimit: number;
  apiBurstLimit: number;
}

const KEYS = Object.keys(ContextSchema.shape);

/** Reads and validates the deployment settings from CDK context (cdk.json or `-c key=value`). */
export function readConfig(node: Node): DeployConfig {
  const raw: Record<string, unknown> = {};
  for (const key of KEYS) {
    const value: unknown = node.tryGetContext(key);
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = ContextSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `context "${i.path.join('.')}": ${i.message}`);
    throw new Error(`Invalid deployment context:\n  ${problems.join('\n  ')}`);
  }
  const c = parsed.data;
  return {
    stackName: c.stackName,
    region: c.region ?? null,
    namePrefix: c.namePrefix,
    queueNamePrefix: c.queueNamePrefix ?? `${c.namePrefix}-dept-`,
    policyIds: c.policies ?? null,
    townships: [...new Set(c.townships)].sort(),
    alarmEmail: c.alarmEmail ?? null,
    portalOrigins: c.portalOrigins.map((o) => new URL(o).origin),
    authDomainPrefix: c.authDomainPrefix ?? null,
    portalDist: c.portalDist ?? null,
    cognitoPlus: c.cognitoPlus,
    logRetentionDays: c.logRetentionDays,
    checkerConcurrency: c.checkerConcurrency,
    starterConcurrency: c.starterConcurrency,
    apiRateLimit: c.apiRateLimit,
    apiBurstLimit: c.apiBurstLimit,
  };
}
