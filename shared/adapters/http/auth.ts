// Who is calling: the principal from the API Gateway JWT authorizer's claims, and the group
// checks every handler makes. Groups: township:<code>, department:<code>, orgdept.
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { z } from 'zod';
import { forbidden, unauthorized } from './errors.js';

export interface Principal {
  /** Cognito `sub`: the stable user id recorded in verdicts and audit events. */
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

const Claims = z.object({
  sub: z.string().min(1),
  'cognito:groups': z.union([z.array(z.string()), z.string()]).optional(),
  'cognito:username': z.string().optional(),
  username: z.string().optional(),
  scope: z.string().optional(),
});

/**
 * `cognito:groups` arrives as an array, as a JSON array in a string, or in the HTTP API's
 * flattened form `[a b c]` (no quotes, space separated).
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

export function principalFromClaims(claims: unknown): Principal {
  const parsed = Claims.safeParse(claims);
  if (!parsed.success) throw unauthorized();
  const c = parsed.data;
  const groups = parseGroups(c['cognito:groups']);
  return {
    userId: c.sub,
    username: c['cognito:username'] ?? c.username ?? c.sub,
    groups,
    townships: codesOf(groups, 'township:'),
    departments: codesOf(groups, 'department:'),
    orgdept: groups.includes('orgdept'),
    scopes: (c.scope ?? '').split(/\s+/).filter((s) => s.length > 0),
  };
}

export function principalFromEvent(event: Pick<APIGatewayProxyEventV2WithJWTAuthorizer, 'requestContext'>): Principal {
  // The authorizer block is absent when a route is (wrongly) deployed without it.
  const claims: unknown = event.requestContext?.authorizer?.jwt?.claims;
  if (claims === undefined || claims === null) throw unauthorized();
  return principalFromClaims(claims);
}

/**
 * The township the caller acts for. With a code: the caller must hold that township's group.
 * Without: the caller's only township.
 */
export function requireTownship(principal: Principal, code?: string): string {
  if (code !== undefined) {
    if (!principal.townships.includes(code)) throw forbidden('无权访问该乡镇（街道）的数据');
    return code;
  }
  const [only, ...rest] = principal.townships;
  if (only === undefined) throw forbidden('无权访问：此操作需要乡镇（街道）账号');
  if (rest.length > 0) throw forbidden('无权访问：账号关联了多个乡镇（街道），无法确定所属单位');
  return only;
}

export function requireDepartment(principal: Principal, code: string): string {
  if (!principal.departments.includes(code)) throw forbidden('无权访问该部门的数据');
  return code;
}

/** The department the caller reviews for; `code` picks one when the account has several. */
export function callerDepartment(principal: Principal, code?: string): string {
  if (code !== undefined) return requireDepartment(principal, code);
  const [only, ...rest] = principal.departments;
  if (only === undefined) throw forbidden('无权访问：此操作需要部门审查账号');
  if (rest.length > 0) throw forbidden('无权访问：账号关联了多个部门，请指定部门');
  return only;
}

export function requireOrgdept(principal: Principal): void {
  if (!principal.orgdept) throw forbidden('无权访问：此操作仅限组织部门');
}

/** Township data is readable by that township and by the organization department. */
export function requireTownshipOrOrgdept(principal: Principal, code: string): void {
  if (principal.orgdept) return;
  if (!principal.townships.includes(code)) throw forbidden('无权访问该乡镇（街道）的数据');
}
