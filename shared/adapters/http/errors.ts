// HTTP errors for the API handlers, shaped like http-errors (statusCode, expose). The body
// travels as the error message (JSON text) because @middy/http-error-handler sends `message`
// verbatim and marks JSON-looking text as JSON.
import type { ImportError } from '../../domain/import/errors.js';

export type ErrorBody = { message: string } & Record<string, unknown>;

/** The stable code of an error that names no more specific one (docs/api.md). */
export const DEFAULT_ERROR_CODES: Readonly<Record<number, string>> = {
  400: 'INVALID_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_ERROR',
};

export function defaultErrorCode(statusCode: number): string {
  return DEFAULT_ERROR_CODES[statusCode] ?? (statusCode >= 500 ? 'INTERNAL_ERROR' : 'INVALID_REQUEST');
}

export class ApiError extends Error {
  readonly statusCode: number;
  readonly status: number;
  readonly expose: boolean;
  readonly body: ErrorBody;

  constructor(statusCode: number, given: ErrorBody) {
    // Every error body carries a Chinese message and a stable code.
    const body = typeof given['code'] === 'string' ? given : { ...given, code: defaultErrorCode(statusCode) };
    super(JSON.stringify(body));
    this.name = 'ApiError';
    this.statusCode = statusCode;
    this.status = statusCode;
    this.expose = statusCode < 500;
    this.body = body;
  }
}

export const INTERNAL_ERROR_BODY: ErrorBody = { message: '服务器内部错误', code: 'INTERNAL_ERROR' };

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
  return new ApiError(422, { message, code: 'FILE_REJECTED', errors });
}
export function unprocessable(message: string, extra: Record<string, unknown> = {}): ApiError {
  return new ApiError(422, { message, ...extra });
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}
