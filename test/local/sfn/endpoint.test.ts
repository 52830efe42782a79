import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SqsEventSource } from '../../../local/pollers/index.js';
import { startLocalStepFunctions, type LocalStepFunctionsHandle } from '../../../local/sfn/index.js';
import { askMessage, parseOutput, receiveOne, sfnClient, startQueues, stubRuntime, TOY_ASL, type Queues } from './support.js';

class RoutingMissing extends Error {
  override name = 'RoutingMissing';
}

describe('local Step Functions endpoint (toy ASL, fauxqs, real SDK clients)', () => {
  let queues: Queues;
  let sfn: LocalStepFunctionsHandle;
  let client: SFNClient;
  let calls: Map<string, unknown[]>;
  let answering: SqsEventSource;
  const queueUrls: Record<string, string> = {};

  beforeAll(async () => {
    queues = await startQueues();
    for (const dept of ['silent', 'answers', 'declines', 'auto']) queueUrls[dept] = await queues.create(`toy-dept-${dept}`);
    const stub = stubRuntime({
      prepare: (event) => {
        if (JSON.stringify(event).includes('no-routing')) throw new RoutingMissing('no routing for candidate');
        return { prepared: true };
      },
      finish: () => 'finished',
    });
    calls = stub.calls;
    sfn = await startLocalStepFunctions({
      definition: TOY_ASL,
      lambda: stub.runtime,
      sqs: queues.sqs,
      departmentQueueUrlPrefix: `${queues.urlBase}toy-dept-`,
    });
    client = sfnClient(sfn.url);
    // A department whose checker runs behind an event-source poller and answers every message.
    answering = new SqsEventSource({
      sqs: queues.sqs,
      queueUrl: queueUrls['auto'] ?? '',
      functionName: 'fakeChecker',
      waitTimeSeconds: 1,
      handler: async (event) => {
        const records = event.Records;
        for (const record of records) {
          const message = askMessage.parse(JSON.parse(record.body));
          await client.send(
            new SendTaskSuccessCommand({
              taskToken: message.taskToken,
              output: JSON.stringify({ department: message.department, status: 'clear' }),
            }),
          );
        }
      },
    });
    await answering.start();
  });

  afterAll(async () => {
    await answering?.stop();
    client?.destroy();
    await sfn?.stop();
    await queues?.stop();
  });

  const start = (name: string, department: string, timeoutSeconds = 300) =>
    client.send(
      new StartExecutionCommand({
        stateMachineArn: sfn.stateMachineArn,
        name,
        input: JSON.stringify({ candidateId: name, department, timeoutSeconds }),
      }),
    );

  it('treats a repeated StartExecution with the same name and input as the same execution, and refuses a different input', async () => {
    const first = await start('dup-1', 'silent');
    const again = await start('dup-1', 'silent');
    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate?.getTime()).toBe(first.startDate?.getTime());
    await expect(start('dup-1', 'answers')).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    await client.send(new StopExecutionCommand({ executionArn: first.executionArn }));
    // Once closed, even the same input is a conflict (as in AWS).
    await expect(start('dup-1', 'silent')).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
  });

  it('completes a waitForTaskToken task when a poller-driven checker calls SendTaskSuccess', async () => {
    const { executionArn } = await start('auto-1', 'auto');
    await sfn.service.waitForExecution(executionArn ?? '');
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));
    expect(described.status).toBe('SUCCEEDED');
    const output = parseOutput(described.output);
    expect(output['answer']).toEqual({ department: 'auto', status: 'clear' });
    expect(output['outcome']).toBe('finished');
    expect(described.startDate).toBeInstanceOf(Date);
    expect(described.stopDate).toBeInstanceOf(Date);
  });

  it('sends no personal data but the minted token in the message, and refuses that token once answered', async () => {
    const { executionArn } = await start('answers-1', 'answers');
    const message = await receiveOne(queues.sqs, queueUrls['answers'] ?? '');
    expect(message).toEqual({ candidateId: 'answers-1', department: 'answers', taskToken: message.taskToken, timeoutSeconds: 300 });
    await client.send(new SendTaskHeartbeatCommand({ taskToken: message.taskToken }));
    await client.send(new SendTaskSuccessCommand({ taskToken: message.taskToken, output: '{"department":"answers","status":"findings"}' }));
    const closed = await sfn.service.waitForExecution(executionArn ?? '');
    expect(closed.status).toBe('SUCCEEDED');
    await expect(client.send(new SendTaskSuccessCommand({ taskToken: message.taskToken, output: '{}' }))).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
    await expect(client.send(new SendTaskHeartbeatCommand({ taskToken: message.taskToken }))).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
  });

  it('rejects an unknown task token with InvalidToken', async () => {
    await expect(client.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token-we-minted', output: '{}' }))).rejects.toMatchObject({
      name: 'InvalidToken',
    });
    await expect(client.send(new SendTaskFailureCommand({ taskToken: 'x'.repeat(100), error: 'Declined' }))).rejects.toMatchObject({
      name: 'InvalidToken',
    });
  });

  it('times a silent department out into the States.Timeout catch, and answers its late callback with TaskTimedOut', async () => {
    const { executionArn } = await start('silent-1', 'silent', 1);
    const message = await receiveOne(queues.sqs, queueUrls['silent'] ?? '');
    const closed = await sfn.service.waitForExecution(executionArn ?? '');
    expect(closed.status).toBe('SUCCEEDED');
    const output = parseOutput(closed.output ?? undefined);
    expect(output['outcome']).toBe('overdue');
    expect(output['error']).toMatchObject({ Error: 'States.Timeout' });
    await expect(client.send(new SendTaskSuccessCommand({ taskToken: message.taskToken, output: '{}' }))).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
    const history = await client.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(history.events?.map((e) => e.type)).toContain('TaskTimedOut');
  });

  it('routes SendTaskFailure to the Catch for its error name', async () => {
    const { executionArn } = await start('declines-1', 'declines');
    const message = await receiveOne(queues.sqs, queueUrls['declines'] ?? '');
    await client.send(new SendTaskFailureCommand({ taskToken: message.taskToken, error: 'Declined', cause: '无权查询' }));
    const closed = await sfn.service.waitForExecution(executionArn ?? '');
    const output = parseOutput(closed.output ?? undefined);
    expect(output['outcome']).toBe('declined');
    expect(output['error']).toEqual({ Error: 'Declined', Cause: '无权查询' });
    expect(calls.get('finish')?.some((e) => JSON.stringify(e).includes('declines-1'))).toBe(false);
  });

  it('gives a Lambda error its errorType as the error name, so Catch matches it', async () => {
    const { executionArn } = await start('no-routing', 'answers');
    const closed = await sfn.service.waitForExecution(executionArn ?? '');
    const output = parseOutput(closed.output ?? undefined);
    expect(output['outcome']).toBe('no-routing');
    expect(output['error']).toMatchObject({ Error: 'RoutingMissing' });
    const cause = z.object({ Cause: z.string() }).parse(output['error']).Cause;
    expect(JSON.parse(cause)).toMatchObject({
      errorType: 'RoutingMissing',
      errorMessage: 'no routing for candidate',
    });
  });

  it('fails an execution whose Lambda error nothing catches, with the error and cause in DescribeExecution', async () => {
    const local = stubRuntime({
      prepare: () => {
        throw new TypeError('boom');
      },
      finish: () => null,
    });
    const other = await startLocalStepFunctions({
      definition: TOY_ASL,
      lambda: local.runtime,
      sqs: queues.sqs,
      departmentQueueUrlPrefix: `${queues.urlBase}toy-dept-`,
      stateMachineName: 'failing',
    });
    const otherClient = sfnClient(other.url);
    try {
      const { executionArn } = await otherClient.send(
        new StartExecutionCommand({
          stateMachineArn: other.stateMachineArn,
          input: '{"candidateId":"c","department":"auto","timeoutSeconds":5}',
        }),
      );
      await other.service.waitForExecution(executionArn ?? '');
      const described = await otherClient.send(new DescribeExecutionCommand({ executionArn }));
      expect(described.status).toBe('FAILED');
      expect(described.error).toBe('TypeError');
      expect(described.cause).toContain('boom');
      const history = await otherClient.send(new GetExecutionHistoryCommand({ executionArn }));
      expect(history.events?.at(-1)?.type).toBe('ExecutionFailed');
    } finally {
      otherClient.destroy();
      await other.stop();
    }
  });

  it('fails a Lambda task that runs past the state TimeoutSeconds with States.Timeout, which Catch handles', async () => {
    const slow = stubRuntime({ slow: () => new Promise(() => undefined) });
    const definition = {
      StartAt: 'Slow',
      States: {
        Slow: {
          Type: 'Task',
          Resource: '${SlowFunctionArn}',
          TimeoutSeconds: 1,
          Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'TimedOut' }],
          End: true,
        },
        TimedOut: { Type: 'Pass', Result: 'timed out', ResultPath: '$.outcome', End: true },
      },
    };
    const other = await startLocalStepFunctions({ definition, lambda: slow.runtime, sqs: queues.sqs, stateMachineName: 'slow' });
    const otherClient = sfnClient(other.url);
    try {
      const { executionArn } = await otherClient.send(new StartExecutionCommand({ stateMachineArn: other.stateMachineArn, input: '{}' }));
      const closed = await other.service.waitForExecution(executionArn ?? '');
      expect(closed.status).toBe('SUCCEEDED');
      expect(parseOutput(closed.output ?? undefined)).toMatchObject({ outcome: 'timed out', error: { Error: 'States.Timeout' } });
      const history = await otherClient.send(new GetExecutionHistoryCommand({ executionArn }));
      expect(history.events?.map((e) => e.type)).toContain('TaskTimedOut');
    } finally {
      otherClient.destroy();
      await other.stop();
    }
  });

  it('stops an execution: ABORTED, and its outstanding token is no longer accepted', async () => {
    const { executionArn } = await start('stop-1', 'silent');
    const message = await receiveOne(queues.sqs, queueUrls['silent'] ?? '');
    const stopped = await client.send(new StopExecutionCommand({ executionArn, error: 'Cancelled', cause: 'batch withdrawn' }));
    expect(stopped.stopDate).toBeInstanceOf(Date);
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));
    expect(described).toMatchObject({ status: 'ABORTED', error: 'Cancelled', cause: 'batch withdrawn' });
    await expect(client.send(new SendTaskSuccessCommand({ taskToken: message.taskToken, output: '{}' }))).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
  });

  it('lists executions newest first with statusFilter and nextToken paging', async () => {
    for (const name of ['list-a', 'list-b', 'list-c']) {
      const { executionArn } = await start(name, 'auto');
      await sfn.service.waitForExecution(executionArn ?? '');
    }
    const all = await client.send(new ListExecutionsCommand({ stateMachineArn: sfn.stateMachineArn, statusFilter: 'SUCCEEDED' }));
    const names = all.executions?.map((e) => e.name) ?? [];
    expect(names.slice(0, 3)).toEqual(['list-c', 'list-b', 'list-a']);
    expect(all.executions?.every((e) => e.status === 'SUCCEEDED')).toBe(true);

    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new ListExecutionsCommand({ stateMachineArn: sfn.stateMachineArn, statusFilter: 'SUCCEEDED', maxResults: 2, nextToken }),
      );
      expect(page.executions?.length).toBeLessThanOrEqual(2);
      seen.push(...(page.executions?.map((e) => e.name ?? '') ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(seen).toEqual(names);

    const aborted = await client.send(new ListExecutionsCommand({ stateMachineArn: sfn.stateMachineArn, statusFilter: 'ABORTED' }));
    expect(aborted.executions?.every((e) => e.status === 'ABORTED')).toBe(true);
    await expect(client.send(new ListExecutionsCommand({ stateMachineArn: `${sfn.stateMachineArn}-other` }))).rejects.toMatchObject({
      name: 'StateMachineDoesNotExist',
    });
  });

  it('summarises the history: started, each task scheduled and succeeded, then succeeded', async () => {
    const { executionArn } = await start('history-1', 'auto');
    await sfn.service.waitForExecution(executionArn ?? '');
    const history = await client.send(new GetExecutionHistoryCommand({ executionArn }));
    const events = history.events ?? [];
    expect(events[0]?.type).toBe('ExecutionStarted');
    expect(events.at(-1)?.type).toBe('ExecutionSucceeded');
    expect(events.filter((e) => e.type === 'TaskScheduled')).toHaveLength(3);
    expect(events.filter((e) => e.type === 'TaskSucceeded')).toHaveLength(3);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(events.find((e) => e.type === 'TaskScheduled')?.taskScheduledEventDetails?.resourceType).toBe('lambda');
  });

  it('answers an unknown execution with ExecutionDoesNotExist and a bad input with InvalidExecutionInput', async () => {
    await expect(
      client.send(new DescribeExecutionCommand({ executionArn: `${sfn.stateMachineArn.replace(':stateMachine:', ':execution:')}:nope` })),
    ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    await expect(
      client.send(new StartExecutionCommand({ stateMachineArn: sfn.stateMachineArn, name: 'bad-input', input: '{not json' })),
    ).rejects.toMatchObject({ name: 'InvalidExecutionInput' });
    await expect(
      client.send(new StartExecutionCommand({ stateMachineArn: sfn.stateMachineArn, name: 'has space', input: '{}' })),
    ).rejects.toMatchObject({ name: 'InvalidName' });
  });
});
