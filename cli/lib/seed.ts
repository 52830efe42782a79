// Seeds the sample campaign through the API, as the people who would do it: the organization
// department creates the campaign (policy dinghai-2017), each automatic department uploads its
// sample extract, and — optionally — the township submits the sample batch. Every step is
// idempotent, so `npm start` can run it on every start.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { builtInPolicy } from '../../shared/adapters/files/policy-files.js';
import { SAMPLE_CAMPAIGN, SAMPLE_TOWNSHIP } from '../../samples/sample-county.js';
import type { LocalAuth } from '../../local/auth.js';
import { ApiCallError, ApiClient, fileBody } from './api-client.js';
import { REPO_ROOT } from '../../local/stack.js';
import { departmentUser, ORGDEPT_USER, townshipUser } from '../../local/users.js';

export const SAMPLES_DIR = join(REPO_ROOT, 'samples');
/** Fixed, so a restart re-submits nothing: the API returns the batch created the first time. */
export const SAMPLE_BATCH_IDEMPOTENCY_KEY = 'sample-batch-changguo-v1';

export interface SeedResult {
  campaignId: string;
  created: boolean;
  extracts: string[];
  batchId?: string;
}

/** A client acting as a seeded user (token signed by the local sign-in, no password needed). */
export async function clientAs(baseUrl: string, auth: LocalAuth, username: string): Promise<ApiClient> {
  return new ApiClient(baseUrl, await auth.issueFor(username));
}

/** Creates the campaign unless it exists; 409 (or an existing id) is fine. */
export async function ensureCampaign(orgdept: ApiClient, campaign: typeof SAMPLE_CAMPAIGN | Record<string, unknown>): Promise<boolean> {
  const r = await orgdept.request('POST', '/campaigns', campaign);
  if (r.status === 201) return true;
  if (r.status === 200 || r.status === 409) return false;
  throw new ApiCallError(r.status, r.body, 'POST /campaigns');
}

export async function seedSampleCampaign(opts: {
  baseUrl: string;
  auth: LocalAuth;
  /** Also submit samples/batch.csv as the township (default true). */
  submitBatch?: boolean;
}): Promise<SeedResult> {
  const orgdept = await clientAs(opts.baseUrl, opts.auth, ORGDEPT_USER);
  const created = await ensureCampaign(orgdept, SAMPLE_CAMPAIGN);
  const policy = builtInPolicy(SAMPLE_CAMPAIGN.policyId);
  const extracts: string[] = [];
  // Only departments that answer automatically get their extract; the others answer in the portal.
  // An extract already there is kept (a restart after a half-finished seed completes it).
  for (const d of policy.departments.filter((x) => x.mode === 'auto')) {
    const dept = await clientAs(opts.baseUrl, opts.auth, departmentUser(d.code));
    const existing = z
      .object({ extract: z.unknown().nullable() })
      .safeParse(await dept.get(`/departments/${d.code}/records?campaignId=${SAMPLE_CAMPAIGN.id}`));
    if (!created && existing.success && existing.data.extract !== null) continue;
    const filename = `${d.code}.csv`;
    const bytes = new Uint8Array(readFileSync(join(SAMPLES_DIR, 'records', filename)));
    await dept.post(`/departments/${d.code}/records`, { campaignId: SAMPLE_CAMPAIGN.id, ...fileBody(bytes, filename) });
    extracts.push(d.code);
  }
  let batchId: string | undefined;
  if (opts.submitBatch ?? true) {
    const township = await clientAs(opts.baseUrl, opts.auth, townshipUser(SAMPLE_TOWNSHIP.code));
    const body = {
      campaignId: SAMPLE_CAMPAIGN.id,
      candidates: fileBody(new Uint8Array(readFileSync(join(SAMPLES_DIR, 'batch.csv'))), 'batch.csv'),
      relatives: fileBody(new Uint8Array(readFileSync(join(SAMPLES_DIR, 'relatives.csv'))), 'relatives.csv'),
    };
    const res = await township.post('/batches', body, { 'idempotency-key': SAMPLE_BATCH_IDEMPOTENCY_KEY });
    if (typeof res === 'object' && res !== null && 'batchId' in res && typeof res.batchId === 'string') batchId = res.batchId;
  }
  return { campaignId: SAMPLE_CAMPAIGN.id, created, extracts, ...(batchId ? { batchId } : {}) };
}
