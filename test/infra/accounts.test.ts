// Account management in the template: with Cognito, accountsApi alone holds the pool's admin
// actions and reviewsApi only lists a group's users, both scoped to the one pool; townships and
// departments are no CloudFormation resources; with an OIDC provider nothing may touch Cognito
// and the functions know the provider keeps the accounts.
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { COGNITO_ADMIN_ACTIONS, COGNITO_REVIEWER_ACTIONS } from '../../shared/adapters/identity/cognito-actions.js';
import { logicalId, resourcesOf, synth } from './synth.js';

const Statement = z.looseObject({ Effect: z.string(), Action: z.union([z.string(), z.array(z.string())]), Resource: z.unknown() });
const PolicyProps = z.looseObject({ PolicyDocument: z.object({ Statement: z.array(Statement) }), Roles: z.array(z.unknown()) });

/** Every Cognito statement of the template, with the roles it is attached to. */
function cognitoStatements(built: ReturnType<typeof synth>) {
  const out: Array<{ roles: string; actions: string[]; resource: unknown }> = [];
  for (const r of Object.values(resourcesOf(built.template))) {
    if (r.Type !== 'AWS::IAM::Policy') continue;
    const p = PolicyProps.parse(r.Properties);
    for (const s of p.PolicyDocument.Statement) {
      const actions = Array.isArray(s.Action) ? s.Action : [s.Action];
      if (actions.some((a) => a.startsWith('cognito-idp:'))) out.push({ roles: JSON.stringify(p.Roles), actions, resource: s.Resource });
    }
  }
  return out;
}

function envOf(
  built: ReturnType<typeof synth>,
  name: 'accountsApi' | 'reviewsApi' | 'orgdeptApi' | 'exportWorker' | 'batchesApi',
): Record<string, unknown> {
  const fn = resourcesOf(built.template)[logicalId(built.stack.functions.fn(name))];
  return z.object({ Environment: z.object({ Variables: z.record(z.string(), z.unknown()) }) }).parse(fn?.Properties).Environment.Variables;
}

describe('with Cognito', () => {
  let built: ReturnType<typeof synth>;
  let pool: string;
  beforeAll(() => {
    built = synth();
    const auth = built.stack.auth;
    if (auth === null) throw new Error('expected Cognito');
    pool = logicalId(auth.userPool);
  });

  it('accountsApi holds exactly the admin actions the adapter calls, on the user pool only', () => {
    const statements = cognitoStatements(built);
    const accounts = logicalId(built.stack.functions.role('accountsApi'));
    const reviews = logicalId(built.stack.functions.role('reviewsApi'));
    const forAccounts = statements.filter((s) => s.roles.includes(`"${accounts}"`));
    expect(forAccounts).toHaveLength(1);
    expect([...(forAccounts[0]?.actions ?? [])].sort()).toEqual([...COGNITO_ADMIN_ACTIONS].sort());
    expect(forAccounts[0]?.resource).toEqual({ 'Fn::GetAtt': [pool, 'Arn'] });
    const forReviews = statements.filter((s) => s.roles.includes(`"${reviews}"`));
    expect(forReviews.map((s) => s.actions)).toEqual([[...COGNITO_REVIEWER_ACTIONS]]);
    expect(forReviews[0]?.resource).toEqual({ 'Fn::GetAtt': [pool, 'Arn'] });
    // The notification job lists a unit's users (their phones); no other role may touch the pool.
    const notifications = logicalId(built.stack.functions.role('notifications'));
    const forNotifications = statements.filter((s) => s.roles.includes(`"${notifications}"`));
    expect(forNotifications.map((s) => s.actions)).toEqual([[...COGNITO_REVIEWER_ACTIONS]]);
    // The export worker reads the reviewers' names for 答复人, nothing more.
    const exportWorker = logicalId(built.stack.functions.role('exportWorker'));
    const forExports = statements.filter((s) => s.roles.includes(`"${exportWorker}"`));
    expect(forExports.map((s) => s.actions)).toEqual([[...COGNITO_REVIEWER_ACTIONS]]);
    // batchesApi reads them for the 资格审查表, nothing more.
    const batches = logicalId(built.stack.functions.role('batchesApi'));
    expect(statements.filter((s) => s.roles.includes(`"${batches}"`)).map((s) => s.actions)).toEqual([[...COGNITO_REVIEWER_ACTIONS]]);
    // No other role may touch the pool.
    expect(statements).toHaveLength(5);
  });

  it('the two functions know the pool and how long an access token outlives a sign-out', () => {
    for (const name of ['accountsApi', 'reviewsApi', 'exportWorker', 'batchesApi'] as const) {
      const value = JSON.stringify(envOf(built, name)['IDENTITY_ADMIN']);
      expect(value).toContain('\\"kind\\":\\"cognito\\"');
      expect(value).toContain(`"Ref":"${pool}"`);
      expect(value).toContain('\\"accessTokenMinutes\\":60');
    }
    expect(envOf(built, 'orgdeptApi')['IDENTITY_ADMIN']).toBeUndefined();
    built.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AccessTokenValidity: 60,
      TokenValidityUnits: Match.objectLike({ AccessToken: 'minutes' }),
    });
  });

  it('townships and departments are data: the only group in the template is orgdept', () => {
    const groups = Object.values(resourcesOf(built.template)).filter((r) => r.Type === 'AWS::Cognito::UserPoolGroup');
    expect(groups.map((g) => g.Properties?.['GroupName'])).toEqual(['orgdept']);
  });
});

describe('with an OIDC provider', () => {
  it('no role may call Cognito, and the functions know the provider keeps the accounts', () => {
    const built = synth({
      oidcIssuer: 'https://sso.example.gov.cn/realms/lianshen',
      oidcClientId: 'lianshen-portal',
      oidcGroupsClaim: 'groups',
    });
    expect(cognitoStatements(built)).toEqual([]);
    for (const name of ['accountsApi', 'reviewsApi'] as const) expect(envOf(built, name)['IDENTITY_ADMIN']).toBe('{"kind":"external"}');
  });
});
