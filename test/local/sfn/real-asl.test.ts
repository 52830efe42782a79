// Runs THE state machine file (infra/statemachine/candidate-review.asl.json) locally end to end,
// with stub handlers for its five Lambda tasks and fake departments answering through SQS.
import {
  GetExecutionHistoryCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqsEventSource } from '../../../local/pollers/index.js';
import { startLocalStepFunctions, type LocalStepFunctionsHandle } from '../../../local/sfn/index.js';
import { parseOutput, realMessage, receiveBody, sfnClient, startQueues, stubRuntime, type Queues } from './support.js';

const DUE = '2026-11-17T16:00:00.000Z';
const DEPARTMENTS = [
  { code: 'public-security', timeoutSeconds: 300, dueAt: DUE, assumedYears: [], recheck: 0 },
  { code: 'procuratorate', timeoutSeconds: 300, dueAt: DUE, assumedYears: [2027], recheck: 0 },
  { code: 'civil-affairs', timeoutSeconds: 1, dueAt: DUE, assumedYears: [], recheck: 0 },
];

describe('the real candidate-review ASL on the local endpoint', () => {
  let queues: Queues;
  let sfn: LocalStepFunctionsHandle;
  let client: SFNClient;
  let calls: Map<string, unknown[]>;
  let checker: SqsEventSource;
  const decision = { status: 'cleared', reasons: [], decidedAt: '2026-11-22T00:00:00Z' };

  beforeAll(async () => {
    queues = await startQueues();
    const urls: Record<string, string> = {};
    for (const d of DEPARTMENTS) urls[d.code] = await queues.create(`lianshen-dept-${d.code}`);
    const stub = stubRuntime(
      {
        loadRouting: () => ({ policyId: 'dinghai-2017', policyVersion: '1', departments: DEPARTMENTS }),
        recordOverdue: () => ({ recorded: true }),
        decide: () => decision,
        recordDecision: () => ({ stored: true }),
        batchProgress: () => ({ decided: 1, total: 1, complete: true }),
      },
      { manifest: true },
    );
    calls = stub.calls;
    sfn = await startLocalStepFunctions({
      lambda: stub.runtime,
      sqs: queues.sqs,
      departmentQueueUrlPrefix: `${queues.urlBase}lianshen-dept-`,
    });
    client = sfnClient(sfn.url);
    // 公安 (public security) answers automatically through a poller-driven checker.
    checker = new SqsEventSource({
      sqs: queues.sqs,
      queueUrl: urls['public-security'] ?? '',
      functionName: 'checker',
      waitTimeSeconds: 1,
      reportBatchItemFailures: true,
      handler: async (event) => {
        for (const record of event.Records) {
          const message = realMessage.parse(JSON.parse(record.body));
          await client.send(
            new SendTaskSuccessCommand({
              taskToken: message.taskToken,
              output: JSON.stringify({ department: message.department, status: 'clear' }),
            }),
          );
        }
        return { batchItemFailures: [] };
      },
    });
    await checker.start();
  });

  afterAll(async () => {
    await checker?.stop();
    client?.destroy();
    await sfn?.stop();
    await queues?.stop();
  });

  it('routes, asks every department, records overdue and declined answers, decides and counts progress', async () => {
    const input = { campaignId: 'camp-1', batchId: 'batch-1', candidateId: 'cand-1' };
    const { executionArn } = await client.send(
      new StartExecutionCommand({ stateMachineArn: sfn.stateMachineArn, name: 'batch-1-cand-1', input: JSON.stringify(input) }),
    );

    // 检察院 (procuratorate) declines; 民政 (civil affairs) never answers within its 1 s SLA.
    const declining = realMessage.parse(await receiveBody(queues.sqs, `${queues.urlBase}lianshen-dept-procuratorate`));
    expect(declining).toEqual({
      ...input,
      batchId: undefined,
      department: 'procuratorate',
      taskToken: declining.taskToken,
      timeoutSeconds: 300,
      dueAt: DUE,
      assumedYears: [2027],
      recheck: 0,
    });
    await client.send(new SendTaskFailureCommand({ taskToken: declining.taskToken, error: 'Declined', cause: 'not our records' }));
    const silent = realMessage.parse(await receiveBody(queues.sqs, `${queues.urlBase}lianshen-dept-civil-affairs`));
    expect(silent.timeoutSeconds).toBe(1);

    const closed = await sfn.service.waitForExecution(executionArn ?? '');
    expect(closed.status).toBe('SUCCEEDED');
    const output = parseOutput(closed.output ?? undefined);
    expect(output['routing']).toEqual({ policyId: 'dinghai-2017', policyVersion: '1', departments: DEPARTMENTS });
    expect(output['answers']).toEqual([{ department: 'public-security', status: 'clear' }, { recorded: true }, { recorded: true }]);
    expect(output['decision']).toEqual(decision);

    expect(calls.get('loadRouting')).toEqual([input]);
    expect(calls.get('recordOverdue')).toEqual(
      expect.arrayContaining([
        { campaignId: 'camp-1', candidateId: 'cand-1', department: 'procuratorate', recheck: 0, status: 'declined' },
        { campaignId: 'camp-1', candidateId: 'cand-1', department: 'civil-affairs', recheck: 0, status: 'overdue' },
      ]),
    );
    expect(calls.get('recordOverdue')).toHaveLength(2);
    expect(calls.get('decide')).toEqual([input]);
    expect(calls.get('recordDecision')).toEqual([{ ...input, decision }]);
    expect(calls.get('batchProgress')).toEqual([input]);

    // The overdue department's late answer is refused.
    await expect(
      client.send(new SendTaskSuccessCommand({ taskToken: silent.taskToken, output: '{"department":"civil-affairs","status":"clear"}' })),
    ).rejects.toMatchObject({ name: 'TaskTimedOut' });

    const history = await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
    const types = history.events?.map((e) => e.type) ?? [];
    expect(types.filter((t) => t === 'TaskSubmitted')).toHaveLength(3);
    expect(types).toContain('TaskTimedOut');
    expect(types).toContain('TaskFailed');
  });
});
