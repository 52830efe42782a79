// RecordOverdue (also RecordDeclined): a department that did not answer in time, or declined.
import { roundKey } from '../domain/review-changes.js';
import type { MeteredDeps } from './common.js';
import { METRIC } from './ports.js';

/**
 * A department that did not answer in time, or declined. The verdict becomes overdue/declined
 * unless a confirmed answer exists; an answer written but never accepted by Step Functions is
 * kept as `lateAnswer` and does not count.
 */
export async function recordUnanswered(
  deps: MeteredDeps,
  input: { campaignId: string; candidateId: string; department: string; status: 'overdue' | 'declined'; recheck?: number },
): Promise<{ department: string; status: string }> {
  const { repos } = deps;
  const at = deps.now().toISOString();
  const { recheck, ...which } = input;
  const result = await repos.verdicts.recordUnanswered({ ...which, at });
  const status = result.stored.verdict.status;
  const unconfirmed = result.stored.lateAnswer === undefined ? {} : { unconfirmedAnswer: result.stored.lateAnswer.status };
  const actor = { kind: 'system' as const, id: 'workflow' };
  if (status === 'overdue') {
    await repos.tasks.markOverdue(input.candidateId, input.department, at);
    await repos.audit.append(
      {
        candidateId: input.candidateId,
        type: 'overdue',
        actor,
        at,
        data: { department: input.department, result: 'overdue', ...unconfirmed },
      },
      { dedupeKey: roundKey(`overdue:${input.department}`, recheck) },
    );
    if (result.changed) deps.metrics.count(METRIC.OverdueTasks);
  } else if (status === 'declined') {
    await repos.audit.append(
      {
        candidateId: input.candidateId,
        type: 'answered',
        actor,
        at,
        data: { department: input.department, result: 'declined', ...unconfirmed },
      },
      { dedupeKey: roundKey(`declined:${input.department}`, recheck) },
    );
    if (result.changed) deps.metrics.count(METRIC.DeclinedTasks);
  }
  return { department: input.department, status };
}
