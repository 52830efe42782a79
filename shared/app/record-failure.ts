// RecordFailure: a review ended FAILED (a step failed after its retries); the candidate is
// marked 处理失败 (counted once per batch) with an audit event. The execution itself stays
// FAILED at the failed step, where `lianshen redrive` (or the hourly job) resumes it.
import type { MeteredDeps } from './common.js';
import type { CandidateRef } from './load-routing.js';
import { METRIC } from './ports.js';

/** The execution's error name (e.g. Lambda.Unknown, States.TaskFailed); its Cause is never stored: it may quote data. */
export async function recordFailure(deps: MeteredDeps, input: CandidateRef & { error: string }): Promise<{ recorded: boolean }> {
  const at = deps.now().toISOString();
  const { recorded } = await deps.repos.progress.markFailed(input.batchId, input.candidateId, { at, error: input.error });
  await deps.repos.audit.append(
    { candidateId: input.candidateId, type: 'failed', actor: { kind: 'system', id: 'workflow' }, at, data: { error: input.error } },
    // A retry of this step, or the same error again after a redrive, adds no second event.
    { dedupeKey: `failed:${input.error}` },
  );
  if (recorded) deps.metrics.count(METRIC.CandidatesFailed);
  return { recorded };
}
