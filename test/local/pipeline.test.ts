// End-to-end on the in-memory local stack: the infra ASL on the local Step Functions endpoint,
// fauxqs queues with pollers, DynamoDB Local, and the same handler modules as in AWS, driven only
// through the HTTP API (and, for the duplicate delivery, a real second SQS message).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/env.js';
import { startStack, type Stack } from '../../local/stack.js';
import { vetOnStack, type VetRun } from '../../cli/lib/vet.js';
import { auditDepartment } from '../../shared/domain/audit/events.js';
import { deadlineText } from '../../shared/domain/schedule.js';
import { beijingDay } from '../../shared/domain/time.js';
import { holidayCalendar, PUBLISHED_HOLIDAYS, workingDaysBetween } from '../../shared/domain/working-days.js';
import { builtInPolicy } from '../../shared/adapters/files/policy-files.js';
import { missingTool } from '../support/tools.js';
import { AuditTrail, BatchDetail, Inbox, as, csvFile, headerOnlyRecordsCsv, tinyBatchCsv, waitFor } from './support.js';

const run = promisify(execFile);
const AWS_CLI = '/usr/bin/aws';
/**
 * In `vet-*` campaigns 区公安分局 (the department holding 黄磊's ambiguous record) times out after
 * this long, every other department after SLOW_SECONDS; other campaigns keep the policy SLA (days).
 */
const VET_TIMEOUT_SECONDS = 90;
const SLOW_SECONDS = 900;

let stack: Stack;
let sfn: SFNClient;
/** Request bodies of every SendTaskSuccess the endpoint received. */
const taskSuccesses: string[] = [];
/** Those of them the endpoint took (a spent token is refused). */
const taskSuccessesTaken: string[] = [];
/** Every checker message the pollers delivered, by candidate and department. */
const delivered = new Map<string, string[]>();

beforeAll(async () => {
  stack = await startStack({
    mode: 'memory',
    departmentTimeoutSeconds: (campaignId, department) =>
      campaignId.startsWith('vet-') ? (department === 'public-security' ? VET_TIMEOUT_SECONDS : SLOW_SECONDS) : undefined,
    onInvoke: (fn, event) => {
      if (fn !== 'checker') return;
      const records = z.object({ Records: z.array(z.object({ body: z.string() })) }).safeParse(event);
      if (!records.success) return;
      for (const r of records.data.Records) {
        const body = z.object({ candidateId: z.string(), department: z.string() }).safeParse(JSON.parse(r.body));
        if (!body.success) continue;
        const key = `${body.data.candidateId}|${body.data.department}`;
        delivered.set(key, [...(delivered.get(key) ?? []), r.body]);
      }
    },
    log: () => undefined,
  });
  sfn = new SFNClient({ endpoint: stack.urls.sfn, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  // Records every SendTaskSuccess the endpoint receives; the real method still runs.
  const service = stack.sfn.service;
  const original = service.sendTaskSuccess.bind(service);
  service.sendTaskSuccess = (body: unknown) => {
    taskSuccesses.push(JSON.stringify(body));
    const taken = original(body);
    taskSuccessesTaken.push(JSON.stringify(body));
    return taken;
  };
});

afterAll(async () => {
  sfn?.destroy();
  await stack?.stop();
});

async function executionOf(candidateId: string) {
  const list = await sfn.send(new ListExecutionsCommand({ stateMachineArn: stack.sfn.stateMachineArn, maxResults: 1000 }));
  const found = list.executions?.find((e) => e.name?.endsWith(candidateId));
  if (!found?.executionArn) return undefined;
  return sfn.send(new DescribeExecutionCommand({ executionArn: found.executionArn }));
}

describe('the sample county batch through lianshen vet', () => {
  let vet: VetRun;

  beforeAll(async () => {
    vet = await vetOnStack(
      {
        batch: 'samples/batch.csv',
        relatives: 'samples/relatives.csv',
        records: 'samples/records',
        units: 'samples/units.csv',
        policy: 'dinghai-2017',
        electionDate: '2027-03-28',
        waitSeconds: VET_TIMEOUT_SECONDS,
        outDir: mkdtempSync(join(tmpdir(), 'lianshen-vet-')),
      },
      { info: { ...stack.info, departmentTimeoutSeconds: VET_TIMEOUT_SECONDS }, auth: stack.auth },
    );
  }, 300_000);

  it('decides every candidate, with every decision class and the near-relative conflicts', () => {
    const by = new Map(vet.result.candidates.map((c) => [c.name, c]));
    expect(vet.result.candidates.every((c) => !c.pending)).toBe(true);
    expect(new Set(vet.result.candidates.map((c) => c.decision))).toEqual(new Set(['cleared', 'disqualified', 'referred', 'incomplete']));
    expect(by.get('杨明')?.decision).toBe('disqualified');
    expect(by.get('孙浩')?.reasons.map((r) => [r.category, r.department])).toEqual([['党纪处分', 'discipline']]);
    expect(by.get('李秀英')?.decision).toBe('referred');
    expect(by.get('林涛')?.decision).toBe('cleared');
    // The kinds come from samples/units.csv: the 农村社区 age clause refers 陈刚 (海山社区), not 胡军 (北门村, a 村).
    expect(by.get('陈刚')?.reasons.map((r) => r.category)).toEqual(['农村社区现任男性57周岁以上一般不宜留任']);
    expect(by.get('胡军')?.decision).toBe('cleared');
    expect(by.get('黄磊')).toMatchObject({ decision: 'incomplete', unanswered: ['public-security'] });
    expect(vet.result.conflicts.map((k) => [...k.candidates].sort().join('+'))).toEqual(expect.arrayContaining(['吴强+周敏', '高峰+高明']));
    for (const c of vet.result.candidates) expect(c.idNumber).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    expect(vet.result.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(vet.files.some((f) => f.endsWith('反馈名单.xlsx'))).toBe(true);
  });

  it('runs every handler without loading the X-Ray SDK (its async hook slows every promise in the process)', () => {
    const loaded = Object.keys(createRequire(import.meta.url).cache).filter((path) => path.includes('aws-xray-sdk-core'));
    expect(loaded).toEqual([]);
  });

  it('refuses the silent department’s late answer with 409 and records it in the audit trail', async () => {
    const dept = await as(stack.urls.http, stack.auth, 'dept-public-security', ['department:public-security']);
    const overdue = Inbox.parse(await dept.get('/reviews?status=overdue&department=public-security'));
    const task = overdue.items.find((t) => t.campaignId === vet.campaignId);
    expect(task).toBeDefined();
    if (!task) return;
    const late = await dept.request('POST', `/reviews/${encodeURIComponent(task.taskId)}/answer`, { result: 'clear' });
    expect(late.status).toBe(409);
    const orgdept = await as(stack.urls.http, stack.auth, 'orgdept', ['orgdept']);
    const audit = AuditTrail.parse(await orgdept.get(`/candidates/${encodeURIComponent(task.candidateId)}/audit`));
    expect(audit.events.some((e) => e.type === 'late_answer')).toBe(true);
    expect(audit.verification.ok).toBe(true);
    const batch = BatchDetail.parse(await orgdept.get(`/batches/${vet.result.batchId}`));
    expect(batch.candidates.find((c) => c.candidateId === task.candidateId)?.decision?.finalStatus).toBe('incomplete');
  });
});

describe('a reviewer in the portal', () => {
  const campaignId = `rev-${process.pid}`;
  let candidateId = '';
  let batchId = '';

  beforeAll(async () => {
    const policy = builtInPolicy('duting-2015');
    const orgdept = await as(stack.urls.http, stack.auth, 'orgdept', ['orgdept']);
    await orgdept.post('/campaigns', {
      id: campaignId,
      name: '评审测试',
      jurisdiction: policy.jurisdiction,
      policyId: policy.id,
      electionDate: '2027-03-28',
      townships: [{ code: 'changguo', name: '昌国街道' }],
    });
    // Every automatic department has an extract ("no records"); 纪检 and 信访 (manual) wait for their reviewers.
    for (const d of policy.departments.filter((x) => x.mode === 'auto')) {
      const client = await as(stack.urls.http, stack.auth, `dept-${d.code}`, [`department:${d.code}`]);
      await client.post(`/departments/${d.code}/records`, { campaignId, ...csvFile(headerOnlyRecordsCsv(), `${d.code}.csv`) });
    }
    const township = await as(stack.urls.http, stack.auth, 'township-changguo', ['township:changguo']);
    const { csv } = tinyBatchCsv('昌国街道', [
      { name: '钱立', sex: '男', birth: '1986-04-12', political: '群众', village: '海山社区', n: 301 },
    ]);
    const created = z
      .object({ batchId: z.string() })
      .parse(
        await township.post('/batches', { campaignId, candidates: csvFile(csv, 'one.csv') }, { 'idempotency-key': `${campaignId}-1` }),
      );
    batchId = created.batchId;
    const view = BatchDetail.parse(await township.get(`/batches/${batchId}`));
    candidateId = view.candidates[0]?.candidateId ?? '';
  }, 120_000);

  it('completes the waiting execution by answering its tasks', async () => {
    const waiting = await waitFor('the execution', () => executionOf(candidateId));
    expect(waiting.status).toBe('RUNNING');
    // Every candidate goes to every department the plan names: 纪检 is asked about a 群众 too.
    for (const code of ['petitions', 'discipline']) {
      const reviewer = await as(stack.urls.http, stack.auth, `dept-${code}`, [`department:${code}`]);
      const task = await waitFor(`the ${code} task in the inbox`, async () =>
        Inbox.parse(await reviewer.get(`/reviews?status=open&department=${code}`)).items.find((t) => t.campaignId === campaignId),
      );
      expect((await executionOf(candidateId))?.status).toBe('RUNNING');
      const answer = await reviewer.request('POST', `/reviews/${encodeURIComponent(task.taskId)}/answer`, { result: 'clear' });
      expect(answer.status).toBe(200);
    }

    const done = await waitFor('the execution to finish', async () => {
      const e = await executionOf(candidateId);
      return e?.status !== 'RUNNING' ? e : undefined;
    });
    expect(done.status).toBe('SUCCEEDED');
    const orgdept = await as(stack.urls.http, stack.auth, 'orgdept', ['orgdept']);
    const batch = BatchDetail.parse(await orgdept.get(`/batches/${batchId}`));
    expect(batch.candidates[0]?.decision?.finalStatus).toBe('cleared');
  }, 180_000);

  it('gives one verdict and one accepted answer when SQS delivers a checker message twice', async () => {
    const key = `${candidateId}|public-security`;
    const first = await waitFor('the public-security message', async () => delivered.get(key)?.[0]);
    const token = z.object({ taskToken: z.string() }).parse(JSON.parse(first)).taskToken;
    const sentFor = () => taskSuccesses.filter((body) => body.includes(token)).length;
    const takenFor = () => taskSuccessesTaken.filter((body) => body.includes(token)).length;
    await waitFor('the first answer to reach Step Functions', async () => sentFor() > 0);
    const orgdept = await as(stack.urls.http, stack.auth, 'orgdept', ['orgdept']);
    const answeredBefore = AuditTrail.parse(await orgdept.get(`/candidates/${encodeURIComponent(candidateId)}/audit`)).answers.filter(
      (e) => e.type === 'answered' && auditDepartment(e.data) === 'public-security',
    ).length;
    expect(answeredBefore).toBe(1);

    // The same message body again, through the queue, as an at-least-once redelivery.
    const queue = stack.queues.departments.get('public-security');
    if (!queue) throw new Error('no public-security queue');
    await stack.sqs.client.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: first }));
    await waitFor('the duplicate to be processed', async () => {
      if ((delivered.get(key)?.length ?? 0) < 2) return false;
      const q = stack.sqs.server.inspectQueue(queue.name);
      return q !== undefined && q.messages.ready.length === 0 && q.messages.inflight.length === 0;
    });

    // The answer was confirmed on its put (the deadline is days away), so the redelivery sends it
    // again in case the first delivery died before sending; Step Functions takes only one.
    expect(sentFor()).toBe(2);
    expect(takenFor()).toBe(1);
    const audit = AuditTrail.parse(await orgdept.get(`/candidates/${encodeURIComponent(candidateId)}/audit`));
    expect(audit.answers.filter((e) => e.type === 'answered' && auditDepartment(e.data) === 'public-security')).toHaveLength(1);
    expect(audit.verification.ok).toBe(true);
    const dlq = stack.sqs.server.inspectQueue(`${queue.name}-dlq`);
    expect(dlq?.messages.ready).toHaveLength(0);
  }, 120_000);
});

describe('a department deadline in working days', () => {
  const campaignId = `wd-${process.pid}`;

  it('reaches the local Step Functions endpoint as the task timeout, and the inbox shows the same deadline in Beijing time', async () => {
    const policy = builtInPolicy('duting-2015');
    const orgdept = await as(stack.urls.http, stack.auth, 'orgdept', ['orgdept']);
    await orgdept.post('/campaigns', {
      id: campaignId,
      name: '工作日时限测试',
      jurisdiction: policy.jurisdiction,
      policyId: policy.id,
      electionDate: '2027-03-28',
      townships: [{ code: 'changguo', name: '昌国街道', villages: [{ name: '海山社区', kind: '社区' }] }],
      // 信访 (petitions) answers in the portal within 2 working days in this campaign.
      schedule: { departmentDays: { petitions: 2 } },
    });
    for (const d of policy.departments.filter((x) => x.mode === 'auto')) {
      const client = await as(stack.urls.http, stack.auth, `dept-${d.code}`, [`department:${d.code}`]);
      await client.post(`/departments/${d.code}/records`, { campaignId, ...csvFile(headerOnlyRecordsCsv(), `${d.code}.csv`) });
    }
    const township = await as(stack.urls.http, stack.auth, 'township-changguo', ['township:changguo']);
    const { csv } = tinyBatchCsv('昌国街道', [
      { name: '孔明远', sex: '男', birth: '1984-09-02', political: '群众', village: '海山社区', n: 311 },
    ]);
    await township.post('/batches', { campaignId, candidates: csvFile(csv, 'wd.csv') }, { 'idempotency-key': `${campaignId}-1` });

    const reviewer = await as(stack.urls.http, stack.auth, 'dept-petitions', ['department:petitions']);
    const task = await waitFor('the petitions task in the inbox', async () =>
      Inbox.parse(await reviewer.get('/reviews?status=open&department=petitions')).items.find((t) => t.campaignId === campaignId),
    );
    const execution = await waitFor('the execution', () => executionOf(task.candidateId));
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: execution.executionArn, maxResults: 1000 }));
    const scheduled = (history.events ?? []).flatMap((e) => {
      const details = e.taskScheduledEventDetails;
      if (e.type !== 'TaskScheduled' || details?.parameters === undefined) return [];
      const body = z
        .object({
          MessageBody: z.object({
            department: z.string(),
            dueAt: z.string(),
            timeoutSeconds: z.number(),
            assumedYears: z.array(z.number()),
          }),
        })
        .safeParse(JSON.parse(details.parameters));
      return body.success ? [{ at: e.timestamp ?? new Date(0), timeout: details.timeoutInSeconds, message: body.data.MessageBody }] : [];
    });
    const petitions = scheduled.find((s) => s.message.department === 'petitions');
    if (petitions === undefined) throw new Error('no petitions task in the history');
    const { dueAt } = petitions.message;
    // The endpoint times the task out exactly when the deadline passes …
    expect(petitions.timeout).toBe(petitions.message.timeoutSeconds);
    expect(Math.abs((petitions.timeout ?? 0) - (Date.parse(dueAt) - petitions.at.getTime()) / 1000)).toBeLessThan(10);
    // … which is the end (Beijing) of the 2nd working day after the day the task was sent, on the official calendar.
    expect((Date.parse(dueAt) + 8 * 3600_000) % 86_400_000).toBe(0);
    const dueDay = beijingDay(new Date(Date.parse(dueAt) - 1));
    expect(workingDaysBetween(beijingDay(petitions.at), dueDay, holidayCalendar(PUBLISHED_HOLIDAYS)).days).toBe(2);
    // The inbox holds the same instant, in Chinese, with no note (the calendar knows the year).
    expect(task.deadline).toBe(dueAt);
    expect(task.deadlineText).toBe(deadlineText(dueAt));
    expect(task.deadlineText).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 24:00$/);
    expect(task.deadlineNote).toBeNull();
    // Departments without an override keep the policy's working days (纪检: slaDays).
    const discipline = scheduled.find((s) => s.message.department === 'discipline');
    const slaDays = policy.departments.find((d) => d.code === 'discipline')?.slaDays ?? 0;
    const disciplineDay = beijingDay(new Date(Date.parse(discipline?.message.dueAt ?? '') - 1));
    expect(workingDaysBetween(beijingDay(petitions.at), disciplineDay, holidayCalendar(PUBLISHED_HOLIDAYS)).days).toBe(slaDays);
  }, 180_000);
});

const noAwsCli = missingTool(`the AWS CLI at ${AWS_CLI}`, existsSync(AWS_CLI), 'apt-get install -y awscli');

describe.skipIf(noAwsCli)('the Debian AWS CLI against the local endpoints', () => {
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_PAGER: '',
  };
  const aws = async (...args: string[]) => {
    const { stdout } = await run(AWS_CLI, [...args, '--output', 'json'], { env, maxBuffer: 64 * 1024 * 1024 });
    const parsed: unknown = JSON.parse(stdout);
    return parsed;
  };

  it('scans the table, lists executions and describes one', async () => {
    const scan = z
      .object({ Count: z.number(), Items: z.array(z.record(z.string(), z.unknown())) })
      .parse(await aws('dynamodb', 'scan', '--table-name', 'lianshen', '--endpoint-url', stack.urls.dynamodb, '--max-items', '50'));
    expect(scan.Items.length).toBeGreaterThan(0);
    expect(scan.Items[0]).toHaveProperty('pk');

    const list = z
      .object({ executions: z.array(z.object({ executionArn: z.string(), status: z.string(), name: z.string() })) })
      .parse(
        await aws('stepfunctions', 'list-executions', '--state-machine-arn', stack.sfn.stateMachineArn, '--endpoint-url', stack.urls.sfn),
      );
    const succeeded = list.executions.find((e) => e.status === 'SUCCEEDED');
    expect(succeeded).toBeDefined();
    if (!succeeded) return;

    const described = z
      .object({ executionArn: z.string(), status: z.string(), input: z.string() })
      .parse(await aws('stepfunctions', 'describe-execution', '--execution-arn', succeeded.executionArn, '--endpoint-url', stack.urls.sfn));
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.input)).toHaveProperty('candidateId');
  }, 120_000);
});
