import type { Node } from 'constructs';
import { z } from 'zod';
import { FUNCTIONS } from '../functions/manifest.js';
import type { ClaimNames } from '../shared/adapters/http/auth.js';
import type { RegionProfile } from './region.js';

/** Namespace of the pipeline's custom metrics; equals POWERTOOLS_METRICS_NAMESPACE of every function. */
export const METRICS_NAMESPACE = 'Lianshen';

/** Resource server and scope that every API route requires (Cognito access token `scope` claim). */
export const API_RESOURCE_SERVER = 'lianshen';
export const API_SCOPE_NAME = 'api';
export const API_SCOPE = `${API_RESOURCE_SERVER}/${API_SCOPE_NAME}`;

/** Context values arrive as strings from `-c key=a,b` and as arrays from cdk.json. */
const list = (item: z.ZodType<string, string>) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((value) => (Array.isArray(value) ? value : value.split(',')))
    .transform((items) => items.map((s) => s.trim()).filter((s) => s.length > 0))
    .pipe(z.array(item));

/** An https URL, or (for endpoints the distribution serves itself) an absolute path. */
const endpoint = z.union([z.url({ protocol: /^https$/ }), z.string().regex(/^\/[A-Za-z0-9._~/-]*$/)]);
/** A JWT claim name as it appears in the token (`groups`, `cognito:groups`, `https://example.gov.cn/claims/township`). */
const claimName = z.string().regex(/^[A-Za-z0-9_:./-]{1,200}$/, 'a claim name has no spaces or quotes');
const scopeToken = z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'one OAuth scope, no spaces');

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
  /**
   * Department codes deployed besides those of the policies, for policies a county uploads (each
   * gets its queue and DLQ; the API refuses a policy naming a code deployed nowhere).
   */
  departments: list(z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'a department code: lower-case letters, digits and -')).optional(),
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
  /**
   * OIDC instead of Cognito (required where Cognito user pools do not exist, e.g. cn-north-1):
   * the issuer exactly as the `iss` claim reads; API Gateway fetches its discovery document.
   */
  oidcIssuer: z.url({ protocol: /^https$/ }).optional(),
  /** The portal's public client (authorization code + PKCE, no secret). */
  oidcClientId: z
    .string()
    .regex(/^[\x21-\x7e]{1,256}$/)
    .optional(),
  /** Audiences the JWT authorizer accepts (`aud`, or `client_id` when there is no `aud`); default the client id. */
  oidcAudience: list(z.string().regex(/^[\x21-\x7e]{1,256}$/)).optional(),
  /** A scope every API route requires and the portal asks for (e.g. `lianshen-api`); default none. */
  oidcApiScope: scopeToken.optional(),
  /** Further scopes the portal asks for besides `openid` (e.g. the one that releases the groups claim). */
  oidcScopes: list(scopeToken).optional(),
  /** Claim carrying group names by the convention orgdept / township:<code> / department:<code>. */
  oidcGroupsClaim: claimName.optional(),
  /** Claim carrying the caller's township code(s) as plain codes. */
  oidcTownshipClaim: claimName.optional(),
  /** Claim carrying the caller's department code(s) as plain codes. */
  oidcDepartmentClaim: claimName.optional(),
  /** Explicit endpoints for the portal; default: the issuer's /.well-known/openid-configuration. */
  oidcAuthorizationEndpoint: endpoint.optional(),
  oidcTokenEndpoint: endpoint.optional(),
  oidcEndSessionEndpoint: endpoint.optional(),
  /** Which token the portal sends as the bearer: the access token, or the ID token where access tokens are opaque. */
  oidcBearerToken: z.enum(['access', 'id']).default('access'),
  /** Alternate domain name of the portal (required in China: ICP-filed). */
  portalDomain: z
    .string()
    .regex(/^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a lowercase host name such as lianshen.example.gov.cn')
    .optional(),
  /** IAM server certificate ID for portalDomain (China: no ACM; `aws iam upload-server-certificate --path /cloudfront/`). */
  portalCertificateId: z
    .string()
    .regex(/^[A-Z0-9]{16,128}$/, 'the ServerCertificateId that upload-server-certificate prints (ASCA…)')
    .optional(),
  apiRateLimit: int(1, 10_000).default(50),
  apiBurstLimit: int(1, 5_000).default(100),
  /**
   * How the notification job sends its SMS: `none` (kept in the portal, 待发送) or `sns` (Amazon SNS
   * Publish to each account's mobile number; the function may then call sns:Publish).
   */
  notifySender: z.enum(['none', 'sns']).default('none'),
  /**
   * E-mail as well (Amazon SES SendEmail) from this address, an SES-verified identity (the address
   * or its domain); unset: no e-mail. The function may then call ses:SendEmail for that identity.
   */
  notifyEmailFrom: z.email().optional(),
});

// The claim names become the API functions' AUTH_CLAIMS; one definition for both sides.
export { type ClaimNames, COGNITO_CLAIMS } from '../shared/adapters/http/auth.js';

export interface OidcIdentity {
  kind: 'oidc';
  issuer: string;
  clientId: string;
  audience: string[];
  apiScope: string | null;
  /** Scopes the portal requests besides `openid` and apiScope. */
  scopes: string[];
  claims: ClaimNames;
  authorizationEndpoint: string | null;
  tokenEndpoint: string | null;
  endSessionEndpoint: string | null;
  bearerToken: 'access' | 'id';
}

export type Identity = { kind: 'cognito' } | OidcIdentity;

export interface PortalDomain {
  name: string;
  iamCertificateId: string;
}

export interface DeployConfig {
  stackName: string;
  region: string | null;
  namePrefix: string;
  queueNamePrefix: string;
  policyIds: string[] | null;
  /** Department codes deployed besides the policies' own. */
  extraDepartments: string[];
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
  identity: Identity;
  portalDomain: PortalDomain | null;
  /** NOTIFY_SENDER of the notification job. */
  notifySender: 'none' | 'sns';
  /** NOTIFY_EMAIL_FROM of the notification job; null: no e-mail. */
  notifyEmailFrom: string | null;
}

const KEYS = Object.keys(ContextSchema.shape);

/** Reads and validates the deployment settings from CDK context (cdk.json or `-c key=value`). */
export function readConfig(node: Node): DeployConfig {
  if (node.tryGetContext('townships') !== undefined) {
    throw new Error(
      'Invalid deployment context:\n  context "townships" is retired: townships are data, and their groups ' +
        '(township:<code>) are created at run time, not by the stack (docs/deploy.md, "Users and groups")',
    );
  }
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
    ...settings(c),
    identity: identityOf(c),
    portalDomain: portalDomainOf(c),
  };
}

type Context = z.output<typeof ContextSchema>;

const OIDC_ONLY = [
  'oidcClientId',
  'oidcAudience',
  'oidcApiScope',
  'oidcScopes',
  'oidcGroupsClaim',
  'oidcTownshipClaim',
  'oidcDepartmentClaim',
  'oidcAuthorizationEndpoint',
  'oidcTokenEndpoint',
  'oidcEndSessionEndpoint',
] as const;

function identityOf(c: Context): Identity {
  if (c.oidcIssuer === undefined) {
    const stray = OIDC_ONLY.filter((key) => c[key] !== undefined);
    if (stray.length > 0) throw new Error(`Invalid deployment context:\n  context ${stray.join(', ')} needs "oidcIssuer"`);
    return { kind: 'cognito' };
  }
  if (c.authDomainPrefix !== undefined || c.cognitoPlus) {
    throw new Error('Invalid deployment context:\n  context "authDomainPrefix" and "cognitoPlus" apply to Cognito, not to "oidcIssuer"');
  }
  if (c.oidcClientId === undefined) throw new Error('Invalid deployment context:\n  context "oidcClientId" is required with "oidcIssuer"');
  const claims: ClaimNames = {
    ...(c.oidcGroupsClaim === undefined ? {} : { groups: c.oidcGroupsClaim }),
    ...(c.oidcTownshipClaim === undefined ? {} : { township: c.oidcTownshipClaim }),
    ...(c.oidcDepartmentClaim === undefined ? {} : { department: c.oidcDepartmentClaim }),
  };
  if (claims.groups === undefined && claims.township === undefined && claims.department === undefined) claims.groups = 'groups';
  if (c.oidcBearerToken === 'id' && c.oidcApiScope !== undefined) {
    throw new Error(
      'Invalid deployment context:\n  context "oidcApiScope" cannot be required of ID tokens (oidcBearerToken=id): they carry no scope',
    );
  }
  return {
    kind: 'oidc',
    issuer: c.oidcIssuer,
    clientId: c.oidcClientId,
    audience: c.oidcAudience ?? [c.oidcClientId],
    apiScope: c.oidcApiScope ?? null,
    scopes: [...new Set(c.oidcScopes ?? [])].filter((scope) => scope !== 'openid' && scope !== c.oidcApiScope),
    claims,
    authorizationEndpoint: c.oidcAuthorizationEndpoint ?? null,
    tokenEndpoint: c.oidcTokenEndpoint ?? null,
    endSessionEndpoint: c.oidcEndSessionEndpoint ?? null,
    bearerToken: c.oidcBearerToken,
  };
}

function portalDomainOf(c: Context): PortalDomain | null {
  if (c.portalDomain === undefined && c.portalCertificateId === undefined) return null;
  if (c.portalDomain === undefined || c.portalCertificateId === undefined) {
    throw new Error('Invalid deployment context:\n  context "portalDomain" and "portalCertificateId" go together');
  }
  return { name: c.portalDomain, iamCertificateId: c.portalCertificateId };
}

function settings(c: Context) {
  return {
    stackName: c.stackName,
    region: c.region ?? null,
    namePrefix: c.namePrefix,
    queueNamePrefix: c.queueNamePrefix ?? `${c.namePrefix}-dept-`,
    policyIds: c.policies ?? null,
    extraDepartments: [...new Set(c.departments ?? [])],
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
    notifySender: c.notifySender,
    notifyEmailFrom: c.notifyEmailFrom ?? null,
  };
}

/**
 * What the Region needs from the context, checked before anything is built so that synth fails
 * with the fix in the message instead of deploying something that cannot work there.
 */
export function checkRegionSupport(config: DeployConfig, profile: RegionProfile): void {
  const problems: string[] = [];
  if (config.identity.kind === 'cognito' && !profile.cognitoUserPools) {
    problems.push(
      `${profile.region} has no Cognito user pools: connect an OIDC provider with ` +
        '-c oidcIssuer=https://<issuer> -c oidcClientId=<portal client id> (and the claim names; see docs/deploy-china.md)',
    );
  }
  if (profile.cloudFront === 'china' && config.portalDomain === null) {
    problems.push(
      `CloudFront in ${profile.region} serves only an ICP-filed alternate domain with an IAM server certificate: ` +
        '-c portalDomain=<host> -c portalCertificateId=<IAM ServerCertificateId> (see docs/deploy-china.md)',
    );
  }
  if (config.notifySender === 'sns' && !profile.snsSms) {
    problems.push(
      `Amazon SNS does not send SMS in ${profile.region} (not offered in the China Regions): ` +
        'leave -c notifySender unset (notifications stay in the portal) or use a county gateway (docs/deploy.md, Notifications)',
    );
  }
  if (config.notifyEmailFrom !== null && !profile.sesEmail) {
    problems.push(
      `Amazon SES is not offered in ${profile.region} (the China Regions): leave -c notifyEmailFrom unset ` +
        '(notices go by SMS through a county gateway, and stay in the portal; docs/deploy.md, Notifications)',
    );
  }
  if (problems.length > 0) throw new Error(`Deployment context incomplete for ${profile.region}:\n  ${problems.join('\n  ')}`);
}
