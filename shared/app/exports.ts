// Asynchronous exports: a city's report is past what one API call may return (6 MB, 29 s), so the
// API records a job (排队中) and queues it; the export worker builds the report (生成中), writes
// the file to the export store and marks the job 已完成 (or 失败). The requester polls the job and
// gets a short-lived signed download URL. Access is checked when the job is asked for and again
// in the worker, with the requester as the caller: a township exports only its own scope.
import { randomUUID } from 'node:crypto';
import { beijingDateTime } from '../domain/time.js';
import type { Caller } from './access.js';
import { readableBatch } from './batches.js';
import type { MeteredDeps, UseCaseDeps } from './common.js';
import { notifyQuietly } from './notifications.js';
import { batchFeedback } from './feedback.js';
import { campaignLedger, ledgerScope, mayExportFullIds } from './ledger.js';
import type {
  AnchorLog,
  ExportJob,
  ExportJobRepository,
  ExportKind,
  ExportNotifier,
  ExportQueue,
  ExportScope,
  ExportStatus,
  ExportStore,
  Log,
} from './ports.js';
import { exportReport } from './report.js';
import { forbidden, invalid, isRefusal, notFound, type Refusal } from './refusals.js';
import type { ClearanceReport } from './reports/clearance.js';
import type { FeedbackList } from './reports/feedback.js';
import type { Ledger } from './reports/ledger.js';

export const EXPORT_KIND_LABEL: Record<ExportKind, string> = {
  clearance: '联审结果汇总表',
  feedback: '反馈名单',
  ledger: '联审台账',
};

export const EXPORT_STATUS_LABEL: Record<ExportStatus, string> = {
  queued: '排队中',
  running: '生成中',
  done: '已完成',
  failed: '失败',
};

/** Deliveries a job may take before it is marked 失败 (the queue's DLQ keeps the message). */
export const EXPORT_MAX_ATTEMPTS = 3;
/** How many of the caller's jobs GET /exports lists. */
export const EXPORT_LIST_LIMIT = 50;

/** What a job's report is, before a file format (the worker's renderer writes it). */
export type ExportContent =
  | { kind: 'clearance'; report: ClearanceReport }
  | { kind: 'feedback'; list: FeedbackList }
  | { kind: 'ledger'; ledger: Ledger };

export interface RenderedExport {
  bytes: Uint8Array;
  fileName: string;
  contentType: string;
  rows: number;
}

/** Writes a report as a file (xlsx); an adapter, as file formats are. */
export interface ExportRenderer {
  render(content: ExportContent): Promise<RenderedExport>;
}

export interface ExportRequestDeps {
  jobs: ExportJobRepository;
  queue: ExportQueue;
  repos: MeteredDeps['repos'];
  now: () => Date;
  newJobId?: () => string;
}

export interface ExportReadDeps {
  jobs: ExportJobRepository;
  store: ExportStore;
  now: () => Date;
}

export interface ExportWorkerDeps extends MeteredDeps {
  jobs: ExportJobRepository;
  store: ExportStore;
  renderer: ExportRenderer;
  notifier: ExportNotifier;
  anchors?: AnchorLog;
  reviewerNames?: (departments: readonly string[]) => Promise<ReadonlyMap<string, string>>;
}

export interface ExportRequest {
  caller: Caller;
  kind: ExportKind;
  scope: ExportScope;
  fullIds?: boolean;
}

/** The checks that need no report: who may ask for which kind and scope. */
async function admissible(deps: Pick<ExportRequestDeps, 'repos'>, input: ExportRequest): Promise<ExportScope | Refusal> {
  const { caller, scope } = input;
  if (input.fullIds === true && (input.kind !== 'ledger' || !mayExportFullIds(caller))) {
    return forbidden('无权导出完整身份证号：仅组织部门导出联审台账时可以选择', { field: 'fullIds' });
  }
  if (input.kind === 'clearance') {
    if (!caller.orgdept) return forbidden('无权访问：联审结果汇总表仅限组织部门导出');
    return scope.campaignId === undefined
      ? invalid('请求内容有误：缺少 campaignId', 'scope.campaignId', 'SCOPE_REQUIRED')
      : { campaignId: scope.campaignId };
  }
  if (input.kind === 'feedback') {
    if (scope.batchId === undefined) return invalid('请求内容有误：缺少 batchId', 'scope.batchId', 'SCOPE_REQUIRED');
    const batch = await readableBatch(deps.repos, caller, scope.batchId);
    return isRefusal(batch) ? batch : { batchId: batch.batchId, campaignId: batch.campaignId, township: batch.township };
  }
  if (scope.campaignId === undefined) return invalid('请求内容有误：缺少 campaignId', 'scope.campaignId', 'SCOPE_REQUIRED');
  const limited = ledgerScope(caller, scope.township);
  if (isRefusal(limited)) return limited;
  if ((await deps.repos.campaigns.get(scope.campaignId)) === undefined) return notFound('未找到该换届工作');
  return { campaignId: scope.campaignId, ...limited };
}

export async function requestExport(deps: ExportRequestDeps, input: ExportRequest): Promise<ExportJob | Refusal> {
  const scope = await admissible(deps, input);
  if (isRefusal(scope)) return scope;
  const at = deps.now().toISOString();
  const { caller } = input;
  const job: ExportJob = {
    jobId: (deps.newJobId ?? randomUUID)(),
    owner: caller.userId,
    caller: {
      userId: caller.userId,
      username: caller.username,
      townships: [...caller.townships],
      departments: [...caller.departments],
      orgdept: caller.orgdept,
    },
    kind: input.kind,
    scope,
    fullIds: input.fullIds === true,
    status: 'queued',
    createdAt: at,
    updatedAt: at,
    attempts: 0,
  };
  if ((await deps.jobs.create(job)) === 'exists') throw new Error(`export job ${job.jobId} already exists`);
  await deps.queue.enqueue(job.jobId);
  return job;
}

/** A job as its requester sees it: statuses in Chinese, and a fresh download URL once it is done. */
export async function exportView(deps: Pick<ExportReadDeps, 'store' | 'now'>, job: ExportJob, opts: { link?: boolean } = {}) {
  const done =
    opts.link !== false && job.status === 'done' && job.file !== undefined ? await deps.store.downloadUrl(job.file, deps.now()) : undefined;
  return {
    jobId: job.jobId,
    kind: job.kind,
    kindLabel: EXPORT_KIND_LABEL[job.kind],
    scope: job.scope,
    fullIds: job.fullIds,
    status: job.status,
    statusLabel: EXPORT_STATUS_LABEL[job.status],
    createdAt: job.createdAt,
    createdAtText: beijingDateTime(job.createdAt),
    updatedAt: job.updatedAt,
    fileName: job.file?.name ?? null,
    rows: job.file?.rows ?? null,
    error: job.error ?? null,
    downloadUrl: done?.url ?? null,
    downloadExpiresAt: done?.expiresAt ?? null,
  };
}
export type ExportView = Awaited<ReturnType<typeof exportView>>;

export async function listExports(deps: ExportReadDeps, input: { caller: Caller }): Promise<ExportView[]> {
  const jobs = await deps.jobs.listByOwner(input.caller.userId, EXPORT_LIST_LIMIT);
  // Links only on request of one job: a list of signed URLs would outlive its reading.
  return Promise.all(jobs.map((j) => exportView(deps, j, { link: false })));
}

export async function getExport(deps: ExportReadDeps, input: { caller: Caller; jobId: string }): Promise<ExportView | Refusal> {
  const job = await deps.jobs.get(input.jobId);
  // Another's job reads as absent, except to the organization department.
  if (job === undefined || (job.owner !== input.caller.userId && !input.caller.orgdept)) return notFound('未找到该导出任务');
  return exportView(deps, job);
}

async function contentOf(deps: ExportWorkerDeps, job: ExportJob): Promise<ExportContent | Refusal> {
  const caller: Caller = job.caller;
  if (job.kind === 'clearance') {
    const report = await exportReport(deps, { caller, campaignId: job.scope.campaignId ?? '', format: 'xlsx' });
    return isRefusal(report) ? report : { kind: 'clearance', report };
  }
  if (job.kind === 'feedback') {
    const list = await batchFeedback(deps, { caller, batchId: job.scope.batchId ?? '' });
    return isRefusal(list) ? list : { kind: 'feedback', list };
  }
  const ledger = await campaignLedger(deps, {
    caller,
    campaignId: job.scope.campaignId ?? '',
    ...(job.scope.township === undefined ? {} : { township: job.scope.township }),
    fullIds: job.fullIds,
  });
  return isRefusal(ledger) ? ledger : { kind: 'ledger', ledger };
}

export type RunExportResult = { outcome: 'done'; job: ExportJob } | { outcome: 'failed'; job: ExportJob } | { outcome: 'skipped' };

/** The worker's part, for one queued job; safe on a repeated delivery (a finished job is skipped). */
export async function runExport(deps: ExportWorkerDeps, input: { jobId: string }): Promise<RunExportResult> {
  const found = await deps.jobs.get(input.jobId);
  if (found === undefined || found.status === 'done' || found.status === 'failed') return { outcome: 'skipped' };
  const attempts = found.attempts + 1;
  // 生成中 again on a redelivery: the worker that took it before died or timed out.
  const job = await deps.jobs.transition(found.jobId, ['queued', 'running'], {
    status: 'running',
    attempts,
    updatedAt: deps.now().toISOString(),
  });
  if (job === undefined) return { outcome: 'skipped' };
  try {
    const content = await contentOf(deps, job);
    if (isRefusal(content)) return await fail(deps, job, content.kind, content.message);
    const file = await deps.renderer.render(content);
    const key = `${job.jobId}/${file.fileName}`;
    await deps.store.put(key, file.bytes, file.contentType);
    const done = await deps.jobs.transition(job.jobId, ['running'], {
      status: 'done',
      updatedAt: deps.now().toISOString(),
      file: { key, name: file.fileName, contentType: file.contentType, bytes: file.bytes.byteLength, rows: file.rows },
    });
    if (done === undefined) return { outcome: 'skipped' };
    await deps.notifier.exportReady(done);
    return { outcome: 'done', job: done };
  } catch (err) {
    // A broken store or a bug: the queue delivers again, up to the last attempt.
    if (attempts < EXPORT_MAX_ATTEMPTS) throw err;
    return fail(deps, job, 'internal', '生成文件时出错，请重新导出');
  }
}

async function fail(deps: ExportWorkerDeps, job: ExportJob, code: string, message: string): Promise<RunExportResult> {
  const failed = await deps.jobs.transition(job.jobId, ['running'], {
    status: 'failed',
    updatedAt: deps.now().toISOString(),
    error: { code, message },
  });
  return failed === undefined ? { outcome: 'skipped' } : { outcome: 'failed', job: failed };
}

/** For handlers without a notification outbox (tests of the worker alone). */
export const NO_EXPORT_NOTIFIER: ExportNotifier = { exportReady: async () => undefined };

/**
 * Tells the requester's unit that its file is ready (the bell, and SMS where delivery is set up):
 * the kind of report and where to fetch it, never what is in it. A failure to notify does not fail
 * the export, which the requester can also see under 我的导出.
 */
export function notifyingExports(deps: Pick<UseCaseDeps, 'repos' | 'now'> & { log: Log }): ExportNotifier {
  return {
    async exportReady(job) {
      const township = job.caller.townships[0];
      const unit = job.caller.orgdept ? 'orgdept' : township === undefined ? undefined : `township:${township}`;
      if (unit === undefined || job.scope.campaignId === undefined) return;
      const campaignId = job.scope.campaignId;
      await notifyQuietly(deps, async () => ({
        eventKey: `exportReady:${job.jobId}`,
        unit,
        kind: 'exportReady',
        campaignId,
        title: '导出文件已生成',
        text: `您申请导出的${EXPORT_KIND_LABEL[job.kind]}已生成，请在“我的导出”中下载（文件保留 1 天）`,
        link: '/exports',
      }));
    },
  };
}
