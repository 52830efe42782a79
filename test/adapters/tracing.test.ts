import { Tracer } from '@aws-lambda-powertools/tracer';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import { describe, expect, it } from 'vitest';
import { traceHandler, traced } from '../../shared/adapters/tracing.js';
import { lambdaContext } from '../functions/pipeline-fixtures.js';

describe('tracing where there is a tracer, nothing where there is none', () => {
  it('leaves a client and a handler untouched without a tracer', async () => {
    const client = new SQSClient({ region: 'us-east-1' });
    expect(traced(client, undefined)).toBe(client);
    expect(traceHandler(undefined)).toEqual([]);
    const handler = middy(async (n: number) => n + 1).use(traceHandler<number, number>(undefined));
    await expect(handler(1, lambdaContext('untraced'))).resolves.toBe(2);
  });

  it('wraps the handler in Powertools tracing with a tracer', async () => {
    const tracer = new Tracer({ serviceName: 'tracing-test', enabled: false });
    const middlewares = traceHandler<number, number>(tracer);
    expect(middlewares).toHaveLength(1);
    expect(middlewares[0]?.before).toBeTypeOf('function');
    const handler = middy(async (n: number) => n * 2).use(middlewares);
    await expect(handler(4, lambdaContext('traced'))).resolves.toBe(8);
  });
});
