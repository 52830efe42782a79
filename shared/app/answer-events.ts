// A candidate's answer events: each department's answer on its verdict, and the dispatch of each
// review task on the task item (shared/domain/audit/answers.ts), in the order the decision seals them.
import { sortAnswerEvents, type AnswerEvent } from '../domain/audit/answers.js';
import type { Repositories } from './ports.js';

export async function answerEventsOf(
  repos: Pick<Repositories, 'verdicts' | 'tasks' | 'changes'>,
  candidateId: string,
): Promise<AnswerEvent[]> {
  const [verdicts, dispatches, rechecks] = await Promise.all([
    repos.verdicts.listByCandidate(candidateId),
    repos.tasks.dispatchEvents(candidateId),
    repos.changes.rechecks(candidateId),
  ]);
  return sortAnswerEvents([
    ...verdicts.flatMap((v) => (v.event === undefined ? [] : [v.event])),
    ...dispatches,
    // What re-checks took off the verdict and the task: an earlier decision sealed them.
    ...rechecks.flatMap((r) => r.setAside),
  ]);
}
