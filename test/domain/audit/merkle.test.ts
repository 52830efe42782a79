import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { EMPTY_MERKLE_ROOT, batchDigest, merkleRoot } from '../../../shared/domain/audit/merkle.js';

const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');
const leaves = (n: number, salt = '') => Array.from({ length: n }, (_, i) => hashOf(`${salt}leaf-${i}`));

/** RFC 6962 §2.1 as written: split at the largest power of two below n. */
function referenceRoot(data: Buffer[]): Buffer {
  if (data.length === 0) return sha();
  if (data.length === 1) return sha(Buffer.from([0]), data[0]!);
  let k = 1;
  while (k * 2 < data.length) k *= 2;
  return sha(Buffer.from([1]), referenceRoot(data.slice(0, k)), referenceRoot(data.slice(k)));
}

describe('merkleRoot', () => {
  it('is SHA-256 of nothing for no leaves', () => {
    expect(merkleRoot([])).toBe(EMPTY_MERKLE_ROOT);
    expect(EMPTY_MERKLE_ROOT).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('hashes a single leaf with the 0x00 leaf prefix', () => {
    const [h] = leaves(1);
    expect(merkleRoot([h!])).toBe(sha(Buffer.from([0]), Buffer.from(h!, 'hex')).toString('hex'));
  });

  it.each(Array.from({ length: 17 }, (_, i) => i + 1))('matches the RFC 6962 definition for %i leaves', (n) => {
    const hs = leaves(n);
    expect(merkleRoot(hs)).toBe(referenceRoot(hs.map((h) => Buffer.from(h, 'hex'))).toString('hex'));
  });

  it('changes when any single leaf changes', () => {
    for (let n = 1; n <= 9; n++) {
      const hs = leaves(n);
      const root = merkleRoot(hs);
      for (let i = 0; i < n; i++) {
        const changed = [...hs];
        changed[i] = hashOf(`changed-${i}`);
        expect(merkleRoot(changed), `n=${n} i=${i}`).not.toBe(root);
      }
    }
  });

  it('depends on leaf order', () => {
    const [a, b] = leaves(2);
    expect(merkleRoot([a!, b!])).not.toBe(merkleRoot([b!, a!]));
  });

  it('promotes an odd node rather than duplicating it, so [a,b,c] and [a,b,c,c] differ', () => {
    const [a, b, c] = leaves(3);
    expect(merkleRoot([a!, b!, c!])).not.toBe(merkleRoot([a!, b!, c!, c!]));
  });

  it('separates leaves from inner nodes: an inner node offered as a leaf gives another root', () => {
    const [a, b] = leaves(2);
    const inner = sha(Buffer.from([1]), sha(Buffer.from([0]), Buffer.from(a!, 'hex')), sha(Buffer.from([0]), Buffer.from(b!, 'hex')));
    expect(merkleRoot([a!, b!])).toBe(inner.toString('hex'));
    expect(merkleRoot([inner.toString('hex')])).not.toBe(merkleRoot([a!, b!]));
  });

  it('rejects leaves that are not SHA-256 hex', () => {
    expect(() => merkleRoot(['xyz'])).toThrow(/leaf 0/);
    expect(() => merkleRoot([hashOf('a').toUpperCase()])).toThrow(/leaf 0/);
  });
});

describe('batchDigest', () => {
  const heads = (n: number) => leaves(n, 'head').map((head, i) => ({ candidateId: `cand-${String(i).padStart(3, '0')}`, head }));

  it('is the Merkle root over "candidateId:head" leaves sorted by candidateId', () => {
    const [x, y] = leaves(2);
    const expected = sha(
      Buffer.from([1]),
      sha(Buffer.from([0]), Buffer.from(`a:${y}`)),
      sha(Buffer.from([0]), Buffer.from(`b:${x}`)),
    ).toString('hex');
    expect(
      batchDigest([
        { candidateId: 'b', head: x! },
        { candidateId: 'a', head: y! },
      ]),
    ).toBe(expected);
  });

  it('does not depend on the order the heads are given in', () => {
    const all = heads(11);
    const digest = batchDigest(all);
    fc.assert(
      fc.property(fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }), (shuffled) => {
        expect(batchDigest(shuffled)).toBe(digest);
      }),
    );
  });

  it('changes when any head or any candidateId changes', () => {
    const all = heads(7);
    const digest = batchDigest(all);
    for (let i = 0; i < all.length; i++) {
      const changedHead = all.map((h, j) => (j === i ? { ...h, head: hashOf(`other-${i}`) } : h));
      const changedId = all.map((h, j) => (j === i ? { ...h, candidateId: `${h.candidateId}x` } : h));
      expect(batchDigest(changedHead)).not.toBe(digest);
      expect(batchDigest(changedId)).not.toBe(digest);
    }
    expect(batchDigest(all.slice(1))).not.toBe(digest);
  });

  it('is the empty root for an empty batch and rejects duplicates and bad heads', () => {
    expect(batchDigest([])).toBe(EMPTY_MERKLE_ROOT);
    const [one] = heads(1);
    expect(() => batchDigest([one!, one!])).toThrow(/more than once/);
    expect(() => batchDigest([{ candidateId: 'c', head: 'nope' }])).toThrow(/not a SHA-256/);
    expect(() => batchDigest([{ candidateId: '', head: one!.head }])).toThrow(/empty candidateId/);
  });
});
