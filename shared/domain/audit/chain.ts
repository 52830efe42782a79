/**
 * Per-candidate audit chain: every event carries the SHA-256 of its own canonical form, and
 * that form includes the previous event's hash, so changing, dropping or moving any event
 * breaks the chain from that point on.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AuditEvent } from '../model.js';
import { canonicalJson } from './canonical.js';

export const GENESIS_HASH = '0'.repeat(64);

const HASH_RE = /^[0-9a-f]{64}$/;

/** What a caller supplies; seq, prevHash and hash are derived. */
export const AppendInput = AuditEvent.pick({ candidateId: true, type: true, actor: true, at: true, data: true });
export type AppendInput = z.input<typeof AppendInput>;

/** A stored event must have exactly the schema's members: an extra member would not be hashed. */
const StoredEvent = AuditEvent.strict();
const EventData = AuditEvent.shape.data;
const LooseSeq = z.object({ seq: z.number().int().nonnegative() });

export class AuditChainError extends Error {
  override name = 'AuditChainError';
}

/** The hash of an event: SHA-256 (hex) of the canonical JSON of every member except `hash`. */
export function computeEventHash(event: Omit<AuditEvent, 'hash'>): string {
  const { candidateId, seq, type, actor, at, data, prevHash } = event;
  const canonical = canonicalJson({ candidateId, seq, type, actor, at, data, prevHash });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/**
 * Builds the next event of a candidate's chain (seq 0 with GENESIS_HASH when `previous` is
 * undefined). Throws AuditChainError on invalid input, on a previous event of another
 * candidate, or on a previous event whose own hash does not match (never extend a broken chain).
 */
export function appendEvent(previous: AuditEvent | undefined, input: AppendInput): AuditEvent {
  if (previous === undefined) return appendAfter(undefined, input);
  const prev = StoredEvent.safeParse(previous);
  if (!prev.success) throw new AuditChainError(`previous audit event is malformed: ${z.prettifyError(prev.error)}`);
  if (computeEventHash(prev.data) !== prev.data.hash) {
    throw new AuditChainError(`previous audit event (seq ${prev.data.seq}) does not match its hash`);
  }
  return appendAfter(prev.data, input);
}

/** Where a chain ends: what the next event links to. */
export const ChainHead = z.object({ candidateId: z.string(), seq: z.number().int().nonnegative(), hash: z.string().regex(HASH_RE) });
export type ChainHead = z.infer<typeof ChainHead>;

/**
 * Builds the next event after a chain head the caller holds (a store's head item carries only the
 * last seq and hash, not the whole last event: every append writes the head, so it stays small).
 */
export function appendAfter(head: ChainHead | undefined, input: AppendInput): AuditEvent {
  const parsed = AppendInput.safeParse(input);
  if (!parsed.success) throw new AuditChainError(`invalid audit event: ${z.prettifyError(parsed.error)}`);
  let seq = 0;
  let prevHash = GENESIS_HASH;
  if (head !== undefined) {
    const prev = ChainHead.safeParse(head);
    if (!prev.success) throw new AuditChainError(`the chain head is malformed: ${z.prettifyError(prev.error)}`);
    if (prev.data.candidateId !== parsed.data.candidateId) {
      throw new AuditChainError('previous audit event belongs to another candidate');
    }
    seq = prev.data.seq + 1;
    prevHash = prev.data.hash;
  }
  // Store data exactly as it is hashed (undefined members dropped, plain JSON only), so the
  // stored event verifies after any JSON round trip. canonicalJson throws on non-JSON data.
  const canonicalData = canonicalJson(parsed.data.data);
  if (canonicalJson(input.data) !== canonicalData) {
    throw new AuditChainError('audit event data has members the schema drops (e.g. "__proto__")');
  }
  const data = EventData.parse(JSON.parse(canonicalData));
  const body = { ...parsed.data, data, seq, prevHash };
  return { ...body, hash: computeEventHash(body) };
}

function sameJson(raw: unknown, parsed: AuditEvent): boolean {
  try {
    return canonicalJson(raw) === canonicalJson(parsed);
  } catch {
    return false;
  }
}

export type ChainProblem = 'altered' | 'removed' | 'reordered' | 'malformed';

export type VerifyResult =
  | {
      ok: true;
      head: string;
      count: number;
      /** With an anchor head: how many events the anchor covers (later ones were appended after it). */
      anchoredCount?: number;
    }
  | { ok: false; index: number; seq: number | null; problem: ChainProblem; message: string };

/** A head (and/or event count) recorded elsewhere, e.g. in a batch digest anchored in S3. */
export interface ChainAnchor {
  head?: string;
  count?: number;
}

/**
 * Verifies one candidate's chain, given in stored order, and names the FIRST bad event.
 * Events are checked in order; every event before the reported one is intact and linked.
 * For the event at index i:
 * 1. malformed — it fails the AuditEvent schema or is not exactly the JSON the schema keeps
 *    (extra members, "__proto__" keys, non-JSON values), or belongs to
 *    another candidate than event 0 (checked after its hash, so an edited candidateId is
 *    "altered");
 * 2. altered   — its hash does not match its content;
 * 3. reordered — its seq is below i (went backwards or duplicates), or above i while a
 *    missing seq appears later in the array;
 * 4. removed   — its seq is above i and the missing seqs appear nowhere (a gap);
 * 5. altered   — seq is i but prevHash does not match the previous hash: the previous event
 *    (index i-1, or event 0 itself when it does not start at GENESIS_HASH) was rewritten and
 *    rehashed, so that earlier event is named.
 * Dropping the LAST event leaves a valid shorter chain; only an anchor can reveal it. With
 * `anchor.count`, a shorter chain is "removed" at index = events.length (one past the end). With
 * `anchor.head` alone, the anchored head must be the hash of some event (events appended after
 * anchoring are fine); if it is not, the chain is reported "removed" at index = events.length
 * (trailing events dropped, or the whole chain rewritten). With both, the event at
 * anchor.count - 1 must carry anchor.head, else it is "altered".
 */
export function verifyChain(events: readonly unknown[], anchor?: ChainAnchor): VerifyResult {
  if (anchor?.head !== undefined && !HASH_RE.test(anchor.head)) {
    throw new AuditChainError('anchor head must be 64 lowercase hex characters');
  }
  if (anchor?.count !== undefined && !(Number.isInteger(anchor.count) && anchor.count >= 0)) {
    throw new AuditChainError('anchor count must be a non-negative integer');
  }
  const fail = (index: number, seq: number | null, problem: ChainProblem, message: string): VerifyResult => ({
    ok: false,
    index,
    seq,
    problem,
    message,
  });
  const rawSeq = (raw: unknown): number | null => {
    const r = LooseSeq.safeParse(raw);
    return r.success ? r.data.seq : null;
  };

  const chain: AuditEvent[] = [];
  for (let i = 0; i < events.length; i++) {
    const raw = events[i];
    const parsed = StoredEvent.safeParse(raw);
    if (!parsed.success) {
      const where = parsed.error.issues.map((issue) => issue.path.join('.') || '(事件本身)').join(', ');
      return fail(i, rawSeq(raw), 'malformed', `事件 #${i} 格式不正确（${where}）`);
    }
    const event = parsed.data;
    // Hash what is stored, not what zod kept: zod silently drops a "__proto__" member, which
    // must not become a way to add unhashed content.
    if (!sameJson(raw, event)) {
      return fail(i, event.seq, 'malformed', `事件 #${i}（seq ${event.seq}）含有格式之外的内容`);
    }
    if (computeEventHash(event) !== event.hash) {
      return fail(i, event.seq, 'altered', `事件 #${i}（seq ${event.seq}）的内容与其哈希不符：该事件被改动`);
    }
    const first = chain[0];
    if (first !== undefined && event.candidateId !== first.candidateId) {
      return fail(i, event.seq, 'malformed', `事件 #${i}（seq ${event.seq}）属于另一个候选人`);
    }
    if (event.seq < i) {
      return fail(i, event.seq, 'reordered', `事件 #${i} 的 seq 为 ${event.seq}，应为 ${i}：事件顺序被调换或重复`);
    }
    if (event.seq > i) {
      const missingLater = events.slice(i + 1).some((later) => {
        const s = rawSeq(later);
        return s !== null && s >= i && s < event.seq;
      });
      return missingLater
        ? fail(i, event.seq, 'reordered', `事件 #${i} 的 seq 为 ${event.seq}，应为 ${i}：事件顺序被调换`)
        : fail(i, event.seq, 'removed', `事件 #${i} 之前缺少 seq ${i}${event.seq - 1 > i ? `–${event.seq - 1}` : ''}：事件被删除`);
    }
    const previous = chain[i - 1];
    if (event.prevHash !== (previous?.hash ?? GENESIS_HASH)) {
      return previous === undefined
        ? fail(0, event.seq, 'altered', '事件 #0 不是从创世哈希开始：链被改写')
        : fail(i - 1, previous.seq, 'altered', `事件 #${i - 1}（seq ${previous.seq}）的哈希与后一事件记录的不符：该事件被改动后重算了哈希`);
    }
    chain.push(event);
  }

  const count = chain.length;
  const head = chain.at(-1)?.hash ?? GENESIS_HASH;
  if (anchor === undefined) return { ok: true, head, count };
  if (anchor.count !== undefined && count < anchor.count) {
    return fail(count, count, 'removed', `锚定时有 ${anchor.count} 个事件，现只有 ${count} 个：末尾事件被删除`);
  }
  if (anchor.head === undefined) return { ok: true, head, count, anchoredCount: anchor.count };
  if (anchor.count !== undefined) {
    const anchoredHash = anchor.count === 0 ? GENESIS_HASH : chain[anchor.count - 1]?.hash;
    if (anchoredHash !== anchor.head) {
      const index = Math.max(anchor.count - 1, 0);
      return fail(index, chain[index]?.seq ?? null, 'altered', `事件 #${index} 的哈希与锚定的链头不符：链被改写`);
    }
    return { ok: true, head, count, anchoredCount: anchor.count };
  }
  if (anchor.head === GENESIS_HASH) return { ok: true, head, count, anchoredCount: 0 };
  const at = chain.findIndex((event) => event.hash === anchor.head);
  if (at < 0) {
    return fail(count, count, 'removed', '锚定的链头不在链中：末尾事件被删除（或整条链被重写）');
  }
  return { ok: true, head, count, anchoredCount: at + 1 };
}
