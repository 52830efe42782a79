import './handler-env.js';
import { SendTaskSuccessCommand, SFNClient, TaskTimedOut } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import './aws-matchers.js';

import { createCheckerHandler } from '../../functions/checker.js';
import { maskIdNumber } from '../../shared/domain/idcard.js';
import { tokenHash } from '../../shared/adapters/id-crypto.js';
import { memoryRepositories, type MemoryRepositories } from '../adapters/memory-repositories.js';
import { ID_A, ID_B, answerEventsOf, dispatchEventsOf } from '../adapters/samples.js';
import { FIXED_NOW, lambdaContext, seedCampaignAndBatch, sqsRecord } from './pipeline-fixtures.js';

const sfn = mockClient(SFNClient);

function message(candidateId: string, department: string, taskToken = `token-${candidateId}-${department}`) {
  return { campaignId: 'c1', candidateId, department, taskToken, timeoutSeconds: 5 * 86400 };
}

describe('checker', () => {
  let repos: MemoryRepositories;
  let ids: string[];
  let handler: ReturnType<typeof createCheckerHandler>;

  beforeEach(async () => {
    sfn.reset();
    sfn.on(SendTaskSuccessCommand).resolves({});
    repos = memoryRepositories();
    ids = await seedCampaignAndBatch(repos);
    // court (法院) is an auto department in dinghai-2017.
    await repos.extracts.replace({
      department: 'court',
      rows: [
        { department: '法院', idNumber: ID_B, name: '李二', category: '刑事处罚', startDate: '2020-01-01', documentNumber: '(2020)刑1号' },
      ],
      filename: 'court.csv',
      uploadedBy: 'u-court',
      uploadedAt: '2026-11-01T00:00:00.000Z',
    });
    handler = createCheckerHandler({
      repos: async () => repos,
      now: () => FIXED_NOW,
      sfn: new SFNClient({}),
      pause: async () => undefined,
    });
  });

  const run = (records: ReturnType<typeof sqsRecord>[]) => handler({ Records: records }, lambdaContext('checker'));

  it('answers a duplicate SQS delivery with one verdict and one SendTaskSuccess', async () => {
    const msg = message(ids[0] ?? '', 'court');
    const first = await run([sqsRecord(msg, 'm1')]);
    const second = await run([sqsRecord(msg, 'm1-again')]);
    expect(first.batchItemFailures).toEqual([]);
    expect(second.batchItemFailures).toEqual([]);
    expect(repos.counters.verdictWrites).toBe(1);
    expect(sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
    expect(sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, {
      taskToken: msg.taskToken,
      output: JSON.stringify({ department: 'court', status: 'clear' }),
    });
    const stored = await repos.verdicts.get(ids[0] ?? '', 'court');
    expect(stored?.resultSentFor).toBe(tokenHash(msg.taskToken));
    // The answer is its own audit event, on the verdict; the candidate's chain is not written.
    expect(await repos.audit.listByCandidate(ids[0] ?? '')).toEqual([]);
    expect((await answerEventsOf(repos, ids[0] ?? '')).map((e) => [e.type, e.data['department']])).toEqual([['answered', 'court']]);
  });

  it('reports only the poison record as a batch item failure', async () => {
    const result = await run([
      sqsRecord(message(ids[0] ?? '', 'court'), 'good-1'),
      sqsRecord('{"campaignId":"c1","candidateId":', 'poison'),
      sqsRecord(message(ids[2] ?? '', 'court'), 'good-2'),
    ]);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'poison' }]);
    expect(sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 2);
  });

  it('checks every message on its own when the batch read fails', async () => {
    repos.candidates.getViews = async () => {
      throw new Error('ProvisionedThroughputExceededException');
    };
    const result = await run([sqsRecord(message(ids[0] ?? '', 'court'), 'one'), sqsRecord(message(ids[1] ?? '', 'court'), 'two')]);
    expect(result.batchItemFailures).toEqual([]);
    expect(sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 2);
    expect((await repos.verdicts.get(ids[1] ?? '', 'court'))?.verdict.status).toBe('findings');
  });

  it('treats a message for an unknown department as poison, not as an answer', async () => {
    const result = await run([sqsRecord(message(ids[0] ?? '', 'no-such-dept'), 'bad-dept')]);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'bad-dept' }]);
    expect(sfn).not.toHaveReceivedCommand(SendTaskSuccessCommand);
  });

  it('answers with the matched findings from the extract', async () => {
    await run([sqsRecord(message(ids[1] ?? '', 'court'), 'm2')]);
    const stored = await repos.verdicts.get(ids[1] ?? '', 'court');
    expect(stored?.verdict).toMatchObject({
      status: 'findings',
      source: 'extract',
      findings: [{ category: '刑事处罚', documentNumber: '(2020)刑1号' }],
    });
    expect(sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, { output: JSON.stringify({ department: 'court', status: 'findings' }) });
  });

  it('puts an ID match with another name in the inbox with a hint instead of answering', async () => {
    await repos.extracts.replace({
      department: 'court',
      rows: [{ department: '法院', idNumber: ID_A, name: '王某某', category: '刑事处罚' }],
      filename: 'court2.csv',
      uploadedBy: 'u-court',
      uploadedAt: '2026-11-02T00:00:00.000Z',
    });
    await run([sqsRecord(message(ids[0] ?? '', 'court'), 'm3')]);
    expect(sfn).not.toHaveReceivedCommand(SendTaskSuccessCommand);
    expect(repos.counters.verdictWrites).toBe(0);
    const inbox = await repos.tasks.listInbox('court', 'open');
    expect(inbox).toHaveLength(1);
    expect(inbox[0]?.hints).toEqual([{ kind: 'id-match-name-differs', category: '刑事处罚', recordName: '王某某' }]);
    expect(JSON.stringify(inbox)).not.toContain('token-');
  });

  it('opens a review task holding the token for a manual department, with the SLA deadline', async () => {
    const msg = message(ids[0] ?? '', 'petitions');
    await run([sqsRecord(msg, 'm4')]);
    expect(sfn).not.toHaveReceivedCommand(SendTaskSuccessCommand);
    const task = await repos.tasks.get(ids[0] ?? '', 'petitions');
    expect(task).toMatchObject({
      status: 'open',
      deadline: '2026-11-15T02:00:00.000Z',
      candidate: { name: '王一', idMasked: maskIdNumber(ID_A) },
    });
    expect(await repos.tasks.getToken(ids[0] ?? '', 'petitions')).toBe(msg.taskToken);
  });

  it('stores the deadline LoadRouting computed in working days, with the note when Monday–Friday was assumed', async () => {
    // Read a day late: the deadline stays the one the workflow times out at, not "now + timeout".
    const msg = { ...message(ids[0] ?? '', 'petitions'), dueAt: '2026-11-17T16:00:00.000Z', assumedYears: [2027] };
    await run([sqsRecord(msg, 'm-due')]);
    const task = await repos.tasks.get(ids[0] ?? '', 'petitions');
    expect(task).toMatchObject({ deadline: '2026-11-17T16:00:00.000Z', deadlineAssumedYears: [2027] });
    // The dispatch is its own event on the task item (once per token), not on the chain.
    const dispatched = await dispatchEventsOf(repos, ids[0] ?? '');
    expect(dispatched.map((e) => e.data)).toEqual([
      { department: 'petitions', mode: 'manual', timeoutSeconds: 5 * 86400, dueAt: '2026-11-17T16:00:00.000Z' },
    ]);
    expect(await repos.audit.listByCandidate(ids[0] ?? '')).toEqual([]);
    await run([sqsRecord(msg, 'm-due-again')]);
    expect(await dispatchEventsOf(repos, ids[0] ?? '')).toEqual(dispatched);
    // A redrive's new token records its own dispatch.
    await run([sqsRecord({ ...msg, taskToken: 'token-redriven' }, 'm-due-redriven')]);
    expect(await dispatchEventsOf(repos, ids[0] ?? '')).toHaveLength(2);
  });

  it('waits for a reviewer when an auto department has no extract at all', async () => {
    await run([sqsRecord(message(ids[0] ?? '', 'public-security'), 'm5')]);
    expect(sfn).not.toHaveReceivedCommand(SendTaskSuccessCommand);
    expect((await repos.tasks.listInbox('public-security', 'open')).map((t) => t.candidateId)).toEqual([ids[0]]);
  });

  it('re-sends a stored answer when the workflow asks again with a new token, without a new verdict', async () => {
    await run([sqsRecord(message(ids[0] ?? '', 'court', 'old-token'), 'm6')]);
    await run([sqsRecord(message(ids[0] ?? '', 'court', 'new-token'), 'm7')]);
    expect(repos.counters.verdictWrites).toBe(1);
    expect(sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 2);
    expect(sfn).toHaveReceivedNthCommandWith(SendTaskSuccessCommand, 2, { taskToken: 'new-token' });
  });

  it('answers a re-asked task with a stored overdue result at once instead of waiting for a reviewer', async () => {
    await repos.verdicts.recordUnanswered({
      campaignId: 'c1',
      candidateId: ids[0] ?? '',
      department: 'petitions',
      status: 'overdue',
      at: FIXED_NOW.toISOString(),
    });
    await run([sqsRecord(message(ids[0] ?? '', 'petitions', 'redriven-token'), 'm10')]);
    expect(sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, {
      taskToken: 'redriven-token',
      output: JSON.stringify({ department: 'petitions', status: 'overdue' }),
    });
    expect(await repos.tasks.get(ids[0] ?? '', 'petitions')).toBeUndefined();
    expect(repos.counters.verdictWrites).toBe(1);
  });

  it('acknowledges a task that timed out meanwhile and leaves the answer unconfirmed', async () => {
    sfn.on(SendTaskSuccessCommand).rejects(new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} }));
    const result = await run([sqsRecord(message(ids[0] ?? '', 'court'), 'm8')]);
    expect(result.batchItemFailures).toEqual([]);
    expect((await repos.verdicts.get(ids[0] ?? '', 'court'))?.resultSentAt).toBeUndefined();
  });

  it.each(['TaskDoesNotExist', 'InvalidToken'])(
    'acknowledges a task Step Functions no longer knows (%s), as the reviews API does, and leaves the answer unconfirmed',
    async (name) => {
      sfn.on(SendTaskSuccessCommand).rejects(Object.assign(new Error('the task is over'), { name, $metadata: {} }));
      const result = await run([sqsRecord(message(ids[0] ?? '', 'court'), `m-${name}`)]);
      expect(result.batchItemFailures).toEqual([]);
      expect((await repos.verdicts.get(ids[0] ?? '', 'court'))?.resultSentAt).toBeUndefined();
    },
  );

  it('retries the record when Step Functions fails for a transient reason', async () => {
    sfn
      .on(SendTaskSuccessCommand)
      .rejectsOnce(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }))
      .resolves({});
    const msg = message(ids[0] ?? '', 'court');
    expect((await run([sqsRecord(msg, 'm9')])).batchItemFailures).toEqual([{ itemIdentifier: 'm9' }]);
    expect((await run([sqsRecord(msg, 'm9')])).batchItemFailures).toEqual([]);
    expect(repos.counters.verdictWrites).toBe(1);
    expect(sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 2);
    expect((await repos.verdicts.get(ids[0] ?? '', 'court'))?.resultSentFor).toBe(tokenHash(msg.taskToken));
  });

  describe('with a deadline well ahead', () => {
    const ahead = (candidateId: string) => ({ ...message(candidateId, 'court'), dueAt: '2026-11-17T16:00:00.000Z' });

    it('confirms an automatic answer in the put that stores it, with no write after the send', async () => {
      const msg = ahead(ids[0] ?? '');
      await run([sqsRecord(msg, 'a1')]);
      expect(sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
      expect(repos.counters.verdictWrites).toBe(1);
      expect(await repos.verdicts.get(ids[0] ?? '', 'court')).toMatchObject({
        resultSentFor: tokenHash(msg.taskToken),
        resultSentAt: FIXED_NOW.toISOString(),
        confirmedOnPut: true,
      });
    });

    it('sends again when the same token is delivered after a crash between the put and the send', async () => {
      const msg = ahead(ids[0] ?? '');
      // The first delivery stored and confirmed the answer, then died before SendTaskSuccess.
      sfn.on(SendTaskSuccessCommand).rejectsOnce(new Error('socket hang up'));
      const first = await run([sqsRecord(msg, 'a2')]);
      expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'a2' }]);
      sfn.on(SendTaskSuccessCommand).resolves({});
      await run([sqsRecord(msg, 'a2-again')]);
      expect(sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 2);
      expect(repos.counters.verdictWrites).toBe(1);
    });

    it('counts a resend that Step Functions refuses as a duplicate and keeps the answer confirmed', async () => {
      const msg = ahead(ids[0] ?? '');
      await run([sqsRecord(msg, 'a3')]);
      sfn.on(SendTaskSuccessCommand).rejects(new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} }));
      const again = await run([sqsRecord(msg, 'a3-again')]);
      expect(again.batchItemFailures).toEqual([]);
      expect((await repos.verdicts.get(ids[0] ?? '', 'court'))?.resultSentFor).toBe(tokenHash(msg.taskToken));
    });

    it('takes the confirmation back when the execution no longer accepts the answer', async () => {
      sfn.on(SendTaskSuccessCommand).rejects(new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} }));
      await run([sqsRecord(ahead(ids[0] ?? ''), 'a4')]);
      const stored = await repos.verdicts.get(ids[0] ?? '', 'court');
      expect(stored?.verdict.status).toBe('clear');
      expect(stored?.resultSentAt).toBeUndefined();
      expect(stored?.confirmedOnPut).toBeUndefined();
    });

    it('confirms after the send when the deadline is minutes away', async () => {
      const msg = { ...message(ids[0] ?? '', 'court'), dueAt: new Date(FIXED_NOW.getTime() + 60_000).toISOString() };
      await run([sqsRecord(msg, 'a5')]);
      const stored = await repos.verdicts.get(ids[0] ?? '', 'court');
      expect(stored?.resultSentFor).toBe(tokenHash(msg.taskToken));
      expect(stored?.confirmedOnPut).toBeUndefined();
    });
  });
});
