// batchesApi: POST /batches, GET /batches, GET /batches/{id}, GET /batches/{id}/feedback, GET /template, and the exports.
import { sfnClient, sqsClient } from '../shared/adapters/clients.js';
import { loadConfig } from '../shared/adapters/config.js';
import { workerFileReaders } from '../shared/adapters/files/book-worker.js';
import { fileReaders } from '../shared/adapters/files/uploads.js';
import { batchesRoutes } from '../shared/adapters/http/batches-routes.js';
import { httpHandler } from '../shared/adapters/http/middleware.js';
import { logger, metrics, tracer } from '../shared/adapters/powertools.js';
import { sharedRepositories } from '../shared/adapters/runtime.js';
import { sfnExecutions } from '../shared/adapters/sfn/executions.js';
import { uploadStoreFor } from '../shared/adapters/uploads/index.js';
import { dynamoDocumentClient } from '../shared/adapters/clients.js';
import { exportJobRepository } from '../shared/adapters/dynamo/export-jobs.js';
import { exportStoreFor } from '../shared/adapters/exports/index.js';
import { sqsExportQueue } from '../shared/adapters/sqs/export-queue.js';
import { configuredIdentity } from '../shared/adapters/identity/index.js';
import { reviewerNamesOf } from '../shared/adapters/identity/reviewer-names.js';

const config = loadConfig('batchesApi');
const powertools = { logger, tracer, metrics };
const executions = sfnExecutions(sfnClient(config), config.STATE_MACHINE_ARN);
const files = config.LIANSHEN_FILE_READER === 'worker' ? workerFileReaders() : fileReaders;
const exportStore = exportStoreFor(config);
const reviewerNames = reviewerNamesOf(configuredIdentity(config));
const exportDeps =
  exportStore === undefined
    ? undefined
    : {
        jobs: exportJobRepository({ doc: dynamoDocumentClient(config), tableName: config.TABLE_NAME }),
        queue: sqsExportQueue(sqsClient(config), config.EXPORT_QUEUE_URL),
        store: exportStore,
      };

export const handler = httpHandler(
  async () =>
    batchesRoutes({
      repos: await sharedRepositories(config),
      powertools,
      now: () => new Date(),
      uploads: uploadStoreFor(config),
      files,
      sqs: sqsClient(config),
      intakeQueueUrl: config.INTAKE_QUEUE_URL,
      executions,
      reviewerNames,
      ...(exportDeps === undefined ? {} : { exports: exportDeps }),
    }),
  { ...powertools, claims: config.AUTH_CLAIMS },
);
