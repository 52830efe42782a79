// Audit events: a per-candidate hash chain (domain appendEvent). Up to 28 departments may answer
// one candidate at once, so appends use optimistic concurrency: one transaction puts the event
// (its seq must be new) and moves the head item (conditional on the seq we extended). A loser
// re-reads the head and tries again. An optional dedupe marker in the same transaction makes a
// retried handler's append a no-op.
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { appendEvent } from '../../domain/audit/chain.js';
import { AuditEvent } from '../../domain/model.js';
import type { AuditRepository } from '../repositories.js';
import { ENTITY, IDEMPOTENCY_TTL_SECONDS, keys } from './keys.js';
import { backoffMs, cancellationCodes, epochSeconds, queryAll, sleep, type TableContext } from './util.js';

const MAX_ATTEMPTS = 60;
const EventItem = z.object({ event: AuditEvent });
const HeadItem = z.object({ seq: z.number().int().nonnegative(), hash: z.string(), last: AuditEvent });

/** Dedupe keys end up in a sort key: keep them short and printable. */
function safeDedupeKey(key: string): string {
  if (!/^[\w:.#~-]{1,200}$/.test(key)) throw new Error('audit dedupe key must be 1-200 characters of [A-Za-z0-9_:.#~-]');
  return key;
}

export function auditRepository(ctx: TableContext): AuditRepository {
  const readHead = async (candidateId: string): Promise<z.infer<typeof HeadItem> | undefined> => {
    const out = await ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key: keys.auditHead(candidateId), ConsistentRead: true }));
    return out.Item === undefined ? undefined : HeadItem.parse(out.Item);
  };

  return {
    async append(input, opts) {
      const dedupeKey = opts?.dedupeKey === undefined ? undefined : safeDedupeKey(opts.dedupeKey);
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        if (attempt > 0) await sleep(backoffMs(attempt));
        const head = await readHead(input.candidateId);
        const event = appendEvent(head?.last, input);
        const headCondition =
          head === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: '#seq = :expected', ExpressionAttributeNames: { '#seq': 'seq' }, ExpressionAttributeValues: { ':expected': head.seq } };
        const items = [
          {
            Put: {
              TableName: ctx.tableName,
              Item: { ...keys.auditEvent(input.candidateId, event.seq), entity: ENTITY.auditEvent, event },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: ctx.tableName,
              Item: { ...keys.auditHead(input.candidateId), entity: ENTITY.auditHead, seq: event.seq, hash: event.hash, last: event },
              ...headCondition,
            },
          },
          ...(dedupeKey === undefined
            ? []
            : [
                {
                  Put: {
                    TableName: ctx.tableName,
                    Item: {
                      ...keys.auditDedupe(input.candidateId, dedupeKey),
                      entity: ENTITY.auditDedupe,
                      seq: event.seq,
                      expiresAt: epochSeconds(input.at) + IDEMPOTENCY_TTL_SECONDS,
                    },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
              ]),
        ];
        try {
          await ctx.doc.send(new TransactWriteCommand({ TransactItems: items }));
          return { appended: true, event };
        } catch (err) {
          const codes = cancellationCodes(err);
          if (codes === undefined) throw err;
          if (codes[2] === 'ConditionalCheckFailed') return { appended: false };
          // Another append won the race (or the transaction conflicted): read the head again.
          if (!codes.some((c) => c === 'ConditionalCheckFailed' || c === 'TransactionConflict') && codes.length > 0) throw err;
        }
      }
      throw new Error(`audit append for one candidate lost ${MAX_ATTEMPTS} races in a row`);
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
