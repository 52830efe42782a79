// Kill-and-restart: executions, step results and task tokens persist in the data dir; a restarted
// endpoint re-drives RUNNING executions without re-running finished steps or re-asking departments.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { listenSfn, LocalStepFunctions, startLocalStepFunctions, type LocalStepFunctionsOptions } from '../../../local/sfn/index.js';
import { realMessage, receiveBody, sfnClient, startQueues, stubRuntime, type Queues } from './support.js';

const DEPARTMENTS = [
  { code: 'tax', timeoutSeconds: 600, dueAt: '2026-11-17T16:00:00.000Z', assumedYears: [], recheck: 0 },
  { code: 'court', timeoutSeconds: 600, dueAt: '2026-11-17T16:00:00.000Z', assumedYears: [], recheck: 0 },
];

function realAslStubs() {
  return stubRuntime(
    {
      loadRouting: () => ({ policyId: 'dinghai-2017', policyVersion: '1', departments: DEPARTMENTS }),
      recordOverdue: () => ({ recorded: true }),
      decide: () => ({ status: 'cleared' }),
      recordDecision: () => ({ stored: true }),
      batchProgress: () => ({ decided: 1, total: 1, complete: true }),
    },
    { manifest: true },
  );
}

describe('crash recovery of the local Step Functions endpoint', () => {
  let queues: Queues;
  const dirs: string[] = [];

  beforeAll(async () => {
    queues = await startQueues();
    for (const d of DEPARTMENTS) await queues.create(`lianshen-dept-${d.code}`);
  });
  afterAll(async () => {
    await queues?.stop();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });
  afterEach(() => {
    queues.fauxqs.reset();
  });

  const options = (dataDir: string, lambda: LocalStepFunctionsOptions['lambda']): LocalStepFunctionsOptions => ({
    dataDir,
    lambda,
    sqs: queues.sqs,
    departmentQueueUrlPrefix: `${queues.urlBase}lianshen-dept-`,
  });
  const queueCounts = (code: string) => {
    const queue = queues.fauxqs.inspectQueue(`lianshen-dept-${code}`);
    return { ready: queue?.messages.ready.length, inflight: queue?.messages.inflight.length };
  };

  it('re-drives a RUNNING execution: finished steps are not re-run, the answered department is not asked again, and the outstanding token still completes it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lianshen-sfn-'));
    dirs.push(dataDir);
    const input = { campaignId: 'c1', batchId: 'b1', candidateId: 'p1' };

    const before = realAslStubs();
    const first = await startLocalStepFunctions(options(dataDir, before.runtime));
    const firstClient = sfnClient(first.url);
    const { executionArn } = await firstClient.send(
      new StartExecutionCommand({ stateMachineArn: first.stateMachineArn, name: 'b1-p1', input: JSON.stringify(input) }),
    );
    const tax = realMessage.parse(await receiveBody(queues.sqs, `${queues.urlBase}lianshen-dept-tax`));
    const court = realMessage.parse(await receiveBody(queues.sqs, `${queues.urlBase}lianshen-dept-court`));
    await firstClient.send(new SendTaskSuccessCommand({ taskToken: tax.taskToken, output: '{"department":"tax","status":"clear"}' }));
    expect(before.calls.get('loadRouting')).toHaveLength(1);
    firstClient.destroy();
    await first.stop(); // as a crash: nothing is closed

    const after = realAslStubs();
    const second = await startLocalStepFunctions(options(dataDir, after.runtime));
    const secondClient = sfnClient(second.url);
    try {
      // The court task is waiting again, on the token minted before the crash.
      await vi.waitFor(() => expect(second.service.stats().waitingTasks).toBe(1), { timeout: 10_000, interval: 20 });
      expect(after.calls.get('loadRouting')).toBeUndefined();
      expect(queueCounts('tax')).toEqual({ ready: 0, inflight: 1 });
      expect(queueCounts('court')).toEqual({ ready: 0, inflight: 1 });

      await secondClient.send(
        new SendTaskSuccessCommand({ taskToken: court.taskToken, output: '{"department":"court","status":"findings"}' }),
      );
      const closed = await second.service.waitForExecution(executionArn ?? '');
      expect(closed.status).toBe('SUCCEEDED');
      expect(JSON.parse(closed.output ?? '{}')).toMatchObject({
        answers: [
          { department: 'tax', status: 'clear' },
          { department: 'court', status: 'findings' },
        ],
      });
      expect(after.calls.get('loadRouting')).toBeUndefined();
      expect(after.calls.get('decide')).toHaveLength(1);
      expect(after.calls.get('recordDecision')).toHaveLength(1);
      expect(after.calls.get('batchProgress')).toHaveLength(1);
      expect(before.calls.get('decide')).toBeUndefined();
    } finally {
      secondClient.destroy();
      await second.stop();
    }
  });

  it('keeps an answer that arrives after the restart but before the re-drive reaches its step', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lianshen-sfn-'));
    dirs.push(dataDir);
    const first = await startLocalStepFunctions(options(dataDir, realAslStubs().runtime));
    const firstClient = sfnClient(first.url);
    const { executionArn } = await firstClient.send(
      new StartExecutionCommand({
        stateMachineArn: first.stateMachineArn,
        name: 'b1-p2',
        input: '{"campaignId":"c1","batchId":"b1","candidateId":"p2"}',
      }),
    );
    const tax = realMessage.parse(await receiveBody(queues.sqs, `${queues.urlBase}lianshen-dept-tax`));
    const court = realMessage.parse(await receiveBody(queues.sqs, `${queues.urlBase}lianshen-dept-court`));
    firstClient.destroy();
    await first.stop();

    // Restarted, listening, but not yet re-driving: both answers land on stored tokens only.
    const after = realAslStubs();
    const service = new LocalStepFunctions(options(dataDir, after.runtime));
    const server = await listenSfn(service);
    const client = sfnClient(server.url);
    try {
      await client.send(new SendTaskSuccessCommand({ taskToken: tax.taskToken, output: '{"department":"tax","status":"clear"}' }));
      await client.send(new SendTaskSuccessCommand({ taskToken: court.taskToken, output: '{"department":"court","status":"clear"}' }));
      expect(service.recover()).toBe(1);
      const closed = await service.waitForExecution(executionArn ?? '');
      expect(closed.status).toBe('SUCCEEDED');
      expect(after.calls.get('decide')).toHaveLength(1);
      expect(queueCounts('tax')).toEqual({ ready: 0, inflight: 1 });
      expect(queueCounts('court')).toEqual({ ready: 0, inflight: 1 });
    } finally {
      client.destroy();
      await server.close();
      service.close();
    }
  });

  it('lets an execution that finished before the crash stay finished, and refuses its name again', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lianshen-sfn-'));
    dirs.push(dataDir);
    const stubs = stubRuntime({ loadRouting: () => ({ policyId: 'p', policyVersion: '1', departments: [] }) }, { manifest: true });
    const noDepartments = stubRuntime(
      {
        loadRouting: () => ({ policyId: 'p', policyVersion: '1', departments: [] }),
        recordOverdue: () => null,
        decide: () => ({ status: 'incomplete' }),
        recordDecision: () => null,
        batchProgress: () => null,
      },
      { manifest: true },
    );
    expect(stubs.calls.size).toBe(0);
    const first = await startLocalStepFunctions(options(dataDir, noDepartments.runtime));
    const c1 = sfnClient(first.url);
    const input = '{"campaignId":"c","batchId":"b","candidateId":"done"}';
    const { executionArn } = await c1.send(new StartExecutionCommand({ stateMachineArn: first.stateMachineArn, name: 'done', input }));
    expect((await first.service.waitForExecution(executionArn ?? '')).status).toBe('SUCCEEDED');
    c1.destroy();
    await first.stop();

    const again = stubRuntime({ decide: () => ({ status: 'x' }) }, { manifest: true });
    const second = await startLocalStepFunctions(options(dataDir, again.runtime));
    const c2 = sfnClient(second.url);
    try {
      expect(second.service.stats().runningExecutions).toBe(0);
      expect((await second.service.waitForExecution(executionArn ?? '')).status).toBe('SUCCEEDED');
      await expect(
        c2.send(new StartExecutionCommand({ stateMachineArn: second.stateMachineArn, name: 'done', input })),
      ).rejects.toMatchObject({
        name: 'ExecutionAlreadyExists',
      });
      expect(again.calls.size).toBe(0);
    } finally {
      c2.destroy();
      await second.stop();
    }
  });
});
