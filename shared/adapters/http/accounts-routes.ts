// accountsApi: the organization department manages accounts through the identity provider (the
// local table, Cognito; an external OIDC provider keeps its own and every route says so), and
// everyone changes their own password. Passwords are in request and response bodies only; the
// HTTP shell logs status codes, never bodies.
import {
  AccountActionResponse,
  AccountList,
  AccountListQuery,
  AccountParams,
  ChangePasswordRequest,
  ChangePasswordResponse,
  CreateAccountRequest,
  CreatedAccount,
} from '../../api/accounts.js';
import { accountAction, type AccountActionName } from '../../app/accounts/account-action.js';
import { accountsAudit } from '../../app/accounts/accounts-audit.js';
import { changeOwnPassword } from '../../app/accounts/change-password.js';
import type { AccountDeps } from '../../app/accounts/common.js';
import { createAccount } from '../../app/accounts/create-account.js';
import { listAccounts } from '../../app/accounts/list-accounts.js';
import { requireOrgdept } from './auth.js';
import type { ApiDeps } from './deps.js';
import { httpHandler, route, type Route, type Routes } from './middleware.js';
import { notificationRoutes } from './notifications-routes.js';
import { orRefuse } from './refusals.js';
import { ok, reply } from './responses.js';

export type AccountsApiDeps = ApiDeps & Pick<AccountDeps, 'identity'>;

const ACTIONS: readonly AccountActionName[] = ['disable', 'enable', 'reset', 'unlock', 'sign-out'];

export function accountsRoutes(deps: AccountsApiDeps): Routes {
  const action = (name: AccountActionName): Route =>
    route({
      params: AccountParams,
      handle: async ({ principal, params }) => {
        requireOrgdept(principal);
        return reply(AccountActionResponse, orRefuse(await accountAction(deps, { caller: principal, username: params.id, action: name })));
      },
    });
  return {
    'GET /accounts': route({
      query: AccountListQuery,
      handle: async ({ principal, query }) => {
        requireOrgdept(principal);
        return reply(AccountList, orRefuse(await listAccounts(deps, { filter: query })));
      },
    }),

    'POST /accounts': route({
      body: CreateAccountRequest,
      handle: async ({ principal, body }) => {
        requireOrgdept(principal);
        return reply(CreatedAccount, orRefuse(await createAccount(deps, { caller: principal, ...body })), 201);
      },
    }),

    ...Object.fromEntries(ACTIONS.map((name) => [`POST /accounts/{id}/${name}`, action(name)])),

    'GET /accounts/audit': route({
      handle: async ({ principal }) => {
        requireOrgdept(principal);
        return ok(await accountsAudit(deps));
      },
    }),

    // Self-service: any signed-in account, for itself only.
    'POST /me/password': route({
      body: ChangePasswordRequest,
      handle: async ({ principal, body }) =>
        reply(ChangePasswordResponse, orRefuse(await changeOwnPassword(deps, { caller: principal, ...body }))),
    }),

    ...notificationRoutes(deps),
  };
}

export function createAccountsApi(deps: AccountsApiDeps) {
  return httpHandler(accountsRoutes(deps), deps.powertools);
}
