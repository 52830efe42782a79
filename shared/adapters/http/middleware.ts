// The HTTP shell shared by the four API functions: middy with Powertools, header normalisation,
// a router on the API Gateway route key, zod parsing of path/query/body, and error responses
// that expose Chinese messages for 4xx and leak nothing for 5xx.
import middy from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import type { z } from 'zod';
import { traceHandler } from '../tracing.js';
import { type ClaimNames, principalFromEvent, type Principal } from './auth.js';
import { ApiError, badRequest, INTERNAL_ERROR_BODY, notFound } from './errors.js';
import type { HttpResult } from './responses.js';
import { parsePart, type RequestPart } from './validation.js';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteContext<P, Q, B> {
  principal: Principal;
  params: P;
  query: Q;
  body: B;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string | undefined>>;
  event: HttpEvent;
  logger: Logger;
  metrics: Metrics;
}

export interface RouteDef<PS, QS, BS> {
  params?: PS;
  query?: QS;
  body?: BS;
  handle: (ctx: RouteContext<Out<PS>, Out<QS>, Out<BS>>) => Promise<HttpResult> | HttpResult;
}

/** A route with its schemas erased; `run` parses the request and calls the handler. */
export interface Route {
  run(raw: RawRequest): Promise<HttpResult>;
}

interface RawRequest {
  principal: Principal;
  params: Record<string, string | undefined>;
  event: HttpEvent;
  headers: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  metrics: Metrics;
}

export function route<
  PS extends z.ZodType | undefined = undefined,
  QS extends z.ZodType | undefined = undefined,
  BS extends z.ZodType | undefined = undefined,
>(def: RouteDef<PS, QS, BS>): Route {
  return {
    async run(raw) {
      const ctx: RouteContext<Out<PS>, Out<QS>, Out<BS>> = {
        principal: raw.principal,
        params: parseOptional(def.params, () => raw.params, 'path'),
        query: parseOptional(def.query, () => raw.event.queryStringParameters ?? {}, 'query'),
        body: parseOptional(def.body, () => readJsonBody(raw.event), 'body'),
        headers: raw.headers,
        event: raw.event,
        logger: raw.logger,
        metrics: raw.metrics,
      };
      return def.handle(ctx);
    },
  };
}

// TypeScript cannot narrow a conditional type on a generic; the overload states the contract.
function parseOptional<S extends z.ZodType | undefined>(schema: S | undefined, value: () => unknown, part: RequestPart): Out<S>;
function parseOptional(schema: z.ZodType | undefined, value: () => unknown, part: RequestPart): unknown {
  return schema === undefined ? undefined : parsePart(schema, value(), part);
}

export type Routes = Readonly<Record<string, Route>>;

function readJsonBody(event: HttpEvent): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    const value: unknown = JSON.parse(text);
    return value;
  } catch {
    throw badRequest('请求内容不是有效的 JSON');
  }
}

/** Route keys look like `POST /batches/{id}`; templates match raw paths when routeKey is `$default`. */
export function matchRoute(
  routes: Routes,
  event: Pick<HttpEvent, 'routeKey' | 'rawPath' | 'requestContext' | 'pathParameters'>,
): { key: string; route: Route; params: Record<string, string | undefined> } | undefined {
  const direct = routes[event.routeKey];
  if (direct !== undefined) return { key: event.routeKey, route: direct, params: { ...(event.pathParameters ?? {}) } };
  const method = event.requestContext?.http?.method?.toUpperCase();
  const path = event.rawPath;
  if (method === undefined || path === undefined) return undefined;
  const segments = path.split('/').filter((s) => s !== '');
  for (const [key, candidate] of Object.entries(routes)) {
    const [routeMethod, template] = key.split(' ');
    if (routeMethod !== method || template === undefined) continue;
    const parts = template.split('/').filter((s) => s !== '');
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let matched = true;
    for (const [i, part] of parts.entries()) {
      const segment = segments[i] ?? '';
      const name = /^\{(.+)\}$/.exec(part)?.[1];
      const value = name === undefined ? undefined : decodedSegment(segment);
      if (name !== undefined && value !== undefined) params[name] = value;
      else if (name !== undefined || part !== segment) {
        matched = false;
        break;
      }
    }
    if (matched) return { key, route: candidate, params };
  }
  return undefined;
}

/** A path segment with a broken %-escape matches no route (a 404), rather than throwing URIError (a 500). */
function decodedSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export interface HttpHandlerOptions {
  logger: Logger;
  /** Absent where tracing is off (the local stack). */
  tracer: Tracer | undefined;
  metrics: Metrics;
  /** The claims the principal is read from (the function's AUTH_CLAIMS); default Cognito's. */
  claims?: Readonly<ClaimNames>;
}

function lowerCaseHeaders(headers: HttpEvent['headers'] | undefined): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = v;
  return out;
}

/** Routes, or a factory for them when their dependencies resolve asynchronously (keys, clients). */
export type RoutesSource = Routes | (() => Promise<Routes>);

export function httpHandler(source: RoutesSource, options: HttpHandlerOptions) {
  const { logger, tracer, metrics } = options;
  const core = async (event: HttpEvent, _context: Context): Promise<HttpResult> => {
    const routes = typeof source === 'function' ? await source() : source;
    const match = matchRoute(routes, event);
    if (match === undefined) throw notFound('接口不存在');
    logger.appendKeys({ route: match.key });
    metrics.addMetric('ApiRequests', MetricUnit.Count, 1);
    const principal = principalFromEvent(event, options.claims);
    return match.route.run({
      principal,
      params: match.params,
      event,
      headers: lowerCaseHeaders(event.headers),
      logger,
      metrics,
    });
  };
  return middy<HttpEvent, HttpResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(traceHandler<HttpEvent, HttpResult>(tracer))
    .use(logMetrics(metrics))
    .use(httpHeaderNormalizer())
    .use(
      httpErrorHandler({
        fallbackMessage: JSON.stringify(INTERNAL_ERROR_BODY),
        // Only the status and code go to the log: 4xx bodies can echo cell values from files.
        logger: (error: unknown) => {
          if (error instanceof ApiError && error.statusCode < 500) {
            metrics.addMetric('ApiClientErrors', MetricUnit.Count, 1);
            logger.info('request refused', { statusCode: error.statusCode });
          } else {
            metrics.addMetric('ApiServerErrors', MetricUnit.Count, 1);
            logger.error('request failed', describeFailure(error));
          }
        },
      }),
    )
    .handler(core);
}

function describeFailure(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { errorName: error.name, errorMessage: error.message, stack: error.stack };
  return { errorName: typeof error };
}
