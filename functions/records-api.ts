// recordsApi: POST/GET /departments/{code}/records, GET /departments/{code}/records/template.
import { loadConfig } from '../shared/adapters/config.js';
import { workerFileReaders } from '../shared/adapters/files/book-worker.js';
import { fileReaders } from '../shared/adapters/files/uploads.js';
import { httpHandler } from '../shared/adapters/http/middleware.js';
import { recordsRoutes } from '../shared/adapters/http/records-routes.js';
import { logger, metrics, tracer } from '../shared/adapters/powertools.js';
import { sharedRepositories } from '../shared/adapters/runtime.js';
import { uploadStoreFor } from '../shared/adapters/uploads/index.js';

const config = loadConfig('recordsApi');
const powertools = { logger, tracer, metrics };
const files = config.LIANSHEN_FILE_READER === 'worker' ? workerFileReaders() : fileReaders;

export const handler = httpHandler(
  async () =>
    recordsRoutes({ repos: await sharedRepositories(config), powertools, now: () => new Date(), files, uploads: uploadStoreFor(config) }),
  { ...powertools, claims: config.AUTH_CLAIMS },
);
