// The Debian AWS CLI (botocore's own JSON 1.0 parser) against the local endpoint.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startLocalStepFunctions, type LocalStepFunctionsHandle } from '../../../local/sfn/index.js';
import { missingTool } from '../../support/tools.js';
import { sfnClient, startQueues, stubRuntime, TOY_ASL, type Queues } from './support.js';

const AWS = '/usr/bin/aws';
const run = promisify(execFile);

const noAwsCli = missingTool(`the AWS CLI at ${AWS}`, existsSync(AWS), 'apt-get install -y awscli');

describe.skipIf(noAwsCli)('aws stepfunctions CLI against the local endpoint', () => {
  let queues: Queues;
  let sfn: LocalStepFunctionsHandle;
  let executionArn = '';

  beforeAll(async () => {
    queues = await startQueues();
    await queues.create('cli-dept-silent');
    sfn = await startLocalStepFunctions({
      definition: TOY_ASL,
      lambda: stubRuntime({ prepare: () => 1, finish: () => 2 }).runtime,
      sqs: queues.sqs,
      departmentQueueUrlPrefix: `${queues.urlBase}cli-dept-`,
    });
    const client = sfnClient(sfn.url);
    const started = await client.send(
      new StartExecutionCommand({
        stateMachineArn: sfn.stateMachineArn,
        name: 'cli-1',
        input: '{"candidateId":"c1","department":"silent","timeoutSeconds":600}',
      }),
    );
    executionArn = started.executionArn ?? '';
    client.destroy();
  });
  afterAll(async () => {
    await sfn?.stop();
    await queues?.stop();
  });

  // Letters-only dummy credentials; async exec so the in-process endpoint keeps serving.
  const aws = async (...args: string[]): Promise<unknown> => {
    const { stdout } = await run(AWS, [...args, '--endpoint-url', sfn.url, '--output', 'json'], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' },
    });
    return JSON.parse(stdout);
  };

  it('lists executions', async () => {
    const listed = z
      .object({ executions: z.array(z.object({ name: z.string(), status: z.string(), startDate: z.string() })) })
      .parse(await aws('stepfunctions', 'list-executions', '--state-machine-arn', sfn.stateMachineArn));
    expect(listed.executions).toEqual([
      expect.objectContaining({ name: 'cli-1', status: 'RUNNING', startDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }),
    ]);
  });

  it('describes an execution', async () => {
    const described = await aws('stepfunctions', 'describe-execution', '--execution-arn', executionArn);
    expect(described).toMatchObject({
      executionArn,
      stateMachineArn: sfn.stateMachineArn,
      name: 'cli-1',
      status: 'RUNNING',
      input: '{"candidateId":"c1","department":"silent","timeoutSeconds":600}',
    });
  });
});
