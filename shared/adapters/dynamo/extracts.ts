// Department record extracts. Rows are keyed by (department, ID HMAC) so the checker reads only
// the rows of one person; the sort key carries scope and generation, and the head item names the
// active generation. Replacing an extract writes a new generation, flips the head (the atomic
// moment), then deletes the old generation's rows (found through gsi2).
import { randomBytes } from 'node:crypto';
import { BatchGetCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { IsoDate, RecordRow } from '../../domain/model.js';
import type { IdCrypto } from '../id-crypto.js';
import type { ExtractSummary, RecordExtractRepository } from '../../app/ports.js';
import { ALL_SCOPE, ENTITY, keys } from './keys.js';
import { batchWriteAll, queryAll, withoutUndefined, type TableContext } from './util.js';

const ItemKey = z.object({ pk: z.string(), sk: z.string() });

const HeadItem = z.object({
  department: z.string(),
  campaignId: z.string().optional(),
  generation: z.string(),
  rows: z.number().int().nonnegative(),
  persons: z.number().int().nonnegative(),
  filename: z.string(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
});

const RowItem = z.object({
  department: z.string(),
  idCipher: z.string(),
  name: z.string(),
  category: z.string(),
  startDate: IsoDate.optional(),
  endDate: IsoDate.optional(),
  status: z.string().optional(),
  documentNumber: z.string().optional(),
  note: z.string().optional(),
});

function summaryFrom(item: Record<string, unknown>): ExtractSummary {
  const h = HeadItem.parse(item);
  const { campaignId, ...rest } = h;
  return campaignId === undefined ? rest : { ...rest, campaignId };
}

function newGeneration(uploadedAt: string): string {
  return `${uploadedAt.replace(/[^0-9]/g, '').slice(0, 17)}${randomBytes(4).toString('hex')}`;
}

export function extractRepository(ctx: TableContext, crypto: IdCrypto): RecordExtractRepository {
  const getHead = async (department: string, scope: string): Promise<ExtractSummary | undefined> => {
    const out = await ctx.doc.send(
      new GetCommand({ TableName: ctx.tableName, Key: keys.extract(department, scope), ConsistentRead: true }),
    );
    return out.Item === undefined ? undefined : summaryFrom(out.Item);
  };

  return {
    async replace(input) {
      const scope = input.campaignId ?? ALL_SCOPE;
      const generation = newGeneration(input.uploadedAt);
      const previous = await getHead(input.department, scope);
      const hmacs = new Set<string>();
      await batchWriteAll(
        ctx,
        input.rows.map((row, index) => {
          const idHmac = crypto.hmac(row.idNumber);
          hmacs.add(idHmac);
          return {
            PutRequest: {
              Item: withoutUndefined({
                ...keys.extractRow(input.department, idHmac, scope, generation, index),
                ...keys.extractGeneration(input.department, scope, generation, index),
                entity: ENTITY.extractRow,
                department: row.department,
                idCipher: crypto.encrypt(row.idNumber),
                name: row.name,
                category: row.category,
                startDate: row.startDate,
                endDate: row.endDate,
                status: row.status,
                documentNumber: row.documentNumber,
                note: row.note,
              }),
            },
          };
        }),
      );
      const summary: ExtractSummary = {
        department: input.department,
        ...(input.campaignId === undefined ? {} : { campaignId: input.campaignId }),
        generation,
        rows: input.rows.length,
        persons: hmacs.size,
        filename: input.filename,
        uploadedBy: input.uploadedBy,
        uploadedAt: input.uploadedAt,
      };
      await ctx.doc.send(
        new PutCommand({
          TableName: ctx.tableName,
          Item: { ...keys.extract(input.department, scope), entity: ENTITY.extract, ...summary },
        }),
      );
      if (previous !== undefined && previous.generation !== generation) {
        // Old rows are invisible now (look-ups filter by the active generation); remove them.
        const old = await queryAll(ctx, {
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :p',
          ExpressionAttributeValues: { ':p': keys.extractGenerationPartition(input.department, scope, previous.generation) },
          ProjectionExpression: 'pk, sk',
        });
        await batchWriteAll(
          ctx,
          old.flatMap((item) => {
            const k = ItemKey.safeParse(item);
            return k.success ? [{ DeleteRequest: { Key: { pk: k.data.pk, sk: k.data.sk } } }] : [];
          }),
        );
      }
      return summary;
    },

    async getActive(department, campaignId) {
      // Both candidates in one round trip; unprocessed keys (throttling) fall back to single reads.
      const wanted = [keys.extract(department, campaignId), keys.extract(department, ALL_SCOPE)];
      const out = await ctx.doc.send(new BatchGetCommand({ RequestItems: { [ctx.tableName]: { Keys: wanted, ConsistentRead: true } } }));
      const found = new Map<string, Record<string, unknown>>();
      for (const item of out.Responses?.[ctx.tableName] ?? []) found.set(String(item['sk']), item);
      const pick = async (scope: string): Promise<ExtractSummary | undefined> => {
        const item = found.get(keys.extract(department, scope).sk);
        if (item !== undefined) return summaryFrom(item);
        const unprocessed = (out.UnprocessedKeys?.[ctx.tableName]?.Keys ?? []).some((k) => k['sk'] === keys.extract(department, scope).sk);
        return unprocessed ? getHead(department, scope) : undefined;
      };
      return (await pick(campaignId)) ?? (await pick(ALL_SCOPE));
    },

    async findRows(extract, idNumber) {
      const scope = extract.campaignId ?? ALL_SCOPE;
      const items = await queryAll(ctx, {
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: {
          ':p': keys.extractRowPartition(extract.department, crypto.hmac(idNumber)),
          ':s': keys.extractRowPrefix(scope, extract.generation),
        },
      });
      return items.map((item) => {
        const r = RowItem.parse(item);
        const { idCipher, ...rest } = r;
        return RecordRow.parse({ ...rest, idNumber: crypto.decrypt(idCipher) });
      });
    },
  };
}
