// Contract of accountsApi: the organization department manages accounts (GET/POST /accounts,
// POST /accounts/{id}/disable|enable|reset|unlock|sign-out, GET /accounts/audit); everyone changes
// their own password (POST /me/password). Passwords appear only in a create or reset response,
// once, and in a change-password request; never in a list, a log or the audit.
import { z } from 'zod';
import { ChineseMobile, EmailAddress, RoleName, UNIT_CODE, Username } from '../domain/accounts.js';
import { personText } from '../domain/text.js';

export const AccountStatus = z.enum(['enabled', 'disabled']);
export const IdentityProviderKind = z.enum(['local', 'cognito']);

export const AccountView = z.object({
  username: z.string(),
  /** The identity provider's id of the account: what audit events record as the actor, so a trail can show names. */
  sub: z.string(),
  displayName: z.string(),
  /** E.164; null for the first organization-department account. */
  phone: z.string().nullable(),
  /** For notices by e-mail (SES on AWS); null when none was given. */
  email: z.string().nullable().optional(),
  role: z.string(),
  status: AccountStatus,
  locked: z.boolean(),
  mustChangePassword: z.boolean(),
  createdAt: z.string(),
  lastSignInAt: z.string().nullable(),
});
export type AccountView = z.infer<typeof AccountView>;

const Code = z.string().regex(UNIT_CODE);

export const AccountListQuery = z.object({
  role: z.enum(['orgdept', 'township', 'department']).optional(),
  township: Code.optional(),
  department: Code.optional(),
  status: AccountStatus.optional(),
});

export const AccountList = z.object({
  provider: IdentityProviderKind,
  accounts: z.array(AccountView),
  /** The password rules, as the portal shows them. */
  passwordPolicy: z.string(),
});
export type AccountList = z.infer<typeof AccountList>;

export const CreateAccountRequest = z.object({
  username: Username,
  displayName: personText({ max: 40 }),
  phone: ChineseMobile,
  /** Optional: notices also go to this address where e-mail delivery is set up. */
  email: EmailAddress.optional(),
  role: RoleName,
});
export type CreateAccountRequest = z.input<typeof CreateAccountRequest>;

/** The temporary password is in this response only: it is never stored in clear nor shown again. */
export const CreatedAccount = z.object({
  account: AccountView,
  initialPassword: z.string(),
  notice: z.string(),
});
export type CreatedAccount = z.infer<typeof CreatedAccount>;

export const AccountParams = z.object({ id: Username });

/** `temporaryPassword`: after a reset only (null otherwise), like a new account's, shown this once. */
export const AccountActionResponse = z.object({ account: AccountView, notice: z.string(), temporaryPassword: z.string().nullable() });
export type AccountActionResponse = z.infer<typeof AccountActionResponse>;

export const ChangePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});
export type ChangePasswordRequest = z.input<typeof ChangePasswordRequest>;

/** Every session of the account ended with the change, this one too: sign in again with the new password. */
export const ChangePasswordResponse = z.object({ changed: z.literal(true), signInAgain: z.literal(true), message: z.string() });
export type ChangePasswordResponse = z.infer<typeof ChangePasswordResponse>;

export const ReviewerParams = z.object({ code: Code });

/** A department's reviewers, for handing a task to a colleague. `listed: false` where the provider keeps the accounts. */
export const ReviewerList = z.object({
  department: z.string(),
  listed: z.boolean(),
  reviewers: z.array(z.object({ username: z.string(), displayName: z.string() })),
  message: z.string().nullable(),
});
export type ReviewerList = z.infer<typeof ReviewerList>;

/** Stable codes of the accounts routes' refusals (the `code` of the error body). */
export const ACCOUNT_ERROR_CODES = {
  managedExternally: 'ACCOUNTS_MANAGED_EXTERNALLY',
  exists: 'ACCOUNT_EXISTS',
  notFound: 'ACCOUNT_NOT_FOUND',
  unknownTownship: 'TOWNSHIP_UNKNOWN',
  unknownDepartment: 'DEPARTMENT_UNKNOWN',
  ownAccount: 'OWN_ACCOUNT',
  unlockAutomatic: 'UNLOCK_AUTOMATIC',
  notLocked: 'ACCOUNT_NOT_LOCKED',
  wrongPassword: 'PASSWORD_WRONG',
  passwordManagedByProvider: 'PASSWORD_MANAGED_BY_PROVIDER',
} as const;
