// The portal's OpenID Connect logic (portal/src/oidc.ts), run in Node: the /config.json infra
// writes, discovery, PKCE, the token response, sign-out, and roles read exactly as the API reads them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appHref,
  authorizationUrl,
  codeChallenge,
  discoveryUrl,
  endSessionUrl,
  LOCAL_SIGN_IN,
  needsDiscovery,
  type OidcConfig,
  parseSignInConfig,
  resolveEndpoints,
  rolesFromClaims,
  tokenRequestBody,
  tokensFrom,
} from '../../portal/src/oidc.js';
import { principalFromClaims } from '../../shared/adapters/http/auth.js';
import { synth, synthRegion } from '../infra/synth.js';

const ISSUER = 'https://sso.example.gov.cn/realms/county';
const ORIGIN = 'https://lianshen.example.gov.cn';

function oidcConfig(overrides: Partial<OidcConfig> = {}): OidcConfig {
  return {
    mode: 'oidc',
    routing: 'path',
    issuer: ISSUER,
    clientId: 'lianshen-portal',
    scope: 'openid lianshen-api',
    logoutRedirectParam: 'post_logout_redirect_uri',
    bearerToken: 'access',
    claims: { groups: 'groups' },
    ...overrides,
  };
}

const jwt = (claims: Record<string, unknown>) =>
  `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;

describe('the /config.json that infra deploys', () => {
  it('is read as the same OIDC settings, in the Region with hash routes too', () => {
    const built = synthRegion('cn-north-1', { oidcApiScope: 'lianshen-api', oidcEndSessionEndpoint: '/logout' });
    const written: unknown = JSON.parse(JSON.stringify(built.stack.resolve(built.stack.portal.runtimeConfig)));
    expect(parseSignInConfig(written)).toEqual({
      mode: 'oidc',
      routing: 'hash',
      issuer: 'https://sso.example.gov.cn/realms/lianshen',
      clientId: 'lianshen-portal',
      scope: 'openid lianshen-api',
      endSessionEndpoint: '/logout',
      logoutRedirectParam: 'post_logout_redirect_uri',
      bearerToken: 'access',
      claims: { groups: 'groups' },
    });
  });

  it('Cognito’s is complete without discovery (explicit hosted-UI endpoints, the token path on this origin)', () => {
    const built = synth();
    const config = built.stack.portal.runtimeConfig;
    // The Cognito values are deploy-time references; the shape is what matters here.
    const parsed = parseSignInConfig({ ...config, issuer: 'https://cognito-idp.ap-east-1.amazonaws.com/ap-east-1_x', clientId: 'c' });
    if (parsed.mode !== 'oidc') throw new Error('not read as OIDC');
    expect(needsDiscovery({ ...parsed, authorizationEndpoint: 'https://d.auth.ap-east-1.amazoncognito.com/oauth2/authorize' })).toBe(false);
    expect(parsed).toMatchObject({
      tokenEndpoint: '/oauth2/token',
      logoutRedirectParam: 'logout_uri',
      claims: { groups: 'cognito:groups' },
    });
  });

  it('falls back to the local sign-in for no file or a malformed one', () => {
    expect(parseSignInConfig(null)).toEqual(LOCAL_SIGN_IN);
    expect(parseSignInConfig('<!doctype html>')).toEqual(LOCAL_SIGN_IN);
    const good = { signIn: 'oidc', routing: 'path', issuer: ISSUER, clientId: 'c', scope: 'openid', claims: { groups: 'groups' } };
    expect(parseSignInConfig(good).mode).toBe('oidc');
    expect(parseSignInConfig({ ...good, issuer: 'http://sso.example.gov.cn' })).toEqual(LOCAL_SIGN_IN);
    expect(parseSignInConfig({ ...good, tokenEndpoint: 'javascript:alert(1)' })).toEqual(LOCAL_SIGN_IN);
    expect(parseSignInConfig({ ...good, claims: {} })).toEqual(LOCAL_SIGN_IN);
    expect(parseSignInConfig({ ...good, routing: 'memory' })).toEqual(LOCAL_SIGN_IN);
  });
});

describe('discovery', () => {
  const discovery = {
    issuer: ISSUER,
    authorization_endpoint: `${ISSUER}/protocol/openid-connect/auth`,
    token_endpoint: `${ISSUER}/protocol/openid-connect/token`,
    end_session_endpoint: `${ISSUER}/protocol/openid-connect/logout`,
  };

  it('lives under the issuer (one slash) and supplies the endpoints not configured', () => {
    expect(discoveryUrl(`${ISSUER}/`)).toBe(`${ISSUER}/.well-known/openid-configuration`);
    expect(resolveEndpoints(oidcConfig(), discovery, ORIGIN)).toEqual({
      authorization: discovery.authorization_endpoint,
      token: discovery.token_endpoint,
      endSession: discovery.end_session_endpoint,
    });
    const given = resolveEndpoints(oidcConfig({ tokenEndpoint: '/sso/token' }), discovery, ORIGIN);
    expect(given.token).toBe(`${ORIGIN}/sso/token`);
  });

  it('refuses another issuer’s document, and endpoints that are not https', () => {
    expect(() => resolveEndpoints(oidcConfig(), { ...discovery, issuer: 'https://evil.example' }, ORIGIN)).toThrow(/签发者与配置不符/);
    expect(() => resolveEndpoints(oidcConfig(), { ...discovery, token_endpoint: 'http://sso/token' }, ORIGIN)).toThrow(/https/);
    expect(() => resolveEndpoints(oidcConfig(), { issuer: ISSUER }, ORIGIN)).toThrow(/缺少授权或令牌端点/);
  });
});

describe('authorization code + PKCE', () => {
  it('computes the S256 challenge of RFC 7636 appendix B', async () => {
    expect(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('asks for a code with the challenge, state, nonce, scope and the portal root as redirect', () => {
    const endpoints = { authorization: `${ISSUER}/auth?kc_idp_hint=gov`, token: `${ISSUER}/token`, endSession: null };
    const url = new URL(
      authorizationUrl(endpoints, oidcConfig(), { redirectUri: `${ORIGIN}/`, state: 's1', nonce: 'n1', challenge: 'c1' }),
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      kc_idp_hint: 'gov',
      response_type: 'code',
      client_id: 'lianshen-portal',
      redirect_uri: `${ORIGIN}/`,
      scope: 'openid lianshen-api',
      state: 's1',
      nonce: 'n1',
      code_challenge: 'c1',
      code_challenge_method: 'S256',
    });
    const body = tokenRequestBody(oidcConfig(), { code: 'k', redirectUri: `${ORIGIN}/`, verifier: 'v' });
    expect(Object.fromEntries(body)).toEqual({
      grant_type: 'authorization_code',
      client_id: 'lianshen-portal',
      code: 'k',
      redirect_uri: `${ORIGIN}/`,
      code_verifier: 'v',
    });
  });

  it('sends the access token, or the ID token (nonce checked) where access tokens are opaque', () => {
    const idToken = jwt({ sub: 'u', nonce: 'n1', name: '王丽' });
    const response = { access_token: 'opaque-access', id_token: idToken };
    expect(tokensFrom(oidcConfig(), response, 'n1')).toEqual({ token: 'opaque-access', displayName: '王丽' });
    expect(tokensFrom(oidcConfig({ bearerToken: 'id' }), response, 'n1')).toEqual({ token: idToken, displayName: '王丽' });
    expect(() => tokensFrom(oidcConfig({ bearerToken: 'id' }), response, 'other')).toThrow(/已失效/);
    expect(() => tokensFrom(oidcConfig(), { id_token: idToken }, 'n1')).toThrow(/未取得访问令牌/);
  });

  it('signs out at the provider with its own return parameter (Cognito: logout_uri)', () => {
    const endpoints = { authorization: 'https://a', token: 'https://t', endSession: 'https://d.auth.ap-east-1.amazoncognito.com/logout' };
    const cognito = new URL(endSessionUrl(endpoints, oidcConfig({ logoutRedirectParam: 'logout_uri' }), `${ORIGIN}/`) ?? '');
    expect(Object.fromEntries(cognito.searchParams)).toEqual({ client_id: 'lianshen-portal', logout_uri: `${ORIGIN}/` });
    const oidc = new URL(endSessionUrl({ ...endpoints, endSession: `${ISSUER}/logout` }, oidcConfig(), `${ORIGIN}/`) ?? '');
    expect(oidc.searchParams.get('post_logout_redirect_uri')).toBe(`${ORIGIN}/`);
    expect(endSessionUrl({ ...endpoints, endSession: null }, oidcConfig(), `${ORIGIN}/`)).toBeNull();
  });

  it('writes routes as hashes where the CDN cannot serve portal paths', () => {
    expect(appHref('hash', '/login?expired=1')).toBe('/#/login?expired=1');
    expect(appHref('path', '/login?expired=1')).toBe('/login?expired=1');
  });
});

describe('roles in the portal = what the API grants', () => {
  const code = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,8}$/);
  const junk = fc.constantFrom('', 'Court Office', '白泉镇', 'township:', 'department:Court');
  const group = fc.oneof(
    fc.constant('orgdept'),
    code.map((c) => `township:${c}`),
    code.map((c) => `department:${c}`),
    junk,
  );
  const shape = (values: string[]) => fc.constantFrom<unknown>(values, `[${values.join(' ')}]`, JSON.stringify(values), values.join(','));

  it('for any groups and attribute values, in any shape the HTTP API passes them', () => {
    const names = { groups: 'roles', township: 'township_code', department: 'dept' };
    fc.assert(
      fc.property(
        fc.array(group, { maxLength: 6 }).chain(shape),
        fc.array(fc.oneof(code, junk), { maxLength: 3 }).chain(shape),
        fc.array(fc.oneof(code, junk), { maxLength: 3 }).chain(shape),
        (roles, townships, departments) => {
          const claims = { sub: 'u1', roles, township_code: townships, dept: departments };
          const api = principalFromClaims(claims, names);
          const portal = rolesFromClaims(claims, names);
          expect({ ...portal, townships: [...portal.townships].sort(), departments: [...portal.departments].sort() }).toEqual({
            townships: [...api.townships].sort(),
            departments: [...api.departments].sort(),
            orgdept: api.orgdept,
          });
        },
      ),
    );
  });
});
