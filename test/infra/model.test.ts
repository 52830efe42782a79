// The AWS model stays true to the code: it reads the ASL it models (and knows every state of it),
// and its write-path table equals the write units the real use cases spend on DynamoDB Local.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readFileSync } from 'node:fs';
import { ASL_FILE, executionCost, modelCampaign, modelTable, PUBLISHED, readMachine, WRITE_PATH } from '../../infra/model.js';
import { repoPath } from '../../infra/paths.js';
import { answerTask } from '../../shared/app/answer-task.js';
import { countBatchProgress } from '../../shared/app/batch-progress.js';
import { checkTask } from '../../shared/app/check-task.js';
import { decideCandidate } from '../../shared/app/decide.js';
import { loadRouting } from '../../shared/app/load-routing.js';
import { recordDecision } from '../../shared/app/record-decision.js';
import { submitBatch } from '../../shared/app/submit-batch.js';
import type { Repositories } from '../../shared/app/ports.js';
import { createDynamoRepositories } from '../../shared/adapters/dynamo/index.js';
import { fileReaders } from '../../shared/adapters/files/uploads.js';
import { createIdCrypto } from '../../shared/adapters/id-crypto.js';
import { builtInPolicy } from '../../shared/adapters/files/policy-files.js';
import { ensureTable, javaMajorVersion, startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/env.js';
import { freePort } from '../../local/stack.js';
import { CANDIDATES, candidatesCsv } from '../fixtures/import/people.js';
import { CAMPAIGN, TOWNSHIP } from '../functions/api/support.js';
import { missingTool } from '../support/tools.js';
import { startWriteMeter, type WriteMeter } from '../../local/write-meter.js';

describe('the model of the state machine', () => {
  const machine = readMachine();

  it(`knows every state of ${ASL_FILE} (a new state needs the model's attention)`, () => {
    const Inner = z.object({ ItemProcessor: z.object({ States: z.record(z.string(), z.unknown()) }) });
    const names = (states: Record<string, unknown>): string[] =>
      Object.entries(states).flatMap(([name, s]) => {
        const inner = Inner.safeParse(s);
        return [name, ...(inner.success ? names(inner.data.ItemProcessor.States) : [])];
      });
    expect(names(machine.States).sort()).toEqual(
      [
        'AskDepartment',
        'AskDepartments',
        'CountBatchProgress',
        'Decide',
        'Done',
        'LoadRouting',
        'RecordDeclined',
        'RecordDecision',
        'RecordOverdue',
      ].sort(),
    );
  });

  it('counts the happy path from the ASL: five states around the Map, one callback per department, an overdue one adds RecordOverdue', () => {
    const answered = executionCost(machine, 28, 0);
    expect(answered).toEqual({ transitions: 6 + 28, events: 2 + 5 * 4 + 2 + 4 + 28 * (6 + 2), lambdaInvocations: 5 - 1, callbacks: 28 });
    const overdue = executionCost(machine, 28, 1);
    expect(overdue.transitions - answered.transitions).toBe(28);
    expect(overdue.lambdaInvocations - answered.lambdaInvocations).toBe(28);
  });

  it('keeps a 28-department execution far below the 25,000-event history limit, and starts no faster than the quota refills', () => {
    const city = modelCampaign({ candidates: 70_000, departments: 28, minutes: 60, region: 'cn-north-1' });
    expect(city.historyEventsPerExecution).toBeLessThan(city.historyEventsLimit / 10);
    expect(city.startExecution.drainMinutes).toBe(60); // 19 a second: started as they arrive
    const province = modelCampaign({ candidates: 500_000, departments: 28, minutes: 30, region: 'cn-north-1' });
    expect(province.startExecution.sentPerSecond).toBeLessThanOrEqual(province.startExecution.quotaRefillPerSecond);
    expect(province.startExecution.drainMinutes).toBeGreaterThan(30); // 278 arrive a second, 150 start
  });
});

const noJava = missingTool('Java 17 (for DynamoDB Local)', (javaMajorVersion() ?? 0) >= 17, 'apt-get install -y openjdk-17-jre-headless');

describe.skipIf(noJava)('the model’s write path, metered on DynamoDB Local', () => {
  let ddb: DynamoDbLocal | undefined;
  let repos: Repositories;
  let meter: WriteMeter | undefined;
  const now = () => new Date('2026-04-10T02:00:00.000Z');
  const metrics = { count: () => undefined };
  const log = { warn: () => undefined, info: () => undefined, error: () => undefined };
  const callbacks = { succeed: async () => 'sent' as const, fail: async () => 'sent' as const };
  const PEOPLE = 8;
  // The published model's 28 departments (11 automatic, 17 in the portal): the decision seals all their events.
  const DEPARTMENTS = builtInPolicy(CAMPAIGN.policyId).departments;

  beforeAll(async () => {
    ddb = await startDynamoDbLocal({ port: await freePort(), cacheDir: '.cache' });
    meter = await startWriteMeter(ddb.endpoint);
    const client = new DynamoDBClient({ endpoint: meter.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    await ensureTable(client, 'lianshen-model');
    const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    repos = createDynamoRepositories({ doc, tableName: 'lianshen-model', crypto: createIdCrypto('model-key-material-0123456789abcdef') });
    await repos.campaigns.create(CAMPAIGN, { createdAt: '2026-03-01T00:00:00.000Z', createdBy: 'org' });
    for (const d of DEPARTMENTS.filter((dep) => dep.mode === 'auto')) {
      await repos.extracts.replace({
        department: d.code,
        rows: [],
        filename: `${d.code}.csv`,
        uploadedBy: d.code,
        uploadedAt: '2026-03-02T00:00:00.000Z',
      });
    }
  }, 120_000);
  afterAll(async () => {
    await meter?.stop();
    await ddb?.stop();
  });

  const spent = async (work: () => Promise<unknown>): Promise<number> => {
    const before = meter?.reading().units ?? 0;
    await work();
    return (meter?.reading().units ?? 0) - before;
  };

  it('spends what WRITE_PATH says at each step of a candidate', async () => {
    const rows = CANDIDATES.slice(0, PEOPLE).map((c, i) => ({ ...c, 序号: String(i + 1), '乡镇(街道)': '昌国街道' }));
    expect(rows).toHaveLength(PEOPLE);
    const caller = { userId: 'u-town', username: 'town', townships: [TOWNSHIP], departments: [], orgdept: false };
    let candidateIds: string[] = [];
    let batchId = '';
    const submitted = await spent(async () => {
      const out = await submitBatch(
        { repos, now, metrics, files: fileReaders, intake: { enqueue: async () => undefined }, newBatchId: () => 'bmodel' },
        {
          caller,
          township: TOWNSHIP,
          idempotencyKey: 'model-1',
          campaignId: CAMPAIGN.id,
          candidates: { filename: 'model.csv', bytes: Buffer.from(candidatesCsv(rows), 'utf8') },
        },
      );
      if (!('candidateIds' in out)) throw new Error(`not submitted: ${JSON.stringify(out)}`);
      candidateIds = out.candidateIds;
      batchId = out.batch.batchId;
    });
    const [first = ''] = candidateIds;
    const ref = { campaignId: CAMPAIGN.id, batchId, candidateId: first };
    const routed = await spent(() => loadRouting({ repos, now }, ref));
    // As LoadRouting sends it: with the end of the department's last working day.
    const dueAt = new Date(now().getTime() + 86_400_000).toISOString();
    const message = (department: string) => ({ ...ref, department, taskToken: `token-${department}`, timeoutSeconds: 86_400, dueAt });
    const deps = { repos, now, metrics, callbacks, log, pause: async () => undefined };
    const autoAnswered = await spent(async () => expect(await checkTask(deps, message('court'))).toBe('answered'));
    const reviewer = (department: string) => ({
      userId: `u-${department}`,
      username: department,
      townships: [],
      departments: [department],
      orgdept: false,
    });
    const answerInPortal = async (department: string) => {
      expect(await checkTask(deps, message(department))).toBe('queuedForReview');
      const answer = await answerTask(deps, {
        caller: reviewer(department),
        taskId: `${first}~${department}`,
        answer: { status: 'clear', findings: [] },
      });
      expect(answer).toMatchObject({ kind: 'answered' });
    };
    const manualAnswered = await spent(() => answerInPortal('discipline'));
    // The other 26 answer too (not metered), so the decision seals what a 28-department candidate has.
    expect(DEPARTMENTS).toHaveLength(28);
    for (const d of DEPARTMENTS.filter((dep) => dep.code !== 'court' && dep.code !== 'discipline')) {
      if (d.mode === 'auto') expect(await checkTask(deps, message(d.code))).toBe('answered');
      else await answerInPortal(d.code);
    }
    const decided = await spent(async () => {
      await recordDecision({ repos, metrics, now }, { ...ref, decision: await decideCandidate({ repos, now }, ref) });
      await countBatchProgress({ repos, now, metrics, log }, ref);
    });
    const measured = { submitted: submitted / PEOPLE, routed, autoAnswered, manualAnswered, decided };
    expect(measured).toEqual(WRITE_PATH);
  }, 120_000);
});

describe('the published model', () => {
  it('is in docs/deploy.md as the model prints it today', () => {
    const doc = readFileSync(repoPath('docs/deploy.md'), 'utf8');
    expect(doc).toContain(modelTable(PUBLISHED));
  });
});
