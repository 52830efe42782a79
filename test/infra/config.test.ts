import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { checkRegionSupport, readConfig } from '../../infra/config.js';
import { collectDepartments, selectPolicies } from '../../infra/departments.js';
import { regionProfile } from '../../infra/region.js';
import type { Policy } from '../../shared/domain/model.js';
import { builtInPolicies, builtInPolicy } from '../../shared/adapters/files/policy-files.js';

const configOf = (context: Record<string, unknown>) => readConfig(new App({ context }).node);

describe('deployment context', () => {
  it('has safe defaults', () => {
    const c = configOf({});
    expect(c).toMatchObject({
      stackName: 'Lianshen',
      namePrefix: 'lianshen',
      queueNamePrefix: 'lianshen-dept-',
      policyIds: null,
      extraDepartments: [],
      alarmEmail: null,
      starterConcurrency: 10,
      identity: { kind: 'cognito' },
      portalDomain: null,
    });
  });

  it('reads lists from `-c key=a,b` strings and from cdk.json arrays alike', () => {
    expect(configOf({ policies: 'dinghai-2017, county-2017' }).policyIds).toEqual(['dinghai-2017', 'county-2017']);
    expect(configOf({ policies: ['county-2017'] }).policyIds).toEqual(['county-2017']);
    expect(configOf({ portalOrigins: 'http://localhost:5173/,http://127.0.0.1:5173' }).portalOrigins).toEqual([
      'http://localhost:5173',
      'http://127.0.0.1:5173',
    ]);
  });

  it('reads an OIDC provider: claim names, audiences, scopes; groups in `groups` when no claim is named', () => {
    const issuer = 'https://sso.example.gov.cn/realms/county';
    expect(configOf({ oidcIssuer: issuer, oidcClientId: 'portal' }).identity).toEqual({
      kind: 'oidc',
      issuer,
      clientId: 'portal',
      audience: ['portal'],
      apiScope: null,
      scopes: [],
      claims: { groups: 'groups' },
      authorizationEndpoint: null,
      tokenEndpoint: null,
      endSessionEndpoint: null,
      bearerToken: 'access',
    });
    const attributes = configOf({
      oidcIssuer: issuer,
      oidcClientId: 'portal',
      oidcTownshipClaim: 'township',
      oidcScopes: 'openid,profile,org',
      oidcTokenEndpoint: '/sso/token',
    }).identity;
    expect(attributes).toMatchObject({ claims: { township: 'township' }, scopes: ['profile', 'org'], tokenEndpoint: '/sso/token' });
  });

  it('takes the portal domain and its IAM certificate together', () => {
    expect(configOf({ portalDomain: 'lianshen.example.gov.cn', portalCertificateId: 'ASCAEXAMPLE0000000001' }).portalDomain).toEqual({
      name: 'lianshen.example.gov.cn',
      iamCertificateId: 'ASCAEXAMPLE0000000001',
    });
    expect(() => configOf({ portalDomain: 'lianshen.example.gov.cn' })).toThrow(/go together/);
    expect(() => configOf({ portalDomain: 'Lianshen Portal', portalCertificateId: 'ASCAEXAMPLE0000000001' })).toThrow(
      /context "portalDomain"/,
    );
  });

  it('derives the queue prefix from the name prefix unless given', () => {
    expect(configOf({ namePrefix: 'ls-test' }).queueNamePrefix).toBe('ls-test-dept-');
    expect(configOf({ namePrefix: 'ls-test', queueNamePrefix: 'q-' }).queueNamePrefix).toBe('q-');
  });

  it('rejects bad values naming the context key', () => {
    expect(() => configOf({ oidcTokenEndpoint: 'http://sso.example.gov.cn/token' })).toThrow(/context "oidcTokenEndpoint"/);
    expect(() => configOf({ alarmEmail: 'not-an-email' })).toThrow(/context "alarmEmail"/);
    expect(() => configOf({ starterConcurrency: '1' })).toThrow(/context "starterConcurrency"/);
  });
});

describe('what a Region needs from the context', () => {
  const oidc = { oidcIssuer: 'https://sso.example.gov.cn/realms/county', oidcClientId: 'portal' };
  const domain = { portalDomain: 'lianshen.example.gov.cn', portalCertificateId: 'ASCAEXAMPLE0000000001' };

  it('China (no Cognito user pools, ICP-only CloudFront) needs an OIDC provider and the portal domain, and says how', () => {
    for (const region of ['cn-north-1', 'cn-northwest-1']) {
      const profile = regionProfile(region);
      expect(() => checkRegionSupport(configOf({}), profile)).toThrow(
        /no Cognito user pools.*oidcIssuer.*\n.*portalDomain.*portalCertificateId/s,
      );
      expect(() => checkRegionSupport(configOf(oidc), profile)).toThrow(/portalDomain/);
      expect(() => checkRegionSupport(configOf(domain), profile)).toThrow(/oidcIssuer/);
      expect(() => checkRegionSupport(configOf({ ...oidc, ...domain }), profile)).not.toThrow();
    }
  });

  it('refuses SMS through SNS in the China Regions, where SNS sends no SMS, and takes it elsewhere', () => {
    expect(configOf({}).notifySender).toBe('none');
    expect(configOf({ notifySender: 'sns' }).notifySender).toBe('sns');
    expect(() => configOf({ notifySender: 'pigeon' })).toThrow(/context "notifySender"/);
    for (const region of ['cn-north-1', 'cn-northwest-1']) {
      expect(() => checkRegionSupport(configOf({ ...oidc, ...domain, notifySender: 'sns' }), regionProfile(region))).toThrow(
        /SNS does not send SMS in cn-/,
      );
    }
    expect(() => checkRegionSupport(configOf({ notifySender: 'sns' }), regionProfile('ap-east-1'))).not.toThrow();
  });

  it('refuses e-mail through SES in the China Regions, and takes a sender address elsewhere', () => {
    expect(configOf({}).notifyEmailFrom).toBeNull();
    expect(() => configOf({ notifyEmailFrom: 'not-an-address' })).toThrow(/context "notifyEmailFrom"/);
    for (const region of ['cn-north-1', 'cn-northwest-1']) {
      expect(() =>
        checkRegionSupport(configOf({ ...oidc, ...domain, notifyEmailFrom: 'lianshen@dinghai.gov.cn' }), regionProfile(region)),
      ).toThrow(/SES is not offered in cn-/);
    }
    expect(() => checkRegionSupport(configOf({ notifyEmailFrom: 'lianshen@dinghai.gov.cn' }), regionProfile('ap-east-1'))).not.toThrow();
  });

  it('elsewhere Cognito and the CloudFront domain are enough', () => {
    for (const region of ['us-east-1', 'ap-east-1']) expect(() => checkRegionSupport(configOf({}), regionProfile(region))).not.toThrow();
  });

  it('knows the partition, the opt-in Regions and what China lacks', () => {
    expect(regionProfile('us-east-1')).toMatchObject({ partition: 'aws', urlSuffix: 'amazonaws.com', cloudFront: 'global' });
    expect(regionProfile('us-east-1').cloudFrontLogsToRegionalBucket).toBe(true);
    expect(regionProfile('ap-east-1').cloudFrontLogsToRegionalBucket).toBe(false);
    expect(regionProfile('cn-northwest-1')).toMatchObject({
      partition: 'aws-cn',
      urlSuffix: 'amazonaws.com.cn',
      cognitoUserPools: false,
      cloudFront: 'china',
      cloudFrontLogsToRegionalBucket: true,
      lambdaXRay: false,
      snsSms: false,
    });
    expect(() => regionProfile('us-gov-west-1')).toThrow(/aws and aws-cn partitions only/);
    expect(() => regionProfile('xx-nowhere-9')).toThrow(/Unknown Region/);
  });
});

describe('departments from policy data', () => {
  it('deploys the union of every policy’s departments, by code', () => {
    const all = collectDepartments(builtInPolicies());
    const codes = new Set(builtInPolicies().flatMap((p) => p.departments.map((d) => d.code)));
    expect(all.map((d) => d.code)).toEqual([...codes].sort((a, b) => a.localeCompare(b)));
  });

  it('keeps the longest SLA and every mode a department has across policies', () => {
    const base = builtInPolicy('dinghai-2017');
    const dept = base.departments[0];
    if (dept === undefined) throw new Error('policy without departments');
    const a: Policy = { ...base, id: 'a', departments: [{ ...dept, slaDays: 3, mode: 'auto' }] };
    const b: Policy = { ...base, id: 'b', departments: [{ ...dept, slaDays: 9, mode: 'manual' }] };
    const [merged] = collectDepartments([a, b]);
    expect(merged).toMatchObject({ code: dept.code, slaDays: 9, modes: ['auto', 'manual'], policyIds: ['a', 'b'] });
  });

  it('restricts to the named policies and rejects unknown ids', () => {
    expect(selectPolicies(builtInPolicies(), ['county-2017']).map((p) => p.id)).toEqual(['county-2017']);
    expect(() => selectPolicies(builtInPolicies(), ['county-2017', 'nope'])).toThrow(/Unknown policy id\(s\).*nope/);
  });
});
