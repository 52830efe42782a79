// accountsApi, the only function that manages accounts: GET/POST /accounts,
// POST /accounts/{id}/disable|enable|reset|unlock|sign-out, GET /accounts/audit, POST /me/password.
import { loadConfig } from '../shared/adapters/config.js';
import { accountsRoutes } from '../shared/adapters/http/accounts-routes.js';
import { httpHandler } from '../shared/adapters/http/middleware.js';
import { configuredIdentity } from '../shared/adapters/identity/index.js';
import { logger, metrics, tracer } from '../shared/adapters/powertools.js';
import { sharedRepositories } from '../shared/adapters/runtime.js';

const config = loadConfig('accountsApi');
const powertools = { logger, tracer, metrics };
const identity = configuredIdentity(config);

export const handler = httpHandler(
  async () => accountsRoutes({ repos: await sharedRepositories(config), powertools, now: () => new Date(), identity }),
  { ...powertools, claims: config.AUTH_CLAIMS },
);
