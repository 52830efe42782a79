// 公示 on the local stack (DynamoDB Local, the local Step Functions endpoint running the infra ASL,
// fauxqs and the pollers), through the HTTP API: a person submitted by two townships is flagged and
// the organization department decides which stands; the one kept goes on 公示, an objection during
// the period is found true and sends one department back (a new execution of the real state
// machine), and the candidate is held until that department answers.
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LOCAL_CREDENTIALS, LOCAL_REGION, STATE_MACHINE_ARN } from '../../local/env.js';
import {
  BatchPublicity,
  DuplicateList,
  ObjectionOutcomeResponse,
  ObjectionResponse,
  OpenPublicityResponse,
  PublicityList,
} from '../../shared/api/index.js';
import { builtInPolicy } from '../../shared/adapters/files/policy-files.js';
import { makeTodayAWorkingDay } from '../support/working-today.js';
import { AuditTrail, BatchDetail, Inbox, as, csvFile, headerOnlyRecordsCsv, memoryStackSuite, tinyBatchCsv, waitFor } from './support.js';

const CAMPAIGN = 'publicity-1';
const PERSON = { name: '韩公示', sex: '男' as const, birth: '1982-02-14', political: '群众' as const, n: 641 };

const { noJava, stack: running, township, orgdept, reviewer } = memoryStackSuite();

describe.skipIf(noJava)('公示 through the pipeline', () => {
  let batchId: string;
  let candidateId: string;
  let duplicateBatch: string;
  let duplicateId: string;
  const base = () => running().urls.http;
  const duting = () => as(base(), running().auth, 'township-duting', ['township:duting']);
  const openTasks = async (code: string, candidate: string) =>
    Inbox.parse(await (await reviewer(code)).get(`/reviews?status=open&department=${code}`)).items.filter(
      (t) => t.campaignId === CAMPAIGN && t.candidateId === candidate,
    );
  const answer = async (code: string, candidate: string, body: unknown) => {
    const [task] = await waitFor(`${code} task`, async () =>
      (await openTasks(code, candidate)).length === 1 ? openTasks(code, candidate) : undefined,
    );
    await (await reviewer(code)).post(`/reviews/${encodeURIComponent(task?.taskId ?? '')}/answer`, body);
  };
  const detail = async () => BatchDetail.parse(await (await township()).get(`/batches/${batchId}`));

  beforeAll(async () => {
    const policy = builtInPolicy('duting-2015');
    const org = await orgdept();
    await org.post('/campaigns', {
      id: CAMPAIGN,
      name: '公示测试',
      jurisdiction: policy.jurisdiction,
      policyId: policy.id,
      electionDate: '2027-03-28',
      townships: [
        { code: 'changguo', name: '昌国街道' },
        { code: 'duting', name: '都亭街道' },
      ],
    });
    for (const d of policy.departments.filter((x) => x.mode === 'auto')) {
      const dept = await as(base(), running().auth, `dept-${d.code}`, [`department:${d.code}`]);
      await dept.post(`/departments/${d.code}/records`, { campaignId: CAMPAIGN, ...csvFile(headerOnlyRecordsCsv(), `${d.code}.csv`) });
    }
    const first = tinyBatchCsv('昌国街道', [{ ...PERSON, village: '海山社区' }]);
    ({ batchId } = z
      .object({ batchId: z.string() })
      .parse(
        await (await township()).post(
          '/batches',
          { campaignId: CAMPAIGN, candidates: csvFile(first.csv, 'one.csv') },
          { 'idempotency-key': 'publicity-1-a' },
        ),
      ));
    // The same person (same ID number) from another township: let in, flagged.
    const second = tinyBatchCsv('都亭街道', [{ ...PERSON, village: '滨江社区' }]);
    ({ batchId: duplicateBatch } = z
      .object({ batchId: z.string() })
      .parse(
        await (await duting()).post(
          '/batches',
          { campaignId: CAMPAIGN, candidates: csvFile(second.csv, 'two.csv') },
          { 'idempotency-key': 'publicity-1-b' },
        ),
      ));
    candidateId = `${batchId}-0001`;
    duplicateId = `${duplicateBatch}-0001`;
    await answer('petitions', candidateId, { result: 'clear' });
    await answer('discipline', candidateId, { result: 'clear' });
    await waitFor('decided', async () => ((await detail()).candidates[0]?.status === 'cleared' ? true : undefined), { intervalMs: 1000 });
  }, 300_000);

  it('flags the person the second township submitted, on its batch and for the organization department, until it decides', async () => {
    const org = await orgdept();
    const listed = DuplicateList.parse(await org.get(`/campaigns/${CAMPAIGN}/duplicates`));
    expect(listed.duplicates).toEqual([
      expect.objectContaining({ candidateId: duplicateId, status: 'open', heldBy: { candidateId, batchId, township: 'changguo' } }),
    ]);
    const onBatch = BatchPublicity.parse(await (await duting()).get(`/batches/${duplicateBatch}/publicity`));
    expect(onBatch.candidates[0]?.duplicate).toMatchObject({ status: 'open', otherTownship: 'changguo' });
    // Undecided, neither may go on 公示.
    const early = await org.request('POST', `/campaigns/${CAMPAIGN}/publicity`, { candidateIds: [candidateId] });
    expect(early.status).toBe(400);
    expect(early.body).toMatchObject({ code: 'CANDIDATE_NOT_ELIGIBLE' });
    await org.post(`/candidates/${encodeURIComponent(duplicateId)}/duplicate/resolution`, {
      keep: candidateId,
      reason: '本人户籍与居住地均在昌国街道',
    });
    const after = BatchPublicity.parse(await (await duting()).get(`/batches/${duplicateBatch}/publicity`));
    expect(after.candidates[0]?.duplicate).toMatchObject({ status: 'resolved', statusLabel: '重复报送，已确定不予联审' });
  }, 120_000);

  it('opens 公示, and an objection found true sends one department back; the candidate is held until it answers', async () => {
    const org = await orgdept();
    const today = await makeTodayAWorkingDay(org);
    const opened = OpenPublicityResponse.parse(await org.post(`/campaigns/${CAMPAIGN}/publicity`, { township: 'changguo' }));
    expect(opened.period).toMatchObject({ periodId: 'P1', days: 3, candidateIds: [candidateId], startDate: today, status: 'open' });
    const objection = ObjectionResponse.parse(
      await org.post(`/candidates/${encodeURIComponent(candidateId)}/objections`, {
        reporter: null,
        channel: 'letter',
        content: '反映该人选曾在换届中拉票贿选',
      }),
    );
    expect(objection.objection).toMatchObject({ seq: 1, status: 'open' });
    const held = BatchPublicity.parse(await (await township()).get(`/batches/${batchId}/publicity`));
    expect(held.candidates[0]?.publicity).toMatchObject({ status: 'objection_open', openObjections: 1 });
    const checked = ObjectionOutcomeResponse.parse(
      await org.post(`/candidates/${encodeURIComponent(candidateId)}/objections/1/outcome`, {
        checked: '经纪检部门初步核实，反映的问题需重新审查',
        result: 'founded',
        action: 'recheck',
        department: 'discipline',
      }),
    );
    expect(checked).toMatchObject({ objection: { outcome: { action: 'recheck', recheckSequence: 1 } }, recheckStarted: true });
    const statusNow = async () => PublicityList.parse(await org.get(`/campaigns/${CAMPAIGN}/publicity`)).periods[0]?.candidates[0]?.status;
    expect(await statusNow()).toBe('rechecking');
    await answer('discipline', candidateId, { result: 'clear' });
    await waitFor('the re-check answered', async () => ((await statusNow()) === 'in_publicity' ? true : undefined), { intervalMs: 1000 });

    const trail = AuditTrail.parse(await org.get(`/candidates/${encodeURIComponent(candidateId)}/audit`));
    expect(trail.verification.ok).toBe(true);
    const types = trail.events.map((e) => e.type);
    for (const t of ['duplicate_resolved', 'publicity_opened', 'objection_received', 'recheck_requested', 'objection_checked'] as const)
      expect(types).toContain(t);
    expect(types.indexOf('objection_checked')).toBeGreaterThan(types.indexOf('objection_received'));
    const sfn = new SFNClient({ endpoint: running().urls.sfn, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const executions = await sfn.send(new ListExecutionsCommand({ stateMachineArn: STATE_MACHINE_ARN }));
    const names = (executions.executions ?? []).map((e) => e.name);
    expect(names).toContain(`${CAMPAIGN}--${candidateId}--recheck-1`);
  }, 180_000);
});
