// Audit events: a per-candidate hash chain (domain appendEvent). Up to 28 departments may answer
// one candidate at once, so appends use optimistic concurrency: one transaction puts the new
// events (each seq must be new) and moves the head item (conditional on the seq we extended). A
// loser re-reads the head and tries again. Dedupe markers in the same transaction make a retried
// handler's append a no-op.
//
// Within one process, appends to the same candidate are queued and the last head is remembered,
// so concurrent handlers in one sandbox (and the whole local stack, which runs every handler in
// one process) do not race each other: an append is then one TransactWriteItems call. Across
// processes the conditions still decide; a stale remembered head just costs one retry.
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

const EventItem = z.object({ event: AuditEvent });
// Heads written before 2026-12-04 also carry the whole last event (`last`); only seq and hash are read.
const HeadItem = z.object({ seq: z.number().int().nonnegative(), hash: z.string() });
type Head = z.infer<typeof HeadItem>;

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
    const { seq, hash } = HeadItem.parse(out.Item);
    return { seq, hash };
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
    const markers = pending.flatMap((entry, i) =>
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
    );
    return [
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
          Item: { ...keys.auditHead(candidateId), entity: ENTITY.auditHead, seq: last.seq, hash: last.hash },
          ...headCondition,
        },
      },
      ...markers,
    ];
  };

  const appendNow = async (candidateId: string, entries: Entry[]): Promise<Array<AuditEvent | undefined>> => {
    const results: Array<AuditEvent | undefined> = entries.map(() => undefined);
    // Indexes into `entries` still to append; entries whose marker exists drop out.
    let pending = entries.map((_, i) => i);
    let head = heads.get(candidateId);
    if (head === undefined) head = await readHead(candidateId);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
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
      const last = events[events.length - 1];
      try {
        await ctx.doc.send(new TransactWriteCommand({ TransactItems: transactItems(candidateId, head, events, pendingEntries) }));
        pending.forEach((entryIndex, i) => {
          results[entryIndex] = events[i];
        });
        if (last !== undefined) remember(candidateId, { seq: last.seq, hash: last.hash });
        return results;
      } catch (err) {
        const codes = cancellationCodes(err);
        if (codes === undefined) throw err;
        if (codes.length > 0 && !codes.some((c) => c === 'ConditionalCheckFailed' || c === 'TransactionConflict')) throw err;
        // Markers follow the events and the head in the transaction.
        const markerCodes = codes.slice(events.length + 1);
        let m = 0;
        const duplicates = new Set<number>();
        pendingEntries.forEach((entry, i) => {
          if (entry.dedupeKey === undefined) return;
          if (markerCodes[m] === 'ConditionalCheckFailed') duplicates.add(i);
          m += 1;
        });
        pending = pending.filter((_, i) => !duplicates.has(i));
        // Another writer moved the head (or the transaction conflicted): read it again.
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
