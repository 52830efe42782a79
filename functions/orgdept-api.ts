// orgdeptApi: campaigns, dashboard, referred cases and rulings, re-checks, reports, villages, audit, reminders.
import { anchorLogFor } from '../shared/adapters/anchors/index.js';
import { sfnClient } from '../shared/adapters/clients.js';
import { loadConfig } from '../shared/adapters/config.js';
import { httpHandler } from '../shared/adapters/http/middleware.js';
import { orgdeptRoutes } from '../shared/adapters/http/orgdept-routes.js';
import { logger, metrics, tracer } from '../shared/adapters/powertools.js';
import { sharedRepositories } from '../shared/adapters/runtime.js';
import { sfnExecutions } from '../shared/adapters/sfn/executions.js';

const config = loadConfig('orgdeptApi');
const powertools = { logger, tracer, metrics };
const anchors = anchorLogFor(config);
const executions = sfnExecutions(sfnClient(config), config.STATE_MACHINE_ARN);

export const handler = httpHandler(
  async () =>
    orgdeptRoutes({
      repos: await sharedRepositories(config),
      powertools,
      now: () => new Date(),
      deployedDepartments: config.DEPARTMENT_CODES,
      executions,
      ...(anchors ? { anchors } : {}),
    }),
  { ...powertools, claims: config.AUTH_CLAIMS },
);
