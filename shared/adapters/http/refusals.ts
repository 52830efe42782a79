// A use case's refusal (shared/app/refusals.ts) as the HTTP error it stands for.
import { isRefusal, type Refusal } from '../../app/refusals.js';
import { type ApiError, badRequest, conflict, forbidden, importRejected, notFound, unprocessable } from './errors.js';

export function refusalError(refusal: Refusal): ApiError {
  switch (refusal.kind) {
    case 'notFound':
      return notFound(refusal.message);
    case 'forbidden':
      return forbidden(refusal.message, refusal.detail);
    case 'conflict':
      return conflict(refusal.message, refusal.detail);
    case 'invalid':
      return badRequest(refusal.message, {
        field: refusal.field,
        in: 'body',
        ...(refusal.code === undefined ? {} : { code: refusal.code }),
      });
    case 'rejected':
      return importRejected(refusal.message, refusal.errors);
    case 'unprocessable':
      return unprocessable(refusal.message, refusal.detail);
  }
}

/** The result, or the refusal thrown as its HTTP error (middy's error handler sends it). */
export function orRefuse<T>(outcome: T | Refusal): T {
  if (isRefusal(outcome)) throw refusalError(outcome);
  return outcome;
}
