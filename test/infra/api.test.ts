import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { groupNames } from '../../infra/constructs/auth.js';
import { API_SCOPE } from '../../infra/config.js';
import { collectDepartments } from '../../infra/departments.js';
import { ROUTES } from '../../infra/routes.js';
import { listPolicies } from '../../shared/domain/policies/index.js';
import { logicalId, synth, TEST_TOWNSHIPS } from './synth.js';

const RouteProps = z.looseObject({
  RouteKey: z.string(),
  AuthorizationType: z.string().optional(),
  AuthorizerId: z.unknown().optional(),
  AuthorizationScopes: z.array(z.string()).optional(),
  Target: z.unknown(),
});

let built: ReturnType<typeof synth>;
let routes: Array<z.infer<typeof RouteProps>>;
let authorizerId: string;
beforeAll(() => {
  built = synth();
  routes = Object.values(built.template.findResources('AWS::ApiGatewayV2::Route')).map((r) => RouteProps.parse(r['Properties']));
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
        Audience: [{ Ref: logicalId(built.stack.auth.portalClient) }],
      },
    });
    const issuer = JSON.stringify(
      built.template.findResources('AWS::ApiGatewayV2::Authorizer')[authorizerId]?.['Properties']?.JwtConfiguration?.Issuer,
    );
    expect(issuer).toContain('https://cognito-idp.ap-east-1.');
    expect(issuer).toContain(`{"Ref":"${logicalId(built.stack.auth.userPool)}"}`);
  });

  it('the stage writes access logs to a CMK-encrypted log group and is throttled', () => {
    built.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
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

  it('has the orgdept group, a group per configured township and per deployed department', () => {
    const names = Object.values(built.template.findResources('AWS::Cognito::UserPoolGroup')).map((r) => r['Properties']?.GroupName);
    const codes = collectDepartments(listPolicies()).map((d) => d.code);
    expect(names.sort()).toEqual(groupNames(TEST_TOWNSHIPS, codes).sort());
    expect(names).toContain('orgdept');
    expect(names).toContain('township:baiquan');
    expect(names).toContain('department:public-security');
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
    expect(JSON.stringify(client.AllowedOAuthScopes)).toContain(logicalId(built.stack.auth.resourceServer));
    expect(JSON.stringify(client.CallbackURLs)).toContain(logicalId(built.stack.portal.distribution));
  });
});
