// Key builders for the single table (see docs/data-model.md). Every item carries `entity` so a
// scan of the table is readable, and so tests can check each kind's keys.
export const ENTITY = {
  policy: 'Policy',
  campaign: 'Campaign',
  holidayYear: 'HolidayYear',
  idempotency: 'IdempotencyKey',
  batch: 'Batch',
  batchReport: 'BatchReport',
  batchCounted: 'BatchCounted',
  batchFailed: 'BatchFailed',
  batchProgress: 'BatchProgress',
  candidate: 'Candidate',
  verdict: 'Verdict',
  task: 'Task',
  decision: 'Decision',
  ruling: 'Ruling',
  dispute: 'Dispute',
  recheck: 'Recheck',
  recheckCounter: 'RecheckCounter',
  withdrawal: 'Withdrawal',
  auditEvent: 'AuditEvent',
  auditHead: 'AuditHead',
  auditDedupe: 'AuditDedupe',
  extract: 'Extract',
  extractRow: 'ExtractRow',
  account: 'Account',
  personClaim: 'PersonClaim',
  batchStage: 'BatchStage',
  filing: 'Filing',
  notification: 'Notification',
  publicityPeriod: 'PublicityPeriod',
  objection: 'Objection',
  duplicate: 'Duplicate',
  exportJob: 'ExportJob',
  departmentReview: 'DepartmentReview',
  extension: 'Extension',
  recheckRequest: 'RecheckRequest',
} as const;

/** Seconds to keep an idempotency key (batch submission, audit dedupe) before TTL removes it. */
export const IDEMPOTENCY_TTL_SECONDS = 90 * 24 * 3600;

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** MAJOR.MINOR.PATCH zero-padded, so the sort key orders versions as numbers (2.10.0 after 2.9.0). */
export function sortableVersion(version: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  return m === null ? version : [m[1], m[2], m[3]].map((n) => (n ?? '').padStart(6, '0')).join('.');
}

export const keys = {
  policyVersion: (id: string, version: string) => ({ pk: `POLICY#${id}`, sk: `VERSION#${sortableVersion(version)}` }),
  policyPartition: (id: string) => `POLICY#${id}`,
  policyList: (id: string, version: string) => ({ gsi2pk: 'POLICIES', gsi2sk: `${id}#${sortableVersion(version)}` }),
  campaign: (campaignId: string) => ({ pk: `CAMPAIGN#${campaignId}`, sk: 'META' }),
  campaignList: (createdAt: string, campaignId: string) => ({ gsi2pk: 'CAMPAIGNS', gsi2sk: `${createdAt}#${campaignId}` }),

  /** One partition for the whole calendar: a few dozen small items, read together. */
  holidayYear: (year: number) => ({ pk: 'HOLIDAYS', sk: `YEAR#${year}` }),
  holidayPartition: 'HOLIDAYS',

  idempotency: (township: string, keyDigest: string) => ({ pk: `IDEMPOTENCY#${township}#${keyDigest}`, sk: 'BATCH' }),

  batch: (batchId: string) => ({ pk: `BATCH#${batchId}`, sk: 'META' }),
  batchByTownship: (township: string, submittedAt: string, batchId: string) => ({
    gsi1pk: `TOWNSHIP#${township}`,
    gsi1sk: `${submittedAt}#${batchId}`,
  }),
  batchByCampaign: (campaignId: string, submittedAt: string, batchId: string) => ({
    gsi2pk: `CAMPAIGN#${campaignId}#BATCHES`,
    gsi2sk: `${submittedAt}#${batchId}`,
  }),
  batchReport: (batchId: string) => ({ pk: `BATCH#${batchId}`, sk: 'REPORT' }),
  /** One person (by ID HMAC) in one campaign: a partition each, so a large batch spreads its claims. */
  personClaim: (campaignId: string, idHmac: string) => ({ pk: `CAMPAIGN#${campaignId}#PERSON#${idHmac}`, sk: 'CLAIM' }),
  /** One small marker per counted candidate: the batch item stays the same size however big the batch. */
  batchCounted: (batchId: string, candidateId: string) => ({ pk: `BATCH#${batchId}`, sk: `COUNTED#${candidateId}` }),
  batchFailed: (batchId: string, candidateId: string) => ({ pk: `BATCH#${batchId}`, sk: `FAILED#${candidateId}` }),
  batchFailedPrefix: 'FAILED#',
  /** The batch's counters (decided, failed): in no index, so a count costs its own small item only. */
  batchProgress: (batchId: string) => ({ pk: `BATCH#${batchId}`, sk: 'PROGRESS' }),

  candidate: (candidateId: string) => ({ pk: `CAND#${candidateId}`, sk: 'DOSSIER' }),
  candidateByBatch: (batchId: string, position: number) => ({ gsi1pk: `BATCH#${batchId}`, gsi1sk: `CAND#${pad(position, 6)}` }),

  verdict: (candidateId: string, department: string) => ({ pk: `CAND#${candidateId}`, sk: `VERDICT#${department}` }),
  verdictPrefix: 'VERDICT#',

  task: (candidateId: string, department: string) => ({ pk: `CAND#${candidateId}`, sk: `TASK#${department}` }),
  taskPrefix: 'TASK#',
  inbox: (department: string, status: string, deadline: string, candidateId: string) => ({
    gsi1pk: `INBOX#${department}#${status}`,
    gsi1sk: `${deadline}#${candidateId}`,
  }),
  inboxPartition: (department: string, status: string) => `INBOX#${department}#${status}`,

  decision: (candidateId: string) => ({ pk: `CAND#${candidateId}`, sk: 'DECISION' }),
  decisionByCampaign: (campaignId: string, status: string, candidateId: string) => ({
    gsi2pk: `CAMPAIGN#${campaignId}#DECISION#${status}`,
    gsi2sk: candidateId,
  }),
  decisionPartition: (campaignId: string, status: string) => `CAMPAIGN#${campaignId}#DECISION#${status}`,
  ruling: (candidateId: string) => ({ pk: `CAND#${candidateId}`, sk: 'RULING' }),
  dispute: (candidateId: string) => ({ pk: `CAND#${candidateId}`, sk: 'DISPUTE' }),
  disputeByCampaign: (campaignId: string, candidateId: string) => ({ gsi2pk: `CAMPAIGN#${campaignId}#DISPUTES`, gsi2sk: candidateId }),
  disputePartition: (campaignId: string) => `CAMPAIGN#${campaignId}#DISPUTES`,
  /** The latest re-check of one department; the counter numbers the candidate's re-checks. */
  recheck: (candidateId: string, department: string) => ({ pk: `CAND#${candidateId}`, sk: `RECHECK#${department}` }),
  recheckPrefix: 'RECHECK#',
  recheckCounter: (candidateId: string) => ({ pk: `CAND#${candidateId}`, sk: 'RECHECKS' }),
  withdrawal: (candidateId: string) => ({ pk: `CAND#${candidateId}`, sk: 'WITHDRAWAL' }),
  withdrawalByCampaign: (campaignId: string, candidateId: string) => ({
    gsi2pk: `CAMPAIGN#${campaignId}#WITHDRAWALS`,
    gsi2sk: candidateId,
  }),
  withdrawalPartition: (campaignId: string) => `CAMPAIGN#${campaignId}#WITHDRAWALS`,

  auditEvent: (candidateId: string, seq: number) => ({ pk: `CAND#${candidateId}`, sk: `EVENT#${pad(seq, 10)}` }),
  auditEventPrefix: 'EVENT#',
  auditHead: (candidateId: string) => ({ pk: `CAND#${candidateId}`, sk: 'AUDITHEAD' }),
  auditDedupe: (candidateId: string, dedupeKey: string) => ({ pk: `CAND#${candidateId}`, sk: `DEDUPE#${dedupeKey}` }),

  /** scope: a campaign id, or "*" for the department-wide extract. */
  extract: (department: string, scope: string) => ({ pk: `DEPT#${department}`, sk: `EXTRACT#${scope}` }),
  extractRow: (department: string, idHmac: string, scope: string, generation: string, index: number) => ({
    pk: `DEPT#${department}#REC#${idHmac}`,
    sk: `${scope}#${generation}#${pad(index, 7)}`,
  }),
  /** The sort key of one chunk of a person's rows (in extractRowPartition) in a generation stored a person an item. */
  extractPersonSort: (scope: string, generation: string, chunk: number) => `${scope}#${generation}#${pad(chunk, 4)}`,
  extractRowPartition: (department: string, idHmac: string) => `DEPT#${department}#REC#${idHmac}`,
  extractRowPrefix: (scope: string, generation: string) => `${scope}#${generation}#`,
  extractGeneration: (department: string, scope: string, generation: string, index: number) => ({
    gsi2pk: `EXTRACT#${department}#${scope}#${generation}`,
    gsi2sk: pad(index, 7),
  }),
  extractGenerationPartition: (department: string, scope: string, generation: string) => `EXTRACT#${department}#${scope}#${generation}`,

  /** Local accounts (the local stack's sign-in; Cognito keeps its own). */
  account: (username: string) => ({ pk: `ACCOUNT#${username}`, sk: 'ACCOUNT' }),
  accountList: (role: string, username: string) => ({ gsi1pk: 'ACCOUNTS', gsi1sk: `${role}#${username}` }),
  accountListPartition: 'ACCOUNTS',

  /** A draft batch and its first review (乡镇初审), listed per campaign on gsi2. */
  batchStage: (batchId: string) => ({ pk: `BATCH#${batchId}`, sk: 'STAGE' }),
  batchStageByCampaign: (campaignId: string, batchId: string) => ({ gsi2pk: `CAMPAIGN#${campaignId}#STAGES`, gsi2sk: batchId }),
  batchStagePartition: (campaignId: string) => `CAMPAIGN#${campaignId}#STAGES`,
  /** A secretary nominee's filing (书记人选备案), listed per campaign on gsi2. */
  filing: (candidateId: string) => ({ pk: `CAND#${candidateId}`, sk: 'FILING' }),
  filingByCampaign: (campaignId: string, candidateId: string) => ({ gsi2pk: `CAMPAIGN#${campaignId}#FILINGS`, gsi2sk: candidateId }),
  filingPartition: (campaignId: string) => `CAMPAIGN#${campaignId}#FILINGS`,
  notification: (id: string) => ({ pk: `NOTIFY#${id}`, sk: 'NOTIFY' }),
  /** A unit's notifications by created time. */
  notificationByUnit: (unit: string, createdAt: string, id: string) => ({ gsi1pk: `NOTIFYUNIT#${unit}`, gsi1sk: `${createdAt}#${id}` }),
  notificationUnitPartition: (unit: string) => `NOTIFYUNIT#${unit}`,
  /** Sparse: only while 待发送, by when the next attempt is due. */
  notificationPending: (nextAttemptAt: string, id: string) => ({ gsi2pk: 'NOTIFYPENDING', gsi2sk: `${nextAttemptAt}#${id}` }),
  notificationPendingPartition: 'NOTIFYPENDING',
  /** A campaign's 公示 periods, objections and duplicates: one partition, read together (hundreds of items). */
  publicityPartition: (campaignId: string) => `CAMPAIGN#${campaignId}#PUBLICITY`,
  publicityPeriod: (campaignId: string, periodId: string) => ({
    pk: `CAMPAIGN#${campaignId}#PUBLICITY`,
    sk: `PERIOD#${pad(Number(periodId.slice(1)), 6)}`,
  }),
  objection: (campaignId: string, candidateId: string, seq: number) => ({
    pk: `CAMPAIGN#${campaignId}#PUBLICITY`,
    sk: `OBJECTION#${candidateId}#${pad(seq, 4)}`,
  }),
  duplicate: (campaignId: string, candidateId: string) => ({ pk: `CAMPAIGN#${campaignId}#PUBLICITY`, sk: `DUPLICATE#${candidateId}` }),
  /** Export jobs (asynchronous reports), listed per requester newest first. */
  exportJob: (jobId: string) => ({ pk: `EXPORT#${jobId}`, sk: 'JOB' }),
  exportByOwner: (owner: string, createdAt: string, jobId: string) => ({ gsi1pk: `EXPORTS#${owner}`, gsi1sk: `${createdAt}#${jobId}` }),
  exportOwnerPartition: (owner: string) => `EXPORTS#${owner}`,
  /** A department's review settings (谁审查谁负责): one partition per campaign, read together (28 items at most). */
  departmentReview: (campaignId: string, department: string) => ({ pk: `CAMPAIGN#${campaignId}#DEPTREVIEW`, sk: department }),
  departmentReviewPartition: (campaignId: string) => `CAMPAIGN#${campaignId}#DEPTREVIEW`,
  /** The latest extension request (延期申请) of a candidate's department, listed per campaign on gsi2. */
  extension: (candidateId: string, department: string) => ({ pk: `CAND#${candidateId}`, sk: `EXTENSION#${department}` }),
  extensionByCampaign: (campaignId: string, candidateId: string, department: string) => ({
    gsi2pk: `CAMPAIGN#${campaignId}#EXTENSIONS`,
    gsi2sk: `${candidateId}#${department}`,
  }),
  extensionPartition: (campaignId: string) => `CAMPAIGN#${campaignId}#EXTENSIONS`,
  /** The latest re-check request (重审申请) of a township for one department of its candidate, listed per campaign on gsi2. */
  recheckRequest: (candidateId: string, department: string) => ({ pk: `CAND#${candidateId}`, sk: `RECHECKREQ#${department}` }),
  recheckRequestByCampaign: (campaignId: string, candidateId: string, department: string) => ({
    gsi2pk: `CAMPAIGN#${campaignId}#RECHECKREQS`,
    gsi2sk: `${candidateId}#${department}`,
  }),
  recheckRequestPartition: (campaignId: string) => `CAMPAIGN#${campaignId}#RECHECKREQS`,
} as const;

export const ALL_SCOPE = '*';
