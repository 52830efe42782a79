// The portal's distribution: S3 through OAC (an OAI in China), and every fetch of the portal on
// its own origin (the API at /api/*, the Cognito token endpoint at /oauth2/*), nothing of the API
// cached; per Region, what CloudFront offers there.
import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Auth } from '../../infra/constructs/auth.js';
import { contentSecurityPolicy, TOKEN_PATH, withCspMeta } from '../../infra/constructs/portal-hosting.js';
import { SPA_ROUTING_SOURCE } from '../../infra/edge-functions.js';
import { API_PATH_PREFIX, API_STAGE_NAME } from '../../infra/routes.js';
import { logicalId, refersTo, resourcesOf, synth, synthRegion } from './synth.js';

const Behavior = z.looseObject({
  PathPattern: z.string().optional(),
  TargetOriginId: z.string(),
  ViewerProtocolPolicy: z.string(),
  AllowedMethods: z.array(z.string()),
  CachePolicyId: z.string().optional(),
  OriginRequestPolicyId: z.string().optional(),
  ResponseHeadersPolicyId: z.unknown().optional(),
  FunctionAssociations: z.array(z.object({ EventType: z.string(), FunctionARN: z.unknown() })).optional(),
});
const Origin = z.looseObject({
  Id: z.string(),
  DomainName: z.unknown(),
  OriginAccessControlId: z.unknown().optional(),
  S3OriginConfig: z.looseObject({ OriginAccessIdentity: z.unknown().optional() }).optional(),
  CustomOriginConfig: z.looseObject({ OriginProtocolPolicy: z.string(), OriginSSLProtocols: z.array(z.string()) }).optional(),
});
const DistributionConfig = z.looseObject({
  DefaultCacheBehavior: Behavior,
  CacheBehaviors: z.array(Behavior),
  Origins: z.array(Origin),
  CustomErrorResponses: z.unknown().optional(),
  Logging: z.looseObject({ Bucket: z.unknown(), Prefix: z.string() }).optional(),
  Aliases: z.array(z.string()).optional(),
  ViewerCertificate: z.looseObject({}).optional(),
});

type Built = ReturnType<typeof synth>;

function distributionOf(b: Built): z.infer<typeof DistributionConfig> {
  const [distribution, ...others] = Object.values(b.template.findResources('AWS::CloudFront::Distribution'));
  expect(others).toHaveLength(0);
  return DistributionConfig.parse(
    z.looseObject({ DistributionConfig: z.unknown() }).parse(distribution?.['Properties']).DistributionConfig,
  );
}

function cognitoOf(b: Built): Auth {
  if (b.stack.auth === null) throw new Error('no Cognito in this stack');
  return b.stack.auth;
}

/** The CSP of the response headers policy, as directive → values. */
function cspOf(b: Built): Map<string, string[]> {
  const [policy] = Object.values(b.template.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
  const csp = z
    .looseObject({
      ResponseHeadersPolicyConfig: z.looseObject({
        SecurityHeadersConfig: z.looseObject({
          ContentSecurityPolicy: z.object({ ContentSecurityPolicy: z.string(), Override: z.boolean() }),
        }),
      }),
    })
    .parse(policy?.['Properties']).ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy;
  return directivesOf(csp);
}

function directivesOf(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );
}

const ALL_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

/** Runs a CloudFront Function source the way the edge does: `handler(event)` returns the request. */
function runEdgeFunction(source: string, uri: string, querystring: Record<string, { value: string }> = {}) {
  const handler: unknown = new Function(`${source}\nreturn handler;`)();
  if (typeof handler !== 'function') throw new Error('the source defines no handler');
  const event = {
    version: '1.0',
    context: { eventType: 'viewer-request' },
    viewer: { ip: '192.0.2.1' },
    request: { method: 'GET', uri, querystring, headers: {}, cookies: {} },
  };
  return z.looseObject({ uri: z.string(), querystring: z.unknown() }).parse(handler(event));
}

let built: Built;
let dist: z.infer<typeof DistributionConfig>;
beforeAll(() => {
  built = synth();
  dist = distributionOf(built);
});

function behavior(pathPattern: string) {
  const found = dist.CacheBehaviors.find((b) => b.PathPattern === pathPattern);
  if (found === undefined) throw new Error(`no behaviour ${pathPattern}`);
  return found;
}

function originOf(b: z.infer<typeof Behavior>) {
  const found = dist.Origins.find((o) => o.Id === b.TargetOriginId);
  if (found === undefined) throw new Error(`no origin ${b.TargetOriginId}`);
  return found;
}

/** The code of the CloudFront Function a behaviour runs on viewer request. */
function viewerRequestCode(b: z.infer<typeof Behavior>): string {
  const associations = b.FunctionAssociations ?? [];
  expect(associations.map((a) => a.EventType)).toEqual(['viewer-request']);
  const functions = resourcesOf(built.template);
  const id = Object.keys(built.template.findResources('AWS::CloudFront::Function')).find((fid) =>
    refersTo(associations[0]?.FunctionARN, fid),
  );
  return z.string().parse(functions[id ?? '']?.Properties?.['FunctionCode']);
}

describe('portal distribution: the API on the same origin', () => {
  it('routes /api/* to the HTTP API over HTTPS, any method, caching disabled, all viewer headers but Host', () => {
    const api = behavior(`${API_PATH_PREFIX}/*`);
    expect(api.CachePolicyId).toBe(CachePolicy.CACHING_DISABLED.cachePolicyId);
    expect(api.OriginRequestPolicyId).toBe(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId);
    expect([...api.AllowedMethods].sort()).toEqual(ALL_METHODS);
    expect(api.ViewerProtocolPolicy).toBe('https-only');

    const origin = originOf(api);
    expect(refersTo(origin.DomainName, logicalId(built.stack.api.httpApi))).toBe(true);
    expect(JSON.stringify(origin.DomainName)).toContain('.execute-api.ap-east-1.');
    expect(origin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
  });

  it('forwards /api/* unchanged to the API stage of the same name, with no edge function', () => {
    const api = behavior(`${API_PATH_PREFIX}/*`);
    expect(api.FunctionAssociations).toBeUndefined();
    expect(originOf(api)).not.toHaveProperty('OriginPath');
    expect(`/${API_STAGE_NAME}`).toBe(API_PATH_PREFIX);
    built.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: API_STAGE_NAME });
    built.template.resourceCountIs('AWS::CloudFront::Function', 1);
  });

  it('forwards the Cognito token endpoint to the hosted UI domain, uncached', () => {
    for (const path of [TOKEN_PATH]) {
      const b = behavior(path);
      expect(b.CachePolicyId, path).toBe(CachePolicy.CACHING_DISABLED.cachePolicyId);
      expect(b.AllowedMethods, path).toContain('POST');
      expect(b.ViewerProtocolPolicy, path).toBe('https-only');
      expect(b.FunctionAssociations, path).toBeUndefined();
      const origin = originOf(b);
      expect(refersTo(origin.DomainName, logicalId(cognitoOf(built).domain))).toBe(true);
      expect(JSON.stringify(origin.DomainName)).toContain('.auth.ap-east-1.amazoncognito.com');
      expect(origin.CustomOriginConfig?.OriginProtocolPolicy).toBe('https-only');
    }
    expect(dist.CacheBehaviors.map((b) => b.PathPattern).sort()).toEqual([`${API_PATH_PREFIX}/*`, TOKEN_PATH].sort());
  });

  it('the HTTP API has no CORS configuration: the portal is same-origin', () => {
    const [api] = Object.values(built.template.findResources('AWS::ApiGatewayV2::Api'));
    expect(api?.['Properties']?.['CorsConfiguration']).toBeUndefined();
  });

  it('extra portalOrigins (e.g. a dev server) get CORS, and the distribution never does', () => {
    const withDev = synth({ portalOrigins: 'http://localhost:5173' });
    const [api] = Object.values(withDev.template.findResources('AWS::ApiGatewayV2::Api'));
    const cors = z.looseObject({ AllowOrigins: z.array(z.unknown()) }).parse(api?.['Properties']?.['CorsConfiguration']);
    expect(cors.AllowOrigins).toEqual(['http://localhost:5173']);
  });

  it('the browser may fetch only its own origin and the upload bucket (CSP connect-src)', () => {
    const directives = cspOf(built);
    expect(directives.get('connect-src')).toEqual(["'self'", `https://*.s3.${built.stack.region}.amazonaws.com`]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
  });
});

describe('portal distribution: the static site', () => {
  it('reads the private S3 bucket through OAC (SigV4), not OAI and not a website endpoint', () => {
    const site = originOf(dist.DefaultCacheBehavior);
    expect(refersTo(site.DomainName, logicalId(built.stack.portal.bucket))).toBe(true);
    expect(site.S3OriginConfig?.OriginAccessIdentity ?? '').toBe('');
    const oacs = Object.keys(built.template.findResources('AWS::CloudFront::OriginAccessControl'));
    expect(oacs).toHaveLength(1);
    expect(refersTo(site.OriginAccessControlId, oacs[0] ?? '')).toBe(true);
    built.template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
    built.template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);

    // The bucket lets CloudFront read only on behalf of this distribution.
    const policies = Object.values(built.template.findResources('AWS::S3::BucketPolicy')).filter((p) =>
      refersTo(p['Properties']?.['Bucket'], logicalId(built.stack.portal.bucket)),
    );
    expect(policies).toHaveLength(1);
    const document: unknown = policies[0]?.['Properties']?.['PolicyDocument'];
    expect(JSON.stringify(document)).toContain('"Service":"cloudfront.amazonaws.com"');
    expect(JSON.stringify(document)).toContain('"AWS:SourceArn"');
    expect(refersTo(document, built.stack.getLogicalId(built.stack.portal.cfnDistribution))).toBe(true);
    built.template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: { LogFilePrefix: 'site-bucket/' },
    });
  });

  it('has no distribution-wide error pages, which would turn API 403/404 into a 200 index.html', () => {
    expect(dist.CustomErrorResponses).toBeUndefined();
  });

  it('answers portal routes with index.html at the edge and serves files as they are', () => {
    const code = viewerRequestCode(dist.DefaultCacheBehavior);
    expect(code).toBe(SPA_ROUTING_SOURCE);
    for (const route of ['/', '/batches', '/batches/b1', '/reviews/c1~court', '/login']) {
      expect(runEdgeFunction(code, route).uri, route).toBe('/index.html');
    }
    for (const file of ['/index.html', '/config.json', '/assets/index-CmixEOqI.js', '/favicon.ico']) {
      expect(runEdgeFunction(code, file).uri, file).toBe(file);
    }
  });

  it('serves index.html as the root object, redirects HTTP to HTTPS, and sends the security headers', () => {
    built.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: { DefaultRootObject: 'index.html', DefaultCacheBehavior: { ViewerProtocolPolicy: 'redirect-to-https' } },
    });
    built.template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: { SecurityHeadersConfig: { FrameOptions: { FrameOption: 'DENY', Override: true } } },
    });
    if (built.stack.portal.securityHeaders === null) throw new Error('no response headers policy');
    const headers = logicalId(built.stack.portal.securityHeaders);
    for (const b of [dist.DefaultCacheBehavior, ...dist.CacheBehaviors]) {
      expect(refersTo(b.ResponseHeadersPolicyId, headers), b.PathPattern ?? 'default').toBe(true);
    }
  });
});

describe('portal /config.json', () => {
  it('Cognito: OIDC code + PKCE with explicit hosted-UI endpoints, the token exchange on this origin, no absolute API URL', () => {
    const config = built.stack.portal.runtimeConfig;
    if (config === null) throw new Error('deployPortal() was not called');
    expect(config).toMatchObject({
      signIn: 'oidc',
      apiBase: API_PATH_PREFIX,
      routing: 'path',
      tokenEndpoint: TOKEN_PATH,
      logoutRedirectParam: 'logout_uri',
      bearerToken: 'access',
      claims: { groups: 'cognito:groups' },
    });
    expect(config.scope.split(' ')).toEqual(['openid', 'lianshen/api']);

    const resolved: unknown = built.stack.resolve(config);
    expect(JSON.stringify(resolved)).not.toContain('execute-api');
    expect(refersTo(resolved, logicalId(built.stack.api.httpApi))).toBe(false);
    const resolvedOf = (value: string | undefined): unknown => built.stack.resolve(value);
    const auth = cognitoOf(built);
    expect(refersTo(resolvedOf(config.clientId), logicalId(auth.portalClient))).toBe(true);
    expect(refersTo(resolvedOf(config.issuer), logicalId(auth.userPool))).toBe(true);
    expect(JSON.stringify(resolvedOf(config.issuer))).toContain('https://cognito-idp.ap-east-1.');
    for (const endpoint of [config.authorizationEndpoint, config.endSessionEndpoint]) {
      expect(refersTo(resolvedOf(endpoint), logicalId(auth.domain))).toBe(true);
      expect(JSON.stringify(resolvedOf(endpoint))).toContain('https://');
    }
    expect(config.authorizationEndpoint).toMatch(/\/oauth2\/authorize$/);
    expect(config.endSessionEndpoint).toMatch(/\/logout$/);
  });

  it('OIDC: the configured issuer, client, scopes and claims; endpoints only where given (else discovery)', () => {
    const oidc = synth({
      oidcIssuer: 'https://sso.example.gov.cn/realms/county',
      oidcClientId: 'lianshen-portal',
      oidcApiScope: 'lianshen-api',
      oidcScopes: 'profile',
      oidcDepartmentClaim: 'dept',
      oidcTokenEndpoint: 'https://token.example.gov.cn/oauth/token',
    });
    expect(oidc.stack.portal.runtimeConfig).toEqual({
      signIn: 'oidc',
      apiBase: API_PATH_PREFIX,
      routing: 'path',
      issuer: 'https://sso.example.gov.cn/realms/county',
      clientId: 'lianshen-portal',
      scope: 'openid profile lianshen-api',
      tokenEndpoint: 'https://token.example.gov.cn/oauth/token',
      logoutRedirectParam: 'post_logout_redirect_uri',
      bearerToken: 'access',
      claims: { department: 'dept' },
    });
    // No Cognito hosted UI behind the distribution; the browser may fetch the provider itself.
    expect(distributionOf(oidc).CacheBehaviors.map((b) => b.PathPattern)).toEqual([`${API_PATH_PREFIX}/*`]);
    const directives = cspOf(oidc);
    expect(directives.get('connect-src')).toEqual([
      "'self'",
      'https://sso.example.gov.cn',
      'https://token.example.gov.cn',
      `https://*.s3.${oidc.stack.region}.amazonaws.com`,
    ]);
    expect(directives.get('form-action')).toEqual(["'self'", 'https://sso.example.gov.cn']);
  });
});

describe('CloudFront standard logging, by Region', () => {
  it('us-east-1 logs to the in-Region access-log bucket', () => {
    const us = synthRegion('us-east-1');
    const logging = distributionOf(us).Logging;
    expect(logging?.Prefix).toBe('cloudfront/');
    expect(refersTo(logging?.Bucket, logicalId(us.stack.portal.logBucket))).toBe(true);
  });

  it('opt-in ap-east-1 has no distribution logging (it cannot deliver there), with CFR3 acknowledged', () => {
    expect(dist.Logging).toBeUndefined();
    const acks = built.stack.portal.distribution?.node.metadata.map((m) => JSON.stringify(m.data)) ?? [];
    expect(acks.some((a) => a.includes('AwsSolutions-CFR3') && a.includes('opt-in Region ap-east-1'))).toBe(true);
  });

  it('the China Regions log to the in-Region bucket', () => {
    for (const region of ['cn-north-1', 'cn-northwest-1']) {
      const cn = synthRegion(region);
      expect(refersTo(distributionOf(cn).Logging?.Bucket, logicalId(cn.stack.portal.logBucket)), region).toBe(true);
    }
  });
});

describe('portal distribution in China (no cache policies, CloudFront Functions or OAC; ICP domain)', () => {
  let cn: Built;
  let cnDist: z.infer<typeof DistributionConfig>;
  beforeAll(() => {
    cn = synthRegion('cn-north-1');
    cnDist = distributionOf(cn);
  });

  it('creates no CloudFront Function, origin access control, cache, origin-request or response-headers policy', () => {
    for (const type of ['Function', 'OriginAccessControl', 'CachePolicy', 'OriginRequestPolicy', 'ResponseHeadersPolicy']) {
      cn.template.resourceCountIs(`AWS::CloudFront::${type}`, 0);
    }
    for (const b of [cnDist.DefaultCacheBehavior, ...cnDist.CacheBehaviors]) {
      const where = b.PathPattern ?? 'default';
      for (const key of ['CachePolicyId', 'OriginRequestPolicyId', 'ResponseHeadersPolicyId', 'FunctionAssociations']) {
        expect(b, where).not.toHaveProperty(key);
      }
      expect(b, where).toHaveProperty('ForwardedValues');
    }
  });

  it('reads the private bucket through an origin access identity that the bucket policy names', () => {
    const site = cnDist.Origins.find((o) => o.Id === cnDist.DefaultCacheBehavior.TargetOriginId);
    expect(refersTo(site?.DomainName, logicalId(cn.stack.portal.bucket))).toBe(true);
    const oais = Object.keys(cn.template.findResources('AWS::CloudFront::CloudFrontOriginAccessIdentity'));
    expect(oais).toHaveLength(1);
    expect(refersTo(site?.S3OriginConfig?.OriginAccessIdentity, oais[0] ?? '')).toBe(true);
    const policy = Object.values(cn.template.findResources('AWS::S3::BucketPolicy')).find((p) =>
      refersTo(p['Properties']?.['Bucket'], logicalId(cn.stack.portal.bucket)),
    );
    const document = JSON.stringify(policy?.['Properties']?.['PolicyDocument']);
    expect(document).toContain('"CanonicalUser"');
    expect(document).toContain(`"${oais[0]}","S3CanonicalUserId"`);
  });

  it('serves the ICP-filed domain from context with the IAM server certificate, TLS 1.2 (2021) or later', () => {
    expect(cnDist.Aliases).toEqual(['lianshen.example.gov.cn']);
    expect(cnDist.ViewerCertificate).toEqual({
      IamCertificateId: 'ASCAEXAMPLE0000000001',
      SslSupportMethod: 'sni-only',
      MinimumProtocolVersion: 'TLSv1.2_2021',
    });
    expect(cn.stack.portal.url).toBe('https://lianshen.example.gov.cn');
  });

  it('forwards /api/* to the API stage with Authorization and the query string, never Host, caching nothing', () => {
    const cnApi = cnDist.CacheBehaviors.find((b) => b.PathPattern === `${API_PATH_PREFIX}/*`);
    expect(cnApi).toMatchObject({
      ViewerProtocolPolicy: 'https-only',
      MinTTL: 0,
      DefaultTTL: 0,
      MaxTTL: 0,
      ForwardedValues: { QueryString: true, Cookies: { Forward: 'none' } },
    });
    const headers = z.looseObject({ ForwardedValues: z.looseObject({ Headers: z.array(z.string()) }) }).parse(cnApi)
      .ForwardedValues.Headers;
    expect(headers).toContain('Authorization');
    expect(headers.map((h) => h.toLowerCase())).not.toContain('host');
    expect([...(cnApi?.AllowedMethods ?? [])].sort()).toEqual(ALL_METHODS);
    const origin = cnDist.Origins.find((o) => o.Id === cnApi?.TargetOriginId);
    expect(JSON.stringify(origin?.DomainName)).toContain('.execute-api.cn-north-1.');
    expect(origin?.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
  });

  it('has no distribution-wide error pages either: portal routes are hash routes, so every page load is /', () => {
    expect(cnDist.CustomErrorResponses).toBeUndefined();
    expect(cn.stack.portal.runtimeConfig?.routing).toBe('hash');
  });

  it('carries the content security policy in index.html, where no response headers policy can', () => {
    const csp = contentSecurityPolicy({ connect: ['https://sso.example.gov.cn'], formAction: ['https://sso.example.gov.cn'], meta: true });
    const html = withCspMeta('<!doctype html><html><head><meta charset="UTF-8"><title>联审</title></head><body></body></html>', csp);
    const content = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    const directives = directivesOf(content.replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
    expect(directives.get('connect-src')).toEqual(["'self'", 'https://sso.example.gov.cn']);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    // frame-ancestors is ignored in a <meta> policy, so it is left out there.
    expect(directives.has('frame-ancestors')).toBe(false);
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<title>'));
    expect(() => withCspMeta('<html><body></body></html>', csp)).toThrow(/no <head>/);
  });
});
