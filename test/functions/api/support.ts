// Shared arrangement for the API handler tests: silent Powertools, a fixed clock, an in-memory
// store (the ports' reference fake), and sample campaigns, batches and review tasks.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Campaign, CandidateRow } from '../../../shared/domain/model.js';
import { maskIdNumber } from '../../../shared/domain/idcard.js';
import { candidateIdFor } from '../../../shared/domain/ids.js';
import type { ApiDeps } from '../../../shared/adapters/http/deps.js';
import { memoryIdentity } from '../../adapters/memory-accounts.js';
import { memoryRepositories, type MemoryRepositories } from '../../adapters/memory-repositories.js';
import { CANDIDATES, candidatesCsv } from '../../fixtures/import/people.js';

export const NOW = new Date('2026-04-10T02:00:00.000Z');

export const powertools = {
  logger: new Logger({ serviceName: 'api-test', logLevel: 'SILENT' }),
  tracer: new Tracer({ serviceName: 'api-test', enabled: false }),
  metrics: new Metrics({ serviceName: 'api-test', namespace: 'lianshen-test' }),
};

export const TOWNSHIP = 'changguo';
export const OTHER_TOWNSHIP = 'duting';

export const CAMPAIGN: Campaign = {
  id: 'c2026',
  name: '2026年村社组织换届',
  jurisdiction: '定海区',
  policyId: 'dinghai-2017',
  electionDate: '2026-05-20',
  referenceDate: '2026-05-20',
  townships: [
    { code: TOWNSHIP, name: '昌国街道' },
    { code: OTHER_TOWNSHIP, name: '都亭街道' },
  ],
};

export function apiDeps(
  repos: MemoryRepositories = memoryRepositories(),
  identity: ReturnType<typeof memoryIdentity> = memoryIdentity(),
): ApiDeps & { repos: MemoryRepositories; identity: ReturnType<typeof memoryIdentity> } {
  return { repos, powertools, now: () => NOW, identity };
}

export async function seedCampaign(repos: MemoryRepositories, campaign: Campaign = CAMPAIGN): Promise<void> {
  await repos.campaigns.create(campaign, { createdAt: '2026-03-01T00:00:00.000Z', createdBy: 'org-1' });
}

/** The sample people of one township, as a CSV upload. */
export const CHANGGUO_ROWS = CANDIDATES.filter((c) => c['乡镇(街道)'] === '昌国街道');
export const DUTING_ROWS = CANDIDATES.filter((c) => c['乡镇(街道)'] === '都亭街道');

export function csvUpload(rows = CHANGGUO_ROWS, filename = 'batch.csv') {
  return { filename, contentBase64: Buffer.from(candidatesCsv(rows), 'utf8').toString('base64') };
}

/** A batch written straight into the store (bypassing POST /batches), with its candidate ids. */
export async function seedBatch(
  repos: MemoryRepositories,
  opts: { township?: string; rows?: CandidateRow[]; key?: string } = {},
): Promise<{ batchId: string; candidateIds: string[] }> {
  const rows = opts.rows ?? [sampleRow(1, '王建国', '330902197008150311'), sampleRow(2, '李秀英', '33090219820304042X')];
  const created = await repos.batches.create({
    batchId: `b-${opts.township ?? TOWNSHIP}-${opts.key ?? '1'}`,
    campaignId: CAMPAIGN.id,
    township: opts.township ?? TOWNSHIP,
    policyId: CAMPAIGN.policyId,
    submittedBy: 'township-user',
    submittedAt: '2026-04-01T00:00:00.000Z',
    idempotencyKey: `seed-key-${opts.key ?? '1'}`,
    requestDigest: 'seed',
    candidates: rows,
    relatives: [],
  });
  return { batchId: created.batch.batchId, candidateIds: created.candidateIds };
}

export function sampleRow(seq: number, name: string, idNumber: string, township = '昌国街道'): CandidateRow {
  return {
    seq,
    name,
    sex: Number(idNumber.charAt(16)) % 2 === 1 ? '男' : '女',
    ethnicity: '汉族',
    idNumber,
    birth: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}`,
    education: '高中',
    political: '中共党员',
    township,
    village: township === '昌国街道' ? '檀枫社区' : '滨江社区',
    post: '村(居)委会委员',
    nominationType: '初步人选',
    incumbent: false,
  };
}

export const TOKEN_PREFIX = 'AQCEAAAAKgAAAAMAAAAAAAAAA-secret-task-token-';

/** Opens a review task as the checker would, holding a recognisable task token. */
export async function seedTask(
  repos: MemoryRepositories,
  candidateId: string,
  department: string,
  opts: { deadline?: string; hints?: Array<{ category: string; recordName: string }> } = {},
) {
  const view = await repos.candidates.getView(candidateId);
  if (view === undefined) throw new Error(`no candidate ${candidateId}`);
  const { task } = await repos.tasks.open({
    campaignId: CAMPAIGN.id,
    candidateId,
    department,
    taskToken: `${TOKEN_PREFIX}${candidateId}-${department}`,
    createdAt: '2026-04-02T00:00:00.000Z',
    deadline: opts.deadline ?? '2026-04-12T00:00:00.000Z',
    hints: (opts.hints ?? []).map((h) => ({ kind: 'id-match-name-differs' as const, ...h })),
    candidate: { name: view.name, idMasked: maskIdNumber(view.idNumber), township: view.township, village: view.village, post: view.post },
  });
  return task;
}

export { candidateIdFor };
