// The portal's distribution: S3 through OAC, and every fetch of the portal on its own origin
// (the API at /api/*, the Cognito token endpoint at /oauth2/*), nothing of the API cached.
import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SPA_ROUTING_SOURCE, STRIP_API_PREFIX_SOURCE } from '../../infra/edge-functions.js';
import { REVOKE_PATH, TOKEN_PATH } from '../../infra/constructs/portal-hosting.js';
import { API_PATH_PREFIX, ROUTES } from '../../infra/routes.js';
import { logicalId, refersTo, resourcesOf, synth } from './synth.js';

const Behavior = z.looseObject({
  PathPattern: z.string().optional(),
  TargetOriginId: z.string(),
  ViewerProtocolPolicy: z.string(),
  AllowedMethods: z.array(z.string()),
  CachePolicyId: z.string(),
  OriginRequestPolicyId: z.string().optional(),
  ResponseHeadersPolicyId: z.unknown().optional(),
  FunctionAssociations: z.array(z.object({ EventType: z.string(), FunctionARN: z.unknown() })).optional(),
});
const Origin = z.looseObject({
  Id: z.string(),
  DomainName: z.unknown(),
  OriginAccessControlId: z.unknown().optional(),
  S3OriginConfig: z.looseObject({ OriginAccessIdentity: z.string().optional() }).optional(),
  CustomOriginConfig: z.looseObject({ OriginProtocolPolicy: z.string(), OriginSSLProtocols: z.array(z.string()) }).optional(),
});
const DistributionConfig = z.looseObject({
  DefaultCacheBehavior: Behavior,
  CacheBehaviors: z.array(Behavior),
  Origins: z.array(Origin),
  CustomErrorResponses: z.unknown().optional(),
});

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

let built: ReturnType<typeof synth>;
let dist: z.infer<typeof DistributionConfig>;
beforeAll(() => {
  built = synth();
  const [distribution, ...others] = Object.values(built.template.findResources('AWS::CloudFront::Distribution'));
  expect(others).toHaveLength(0);
  dist = DistributionConfig.parse(
    z.looseObject({ DistributionConfig: z.unknown() }).parse(distribution?.['Properties']).DistributionConfig,
  );
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

  it('strips /api at the edge, so the HTTP API receives the paths of infra/routes.ts', () => {
    const code = viewerRequestCode(behavior(`${API_PATH_PREFIX}/*`));
    expect(code).toBe(STRIP_API_PREFIX_SOURCE);
    for (const route of ROUTES) {
      const concrete = route.path.replace(/\{[^}]+\}/g, 'x1');
      expect(runEdgeFunction(code, `${API_PATH_PREFIX}${concrete}`).uri, route.path).toBe(concrete);
    }
  });

  it('the prefix strip keeps the query string and touches only a leading /api segment', () => {
    const query = { format: { value: 'xlsx' } };
    const out = runEdgeFunction(STRIP_API_PREFIX_SOURCE, '/api/campaigns/c1/report', query);
    expect(out).toMatchObject({ uri: '/campaigns/c1/report', querystring: query });
    expect(runEdgeFunction(STRIP_API_PREFIX_SOURCE, '/api/').uri).toBe('/');
    expect(runEdgeFunction(STRIP_API_PREFIX_SOURCE, '/api/batches/api/x').uri).toBe('/batches/api/x');
    expect(runEdgeFunction(STRIP_API_PREFIX_SOURCE, '/apiary/x').uri).toBe('/apiary/x');
  });

  it('forwards the Cognito token and revocation endpoints to the hosted UI domain, uncached', () => {
    for (const path of [TOKEN_PATH, REVOKE_PATH]) {
      const b = behavior(path);
      expect(b.CachePolicyId, path).toBe(CachePolicy.CACHING_DISABLED.cachePolicyId);
      expect(b.AllowedMethods, path).toContain('POST');
      expect(b.ViewerProtocolPolicy, path).toBe('https-only');
      expect(b.FunctionAssociations, path).toBeUndefined();
      const origin = originOf(b);
      expect(refersTo(origin.DomainName, logicalId(built.stack.auth.domain))).toBe(true);
      expect(JSON.stringify(origin.DomainName)).toContain('.auth.ap-east-1.amazoncognito.com');
      expect(origin.CustomOriginConfig?.OriginProtocolPolicy).toBe('https-only');
    }
    expect(dist.CacheBehaviors.map((b) => b.PathPattern).sort()).toEqual([`${API_PATH_PREFIX}/*`, REVOKE_PATH, TOKEN_PATH].sort());
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

  it('the browser may fetch only its own origin (CSP connect-src)', () => {
    const [policy] = Object.values(built.template.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    const csp = z
      .looseObject({
        ResponseHeadersPolicyConfig: z.looseObject({
          SecurityHeadersConfig: z.looseObject({
            ContentSecurityPolicy: z.object({ ContentSecurityPolicy: z.string(), Override: z.boolean() }),
          }),
        }),
      })
      .parse(policy?.['Properties']).ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy;
    const directives = new Map(
      csp.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get('connect-src')).toEqual(["'self'"]);
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
    expect(refersTo(document, logicalId(built.stack.portal.distribution))).toBe(true);
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
    const headers = logicalId(built.stack.portal.securityHeaders);
    for (const b of [dist.DefaultCacheBehavior, ...dist.CacheBehaviors]) {
      expect(refersTo(b.ResponseHeadersPolicyId, headers), b.PathPattern ?? 'default').toBe(true);
    }
  });
});

describe('portal /config.json', () => {
  it('carries the same-origin API base and the hosted-UI sign-in settings, no absolute API URL', () => {
    const config = built.stack.portal.runtimeConfig;
    if (config === null) throw new Error('deployPortal() was not called');
    expect(config).toMatchObject({ signIn: 'cognito', apiBase: API_PATH_PREFIX, tokenPath: TOKEN_PATH, revokePath: REVOKE_PATH });
    expect(config.scope.split(' ')).toContain('lianshen/api');

    const resolved: unknown = built.stack.resolve(config);
    expect(JSON.stringify(resolved)).not.toContain('execute-api');
    expect(refersTo(resolved, logicalId(built.stack.api.httpApi))).toBe(false);
    const resolvedOf = (value: string): unknown => built.stack.resolve(value);
    expect(refersTo(resolvedOf(config.clientId), logicalId(built.stack.auth.portalClient))).toBe(true);
    expect(refersTo(resolvedOf(config.userPoolId), logicalId(built.stack.auth.userPool))).toBe(true);
    expect(refersTo(resolvedOf(config.authDomain), logicalId(built.stack.auth.domain))).toBe(true);
    expect(JSON.stringify(resolvedOf(config.authDomain))).toContain('https://');
  });
});
