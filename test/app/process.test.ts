// The review's process on the in-memory store, through the use cases: a draft is queued only when
// sent, every step is an audit event whose altered bytes verify finds, and a secretary nominee's
// row may stand only once the filing is approved.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../shared/app/access.js';
import { decideFiling } from '../../shared/app/filings.js';
import { recordFirstReview, sendDraft } from '../../shared/app/first-review.js';
import type { IntakeMessage } from '../../shared/app/ports.js';
import { exportReport } from '../../shared/app/report.js';
import { submitBatch } from '../../shared/app/submit-batch.js';
import { fileReaders } from '../../shared/adapters/files/uploads.js';
import { verifyChain } from '../../shared/domain/audit/chain.js';
import type { MemoryRepositories } from '../adapters/memory-repositories.js';
import { candidatesCsv } from '../fixtures/import/people.js';
import { apiDeps, CAMPAIGN, CHANGGUO_ROWS, seedCampaign, TOWNSHIP } from '../functions/api/support.js';

const now = () => new Date('2026-04-10T02:00:00.000Z');
const caller = (c: Partial<Caller>): Caller => ({ userId: 'u-1', username: 'u1', townships: [], departments: [], orgdept: false, ...c });
const TOWN = caller({ userId: 'u-town', townships: [TOWNSHIP] });
const ORG = caller({ userId: 'u-org', orgdept: true });

let repos: MemoryRepositories;
let enqueued: IntakeMessage[];
const deps = () => ({
  repos,
  now,
  metrics: { count: () => undefined },
  files: fileReaders,
  log: { info: () => undefined, warn: () => undefined },
  intake: { enqueue: async (m: readonly IntakeMessage[]) => void enqueued.push(...m) },
  newBatchId: () => 'b-draft',
});
const upload = { filename: 'batch.csv', bytes: new Uint8Array(Buffer.from(candidatesCsv(CHANGGUO_ROWS), 'utf8')) };

beforeEach(async () => {
  repos = apiDeps().repos;
  enqueued = [];
  await seedCampaign(repos);
});

async function draftBatch() {
  const out = await submitBatch(deps(), {
    caller: TOWN,
    township: TOWNSHIP,
    idempotencyKey: 'k-draft-1',
    campaignId: CAMPAIGN.id,
    candidates: upload,
    draft: true,
  });
  if (!('candidateIds' in out)) throw new Error(out.message);
  return out.candidateIds;
}

describe('a draft batch', () => {
  it('is queued only when sent, and a replay of the draft upload queues nothing', async () => {
    const ids = await draftBatch();
    await draftBatch();
    expect(enqueued).toEqual([]);
    await recordFirstReview(deps(), {
      caller: TOWN,
      batchId: 'b-draft',
      entries: ids.map((candidateId) => ({ candidateId, result: 'pass', remark: '' })),
    });
    expect(enqueued).toEqual([]);
    const sent = await sendDraft(deps(), { caller: TOWN, batchId: 'b-draft' });
    expect(sent).toMatchObject({ kind: 'sent', sent: ids });
    expect(enqueued.map((m) => m.candidateId)).toEqual(ids);
  });

  it('keeps every step on the candidate’s chain, and verify finds an altered byte of the first review', async () => {
    const [id = ''] = await draftBatch();
    const ids = (await repos.candidates.listViewsByBatch('b-draft')).map((c) => c.candidateId);
    await recordFirstReview(deps(), {
      caller: TOWN,
      batchId: 'b-draft',
      entries: ids.map((candidateId) => ({ candidateId, result: 'pass', remark: '符合' })),
    });
    await sendDraft(deps(), { caller: TOWN, batchId: 'b-draft' });
    const events = await repos.audit.listByCandidate(id);
    expect(events.map((e) => e.type)).toEqual(['drafted', 'first_reviewed', 'submitted']);
    expect(verifyChain(events)).toMatchObject({ ok: true, count: 3 });
    const stored = repos.state.events.get(id) ?? [];
    const reviewed = stored[1];
    if (reviewed === undefined || reviewed.type !== 'first_reviewed') throw new Error('no first review event');
    stored[1] = { ...reviewed, data: { ...reviewed.data, result: 'fail' } };
    expect(verifyChain(await repos.audit.listByCandidate(id))).toMatchObject({ ok: false, index: 1, problem: 'altered' });
  });
});

describe('a secretary nominee', () => {
  it('may stand only once the filing is approved, and the approval is on its chain', async () => {
    const out = await submitBatch(deps(), {
      caller: TOWN,
      township: TOWNSHIP,
      idempotencyKey: 'k-sent-1',
      campaignId: CAMPAIGN.id,
      candidates: upload,
    });
    if (!('candidateIds' in out)) throw new Error(out.message);
    const [secretary = ''] = out.candidateIds;
    await repos.decisions.put(
      {
        campaignId: CAMPAIGN.id,
        candidateId: secretary,
        policy: { id: 'dinghai-2017', version: '1.0.0' },
        outcome: 'cleared',
        reasons: [],
        warnings: [],
        unanswered: [],
        referenceDate: '2026-05-20',
        decidedAt: '2026-04-09T00:00:00.000Z',
      },
      'b-draft',
    );
    const row = async () => {
      const report = await exportReport(deps(), { caller: ORG, campaignId: CAMPAIGN.id, format: 'json' });
      if ('kind' in report) throw new Error(report.message);
      return report.rows.find((r) => r.candidateId === secretary);
    };
    expect(await row()).toMatchObject({ status: 'cleared', conclusion: '通过（待组织部门备案）', mayStand: false });
    expect(await decideFiling(deps(), { caller: TOWN, candidateId: secretary, decision: 'approve', note: '' })).toMatchObject({
      kind: 'forbidden',
    });
    await decideFiling(deps(), { caller: ORG, candidateId: secretary, decision: 'approve', note: '同意' });
    expect(await row()).toMatchObject({ conclusion: '通过', mayStand: true });
    const events = await repos.audit.listByCandidate(secretary);
    expect(events.at(-1)).toMatchObject({ type: 'filing_decided', actor: { kind: 'orgdept', id: 'u-org' }, data: { decision: 'approve' } });
    expect(verifyChain(events)).toMatchObject({ ok: true });
  });
});
