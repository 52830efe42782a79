import { describe, expect, it } from 'vitest';
import {
  checkpointDelta,
  checkpointState,
  headsDigest,
  lineHash,
  sealAnchor,
  verifyAnchorLog,
  verifyChainWithAnchors,
  type AnchorRecord,
  type NewAnchor,
} from '../../../shared/domain/audit/anchors.js';
import { appendEvent, GENESIS_HASH, type AppendInput } from '../../../shared/domain/audit/chain.js';
import { batchDigest } from '../../../shared/domain/audit/merkle.js';
import type { AuditEvent } from '../../../shared/domain/model.js';

function chain(candidateId: string, n: number): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (let i = 0; i < n; i++) {
    const input: AppendInput = {
      candidateId,
      type: 'dispatched',
      actor: { kind: 'system', id: 'checker' },
      at: `2027-01-0${1 + (i % 9)}T00:00:00.000Z`,
      data: { department: `d${i}`, mode: 'auto', timeoutSeconds: 60 },
    };
    events.push(appendEvent(events.at(-1), input));
  }
  return events;
}

const headOf = (chainId: string, events: AuditEvent[]) => ({
  chain: chainId,
  head: events.at(-1)?.hash ?? GENESIS_HASH,
  count: events.length,
});

/** Seals anchors one after the other, as the log adapters do. */
function build(anchors: NewAnchor[]): { records: AnchorRecord[]; lines: string[] } {
  const records: AnchorRecord[] = [];
  const lines: string[] = [];
  for (const a of anchors) {
    const { record, line } = sealAnchor({ records, lastLine: lines.at(-1) }, a);
    records.push(record);
    lines.push(line);
  }
  return { records, lines };
}

const A = chain('c-a', 3);
const B = chain('c-b', 2);

describe('sealing anchors', () => {
  it('gives a batch anchor the batch digest of its heads and links each line to the one before', () => {
    const { records, lines } = build([
      { kind: 'batch', subject: 'b1', at: '2027-01-02T00:00:00.000Z', heads: [headOf('c-b', B), headOf('c-a', A)] },
      { kind: 'report', subject: 'camp', at: '2027-01-03T00:00:00.000Z', heads: [headOf('c-a', A)] },
    ]);
    const [first, second] = records;
    expect(first?.seq).toBe(0);
    expect(first?.prev).toBe(GENESIS_HASH);
    expect(first?.heads.map((h) => h.chain)).toEqual(['c-a', 'c-b']);
    expect(first?.digest).toBe(
      batchDigest([
        { candidateId: 'c-a', head: A.at(-1)?.hash ?? '' },
        { candidateId: 'c-b', head: B.at(-1)?.hash ?? '' },
      ]),
    );
    expect(second?.seq).toBe(1);
    expect(second?.prev).toBe(lineHash(lines[0] ?? ''));
    expect(verifyAnchorLog(lines)).toMatchObject({ ok: true, count: 2, head: lineHash(lines[1] ?? '') });
  });

  it('refuses a chain listed twice in one anchor', () => {
    expect(() =>
      sealAnchor(
        { records: [], lastLine: undefined },
        { kind: 'batch', subject: 'b', at: '2027-01-01T00:00:00Z', heads: [headOf('c-a', A), headOf('c-a', A)] },
      ),
    ).toThrow(/twice/);
  });

  it('lists only changed heads in a checkpoint, with the digest over every head known after it', () => {
    const first = build([
      { kind: 'checkpoint', subject: 'chains', at: '2027-01-01T00:00:00Z', heads: [headOf('c-a', A), headOf('c-b', B)] },
    ]);
    const longerA = chain('c-a', 4);
    const delta = checkpointDelta(first.records, [headOf('c-a', longerA), headOf('c-b', B)]);
    expect(delta?.map((h) => h.chain)).toEqual(['c-a']);
    expect(checkpointDelta(first.records, [headOf('c-a', A), headOf('c-b', B)])).toBeUndefined();
    const { record } = sealAnchor(
      { records: first.records, lastLine: first.lines[0] },
      { kind: 'checkpoint', subject: 'chains', at: '2027-01-02T00:00:00Z', heads: delta ?? [] },
    );
    expect(record.digest).toBe(headsDigest([headOf('c-a', longerA), headOf('c-b', B)]));
    expect(checkpointState([...first.records, record]).get('c-a')?.count).toBe(4);
  });
});

describe('verifying the anchor log', () => {
  const { lines } = build([
    { kind: 'batch', subject: 'b1', at: '2027-01-02T00:00:00.000Z', heads: [headOf('c-a', A)] },
    { kind: 'checkpoint', subject: 'chains', at: '2027-01-03T00:00:00.000Z', heads: [headOf('c-a', A), headOf('c-b', B)] },
    { kind: 'report', subject: 'camp', at: '2027-01-04T00:00:00.000Z', heads: [headOf('c-b', B)] },
  ]);

  it('names the line after a changed one as broken', () => {
    const edited = [...lines];
    edited[0] = (edited[0] ?? '').replace('"b1"', '"b2"');
    expect(verifyAnchorLog(edited)).toMatchObject({ ok: false, line: 2, problem: 'broken' });
  });

  it('names a removed middle line', () => {
    const r = verifyAnchorLog([lines[0] ?? '', lines[2] ?? '']);
    expect(r).toMatchObject({ ok: false, line: 2, problem: 'malformed' });
    if (!r.ok) expect(r.message).toContain('插入或删除');
  });

  it('names a last line whose heads were changed without its digest', () => {
    const edited = [...lines];
    const last = JSON.parse(edited[2] ?? '{}');
    last.heads[0].head = 'f'.repeat(64);
    edited[2] = JSON.stringify(Object.fromEntries(Object.entries(last).sort(([x], [y]) => (x < y ? -1 : 1))));
    expect(verifyAnchorLog(edited)).toMatchObject({ ok: false, line: 3, problem: 'digest' });
  });

  it('refuses a line that is not canonical JSON', () => {
    expect(verifyAnchorLog([` ${lines[0]}`])).toMatchObject({ ok: false, line: 1, problem: 'malformed' });
  });
});

describe('a chain against its anchors', () => {
  const { records } = build([
    { kind: 'batch', subject: 'b1', at: '2027-01-02T00:00:00.000Z', heads: [headOf('c-a', A)] },
    { kind: 'checkpoint', subject: 'chains', at: '2027-01-03T00:00:00.000Z', heads: [headOf('c-a', chain('c-a', 3))] },
  ]);

  it('passes a chain that only grew after it was anchored', () => {
    const grown = [...A];
    grown.push(
      appendEvent(grown.at(-1), {
        candidateId: 'c-a',
        type: 'decided',
        actor: { kind: 'system', id: 'decide' },
        at: '2027-01-05T00:00:00.000Z',
        data: { outcome: 'cleared' },
      }),
    );
    expect(verifyChainWithAnchors('c-a', grown, records)).toMatchObject({ ok: true, count: 4, anchors: 2 });
  });

  it('names the anchor a chain rewritten whole (and consistent in itself) contradicts', () => {
    const rewritten = chain('c-a', 3).map((e) => e);
    const forged: AuditEvent[] = [];
    for (const e of rewritten) {
      forged.push(
        appendEvent(forged.at(-1), {
          candidateId: e.candidateId,
          type: e.type,
          actor: e.actor,
          at: '2027-02-01T00:00:00.000Z',
          data: e.data,
        }),
      );
    }
    const r = verifyChainWithAnchors('c-a', forged, records);
    expect(r).toMatchObject({ ok: false, problem: 'altered', anchor: { seq: 0, kind: 'batch', subject: 'b1' } });
    if (!r.ok) expect(r.message).toContain('锚定记录 #0');
  });

  it('names an anchor whose last events were removed', () => {
    const r = verifyChainWithAnchors('c-a', A.slice(0, 2), records);
    expect(r).toMatchObject({ ok: false, problem: 'removed', anchor: { seq: 0 } });
  });
});
