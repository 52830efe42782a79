// Helpers for the local-stack integration tests: bounded polling, tiny batch files, API clients
// acting as seeded roles. Polling bounds are generous ceilings for slow machines, never assertions.
import { afterAll, beforeAll } from 'vitest';
import type { LocalTokens } from '../../local/auth.js';
import { javaMajorVersion } from '../../local/dynamodb.js';
import { startStack, type Stack } from '../../local/stack.js';
import { missingTool } from '../support/tools.js';
import { ApiClient, fileBody } from '../../cli/lib/api-client.js';
import { CANDIDATE_CSV_HEADER, RECORD_CSV_HEADER, makeIdNumber, seqFor, toCsv } from '../../samples/people.js';
import { builtInPolicy as getPolicy } from '../../shared/adapters/files/policy-files.js';

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  opts: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}${lastError instanceof Error ? ` (last error: ${lastError.message})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 500));
  }
}

export async function as(baseUrl: string, auth: LocalTokens, username: string, groups: string[]): Promise<ApiClient> {
  return new ApiClient(baseUrl, await auth.issueToken({ username, groups }));
}

export interface TinyCandidate {
  name: string;
  sex: '男' | '女';
  birth: string;
  political: '中共党员' | '群众';
  village: string;
  n: number;
}

export function tinyBatchCsv(township: string, people: readonly TinyCandidate[]): { csv: string; ids: string[] } {
  const ids = people.map((p) => makeIdNumber(p.birth, seqFor(p.sex, p.n)));
  const rows = people.map((p, i) => [
    String(i + 1),
    p.name,
    p.sex,
    '汉族',
    ids[i] ?? '',
    p.birth.slice(0, 7),
    '高中',
    p.political,
    township,
    p.village,
    '村(居)委会委员',
    '初步人选',
    '否',
  ]);
  return { csv: toCsv([CANDIDATE_CSV_HEADER, ...rows]), ids };
}

export const headerOnlyRecordsCsv = () => toCsv([RECORD_CSV_HEADER]);

export function csvFile(text: string, filename: string) {
  return fileBody(new Uint8Array(Buffer.from(text, 'utf8')), filename);
}

// Responses are read with the API contract's own schemas: a drift fails here as it would for the portal.
export { AuditTrail, BatchDetail, Inbox } from '../../shared/api/index.js';

/**
 * A campaign of `policyId` for 昌国街道 whose automatic departments each uploaded a "no records"
 * extract, so only the manual departments wait for a reviewer.
 */
export async function campaignWithEmptyExtracts(
  baseUrl: string,
  auth: LocalTokens,
  campaign: { id: string; name: string; policyId: string },
): Promise<void> {
  const policy = getPolicy(campaign.policyId);
  const orgdept = await as(baseUrl, auth, 'orgdept', ['orgdept']);
  await orgdept.post('/campaigns', {
    id: campaign.id,
    name: campaign.name,
    jurisdiction: policy.jurisdiction,
    policyId: policy.id,
    electionDate: '2027-03-28',
    townships: [{ code: 'changguo', name: '昌国街道' }],
  });
  for (const d of policy.departments.filter((x) => x.mode === 'auto')) {
    const dept = await as(baseUrl, auth, `dept-${d.code}`, [`department:${d.code}`]);
    await dept.post(`/departments/${d.code}/records`, { campaignId: campaign.id, ...csvFile(headerOnlyRecordsCsv(), `${d.code}.csv`) });
  }
}

/**
 * One in-memory local stack for a test file (started before, stopped after), with its role
 * clients: `noJava` is the skip reason when Java 17 is missing (a failure under CI).
 */
export function memoryStackSuite() {
  const noJava = missingTool('Java 17+', (javaMajorVersion() ?? 0) >= 17, 'apt-get install -y openjdk-17-jre-headless');
  let stack: Stack | undefined;
  beforeAll(async () => {
    if (noJava) return;
    stack = await startStack({ mode: 'memory', log: () => undefined });
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });
  const current = (): Stack => {
    if (stack === undefined) throw new Error('the local stack is not running');
    return stack;
  };
  const client = (username: string, groups: string[]) => as(current().urls.http, current().auth, username, groups);
  return {
    noJava,
    stack: current,
    township: () => client('township-changguo', ['township:changguo']),
    orgdept: () => client('orgdept', ['orgdept']),
    reviewer: (code: string) => client(`dept-${code}`, [`department:${code}`]),
  };
}
