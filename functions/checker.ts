// Department checker: one function for every department queue (the message names the
// department; see docs/data-model.md for why one function). For each task message it either
// answers from the department's record extract (auto) or opens a review task holding the token
// (manual, no extract, or an ID match whose name differs).
// The use case lives in shared/adapters/pipeline/checker.ts; this module only wires it up.
import { sfnClient } from '../shared/adapters/clients.js';
import { loadConfig } from '../shared/adapters/config.js';
import { createCheckerHandler } from '../shared/adapters/pipeline/checker.js';
import { sharedRepositories } from '../shared/adapters/runtime.js';

export { AnswerInFlightError, createCheckerHandler, TaskMessage, type CheckerDeps } from '../shared/adapters/pipeline/checker.js';

const config = loadConfig('checker');

export const handler = createCheckerHandler({
  repos: () => sharedRepositories(config),
  now: () => new Date(),
  sfn: sfnClient(config),
});
