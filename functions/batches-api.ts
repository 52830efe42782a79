// batchesApi: POST /batches, GET /batches, GET /batches/{id}, GET /batches/{id}/feedback, GET /template.
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

const config = loadConfig('batchesApi');
const powertools = { logger, tracer, metrics };
const executions = sfnExecutions(sfnClient(config), config.STATE_MACHINE_ARN);
const files = config.LIANSHEN_FILE_READER === 'worker' ? workerFileReaders() : fileReaders;

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
    }),
  { ...powertools, claims: config.AUTH_CLAIMS },
);
