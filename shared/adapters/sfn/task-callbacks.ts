// The one implementation of TaskCallbacks: SendTaskSuccess / SendTaskFailure, with every way
// Step Functions says "this task is over" mapped to a result instead of an error. The checker and
// the reviews API both go through it, so a timed-out, finished or unknown token is handled alike
// (an InvalidToken is never a 500).
import { SendTaskFailureCommand, SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { CallbackResult, TaskCallbacks } from '../../app/ports.js';

/** The task's timeout passed: an answer now is late. */
const TIMED_OUT = new Set(['TaskTimedOut']);
/** The task, its execution or the token is unknown to Step Functions: nothing is waiting. */
const GONE = new Set(['TaskDoesNotExist', 'InvalidToken']);

/** Maps a SendTask* failure to its result; anything else (throttling, network) is rethrown. */
export function callbackFailure(error: unknown): CallbackResult {
  const name = error instanceof Error ? error.name : undefined;
  if (name !== undefined && TIMED_OUT.has(name)) return 'timedOut';
  if (name !== undefined && GONE.has(name)) return 'gone';
  throw error;
}

export function sfnTaskCallbacks(sfn: SFNClient): TaskCallbacks {
  return {
    async succeed(token, output) {
      try {
        await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) }));
        return 'sent';
      } catch (error) {
        return callbackFailure(error);
      }
    },
    async fail(token, error, cause) {
      try {
        await sfn.send(new SendTaskFailureCommand({ taskToken: token, error, cause }));
        return 'sent';
      } catch (failure) {
        return callbackFailure(failure);
      }
    },
  };
}
