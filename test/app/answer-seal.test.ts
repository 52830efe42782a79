// The decision step seals the candidate's answer events into its chain: every decision commits to
// all the answer events present, a retry adds nothing, and an answer that arrived since is sealed
// by the next decision even when the decision's content is unchanged.
import { beforeEach, describe, expect, it } from 'vitest';
import { answerEvent, sealedEvents, verifyTrail } from '../../shared/domain/audit/answers.js';
import { SealedAnswers } from '../../shared/domain/audit/events.js';
import { decideCandidate } from '../../shared/app/decide.js';
import { recordDecision } from '../../shared/app/record-decision.js';
import { memoryRepositories, type MemoryRepositories } from '../adapters/memory-repositories.js';
import { answerEventsOf } from '../adapters/samples.js';
import { FIXED_NOW, seedCampaignAndBatch } from '../functions/pipeline-fixtures.js';

let repos: MemoryRepositories;
let candidateId: string;
const deps = () => ({ repos, metrics: { count: () => undefined }, now: () => FIXED_NOW });
const ref = () => ({ campaignId: 'c1', batchId: 'b-one', candidateId });

async function answer(department: string, at: string): Promise<void> {
  const data = { department, result: 'clear' as const, source: 'extract' as const, findings: [] };
  const event = answerEvent({ candidateId, actor: { kind: 'auto', id: 'extract:g1' }, at, data });
  await repos.verdicts.putAnswer(
    { campaignId: 'c1', candidateId, department, status: 'clear', findings: [], answeredAt: at, source: 'extract' },
    undefined,
    event,
  );
  await repos.verdicts.markResultSent(candidateId, department, `h-${department}`, at);
}

async function seals(): Promise<string[][]> {
  return (await repos.audit.listByCandidate(candidateId))
    .filter((e) => e.type === 'decided')
    .map((e) => sealedEvents(SealedAnswers.parse(e.data['answers'])).map((s) => s.department));
}

beforeEach(async () => {
  repos = memoryRepositories();
  candidateId = (await seedCampaignAndBatch(repos))[0] ?? '';
});

describe('sealing answer events at the decision', () => {
  it('commits to every answer event in department order, once however often the step is retried', async () => {
    await answer('petitions', '2026-11-10T02:00:02.000Z');
    await answer('court', '2026-11-10T02:00:03.000Z');
    const decision = await decideCandidate(deps(), ref());
    await recordDecision(deps(), { ...ref(), decision });
    await recordDecision(deps(), { ...ref(), decision });
    expect(await seals()).toEqual([['court', 'petitions']]);
    const verified = verifyTrail(await repos.audit.listByCandidate(candidateId), await answerEventsOf(repos, candidateId));
    expect(verified).toMatchObject({ ok: true, answers: 2, sealed: 2 });
    // Nothing but the decision went onto the chain.
    expect((await repos.audit.listByCandidate(candidateId)).map((e) => e.type)).toEqual(['decided']);
  });

  it('seals an answer that arrived after the decision with the next one, though the decision itself did not change', async () => {
    await answer('court', '2026-11-10T02:00:03.000Z');
    const decision = await decideCandidate(deps(), ref());
    await recordDecision(deps(), { ...ref(), decision });
    await answer('local-tax', '2026-11-10T03:00:00.000Z');
    expect(verifyTrail(await repos.audit.listByCandidate(candidateId), await answerEventsOf(repos, candidateId))).toMatchObject({
      ok: true,
      answers: 2,
      sealed: 1,
    });
    await recordDecision(deps(), { ...ref(), decision });
    expect(await seals()).toEqual([['court'], ['court', 'local-tax']]);
    expect(verifyTrail(await repos.audit.listByCandidate(candidateId), await answerEventsOf(repos, candidateId))).toMatchObject({
      ok: true,
      answers: 2,
      sealed: 2,
    });
  });
});
