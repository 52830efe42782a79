// Crash recovery: the persistent stack runs in a child process (DynamoDB Local with -dbPath,
// fauxqs with SQLite, the Step Functions store on disk). It is killed with SIGKILL in the middle of
// a batch and started again on the same data folder; every candidate must still reach a decision,
// with one verdict per (candidate, department) and no answer given twice.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLocalTokens } from '../../local/auth.js';
import { ApiClient, fileBody } from '../../cli/lib/api-client.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/env.js';
import { spawnStack, type SpawnedStack } from '../../local/spawn.js';
import { REPO_ROOT } from '../../local/stack.js';
import { SAMPLE_CAMPAIGN } from '../../samples/sample-county.js';
import { auditDepartment } from '../../shared/domain/audit/events.js';
import { builtInPolicy } from '../../shared/adapters/files/policy-files.js';
import { AuditTrail, BatchDetail, Inbox, waitFor } from './support.js';

const dataDir = mkdtempSync(join(tmpdir(), 'lianshen-recovery-'));
/** Long enough that nothing times out: every answer comes from the pipeline or a reviewer. */
const DEPARTMENT_TIMEOUT_SECONDS = 900;
/** Messages in flight at the kill reappear after this (above the 30 s function timeouts). */
const VISIBILITY_SECONDS = 45;
const ATTESTATION = '以上人员经查无记录';
let current: SpawnedStack | undefined;

afterAll(async () => {
  await current?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function portClosed(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1000) });
    return false;
  } catch {
    return true;
  }
}

describe('kill -9 in the middle of a batch, then start again', () => {
  it('brings every candidate to a decision with no duplicate verdicts and no candidate lost', async () => {
    const policy = builtInPolicy(SAMPLE_CAMPAIGN.policyId);
    current = await spawnStack({
      dataDir,
      departmentTimeoutSeconds: DEPARTMENT_TIMEOUT_SECONDS,
      visibilityTimeoutSeconds: VISIBILITY_SECONDS,
    });
    const auth = createLocalTokens({ dir: join(dataDir, 'auth') });
    const client = async (username: string, groups: string[], base: string) =>
      new ApiClient(base, await auth.issueToken({ username, groups }));
    let base = current.info.urls.http;

    const orgdept = await client('orgdept', ['orgdept'], base);
    await orgdept.post('/campaigns', SAMPLE_CAMPAIGN);
    // Automatic departments get the sample extracts; manual ones answer by attestation below.
    for (const d of policy.departments.filter((x) => x.mode === 'auto')) {
      const bytes = new Uint8Array(readFileSync(join(REPO_ROOT, 'samples', 'records', `${d.code}.csv`)));
      const dept = await client(`dept-${d.code}`, [`department:${d.code}`], base);
      await dept.post(`/departments/${d.code}/records`, { campaignId: SAMPLE_CAMPAIGN.id, ...fileBody(bytes, `${d.code}.csv`) });
    }
    const township = await client('township-changguo', ['township:changguo'], base);
    const batch = z.object({ batchId: z.string() }).parse(
      await township.post(
        '/batches',
        {
          campaignId: SAMPLE_CAMPAIGN.id,
          candidates: fileBody(new Uint8Array(readFileSync(join(REPO_ROOT, 'samples', 'batch.csv'))), 'batch.csv'),
          relatives: fileBody(new Uint8Array(readFileSync(join(REPO_ROOT, 'samples', 'relatives.csv'))), 'relatives.csv'),
        },
        { 'idempotency-key': 'recovery-1' },
      ),
    );

    // Mid-batch: some departments have answered, no candidate is decided yet.
    const progress = async (c: ApiClient) => BatchDetail.parse(await c.get(`/batches/${batch.batchId}`));
    const before = await waitFor('first answers', async () => {
      const v = await progress(township);
      return v.candidates.some((c) => c.progress.answered > 0) ? v : undefined;
    });
    expect(before.candidates.every((c) => c.decision === null)).toBe(true);

    const ddbBefore = current.info.urls.dynamodb;
    current.child.kill('SIGKILL');
    await waitFor(
      'the killed stack and its JVM to be gone',
      async () => (await portClosed(ddbBefore)) && (current?.child.exitCode !== null || current.child.signalCode !== null),
      {
        timeoutMs: 30_000,
      },
    );

    current = await spawnStack({
      dataDir,
      departmentTimeoutSeconds: DEPARTMENT_TIMEOUT_SECONDS,
      visibilityTimeoutSeconds: VISIBILITY_SECONDS,
    });
    base = current.info.urls.http;
    const township2 = await client('township-changguo', ['township:changguo'], base);
    const orgdept2 = await client('orgdept', ['orgdept'], base);
    const manual = policy.departments.filter((d) => d.mode === 'manual');

    // Manual reviewers attest "no records" for what reaches their inboxes; 区公安分局's reviewer
    // looks at 黄磊's task (a match hint: same ID, another name) and answers that it is not him.
    const police = await client('dept-public-security', ['department:public-security'], base);
    const after = await waitFor(
      'every candidate decided after the restart',
      async () => {
        const hinted = Inbox.parse(await police.get('/reviews?status=open&department=public-security')).items.filter(
          (t) => t.campaignId === SAMPLE_CAMPAIGN.id,
        );
        for (const t of hinted) await police.request('POST', `/reviews/${encodeURIComponent(t.taskId)}/answer`, { result: 'clear' });
        for (const d of manual) {
          const reviewer = await client(`dept-${d.code}`, [`department:${d.code}`], base);
          const open = Inbox.parse(await reviewer.get(`/reviews?status=open&department=${d.code}`)).items.filter(
            (t) => t.campaignId === SAMPLE_CAMPAIGN.id,
          );
          if (open.length > 0) {
            await reviewer.post('/reviews/attest', { statement: ATTESTATION, department: d.code, taskIds: open.map((t) => t.taskId) });
          }
        }
        const v = await progress(township2);
        return v.candidates.every((c) => c.decision !== null) && v.checks !== null ? v : undefined;
      },
      { timeoutMs: 240_000, intervalMs: 2000 },
    );

    expect(after.candidates.map((c) => c.candidateId).sort()).toEqual(before.candidates.map((c) => c.candidateId).sort());
    expect(after.candidates).toHaveLength(24);
    const outcome = new Map(after.candidates.map((c) => [c.name, c.decision?.finalStatus]));
    expect(outcome.get('杨明')).toBe('disqualified');
    expect(outcome.get('黄磊')).toBe('cleared');

    // One verdict item per (candidate, department), and no department answered any candidate twice.
    const ddb = new DynamoDBClient({ endpoint: current.info.urls.dynamodb, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const items: Array<Record<string, AttributeValue>> = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await ddb.send(new ScanCommand({ TableName: 'lianshen', ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    ddb.destroy();
    const ours = new Set(after.candidates.map((c) => `CAND#${c.candidateId}`));
    const verdicts = items.filter((i) => ours.has(i['pk']?.S ?? '') && (i['sk']?.S ?? '').startsWith('VERDICT#'));
    expect(verdicts).toHaveLength(24 * policy.departments.length);
    const decisions = items.filter((i) => ours.has(i['pk']?.S ?? '') && i['sk']?.S === 'DECISION');
    expect(decisions).toHaveLength(24);

    for (const c of after.candidates) {
      const audit = AuditTrail.parse(await orgdept2.get(`/candidates/${encodeURIComponent(c.candidateId)}/audit`));
      expect(audit.verification.ok).toBe(true);
      const answered = audit.answers.filter((e) => e.type === 'answered').map((e) => String(auditDepartment(e.data)));
      expect(new Set(answered).size).toBe(answered.length);
      expect(audit.verification).toMatchObject({ ok: true, answers: audit.answers.length, sealed: audit.answers.length });
      expect(audit.events.filter((e) => e.type === 'decided')).toHaveLength(1);
    }
  }, 600_000);
});
