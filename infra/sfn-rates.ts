// Each Step Functions caller's steady rate per sandbox (SFN_CALLS_PER_SECOND), from the Region's
// quota: the starter's sandboxes share StartExecution's refill; SendTask*'s refill is split between
// the checker (every department queue's event source at its MaximumConcurrency), the reviews API
// (people answering; assumed at most REVIEWS_API_SANDBOXES at once, the SDK's adaptive retry covers
// more) and the scheduled re-send of unconfirmed answers (one sandbox).
import { FUNCTIONS } from '../functions/manifest.js';
import { sandboxCallsPerSecond } from '../shared/adapters/sfn/quotas.js';

export const SEND_TASK_SHARE = { checker: 0.7, reviewsApi: 0.2, confirmAnswers: 0.1 } as const;
export const REVIEWS_API_SANDBOXES = 10;
/** The functions that call StartExecution or SendTask* in bulk. */
export const SFN_CALLERS = ['starter', 'checker', 'reviewsApi', 'confirmAnswers'] as const;

export function sfnCallRates(region: string, departmentQueues: number): Record<(typeof SFN_CALLERS)[number], number> {
  return {
    starter: sandboxCallsPerSecond(region, 'StartExecution', FUNCTIONS.starter.eventSource.maxConcurrency),
    checker: sandboxCallsPerSecond(
      region,
      'SendTask',
      FUNCTIONS.checker.eventSource.maxConcurrency * departmentQueues,
      SEND_TASK_SHARE.checker,
    ),
    reviewsApi: sandboxCallsPerSecond(region, 'SendTask', REVIEWS_API_SANDBOXES, SEND_TASK_SHARE.reviewsApi),
    confirmAnswers: sandboxCallsPerSecond(region, 'SendTask', 1, SEND_TASK_SHARE.confirmAnswers),
  };
}
