import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_ATTEMPTS, DYNAMODB_MAX_ATTEMPTS, retryOptions } from '../../shared/adapters/clients.js';
import { loadConfig } from '../../shared/adapters/config.js';

const ENV = { TABLE_NAME: 't', KEYS_SECRET_ARN: 's', POWERTOOLS_SERVICE_NAME: 'x', POWERTOOLS_METRICS_NAMESPACE: 'x' };

describe('SDK retries', () => {
  it('retries throttled DynamoDB calls in adaptive mode with more attempts than the SDK default', async () => {
    const client = new DynamoDBClient({ region: 'us-east-1', ...retryOptions(loadConfig('decide', ENV), DYNAMODB_MAX_ATTEMPTS) });
    expect(client.config.retryMode).toBe('adaptive');
    expect(await client.config.maxAttempts()).toBe(8);
    client.destroy();
  });

  it('takes the number of attempts from LIANSHEN_MAX_ATTEMPTS', async () => {
    const config = loadConfig('checker', { ...ENV, LIANSHEN_MAX_ATTEMPTS: '12' });
    const sfn = new SFNClient({ region: 'us-east-1', ...retryOptions(config, DEFAULT_MAX_ATTEMPTS) });
    expect(await sfn.config.maxAttempts()).toBe(12);
    expect(() => loadConfig('checker', { ...ENV, LIANSHEN_MAX_ATTEMPTS: '0' })).toThrow(/LIANSHEN_MAX_ATTEMPTS/);
    sfn.destroy();
  });
});
