import type { FunctionName } from '../functions/manifest.js';

export type HttpVerb = 'GET' | 'POST' | 'PUT';

/**
 * Where the portal calls the API on its own origin (`/api/batches`). On AWS it is the HTTP API's
 * stage (CloudFront forwards `/api/*` unchanged and the stage consumes the prefix); the local HTTP
 * adapter strips it. Either way the route keys below are the HTTP API's own.
 */
export const API_PATH_PREFIX = '/api';

/** The HTTP API stage behind API_PATH_PREFIX. */
export const API_STAGE_NAME = API_PATH_PREFIX.slice(1);

export interface RouteSpec {
  method: HttpVerb;
  /** HTTP API path with `{param}` placeholders. */
  path: string;
  fn: FunctionName;
}

/**
 * The HTTP routes of the pipeline contract (coord/pipeline.md), each mapped to its function. Every
 * route gets the JWT authorizer (and the required scope, if the identity provider has one); the
 * handler enforces the caller's township or department.
 * Plain data, so the local HTTP adapter can serve the same table.
 */
export const ROUTES: readonly RouteSpec[] = [
  { method: 'POST', path: '/batches', fn: 'batchesApi' },
  { method: 'POST', path: '/batches/check', fn: 'batchesApi' },
  { method: 'POST', path: '/uploads', fn: 'batchesApi' },
  { method: 'GET', path: '/batches', fn: 'batchesApi' },
  { method: 'GET', path: '/batches/{id}', fn: 'batchesApi' },
  { method: 'GET', path: '/batches/{id}/feedback', fn: 'batchesApi' },
  { method: 'GET', path: '/template', fn: 'batchesApi' },

  { method: 'POST', path: '/departments/{code}/records', fn: 'recordsApi' },
  { method: 'GET', path: '/departments/{code}/records', fn: 'recordsApi' },
  { method: 'GET', path: '/departments/{code}/records/template', fn: 'recordsApi' },

  { method: 'GET', path: '/reviews', fn: 'reviewsApi' },
  { method: 'GET', path: '/reviews/{id}', fn: 'reviewsApi' },
  { method: 'POST', path: '/reviews/{id}/answer', fn: 'reviewsApi' },
  { method: 'POST', path: '/reviews/{id}/correction', fn: 'reviewsApi' },
  { method: 'POST', path: '/reviews/{id}/approval', fn: 'reviewsApi' },
  { method: 'GET', path: '/campaigns/{id}/departments/{code}/review', fn: 'reviewsApi' },
  { method: 'PUT', path: '/campaigns/{id}/departments/{code}/review', fn: 'reviewsApi' },
  { method: 'POST', path: '/reviews/attest', fn: 'reviewsApi' },
  { method: 'POST', path: '/reviews/{id}/reassign', fn: 'reviewsApi' },
  { method: 'GET', path: '/departments/{code}/reviewers', fn: 'reviewsApi' },
  { method: 'GET', path: '/departments/{code}/open-tasks', fn: 'reviewsApi' },

  { method: 'POST', path: '/campaigns', fn: 'orgdeptApi' },
  { method: 'GET', path: '/campaigns', fn: 'orgdeptApi' },
  { method: 'GET', path: '/campaigns/{id}/dashboard', fn: 'orgdeptApi' },
  { method: 'GET', path: '/campaigns/{id}/referred', fn: 'orgdeptApi' },
  { method: 'POST', path: '/candidates/{id}/ruling', fn: 'orgdeptApi' },
  { method: 'POST', path: '/candidates/{id}/ruling/revision', fn: 'orgdeptApi' },
  { method: 'POST', path: '/candidates/{id}/dispute', fn: 'batchesApi' },
  { method: 'POST', path: '/candidates/{id}/withdraw', fn: 'batchesApi' },
  { method: 'POST', path: '/candidates/{id}/replacement', fn: 'batchesApi' },
  { method: 'POST', path: '/candidates/{id}/dispute/ruling', fn: 'orgdeptApi' },
  { method: 'POST', path: '/candidates/{id}/recheck', fn: 'orgdeptApi' },
  { method: 'GET', path: '/campaigns/{id}/report', fn: 'orgdeptApi' },
  { method: 'GET', path: '/campaigns/{id}/villages', fn: 'orgdeptApi' },
  { method: 'GET', path: '/candidates/{id}/audit', fn: 'orgdeptApi' },
  { method: 'POST', path: '/campaigns/{id}/reminders', fn: 'orgdeptApi' },

  { method: 'GET', path: '/accounts', fn: 'accountsApi' },
  { method: 'POST', path: '/accounts', fn: 'accountsApi' },
  { method: 'POST', path: '/accounts/{id}/disable', fn: 'accountsApi' },
  { method: 'POST', path: '/accounts/{id}/enable', fn: 'accountsApi' },
  { method: 'POST', path: '/accounts/{id}/reset', fn: 'accountsApi' },
  { method: 'POST', path: '/accounts/{id}/unlock', fn: 'accountsApi' },
  { method: 'POST', path: '/accounts/{id}/sign-out', fn: 'accountsApi' },
  { method: 'GET', path: '/accounts/audit', fn: 'accountsApi' },
  { method: 'POST', path: '/me/password', fn: 'accountsApi' },
  { method: 'GET', path: '/campaigns/{id}', fn: 'orgdeptApi' },
  { method: 'PUT', path: '/campaigns/{id}', fn: 'orgdeptApi' },
  { method: 'POST', path: '/campaigns/{id}/units', fn: 'orgdeptApi' },
  { method: 'GET', path: '/campaigns/units/template', fn: 'orgdeptApi' },
  { method: 'GET', path: '/holidays', fn: 'orgdeptApi' },
  { method: 'PUT', path: '/holidays/{year}', fn: 'orgdeptApi' },
  { method: 'GET', path: '/campaigns/{id}/policy-diff', fn: 'orgdeptApi' },
  { method: 'PUT', path: '/campaigns/{id}/policy', fn: 'orgdeptApi' },

  { method: 'POST', path: '/policies', fn: 'orgdeptApi' },
  { method: 'GET', path: '/policies', fn: 'orgdeptApi' },
  // The literal before the parameter: the local HTTP adapter matches in this order.
  { method: 'GET', path: '/policies/template', fn: 'orgdeptApi' },
  { method: 'GET', path: '/policies/{id}', fn: 'orgdeptApi' },
  { method: 'GET', path: '/policies/{id}/versions/{version}', fn: 'orgdeptApi' },
  { method: 'GET', path: '/policies/{id}/versions/{version}/workbook', fn: 'orgdeptApi' },

  { method: 'GET', path: '/batches/{id}/first-review', fn: 'batchesApi' },
  { method: 'POST', path: '/batches/{id}/first-review', fn: 'batchesApi' },
  { method: 'POST', path: '/batches/{id}/submit', fn: 'batchesApi' },
  { method: 'POST', path: '/candidates/{id}/filing', fn: 'orgdeptApi' },
  { method: 'GET', path: '/campaigns/{id}/filings', fn: 'orgdeptApi' },
  // Any signed-in account, for its own units.
  { method: 'GET', path: '/notifications', fn: 'accountsApi' },
  { method: 'POST', path: '/notifications/{id}/read', fn: 'accountsApi' },
  { method: 'POST', path: '/notifications/read-all', fn: 'accountsApi' },
  { method: 'POST', path: '/campaigns/{id}/publicity', fn: 'orgdeptApi' },
  { method: 'GET', path: '/campaigns/{id}/publicity', fn: 'orgdeptApi' },
  { method: 'POST', path: '/candidates/{id}/objections', fn: 'orgdeptApi' },
  { method: 'POST', path: '/candidates/{id}/objections/{seq}/outcome', fn: 'orgdeptApi' },
  { method: 'GET', path: '/campaigns/{id}/duplicates', fn: 'orgdeptApi' },
  { method: 'POST', path: '/candidates/{id}/duplicate/resolution', fn: 'orgdeptApi' },
  { method: 'GET', path: '/batches/{id}/publicity', fn: 'batchesApi' },
  { method: 'POST', path: '/exports', fn: 'batchesApi' },
  { method: 'GET', path: '/exports', fn: 'batchesApi' },
  { method: 'GET', path: '/exports/{id}', fn: 'batchesApi' },
  { method: 'GET', path: '/candidates/{id}/sheet', fn: 'batchesApi' },
  { method: 'POST', path: '/reviews/{id}/extension', fn: 'reviewsApi' },
  { method: 'GET', path: '/reviews/{id}/extension', fn: 'reviewsApi' },
  { method: 'GET', path: '/campaigns/{id}/extensions', fn: 'orgdeptApi' },
  { method: 'POST', path: '/candidates/{id}/extension/decision', fn: 'orgdeptApi' },
  { method: 'GET', path: '/campaigns/{id}/departments/{code}/overdue', fn: 'orgdeptApi' },
  { method: 'POST', path: '/batches/{id}/discard', fn: 'batchesApi' },
  { method: 'POST', path: '/candidates/{id}/recheck-request', fn: 'batchesApi' },
  { method: 'GET', path: '/campaigns/{id}/recheck-requests', fn: 'orgdeptApi' },
  { method: 'POST', path: '/candidates/{id}/recheck-request/decision', fn: 'orgdeptApi' },
];
