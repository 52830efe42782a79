import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import type { AuditEvent } from '../../../shared/domain/model.js';
import { canonicalJson } from '../../../shared/domain/audit/canonical.js';
import {
  AuditChainError,
  GENESIS_HASH,
  appendEvent,
  computeEventHash,
  verifyChain,
  type AppendInput,
} from '../../../shared/domain/audit/chain.js';

const sha256hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const INPUTS: AppendInput[] = [
  {
    candidateId: 'c-001',
    type: 'submitted',
    actor: { kind: 'township', id: 'twp-长岗' },
    at: '2026-03-01T08:00:00.000Z',
    data: { batchId: 'b1', rows: 12 },
  },
  {
    candidateId: 'c-001',
    type: 'dispatched',
    actor: { kind: 'system', id: 'sfn' },
    at: '2026-03-01T08:00:01.000Z',
    data: { departments: ['public-security', 'court'], sla: 5 },
  },
  {
    candidateId: 'c-001',
    type: 'answered',
    actor: { kind: 'auto', id: 'court' },
    at: '2026-03-02T09:30:00.000Z',
    data: { status: 'findings', note: '失信被执行人 · 已撤销', ratio: 0.1 },
  },
  {
    candidateId: 'c-001',
    type: 'decided',
    actor: { kind: 'system', id: 'decide' },
    at: '2026-03-06T00:00:00.000Z',
    data: { outcome: 'referred', reasons: [{ category: '不履职', eligibleFrom: null }] },
  },
];

function buildChain(inputs: readonly AppendInput[] = INPUTS): AuditEvent[] {
  const chain: AuditEvent[] = [];
  for (const input of inputs) chain.push(appendEvent(chain.at(-1), input));
  return chain;
}

/** A stored copy, as it would come back from a database or a file. */
const stored = (events: readonly AuditEvent[]): unknown[] => JSON.parse(JSON.stringify(events));

describe('appendEvent', () => {
  it('starts at seq 0 from the genesis hash and links each event to the previous hash', () => {
    const chain = buildChain();
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    expect(chain.map((e) => e.seq)).toEqual([0, 1, 2, 3]);
    expect(chain[0]?.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < chain.length; i++) expect(chain[i]?.prevHash).toBe(chain[i - 1]?.hash);
  });

  it('hashes the canonical JSON of every member but the hash itself (pinned vector)', () => {
    const event = appendEvent(undefined, {
      candidateId: 'c1',
      type: 'submitted',
      actor: { kind: 'system', id: 'sys' },
      at: '2026-01-01T00:00:00.000Z',
      data: { b: 2, a: '藏' },
    });
    const expectedText =
      '{"actor":{"id":"sys","kind":"system"},"at":"2026-01-01T00:00:00.000Z","candidateId":"c1",' +
      `"data":{"a":"藏","b":2},"prevHash":"${GENESIS_HASH}","seq":0,"type":"submitted"}`;
    expect(event.hash).toBe(sha256hex(expectedText));
    expect(computeEventHash(event)).toBe(event.hash);
  });

  it('stores data exactly as hashed: undefined members are dropped', () => {
    const event = appendEvent(undefined, { ...INPUTS[0]!, data: { keep: 1, drop: undefined } });
    expect(Object.keys(event.data)).toEqual(['keep']);
    expect(verifyChain(stored([event]))).toMatchObject({ ok: true });
  });

  it.each<[string, unknown]>([
    ['an unknown event type', { ...INPUTS[0], type: 'deleted' }],
    ['an empty candidateId', { ...INPUTS[0], candidateId: '' }],
    ['an unknown actor kind', { ...INPUTS[0], actor: { kind: 'hacker', id: 'x' } }],
    ['data that is not an object', { ...INPUTS[0], data: [1, 2] }],
  ])('rejects %s', (_label, input) => {
    // @ts-expect-error deliberately invalid input
    expect(() => appendEvent(undefined, input)).toThrow(AuditChainError);
  });

  it('rejects data that is not JSON (a Date, NaN) and a "__proto__" member zod would drop', () => {
    expect(() => appendEvent(undefined, { ...INPUTS[0]!, data: { when: new Date(0) } })).toThrow(/not a plain object/);
    expect(() => appendEvent(undefined, { ...INPUTS[0]!, data: { n: Number.NaN } })).toThrow(/finite/);
    expect(() => appendEvent(undefined, { ...INPUTS[0]!, data: JSON.parse('{"__proto__":{"x":1}}') })).toThrow(AuditChainError);
  });

  it('refuses to extend a chain whose head was tampered with or belongs to another candidate', () => {
    const [first] = buildChain();
    expect(() => appendEvent({ ...first!, at: '2030-01-01T00:00:00.000Z' }, INPUTS[1]!)).toThrow(/does not match its hash/);
    expect(() => appendEvent(first, { ...INPUTS[1]!, candidateId: 'c-002' })).toThrow(/another candidate/);
  });
});

describe('verifyChain on intact chains', () => {
  it('accepts an untouched chain, also after a JSON round trip, and reports head and count', () => {
    const chain = buildChain();
    expect(verifyChain(chain)).toEqual({ ok: true, head: chain[3]!.hash, count: 4 });
    expect(verifyChain(stored(chain))).toEqual({ ok: true, head: chain[3]!.hash, count: 4 });
  });

  it('accepts an empty chain, whose head is the genesis hash', () => {
    expect(verifyChain([])).toEqual({ ok: true, head: GENESIS_HASH, count: 0 });
  });

  it('accepts an anchor taken earlier when events were appended after it', () => {
    const chain = buildChain();
    expect(verifyChain(chain, { head: chain[1]!.hash })).toMatchObject({ ok: true, count: 4, anchoredCount: 2 });
    expect(verifyChain(chain, { head: chain[1]!.hash, count: 2 })).toMatchObject({ ok: true, anchoredCount: 2 });
    expect(verifyChain(chain, { head: GENESIS_HASH })).toMatchObject({ ok: true, anchoredCount: 0 });
    expect(verifyChain(chain, { count: 4 })).toMatchObject({ ok: true });
  });

  it('rejects an anchor head that is not a SHA-256 hex string', () => {
    expect(() => verifyChain(buildChain(), { head: 'abc' })).toThrow(AuditChainError);
  });
});

/** Which event a byte offset of `[e0,e1,...]` falls in, or -1 for the brackets and commas. */
function eventAt(texts: readonly string[], offset: number): number {
  let start = 1;
  for (let k = 0; k < texts.length; k++) {
    const length = Buffer.byteLength(texts[k]!, 'utf8');
    if (offset >= start && offset < start + length) return k;
    start += length + 1;
  }
  return -1;
}

describe('verifyChain detects any single-byte change', () => {
  it('every bit of every byte of the stored chain: the change is caught at the event it is in', () => {
    const chain = buildChain();
    const texts = chain.map((e) => canonicalJson(e));
    const original = Buffer.from(`[${texts.join(',')}]`, 'utf8');
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let checkedByVerify = 0;
    for (let offset = 0; offset < original.length; offset++) {
      for (let bit = 0; bit < 8; bit++) {
        const bytes = Buffer.from(original);
        bytes[offset] = bytes[offset]! ^ (1 << bit);
        let parsed: unknown;
        try {
          parsed = JSON.parse(decoder.decode(bytes));
        } catch {
          continue; // no longer UTF-8 or JSON: the file itself is visibly broken
        }
        expect(Array.isArray(parsed), `offset ${offset} bit ${bit}`).toBe(true);
        if (!Array.isArray(parsed)) continue;
        const result = verifyChain(parsed);
        expect(result.ok, `offset ${offset} bit ${bit}`).toBe(false);
        if (!result.ok) {
          expect(result.index, `offset ${offset} bit ${bit}`).toBe(eventAt(texts, offset));
          expect(['altered', 'malformed']).toContain(result.problem);
        }
        checkedByVerify++;
      }
    }
    // Most single-bit changes still parse, so verifyChain itself did the detecting.
    expect(checkedByVerify).toBeGreaterThan(original.length * 2);
  });

  it('any character of any event, replaced by any other character (property)', () => {
    const dataArb = fc.dictionary(
      fc.string({ minLength: 1, maxLength: 6 }).filter((k) => k !== '__proto__'),
      fc.oneof(
        fc.string({ unit: 'binary' }),
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.boolean(),
        fc.constant(null),
      ),
      { maxKeys: 4 },
    );
    const inputArb = fc.record({
      type: fc.constantFrom('submitted', 'dispatched', 'answered', 'overdue', 'decided', 'ruled', 'report_exported' as const),
      actor: fc.record({
        kind: fc.constantFrom('system', 'auto', 'reviewer', 'township', 'orgdept' as const),
        id: fc.string({ minLength: 1, maxLength: 8 }),
      }),
      at: fc.string({ maxLength: 24 }),
      data: dataArb,
    });
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 10 }),
        fc.array(inputArb, { minLength: 1, maxLength: 6 }),
        fc.nat(),
        fc.nat(),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
        (candidateId, inputs, which, where, replacement) => {
          const chain = buildChain(inputs.map((input) => ({ ...input, candidateId })));
          const k = which % chain.length;
          const text = canonicalJson(chain[k]);
          const chars = [...text];
          const pos = where % chars.length;
          fc.pre(chars[pos] !== replacement);
          chars[pos] = replacement;
          let mutated: unknown;
          try {
            mutated = JSON.parse(chars.join(''));
          } catch {
            return; // not JSON any more: visibly broken
          }
          // A change of the text that keeps the same value (e.g. inside an escape) is no change.
          fc.pre(mutated === null || typeof mutated !== 'object' || canonicalJson(mutated) !== text);
          const tampered: unknown[] = stored(chain);
          tampered[k] = mutated;
          const result = verifyChain(tampered);
          expect(result).toMatchObject({ ok: false, index: k });
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('verifyChain detects removed events', () => {
  const chain = buildChain();

  it.each([0, 1, 2])('removing the event at index %i is reported at that index', (k) => {
    const result = verifyChain(stored(chain.filter((_, i) => i !== k)));
    expect(result).toMatchObject({ ok: false, index: k, seq: k + 1, problem: 'removed' });
  });

  it('removing several consecutive events names the first gap and the missing range', () => {
    const result = verifyChain(stored([chain[0]!, chain[3]!]));
    expect(result).toMatchObject({ ok: false, index: 1, seq: 3, problem: 'removed' });
    expect(result.ok === false && result.message).toContain('1–2');
  });

  it('removing the last event is invisible without an anchor but caught with the anchored head or count', () => {
    const prefix = stored(chain.slice(0, 3));
    expect(verifyChain(prefix)).toMatchObject({ ok: true, count: 3 });
    expect(verifyChain(prefix, { head: chain[3]!.hash })).toMatchObject({ ok: false, index: 3, seq: 3, problem: 'removed' });
    expect(verifyChain(prefix, { count: 4 })).toMatchObject({ ok: false, index: 3, problem: 'removed' });
    expect(verifyChain([], { head: chain[3]!.hash })).toMatchObject({ ok: false, index: 0, problem: 'removed' });
  });
});

describe('verifyChain detects reordered events', () => {
  const chain = buildChain();
  const pairs = chain.flatMap((_, i) => chain.map((__, j) => [i, j] as const)).filter(([i, j]) => i < j);

  it.each(pairs)('swapping events %i and %i is reported at the first of them', (i, j) => {
    const swapped = stored(chain);
    [swapped[i], swapped[j]] = [swapped[j], swapped[i]];
    expect(verifyChain(swapped)).toMatchObject({ ok: false, index: i, problem: 'reordered' });
  });

  it('moving an event to the end, or duplicating one, is reported as reordered', () => {
    const [e0, e1, e2, e3] = chain;
    expect(verifyChain(stored([e0!, e2!, e3!, e1!]))).toMatchObject({ ok: false, index: 1, problem: 'reordered' });
    expect(verifyChain(stored([e0!, e1!, e1!, e2!, e3!]))).toMatchObject({ ok: false, index: 2, seq: 1, problem: 'reordered' });
  });
});

describe('verifyChain on rewritten or foreign events', () => {
  const chain = buildChain();
  const rehash = (event: AuditEvent, change: Partial<AuditEvent>): AuditEvent => {
    const body = { ...event, ...change };
    return { ...body, hash: computeEventHash(body) };
  };

  it('an event edited and rehashed is named through the link its successor recorded', () => {
    const forged = stored(chain);
    forged[1] = rehash(chain[1]!, { data: { departments: [] } });
    expect(verifyChain(forged)).toMatchObject({ ok: false, index: 1, seq: 1, problem: 'altered' });
  });

  it('a rehashed last event is only caught by an anchor with the count', () => {
    const forged = stored(chain);
    forged[3] = rehash(chain[3]!, { data: { outcome: 'cleared' } });
    expect(verifyChain(forged)).toMatchObject({ ok: true });
    expect(verifyChain(forged, { head: chain[3]!.hash, count: 4 })).toMatchObject({ ok: false, index: 3, problem: 'altered' });
    expect(verifyChain(forged, { head: chain[3]!.hash })).toMatchObject({ ok: false, problem: 'removed' });
  });

  it('a first event that does not start at the genesis hash is altered', () => {
    const forged = stored(chain);
    forged[0] = rehash(chain[0]!, { prevHash: 'a'.repeat(64) });
    expect(verifyChain(forged)).toMatchObject({ ok: false, index: 0, problem: 'altered' });
  });

  it('an intact event of another candidate spliced in is malformed', () => {
    const other = buildChain(INPUTS.map((input) => ({ ...input, candidateId: 'c-002' })));
    const mixed = stored(chain);
    mixed[2] = other[2];
    expect(verifyChain(mixed)).toMatchObject({ ok: false, index: 2, seq: 2, problem: 'malformed' });
  });

  it.each<[string, (e: Record<string, unknown>) => unknown, number | null]>([
    ['a missing member', ({ at: _at, ...rest }) => rest, 2],
    ['an extra member the hash does not cover', (e) => ({ ...e, note: 'x' }), 2],
    ['a "__proto__" member inside data', (e) => JSON.parse(JSON.stringify(e).replace('"data":{', '"data":{"__proto__":{"x":1},')), 2],
    ['a hash that is not hex', (e) => ({ ...e, hash: 'Z'.repeat(64) }), 2],
    ['a negative seq', (e) => ({ ...e, seq: -1 }), null],
    ['null instead of an event', () => null, null],
  ])('an event with %s is malformed', (_label, mutate, seq) => {
    const events = stored(chain);
    const target = events[2];
    if (target === null || typeof target !== 'object') throw new Error('fixture');
    events[2] = mutate({ ...target });
    expect(verifyChain(events)).toMatchObject({ ok: false, index: 2, seq, problem: 'malformed' });
  });
});
