// A reviewer's answer that was stored when the stack died, before Step Functions was told
// (answer-task.ts writes the verdict, then calls SendTaskSuccess, then confirms): after a restart
// the stack sends it at once, so the execution completes with that answer and no task ends
// overdue — waiting for a redelivery would come after the department's timeout.
//
// The crash is made exact: the test writes the verdict itself, as the answer API's first write
// does, and kills the stack with SIGKILL before anything else happens.
import { readFileSync, rmSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLocalTokens } from '../../local/auth.js';
import { javaMajorVersion } from '../../local/dynamodb.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION, TABLE_NAME } from '../../local/env.js';
import { spawnStack, type SpawnedStack } from '../../local/spawn.js';
import { createDynamoRepositories } from '../../shared/adapters/dynamo/index.js';
import { createIdCrypto } from '../../shared/adapters/id-crypto.js';
import { tokenHash } from '../../shared/app/common.js';
import { builtInPolicy as getPolicy } from '../../shared/adapters/files/policy-files.js';
import { missingTool } from '../support/tools.js';
import { AuditTrail, BatchDetail, Inbox, as, campaignWithEmptyExtracts, csvFile, tinyBatchCsv, waitFor } from './support.js';

const dataDir = mkdtempSync(join(tmpdir(), 'lianshen-unconfirmed-'));
/** Shorter than the queues' visibility timeout (180 s): a redelivery would come too late. */
const DEPARTMENT_TIMEOUT_SECONDS = 150;
const CAMPAIGN = 'unconfirmed-1';
let current: SpawnedStack | undefined;

afterAll(async () => {
  await current?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const noJava = missingTool('Java 17+', (javaMajorVersion() ?? 0) >= 17, 'apt-get install -y openjdk-17-jre-headless');

describe.skipIf(noJava)('an answer stored when the stack was killed, before it was confirmed', () => {
  it('is sent at the restart: the execution completes with it and no task ends overdue', async () => {
    const policy = getPolicy('duting-2015');
    current = await spawnStack({ dataDir, departmentTimeoutSeconds: DEPARTMENT_TIMEOUT_SECONDS });
    const auth = createLocalTokens({ dir: join(dataDir, 'auth') });
    const base = () => current?.info.urls.http ?? '';
    await campaignWithEmptyExtracts(base(), auth, { id: CAMPAIGN, name: '未确认答复测试', policyId: policy.id });
    const township = await as(base(), auth, 'township-changguo', ['township:changguo']);
    const { csv } = tinyBatchCsv('昌国街道', [
      { name: '邵文', sex: '男', birth: '1985-02-11', political: '群众', village: '海山社区', n: 511 },
      { name: '严芳', sex: '女', birth: '1988-09-03', political: '中共党员', village: '海山社区', n: 512 },
    ]);
    const { batchId } = z
      .object({ batchId: z.string() })
      .parse(
        await township.post(
          '/batches',
          { campaignId: CAMPAIGN, candidates: csvFile(csv, 'two.csv') },
          { 'idempotency-key': 'unconfirmed-1' },
        ),
      );

    // 信访 answers through the API; 纪检's answers are stored, and then the stack dies.
    const inbox = async (code: string) => {
      const reviewer = await as(base(), auth, `dept-${code}`, [`department:${code}`]);
      return Inbox.parse(await reviewer.get(`/reviews?status=open&department=${code}`)).items.filter((t) => t.campaignId === CAMPAIGN);
    };
    const petitions = await waitFor('信访 tasks', async () => ((await inbox('petitions')).length === 2 ? inbox('petitions') : undefined));
    const petitionsReviewer = await as(base(), auth, 'dept-petitions', ['department:petitions']);
    await petitionsReviewer.post('/reviews/attest', {
      statement: '以上人员经查无记录',
      department: 'petitions',
      taskIds: petitions.map((t) => t.taskId),
    });
    const discipline = await waitFor('纪检 tasks', async () =>
      (await inbox('discipline')).length === 2 ? inbox('discipline') : undefined,
    );

    const material = readFileSync(join(dataDir, 'key-material'), 'utf8').trim();
    const ddb = new DynamoDBClient({ endpoint: current.info.urls.dynamodb, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const repos = createDynamoRepositories({
      doc: DynamoDBDocumentClient.from(ddb),
      tableName: TABLE_NAME,
      crypto: createIdCrypto(material),
    });
    const reviewer = { kind: 'reviewer' as const, id: 'u-discipline' };
    for (const t of discipline) {
      const put = await repos.verdicts.putAnswer({
        campaignId: CAMPAIGN,
        candidateId: t.candidateId,
        department: 'discipline',
        status: 'clear',
        findings: [],
        answeredBy: reviewer,
        answeredAt: new Date().toISOString(),
        source: 'portal',
      });
      expect(put.written).toBe(true);
    }
    current.child.kill('SIGKILL');
    await waitFor('the killed stack to exit', async () => current?.child.exitCode !== null || current.child.signalCode !== null, {
      timeoutMs: 30_000,
    });
    ddb.destroy();

    current = await spawnStack({ dataDir, departmentTimeoutSeconds: DEPARTMENT_TIMEOUT_SECONDS });
    const started = Date.now();
    const township2 = await as(base(), auth, 'township-changguo', ['township:changguo']);
    const decided = await waitFor(
      'both candidates decided',
      async () => {
        const view = BatchDetail.parse(await township2.get(`/batches/${batchId}`));
        return view.candidates.every((c) => c.decision !== null) ? view : undefined;
      },
      { timeoutMs: DEPARTMENT_TIMEOUT_SECONDS * 1000, intervalMs: 1000 },
    );
    // Decided well before the department timeout could have made anyone overdue.
    expect(Date.now() - started).toBeLessThan(DEPARTMENT_TIMEOUT_SECONDS * 1000);
    for (const c of decided.candidates) {
      expect(c.decision?.finalStatus).toBe('cleared');
      expect(c.decision?.unanswered).toEqual([]);
    }

    const ddb2 = new DynamoDBClient({ endpoint: current.info.urls.dynamodb, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const after = createDynamoRepositories({
      doc: DynamoDBDocumentClient.from(ddb2),
      tableName: TABLE_NAME,
      crypto: createIdCrypto(material),
    });
    const orgdept2 = await as(base(), auth, 'orgdept', ['orgdept']);
    for (const t of discipline) {
      const stored = await after.verdicts.get(t.candidateId, 'discipline');
      expect(stored?.verdict).toMatchObject({ status: 'clear', answeredBy: reviewer });
      expect(stored?.lateAnswer).toBeUndefined();
      expect(stored?.resultSentFor).toBe(tokenHash((await after.tasks.getToken(t.candidateId, 'discipline')) ?? ''));
      expect((await after.tasks.get(t.candidateId, 'discipline'))?.status).toBe('answered');
      const audit = AuditTrail.parse(await orgdept2.get(`/candidates/${encodeURIComponent(t.candidateId)}/audit`));
      expect(audit.verification.ok).toBe(true);
      expect(audit.events.some((e) => e.type === 'overdue')).toBe(false);
    }
    for (const d of policy.departments) expect(await after.tasks.listInbox(d.code, 'overdue')).toEqual([]);
    ddb2.destroy();
  }, 420_000);
});
