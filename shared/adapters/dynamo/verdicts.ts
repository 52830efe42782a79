// Verdicts: one item per (candidate, department), written conditionally so a department answers
// once. `resultSentAt`/`resultSentFor` record that Step Functions accepted the answer.
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { AnswerEvent, StoredAnswerEvent } from '../../domain/audit/answers.js';
import { Verdict } from '../../domain/model.js';
import { Correction } from '../../domain/review-changes.js';
import type { ConfirmOnPut, SendClaim, StoredVerdict, VerdictRepository } from '../../app/ports.js';
import { ENTITY, keys } from './keys.js';
import { batchGetAll, isConditionalFailure, queryAll, type TableContext } from './util.js';

const VerdictItem = z.object({
  verdict: Verdict,
  resultSentAt: z.string().optional(),
  resultSentFor: z.string().optional(),
  lateAnswer: Verdict.optional(),
  sendClaim: z.object({ by: z.string(), at: z.string() }).optional(),
  corrections: z.array(z.object({ previous: Verdict, correction: Correction })).optional(),
  event: StoredAnswerEvent.optional(),
  lateEvent: StoredAnswerEvent.optional(),
  confirmedOnPut: z.boolean().optional(),
});

export function fromItem(item: Record<string, unknown>): StoredVerdict {
  const v = VerdictItem.parse(item);
  return {
    verdict: v.verdict,
    ...(v.resultSentAt === undefined ? {} : { resultSentAt: v.resultSentAt }),
    ...(v.resultSentFor === undefined ? {} : { resultSentFor: v.resultSentFor }),
    ...(v.lateAnswer === undefined ? {} : { lateAnswer: v.lateAnswer }),
    ...(v.sendClaim === undefined ? {} : { sendClaim: v.sendClaim }),
    ...(v.corrections === undefined ? {} : { corrections: v.corrections }),
    ...(v.event === undefined ? {} : { event: v.event }),
    ...(v.lateEvent === undefined ? {} : { lateEvent: v.lateEvent }),
    ...(v.confirmedOnPut === undefined ? {} : { confirmedOnPut: v.confirmedOnPut }),
  };
}

function confirmedFields(confirm: ConfirmOnPut) {
  return { resultSentAt: confirm.at, resultSentFor: confirm.tokenHash, confirmedOnPut: true } as const;
}

export function isAnswer(v: Verdict): boolean {
  return v.status === 'clear' || v.status === 'findings';
}

export function verdictRepository(ctx: TableContext): VerdictRepository {
  const get = async (candidateId: string, department: string): Promise<StoredVerdict | undefined> => {
    const out = await ctx.doc.send(
      new GetCommand({ TableName: ctx.tableName, Key: keys.verdict(candidateId, department), ConsistentRead: true }),
    );
    return out.Item === undefined ? undefined : fromItem(out.Item);
  };

  // The one write of an answer: the verdict, its send claim (or its confirmation) and its audit event together.
  const putNew = async (verdict: Verdict, claim?: SendClaim, event?: AnswerEvent, confirm?: ConfirmOnPut): Promise<boolean> => {
    try {
      await ctx.doc.send(
        new PutCommand({
          TableName: ctx.tableName,
          Item: {
            ...keys.verdict(verdict.candidateId, verdict.department),
            entity: ENTITY.verdict,
            campaignId: verdict.campaignId,
            department: verdict.department,
            verdict,
            ...(claim === undefined ? {} : { sendClaim: claim }),
            ...(event === undefined ? {} : { event }),
            ...(confirm === undefined ? {} : confirmedFields(confirm)),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (isConditionalFailure(err)) return false;
      throw err;
    }
  };

  return {
    async correct(input, expectedAnsweredAt, correctionInput) {
      const verdict = Verdict.parse(input);
      const correction = Correction.parse(correctionInput);
      if (!isAnswer(verdict)) throw new Error(`correct takes clear/findings, not ${verdict.status}`);
      const current = await get(verdict.candidateId, verdict.department);
      if (current === undefined || !isAnswer(current.verdict) || current.resultSentAt === undefined) {
        return current === undefined ? { corrected: false } : { corrected: false, current };
      }
      if (current.verdict.answeredAt !== expectedAnsweredAt) return { corrected: false, current };
      const entry = { previous: current.verdict, correction };
      try {
        await ctx.doc.send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: keys.verdict(verdict.candidateId, verdict.department),
            UpdateExpression: 'SET #verdict = :v, #corrections = list_append(if_not_exists(#corrections, :empty), :entry)',
            // Still the answer the caller saw, and still a confirmed answer.
            ConditionExpression: '#verdict.#answeredAt = :old AND #verdict.#status IN (:clear, :findings) AND attribute_exists(#sent)',
            ExpressionAttributeNames: {
              '#verdict': 'verdict',
              '#corrections': 'corrections',
              '#answeredAt': 'answeredAt',
              '#status': 'status',
              '#sent': 'resultSentAt',
            },
            ExpressionAttributeValues: {
              ':v': verdict,
              ':entry': [entry],
              ':empty': [],
              ':old': expectedAnsweredAt,
              ':clear': 'clear',
              ':findings': 'findings',
            },
          }),
        );
      } catch (err) {
        if (!isConditionalFailure(err)) throw err;
        const now = await get(verdict.candidateId, verdict.department);
        return now === undefined ? { corrected: false } : { corrected: false, current: now };
      }
      const stored: StoredVerdict = { ...current, verdict, corrections: [...(current.corrections ?? []), entry] };
      return { corrected: true, stored, previous: current.verdict };
    },

    async putAnswer(input, claim, eventInput, confirm) {
      const verdict = Verdict.parse(input);
      if (!isAnswer(verdict)) throw new Error(`putAnswer takes clear/findings, not ${verdict.status}`);
      const event = eventInput === undefined ? undefined : AnswerEvent.parse(eventInput);
      if (await putNew(verdict, claim, event, confirm)) {
        return {
          written: true,
          stored: {
            verdict,
            ...(claim === undefined ? {} : { sendClaim: claim }),
            ...(event === undefined ? {} : { event }),
            ...(confirm === undefined ? {} : confirmedFields(confirm)),
          },
        };
      }
      const existing = await get(verdict.candidateId, verdict.department);
      if (existing === undefined) throw new Error('verdict vanished after a failed conditional put');
      return { written: false, existing };
    },

    async claimSend(candidateId, department, claim, staleBefore) {
      try {
        await ctx.doc.send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: keys.verdict(candidateId, department),
            UpdateExpression: 'SET #claim = :claim',
            ConditionExpression:
              'attribute_exists(pk) AND attribute_not_exists(#sentAt) AND #verdict.#status IN (:clear, :findings) AND (attribute_not_exists(#claim) OR #claim.#at < :stale)',
            ExpressionAttributeNames: {
              '#claim': 'sendClaim',
              '#sentAt': 'resultSentAt',
              '#verdict': 'verdict',
              '#status': 'status',
              '#at': 'at',
            },
            ExpressionAttributeValues: { ':claim': claim, ':clear': 'clear', ':findings': 'findings', ':stale': staleBefore },
          }),
        );
        return true;
      } catch (err) {
        if (isConditionalFailure(err)) return false;
        throw err;
      }
    },

    async releaseSend(candidateId, department, claimBy) {
      try {
        await ctx.doc.send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: keys.verdict(candidateId, department),
            UpdateExpression: 'REMOVE #claim',
            ConditionExpression: '#claim.#by = :by',
            ExpressionAttributeNames: { '#claim': 'sendClaim', '#by': 'by' },
            ExpressionAttributeValues: { ':by': claimBy },
          }),
        );
      } catch (err) {
        if (!isConditionalFailure(err)) throw err;
      }
    },

    async markResultSent(candidateId, department, tokenHash, at) {
      await ctx.doc.send(
        new UpdateCommand({
          TableName: ctx.tableName,
          Key: keys.verdict(candidateId, department),
          UpdateExpression: 'SET #sentAt = :at, #sentFor = :h REMOVE #onPut',
          ConditionExpression: 'attribute_exists(pk) AND #verdict.#status IN (:clear, :findings)',
          ExpressionAttributeNames: {
            '#sentAt': 'resultSentAt',
            '#sentFor': 'resultSentFor',
            '#verdict': 'verdict',
            '#status': 'status',
            '#onPut': 'confirmedOnPut',
          },
          ExpressionAttributeValues: { ':at': at, ':h': tokenHash, ':clear': 'clear', ':findings': 'findings' },
        }),
      );
    },

    async unmarkResultSent(candidateId, department, tokenHash) {
      try {
        await ctx.doc.send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: keys.verdict(candidateId, department),
            UpdateExpression: 'REMOVE #sentAt, #sentFor, #onPut',
            ConditionExpression: '#onPut = :t AND #sentFor = :h',
            ExpressionAttributeNames: { '#sentAt': 'resultSentAt', '#sentFor': 'resultSentFor', '#onPut': 'confirmedOnPut' },
            ExpressionAttributeValues: { ':t': true, ':h': tokenHash },
          }),
        );
      } catch (err) {
        if (!isConditionalFailure(err)) throw err;
      }
    },

    async recordUnanswered({ campaignId, candidateId, department, status, at }) {
      const replacement: Verdict = Verdict.parse({
        campaignId,
        candidateId,
        department,
        status,
        findings: [],
        answeredAt: at,
        source: 'timeout',
      });
      // A few rounds: an answer may land between our read and our write.
      for (let round = 0; round < 5; round++) {
        if (await putNew(replacement)) return { changed: true, stored: { verdict: replacement } };
        const existing = await get(candidateId, department);
        if (existing === undefined) continue;
        // Confirmed answers and an earlier overdue/declined stand.
        if (existing.resultSentAt !== undefined || !isAnswer(existing.verdict)) return { changed: false, stored: existing };
        try {
          // The replaced answer's event goes with it: an answer that was never taken is not sealed.
          const moveEvent = existing.event !== undefined;
          await ctx.doc.send(
            new UpdateCommand({
              TableName: ctx.tableName,
              Key: keys.verdict(candidateId, department),
              UpdateExpression: moveEvent
                ? 'SET #verdict = :v, #late = :late, #lateEvent = :lateEvent REMOVE #event'
                : 'SET #verdict = :v, #late = :late',
              ConditionExpression: 'attribute_not_exists(#sentAt) AND #verdict.#status = :old',
              ExpressionAttributeNames: {
                '#verdict': 'verdict',
                '#late': 'lateAnswer',
                '#sentAt': 'resultSentAt',
                '#status': 'status',
                ...(moveEvent ? { '#event': 'event', '#lateEvent': 'lateEvent' } : {}),
              },
              ExpressionAttributeValues: {
                ':v': replacement,
                ':late': existing.verdict,
                ':old': existing.verdict.status,
                ...(moveEvent ? { ':lateEvent': existing.event } : {}),
              },
            }),
          );
          return {
            changed: true,
            stored: {
              verdict: replacement,
              lateAnswer: existing.verdict,
              ...(existing.event === undefined ? {} : { lateEvent: existing.event }),
            },
          };
        } catch (err) {
          if (!isConditionalFailure(err)) throw err;
        }
      }
      throw new Error('recordUnanswered: verdict kept changing; retry');
    },

    get,

    async getMany(refs) {
      const wanted = new Map(refs.map((r) => [`${r.candidateId}\u0000${r.department}`, keys.verdict(r.candidateId, r.department)]));
      return (await batchGetAll(ctx, [...wanted.values()])).map(fromItem);
    },

    async listByCandidate(candidateId) {
      const items = await queryAll(ctx, {
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': `CAND#${candidateId}`, ':s': keys.verdictPrefix },
        ConsistentRead: true,
      });
      return items.map(fromItem);
    },
  };
}
