import { describe, expect, it } from 'vitest';
import { FUNCTIONS, type FunctionName } from '../../functions/manifest.js';
import { ConfigError, loadConfig, requiredEnvKeys } from '../../shared/adapters/config.js';

const AWS_ENV = {
  TABLE_NAME: 'lianshen',
  KEYS_SECRET_ARN: 'arn:aws:secretsmanager:cn-north-1:111111111111:secret:keys',
  POWERTOOLS_SERVICE_NAME: 'lianshen',
  POWERTOOLS_METRICS_NAMESPACE: 'Lianshen',
  SFN_CALLS_PER_SECOND: '3.2',
};

describe('config', () => {
  it('requires exactly the env keys the manifest lists for every function', () => {
    for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
      expect(requiredEnvKeys(name), name).toEqual([...FUNCTIONS[name].env].sort());
    }
  });

  it('names every missing key in one clear error', () => {
    expect(() => loadConfig('starter', { TABLE_NAME: 'x' })).toThrow(ConfigError);
    expect(() => loadConfig('starter', { TABLE_NAME: 'x' })).toThrow(
      /function "starter".*KEYS_SECRET_ARN is required but not set.*STATE_MACHINE_ARN is required but not set/,
    );
  });

  it('treats an empty value as missing', () => {
    expect(() => loadConfig('checker', { ...AWS_ENV, TABLE_NAME: '' })).toThrow(/TABLE_NAME is required/);
  });

  it('accepts the AWS environment without any local override', () => {
    const config = loadConfig('checker', AWS_ENV);
    expect(config.TABLE_NAME).toBe('lianshen');
    expect(config.AWS_ENDPOINT_URL_DYNAMODB).toBeUndefined();
  });

  it('the API functions need AUTH_CLAIMS: the JSON names of the claims that carry the caller’s role', () => {
    expect(() => loadConfig('reviewsApi', AWS_ENV)).toThrow(/AUTH_CLAIMS is required but not set/);
    expect(loadConfig('recordsApi', { ...AWS_ENV, AUTH_CLAIMS: '{"groups":"cognito:groups"}' }).AUTH_CLAIMS).toEqual({
      groups: 'cognito:groups',
    });
    const oidc = { groups: 'roles', township: 'https://sso.example.gov.cn/claims/township', department: 'dept' };
    expect(
      loadConfig('batchesApi', {
        ...AWS_ENV,
        INTAKE_QUEUE_URL: 'https://sqs',
        EXPORT_QUEUE_URL: 'https://sqs/exports',
        STATE_MACHINE_ARN: 'arn:sm',
        IDENTITY_ADMIN: '{"kind":"external"}',
        AUTH_CLAIMS: JSON.stringify(oidc),
      }).AUTH_CLAIMS,
    ).toEqual(oidc);
    expect(() => loadConfig('recordsApi', { ...AWS_ENV, AUTH_CLAIMS: 'groups' })).toThrow(/AUTH_CLAIMS: is not JSON/);
    expect(() => loadConfig('orgdeptApi', { ...AWS_ENV, AUTH_CLAIMS: '{}' })).toThrow(/AUTH_CLAIMS: names no claim/);
    expect(() => loadConfig('orgdeptApi', { ...AWS_ENV, AUTH_CLAIMS: '{"groups":"my groups"}' })).toThrow(/AUTH_CLAIMS\.groups/);
    expect(() => loadConfig('orgdeptApi', { ...AWS_ENV, AUTH_CLAIMS: '{"group":"groups"}' })).toThrow(/AUTH_CLAIMS/);
    // Functions that are not behind the authorizer do not read it.
    expect(requiredEnvKeys('checker')).not.toContain('AUTH_CLAIMS');
  });

  it('the functions that read accounts need IDENTITY_ADMIN: local, a Cognito pool, or an external provider', () => {
    const api = { ...AWS_ENV, AUTH_CLAIMS: '{"groups":"cognito:groups"}' };
    expect(() => loadConfig('accountsApi', api)).toThrow(/IDENTITY_ADMIN is required but not set/);
    expect(() => loadConfig('reviewsApi', api)).toThrow(/IDENTITY_ADMIN is required but not set/);
    const cognito = { kind: 'cognito', userPoolId: 'ap-east-1_AbCdEf123', accessTokenMinutes: 60 };
    expect(loadConfig('accountsApi', { ...api, IDENTITY_ADMIN: JSON.stringify(cognito) }).IDENTITY_ADMIN).toEqual(cognito);
    expect(loadConfig('reviewsApi', { ...api, IDENTITY_ADMIN: '{"kind":"external"}' }).IDENTITY_ADMIN).toEqual({ kind: 'external' });
    expect(() => loadConfig('accountsApi', { ...api, IDENTITY_ADMIN: '{"kind":"cognito"}' })).toThrow(/IDENTITY_ADMIN/);
    expect(() =>
      loadConfig('accountsApi', { ...api, IDENTITY_ADMIN: '{"kind":"cognito","userPoolId":"x","accessTokenMinutes":60}' }),
    ).toThrow(/user pool id/);
    expect(() => loadConfig('accountsApi', { ...api, IDENTITY_ADMIN: 'local' })).toThrow(/IDENTITY_ADMIN: is not JSON/);
    expect(requiredEnvKeys('orgdeptApi')).not.toContain('IDENTITY_ADMIN');
  });

  it('validates the local endpoint overrides and key material', () => {
    expect(() => loadConfig('checker', { ...AWS_ENV, AWS_ENDPOINT_URL_SFN: 'not a url' })).toThrow(/AWS_ENDPOINT_URL_SFN/);
    expect(() => loadConfig('checker', { ...AWS_ENV, LIANSHEN_KEY_MATERIAL: 'short' })).toThrow(/LIANSHEN_KEY_MATERIAL/);
    const local = loadConfig('checker', { ...AWS_ENV, AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000' });
    expect(local.AWS_ENDPOINT_URL_DYNAMODB).toBe('http://127.0.0.1:8000');
  });
});
