import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import type { AuditEvent } from '../../../shared/domain/model.js';
import { canonicalJson } from '../../../shared/domain/audit/canonical.js';
import { appendEvent } from '../../../shared/domain/audit/chain.js';
import { merkleRoot } from '../../../shared/domain/audit/merkle.js';
import {
  AnswerEvent,
  AnswerEventError,
  answerEvent,
  computeAnswerHash,
  dispatchEvent,
  sealAnswers,
  sealedEvents,
  sortAnswerEvents,
  verifyAnswers,
  verifyTrail,
} from '../../../shared/domain/audit/answers.js';

const CANDIDATE = 'b20261202-abc-0001';
const DEPARTMENTS = ['public-security', 'court', 'discipline', 'petitions', 'tax'];

function answer(department: string, at = '2026-03-02T09:30:00.000Z', result: 'clear' | 'findings' = 'clear'): AnswerEvent {
  return answerEvent({
    candidateId: CANDIDATE,
    actor: { kind: 'auto', id: `extract:${department}` },
    at,
    data: { department, result, source: 'extract', findings: [] },
  });
}

/** submitted, then the decided event sealing `answers` (or holding `seal`), then a later event (a correction). */
function chainSealing(answers: readonly AnswerEvent[], seal: unknown = sealAnswers(answers)): AuditEvent[] {
  const submitted = appendEvent(undefined, {
    candidateId: CANDIDATE,
    type: 'submitted',
    actor: { kind: 'township', id: 'twp-1' },
    at: '2026-03-01T08:00:00.000Z',
    data: { batchId: 'b1', township: 'changguo', seq: 1 },
  });
  const decided = appendEvent(submitted, {
    candidateId: CANDIDATE,
    type: 'decided',
    actor: { kind: 'system', id: 'workflow' },
    at: '2026-03-06T00:00:00.000Z',
    data: {
      outcome: 'cleared',
      version: 1,
      digest: 'd'.repeat(64),
      policy: { id: 'p', version: '1.0.0' },
      referenceDate: '2026-03-01',
      reasons: [],
      unanswered: [],
      answers: seal,
    },
  });
  const ruled = appendEvent(decided, {
    candidateId: CANDIDATE,
    type: 'reminded',
    actor: { kind: 'system', id: 'x' },
    at: '2026-03-07T00:00:00.000Z',
    data: { department: 'tax', openTasks: 0, overdueTasks: 0 },
  });
  return [submitted, decided, ruled];
}

const stored = <T>(value: T): unknown => JSON.parse(JSON.stringify(value));

describe('answer events', () => {
  it('hash their own canonical JSON (every member but the hash) and store data exactly as hashed', () => {
    const event = answer('court');
    const { hash, ...body } = event;
    expect(hash).toBe(createHash('sha256').update(canonicalJson(body), 'utf8').digest('hex'));
    expect(computeAnswerHash(body)).toBe(hash);
    expect(() =>
      answerEvent({
        candidateId: CANDIDATE,
        actor: { kind: 'auto', id: 'x' },
        at: 'now',
        // @ts-expect-error: not an answer's result
        data: { department: 'court', result: 'maybe', source: 'extract', findings: [] },
      }),
    ).toThrow(AnswerEventError);
  });

  it('are sealed in one order whatever order they are read in: department, time, type, hash', () => {
    const events = DEPARTMENTS.flatMap((d, i) => [answer(d, `2026-03-02T09:3${i}:00.000Z`), answer(d, '2026-03-02T08:00:00.000Z')]);
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), (shuffled) => {
        expect(sealAnswers(shuffled)).toEqual(sealAnswers(events));
      }),
    );
    const sorted = sortAnswerEvents(events);
    expect(sorted.map((e) => e.data['department'])).toEqual([...DEPARTMENTS].sort().flatMap((d) => [d, d]));
    expect(sealAnswers(events).root).toBe(merkleRoot(sorted.map((e) => e.hash)));
  });

  it('seal each event in a short entry: 45 events (28 departments, 17 with a review task) take under 2 KB', () => {
    const events = Array.from({ length: 28 }, (_, i) => `department-number-${i}`).flatMap((d, i) =>
      i < 17
        ? [
            answer(d),
            dispatchEvent({
              candidateId: CANDIDATE,
              actor: { kind: 'system', id: 'checker' },
              at: '2026-03-01T09:00:00.000Z',
              data: { department: d, mode: 'manual', timeoutSeconds: 86400 },
            }),
          ]
        : [answer(d)],
    );
    const seal = sealAnswers(events);
    expect(seal).toMatchObject({ sealed: expect.arrayContaining([expect.stringMatching(/^department-number-0:d:[0-9a-f]{16}$/)]) });
    expect(Buffer.byteLength(JSON.stringify(seal))).toBeLessThan(2048);
    const chain = chainSealing(events);
    expect(verifyAnswers(chain, events.map(stored))).toEqual({ ok: true, answers: 45, sealed: 45 });
  });

  it('still verify against a seal of the earlier form (each event with its whole hash), and name an event altered after it', () => {
    const answers = sortAnswerEvents(DEPARTMENTS.map((d) => answer(d)));
    const earlier = {
      root: merkleRoot(answers.map((e) => e.hash)),
      events: answers.map((e) => ({ department: e.data['department'], type: e.type, hash: e.hash })),
    };
    const chain = chainSealing(answers, earlier);
    expect(verifyAnswers(chain, answers.map(stored))).toEqual({ ok: true, answers: 5, sealed: 5 });
    const rewritten = answers.map((e) => (e.data['department'] === 'court' ? answer('court', e.at, 'findings') : e));
    expect(verifyAnswers(chain, rewritten.map(stored))).toMatchObject({ ok: false, problem: 'altered', answer: { department: 'court' } });
  });

  it('hold the sealed events to the root over their whole hashes, not only to the first digits the entries keep', () => {
    const answers = sortAnswerEvents(DEPARTMENTS.map((d) => answer(d)));
    const chain = chainSealing(answers, { ...sealAnswers(answers), root: merkleRoot([...answers].reverse().map((e) => e.hash)) });
    const result = verifyAnswers(chain, answers.map(stored));
    expect(result).toMatchObject({ ok: false, problem: 'altered' });
    expect(!result.ok && result.message).toContain('根哈希');
  });

  it('verify with the chain that seals them, counting the ones no decision sealed yet', () => {
    const answers = DEPARTMENTS.map((d) => answer(d));
    const chain = chainSealing(answers);
    const late = answer('health');
    const all = sortAnswerEvents([...answers, late]);
    expect(verifyAnswers(chain, all.map(stored))).toEqual({ ok: true, answers: 6, sealed: 5 });
    expect(verifyTrail(chain.map(stored), all.map(stored))).toMatchObject({ ok: true, count: 3, answers: 6, sealed: 5 });
  });

  it('name an answer event changed after sealing, whether its hash was left or recomputed', () => {
    const answers = sortAnswerEvents(DEPARTMENTS.map((d) => answer(d)));
    const chain = chainSealing(answers);
    const index = answers.findIndex((e) => e.data['department'] === 'petitions');
    const tampered = answers.map((e) => stored(e)) as Array<Record<string, unknown>>;
    const target = tampered[index];
    if (target === undefined) throw new Error('no petitions answer');
    target['data'] = { ...answers[index]?.data, result: 'findings' };
    expect(verifyAnswers(chain, tampered)).toMatchObject({ ok: false, index, problem: 'altered', answer: { department: 'petitions' } });
    // Rehashed to match its new content: the seal still names the old hash.
    const { hash: _old, ...body } = AnswerEvent.parse(target);
    target['hash'] = computeAnswerHash(body);
    const r = verifyAnswers(chain, tampered);
    expect(r).toMatchObject({ ok: false, index, problem: 'altered', answer: { department: 'petitions' } });
    expect(!r.ok && r.message).toContain('seq 1');
  });

  it('name an answer event deleted after sealing, and one of another candidate or with extra members', () => {
    const answers = sortAnswerEvents(DEPARTMENTS.map((d) => answer(d)));
    const chain = chainSealing(answers);
    const without = answers.filter((e) => e.data['department'] !== 'discipline').map(stored);
    expect(verifyAnswers(chain, without)).toMatchObject({ ok: false, index: 4, problem: 'removed', answer: { department: 'discipline' } });
    const extra = answers.map(stored) as Array<Record<string, unknown>>;
    if (extra[0] !== undefined) extra[0]['note'] = '王一';
    expect(verifyAnswers(chain, extra)).toMatchObject({ ok: false, index: 0, problem: 'malformed' });
    const foreign = answerEvent({
      candidateId: 'someone-else',
      actor: { kind: 'auto', id: 'x' },
      at: '2026-03-02T09:30:00.000Z',
      data: { department: 'health', result: 'clear', source: 'extract', findings: [] },
    });
    expect(verifyAnswers(chain, [...answers, foreign].map(stored))).toMatchObject({ ok: false, index: 5, problem: 'malformed' });
  });

  it('seal a review task’s dispatch beside its answer, and name a dispatch deleted or rewritten after sealing by its type', () => {
    const dispatched = dispatchEvent({
      candidateId: CANDIDATE,
      actor: { kind: 'system', id: 'checker' },
      at: '2026-03-01T09:00:00.000Z',
      data: { department: 'petitions', mode: 'manual', timeoutSeconds: 86400 },
    });
    const all = sortAnswerEvents([...DEPARTMENTS.map((d) => answer(d)), dispatched]);
    const chain = chainSealing(all);
    expect(
      sealedEvents(sealAnswers(all))
        .filter((e) => e.department === 'petitions')
        .map((e) => e.type),
    ).toEqual(['dispatched', 'answered']);
    expect(verifyAnswers(chain, all.map(stored))).toEqual({ ok: true, answers: 6, sealed: 6 });
    const without = all.filter((e) => e.type !== 'dispatched').map(stored);
    const removed = verifyAnswers(chain, without);
    expect(removed).toMatchObject({ ok: false, index: 5, problem: 'removed', answer: { department: 'petitions' } });
    expect(!removed.ok && removed.message).toContain('审查任务派发记录');
    const rewritten = dispatchEvent({
      candidateId: CANDIDATE,
      actor: { kind: 'system', id: 'checker' },
      at: '2026-03-01T09:00:00.000Z',
      data: { department: 'petitions', mode: 'manual', timeoutSeconds: 60 },
    });
    const swapped = sortAnswerEvents([...all.filter((e) => e.type !== 'dispatched'), rewritten]);
    expect(verifyAnswers(chain, swapped.map(stored))).toMatchObject({
      ok: false,
      index: swapped.indexOf(rewritten),
      problem: 'altered',
      answer: { department: 'petitions' },
    });
  });

  it('leave the chain problems first: an altered decided event is named on the chain', () => {
    const answers = DEPARTMENTS.map((d) => answer(d));
    const chain = chainSealing(answers).map(stored) as Array<Record<string, unknown>>;
    const decided = chain[1];
    if (decided === undefined) throw new Error('no decided event');
    decided['data'] = { ...(decided['data'] as object), answers: sealAnswers(answers.slice(1)) };
    expect(verifyTrail(chain, answers.map(stored))).toMatchObject({ ok: false, index: 1, seq: 1, problem: 'altered' });
  });
});
