// Withdrawals and replacements on the local stack (DynamoDB Local, the local Step Functions
// endpoint running the infra ASL, fauxqs and the pollers), through the HTTP API: a withdrawn
// candidate's execution is stopped and its open tasks closed in every inbox, and a replacement is
// vetted like any candidate and linked to the one it replaces.
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LOCAL_CREDENTIALS, LOCAL_REGION, STATE_MACHINE_ARN } from '../../local/env.js';
import { ClearanceReport, ReplaceResponse, WithdrawResponse } from '../../shared/api/index.js';
import { AuditTrail, BatchDetail, Inbox, campaignWithEmptyExtracts, csvFile, tinyBatchCsv, waitFor, memoryStackSuite } from './support.js';

const CAMPAIGN = 'withdraw-1';

const { noJava, stack: running, township, orgdept, reviewer } = memoryStackSuite();

describe.skipIf(noJava)('withdrawals and replacements through the pipeline', () => {
  let batchId: string;
  let withdrawn: string;
  let replaced: string;
  const base = () => running().urls.http;
  const detail = async (id = batchId) => BatchDetail.parse(await (await township()).get(`/batches/${id}`));
  const tasks = async (code: string, status = 'open') =>
    Inbox.parse(await (await reviewer(code)).get(`/reviews?status=${status}&department=${code}`)).items.filter(
      (t) => t.campaignId === CAMPAIGN,
    );
  const sfn = () => new SFNClient({ endpoint: running().urls.sfn, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const executionStatus = async (candidateId: string) =>
    (
      await sfn().send(
        new DescribeExecutionCommand({
          executionArn: `${STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:${CAMPAIGN}--${candidateId}`,
        }),
      )
    ).status;

  beforeAll(async () => {
    await campaignWithEmptyExtracts(base(), running().auth, { id: CAMPAIGN, name: '撤回与替换测试', policyId: 'duting-2015' });
    const { csv } = tinyBatchCsv('昌国街道', [
      { name: '钱撤回', sex: '男', birth: '1981-05-06', political: '群众', village: '海山社区', n: 651 },
      { name: '孙替换', sex: '女', birth: '1986-09-12', political: '群众', village: '海山社区', n: 652 },
    ]);
    ({ batchId } = z
      .object({ batchId: z.string() })
      .parse(
        await (await township()).post(
          '/batches',
          { campaignId: CAMPAIGN, candidates: csvFile(csv, 'two.csv') },
          { 'idempotency-key': 'withdraw-1-batch' },
        ),
      ));
    const open = await waitFor('纪检 and 信访 tasks', async () => {
      const [discipline, petitions] = await Promise.all([tasks('discipline'), tasks('petitions')]);
      return discipline.length === 2 && petitions.length === 2 ? discipline : undefined;
    });
    const byName = new Map(open.map((t) => [t.candidate.name, t.candidateId]));
    withdrawn = byName.get('钱撤回') ?? '';
    replaced = byName.get('孙替换') ?? '';
  }, 300_000);

  it('stops a withdrawn candidate’s execution, closes its tasks in every inbox, refuses a late answer and keeps it off the 公示 list', async () => {
    expect(await executionStatus(withdrawn)).toBe('RUNNING');
    const response = WithdrawResponse.parse(
      await (await township()).post(`/candidates/${encodeURIComponent(withdrawn)}/withdraw`, {
        reason: '经了解该人选存在不宜提名情形，予以撤回',
      }),
    );
    expect(response).toMatchObject({ stopped: true, withdrawal: { statusLabel: '已撤回', candidateId: withdrawn } });
    expect([...response.cancelledTasks].sort()).toEqual(['discipline', 'petitions']);
    expect(await executionStatus(withdrawn)).toBe('ABORTED');
    for (const code of ['discipline', 'petitions']) {
      expect((await tasks(code)).map((t) => t.candidateId)).not.toContain(withdrawn);
      expect((await tasks(code, 'cancelled')).map((t) => t.candidateId)).toContain(withdrawn);
    }
    const late = await (await reviewer('discipline')).request('POST', `/reviews/${encodeURIComponent(`${withdrawn}~discipline`)}/answer`, {
      result: 'clear',
    });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'TASK_CANCELLED' });
    const again = await (await township()).request('POST', `/candidates/${encodeURIComponent(withdrawn)}/withdraw`, {
      reason: '再次撤回该人选试试',
    });
    expect(again.body).toMatchObject({ code: 'CANDIDATE_WITHDRAWN' });

    expect((await detail()).candidates.find((c) => c.candidateId === withdrawn)).toMatchObject({
      status: 'withdrawn',
      statusLabel: '已撤回',
    });
    const org = await orgdept();
    const report = ClearanceReport.parse(await org.get(`/campaigns/${CAMPAIGN}/report`));
    expect(report.rows.find((r) => r.candidateId === withdrawn)).toMatchObject({
      status: 'withdrawn',
      conclusion: '已撤回',
      mayStand: false,
    });
    const publicity = Buffer.from((await org.request('GET', `/campaigns/${CAMPAIGN}/report?format=publicity`)).bytes).toString('utf8');
    expect(publicity).not.toContain('钱撤回');
    const trail = AuditTrail.parse(await org.get(`/candidates/${encodeURIComponent(withdrawn)}/audit`));
    expect(trail.verification.ok).toBe(true);
    expect(trail.events.at(-1)).toMatchObject({ type: 'withdrawn', data: { replacedBy: null } });
  }, 120_000);

  it('vets a replacement like any candidate and links it to the candidate it replaces, both ways', async () => {
    const { csv } = tinyBatchCsv('昌国街道', [
      { name: '周新人', sex: '男', birth: '1988-03-21', political: '群众', village: '海山社区', n: 653 },
    ]);
    const response = ReplaceResponse.parse(
      await (await township()).post(
        `/candidates/${encodeURIComponent(replaced)}/replacement`,
        { reason: '原人选存在不宜提名情形，另提人选替换', candidates: csvFile(csv, 'replacement.csv') },
        { 'idempotency-key': 'withdraw-1-replacement' },
      ),
    );
    const replacement = response.replacement.candidateId;
    expect(response).toMatchObject({ stopped: true, withdrawal: { candidateId: replaced, replacedBy: replacement } });
    expect(await executionStatus(replaced)).toBe('ABORTED');
    expect((await detail()).candidates.find((c) => c.candidateId === replaced)).toMatchObject({
      status: 'withdrawn',
      withdrawal: { replacedBy: replacement },
    });

    // Vetted like any candidate: its own execution asks the manual departments.
    for (const code of ['petitions', 'discipline']) {
      const [task] = await waitFor(`${code} task of the replacement`, async () => {
        const mine = (await tasks(code)).filter((t) => t.candidateId === replacement);
        return mine.length === 1 ? mine : undefined;
      });
      await (await reviewer(code)).post(`/reviews/${encodeURIComponent(task?.taskId ?? '')}/answer`, { result: 'clear' });
    }
    await waitFor('the replacement decided', async () =>
      (await detail(response.replacement.batchId)).candidates[0]?.status === 'cleared' ? true : undefined,
    );
    expect((await detail(response.replacement.batchId)).candidates).toMatchObject([
      { candidateId: replacement, name: '周新人', replaces: replaced, withdrawal: null },
    ]);
    const trail = AuditTrail.parse(await (await orgdept()).get(`/candidates/${encodeURIComponent(replacement)}/audit`));
    expect(trail.verification.ok).toBe(true);
    expect(trail.events.map((e) => e.type)).toContain('replacement');
    expect(trail.events.find((e) => e.type === 'replacement')?.data).toMatchObject({ replaces: replaced });
  }, 180_000);
});
