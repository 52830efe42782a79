// Audit events: a per-candidate hash chain (domain appendEvent). Up to 28 departments may answer
// one candidate at once, so appends use optimistic concurrency: one transaction puts the new
// events (each seq must be new) and moves the head item (conditional on the seq we extended). A
// loser re-reads the head and tries again.
//
// Dedupe: the head remembers short hashes of the last RECENT_KEYS dedupe keys appended, moved
// in the same transaction as the events, so a retried handler's append is a no-op without an item
// of its own. Chains begun before 2026-12-06 have a head without that list and a marker item per
// key (DEDUPE#<key>, 90-day TTL); they go on writing and checking markers, so no key they used
// before is forgotten.
//
// Within one process, appends to the same candidate are queued and the last head is remembered,
// so concurrent handlers in one sandbox (and the whole local stack, which runs every handler in
// one process) do not race each other: an append is then one TransactWriteItems call. Across
// processes the conditions still decide; a stale remembered head just costs one retry.
import { createHash } from 'node:crypto';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { appendAfter } from '../../domain/audit/chain.js';
import { AuditEvent } from '../../domain/model.js';
import type { AuditAppendInput, AuditRepository } from '../../app/ports.js';
import { ENTITY, IDEMPOTENCY_TTL_SECONDS, keys } from './keys.js';
import { backoffMs, cancellationCodes, epochSeconds, queryAll, sleep, type TableContext } from './util.js';

const MAX_ATTEMPTS = 60;
/** Remembered chain heads per process; the oldest entries are dropped first. */
const HEAD_CACHE_LIMIT = 5000;
/** TransactWriteItems takes at most 100 items: events + head + markers. */
const MAX_EVENTS_PER_APPEND = 40;
/**
 * Dedupe keys a head remembers (its last keyed appends): more than a candidate's 28 overdue and 28
 * late-answer events, and a retry comes within seconds of its first try. 64 hashes of 8 bytes, one
 * binary attribute, keep the head under 1 KB (2 units inside a transaction).
 */
const RECENT_KEYS = 64;
const KEY_HASH_BYTES = 8;

const EventItem = z.object({ event: AuditEvent });
// Heads written before 2026-12-04 also carry the whole last event (`last`); heads written before
// 2026-12-06 have no `recent` (their chain's dedupe keys are marker items). `recent` is the key
// hashes end to end; in memory they are hex strings.
const HeadItem = z.object({ seq: z.number().int().nonnegative(), hash: z.string(), recent: z.instanceof(Uint8Array).optional() });
interface Head {
  seq: number;
  hash: string;
  recent?: string[];
}

/** The short hash (hex) a head remembers a dedupe key by. */
const keyHash = (dedupeKey: string) =>
  createHash('sha256')
    .update(dedupeKey, 'utf8')
    .digest('hex')
    .slice(0, 2 * KEY_HASH_BYTES);

const KEY_HASH_HEX = new RegExp(`[0-9a-f]{${2 * KEY_HASH_BYTES}}`, 'g');
const recentFromBytes = (bytes: Uint8Array): string[] => Buffer.from(bytes).toString('hex').match(KEY_HASH_HEX) ?? [];
const recentToBytes = (recent: readonly string[]): Uint8Array => Buffer.from(recent.join(''), 'hex');

/** A chain whose head predates the remembered keys goes on with marker items. */
const keepsMarkers = (head: Head | undefined) => head !== undefined && head.recent === undefined;

/** The keys the head remembers after `appended`: the newest RECENT_KEYS. */
function remembered(head: Head | undefined, appended: readonly Entry[]): string[] {
  const added = appended.flatMap((e) => (e.dedupeKey === undefined ? [] : [keyHash(e.dedupeKey)]));
  return [...(head?.recent ?? []), ...added].slice(-RECENT_KEYS);
}

const isRemembered = (known: readonly string[], entry: Entry | undefined) =>
  entry?.dedupeKey !== undefined && known.includes(keyHash(entry.dedupeKey));

interface Entry {
  input: AuditAppendInput;
  dedupeKey?: string;
}

/** Dedupe keys end up in a sort key: keep them short and printable. */
function safeDedupeKey(key: string): string {
  if (!/^[\w:.#~-]{1,200}$/.test(key)) throw new Error('audit dedupe key must be 1-200 characters of [A-Za-z0-9_:.#~-]');
  return key;
}

export function auditRepository(ctx: TableContext): AuditRepository {
  const readHead = async (candidateId: string): Promise<Head | undefined> => {
    const out = await ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key: keys.auditHead(candidateId), ConsistentRead: true }));
    if (out.Item === undefined) return undefined;
    const { seq, hash, recent } = HeadItem.parse(out.Item);
    return recent === undefined ? { seq, hash } : { seq, hash, recent: recentFromBytes(recent) };
  };

  const heads = new Map<string, Head>();
  const remember = (candidateId: string, head: Head): void => {
    heads.delete(candidateId);
    heads.set(candidateId, head);
    if (heads.size > HEAD_CACHE_LIMIT) {
      const oldest = heads.keys().next();
      if (oldest.done !== true) heads.delete(oldest.value);
    }
  };

  // Per-candidate queue: each append waits for the previous one of the same candidate.
  const queues = new Map<string, Promise<void>>();
  const serialised = <T>(candidateId: string, task: () => Promise<T>): Promise<T> => {
    const previous = queues.get(candidateId) ?? Promise.resolve();
    const run = previous.then(task);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    queues.set(candidateId, settled);
    void settled.then(() => {
      if (queues.get(candidateId) === settled) queues.delete(candidateId);
    });
    return run;
  };

  const transactItems = (candidateId: string, head: Head | undefined, events: AuditEvent[], pending: Entry[]) => {
    const last = events[events.length - 1];
    if (last === undefined) throw new Error('nothing to append');
    const headCondition =
      head === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : {
            ConditionExpression: '#seq = :expected',
            ExpressionAttributeNames: { '#seq': 'seq' },
            ExpressionAttributeValues: { ':expected': head.seq },
          };
    const legacy = keepsMarkers(head);
    const markers = legacy
      ? pending.flatMap((entry, i) =>
          entry.dedupeKey === undefined
            ? []
            : [
                {
                  Put: {
                    TableName: ctx.tableName,
                    Item: {
                      ...keys.auditDedupe(candidateId, entry.dedupeKey),
                      entity: ENTITY.auditDedupe,
                      seq: events[i]?.seq,
                      expiresAt: epochSeconds(entry.input.at) + IDEMPOTENCY_TTL_SECONDS,
                    },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
              ],
        )
      : [];
    const recent = legacy ? undefined : remembered(head, pending);
    return {
      next: { seq: last.seq, hash: last.hash, ...(recent === undefined ? {} : { recent }) },
      items: [
        ...events.map((event) => ({
          Put: {
            TableName: ctx.tableName,
            Item: { ...keys.auditEvent(candidateId, event.seq), entity: ENTITY.auditEvent, event },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        })),
        {
          Put: {
            TableName: ctx.tableName,
            // Only where the chain ends: this item is written by every append, inside the transaction (2 units a KB).
            Item: {
              ...keys.auditHead(candidateId),
              entity: ENTITY.auditHead,
              seq: last.seq,
              hash: last.hash,
              ...(recent === undefined ? {} : { recent: recentToBytes(recent) }),
            },
            ...headCondition,
          },
        },
        ...markers,
      ],
    };
  };

  const appendNow = async (candidateId: string, entries: Entry[]): Promise<Array<AuditEvent | undefined>> => {
    const results: Array<AuditEvent | undefined> = entries.map(() => undefined);
    // Indexes into `entries` still to append; entries whose key was used drop out (a key twice in
    // one call appends once).
    let pending = entries.flatMap((entry, i) =>
      entry.dedupeKey !== undefined && entries.findIndex((e) => e.dedupeKey === entry.dedupeKey) < i ? [] : [i],
    );
    let head = heads.get(candidateId);
    if (head === undefined) head = await readHead(candidateId);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const known = head?.recent;
      if (known !== undefined) pending = pending.filter((i) => !isRemembered(known, entries[i]));
      if (pending.length === 0) return results;
      if (attempt > 0) await sleep(backoffMs(attempt));
      const pendingEntries = pending.flatMap((i) => (entries[i] === undefined ? [] : [entries[i]]));
      const events: AuditEvent[] = [];
      let previous = head === undefined ? undefined : { candidateId, ...head };
      for (const entry of pendingEntries) {
        const event = appendAfter(previous, entry.input);
        events.push(event);
        previous = event;
      }
      const { items, next } = transactItems(candidateId, head, events, pendingEntries);
      try {
        await ctx.doc.send(new TransactWriteCommand({ TransactItems: items }));
        pending.forEach((entryIndex, i) => {
          results[entryIndex] = events[i];
        });
        remember(candidateId, next);
        return results;
      } catch (err) {
        const codes = cancellationCodes(err);
        if (codes === undefined) throw err;
        if (codes.length > 0 && !codes.some((c) => c === 'ConditionalCheckFailed' || c === 'TransactionConflict')) throw err;
        // Markers (a chain from before the head remembered keys) follow the events and the head.
        const markerCodes = codes.slice(events.length + 1);
        let m = 0;
        const duplicates = new Set<number>();
        if (keepsMarkers(head)) {
          pendingEntries.forEach((entry, i) => {
            if (entry.dedupeKey === undefined) return;
            if (markerCodes[m] === 'ConditionalCheckFailed') duplicates.add(i);
            m += 1;
          });
        }
        pending = pending.filter((_, i) => !duplicates.has(i));
        // Another writer moved the head (or the transaction conflicted): read it again; the keys it
        // remembers drop out at the top of the loop.
        heads.delete(candidateId);
        head = await readHead(candidateId);
      }
    }
    throw new Error(`audit append for one candidate lost ${MAX_ATTEMPTS} races in a row`);
  };

  const appendAll: AuditRepository['appendAll'] = (entries) => {
    const first = entries[0];
    if (first === undefined) return Promise.resolve([]);
    const candidateId = first.input.candidateId;
    if (entries.some((e) => e.input.candidateId !== candidateId)) throw new Error('appendAll takes events of one candidate');
    if (entries.length > MAX_EVENTS_PER_APPEND) throw new Error(`at most ${MAX_EVENTS_PER_APPEND} audit events per append`);
    const checked = entries.map((e) =>
      e.dedupeKey === undefined ? { input: e.input } : { input: e.input, dedupeKey: safeDedupeKey(e.dedupeKey) },
    );
    return serialised(candidateId, () => appendNow(candidateId, checked));
  };

  return {
    appendAll,

    async append(input, opts) {
      const [event] = await appendAll([opts?.dedupeKey === undefined ? { input } : { input, dedupeKey: opts.dedupeKey }]);
      return event === undefined ? { appended: false } : { appended: true, event };
    },

    async listByCandidate(candidateId) {
      const items = await queryAll(ctx, {
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': `CAND#${candidateId}`, ':s': keys.auditEventPrefix },
        ConsistentRead: true,
      });
      return items.map((i) => EventItem.parse(i).event);
    },

    async head(candidateId) {
      const head = await readHead(candidateId);
      return head === undefined ? undefined : { seq: head.seq, hash: head.hash };
    },
  };
}
