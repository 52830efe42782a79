// Accounts of the people who work in a campaign: their role (the group names the API reads from
// the token: orgdept, township:<code>, department:<code>), their login name, their mobile number,
// and the password policy. Pure rules; who stores accounts (the local table, Cognito) is an adapter.
import { z } from 'zod';
import { toHalfWidth } from './import/normalize.js';

/** A township or department code, as in campaigns and policies. */
export const UNIT_CODE = /^[a-z0-9][a-z0-9-]{0,63}$/;

export type AccountRole = { kind: 'orgdept' } | { kind: 'township'; code: string } | { kind: 'department'; code: string };

/** `orgdept`, `township:<code>` or `department:<code>`; null for anything else. */
export function parseRole(group: string): AccountRole | null {
  if (group === 'orgdept') return { kind: 'orgdept' };
  const m = /^(township|department):(.+)$/.exec(group);
  if (m === null || m[2] === undefined || !UNIT_CODE.test(m[2])) return null;
  return m[1] === 'township' ? { kind: 'township', code: m[2] } : { kind: 'department', code: m[2] };
}

/** The group name of a role (what the token carries). */
export function roleGroup(role: AccountRole): string {
  return role.kind === 'orgdept' ? 'orgdept' : `${role.kind}:${role.code}`;
}

export const ROLE_ERROR_CODE = 'ROLE_INVALID';

/** The role as the API accepts it: a group name by the convention above. */
export const RoleName = z
  .string()
  .trim()
  .refine((s) => parseRole(s) !== null, {
    message: '角色应为 orgdept、township:<乡镇编码> 或 department:<部门编码>（编码为小写字母、数字和连字符）',
    params: { code: ROLE_ERROR_CODE },
  });

// ---------------------------------------------------------------- login names

export const USERNAME_ERROR_CODE = 'USERNAME_INVALID';

/** Login names: lower-case letters, digits, `.`, `_`, `-`; 3–32 characters, starting with a letter. */
export const USERNAME = /^[a-z][a-z0-9._-]{2,31}$/;

export const Username = z
  .string()
  .trim()
  .transform((s) => s.toLowerCase())
  .refine((s) => USERNAME.test(s), {
    message: '用户名应为 3–32 位小写字母、数字、点、下划线或连字符，以字母开头',
    params: { code: USERNAME_ERROR_CODE },
  });

// ---------------------------------------------------------------- mobile numbers

export const PHONE_ERROR_CODE = 'PHONE_INVALID';

/**
 * A mainland China mobile number in E.164 (`+8613812345678`), from what people type: full-width
 * digits, spaces and dashes, with or without +86 / 0086 / 86. Null when it is not an 11-digit
 * number of the 13x–19x ranges.
 */
export function chineseMobile(raw: string): string | null {
  const compact = toHalfWidth(raw).replace(/[\s\-()（）]/g, '');
  const local = compact.replace(/^(\+86|0086|86)(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(local) ? `+86${local}` : null;
}

export const ChineseMobile = z
  .string()
  .max(40)
  .transform((raw, ctx) => {
    const phone = chineseMobile(raw);
    if (phone === null) {
      ctx.addIssue({ code: 'custom', message: '手机号码应为 11 位中国大陆手机号，如 13812345678', params: { code: PHONE_ERROR_CODE } });
      return z.NEVER;
    }
    return phone;
  });

// ---------------------------------------------------------------- e-mail addresses

export const EMAIL_ERROR_CODE = 'EMAIL_INVALID';

/** A work e-mail address for notices (SES on AWS); lower-cased, one address. */
export const EmailAddress = z
  .string()
  .trim()
  .max(254)
  .transform((s) => toHalfWidth(s).toLowerCase())
  .refine((s) => /^[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/.test(s), {
    message: '电子邮箱格式不正确，如 zhang.san@dinghai.gov.cn',
    params: { code: EMAIL_ERROR_CODE },
  });

/** For lists people read: z***@dinghai.gov.cn. */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  return at <= 0 ? '***' : `${email.slice(0, 1)}***${email.slice(at)}`;
}

/** For lists people read: 138****5678. */
export function maskPhone(phone: string): string {
  const local = phone.replace(/^\+86/, '');
  return local.length === 11 ? `${local.slice(0, 3)}****${local.slice(7)}` : '***';
}

// ---------------------------------------------------------------- passwords

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

/** Passwords people pick first, and the ones this project publishes; compared case-insensitively. */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '123456789a',
  '1234567890',
  '12345678910',
  '1qaz2wsx3edc',
  '1q2w3e4r5t',
  'a123456789',
  'abc123456789',
  'abcd123456',
  'abcd1234!@#$',
  'admin12345',
  'admin@12345',
  'admin123456',
  'administrator',
  'iloveyou123',
  'lianshen-demo',
  'lianshen123',
  'lianshen@123',
  'p@ssw0rd123',
  'passw0rd!',
  'password1!',
  'password123',
  'password@123',
  'qwer1234!@#$',
  'qwerty12345',
  'qwertyuiop',
  'woaini1314',
  'zaq1@wsx',
  'zxcvbnm123',
]);

export const PASSWORD_ERROR_CODES = [
  'PASSWORD_TOO_SHORT',
  'PASSWORD_TOO_LONG',
  'PASSWORD_TOO_SIMPLE',
  'PASSWORD_IS_USERNAME',
  'PASSWORD_TOO_COMMON',
  'PASSWORD_UNCHANGED',
] as const;
export type PasswordErrorCode = (typeof PASSWORD_ERROR_CODES)[number];

export interface PasswordProblem {
  code: PasswordErrorCode;
  message: string;
}

/** Which of the four classes a password uses: lower case, upper case, digits, anything else. */
export function characterClasses(password: string): number {
  let n = 0;
  if (/[a-z]/.test(password)) n += 1;
  if (/[A-Z]/.test(password)) n += 1;
  if (/[0-9]/.test(password)) n += 1;
  if (/[^a-zA-Z0-9]/.test(password)) n += 1;
  return n;
}

/**
 * The first rule a new password breaks, or null: at least 10 characters, three of the four
 * classes, not the login name (nor containing it), not a common password, not the current one.
 */
export function passwordProblem(password: string, context: { username: string; current?: string }): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return { code: 'PASSWORD_TOO_SHORT', message: `密码至少 ${PASSWORD_MIN_LENGTH} 个字符` };
  if (length > PASSWORD_MAX_LENGTH) return { code: 'PASSWORD_TOO_LONG', message: `密码不能超过 ${PASSWORD_MAX_LENGTH} 个字符` };
  if (characterClasses(password) < 3) {
    return { code: 'PASSWORD_TOO_SIMPLE', message: '密码须包含大写字母、小写字母、数字、符号中的至少三类' };
  }
  const lower = password.toLowerCase();
  const user = context.username.toLowerCase();
  if (user.length > 0 && lower.includes(user)) return { code: 'PASSWORD_IS_USERNAME', message: '密码不能包含用户名' };
  if (COMMON_PASSWORDS.has(lower)) return { code: 'PASSWORD_TOO_COMMON', message: '这个密码太常见，容易被猜到，请换一个' };
  if (context.current !== undefined && password === context.current) {
    return { code: 'PASSWORD_UNCHANGED', message: '新密码不能与当前密码相同' };
  }
  return null;
}

// ---------------------------------------------------------------- sign-in hardening

/** Wrong passwords in a row after which an account is locked until the organization department unlocks it. */
export const LOCK_AFTER_FAILURES = 5;
