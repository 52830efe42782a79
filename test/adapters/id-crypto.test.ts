import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import '../functions/aws-matchers.js';
import type { CommonConfig } from '../../shared/adapters/config.js';
import { createIdCrypto } from '../../shared/adapters/id-crypto.js';
import { ID_A, ID_B } from './samples.js';

const MATERIAL = 'test-key-material-0123456789abcdef';
const config: CommonConfig = {
  TABLE_NAME: 't',
  KEYS_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:keys',
  POWERTOOLS_SERVICE_NAME: 's',
  POWERTOOLS_METRICS_NAMESPACE: 'n',
};

describe('ID number crypto', () => {
  const crypto = createIdCrypto(MATERIAL);

  it('round-trips an ID number and never shows it in the sealed form', () => {
    const sealed = crypto.encrypt(ID_A);
    expect(sealed).not.toContain(ID_A);
    expect(crypto.decrypt(sealed)).toBe(ID_A);
  });

  it('seals the same ID differently each time (random IV) but looks it up by one HMAC', () => {
    expect(crypto.encrypt(ID_A)).not.toBe(crypto.encrypt(ID_A));
    expect(crypto.hmac(ID_A)).toBe(crypto.hmac(ID_A));
    expect(crypto.hmac(ID_A)).not.toBe(crypto.hmac(ID_B));
    expect(crypto.hmac(ID_A.toLowerCase())).toBe(crypto.hmac(ID_A));
  });

  it('derives different keys from different secrets', () => {
    const other = createIdCrypto('another-key-material-0123456789ab');
    expect(other.hmac(ID_A)).not.toBe(crypto.hmac(ID_A));
    expect(() => other.decrypt(crypto.encrypt(ID_A))).toThrow();
  });

  it('rejects a tampered ciphertext', () => {
    const parts = crypto.encrypt(ID_A).split('.');
    const body = Buffer.from(parts[2] ?? '', 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    parts[2] = body.toString('base64url');
    expect(() => crypto.decrypt(parts.join('.'))).toThrow();
    expect(() => crypto.decrypt('plain')).toThrow(/not a sealed ID number/);
  });
});

describe('loadIdCrypto', () => {
  const sm = mockClient(SecretsManagerClient);

  beforeEach(() => {
    sm.reset();
    vi.resetModules();
  });

  it('reads the secret once per cold start', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: MATERIAL });
    const { loadIdCrypto } = await import('../../shared/adapters/id-crypto.js');
    const client = new SecretsManagerClient({ region: 'us-east-1' });
    const a = await loadIdCrypto(config, client);
    const b = await loadIdCrypto(config, client);
    expect(a).toBe(b);
    expect(sm).toHaveReceivedCommandTimes(GetSecretValueCommand, 1);
    expect(sm).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: config.KEYS_SECRET_ARN });
    expect(a.hmac(ID_A)).toBe(createIdCrypto(MATERIAL).hmac(ID_A));
  });

  it('uses LIANSHEN_KEY_MATERIAL locally without calling Secrets Manager', async () => {
    const { loadIdCrypto } = await import('../../shared/adapters/id-crypto.js');
    const local = await loadIdCrypto({ ...config, LIANSHEN_KEY_MATERIAL: MATERIAL }, new SecretsManagerClient({ region: 'us-east-1' }));
    expect(local.hmac(ID_A)).toBe(createIdCrypto(MATERIAL).hmac(ID_A));
    expect(sm).not.toHaveReceivedCommand(GetSecretValueCommand);
  });

  it('retries after a failed read instead of caching the failure', async () => {
    sm.on(GetSecretValueCommand).rejectsOnce(new Error('network')).resolves({ SecretString: MATERIAL });
    const { loadIdCrypto } = await import('../../shared/adapters/id-crypto.js');
    const client = new SecretsManagerClient({ region: 'us-east-1' });
    await expect(loadIdCrypto(config, client)).rejects.toThrow('network');
    await expect(loadIdCrypto(config, client)).resolves.toBeDefined();
  });
});
