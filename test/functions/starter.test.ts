import './handler-env.js';
import { SFNClient, StartExecutionCommand, ExecutionAlreadyExists } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import './aws-matchers.js';

import { createStarterHandler, executionName } from '../../functions/starter.js';
import { lambdaContext, sqsRecord } from './pipeline-fixtures.js';

const sfn = mockClient(SFNClient);
const ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:review';

describe('executionName', () => {
  it('is the same for the same campaign and candidate', () => {
    expect(executionName('dinghai-2026', 'b20261110-ab12-0007')).toBe(executionName('dinghai-2026', 'b20261110-ab12-0007'));
    expect(executionName('dinghai-2026', 'b20261110-ab12-0007')).toBe('dinghai-2026--b20261110-ab12-0007');
  });

  it('differs for different candidates even when sanitising or truncating would collide', () => {
    expect(executionName('c 1', 'x')).not.toBe(executionName('c_1', 'x'));
    const long = 'c'.repeat(70);
    expect(executionName(long, 'cand-0001')).not.toBe(executionName(long, 'cand-0002'));
  });

  it('stays within the Step Functions charset and 80 characters', () => {
    for (const [campaign, candidate] of [
      ['定海2026', 'b-1'],
      ['a/b:c*d', 'e?f'],
      ['x'.repeat(200), 'y'.repeat(64)],
    ] as const) {
      const name = executionName(campaign, candidate);
      expect(name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
    }
  });
});

describe('starter', () => {
  const handler = createStarterHandler({ sfn: new SFNClient({}), stateMachineArn: ARN });
  const body = (candidateId: string) => ({ campaignId: 'c1', batchId: 'b-one', candidateId });

  beforeEach(() => {
    sfn.reset();
  });

  it('starts one named execution per candidate with IDs only as input', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:x', startDate: new Date() });
    const result = await handler({ Records: [sqsRecord(body('b-one-0001'), 'm1')] }, lambdaContext('starter'));
    expect(result.batchItemFailures).toEqual([]);
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, {
      stateMachineArn: ARN,
      name: 'c1--b-one-0001',
      input: JSON.stringify({ campaignId: 'c1', batchId: 'b-one', candidateId: 'b-one-0001' }),
    });
  });

  it('counts ExecutionAlreadyExists as success', async () => {
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    const result = await handler({ Records: [sqsRecord(body('b-one-0001'), 'm1')] }, lambdaContext('starter'));
    expect(result.batchItemFailures).toEqual([]);
  });

  it('fails only the record that could not be started', async () => {
    sfn
      .on(StartExecutionCommand, { name: 'c1--b-one-0002' })
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))
      .on(StartExecutionCommand, { name: 'c1--b-one-0001' })
      .resolves({ executionArn: 'arn:x', startDate: new Date() });
    const result = await handler(
      { Records: [sqsRecord(body('b-one-0001'), 'ok'), sqsRecord(body('b-one-0002'), 'throttled'), sqsRecord('not json', 'poison')] },
      lambdaContext('starter'),
    );
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['poison', 'throttled']);
    expect(sfn).toHaveReceivedCommandTimes(StartExecutionCommand, 2);
  });
});
