// ConfirmAnswers (on a schedule in AWS; at start in the local stack): sends stored answers whose
// confirmation a crash lost, before their tasks time out (use case: shared/app/confirm-answers.ts).
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { Context } from 'aws-lambda';
import { confirmStoredAnswers } from '../shared/app/confirm-answers.js';
import { sfnClient } from '../shared/adapters/clients.js';
import { loadConfig } from '../shared/adapters/config.js';
import { sharedRepositories, telemetry, withPowertools, type PipelineDeps } from '../shared/adapters/runtime.js';
import { sfnTaskCallbacks } from '../shared/adapters/sfn/task-callbacks.js';

export function createConfirmAnswersHandler(deps: PipelineDeps & { sfn: SFNClient }) {
  const callbacks = sfnTaskCallbacks(deps.sfn);
  // The event (a schedule's, or {} locally) carries nothing the use case needs.
  return withPowertools(async (_event: unknown, _context: Context) =>
    confirmStoredAnswers({ ...telemetry, repos: await deps.repos(), now: deps.now, callbacks }),
  );
}

const config = loadConfig('confirmAnswers');

export const handler = createConfirmAnswersHandler({
  repos: () => sharedRepositories(config),
  now: () => new Date(),
  sfn: sfnClient(config),
});
