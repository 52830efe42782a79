/**
 * Answer events: a department's answer is an audit event that lives on its own verdict item, not
 * on the candidate's chain, so up to 28 departments answering at once never contend for the
 * chain's head; so is the dispatch of a review task, on the task item (all 28 departments are
 * dispatched at the same moment). Each carries the SHA-256 of its own canonical form. The chain
 * seals them where there is one writer: the decision step sorts the candidate's answer events
 * (department, time, type, hash) and its `decided` event commits to them (a Merkle root over the
 * sorted hashes, with a short entry naming each: department, type and the first 16 hex digits of
 * its hash). From then on an altered or deleted answer event no longer matches what the chain
 * holds, and the chain's head, which the batch digest and the anchors carry, covers it.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { Actor, AuditEvent as AuditEventSchema, type AuditEvent } from '../model.js';
import { canonicalJson } from './canonical.js';
import { type ChainAnchor, type ChainProblem, type VerifyResult, verifyChain } from './chain.js';
import { AUDIT_DATA, SEALED_ENTRY, SealedAnswers } from './events.js';
import { merkleRoot } from './merkle.js';

const Hash = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * An answer event as read from its item. Stores read it leniently (a member outside the schema is
 * dropped, as for chain events, and is not hashed); the verifier holds it to exactly these members.
 */
export const StoredAnswerEvent = z.object({
  candidateId: z.string().min(1),
  type: z.enum(['answered', 'dispatched']),
  actor: Actor,
  at: z.string(),
  data: z.record(z.string(), z.unknown()),
  hash: Hash,
});
/** An answer event exactly: an extra member would not be hashed. */
export const AnswerEvent = StoredAnswerEvent.strict();
export type AnswerEvent = z.infer<typeof AnswerEvent>;

/** What a caller supplies; the hash is derived. */
export interface AnswerEventInput {
  candidateId: string;
  actor: Actor;
  at: string;
  data: z.input<(typeof AUDIT_DATA)['answered']>;
}

export interface DispatchEventInput {
  candidateId: string;
  actor: Actor;
  at: string;
  data: z.input<(typeof AUDIT_DATA)['dispatched']>;
}

export class AnswerEventError extends Error {
  override name = 'AnswerEventError';
}

/** SHA-256 (hex) of the canonical JSON of every member except `hash`. */
export function computeAnswerHash(event: Omit<AnswerEvent, 'hash'>): string {
  const { candidateId, type, actor, at, data } = event;
  return createHash('sha256').update(canonicalJson({ candidateId, type, actor, at, data }), 'utf8').digest('hex');
}

function build(type: AnswerEvent['type'], input: { candidateId: string; actor: Actor; at: string; data: unknown }): AnswerEvent {
  const parsed = AUDIT_DATA[type].safeParse(input.data);
  if (!parsed.success) throw new AnswerEventError(`invalid ${type} event: ${z.prettifyError(parsed.error)}`);
  const canonicalData = canonicalJson(parsed.data);
  if (canonicalJson(input.data) !== canonicalData) throw new AnswerEventError(`${type} event data has members the schema drops`);
  const data = z.record(z.string(), z.unknown()).parse(JSON.parse(canonicalData));
  const body = { candidateId: input.candidateId, type, actor: Actor.parse(input.actor), at: input.at, data };
  return { ...body, hash: computeAnswerHash(body) };
}

/** Builds an answer event; its data is stored exactly as it is hashed (plain JSON, undefined members dropped). */
export function answerEvent(input: AnswerEventInput): AnswerEvent {
  return build('answered', input);
}

/** Builds the dispatch event of a review task, the same way. */
export function dispatchEvent(input: DispatchEventInput): AnswerEvent {
  return build('dispatched', input);
}

/** The department an answer event is about ('' when its data names none). */
export function answerDepartment(event: Pick<AnswerEvent, 'data'>): string {
  const department = event.data['department'];
  return typeof department === 'string' ? department : '';
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The one order every reader and the sealer use: department, time, type, hash (UTF-16 code units). */
export function sortAnswerEvents<T extends Pick<AnswerEvent, 'data' | 'at' | 'type' | 'hash'>>(events: readonly T[]): T[] {
  return [...events].sort(
    (a, b) =>
      compare(answerDepartment(a), answerDepartment(b)) || compare(a.at, b.at) || compare(a.type, b.type) || compare(a.hash, b.hash),
  );
}

/** How many leading hex digits of an event's hash a seal entry keeps: 64 bits, with the root over the whole hashes. */
const SEALED_HASH_DIGITS = 16;

/** What a `decided` event commits to: the Merkle root over the sorted answer events' hashes, and a short entry for each. */
export function sealAnswers(events: readonly AnswerEvent[]): SealedAnswers {
  const sorted = sortAnswerEvents(events);
  return {
    root: merkleRoot(sorted.map((e) => e.hash)),
    sealed: sorted.map((e) => `${answerDepartment(e)}:${e.type === 'dispatched' ? 'd' : 'a'}:${e.hash.slice(0, SEALED_HASH_DIGITS)}`),
  };
}

interface SealedEvent {
  department: string;
  type: AnswerEvent['type'];
  /** The whole hash (seals before 2026-12-05) or its first SEALED_HASH_DIGITS digits. */
  hash: string;
}

/** The events a seal names, in its order, in either of its forms. */
export function sealedEvents(seal: SealedAnswers): SealedEvent[] {
  if ('events' in seal) return seal.events;
  return seal.sealed.map((entry) => {
    const [, department = '', type, hash = ''] = SEALED_ENTRY.exec(entry) ?? [];
    return { department, type: type === 'd' ? 'dispatched' : 'answered', hash };
  });
}

export type AnswersResult =
  | { ok: true; answers: number; sealed: number }
  | {
      ok: false;
      /** Index in the answer events as given; answers.length for a sealed event that is missing. */
      index: number;
      seq: null;
      problem: ChainProblem;
      message: string;
      answer: { department: string };
    };

function sameJson(raw: unknown, parsed: AnswerEvent): boolean {
  try {
    return canonicalJson(raw) === canonicalJson(parsed);
  } catch {
    return false;
  }
}

/**
 * Checks a candidate's answer events against themselves and against every `decided` event of its
 * (already verified) chain that seals answers, and names the first bad one:
 * - malformed: not exactly an answer event, or of another candidate than the chain;
 * - altered: its hash does not match its content, or a seal holds another hash for its department
 *   (the event was rewritten and rehashed after sealing);
 * - removed: a seal names a department whose answer event is gone.
 * Answer events have no stored order (every reader sorts them), so none can be "reordered".
 * Events no seal names yet are reported only by count (`answers - sealed`).
 */
export function verifyAnswers(chain: readonly AuditEvent[], answers: readonly unknown[]): AnswersResult {
  const chainId = chain[0]?.candidateId;
  const parsed: AnswerEvent[] = [];
  for (let i = 0; i < answers.length; i++) {
    const raw = answers[i];
    const r = AnswerEvent.safeParse(raw);
    const department = r.success ? answerDepartment(r.data) : '';
    const bad = (problem: ChainProblem, message: string): AnswersResult => ({
      ok: false,
      index: i,
      seq: null,
      problem,
      message,
      answer: { department },
    });
    if (!r.success || !sameJson(raw, r.data)) return bad('malformed', `部门答复 #${i} 格式不正确`);
    if (computeAnswerHash(r.data) !== r.data.hash) {
      return bad('altered', `部门答复 #${i}（${department}）的内容与其哈希不符：该记录被改动`);
    }
    if (chainId !== undefined && r.data.candidateId !== chainId) return bad('malformed', `部门答复 #${i}（${department}）属于另一个候选人`);
    parsed.push(r.data);
  }
  // Seal entries name an event by its hash or the hash's first digits: both are found by those digits.
  const key = (hash: string) => hash.slice(0, SEALED_HASH_DIGITS);
  const byKey = new Map(parsed.map((e, i) => [key(e.hash), i]));
  const seals = chain.flatMap((event) => {
    if (event.type !== 'decided') return [];
    const seal = SealedAnswers.safeParse(event.data['answers']);
    // Decided before answers were sealed.
    return seal.success ? [{ seq: event.seq, root: seal.data.root, events: sealedEvents(seal.data) }] : [];
  });
  const sealedAnywhere = new Set(seals.flatMap((s) => s.events.map((e) => key(e.hash))));
  const sealed = new Set<string>();
  for (const seal of seals) {
    const hashes: string[] = [];
    for (const { department, type, hash } of seal.events) {
      const found = parsed[byKey.get(key(hash)) ?? -1];
      if (found?.hash.startsWith(hash)) {
        sealed.add(found.hash);
        hashes.push(found.hash);
        continue;
      }
      // An event of that department and type no seal holds: the sealed one, rewritten and rehashed.
      const other = parsed.findIndex((e) => answerDepartment(e) === department && e.type === type && !sealedAnywhere.has(key(e.hash)));
      return other >= 0
        ? {
            ok: false,
            index: other,
            seq: null,
            problem: 'altered',
            message: `部门答复 #${other}（${department}）与联审结论（seq ${seal.seq}）封存的不符：该记录被改动后重算了哈希`,
            answer: { department },
          }
        : {
            ok: false,
            index: answers.length,
            seq: null,
            problem: 'removed',
            message: `联审结论（seq ${seal.seq}）封存的 ${department} ${type === 'dispatched' ? '审查任务派发记录' : '部门答复'}已不存在：该记录被删除`,
            answer: { department },
          };
    }
    // The root covers the whole hashes: an event rewritten to keep the first digits of its hash is caught here.
    if (merkleRoot(hashes) !== seal.root) {
      return {
        ok: false,
        index: answers.length,
        seq: null,
        problem: 'altered',
        message: `联审结论（seq ${seal.seq}）封存的部门答复与其根哈希不符：有记录被改动后重算了哈希`,
        answer: { department: '' },
      };
    }
  }
  return { ok: true, answers: parsed.length, sealed: sealed.size };
}

export type TrailResult =
  | (Extract<VerifyResult, { ok: true }> & { answers: number; sealed: number })
  | (Extract<VerifyResult, { ok: false }> & { answer?: { department: string } });

/**
 * A candidate's whole trail: the chain (verifyChain, against the anchor when given) and then its
 * answer events (verifyAnswers). The first problem found is named; a chain problem comes first.
 */
export function verifyTrail(events: readonly unknown[], answers: readonly unknown[], anchor?: ChainAnchor): TrailResult {
  const chain = verifyChain(events, anchor);
  if (!chain.ok) return chain;
  // verifyChain accepted every event, so each is an AuditEvent exactly as stored.
  const parsed = events.map((e) => AuditEventSchema.parse(e));
  const own = verifyAnswers(parsed, answers);
  return own.ok ? { ...chain, answers: own.answers, sealed: own.sealed } : own;
}
