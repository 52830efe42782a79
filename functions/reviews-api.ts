// reviewsApi, the answer function (holds states:SendTask*): GET /reviews, GET /reviews/{id},
// POST /reviews/{id}/answer, POST /reviews/attest, POST /reviews/{id}/reassign, GET /departments/{code}/reviewers.
import { sfnClient } from '../shared/adapters/clients.js';
import { loadConfig } from '../shared/adapters/config.js';
import { httpHandler } from '../shared/adapters/http/middleware.js';
import { configuredIdentity } from '../shared/adapters/identity/index.js';
import { reviewsRoutes } from '../shared/adapters/http/reviews-routes.js';
import { logger, metrics, tracer } from '../shared/adapters/powertools.js';
import { sharedRepositories } from '../shared/adapters/runtime.js';

const config = loadConfig('reviewsApi');
const powertools = { logger, tracer, metrics };
const identity = configuredIdentity(config);

export const handler = httpHandler(
  async () =>
    reviewsRoutes({ repos: await sharedRepositories(config), powertools, now: () => new Date(), sfn: sfnClient(config), identity }),
  { ...powertools, claims: config.AUTH_CLAIMS },
);
