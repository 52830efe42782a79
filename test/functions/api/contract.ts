// Every response a route test sees is checked against the API contract (shared/api): a 2xx JSON
// body must parse with its route's schema, a file must be a kind the route may send, and an error
// must be the error body. A handler wrapped here fails the test on any drift.
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import type { z } from 'zod';
import { ERROR_RESPONSES, ROUTE_CONTRACT, type ResponseKind, type RouteContract } from '../../../shared/api/index.js';
import type { HttpResult } from '../../../shared/adapters/http/responses.js';

export type ApiHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<HttpResult>;

const CONTRACT: Readonly<Record<string, RouteContract>> = ROUTE_CONTRACT;

function contentType(res: HttpResult): string {
  const headers = res.headers ?? {};
  const value = headers['Content-Type'] ?? headers['content-type'];
  return typeof value === 'string' ? value : '';
}

function parsedBody(res: HttpResult): unknown {
  const text = typeof res.body === 'string' ? res.body : '';
  return text === '' ? undefined : JSON.parse(text);
}

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
    .join('; ');
}

/** Throws when `res` is not what the contract says `routeKey` answers. */
export function checkResponse(routeKey: string, res: HttpResult): void {
  const type = contentType(res);
  if (res.statusCode >= 400) {
    const body = parsedBody(res);
    const schema =
      res.statusCode === 422 && typeof body === 'object' && body !== null && 'errors' in body
        ? ERROR_RESPONSES.fileRejected
        : ERROR_RESPONSES.body;
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new Error(`${routeKey} → ${res.statusCode}: error body breaks the contract: ${describe(parsed.error)}`);
    return;
  }
  const contract = CONTRACT[routeKey];
  if (contract === undefined) throw new Error(`${routeKey} answered ${res.statusCode} but has no contract in shared/api`);
  const kinds: readonly ResponseKind[] | undefined =
    res.statusCode === 200 || res.statusCode === 201 ? contract.responses[res.statusCode] : undefined;
  if (kinds === undefined) throw new Error(`${routeKey} answered ${res.statusCode}, which its contract does not list`);
  if (type.includes('json')) {
    const json = kinds.find((k): k is { json: z.ZodType } => 'json' in k);
    if (json === undefined) throw new Error(`${routeKey} answered JSON, which its contract does not list`);
    const parsed = json.json.safeParse(parsedBody(res));
    if (!parsed.success) throw new Error(`${routeKey} → ${res.statusCode}: body breaks the contract: ${describe(parsed.error)}`);
    return;
  }
  const isFile = type.includes('spreadsheetml');
  const isHtml = type.includes('text/html');
  if (isFile && kinds.some((k) => 'file' in k)) return;
  if (isHtml && kinds.some((k) => 'html' in k)) return;
  throw new Error(`${routeKey} answered "${type}", which its contract does not list`);
}

/** The handler, with every response checked against the contract. */
export function checkedByContract(handler: ApiHandler): ApiHandler {
  return async (event, context) => {
    const res = await handler(event, context);
    checkResponse(event.routeKey, res);
    return res;
  };
}
