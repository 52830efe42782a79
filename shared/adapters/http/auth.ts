// Who is calling: the principal from the API Gateway JWT authorizer's claims, and the group
// checks every handler makes. Groups: township:<code>, department:<code>, orgdept. Which claims
// carry them is deployment configuration (Cognito, or any OIDC provider): see ClaimNames.
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { z } from 'zod';
import { departmentOf, orgdeptOnly, reviewingDepartment, townshipOf } from '../../app/access.js';
import { unauthorized } from './errors.js';
import { orRefuse } from './refusals.js';

/**
 * Names of the token claims the principal comes from. `groups` carries group names by the
 * convention orgdept / township:<code> / department:<code>; `township` and `department` carry
 * plain codes (an OIDC provider's attributes). Codes from both are merged.
 */
export interface ClaimNames {
  groups?: string;
  township?: string;
  department?: string;
}

/** Cognito: groups in `cognito:groups`. */
export const COGNITO_CLAIMS: Readonly<ClaimNames> = { groups: 'cognito:groups' };

const ClaimName = z.string().regex(/^[A-Za-z0-9_:./-]{1,200}$/, 'a claim name has no spaces or quotes');

/** The AUTH_CLAIMS environment value: ClaimNames as JSON, naming at least one claim. */
export const ClaimNamesSchema = z
  .object({ groups: ClaimName.optional(), township: ClaimName.optional(), department: ClaimName.optional() })
  .strict()
  .refine((c) => c.groups !== undefined || c.township !== undefined || c.department !== undefined, 'names no claim');

/** The caller as the JWT authorizer's claims describe it (a Caller of shared/app/access.ts). */
export interface Principal {
  /** The token's `sub`: the stable user id recorded in verdicts and audit events. */
  userId: string;
  /** For display only. */
  username: string;
  groups: string[];
  townships: string[];
  departments: string[];
  orgdept: boolean;
  scopes: string[];
}

const CODE = /^[a-z0-9][a-z0-9-]{0,63}$/;

const Claims = z.looseObject({
  sub: z.string().min(1),
  'cognito:username': z.string().optional(),
  preferred_username: z.string().optional(),
  username: z.string().optional(),
  scope: z.string().optional(),
});

/**
 * A list claim arrives as an array, as a JSON array in a string, in the HTTP API's flattened form
 * `[a b c]` (no quotes, space separated), or as one plain or comma-separated string.
 */
export function parseGroups(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.filter((g): g is string => typeof g === 'string' && g.length > 0);
  if (typeof raw !== 'string') return [];
  const text = raw.trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parseGroups(parsed);
    } catch {
      // not JSON: the flattened form
    }
    return splitGroups(text.replace(/^\[|\]$/g, ''));
  }
  return splitGroups(text);
}

function splitGroups(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((g) => g.trim())
    .filter((g) => g.length > 0);
}

function codesOf(groups: readonly string[], prefix: string): string[] {
  return groups
    .filter((g) => g.startsWith(prefix))
    .map((g) => g.slice(prefix.length))
    .filter((code) => CODE.test(code));
}

/** Plain codes from an attribute claim; anything that is not a code is ignored. */
function attributeCodes(claims: Readonly<Record<string, unknown>>, name: string | undefined): string[] {
  return name === undefined ? [] : parseGroups(claims[name]).filter((code) => CODE.test(code));
}

const union = (...lists: string[][]) => [...new Set(lists.flat())];

export function principalFromClaims(claims: unknown, names: Readonly<ClaimNames> = COGNITO_CLAIMS): Principal {
  const parsed = Claims.safeParse(claims);
  if (!parsed.success) throw unauthorized();
  const c = parsed.data;
  const groups = names.groups === undefined ? [] : parseGroups(c[names.groups]);
  return {
    userId: c.sub,
    username: c['cognito:username'] ?? c.preferred_username ?? c.username ?? c.sub,
    groups,
    townships: union(codesOf(groups, 'township:'), attributeCodes(c, names.township)),
    departments: union(codesOf(groups, 'department:'), attributeCodes(c, names.department)),
    orgdept: groups.includes('orgdept'),
    scopes: (c.scope ?? '').split(/\s+/).filter((s) => s.length > 0),
  };
}

export function principalFromEvent(
  event: Pick<APIGatewayProxyEventV2WithJWTAuthorizer, 'requestContext'>,
  names: Readonly<ClaimNames> = COGNITO_CLAIMS,
): Principal {
  // The authorizer block is absent when a route is (wrongly) deployed without it.
  const claims: unknown = event.requestContext?.authorizer?.jwt?.claims;
  if (claims === undefined || claims === null) throw unauthorized();
  return principalFromClaims(claims, names);
}

// The checks themselves are the use cases' (shared/app/access.ts); these throw the HTTP error.

export function requireTownship(principal: Principal, code?: string): string {
  return orRefuse(townshipOf(principal, code));
}

export function requireDepartment(principal: Principal, code: string): string {
  return orRefuse(departmentOf(principal, code));
}

/** The department the caller reviews for; `code` picks one when the account has several. */
export function callerDepartment(principal: Principal, code?: string): string {
  return orRefuse(reviewingDepartment(principal, code));
}

export function requireOrgdept(principal: Principal): void {
  const refusal = orgdeptOnly(principal);
  if (refusal !== undefined) orRefuse(refusal);
}
