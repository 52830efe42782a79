import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_MAX_ATTEMPTS, DYNAMODB_MAX_ATTEMPTS, retryOptions } from '../../shared/adapters/clients.js';
import { loadConfig } from '../../shared/adapters/config.js';
import { limitSfnCalls } from '../../shared/adapters/sfn/rate-limit.js';
import { DescribeExecutionCommand, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';

const ENV = {
  TABLE_NAME: 't',
  KEYS_SECRET_ARN: 's',
  POWERTOOLS_SERVICE_NAME: 'x',
  POWERTOOLS_METRICS_NAMESPACE: 'x',
  SFN_CALLS_PER_SECOND: '0',
};

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

describe('the Step Functions rate limit', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A client whose requests never leave the process: the last middleware answers and counts. */
  function countingClient(perSecond: number) {
    const sent: string[] = [];
    const client = limitSfnCalls(
      new SFNClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }),
      perSecond,
    );
    client.middlewareStack.add(
      (_next, context) => async () => {
        sent.push(context.commandName ?? '');
        return { output: { $metadata: {} }, response: {} };
      },
      { step: 'finalizeRequest', name: 'answerLocally' },
    );
    return { client, sent };
  }

  it('spreads StartExecution and SendTask* calls at the configured rate instead of sending them at once', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
    const { client, sent } = countingClient(2);
    const calls = [
      ...Array.from({ length: 4 }, (_, i) => client.send(new StartExecutionCommand({ stateMachineArn: 'arn:sm', name: `c${i}` }))),
      ...Array.from({ length: 2 }, () => client.send(new SendTaskSuccessCommand({ taskToken: 't', output: '{}' }))),
    ];
    // The bucket starts empty and fills at 2 a second: never more than the rate allows so far.
    await vi.advanceTimersByTimeAsync(1010);
    expect(sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toHaveLength(6);
    await Promise.all(calls);
    expect(sent.filter((c) => c === 'SendTaskSuccessCommand')).toHaveLength(2);
  });

  it('lets other commands through without a token', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
    const { client, sent } = countingClient(1);
    await Promise.all(Array.from({ length: 5 }, () => client.send(new DescribeExecutionCommand({ executionArn: 'arn:e' }))));
    expect(sent).toHaveLength(5);
  });
});
