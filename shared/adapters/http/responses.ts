// Response builders. JSON responses pass through a serializer that drops any task-token-like
// field, so a mapper that forgets to pick fields still cannot leak a Step Functions token.
import { safeFileName } from '../../domain/text.js';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { z } from 'zod';

export type HttpResult = APIGatewayProxyStructuredResultV2 & { statusCode: number };

const TOKEN_KEY = /token/i;

/** JSON text of `body` without any key that looks like a token (taskToken, token, ...). */
export function safeJson(body: unknown): string {
  return JSON.stringify(body, (key, value: unknown) => (key !== '' && TOKEN_KEY.test(key) ? undefined : value));
}

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
    body: safeJson(body),
  };
}

export const ok = (body: unknown): HttpResult => json(200, body);
export const created = (body: unknown): HttpResult => json(201, body);

/**
 * A JSON reply whose body the type checker holds to its schema in the API contract (shared/api);
 * the route tests validate the bytes against the same schema.
 */
export function reply<S extends z.ZodType>(_schema: S, body: z.input<S>, statusCode: 200 | 201 = 200): HttpResult {
  return json(statusCode, body);
}

export function html(body: string, statusCode = 200): HttpResult {
  return {
    statusCode,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
    body,
  };
}

/** A file download: base64 body (API Gateway decodes it) and a UTF-8 filename (RFC 6266/5987). */
export function file(bytes: Uint8Array, contentType: string, name: string): HttpResult {
  // Names come from what people typed (a campaign's name): safe whatever the text.
  const filename = safeFileName(name);
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return {
    statusCode: 200,
    isBase64Encoded: true,
    headers: {
      'Content-Type': contentType,
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      'Cache-Control': 'no-store',
    },
    body: Buffer.from(bytes).toString('base64'),
  };
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
