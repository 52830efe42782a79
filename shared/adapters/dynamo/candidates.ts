// Candidate dossiers. ID numbers (the candidate's and the relatives') are sealed with IdCrypto and
// accompanied by an HMAC; only the masked form is kept readable.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { maskIdNumber } from '../../domain/idcard.js';
import {
  BirthMonth,
  Dossier,
  Education,
  NominationType,
  PoliticalStatus,
  Post,
  Relation,
  Sex,
  type CandidateRow,
  type Relative,
} from '../../domain/model.js';
import type { IdCrypto } from '../id-crypto.js';
import type { CandidateRepository, CandidateView, Routing } from '../../app/ports.js';
import { ENTITY, keys } from './keys.js';
import { batchGetAll, queryAll, type TableContext } from './util.js';

const StoredRelative = z.object({
  name: z.string().min(1),
  relation: Relation,
  idCipher: z.string().optional(),
  idHmac: z.string().optional(),
});

const RoutingItem = z.object({
  policyId: z.string(),
  policyVersion: z.string(),
  departments: z.array(z.string()),
});
const RoutingOnly = z.object({ routing: RoutingItem.optional() });

export const CandidateItem = z.object({
  candidateId: z.string(),
  campaignId: z.string(),
  batchId: z.string(),
  position: z.number().int().positive(),
  seq: z.number().int().positive(),
  name: z.string().min(1),
  sex: Sex,
  ethnicity: z.string().min(1),
  idCipher: z.string(),
  idHmac: z.string(),
  idMasked: z.string(),
  birth: BirthMonth,
  education: Education,
  political: PoliticalStatus,
  township: z.string(),
  village: z.string(),
  post: Post,
  nominationType: NominationType,
  incumbent: z.boolean(),
  relatives: z.array(StoredRelative).default([]),
  routing: RoutingItem.optional(),
});
export type CandidateItem = z.infer<typeof CandidateItem>;

/** The stored form of one candidate (also used by the batch repository when writing). */
export function candidateItem(
  crypto: IdCrypto,
  input: { candidateId: string; campaignId: string; batchId: string; position: number; row: CandidateRow; relatives: Relative[] },
): Record<string, unknown> {
  const { row } = input;
  return {
    ...keys.candidate(input.candidateId),
    ...keys.candidateByBatch(input.batchId, input.position),
    entity: ENTITY.candidate,
    candidateId: input.candidateId,
    campaignId: input.campaignId,
    batchId: input.batchId,
    position: input.position,
    seq: row.seq,
    name: row.name,
    sex: row.sex,
    ethnicity: row.ethnicity,
    idCipher: crypto.encrypt(row.idNumber),
    idHmac: crypto.hmac(row.idNumber),
    idMasked: maskIdNumber(row.idNumber),
    birth: row.birth,
    education: row.education,
    political: row.political,
    township: row.township,
    village: row.village,
    post: row.post,
    nominationType: row.nominationType,
    incumbent: row.incumbent,
    relatives: input.relatives.map((r) => ({
      name: r.name,
      relation: r.relation,
      ...(r.idNumber === undefined || r.idNumber === '' ? {} : { idCipher: crypto.encrypt(r.idNumber), idHmac: crypto.hmac(r.idNumber) }),
    })),
  };
}

function toView(crypto: IdCrypto, c: CandidateItem): CandidateView {
  return {
    candidateId: c.candidateId,
    campaignId: c.campaignId,
    batchId: c.batchId,
    seq: c.seq,
    name: c.name,
    idNumber: crypto.decrypt(c.idCipher),
    sex: c.sex,
    birth: c.birth,
    township: c.township,
    village: c.village,
    post: c.post,
  };
}

function toDossier(crypto: IdCrypto, c: CandidateItem): Dossier {
  const idNumber = crypto.decrypt(c.idCipher);
  return Dossier.parse({
    seq: c.seq,
    name: c.name,
    sex: c.sex,
    ethnicity: c.ethnicity,
    idNumber,
    birth: c.birth,
    education: c.education,
    political: c.political,
    township: c.township,
    village: c.village,
    post: c.post,
    nominationType: c.nominationType,
    incumbent: c.incumbent,
    candidateId: c.candidateId,
    campaignId: c.campaignId,
    batchId: c.batchId,
    relatives: c.relatives.map((r) => ({
      candidateIdNumber: idNumber,
      name: r.name,
      relation: r.relation,
      ...(r.idCipher === undefined ? {} : { idNumber: crypto.decrypt(r.idCipher) }),
    })),
  });
}

export function candidateRepository(ctx: TableContext, crypto: IdCrypto): CandidateRepository {
  const load = async (candidateId: string): Promise<CandidateItem | undefined> => {
    const out = await ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key: keys.candidate(candidateId) }));
    return out.Item === undefined ? undefined : CandidateItem.parse(out.Item);
  };
  const byBatch = async (batchId: string): Promise<CandidateItem[]> => {
    const items = await queryAll(ctx, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :c)',
      ExpressionAttributeValues: { ':p': `BATCH#${batchId}`, ':c': 'CAND#' },
    });
    return items.map((i) => CandidateItem.parse(i));
  };
  return {
    async getDossier(candidateId) {
      const c = await load(candidateId);
      return c === undefined ? undefined : toDossier(crypto, c);
    },
    async getView(candidateId) {
      const c = await load(candidateId);
      return c === undefined ? undefined : toView(crypto, c);
    },
    async getViews(candidateIds) {
      const items = await batchGetAll(
        ctx,
        [...new Set(candidateIds)].map((id) => keys.candidate(id)),
      );
      return items.map((i) => toView(crypto, CandidateItem.parse(i)));
    },
    async listViewsByBatch(batchId) {
      return (await byBatch(batchId)).map((c) => toView(crypto, c));
    },
    async listDossiersByBatch(batchId) {
      return (await byBatch(batchId)).map((c) => toDossier(crypto, c));
    },
    async setRouting(candidateId, routing: Routing) {
      await ctx.doc.send(
        new UpdateCommand({
          TableName: ctx.tableName,
          Key: keys.candidate(candidateId),
          UpdateExpression: 'SET #routing = :r',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#routing': 'routing' },
          ExpressionAttributeValues: {
            ':r': { policyId: routing.policyId, policyVersion: routing.policyVersion, departments: routing.departments },
          },
        }),
      );
    },
    async getRouting(candidateId) {
      const out = await ctx.doc.send(
        new GetCommand({
          TableName: ctx.tableName,
          Key: keys.candidate(candidateId),
          ProjectionExpression: '#routing',
          ExpressionAttributeNames: { '#routing': 'routing' },
        }),
      );
      return RoutingOnly.parse(out.Item ?? {}).routing;
    },
  };
}
