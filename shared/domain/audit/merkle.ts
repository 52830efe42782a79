/**
 * Merkle tree over audit chain heads, so one digest per batch can be anchored (e.g. in S3
 * Object Lock) and any candidate's chain checked against it.
 *
 * Hashing follows RFC 6962 (Certificate Transparency):
 * - leaf = SHA-256(0x00 || leaf bytes), node = SHA-256(0x01 || left || right). The prefixes keep
 *   a leaf from ever being passed off as an inner node (second-preimage attacks).
 * - An odd node at the end of a level is PROMOTED unchanged to the next level, not duplicated:
 *   duplication would give [a, b, c] and [a, b, c, c] the same root.
 * - The root of no leaves is SHA-256 of the empty string (EMPTY_MERKLE_ROOT).
 */
import { createHash } from 'node:crypto';
import { Buffer } from 'node:buffer';

export const EMPTY_MERKLE_ROOT = createHash('sha256').digest('hex');

const HASH_RE = /^[0-9a-f]{64}$/;
const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

function sha256(...parts: Uint8Array[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

function rootOfLeaves(leaves: readonly Uint8Array[]): string {
  if (leaves.length === 0) return EMPTY_MERKLE_ROOT;
  let level = leaves.map((leaf) => sha256(LEAF_PREFIX, leaf));
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i];
      const right = level[i + 1];
      if (left === undefined) break;
      next.push(right === undefined ? left : sha256(NODE_PREFIX, left, right));
    }
    level = next;
  }
  const [root] = level;
  if (root === undefined) throw new Error('unreachable: empty Merkle level');
  return root.toString('hex');
}

/** Root over hex SHA-256 hashes, in the given order; each leaf's bytes are the decoded hash. */
export function merkleRoot(leafHashes: readonly string[]): string {
  return rootOfLeaves(
    leafHashes.map((hash, i) => {
      if (!HASH_RE.test(hash)) throw new Error(`leaf ${i} is not a 64-character lowercase hex SHA-256 hash`);
      return Buffer.from(hash, 'hex');
    }),
  );
}

/**
 * The digest of a batch: the Merkle root over `${candidateId}:${head}` (UTF-8) leaves, sorted by
 * candidateId (UTF-16 code units), so the order in which heads are gathered does not matter.
 * A candidateId may appear only once.
 */
export function batchDigest(heads: ReadonlyArray<{ candidateId: string; head: string }>): string {
  const sorted = [...heads].sort((a, b) => (a.candidateId < b.candidateId ? -1 : a.candidateId > b.candidateId ? 1 : 0));
  for (let i = 0; i < sorted.length; i++) {
    const entry = sorted[i];
    if (entry === undefined) continue;
    if (entry.candidateId.length === 0) throw new Error('batch digest: empty candidateId');
    if (!HASH_RE.test(entry.head)) throw new Error(`batch digest: head of ${entry.candidateId} is not a SHA-256 hex hash`);
    if (sorted[i - 1]?.candidateId === entry.candidateId) {
      throw new Error(`batch digest: candidate ${entry.candidateId} appears more than once`);
    }
  }
  return rootOfLeaves(sorted.map(({ candidateId, head }) => Buffer.from(`${candidateId}:${head}`, 'utf8')));
}
