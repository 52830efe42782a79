// HTTP errors for the API handlers, shaped like http-errors (statusCode, expose). The body
// travels as the error message (JSON text) because @middy/http-error-handler sends `message`
// verbatim and marks JSON-looking text as JSON.
import type { ImportError } from '../../domain/import/errors.js';

export type ErrorBody = { message: string } & Record<string, unknown>;

export class ApiError extends Error {
  readonly statusCode: number;
  readonly status: number;
  readonly expose: boolean;
  readonly body: ErrorBody;

  constructor(statusCode: number, body: ErrorBody) {
    super(JSON.stringify(body));
    this.name = 'ApiError';
    this.statusCode = statusCode;
    this.status = statusCode;
    this.expose = statusCode < 500;
    this.body = body;
  }
}

export const INTERNAL_ERROR_BODY: ErrorBody = { message: '服务器内部错误' };

export function badRequest(message: string, extra: Record<string, unknown> = {}): ApiError {
  return new ApiError(400, { message, ...extra });
}
export function unauthorized(message = '未登录或登录已过期，请重新登录'): ApiError {
  return new ApiError(401, { message });
}
export function forbidden(message: string, extra: Record<string, unknown> = {}): ApiError {
  return new ApiError(403, { message, ...extra });
}
export function notFound(message: string, extra: Record<string, unknown> = {}): ApiError {
  return new ApiError(404, { message, ...extra });
}
export function conflict(message: string, extra: Record<string, unknown> = {}): ApiError {
  return new ApiError(409, { message, ...extra });
}
/** A file failed validation: every row/column error goes back at once. */
export function importRejected(message: string, errors: readonly ImportError[]): ApiError {
  return new ApiError(422, { message, errors });
}
export function unprocessable(message: string, extra: Record<string, unknown> = {}): ApiError {
  return new ApiError(422, { message, ...extra });
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}
