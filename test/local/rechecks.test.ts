// Re-checks on the local stack (DynamoDB Local, the local Step Functions endpoint running the
// infra ASL, fauxqs and the pollers), through the HTTP API: the organization department sends a
// 不通过 candidate back to the one department whose finding barred it; a new execution asks only
// that department, in a new task, and its answer decides the candidate again.
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LOCAL_CREDENTIALS, LOCAL_REGION, STATE_MACHINE_ARN } from '../../local/env.js';
import { RecheckResponse } from '../../shared/api/index.js';
import { AuditTrail, BatchDetail, Inbox, campaignWithEmptyExtracts, csvFile, tinyBatchCsv, waitFor, memoryStackSuite } from './support.js';

const CAMPAIGN = 'recheck-1';
const BRIBERY = { category: '贿选', startDate: '2024-03-01', documentNumber: '定纪〔2024〕7号' };

const { noJava, stack: running, township, orgdept, reviewer } = memoryStackSuite();

describe.skipIf(noJava)('a re-check through the pipeline', () => {
  let batchId: string;
  let candidateId: string;
  const base = () => running().urls.http;
  const detail = async () => BatchDetail.parse(await (await township()).get(`/batches/${batchId}`));
  const openTasks = async (code: string) =>
    Inbox.parse(await (await reviewer(code)).get(`/reviews?status=open&department=${code}`)).items.filter((t) => t.campaignId === CAMPAIGN);

  beforeAll(async () => {
    await campaignWithEmptyExtracts(base(), running().auth, { id: CAMPAIGN, name: '发回重审测试', policyId: 'duting-2015' });
    const { csv } = tinyBatchCsv('昌国街道', [
      { name: '韩重审', sex: '男', birth: '1982-02-14', political: '群众', village: '海山社区', n: 631 },
    ]);
    ({ batchId } = z
      .object({ batchId: z.string() })
      .parse(
        await (await township()).post(
          '/batches',
          { campaignId: CAMPAIGN, candidates: csvFile(csv, 'one.csv') },
          { 'idempotency-key': 'recheck-1-batch' },
        ),
      ));
    const [petition] = await waitFor('信访 task', async () =>
      (await openTasks('petitions')).length === 1 ? openTasks('petitions') : undefined,
    );
    await (await reviewer('petitions')).post(`/reviews/${encodeURIComponent(petition?.taskId ?? '')}/answer`, { result: 'clear' });
    const [discipline] = await waitFor('纪检 task', async () =>
      (await openTasks('discipline')).length === 1 ? openTasks('discipline') : undefined,
    );
    candidateId = discipline?.candidateId ?? '';
    await (await reviewer('discipline')).post(`/reviews/${encodeURIComponent(discipline?.taskId ?? '')}/answer`, {
      result: 'findings',
      findings: [BRIBERY],
    });
    await waitFor('decided', async () => ((await detail()).candidates[0]?.decision ? true : undefined), { intervalMs: 1000 });
  }, 300_000);

  it('asks only the department sent back, in a new task, and decides again with both answers in the trail', async () => {
    expect((await detail()).candidates[0]).toMatchObject({ status: 'disqualified' });
    const org = await orgdept();
    const response = RecheckResponse.parse(
      await org.post(`/candidates/${encodeURIComponent(candidateId)}/recheck`, {
        department: 'discipline',
        reason: '该贿选记录已由原处理机关撤销，请重新核查',
      }),
    );
    expect(response.recheck).toMatchObject({
      department: 'discipline',
      sequence: 1,
      statusLabel: '重审中',
      previous: { status: 'findings' },
    });
    const again = await org.request('POST', `/candidates/${encodeURIComponent(candidateId)}/recheck`, {
      department: 'discipline',
      reason: '再次发回重审该人选',
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'RECHECK_OPEN' });

    const [task] = await waitFor('the re-check task', async () =>
      (await openTasks('discipline')).length === 1 ? openTasks('discipline') : undefined,
    );
    expect(task?.candidateId).toBe(candidateId);
    expect(await openTasks('petitions')).toEqual([]);
    await (await reviewer('discipline')).post(`/reviews/${encodeURIComponent(task?.taskId ?? '')}/answer`, { result: 'clear' });
    await waitFor('decided again', async () => ((await detail()).candidates[0]?.status === 'cleared' ? true : undefined), {
      intervalMs: 1000,
    });

    const trail = AuditTrail.parse(await org.get(`/candidates/${encodeURIComponent(candidateId)}/audit`));
    expect(trail.verification.ok).toBe(true);
    // The chain's events and the answer events on the verdicts and tasks (sealed by each decision), in time order.
    const everything = [...trail.events, ...trail.answers].sort((a, b) => a.at.localeCompare(b.at));
    const of = (department: string) => everything.filter((e) => 'department' in e.data && e.data.department === department);
    expect(
      of('discipline')
        .filter((e) => e.type !== 'dispatched')
        .map((e) => [e.type, 'result' in e.data ? e.data.result : null]),
    ).toEqual([
      ['answered', 'findings'],
      ['recheck_requested', null],
      ['answered', 'clear'],
    ]);
    // Only the department sent back was asked again.
    expect(of('petitions').filter((e) => e.type === 'dispatched')).toHaveLength(1);
    expect(of('discipline').filter((e) => e.type === 'dispatched')).toHaveLength(2);
    const decided = trail.events.flatMap((e) => (e.type === 'decided' ? [[e.data.outcome, e.data.version]] : []));
    expect(decided).toEqual([
      ['disqualified', 1],
      ['cleared', 2],
    ]);
    const sfn = new SFNClient({ endpoint: running().urls.sfn, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const executions = await sfn.send(new ListExecutionsCommand({ stateMachineArn: STATE_MACHINE_ARN }));
    const mine = (executions.executions ?? []).filter((e) => e.name?.startsWith(CAMPAIGN));
    expect(mine.map((e) => [e.name, e.status]).sort()).toEqual(
      [
        [`${CAMPAIGN}--${candidateId}`, 'SUCCEEDED'],
        [`${CAMPAIGN}--${candidateId}--recheck-1`, 'SUCCEEDED'],
      ].sort(),
    );
  }, 180_000);
});
