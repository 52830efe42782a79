// The stack per Region, as `npm run synth:all` builds it: what every template must satisfy in the
// large Region, the opt-in Region and both China Regions.
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { resourcesOf, SYNTH_REGIONS, synthRegion } from './synth.js';

const REGIONS = Object.keys(SYNTH_REGIONS);
const CHINA = REGIONS.filter((r) => r.startsWith('cn-'));

/**
 * Properties whose value must be unique in the account and Region (or globally): a resource that
 * keeps one after a failed first create makes every retry fail with "already exists".
 * UserPoolName is not among them (Cognito allows duplicates; the pool id is generated).
 */
const UNIQUE_NAME_PROPERTIES = [
  'LogGroupName',
  'QueueName',
  'TableName',
  'BucketName',
  'Name',
  'AliasName',
  'StateMachineName',
  'DashboardName',
  'FunctionName',
  'RoleName',
  'TopicName',
  'SecretName',
  'KeyAlias',
];

const Join = z.object({
  'Fn::Join': z.tuple([z.literal(''), z.array(z.union([z.string(), z.object({ Ref: z.literal('AWS::URLSuffix') })]))]),
});

/** Every `Principal.Service` value in the template, with AWS::URLSuffix resolved as CloudFormation would there. */
function servicePrincipals(template: unknown, urlSuffix: string): Set<string> {
  const found = new Set<string>();
  const render = (v: unknown) => {
    if (typeof v === 'string') return v;
    return Join.parse(v)
      ['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : urlSuffix))
      .join('');
  };
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'Service') for (const v of [value].flat()) found.add(render(v));
        else walk(value);
      }
    }
  };
  walk(template);
  return found;
}

let built: Map<string, ReturnType<typeof synthRegion>>;
beforeAll(() => {
  built = new Map(REGIONS.map((r) => [r, synthRegion(r)]));
});

const templateOf = (region: string) => {
  const b = built.get(region);
  if (b === undefined) throw new Error(`no synth for ${region}`);
  return b.template;
};

describe.each(REGIONS)('%s', (region) => {
  it('has no resource that keeps a fixed name after a failed first create (Retain + unique name)', () => {
    for (const [id, r] of Object.entries(resourcesOf(templateOf(region)))) {
      if (r['DeletionPolicy'] !== 'Retain') continue;
      const fixed = UNIQUE_NAME_PROPERTIES.filter((p) => r.Properties?.[p] !== undefined);
      expect(fixed, `${id} (${r.Type}) is retained with ${fixed.join(', ')}`).toEqual([]);
    }
  });

  it('names no partition: no arn:aws: literal anywhere in the template', () => {
    expect(JSON.stringify(templateOf(region).toJSON())).not.toMatch(/arn:aws[a-z-]*:/);
  });

  it('stays far below CloudFormation’s 500 resources, with every department deployed', () => {
    // About 434 with all 28 departments: 28 × (queue, DLQ, mapping, alarm) and 90 routes dominate;
    // the queues share one TLS-only queue policy (a policy per queue cost 60 more). Past ~490 the
    // per-department resources must move into a nested stack.
    expect(Object.keys(resourcesOf(templateOf(region))).length).toBeLessThan(490);
  });

  it('service principals are the global ones (valid in aws-cn too); only CloudWatch Logs is regional, in the Region’s suffix', () => {
    const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
    const services = servicePrincipals(templateOf(region).toJSON(), suffix);
    expect(services.size).toBeGreaterThan(3);
    for (const service of services) {
      if (service.startsWith('logs.')) expect(service).toBe(`logs.${region}.${suffix}`);
      else expect(service).toMatch(/^[a-z0-9.-]+\.amazonaws\.com$/);
    }
  });
});

describe.each(CHINA)('%s (AWS China)', (region) => {
  it('has no Cognito, CloudFront Function or origin access control resource', () => {
    const types = Object.values(resourcesOf(templateOf(region))).map((r) => r.Type);
    expect(types.filter((t) => t.startsWith('AWS::Cognito::'))).toEqual([]);
    expect(types).not.toContain('AWS::CloudFront::Function');
    expect(types).not.toContain('AWS::CloudFront::OriginAccessControl');
  });

  it('the JWT authorizer trusts the OIDC issuer from context', () => {
    templateOf(region).hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: { Issuer: SYNTH_REGIONS[region]?.['oidcIssuer'], Audience: [SYNTH_REGIONS[region]?.['oidcClientId']] },
    });
  });

  it('turns off Lambda X-Ray tracing, which China does not integrate', () => {
    for (const [id, r] of Object.entries(templateOf(region).findResources('AWS::Lambda::Function'))) {
      if (id.startsWith('Functions')) expect(r['Properties']?.['TracingConfig'], id).toBeUndefined();
    }
  });

  it('fails synth without the OIDC provider or the portal domain, saying which context to pass', () => {
    expect(() =>
      synthRegion(region, {
        oidcIssuer: undefined,
        oidcClientId: undefined,
        oidcGroupsClaim: undefined,
        oidcTownshipClaim: undefined,
        oidcDepartmentClaim: undefined,
      }),
    ).toThrow(/no Cognito user pools: connect an OIDC provider with -c oidcIssuer=/);
    expect(() => synthRegion(region, { portalDomain: undefined, portalCertificateId: undefined })).toThrow(/-c portalDomain=/);
  });
});
