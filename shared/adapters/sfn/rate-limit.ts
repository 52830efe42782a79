// A token bucket in front of this sandbox's StartExecution and SendTask* calls, at the rate infra
// derived from the Region's quota (SFN_CALLS_PER_SECOND, quotas.ts): calls wait for a token rather
// than meet ThrottlingException. Other commands pass untouched. The SDK's adaptive retries remain
// for what still throttles (another deployment in the account, a burst of API answers).
import type { SFNClient } from '@aws-sdk/client-sfn';
import { TokenBucket } from 'limiter';
import { METERED_COMMANDS } from './quotas.js';

export function limitSfnCalls(client: SFNClient, callsPerSecond: number): SFNClient {
  // A burst of at most one second's worth: the steady rate is the point.
  const bucket = new TokenBucket({
    bucketSize: Math.max(1, Math.ceil(callsPerSecond)),
    tokensPerInterval: callsPerSecond,
    interval: 'second',
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== undefined && METERED_COMMANDS[context.commandName] !== undefined) await bucket.removeTokens(1);
      return next(args);
    },
    { step: 'initialize', name: 'lianshenSfnRateLimit' },
  );
  return client;
}
