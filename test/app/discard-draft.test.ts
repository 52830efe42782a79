// Deleting a draft batch the township never sent, on the in-memory store: its people are released
// for the campaign (the same file may go in again), each candidate's chain says so, and a refused
// or half-finished deletion leaves nothing half-done.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../shared/app/access.js';
import { listBatches } from '../../shared/app/batches.js';
import { discardDraft } from '../../shared/app/discard-draft.js';
import { recordFirstReview, sendDraft } from '../../shared/app/first-review.js';
import type { IntakeMessage } from '../../shared/app/ports.js';
import { submitBatch } from '../../shared/app/submit-batch.js';
import { fileReaders } from '../../shared/adapters/files/uploads.js';
import { verifyChain } from '../../shared/domain/audit/chain.js';
import type { MemoryRepositories } from '../adapters/memory-repositories.js';
import { candidatesCsv } from '../fixtures/import/people.js';
import { apiDeps, CAMPAIGN, CHANGGUO_ROWS, OTHER_TOWNSHIP, seedCampaign, TOWNSHIP } from '../functions/api/support.js';

const now = () => new Date('2026-04-10T02:00:00.000Z');
const caller = (c: Partial<Caller>): Caller => ({ userId: 'u-1', username: 'u1', townships: [], departments: [], orgdept: false, ...c });
const TOWN = caller({ userId: 'u-town', townships: [TOWNSHIP] });
const OTHER = caller({ userId: 'u-other', townships: [OTHER_TOWNSHIP] });

let repos: MemoryRepositories;
let enqueued: IntakeMessage[];
const deps = (batchId = 'b-draft') => ({
  repos,
  now,
  metrics: { count: () => undefined },
  files: fileReaders,
  log: { info: () => undefined, warn: () => undefined },
  intake: { enqueue: async (m: readonly IntakeMessage[]) => void enqueued.push(...m) },
  newBatchId: () => batchId,
});
const upload = { filename: 'batch.csv', bytes: new Uint8Array(Buffer.from(candidatesCsv(CHANGGUO_ROWS), 'utf8')) };

beforeEach(async () => {
  repos = apiDeps().repos;
  enqueued = [];
  await seedCampaign(repos);
});

function upload1(key: string, batchId: string, draft = true) {
  return submitBatch(deps(batchId), {
    caller: TOWN,
    township: TOWNSHIP,
    idempotencyKey: key,
    campaignId: CAMPAIGN.id,
    candidates: upload,
    draft,
  });
}

async function draftBatch() {
  const out = await upload1('k-draft-1', 'b-draft');
  if (!('candidateIds' in out)) throw new Error(out.message);
  return out.candidateIds;
}

describe('deleting a draft batch', () => {
  it('releases its people, so the same file goes in again as a new batch', async () => {
    await draftBatch();
    expect(await upload1('k-again', 'b-again')).toMatchObject({
      kind: 'rejected',
      errors: expect.arrayContaining([expect.objectContaining({ code: 'ID_ALREADY_IN_CAMPAIGN' })]),
    });
    const out = await discardDraft(deps(), { caller: TOWN, batchId: 'b-draft' });
    expect(out).toMatchObject({ kind: 'discarded', released: CHANGGUO_ROWS.length, stage: { status: 'discarded', discardedBy: 'u-town' } });
    expect(await upload1('k-again', 'b-again')).toMatchObject({ kind: 'created', batch: { batchId: 'b-again' } });
    expect(enqueued).toEqual([]);
  });

  it('puts a draft_discarded event on each candidate’s chain, leaves the batch out of the list and refuses to review or send it', async () => {
    const ids = await draftBatch();
    await discardDraft(deps(), { caller: TOWN, batchId: 'b-draft' });
    for (const id of ids) {
      const events = await repos.audit.listByCandidate(id);
      expect(events.map((e) => e.type)).toEqual(['drafted', 'draft_discarded']);
      expect(verifyChain(events)).toMatchObject({ ok: true, count: 2 });
    }
    expect((await listBatches({ repos }, { kind: 'township', township: TOWNSHIP })).batches).toEqual([]);
    const entries = ids.map((candidateId) => ({ candidateId, result: 'pass' as const, remark: '' }));
    expect(await recordFirstReview(deps(), { caller: TOWN, batchId: 'b-draft', entries })).toMatchObject({
      kind: 'conflict',
      detail: { code: 'BATCH_DISCARDED' },
    });
    expect(await sendDraft(deps(), { caller: TOWN, batchId: 'b-draft' })).toMatchObject({
      kind: 'conflict',
      detail: { code: 'BATCH_DISCARDED' },
    });
    expect(enqueued).toEqual([]);
  });

  it('answers a repeat as replayed without a second event', async () => {
    const [id = ''] = await draftBatch();
    await discardDraft(deps(), { caller: TOWN, batchId: 'b-draft' });
    expect(await discardDraft(deps(), { caller: TOWN, batchId: 'b-draft' })).toMatchObject({ kind: 'replayed', released: 0 });
    expect((await repos.audit.listByCandidate(id)).map((e) => e.type)).toEqual(['drafted', 'draft_discarded']);
  });

  it('finishes on a repeat what a deletion that failed part-way left: the people stay held until then', async () => {
    await draftBatch();
    const append = repos.audit.append.bind(repos.audit);
    let failures = 1;
    repos.audit.append = async (input, opts) => {
      if (failures-- > 0) throw new Error('store unavailable');
      return append(input, opts);
    };
    await expect(discardDraft(deps(), { caller: TOWN, batchId: 'b-draft' })).rejects.toThrow('store unavailable');
    expect(await upload1('k-again', 'b-again')).toMatchObject({
      kind: 'rejected',
      errors: expect.arrayContaining([expect.objectContaining({ code: 'ID_ALREADY_IN_CAMPAIGN' })]),
    });
    expect(await discardDraft(deps(), { caller: TOWN, batchId: 'b-draft' })).toMatchObject({
      kind: 'replayed',
      released: CHANGGUO_ROWS.length,
    });
    expect(await upload1('k-again', 'b-again')).toMatchObject({ kind: 'created' });
  });

  it('refuses a sent batch and another township, writing nothing', async () => {
    const ids = await draftBatch();
    const entries = ids.map((candidateId) => ({ candidateId, result: 'pass' as const, remark: '' }));
    await recordFirstReview(deps(), { caller: TOWN, batchId: 'b-draft', entries });
    const before = repos.snapshot();
    expect(await discardDraft(deps(), { caller: OTHER, batchId: 'b-draft' })).toMatchObject({ kind: 'forbidden' });
    expect(repos.snapshot()).toBe(before);
    await sendDraft(deps(), { caller: TOWN, batchId: 'b-draft' });
    const sent = repos.snapshot();
    expect(await discardDraft(deps(), { caller: TOWN, batchId: 'b-draft' })).toMatchObject({
      kind: 'conflict',
      detail: { code: 'BATCH_NOT_DRAFT' },
    });
    expect(await upload1('k-plain', 'b-plain', false)).toMatchObject({
      kind: 'rejected',
      errors: expect.arrayContaining([expect.objectContaining({ code: 'ID_ALREADY_IN_CAMPAIGN' })]),
    });
    expect(repos.snapshot()).toBe(sent);
    expect(await discardDraft(deps(), { caller: TOWN, batchId: 'no-such-batch' })).toMatchObject({ kind: 'notFound' });
  });
});
