// The review as counties run it, on the local stack (DynamoDB Local, the local Step Functions
// endpoint running the infra ASL, fauxqs and the pollers), through the HTTP API: a township's draft
// starts no execution until it is first-reviewed and submitted; a write-in winner barred by a
// department is reported 当选无效 with the clause; a cleared Party-secretary nominee stays off the
// 公示 list until the organization department approves the filing.
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LOCAL_CREDENTIALS, LOCAL_REGION, STATE_MACHINE_ARN } from '../../local/env.js';
import { ClearanceReport, FilingList, FirstReviewSheet, SendDraftResponse } from '../../shared/api/index.js';
import { AuditTrail, BatchDetail, Inbox, campaignWithEmptyExtracts, csvFile, memoryStackSuite, tinyBatchCsv, waitFor } from './support.js';

const CAMPAIGN = 'process-1';
const BRIBERY = { category: '贿选', startDate: '2024-03-01', documentNumber: '都纪〔2024〕3号' };
const MANUAL = ['discipline', 'petitions'];

const { noJava, stack: running, township, orgdept, reviewer } = memoryStackSuite();

describe.skipIf(noJava)('first review, write-ins and secretary filings through the pipeline', () => {
  const base = () => running().urls.http;
  const detail = async (id: string) => BatchDetail.parse(await (await township()).get(`/batches/${id}`));
  const tasks = async (code: string) =>
    Inbox.parse(await (await reviewer(code)).get(`/reviews?status=open&department=${code}`)).items.filter((t) => t.campaignId === CAMPAIGN);
  const sfn = () => new SFNClient({ endpoint: running().urls.sfn, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const execution = (candidateId: string) =>
    sfn().send(
      new DescribeExecutionCommand({
        executionArn: `${STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:${CAMPAIGN}--${candidateId}`,
      }),
    );
  const upload = async (csv: string, key: string, extra: Record<string, unknown> = {}) =>
    z
      .object({ batchId: z.string() })
      .parse(
        await (await township()).post(
          '/batches',
          { campaignId: CAMPAIGN, candidates: csvFile(csv, `${key}.csv`), ...extra },
          { 'idempotency-key': key },
        ),
      ).batchId;
  /** Answers every manual department's open task of the candidate; `findings` from discipline. */
  const answerAll = async (candidateId: string, findings?: typeof BRIBERY) => {
    for (const code of MANUAL) {
      const task = await waitFor(`${code} task of ${candidateId}`, async () =>
        (await tasks(code)).find((t) => t.candidateId === candidateId),
      );
      const body = findings !== undefined && code === 'discipline' ? { result: 'findings', findings: [findings] } : { result: 'clear' };
      await (await reviewer(code)).post(`/reviews/${encodeURIComponent(task.taskId)}/answer`, body);
    }
  };

  beforeAll(async () => {
    await campaignWithEmptyExtracts(base(), running().auth, { id: CAMPAIGN, name: '初审与备案测试', policyId: 'duting-2015' });
  }, 180_000);

  it('starts no execution for a draft until it is first-reviewed and submitted', async () => {
    const { csv } = tinyBatchCsv('昌国街道', [
      { name: '韩草稿', sex: '男', birth: '1980-02-03', political: '群众', village: '海山社区', n: 701 },
      { name: '杨初审', sex: '女', birth: '1985-06-07', political: '群众', village: '海山社区', n: 702 },
    ]);
    const batchId = await upload(csv, 'process-1-draft', { draft: true });
    const [a, b] = (await detail(batchId)).candidates.map((c) => c.candidateId);
    if (a === undefined || b === undefined) throw new Error('two candidates expected');
    await expect(execution(a)).rejects.toThrow();
    expect((await detail(batchId)).batch.stage).toMatchObject({ status: 'draft', firstReviewedAt: null });

    const town = await township();
    const sheet = FirstReviewSheet.parse(await town.get(`/batches/${batchId}/first-review`));
    expect(sheet.candidates.map((c) => c.checks.find((x) => x.id === 'idcard')?.effect)).toEqual(['ok', 'ok']);
    await town.post(`/batches/${batchId}/first-review`, {
      entries: [
        { candidateId: a, result: 'pass', remark: '符合条件' },
        { candidateId: b, result: 'fail', remark: '长期外出务工' },
      ],
    });
    // Recorded, still a draft: still nothing started and no department task.
    await expect(execution(a)).rejects.toThrow();
    expect((await tasks('discipline')).map((t) => t.candidateId)).not.toContain(a);

    const sent = SendDraftResponse.parse(await town.post(`/batches/${batchId}/submit`, {}));
    expect(sent).toMatchObject({ sent: 1, held: 1, replayed: false });
    await waitFor('the execution of the sent candidate', async () => ((await execution(a)).status === 'RUNNING' ? true : undefined));
    await expect(execution(b)).rejects.toThrow();
    await answerAll(a);
    await waitFor('the sent candidate decided', async () =>
      (await detail(batchId)).candidates.find((c) => c.candidateId === a)?.status === 'cleared' ? true : undefined,
    );
    const shown = await detail(batchId);
    expect(shown.batch.stage).toMatchObject({ status: 'submitted', firstReviewedBy: expect.any(String), firstReviewFailed: 1 });
    expect(shown.candidates.find((c) => c.candidateId === b)).toMatchObject({ status: 'withdrawn', firstReview: { result: 'fail' } });
    const trail = AuditTrail.parse(await (await orgdept()).get(`/candidates/${encodeURIComponent(a)}/audit`));
    expect(trail.verification.ok).toBe(true);
    expect(trail.events.map((e) => e.type).slice(0, 3)).toEqual(['drafted', 'first_reviewed', 'submitted']);
  }, 240_000);

  it('reports a write-in winner a department bars as 当选无效 with the clause', async () => {
    const { csv } = tinyBatchCsv('昌国街道', [
      { name: '许另选', sex: '男', birth: '1979-04-05', political: '群众', village: '海山社区', n: 703 },
    ]);
    const batchId = await upload(csv.replace('初步人选', '另选他人'), 'process-1-writein', { kind: 'post-election' });
    const [candidate] = (await detail(batchId)).candidates;
    if (candidate === undefined) throw new Error('one candidate expected');
    await answerAll(candidate.candidateId, BRIBERY);
    const voided = await waitFor('the write-in decided', async () => {
      const c = (await detail(batchId)).candidates[0];
      return c?.status === 'disqualified' ? c : undefined;
    });
    expect(voided).toMatchObject({ statusLabel: '当选无效', election: { result: 'void' } });
    expect(voided.election?.basis).toContain('不符合候选人(自荐人)资格条件人员当选的,当选无效');
    const report = ClearanceReport.parse(await (await orgdept()).get(`/campaigns/${CAMPAIGN}/report`));
    const row = report.rows.find((r) => r.candidateId === candidate.candidateId);
    expect(row?.conclusion).toBe('当选无效');
    expect(row?.reasons.join('\n')).toContain('《昌国街道2017年村和社区组织换届选举工作方案》');
  }, 240_000);

  it('keeps a cleared secretary nominee off the 公示 list until the filing is approved', async () => {
    const { csv } = tinyBatchCsv('昌国街道', [
      { name: '吕书记', sex: '男', birth: '1978-08-09', political: '中共党员', village: '海山社区', n: 704 },
    ]);
    const batchId = await upload(csv.replace('村(居)委会委员', '党组织书记'), 'process-1-secretary');
    const [candidate] = (await detail(batchId)).candidates;
    if (candidate === undefined) throw new Error('one candidate expected');
    await answerAll(candidate.candidateId);
    await waitFor('the secretary nominee cleared', async () =>
      (await detail(batchId)).candidates[0]?.status === 'cleared' ? true : undefined,
    );

    const org = await orgdept();
    const publicity = async () =>
      Buffer.from((await org.request('GET', `/campaigns/${CAMPAIGN}/report?format=publicity`)).bytes).toString('utf8');
    expect(await publicity()).not.toContain('吕书记');
    const filings = FilingList.parse(await org.get(`/campaigns/${CAMPAIGN}/filings`));
    expect(filings.filings).toEqual([
      expect.objectContaining({ candidateId: candidate.candidateId, status: 'pending', review: 'cleared' }),
    ]);

    await org.post(`/candidates/${encodeURIComponent(candidate.candidateId)}/filing`, { decision: 'approve', note: '同意备案' });
    expect(await publicity()).toContain('吕书记');
    expect((await detail(batchId)).candidates[0]?.filing).toMatchObject({ status: 'approved' });
    const trail = AuditTrail.parse(await org.get(`/candidates/${encodeURIComponent(candidate.candidateId)}/audit`));
    expect(trail.verification.ok).toBe(true);
    expect(trail.events.at(-1)).toMatchObject({ type: 'filing_decided', data: { decision: 'approve' } });
  }, 240_000);
});
