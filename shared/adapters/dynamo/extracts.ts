// Department record extracts. Rows are keyed by (department, ID HMAC) so the checker reads only
// the rows of the persons it checks; the sort key carries scope and generation, and the head item
// names the active generation. Replacing an extract writes a new generation, flips the head (the
// atomic moment), then deletes the old generation's items (found through gsi2).
//
// A generation written now holds one item a person (its rows in a list, split into chunks of about
// 100 KB when a person has very many), so a batch of checks reads its persons in one BatchGetItem.
// Generations written before (one item a row, read with a Query a person) keep being read that
// way until they are replaced; their generation id does not end in "P".
import { randomBytes } from 'node:crypto';
import { BatchGetCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { IsoDate, RecordRow } from '../../domain/model.js';
import type { IdCrypto } from '../id-crypto.js';
import type { ExtractSummary, RecordExtractRepository } from '../../app/ports.js';
import { ALL_SCOPE, ENTITY, keys } from './keys.js';
import { batchGetAll, batchWriteAll, queryAll, withoutUndefined, type TableContext } from './util.js';

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

/** The rows of one person (or one chunk of them) in a generation stored a person an item. */
const PersonItem = z.object({
  pk: z.string(),
  sk: z.string(),
  rows: z.array(RowItem),
  /** On chunk 0: how many chunks the person's rows take. */
  chunks: z.number().int().positive().optional(),
});

/** A chunk's rows stay well under DynamoDB's 400 KB item limit. */
const CHUNK_BYTES = 100_000;
const BY_PERSON = 'P';
const byPerson = (generation: string) => generation.endsWith(BY_PERSON);

/** Splits one person's rows into chunks of at most CHUNK_BYTES (JSON), in file order. */
function chunked<T>(rows: readonly T[]): T[][] {
  const chunks: T[][] = [[]];
  let bytes = 0;
  for (const row of rows) {
    const size = Buffer.byteLength(JSON.stringify(row));
    const last = chunks[chunks.length - 1] ?? [];
    if (last.length > 0 && bytes + size > CHUNK_BYTES) {
      chunks.push([row]);
      bytes = size;
    } else {
      last.push(row);
      bytes += size;
    }
  }
  return chunks;
}

function summaryFrom(item: Record<string, unknown>): ExtractSummary {
  const h = HeadItem.parse(item);
  const { campaignId, ...rest } = h;
  return campaignId === undefined ? rest : { ...rest, campaignId };
}

function newGeneration(uploadedAt: string): string {
  return `${uploadedAt.replace(/[^0-9]/g, '').slice(0, 17)}${randomBytes(4).toString('hex')}${BY_PERSON}`;
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
      // Each person's rows, in file order, under its HMAC.
      const persons = new Map<string, Record<string, unknown>[]>();
      for (const row of input.rows) {
        const idHmac = crypto.hmac(row.idNumber);
        const item = withoutUndefined({
          department: row.department,
          idCipher: crypto.encrypt(row.idNumber),
          name: row.name,
          category: row.category,
          startDate: row.startDate,
          endDate: row.endDate,
          status: row.status,
          documentNumber: row.documentNumber,
          note: row.note,
        });
        const own = persons.get(idHmac);
        if (own === undefined) persons.set(idHmac, [item]);
        else own.push(item);
      }
      let index = 0;
      await batchWriteAll(
        ctx,
        [...persons].flatMap(([idHmac, rows]) => {
          const chunks = chunked(rows);
          return chunks.map((chunk, n) => ({
            PutRequest: {
              Item: {
                pk: keys.extractRowPartition(input.department, idHmac),
                sk: keys.extractPersonSort(scope, generation, n),
                ...keys.extractGeneration(input.department, scope, generation, index++),
                entity: ENTITY.extractRow,
                rows: chunk,
                ...(n === 0 ? { chunks: chunks.length } : {}),
              },
            },
          }));
        }),
      );
      const summary: ExtractSummary = {
        department: input.department,
        ...(input.campaignId === undefined ? {} : { campaignId: input.campaignId }),
        generation,
        rows: input.rows.length,
        persons: persons.size,
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

    async findRowsOf(extract, idNumbers) {
      const scope = extract.campaignId ?? ALL_SCOPE;
      const found = new Map<string, RecordRow[]>(idNumbers.map((id) => [id, []]));
      const toRows = (items: readonly z.infer<typeof RowItem>[]) =>
        items.map(({ idCipher, ...rest }) => RecordRow.parse({ ...rest, idNumber: crypto.decrypt(idCipher) }));
      /** Every item of one person in the generation, in sort-key order. */
      const itemsOf = (pk: string) =>
        queryAll(ctx, {
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
          ExpressionAttributeValues: { ':p': pk, ':s': keys.extractRowPrefix(scope, extract.generation) },
          ConsistentRead: true,
        });
      const partitions = [...found.keys()].map((id) => ({ id, pk: keys.extractRowPartition(extract.department, crypto.hmac(id)) }));
      if (!byPerson(extract.generation)) {
        // Written a row an item: a Query a person.
        await Promise.all(partitions.map(async ({ id, pk }) => found.set(id, toRows((await itemsOf(pk)).map((i) => RowItem.parse(i))))));
        return found;
      }
      const idOf = new Map(partitions.map(({ id, pk }) => [pk, id]));
      const firsts = await batchGetAll(
        ctx,
        partitions.map(({ pk }) => ({ pk, sk: keys.extractPersonSort(scope, extract.generation, 0) })),
      );
      for (const raw of firsts) {
        const first = PersonItem.parse(raw);
        const id = idOf.get(first.pk);
        if (id === undefined) continue;
        // A person with very many rows: all the chunks, in order, with one Query.
        const items = (first.chunks ?? 1) > 1 ? (await itemsOf(first.pk)).map((i) => PersonItem.parse(i)) : [first];
        found.set(id, toRows(items.flatMap((i) => i.rows)));
      }
      return found;
    },
  };
}
