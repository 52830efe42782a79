import type { FunctionName } from '../functions/manifest.js';

export type HttpVerb = 'GET' | 'POST';

/**
 * Where the portal calls the API on its own origin (`/api/batches`). CloudFront (and the local
 * HTTP adapter) strip it before routing, so the paths below are the HTTP API's own.
 */
export const API_PATH_PREFIX = '/api';

export interface RouteSpec {
  method: HttpVerb;
  /** HTTP API path with `{param}` placeholders. */
  path: string;
  fn: FunctionName;
}

/**
 * The HTTP routes of the pipeline contract (coord/pipeline.md), each mapped to its function. Every
 * route gets the JWT authorizer and the `lianshen/api` scope; the handler enforces group scope.
 * Plain data, so the local HTTP adapter can serve the same table.
 */
export const ROUTES: readonly RouteSpec[] = [
  { method: 'POST', path: '/batches', fn: 'batchesApi' },
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
  { method: 'POST', path: '/reviews/attest', fn: 'reviewsApi' },
  { method: 'POST', path: '/reviews/{id}/reassign', fn: 'reviewsApi' },

  { method: 'POST', path: '/campaigns', fn: 'orgdeptApi' },
  { method: 'GET', path: '/campaigns', fn: 'orgdeptApi' },
  { method: 'GET', path: '/campaigns/{id}/dashboard', fn: 'orgdeptApi' },
  { method: 'GET', path: '/campaigns/{id}/referred', fn: 'orgdeptApi' },
  { method: 'POST', path: '/candidates/{id}/ruling', fn: 'orgdeptApi' },
  { method: 'GET', path: '/campaigns/{id}/report', fn: 'orgdeptApi' },
  { method: 'GET', path: '/campaigns/{id}/villages', fn: 'orgdeptApi' },
  { method: 'GET', path: '/candidates/{id}/audit', fn: 'orgdeptApi' },
  { method: 'POST', path: '/campaigns/{id}/reminders', fn: 'orgdeptApi' },
];
