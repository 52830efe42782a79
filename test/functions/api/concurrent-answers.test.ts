// Answers that race: identical repeats are "repeated", never "late", under any interleaving; a
// different answer is "already answered"; parallel attestations write one statement.
import 'aws-sdk-client-mock-vitest/extend';
import { SendTaskSuccessCommand, SFNClient, TaskTimedOut } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createReviewsApi } from '../../../shared/adapters/http/reviews-routes.js';
import { departmentChainId } from '../../../shared/domain/ids.js';
import type { MemoryRepositories } from '../../adapters/memory-repositories.js';
import { checkedByContract, type ApiHandler } from './contract.js';
import { bodyOf, claimsFor, httpEvent, lambdaContext } from './http-events.js';
import { apiDeps, seedBatch, seedCampaign, seedTask } from './support.js';
import { answerEventsOf } from '../../adapters/samples.js';

const sfnMock = mockClient(SFNClient);
const COURT = 'court';
const reviewer = claimsFor([`department:${COURT}`], 'reviewer-court');

let repos: MemoryRepositories;
let api: ApiHandler;
let candidateIds: string[];

/** Step Functions as it behaves: a token is spent by its first success; later ones time out. */
function spendOnce(opts: { firstDelayMs?: number } = {}) {
  const spent = new Set<string>();
  sfnMock.on(SendTaskSuccessCommand).callsFake(async (input: { taskToken: string }) => {
    if (spent.has(input.taskToken)) throw new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} });
    spent.add(input.taskToken);
    if (opts.firstDelayMs) await new Promise((r) => setTimeout(r, opts.firstDelayMs));
    return {};
  });
}

beforeEach(async () => {
  sfnMock.reset();
  const deps = apiDeps();
  repos = deps.repos;
  await seedCampaign(repos);
  ({ candidateIds } = await seedBatch(repos));
  api = checkedByContract(createReviewsApi({ ...deps, sfn: new SFNClient({ region: 'cn-north-1' }) }));
});

const taskId = (i: number) => `${candidateIds[i]}~${COURT}`;
const answer = (i: number, body: unknown) =>
  api(httpEvent({ routeKey: 'POST /reviews/{id}/answer', pathParameters: { id: taskId(i) }, body, claims: reviewer }), lambdaContext);

async function assertAnsweredOnce(candidateId: string) {
  const events = await repos.audit.listByCandidate(candidateId);
  expect(events.filter((e) => e.type === 'late_answer')).toEqual([]);
  expect(await answerEventsOf(repos, candidateId)).toHaveLength(1);
  expect((await repos.tasks.get(candidateId, COURT))?.status).toBe('answered');
  const stored = await repos.verdicts.get(candidateId, COURT);
  expect(stored?.verdict.status).toBe('clear');
  expect(stored?.resultSentAt).toBeDefined();
  expect(sfnMock).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
}

describe('concurrent answers to one task', () => {
  it('20 identical answers at once: one answered, 19 repeated, no late event, no task change (20 requests)', async () => {
    spendOnce();
    const id = candidateIds[0] ?? '';
    await seedTask(repos, id, COURT);
    const responses = await Promise.all(Array.from({ length: 20 }, () => answer(0, { result: 'clear' })));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
    const bodies = responses.map((r) => bodyOf(r) as { repeated: boolean });
    expect(bodies.filter((b) => !b.repeated)).toHaveLength(1);
    await assertAnsweredOnce(id);
  });

  it('with the winner paused between its write and its confirmation, the 19 others still get 200 repeated', async () => {
    spendOnce({ firstDelayMs: 400 });
    const id = candidateIds[0] ?? '';
    await seedTask(repos, id, COURT);
    const responses = await Promise.all(Array.from({ length: 20 }, () => answer(0, { result: 'clear' })));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
    expect(responses.map((r) => (bodyOf(r) as { repeated: boolean }).repeated).filter((x) => x)).toHaveLength(19);
    await assertAnsweredOnce(id);
  });

  it('a different answer racing the first gets 409 ALREADY_ANSWERED and changes nothing', async () => {
    spendOnce({ firstDelayMs: 100 });
    const id = candidateIds[0] ?? '';
    await seedTask(repos, id, COURT);
    const finding = { result: 'findings', findings: [{ category: '刑事处罚', startDate: '2019-03-01', endDate: '2022-03-01' }] };
    const [first, ...rest] = await Promise.all([answer(0, { result: 'clear' }), ...Array.from({ length: 5 }, () => answer(0, finding))]);
    expect(first?.statusCode).toBe(200);
    for (const r of rest) {
      expect(r.statusCode).toBe(409);
      expect(bodyOf(r)).toMatchObject({ code: 'ALREADY_ANSWERED' });
    }
    await assertAnsweredOnce(id);
  });
});

describe('parallel attestations of the same tasks', () => {
  it('answer each task once and write one statement; the second says its tasks were already answered', async () => {
    spendOnce({ firstDelayMs: 50 });
    for (const i of [0, 1]) await seedTask(repos, candidateIds[i] ?? '', COURT);
    const attest = () =>
      api(httpEvent({ routeKey: 'POST /reviews/attest', body: { statement: '以上人员经查无记录' }, claims: reviewer }), lambdaContext);
    const [a, b] = await Promise.all([attest(), attest()]);
    expect([a?.statusCode, b?.statusCode]).toEqual([200, 200]);
    const bodies = [a, b].map(
      (r) => bodyOf(r) as { answered: string[]; repeated: string[]; late: string[]; attestation: { recorded: boolean } },
    );
    for (const body of bodies) {
      expect(body.late).toEqual([]);
      expect([...body.answered, ...body.repeated].sort()).toEqual([taskId(0), taskId(1)].sort());
    }
    const statements = await repos.audit.listByCandidate(departmentChainId(COURT));
    expect(statements).toHaveLength(bodies.filter((x) => x.attestation.recorded).length);
    for (const i of [0, 1]) await expectNoLate(candidateIds[i] ?? '');
    expect(sfnMock).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 2);
  });
});

async function expectNoLate(candidateId: string) {
  const events = await repos.audit.listByCandidate(candidateId);
  expect(events.filter((e) => e.type === 'late_answer')).toEqual([]);
  expect((await repos.tasks.get(candidateId, COURT))?.status).toBe('answered');
}
