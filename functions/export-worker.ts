// Export queue → export worker: one job per message. The job record says what to build and for
// whom; a redelivered message of a finished job is a no-op (runExport), a failure comes back
// alone (ReportBatchItemFailures) until the job's last attempt marks it 失败.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { notifyingExports, runExport, type ExportWorkerDeps } from '../shared/app/exports.js';
import type { AnchorLog, ExportJobRepository, ExportStore, Repositories } from '../shared/app/ports.js';
import { anchorLogFor } from '../shared/adapters/anchors/index.js';
import { dynamoDocumentClient } from '../shared/adapters/clients.js';
import { loadConfig } from '../shared/adapters/config.js';
import { exportJobRepository } from '../shared/adapters/dynamo/export-jobs.js';
import { exportStoreFor } from '../shared/adapters/exports/index.js';
import { configuredIdentity } from '../shared/adapters/identity/index.js';
import { reviewerNamesOf } from '../shared/adapters/identity/reviewer-names.js';
import { xlsxExportRenderer } from '../shared/adapters/exports/render.js';
import { sharedRepositories, telemetry, withPowertools } from '../shared/adapters/runtime.js';
import { ExportMessage } from '../shared/adapters/sqs/export-queue.js';

export interface ExportWorkerHandlerDeps {
  repos: () => Promise<Repositories>;
  jobs: ExportJobRepository;
  store: ExportStore | undefined;
  now: () => Date;
  anchors?: AnchorLog | undefined;
  notifier?: ExportWorkerDeps['notifier'];
  reviewerNames?: ExportWorkerDeps['reviewerNames'];
}

export function createExportWorkerHandler(deps: ExportWorkerHandlerDeps) {
  const processor = new BatchProcessor(EventType.SQS);
  const runOne = async (record: SQSRecord): Promise<void> => {
    const { jobId } = ExportMessage.parse(JSON.parse(record.body));
    if (deps.store === undefined) throw new Error('no export store (UPLOAD_BUCKET or LIANSHEN_EXPORT_DIR)');
    await runExport(
      {
        ...telemetry,
        repos: await deps.repos(),
        now: deps.now,
        jobs: deps.jobs,
        store: deps.store,
        renderer: xlsxExportRenderer,
        notifier: deps.notifier ?? notifyingExports({ repos: await deps.repos(), now: deps.now, log: telemetry.log }),
        ...(deps.anchors === undefined ? {} : { anchors: deps.anchors }),
        ...(deps.reviewerNames === undefined ? {} : { reviewerNames: deps.reviewerNames }),
      },
      { jobId },
    );
  };
  return withPowertools(
    (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
      processPartialResponse(event, runOne, processor, { context, throwOnFullBatchFailure: false }),
  );
}

const config = loadConfig('exportWorker');

export const handler = createExportWorkerHandler({
  repos: () => sharedRepositories(config),
  jobs: exportJobRepository({ doc: dynamoDocumentClient(config), tableName: config.TABLE_NAME }),
  store: exportStoreFor(config),
  now: () => new Date(),
  anchors: anchorLogFor(config),
  reviewerNames: reviewerNamesOf(configuredIdentity(config)),
});
