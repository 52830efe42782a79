import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Auth } from '../../infra/constructs/auth.js';
import { API_SCOPE } from '../../infra/config.js';
import { API_STAGE_NAME, ROUTES } from '../../infra/routes.js';
import { logicalId, synth } from './synth.js';

const RouteProps = z.looseObject({
  RouteKey: z.string(),
  AuthorizationType: z.string().optional(),
  AuthorizerId: z.unknown().optional(),
  AuthorizationScopes: z.array(z.string()).optional(),
  Target: z.unknown(),
});

const routesOf = (b: ReturnType<typeof synth>) =>
  Object.values(b.template.findResources('AWS::ApiGatewayV2::Route')).map((r) => RouteProps.parse(r['Properties']));

/** AUTH_CLAIMS of every function that has it. */
function authClaimsOf(b: ReturnType<typeof synth>): unknown[] {
  return Object.values(b.template.findResources('AWS::Lambda::Function'))
    .map((r) => z.looseObject({ Environment: z.object({ Variables: z.record(z.string(), z.unknown()) }) }).parse(r['Properties']))
    .flatMap((f) => ('AUTH_CLAIMS' in f.Environment.Variables ? [f.Environment.Variables['AUTH_CLAIMS']] : []));
}

function cognitoOf(b: ReturnType<typeof synth>): Auth {
  if (b.stack.auth === null) throw new Error('no Cognito in this stack');
  return b.stack.auth;
}

let built: ReturnType<typeof synth>;
let routes: Array<z.infer<typeof RouteProps>>;
let authorizerId: string;
beforeAll(() => {
  built = synth();
  routes = routesOf(built);
  const authorizers = Object.keys(built.template.findResources('AWS::ApiGatewayV2::Authorizer'));
  expect(authorizers).toHaveLength(1);
  authorizerId = authorizers[0] ?? '';
});

describe('HTTP API', () => {
  it('has exactly the contract routes', () => {
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('every route has the JWT authorizer and requires the lianshen/api scope', () => {
    for (const route of routes) {
      expect(route.AuthorizationType, route.RouteKey).toBe('JWT');
      expect(route.AuthorizerId, route.RouteKey).toEqual({ Ref: authorizerId });
      expect(route.AuthorizationScopes, route.RouteKey).toEqual([API_SCOPE]);
    }
  });

  it('routes reach the function the contract names', () => {
    const integrations = built.template.findResources('AWS::ApiGatewayV2::Integration');
    for (const spec of ROUTES) {
      const route = routes.find((r) => r.RouteKey === `${spec.method} ${spec.path}`);
      const integrationId = Object.keys(integrations).find((id) => JSON.stringify(route?.Target).includes(`"${id}"`));
      const uri = JSON.stringify(integrations[integrationId ?? '']?.['Properties']?.IntegrationUri);
      expect(uri, spec.path).toContain(logicalId(built.stack.functions.fn(spec.fn)));
    }
  });

  it('the authorizer trusts the user pool issuer and the portal client audience', () => {
    built.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: logicalId(cognitoOf(built).portalClient) }],
      },
    });
    const issuer = JSON.stringify(
      built.template.findResources('AWS::ApiGatewayV2::Authorizer')[authorizerId]?.['Properties']?.JwtConfiguration?.Issuer,
    );
    expect(issuer).toContain('https://cognito-idp.ap-east-1.');
    expect(issuer).toContain(`{"Ref":"${logicalId(cognitoOf(built).userPool)}"}`);
  });

  it('the stage is named after the portal’s /api prefix, writes access logs to a CMK-encrypted log group and is throttled', () => {
    expect(API_STAGE_NAME).toBe('api');
    built.template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    built.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: API_STAGE_NAME,
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [logicalId(built.stack.api.accessLogs), 'Arn'] } },
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    built.template.hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: { 'Fn::GetAtt': [logicalId(built.stack.keys.key), 'Arn'] },
    });
  });
});

describe('Cognito', () => {
  it('is admin-only, with a strong password policy and required TOTP MFA', () => {
    built.template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: {
        PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true },
      },
      DeletionProtection: 'ACTIVE',
    });
  });

  it('has the orgdept group only: township and department groups are data, not stack resources', () => {
    const names = Object.values(built.template.findResources('AWS::Cognito::UserPoolGroup')).map((r) => r['Properties']?.['GroupName']);
    expect(names).toEqual(['orgdept']);
  });

  it('refuses the retired townships context (one group per township would exhaust the 500-resource limit)', () => {
    expect(() => synth({ townships: 'baiquan,ganlan' })).toThrow(/"townships".*run time/s);
    expect(JSON.stringify(built.template.toJSON())).not.toContain('township:');
  });

  it('defines the lianshen resource server with the api scope', () => {
    built.template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'lianshen',
      Scopes: [{ ScopeName: 'api', ScopeDescription: 'Call the lianshen HTTP API' }],
    });
  });

  it('the portal client is public and uses the authorization code flow only', () => {
    const clients = Object.values(built.template.findResources('AWS::Cognito::UserPoolClient'));
    expect(clients).toHaveLength(1);
    const client = z
      .looseObject({
        GenerateSecret: z.boolean(),
        AllowedOAuthFlows: z.array(z.string()),
        AllowedOAuthScopes: z.array(z.unknown()),
        CallbackURLs: z.array(z.unknown()),
      })
      .parse(clients[0]?.['Properties']);
    expect(client.GenerateSecret).toBe(false);
    expect(client.AllowedOAuthFlows).toEqual(['code']);
    // The resource-server part is a reference to the resource server, resolved at deploy time.
    expect(JSON.stringify(client.AllowedOAuthScopes)).toContain(`/${API_SCOPE.split('/')[1]}`);
    expect(JSON.stringify(client.AllowedOAuthScopes)).toContain(logicalId(cognitoOf(built).resourceServer));
    expect(JSON.stringify(client.CallbackURLs)).toContain(built.stack.getLogicalId(built.stack.portal.cfnDistribution));
  });

  it('the API functions read the principal from cognito:groups', () => {
    expect(authClaimsOf(built)).toEqual(Array(5).fill(JSON.stringify({ groups: 'cognito:groups' })));
  });
});

describe('OIDC identity (any issuer named in context)', () => {
  const issuer = 'https://sso.example.gov.cn/realms/county';
  let oidc: ReturnType<typeof synth>;
  beforeAll(() => {
    oidc = synth({
      oidcIssuer: issuer,
      oidcClientId: 'lianshen-portal',
      oidcAudience: 'lianshen-api,lianshen-portal',
      oidcApiScope: 'lianshen-api',
      oidcTownshipClaim: 'township_code',
      oidcDepartmentClaim: 'dept_code',
      oidcGroupsClaim: 'roles',
    });
  });

  it('the JWT authorizer trusts exactly the configured issuer and audiences', () => {
    oidc.template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    oidc.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: issuer, Audience: ['lianshen-api', 'lianshen-portal'] },
    });
  });

  it('every route requires the configured scope; without one, routes check issuer and audience only', () => {
    for (const route of routesOf(oidc)) expect(route.AuthorizationScopes, route.RouteKey).toEqual(['lianshen-api']);
    const noScope = synth({ oidcIssuer: issuer, oidcClientId: 'lianshen-portal' });
    for (const route of routesOf(noScope)) {
      expect(route.AuthorizationType, route.RouteKey).toBe('JWT');
      expect(route.AuthorizationScopes, route.RouteKey).toBeUndefined();
    }
    noScope.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: { Issuer: issuer, Audience: ['lianshen-portal'] },
    });
  });

  it('creates no Cognito resource', () => {
    const types = Object.values(oidc.template.toJSON()['Resources'] ?? {}).map((r) => z.looseObject({ Type: z.string() }).parse(r).Type);
    expect(types.filter((t) => t.startsWith('AWS::Cognito::'))).toEqual([]);
    expect(oidc.stack.auth).toBeNull();
  });

  it('hands the configured claim names to the five API functions, and to no other', () => {
    const expected = JSON.stringify({ groups: 'roles', township: 'township_code', department: 'dept_code' });
    expect(authClaimsOf(oidc)).toEqual(Array(5).fill(expected));
  });

  it('rejects incomplete or contradictory identity context with the key named', () => {
    expect(() => synth({ oidcIssuer: issuer })).toThrow(/"oidcClientId" is required/);
    expect(() => synth({ oidcClientId: 'x' })).toThrow(/oidcClientId needs "oidcIssuer"/);
    expect(() => synth({ oidcIssuer: 'http://sso.example.gov.cn', oidcClientId: 'x' })).toThrow(/context "oidcIssuer"/);
    expect(() => synth({ oidcIssuer: issuer, oidcClientId: 'x', authDomainPrefix: 'county' })).toThrow(/apply to Cognito/);
    expect(() => synth({ oidcIssuer: issuer, oidcClientId: 'x', oidcBearerToken: 'id', oidcApiScope: 'api' })).toThrow(/ID tokens/);
    expect(() => synth({ oidcIssuer: issuer, oidcClientId: 'x', oidcGroupsClaim: 'my groups' })).toThrow(/oidcGroupsClaim/);
  });
});
