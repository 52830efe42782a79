// Redrive (hourly on AWS, an EventBridge schedule): runs again the reviews that ended FAILED within
// Step Functions' 14-day window (use case: shared/app/redrive.ts; `lianshen redrive` runs the same).
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { Context } from 'aws-lambda';
import { redriveFailed } from '../shared/app/redrive.js';
import { sfnClient } from '../shared/adapters/clients.js';
import { loadConfig } from '../shared/adapters/config.js';
import { telemetry, withPowertools } from '../shared/adapters/runtime.js';
import { sfnRedrives } from '../shared/adapters/sfn/executions.js';

export function createRedriveHandler(deps: { sfn: SFNClient; stateMachineArn: string; now: () => Date }) {
  const redrives = sfnRedrives(deps.sfn, deps.stateMachineArn);
  // The schedule's event carries nothing the use case needs.
  return withPowertools(async (_event: unknown, _context: Context) => {
    const result = await redriveFailed({ redrives, now: deps.now, log: telemetry.log });
    return { found: result.found, redriven: result.redriven, notRedrivable: result.notRedrivable };
  });
}

const config = loadConfig('redrive');

export const handler = createRedriveHandler({ sfn: sfnClient(config), stateMachineArn: config.STATE_MACHINE_ARN, now: () => new Date() });
