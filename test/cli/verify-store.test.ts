// The store check (a restored table, an imported campaign) verifies each candidate's answer events
// on its verdicts against the decision that sealed them, as well as the chain and its head.
import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { ChainCollector } from '../../cli/lib/verify-store.js';
import { ENTITY, keys } from '../../shared/adapters/dynamo/keys.js';
import { answerEvent, sealAnswers, type AnswerEvent } from '../../shared/domain/audit/answers.js';
import { appendEvent } from '../../shared/domain/audit/chain.js';
import type { AuditEvent } from '../../shared/domain/model.js';
import type { Item } from '../../cli/lib/table-items.js';

const CANDIDATE = 'b20261202-abc-0001';
const DEPARTMENTS = ['court', 'petitions', 'tax'];

function answers(): AnswerEvent[] {
  return DEPARTMENTS.map((department) =>
    answerEvent({
      candidateId: CANDIDATE,
      actor: { kind: 'auto', id: 'extract:g1' },
      at: '2026-11-10T02:00:00.000Z',
      data: { department, result: 'clear', source: 'extract', findings: [] },
    }),
  );
}

function chain(sealed: readonly AnswerEvent[]): AuditEvent[] {
  const submitted = appendEvent(undefined, {
    candidateId: CANDIDATE,
    type: 'submitted',
    actor: { kind: 'township', id: 't' },
    at: '2026-11-10T01:00:00.000Z',
    data: { batchId: 'b1', township: 'changguo', seq: 1 },
  });
  const decided = appendEvent(submitted, {
    candidateId: CANDIDATE,
    type: 'decided',
    actor: { kind: 'system', id: 'workflow' },
    at: '2026-11-10T03:00:00.000Z',
    data: {
      outcome: 'cleared',
      version: 1,
      digest: 'd'.repeat(64),
      policy: { id: 'p', version: '1.0.0' },
      referenceDate: '2026-12-01',
      reasons: [],
      unanswered: [],
      answers: sealAnswers(sealed),
    },
  });
  return [submitted, decided];
}

const item = (value: Record<string, unknown>): Item => marshall(value, { removeUndefinedValues: true });

function items(events: readonly AuditEvent[], onVerdicts: readonly AnswerEvent[]): Item[] {
  const last = events.at(-1);
  return [
    ...events.map((event) => item({ ...keys.auditEvent(CANDIDATE, event.seq), entity: ENTITY.auditEvent, event })),
    ...(last === undefined ? [] : [item({ ...keys.auditHead(CANDIDATE), entity: ENTITY.auditHead, seq: last.seq, hash: last.hash, last })]),
    ...onVerdicts.map((event) =>
      item({ ...keys.verdict(CANDIDATE, String(event.data['department'])), entity: ENTITY.verdict, verdict: { status: 'clear' }, event }),
    ),
  ];
}

function verify(list: readonly Item[]) {
  const collector = new ChainCollector();
  for (const i of list) collector.add(i);
  return collector.verify(undefined);
}

describe('the store check of answer events', () => {
  it('passes a chain whose decision sealed the answer events on its verdicts', () => {
    const all = answers();
    expect(verify(items(chain(all), all))).toMatchObject({ chains: 1, events: 2, problems: [] });
  });

  it('names the department of an answer event changed or deleted after sealing', () => {
    const all = answers();
    const events = chain(all);
    const changed = all.map((e) => (e.data['department'] === 'petitions' ? { ...e, at: '2026-11-10T02:00:01.000Z' } : e));
    const altered = verify(items(events, changed)).problems;
    expect(altered.map((p) => p.chain)).toEqual([CANDIDATE]);
    expect(altered[0]?.message).toContain('petitions');
    const removed = all.filter((e) => e.data['department'] !== 'tax');
    const problems = verify(items(events, removed)).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain('tax');
    expect(problems[0]?.message).toContain('删除');
  });
});
