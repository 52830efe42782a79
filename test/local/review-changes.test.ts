// Corrections and disputes on the local stack (DynamoDB Local, the local Step Functions endpoint
// running the infra ASL, fauxqs and the pollers), driven through the HTTP API: a department's
// correction turns 不通过 into 通过 with both answers in the trail, and a township's dispute
// freezes a decision as 复核中, off the 公示 list, until the organization department rules.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ClearanceReport, CorrectionResponse, DisputeResponse, DisputeRulingResponse } from '../../shared/api/index.js';
import { run, tempDir } from '../cli/helpers.js';
import { AuditTrail, BatchDetail, Inbox, campaignWithEmptyExtracts, csvFile, tinyBatchCsv, waitFor, memoryStackSuite } from './support.js';

const CAMPAIGN = 'changes-1';
const BRIBERY = { category: '贿选', startDate: '2024-03-01', documentNumber: '定纪〔2024〕3号' };

const { noJava, stack: running, township, orgdept, reviewer } = memoryStackSuite();

describe.skipIf(noJava)('corrections and disputes through the pipeline', () => {
  let batchId: string;
  let corrected: string;
  let disputed: string;
  const base = () => running().urls.http;
  const detail = async () => BatchDetail.parse(await (await township()).get(`/batches/${batchId}`));

  beforeAll(async () => {
    await campaignWithEmptyExtracts(base(), running().auth, { id: CAMPAIGN, name: '更正与复核测试', policyId: 'duting-2015' });
    const { csv } = tinyBatchCsv('昌国街道', [
      { name: '邵更正', sex: '男', birth: '1983-04-11', political: '群众', village: '海山社区', n: 611 },
      { name: '严复核', sex: '女', birth: '1987-08-03', political: '群众', village: '海山社区', n: 612 },
    ]);
    ({ batchId } = z
      .object({ batchId: z.string() })
      .parse(
        await (await township()).post(
          '/batches',
          { campaignId: CAMPAIGN, candidates: csvFile(csv, 'two.csv') },
          { 'idempotency-key': 'changes-1-batch' },
        ),
      ));
    const openTasks = async (code: string) =>
      Inbox.parse(await (await reviewer(code)).get(`/reviews?status=open&department=${code}`)).items.filter(
        (t) => t.campaignId === CAMPAIGN,
      );
    const petitions = await waitFor('信访 tasks', async () =>
      (await openTasks('petitions')).length === 2 ? openTasks('petitions') : undefined,
    );
    await (await reviewer('petitions')).post('/reviews/attest', {
      statement: '以上人员经查无记录',
      department: 'petitions',
      taskIds: petitions.map((t) => t.taskId),
    });
    const discipline = await waitFor('纪检 tasks', async () =>
      (await openTasks('discipline')).length === 2 ? openTasks('discipline') : undefined,
    );
    const byName = new Map(discipline.map((t) => [t.candidate.name, t]));
    corrected = byName.get('邵更正')?.candidateId ?? '';
    disputed = byName.get('严复核')?.candidateId ?? '';
    const disc = await reviewer('discipline');
    await disc.post(`/reviews/${encodeURIComponent(`${corrected}~discipline`)}/answer`, { result: 'findings', findings: [BRIBERY] });
    await disc.post(`/reviews/${encodeURIComponent(`${disputed}~discipline`)}/answer`, { result: 'clear' });
    await waitFor('both decided', async () => ((await detail()).candidates.every((c) => c.decision !== null) ? true : undefined), {
      intervalMs: 1000,
    });
  }, 300_000);

  it('a correction turns 不通过 into 通过; both answers stay in the trail, verify passes and a changed byte is caught', async () => {
    expect((await detail()).candidates.find((c) => c.candidateId === corrected)).toMatchObject({
      status: 'disqualified',
      statusLabel: '不通过',
    });
    const response = CorrectionResponse.parse(
      await (await reviewer('discipline')).post(`/reviews/${encodeURIComponent(`${corrected}~discipline`)}/correction`, {
        answer: { result: 'clear' },
        reason: '经复查，贿选记录系同名人员，原答复有误',
        documentNumber: '定纪更〔2026〕1号',
      }),
    );
    expect(response).toMatchObject({
      answer: { result: 'clear' },
      previous: { result: 'findings' },
      decision: { outcome: 'cleared', version: 2 },
    });
    expect((await detail()).candidates.find((c) => c.candidateId === corrected)).toMatchObject({ status: 'cleared', statusLabel: '通过' });

    const trail = AuditTrail.parse(await (await orgdept()).get(`/candidates/${encodeURIComponent(corrected)}/audit`));
    expect(trail.verification.ok).toBe(true);
    // The first answer is its own event, sealed by the first decision; the correction is on the chain after it.
    const discipline = [...trail.answers, ...trail.events].filter(
      (e) => (e.type === 'answered' || e.type === 'corrected') && 'department' in e.data && e.data.department === 'discipline',
    );
    expect(discipline.map((e) => e.type)).toEqual(['answered', 'corrected']);
    expect(discipline[0]?.data).toMatchObject({
      result: 'findings',
      findings: [{ category: '贿选', documentNumber: BRIBERY.documentNumber }],
    });
    expect(discipline[1]?.data).toMatchObject({ result: 'clear', previous: { result: 'findings' }, documentNumber: '定纪更〔2026〕1号' });
    expect(trail.events.filter((e) => e.type === 'decided').map((e) => e.data.outcome)).toEqual(['disqualified', 'cleared']);

    const dir = tempDir();
    const file = join(dir, 'audit.json');
    writeFileSync(file, JSON.stringify(trail));
    expect((await run(['verify', file], dir)).code).toBe(0);
    const text = readFileSync(file, 'utf8');
    const at = text.indexOf('定纪更〔2026〕1号');
    expect(at).toBeGreaterThan(0);
    writeFileSync(file, `${text.slice(0, at)}定纪更〔2026〕2号${text.slice(at + '定纪更〔2026〕1号'.length)}`);
    const changed = await run(['verify', file], dir);
    expect(changed.code).not.toBe(0);
    expect(changed.stdout).toContain('篡改');
    // The sealed answer itself, changed in the file: named by its department.
    const sealed = JSON.parse(JSON.stringify(trail));
    const index = trail.answers.findIndex((e) => e.type === 'answered' && e.data.department === 'discipline');
    sealed.answers[index].data.result = 'clear';
    writeFileSync(file, JSON.stringify(sealed));
    const altered = await run(['verify', file], dir);
    expect(altered.code).not.toBe(0);
    expect(altered.stdout).toContain(`部门答复 #${index}（discipline）`);
  }, 120_000);

  it('a dispute freezes a 通过 as 复核中 off the 公示 list until the organization department changes it to 不通过', async () => {
    const opened = DisputeResponse.parse(
      await (await township()).post(`/candidates/${encodeURIComponent(disputed)}/dispute`, {
        reason: '群众反映该人选有贿选行为，请求复核',
        attachments: [{ filename: '群众来信.pdf', contentBase64: Buffer.from('%PDF-1.4 来信').toString('base64') }],
      }),
    );
    expect(opened.dispute).toMatchObject({ status: 'open', statusLabel: '复核中', disputedStatus: 'cleared' });
    expect(opened.dispute.attachments[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await detail()).candidates.find((c) => c.candidateId === disputed)).toMatchObject({
      status: 'disputed',
      statusLabel: '复核中',
    });
    const org = await orgdept();
    const row = async () =>
      ClearanceReport.parse(await org.get(`/campaigns/${CAMPAIGN}/report`)).rows.find((r) => r.candidateId === disputed);
    expect(await row()).toMatchObject({ status: 'disputed', conclusion: '复核中', mayStand: false });
    const publicity = await org.request('GET', `/campaigns/${CAMPAIGN}/report?format=publicity`);
    const html = Buffer.from(publicity.bytes).toString('utf8');
    expect(html).toContain('邵更正');
    expect(html).not.toContain('严复核');
    const again = await (await township()).request('POST', `/candidates/${encodeURIComponent(disputed)}/dispute`, {
      reason: '再次申请复核该人选',
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'DISPUTE_OPEN' });

    const ruled = DisputeRulingResponse.parse(
      await org.post(`/candidates/${encodeURIComponent(disputed)}/dispute/ruling`, {
        result: 'change',
        outcome: 'disqualified',
        reason: '经调查核实存在贿选行为',
      }),
    );
    expect(ruled).toMatchObject({ status: 'disqualified', statusLabel: '不通过', dispute: { status: 'ruled', statusLabel: '改变结论' } });
    expect((await detail()).candidates.find((c) => c.candidateId === disputed)).toMatchObject({
      status: 'disqualified',
      statusLabel: '不通过',
    });
    expect(await row()).toMatchObject({ status: 'disqualified', mayStand: false });
    const trail = AuditTrail.parse(await org.get(`/candidates/${encodeURIComponent(disputed)}/audit`));
    expect(trail.verification.ok).toBe(true);
    expect(trail.events.map((e) => e.type).slice(-2)).toEqual(['disputed', 'dispute_ruled']);
  }, 120_000);
});
