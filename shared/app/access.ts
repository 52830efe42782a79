// Who may act for what. The caller comes from the identity provider's groups (township:<code>,
// department:<code>, orgdept); the HTTP adapter turns the JWT into a Caller, these checks decide.
import { forbidden, type Refusal } from './refusals.js';

export interface Caller {
  /** The identity provider's stable user id (Cognito `sub`): recorded in verdicts and audit events. */
  userId: string;
  /** For display only. */
  username: string;
  townships: readonly string[];
  departments: readonly string[];
  orgdept: boolean;
  /** Of `departments`, those held only as the organization department's own (orgdept-reviewer.ts). */
  orgdeptDepartments?: readonly string[];
}

/**
 * The township the caller acts for. With a code: the caller must hold that township's group.
 * Without: the caller's only township.
 */
export function townshipOf(caller: Caller, code?: string): string | Refusal {
  if (code !== undefined) return caller.townships.includes(code) ? code : forbidden('无权访问该乡镇（街道）的数据');
  const [only, ...rest] = caller.townships;
  if (only === undefined) return forbidden('无权访问：此操作需要乡镇（街道）账号');
  if (rest.length > 0) return forbidden('无权访问：账号关联了多个乡镇（街道），无法确定所属单位');
  return only;
}

export function departmentOf(caller: Caller, code: string): string | Refusal {
  return caller.departments.includes(code) ? code : forbidden('无权访问该部门的数据');
}

/** The department the caller reviews for; `code` picks one when the account has several. */
export function reviewingDepartment(caller: Caller, code?: string): string | Refusal {
  if (code !== undefined) return departmentOf(caller, code);
  // The organization department's own department is the default only for an account without a department group.
  const groups = caller.departments.filter((d) => !(caller.orgdeptDepartments ?? []).includes(d));
  const [only, ...rest] = groups.length > 0 ? groups : caller.departments;
  if (only === undefined) return forbidden('无权访问：此操作需要部门审查账号');
  if (rest.length > 0) return forbidden('无权访问：账号关联了多个部门，请指定部门');
  return only;
}

export function orgdeptOnly(caller: Caller): Refusal | undefined {
  return caller.orgdept ? undefined : forbidden('无权访问：此操作仅限组织部门');
}

/** Township data is readable by that township and by the organization department. */
export function canReadTownship(caller: Caller, township: string): Refusal | undefined {
  if (caller.orgdept || caller.townships.includes(township)) return undefined;
  return forbidden('无权访问该乡镇（街道）的数据');
}
