// Expected "no" answers of a use case, as plain values: the HTTP adapter maps each kind to its
// status (shared/adapters/http/refusals.ts). Messages are in Chinese: people read them.
import type { ImportError } from '../domain/import/errors.js';

export type Refusal =
  /** 404: the thing asked for does not exist (or is not visible to the caller). */
  | { kind: 'notFound'; message: string; detail?: Record<string, unknown> }
  /** 403: the caller may not do this. */
  | { kind: 'forbidden'; message: string; detail?: Record<string, unknown> }
  /** 409: the request conflicts with what is stored (`detail.code` names the conflict when callers branch on it). */
  | { kind: 'conflict'; message: string; detail?: Record<string, unknown> }
  /** 400: a field of the request body is wrong (`code` names the problem when callers branch on it). */
  | { kind: 'invalid'; message: string; field: string; code?: string }
  /** 422: an uploaded file failed validation; every row/column error goes back at once. */
  | { kind: 'rejected'; message: string; errors: ImportError[] }
  /** 422: the request is well-formed but cannot be processed. */
  | { kind: 'unprocessable'; message: string; detail?: Record<string, unknown> };

export type RefusalKind = Refusal['kind'];

const KINDS: ReadonlySet<string> = new Set<RefusalKind>(['notFound', 'forbidden', 'conflict', 'invalid', 'rejected', 'unprocessable']);

/** Refusals are told apart by `kind`; a use case's own results never use these kinds. */
export function isRefusal(outcome: unknown): outcome is Refusal {
  return (
    typeof outcome === 'object' && outcome !== null && 'kind' in outcome && typeof outcome.kind === 'string' && KINDS.has(outcome.kind)
  );
}

export const notFound = (message: string, detail?: Record<string, unknown>): Refusal =>
  detail === undefined ? { kind: 'notFound', message } : { kind: 'notFound', message, detail };
export const forbidden = (message: string, detail?: Record<string, unknown>): Refusal =>
  detail === undefined ? { kind: 'forbidden', message } : { kind: 'forbidden', message, detail };
export const conflict = (message: string, detail?: Record<string, unknown>): Refusal =>
  detail === undefined ? { kind: 'conflict', message } : { kind: 'conflict', message, detail };
export const invalid = (message: string, field: string, code?: string): Refusal =>
  code === undefined ? { kind: 'invalid', message, field } : { kind: 'invalid', message, field, code };
export const rejected = (message: string, errors: ImportError[]): Refusal => ({ kind: 'rejected', message, errors });
export const unprocessable = (message: string, detail?: Record<string, unknown>): Refusal =>
  detail === undefined ? { kind: 'unprocessable', message } : { kind: 'unprocessable', message, detail };
