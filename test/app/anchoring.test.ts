// Anchoring through the use cases, on the in-memory repositories and a real anchor file: the batch
// digest when a batch completes, the report digest printed on the clearance report and the 公示
// list, and the periodic checkpoint of every chain head.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import '../functions/handler-env.js';
import { createAnchorCheckpointHandler } from '../../functions/anchor-checkpoint.js';
import { fileAnchorLog } from '../../shared/adapters/anchors/file.js';
import { publicityHtml } from '../../shared/adapters/files/publicity-html.js';
import { checkpointChainHeads } from '../../shared/app/anchoring.js';
import { countBatchProgress } from '../../shared/app/batch-progress.js';
import type { AnchorLog } from '../../shared/app/ports.js';
import { isRefusal } from '../../shared/app/refusals.js';
import { exportReport } from '../../shared/app/report.js';
import { headsDigest } from '../../shared/domain/audit/anchors.js';
import type { MemoryRepositories } from '../adapters/memory-repositories.js';
import { apiDeps, CAMPAIGN, sampleRow, seedBatch, seedCampaign } from '../functions/api/support.js';
import { lambdaContext } from '../functions/pipeline-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'lianshen-anchoring-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const metrics = { count: () => undefined };
const log = { info: () => undefined, warn: () => undefined };
const now = () => new Date('2026-04-10T02:00:00.000Z');
const ORG = { userId: 'org-1', username: 'orgdept', townships: [], departments: [], orgdept: true };

let repos: MemoryRepositories;
let anchors: AnchorLog;
let batchId: string;
let ids: string[];
let run = 0;

async function event(candidateId: string, n: number) {
  await repos.audit.append({
    candidateId,
    type: 'dispatched',
    actor: { kind: 'system', id: 'checker' },
    at: `2026-04-0${n}T00:00:00.000Z`,
    data: { department: `d${n}`, mode: 'auto', timeoutSeconds: 60 },
  });
}

beforeEach(async () => {
  run += 1;
  repos = apiDeps().repos;
  anchors = fileAnchorLog(join(dir, `anchors-${run}.jsonl`));
  await seedCampaign(repos);
  ({ batchId, candidateIds: ids } = await seedBatch(repos, {
    rows: [sampleRow(1, '王建国', '330902197008150311'), sampleRow(2, '李秀英', '33090219820304042X')],
  }));
  for (const id of ids) await event(id, 1);
});

const headsNow = async () =>
  Promise.all(
    ids.map(async (chain) => {
      const h = await repos.audit.head(chain);
      return { chain, head: h?.hash ?? '', count: (h?.seq ?? -1) + 1 };
    }),
  );

describe('anchoring the audit chains', () => {
  it('anchors the batch digest over its candidates’ heads when the batch completes', async () => {
    for (const candidateId of ids) {
      await countBatchProgress({ repos, now, metrics, log, anchors }, { campaignId: CAMPAIGN.id, batchId, candidateId });
    }
    const [anchor, ...more] = await anchors.list();
    expect(more).toHaveLength(0);
    expect(anchor).toMatchObject({ kind: 'batch', subject: batchId, seq: 0 });
    expect(anchor?.heads).toEqual(await headsNow());
    expect(anchor?.digest).toBe(headsDigest(await headsNow()));
  });

  it('prints the anchored report digest on the 公示 list, and anchors it again only when a chain moved', async () => {
    const first = await exportReport({ repos, now, metrics, anchors }, { caller: ORG, campaignId: CAMPAIGN.id, format: 'publicity' });
    if (isRefusal(first)) throw new Error('refused');
    expect(first.audit).toEqual({ digest: headsDigest(await headsNow()), chains: 2, anchor: { seq: 0, at: now().toISOString() } });
    expect(publicityHtml(first)).toContain(
      `审计摘要（2 条审计链的 Merkle 根）：${first.audit?.digest}（锚定记录 #0，2026年4月10日 10:00）`,
    );

    const again = await exportReport({ repos, now, metrics, anchors }, { caller: ORG, campaignId: CAMPAIGN.id, format: 'json' });
    if (isRefusal(again)) throw new Error('refused');
    expect(again.audit?.anchor?.seq).toBe(0);

    await event(ids[0] ?? '', 2);
    const moved = await exportReport({ repos, now, metrics, anchors }, { caller: ORG, campaignId: CAMPAIGN.id, format: 'json' });
    if (isRefusal(moved)) throw new Error('refused');
    expect(moved.audit?.anchor?.seq).toBe(1);
    expect(moved.audit?.digest).not.toBe(first.audit?.digest);
  });

  it('checkpoints every chain head, then only the heads that changed', async () => {
    const first = await checkpointChainHeads({ repos, now, anchors });
    expect(first.anchor?.heads.map((h) => h.chain).sort()).toEqual([...ids].sort());
    expect((await checkpointChainHeads({ repos, now, anchors })).anchor).toBeUndefined();
    await event(ids[1] ?? '', 3);
    const second = await checkpointChainHeads({ repos, now, anchors });
    expect(second.anchor?.heads.map((h) => h.chain)).toEqual([ids[1]]);
    expect(second.anchor?.digest).toBe(headsDigest(await headsNow()));
  });
});

describe('the hourly checkpoint function', () => {
  it('anchors the chain heads that changed, and nothing when none did', async () => {
    await event(ids[0] ?? '', 1);
    const handler = createAnchorCheckpointHandler({ repos: async () => repos, now, anchors });
    const context = lambdaContext('anchorCheckpoint');
    const first = await handler({}, context);
    expect(first).toMatchObject({ chains: 2, anchored: { seq: expect.any(Number), changed: 2 } });
    expect(await handler({}, context)).toMatchObject({ anchored: null });
    await event(ids[1] ?? '', 2);
    expect(await handler({}, context)).toMatchObject({ anchored: { changed: 1 } });
    expect((await anchors.list()).filter((a) => a.kind === 'checkpoint')).toHaveLength(2);
  });

  it('fails loudly when no anchor log is configured, rather than checkpointing nowhere', async () => {
    const handler = createAnchorCheckpointHandler({ repos: async () => repos, now, anchors: undefined });
    await expect(handler({}, lambdaContext('anchorCheckpoint'))).rejects.toThrow(/ANCHOR_BUCKET/);
  });
});
