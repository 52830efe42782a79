/**
 * Anchors: what the audit chains looked like at a moment, kept OUTSIDE the table they protect (an
 * append-only file in the local data folder; S3 Object Lock on AWS). A chain in the table can be
 * rewritten whole by anyone who can write the table; an anchor written before the rewrite names a
 * head the rewritten chain no longer has.
 *
 * The log is a sequence of records, one canonical-JSON line each. Every line carries the SHA-256
 * of the line before it (`prev`), so a line changed, inserted or removed in the middle breaks the
 * next line's `prev`; the hash of the last line is the log's head.
 *
 * - `batch`: the heads of one batch's candidates when the batch completed; `digest` is the batch
 *   digest (batchDigest, the Merkle root printed by `lianshen vet`).
 * - `report`: the heads of a campaign's candidates when its clearance report was generated; the
 *   digest printed on the report and the 公示 list.
 * - `import`: the heads of a campaign written by `lianshen campaign import`.
 * - `checkpoint`: a periodic checkpoint of every chain head. Only the heads that changed since the
 *   previous checkpoint are listed; `digest` is the Merkle root over ALL heads known after it
 *   (the previous checkpoints replayed plus this one), so each line stays small.
 *
 * Pure: JSON, SHA-256 and the domain's own Merkle tree.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from './canonical.js';
import { GENESIS_HASH, verifyChain, type ChainProblem } from './chain.js';
import { batchDigest } from './merkle.js';

const Hash = z.string().regex(/^[0-9a-f]{64}$/);

export const ANCHOR_KINDS = ['batch', 'report', 'import', 'checkpoint'] as const;
export const AnchorKind = z.enum(ANCHOR_KINDS);
export type AnchorKind = z.infer<typeof AnchorKind>;

/** One chain's head as anchored: the hash of its last event and how many events it had. */
export const ChainHead = z.object({ chain: z.string().min(1), head: Hash, count: z.number().int().nonnegative() });
export type ChainHead = z.infer<typeof ChainHead>;

export const AnchorRecord = z
  .object({
    v: z.literal(1),
    seq: z.number().int().nonnegative(),
    at: z.string().min(1),
    kind: AnchorKind,
    /** What is anchored: a batch id, a campaign id, or "chains" for a checkpoint. */
    subject: z.string().min(1),
    digest: Hash,
    heads: z.array(ChainHead),
    /** SHA-256 of the previous line (GENESIS_HASH for the first). */
    prev: Hash,
  })
  .strict();
export type AnchorRecord = z.infer<typeof AnchorRecord>;

/** What a caller anchors; seq, digest and prev come from the log. */
export interface NewAnchor {
  kind: AnchorKind;
  subject: string;
  at: string;
  heads: readonly ChainHead[];
}

export const CHECKPOINT_SUBJECT = 'chains';

export class AnchorError extends Error {
  override name = 'AnchorError';
}

/** SHA-256 (hex) of one line as stored, without its newline. */
export function lineHash(line: string): string {
  return createHash('sha256').update(line, 'utf8').digest('hex');
}

/** The Merkle root over heads (the batch digest's leaves: `chain:head`, sorted by chain). */
export function headsDigest(heads: readonly Pick<ChainHead, 'chain' | 'head'>[]): string {
  return batchDigest(heads.map((h) => ({ candidateId: h.chain, head: h.head })));
}

/** Every head the checkpoints up to and including `records` name, the latest per chain. */
export function checkpointState(records: readonly AnchorRecord[]): Map<string, ChainHead> {
  const state = new Map<string, ChainHead>();
  for (const r of records) if (r.kind === 'checkpoint') for (const h of r.heads) state.set(h.chain, h);
  return state;
}

/**
 * The heads a checkpoint must list: those that differ from the replayed checkpoints. Undefined
 * when nothing changed (no line is written then).
 */
export function checkpointDelta(records: readonly AnchorRecord[], current: readonly ChainHead[]): ChainHead[] | undefined {
  const state = checkpointState(records);
  const changed = current.filter((h) => {
    const known = state.get(h.chain);
    return known === undefined || known.head !== h.head || known.count !== h.count;
  });
  return changed.length === 0 ? undefined : [...changed].sort((a, b) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0));
}

/**
 * The next record and its line, given the log so far (its records and its last line). Throws
 * AnchorError on invalid input or a chain listed twice.
 */
export function sealAnchor(
  log: { records: readonly AnchorRecord[]; lastLine: string | undefined },
  anchor: NewAnchor,
): { record: AnchorRecord; line: string } {
  const heads = z.array(ChainHead).safeParse(anchor.heads);
  if (!heads.success) throw new AnchorError(`invalid anchor heads: ${z.prettifyError(heads.error)}`);
  const seen = new Set<string>();
  for (const h of heads.data) {
    if (seen.has(h.chain)) throw new AnchorError(`chain ${h.chain} is listed twice in one anchor`);
    seen.add(h.chain);
  }
  if (anchor.subject.length === 0) throw new AnchorError('anchor subject is empty');
  if (Number.isNaN(Date.parse(anchor.at))) throw new AnchorError(`anchor time is not an instant: ${anchor.at}`);
  const sorted = [...heads.data].sort((a, b) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0));
  const digest =
    anchor.kind === 'checkpoint' ? headsDigest([...checkpointState([...log.records, placeholder(sorted)]).values()]) : headsDigest(sorted);
  const record: AnchorRecord = {
    v: 1,
    seq: log.records.length,
    at: anchor.at,
    kind: anchor.kind,
    subject: anchor.subject,
    digest,
    heads: sorted,
    prev: log.lastLine === undefined ? GENESIS_HASH : lineHash(log.lastLine),
  };
  return { record, line: canonicalJson(record) };
}

/** A checkpoint-shaped stand-in, so the digest covers the state after this checkpoint. */
function placeholder(heads: ChainHead[]): AnchorRecord {
  return { v: 1, seq: 0, at: '', kind: 'checkpoint', subject: CHECKPOINT_SUBJECT, digest: GENESIS_HASH, heads, prev: GENESIS_HASH };
}

export type AnchorLogProblem = 'malformed' | 'broken' | 'digest';

export type AnchorLogResult =
  | { ok: true; records: AnchorRecord[]; count: number; head: string }
  | { ok: false; line: number; problem: AnchorLogProblem; message: string; records: AnchorRecord[] };

/**
 * Checks a whole log, given as its lines (no trailing empty line), and names the first bad line
 * (1-based, as an editor shows it). `records` holds the lines before the bad one.
 * - malformed: not the exact canonical JSON of a record, or a seq out of place;
 * - broken: its `prev` is not the hash of the line before: that line was changed, or lines were
 *   inserted or removed between them;
 * - digest: its digest does not match its heads (for a checkpoint: all heads replayed so far).
 * Lines removed at the END leave a valid shorter log: compare the head (or the count) with a copy
 * kept elsewhere, e.g. the anchor number printed on a report.
 */
export function verifyAnchorLog(lines: readonly string[]): AnchorLogResult {
  const records: AnchorRecord[] = [];
  let previousLine: string | undefined;
  for (const [i, line] of lines.entries()) {
    const fail = (problem: AnchorLogProblem, message: string): AnchorLogResult => ({
      ok: false,
      line: i + 1,
      problem,
      message: `锚定记录第 ${i + 1} 行${message}`,
      records,
    });
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      return fail('malformed', '不是有效的 JSON：该行被改动或截断');
    }
    const parsed = AnchorRecord.safeParse(json);
    if (!parsed.success) return fail('malformed', '格式不正确：该行被改动');
    const record = parsed.data;
    let canonical: string;
    try {
      canonical = canonicalJson(json);
    } catch {
      return fail('malformed', '含有格式之外的内容：该行被改动');
    }
    if (canonical !== line) return fail('malformed', '不是规范格式：该行被改动');
    if (record.seq !== i) return fail('malformed', `的序号为 ${record.seq}，应为 ${i}：有记录被插入或删除`);
    const expectedPrev = previousLine === undefined ? GENESIS_HASH : lineHash(previousLine);
    if (record.prev !== expectedPrev) {
      return fail(
        'broken',
        i === 0 ? '不是从创世哈希开始：文件开头被改写' : `记录的前一行哈希与第 ${i} 行不符：第 ${i} 行被改动，或其间有记录被插入或删除`,
      );
    }
    const digest =
      record.kind === 'checkpoint' ? headsDigest([...checkpointState([...records, record]).values()]) : headsDigest(record.heads);
    if (digest !== record.digest) return fail('digest', '的摘要与其链头不符：该行被改动');
    records.push(record);
    previousLine = line;
  }
  return { ok: true, records, count: records.length, head: previousLine === undefined ? GENESIS_HASH : lineHash(previousLine) };
}

/** Splits a log file's text into lines; a missing newline after the last line is tolerated. */
export function anchorLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** Where an anchor came from, as people read it. */
export function describeAnchor(record: Pick<AnchorRecord, 'seq' | 'kind' | 'subject'>): string {
  const what: Record<AnchorKind, string> = {
    batch: `批次 ${record.subject} 完成时的锚定`,
    report: `换届工作 ${record.subject} 生成联审结果时的锚定`,
    import: `换届工作 ${record.subject} 导入时的锚定`,
    checkpoint: '定期链头检查点',
  };
  return `锚定记录 #${record.seq}（${what[record.kind]}）`;
}

export type ChainAnchorsResult =
  | { ok: true; count: number; head: string; anchors: number }
  | {
      ok: false;
      index: number;
      seq: number | null;
      problem: ChainProblem;
      message: string;
      /** The anchor the chain contradicts; absent when the chain is broken in itself. */
      anchor?: Pick<AnchorRecord, 'seq' | 'at' | 'kind' | 'subject'>;
    };

/**
 * Verifies one chain against itself and then against every anchor that names it: each anchored
 * (head, count) must be the hash of the chain's event count-1. The first contradicted anchor is
 * named: a chain rewritten after it (whole or in part) no longer carries its head.
 */
export function verifyChainWithAnchors(chainId: string, events: readonly unknown[], records: readonly AnchorRecord[]): ChainAnchorsResult {
  const own = verifyChain(events);
  if (!own.ok) return own;
  let anchors = 0;
  for (const record of records) {
    const anchored = record.heads.find((h) => h.chain === chainId);
    if (anchored === undefined) continue;
    anchors += 1;
    const r = verifyChain(events, { head: anchored.head, count: anchored.count });
    if (!r.ok) {
      const { seq, at, kind, subject } = record;
      return { ...r, message: `${describeAnchor(record)}不符：${r.message}`, anchor: { seq, at, kind, subject } };
    }
  }
  return { ok: true, count: own.count, head: own.head, anchors };
}
