import './handler-env.js';
import {
  DescribeExecutionCommand,
  ExecutionNotRedrivable,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import './aws-matchers.js';

import { createRedriveHandler } from '../../functions/redrive.js';
import { sfnRedrives } from '../../shared/adapters/sfn/executions.js';
import { redriveFailed } from '../../shared/app/redrive.js';
import { lambdaContext } from './pipeline-fixtures.js';

const sfn = mockClient(SFNClient);
const ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:review';
const NOW = new Date('2026-12-02T05:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 24 * 3600 * 1000);
const exec = (name: string, stopped: Date) => ({
  executionArn: `arn:aws:states:us-east-1:000000000000:execution:review:${name}`,
  stateMachineArn: ARN,
  name,
  status: 'FAILED' as const,
  startDate: daysAgo(30),
  stopDate: stopped,
});
const quiet = { info: () => undefined, warn: () => undefined };

beforeEach(() => {
  sfn.reset();
  sfn
    .on(ListExecutionsCommand)
    .resolvesOnce({ executions: [exec('c1--a', daysAgo(1)), exec('c2--b', daysAgo(2))], nextToken: 'page-2' })
    .resolvesOnce({ executions: [exec('c1--old', daysAgo(15))] });
  sfn.on(RedriveExecutionCommand).resolves({ redriveDate: NOW });
});

describe('redriving FAILED executions', () => {
  it('lists every FAILED page and redrives those that stopped within 14 days, even if they started earlier', async () => {
    const result = await redriveFailed({ redrives: sfnRedrives(new SFNClient({}), ARN), now: () => NOW, log: quiet });
    expect(result).toMatchObject({ found: 2, redriven: 2, notRedrivable: 0 });
    expect(sfn).toHaveReceivedCommandWith(ListExecutionsCommand, { stateMachineArn: ARN, statusFilter: 'FAILED' });
    expect(sfn).toHaveReceivedCommandWith(ListExecutionsCommand, { nextToken: 'page-2' });
    const redriven = sfn.commandCalls(RedriveExecutionCommand).map((c) => c.args[0].input.executionArn);
    expect(redriven.map((a) => a?.split(':').at(-1)).sort()).toEqual(['c1--a', 'c2--b']);
  });

  it("with a campaign, redrives only that campaign's executions (read from the execution input)", async () => {
    sfn.on(DescribeExecutionCommand).callsFake((input: { executionArn: string }) => ({
      input: JSON.stringify({ campaignId: input.executionArn.endsWith('c1--a') ? 'c1' : 'c2', batchId: 'b', candidateId: 'x' }),
    }));
    const result = await redriveFailed({ redrives: sfnRedrives(new SFNClient({}), ARN), now: () => NOW, log: quiet }, { campaignId: 'c1' });
    expect(result.executions).toEqual([{ name: 'c1--a', result: 'redriven' }]);
  });

  it('counts an execution Step Functions will not redrive instead of failing the run', async () => {
    sfn.on(RedriveExecutionCommand).rejects(new ExecutionNotRedrivable({ message: 'no', $metadata: {} }));
    const result = await redriveFailed({ redrives: sfnRedrives(new SFNClient({}), ARN), now: () => NOW, log: quiet });
    expect(result).toMatchObject({ found: 2, redriven: 0, notRedrivable: 2 });
  });

  it('runs hourly as the redrive function, which returns the counts only', async () => {
    const handler = createRedriveHandler({ sfn: new SFNClient({}), stateMachineArn: ARN, now: () => NOW });
    expect(await handler({}, lambdaContext('redrive'))).toEqual({ found: 2, redriven: 2, notRedrivable: 0 });
  });
});
