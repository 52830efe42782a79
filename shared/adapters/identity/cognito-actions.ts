// The Cognito actions the API functions call (shared/adapters/identity/cognito.ts), for infra's
// IAM grants, which scope them to the one user pool. No SDK import: infra reads this at synth.

/** Every Cognito action the account functions call, for the IAM grant (scoped to the pool). */
export const COGNITO_ADMIN_ACTIONS = [
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminDeleteUser',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminListGroupsForUser',
  'cognito-idp:AdminSetUserPassword',
  'cognito-idp:AdminUserGlobalSignOut',
  'cognito-idp:CreateGroup',
  'cognito-idp:ListGroups',
  'cognito-idp:ListUsers',
  'cognito-idp:ListUsersInGroup',
] as const;

/** What the reviews function needs: a department's reviewers, to hand a task to one. */
export const COGNITO_REVIEWER_ACTIONS = ['cognito-idp:ListUsersInGroup'] as const;
