// Builders for API Gateway v2 JWT-authorizer events and a Lambda context, for handler tests.
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

export interface EventInput {
  routeKey: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** Raw body text (overrides `body`). */
  rawBody?: string;
  headers?: Record<string, string>;
  claims?: Record<string, string | number | boolean | string[]> | null;
}

export function claimsFor(groups: string[], sub = 'user-1'): Record<string, string | string[]> {
  return { sub, 'cognito:username': sub, 'cognito:groups': groups, scope: 'lianshen/api' };
}

export function httpEvent(input: EventInput): APIGatewayProxyEventV2WithJWTAuthorizer {
  const [method = 'GET', template = '/'] = input.routeKey.split(' ');
  let rawPath = template;
  for (const [k, v] of Object.entries(input.pathParameters ?? {})) rawPath = rawPath.replace(`{${k}}`, encodeURIComponent(v));
  const body = input.rawBody ?? (input.body === undefined ? undefined : JSON.stringify(input.body));
  const claims = input.claims === undefined ? claimsFor(['orgdept']) : input.claims;
  const event: APIGatewayProxyEventV2WithJWTAuthorizer = {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath,
    rawQueryString: new URLSearchParams(input.query ?? {}).toString(),
    headers: { 'content-type': 'application/json', ...(input.headers ?? {}) },
    ...(input.query === undefined ? {} : { queryStringParameters: input.query }),
    ...(input.pathParameters === undefined ? {} : { pathParameters: input.pathParameters }),
    isBase64Encoded: false,
    ...(body === undefined ? {} : { body }),
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.test',
      domainPrefix: 'api',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'vitest' },
      requestId: 'req-1',
      routeKey: input.routeKey,
      stage: '$default',
      time: '01/Jan/2026:00:00:00 +0000',
      timeEpoch: 0,
      authorizer: {
        principalId: '',
        integrationLatency: 0,
        jwt: { claims: claims ?? {}, scopes: ['lianshen/api'] },
      },
    },
  };
  if (claims === null) {
    // No authorizer block at all: a route deployed without the authorizer.
    Reflect.deleteProperty(event.requestContext, 'authorizer');
  }
  return event;
}

export const lambdaContext: Context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:cn-north-1:123456789012:function:test',
  memoryLimitInMB: '512',
  awsRequestId: 'req-1',
  logGroupName: '/aws/lambda/test',
  logStreamName: 'stream',
  getRemainingTimeInMillis: () => 20_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

export type HttpResponse = APIGatewayProxyStructuredResultV2 & { statusCode: number };

export function bodyOf(response: HttpResponse): unknown {
  return JSON.parse(response.body ?? 'null');
}
