import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  callerDepartment,
  parseGroups,
  principalFromClaims,
  requireDepartment,
  requireOrgdept,
  requireTownship,
} from '../../../shared/adapters/http/auth.js';
import { forbidden } from '../../../shared/adapters/http/errors.js';
import { httpHandler, route } from '../../../shared/adapters/http/middleware.js';
import { ok } from '../../../shared/adapters/http/responses.js';
import { bodyOf, claimsFor, httpEvent, lambdaContext } from './http-events.js';

const powertools = {
  logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }),
  tracer: new Tracer({ serviceName: 'test', enabled: false }),
  metrics: new Metrics({ serviceName: 'test', namespace: 'test' }),
};

const Answer = z.discriminatedUnion('result', [
  z.object({ result: z.literal('clear') }),
  z.object({ result: z.literal('findings'), findings: z.array(z.object({ category: z.string().min(1) })).min(1) }),
]);

const api = httpHandler(
  {
    'POST /things/{id}': route({
      params: z.object({ id: z.string().regex(/^[a-z]+$/) }),
      body: Answer,
      handle: ({ params, body, principal }) => ok({ id: params.id, result: body.result, user: principal.userId }),
    }),
    'GET /things': route({
      query: z.object({ format: z.enum(['json', 'xlsx']).default('json') }),
      handle: ({ query }) => ok({ format: query.format, taskToken: 'secret', nested: [{ token: 'x', keep: 1 }] }),
    }),
    'GET /boom': route({
      handle: () => {
        throw new Error('ConditionalCheckFailed on pk=CAND#110101199001011234');
      },
    }),
    'GET /forbidden': route({
      handle: () => {
        throw forbidden('无权访问该部门的数据');
      },
    }),
  },
  powertools,
);

describe('cognito:groups parsing', () => {
  it('reads an array, a JSON array string and the HTTP API "[a b c]" form alike', () => {
    const expected = ['township:dinghai-changguo', 'orgdept'];
    expect(parseGroups(expected)).toEqual(expected);
    expect(parseGroups(JSON.stringify(expected))).toEqual(expected);
    expect(parseGroups('[township:dinghai-changguo orgdept]')).toEqual(expected);
    expect(parseGroups('orgdept')).toEqual(['orgdept']);
    expect(parseGroups(undefined)).toEqual([]);
  });

  it('derives township and department codes from the groups', () => {
    const p = principalFromClaims({ sub: 'u1', 'cognito:groups': '[township:t1 department:public-security]', scope: 'lianshen/api' });
    expect(p.townships).toEqual(['t1']);
    expect(p.departments).toEqual(['public-security']);
    expect(p.orgdept).toBe(false);
    expect(p.scopes).toEqual(['lianshen/api']);
  });

  it('refuses another township or department with 403 and a Chinese message', () => {
    const p = principalFromClaims({ sub: 'u1', 'cognito:groups': ['township:t1', 'department:court'] });
    expect(requireTownship(p)).toBe('t1');
    expect(() => requireTownship(p, 't2')).toThrow(expect.objectContaining({ statusCode: 403 }));
    expect(() => requireDepartment(p, 'public-security')).toThrow(/无权访问/);
  });
});

describe('the principal from configured claims (any OIDC provider)', () => {
  const keycloak = { groups: 'groups' };
  const attributes = { groups: 'roles', township: 'township_code', department: 'dept' };

  it('reads the group convention from the named claim, and nothing from cognito:groups then', () => {
    const claims = { sub: 'kc-1', preferred_username: 'wang.li', groups: ['township:baiquan'], 'cognito:groups': ['orgdept'] };
    const p = principalFromClaims(claims, keycloak);
    expect(p).toMatchObject({ userId: 'kc-1', username: 'wang.li', townships: ['baiquan'], departments: [], orgdept: false });
    expect(() => requireOrgdept(p)).toThrow(expect.objectContaining({ statusCode: 403 }));
    // The default is Cognito's claim, as before.
    expect(principalFromClaims(claims).orgdept).toBe(true);
  });

  it('reads plain township and department codes from attribute claims, in every shape the HTTP API passes them', () => {
    expect(principalFromClaims({ sub: 'u', township_code: 'baiquan' }, attributes).townships).toEqual(['baiquan']);
    expect(principalFromClaims({ sub: 'u', dept: ['court', 'public-security'] }, attributes).departments).toEqual([
      'court',
      'public-security',
    ]);
    expect(principalFromClaims({ sub: 'u', dept: '[court public-security]' }, attributes).departments).toEqual([
      'court',
      'public-security',
    ]);
    expect(principalFromClaims({ sub: 'u', roles: 'orgdept' }, attributes).orgdept).toBe(true);
  });

  it('merges groups and attributes, drops values that are not codes, and keeps the API’s checks', () => {
    const p = principalFromClaims({ sub: 'u', roles: ['department:court'], dept: ['court', 'Court Office', ''] }, attributes);
    expect(p.departments).toEqual(['court']);
    expect(callerDepartment(p)).toBe('court');
    expect(() => requireDepartment(p, 'public-security')).toThrow(/无权访问该部门的数据/);
    const none = principalFromClaims({ sub: 'u', township_code: '白泉镇' }, attributes);
    expect(() => requireTownship(none)).toThrow(expect.objectContaining({ statusCode: 403 }));
  });

  it('still needs a sub (401 otherwise)', () => {
    expect(() => principalFromClaims({ groups: ['orgdept'] }, keycloak)).toThrow(expect.objectContaining({ statusCode: 401 }));
  });

  it('httpHandler reads the claims its function is configured with', async () => {
    const whoAmI = { 'GET /me': route({ handle: ({ principal }) => ok({ township: requireTownship(principal) }) }) };
    const event = httpEvent({ routeKey: 'GET /me', claims: { sub: 'u', township_code: 'baiquan' } });
    const configured = await httpHandler(whoAmI, { ...powertools, claims: attributes })(event, lambdaContext);
    expect(configured.statusCode).toBe(200);
    expect(bodyOf(configured)).toEqual({ township: 'baiquan' });
    const cognitoDefault = await httpHandler(whoAmI, powertools)(event, lambdaContext);
    expect(cognitoDefault.statusCode).toBe(403);
  });
});

describe('httpHandler', () => {
  it('routes on routeKey and passes parsed params and body', async () => {
    const res = await api(
      httpEvent({ routeKey: 'POST /things/{id}', pathParameters: { id: 'abc' }, body: { result: 'clear' }, claims: claimsFor([], 'u9') }),
      lambdaContext,
    );
    expect(res.statusCode).toBe(200);
    expect(bodyOf(res)).toEqual({ id: 'abc', result: 'clear', user: 'u9' });
  });

  it('matches a $default route key by method and path', async () => {
    const event = httpEvent({ routeKey: 'POST /things/{id}', pathParameters: { id: 'xyz' }, body: { result: 'clear' } });
    const res = await api({ ...event, routeKey: '$default', pathParameters: {} }, lambdaContext);
    expect(bodyOf(res)).toMatchObject({ id: 'xyz' });
  });

  it('answers a $default path with a broken %-escape with 404 in Chinese, not 500', async () => {
    const event = httpEvent({ routeKey: 'POST /things/{id}', pathParameters: { id: 'xyz' }, body: { result: 'clear' } });
    const res = await api({ ...event, routeKey: '$default', rawPath: '/things/%E0%A4%A', pathParameters: {} }, lambdaContext);
    expect(res.statusCode).toBe(404);
    expect(bodyOf(res)).toMatchObject({ code: expect.any(String), message: expect.stringMatching(/[\u4e00-\u9fff]/) });
  });

  it('answers a malformed body with 400 naming the zod path of the field', async () => {
    const res = await api(
      httpEvent({ routeKey: 'POST /things/{id}', pathParameters: { id: 'abc' }, body: { result: 'findings', findings: [{}] } }),
      lambdaContext,
    );
    expect(res.statusCode).toBe(400);
    expect(bodyOf(res)).toEqual({
      message: '请求内容有误：findings[0].category 必填',
      field: 'findings.0.category',
      in: 'body',
      code: 'INVALID_REQUEST',
    });
  });

  it('answers invalid JSON, a bad query value and a bad path parameter with 400', async () => {
    const badJson = await api(httpEvent({ routeKey: 'POST /things/{id}', pathParameters: { id: 'abc' }, rawBody: '{nope' }), lambdaContext);
    expect(badJson.statusCode).toBe(400);
    expect(bodyOf(badJson)).toMatchObject({ message: '请求内容不是有效的 JSON' });
    const badQuery = await api(httpEvent({ routeKey: 'GET /things', query: { format: 'pdf' } }), lambdaContext);
    expect(bodyOf(badQuery)).toMatchObject({ field: 'format', in: 'query' });
    const badPath = await api(
      httpEvent({ routeKey: 'POST /things/{id}', pathParameters: { id: 'A1' }, body: { result: 'clear' } }),
      lambdaContext,
    );
    expect(badPath.statusCode).toBe(400);
    expect(bodyOf(badPath)).toMatchObject({ field: 'id', in: 'path' });
  });

  it('drops token fields from every JSON response', async () => {
    const res = await api(httpEvent({ routeKey: 'GET /things' }), lambdaContext);
    expect(res.body).not.toMatch(/token/i);
    expect(bodyOf(res)).toEqual({ format: 'json', nested: [{ keep: 1 }] });
  });

  it('hides unexpected failures behind a generic 500 that leaks nothing', async () => {
    const res = await api(httpEvent({ routeKey: 'GET /boom' }), lambdaContext);
    expect(res.statusCode).toBe(500);
    expect(bodyOf(res)).toEqual({ message: '服务器内部错误', code: 'INTERNAL_ERROR' });
    expect(res.body).not.toContain('110101');
  });

  it('exposes 4xx messages as JSON', async () => {
    const res = await api(httpEvent({ routeKey: 'GET /forbidden' }), lambdaContext);
    expect(res.statusCode).toBe(403);
    expect(res.headers?.['Content-Type']).toBe('application/json');
    expect(bodyOf(res)).toEqual({ message: '无权访问该部门的数据', code: 'FORBIDDEN' });
  });

  it('answers 401 without authorizer claims and 404 for an unknown route', async () => {
    expect((await api(httpEvent({ routeKey: 'GET /things', claims: null }), lambdaContext)).statusCode).toBe(401);
    expect((await api(httpEvent({ routeKey: 'GET /nothing' }), lambdaContext)).statusCode).toBe(404);
  });
});
