// Answers lost at a crash: a reviewer's answer is written first and confirmed after Step Functions
// took it, or (well ahead of the deadline) confirmed in the same put (answer-task.ts). A process
// that dies before its send leaves a stored answer that nobody sends, and the task would wait for
// its deadline although the department answered. This finds those answers — open review tasks
// whose verdict is an answer not confirmed after a send for the task's token — and sends them
// again, through the same path as a repeated answer. The local stack runs
// it at start; in AWS a scheduled function does (functions/confirm-answers.ts).
import type { Actor } from '../domain/model.js';
import { answerOne, findingsForAudit, type AnswerDeps } from './answer-task.js';
import { mapLimit, policyOf, tokenHash } from './common.js';
import type { Log, StoredVerdict, TaskView } from './ports.js';

export interface ConfirmAnswersResult {
  /** Open tasks looked at. */
  checked: number;
  /** Stored answers sent again and now confirmed. */
  resent: number;
  /** Answers confirmed before the crash whose task was still open: now marked answered. */
  completed: number;
  /** Answers whose task had already timed out: recorded as late, as answer-task does. */
  late: number;
}

const RECOVERY: Actor = { kind: 'system', id: 'recovery' };

function isAnswer(v: StoredVerdict): boolean {
  return v.verdict.status === 'clear' || v.verdict.status === 'findings';
}

/** Every department of the policies of the stored campaigns. */
async function allDepartments(deps: AnswerDeps): Promise<string[]> {
  const codes = new Set<string>();
  for (const stored of await deps.repos.campaigns.list()) {
    for (const d of (await policyOf(deps.repos, stored)).departments) codes.add(d.code);
  }
  return [...codes].sort();
}

type Outcome = 'none' | 'resent' | 'completed' | 'late';

async function confirmOne(deps: AnswerDeps, task: TaskView): Promise<Outcome> {
  const { repos } = deps;
  const stored = await repos.verdicts.get(task.candidateId, task.department);
  if (stored === undefined || !isAnswer(stored)) return 'none';
  const token = await repos.tasks.getToken(task.candidateId, task.department);
  if (token === undefined) return 'none';
  const hash = tokenHash(token);
  const actor = stored.verdict.answeredBy ?? RECOVERY;
  // An answer confirmed on its put may never have been sent (its writer died first): it is sent
  // again below, like an unconfirmed one. Only one confirmed after its send needs no send.
  if (stored.resultSentAt !== undefined && stored.resultSentFor === hash && stored.confirmedOnPut !== true) {
    // Step Functions has the answer; only the task's own bookkeeping was lost.
    await repos.tasks.markAnswered(task.candidateId, task.department, actor, stored.resultSentAt);
    // The answer's own event was written with it; only an answer stored before that needs one on the chain.
    if (stored.event !== undefined) return 'completed';
    await repos.audit.append(
      {
        candidateId: task.candidateId,
        type: 'answered',
        actor,
        at: stored.resultSentAt,
        data: {
          department: task.department,
          result: stored.verdict.status === 'findings' ? 'findings' : 'clear',
          findings: findingsForAudit(stored.verdict.findings),
          source: stored.verdict.source ?? 'portal',
        },
      },
      { dedupeKey: `answered:${task.department}:${hash}` },
    );
    return 'completed';
  }
  const outcome = await answerOne(deps, {
    task,
    answer: { status: stored.verdict.status === 'findings' ? 'findings' : 'clear', findings: stored.verdict.findings },
    actor,
    source: stored.verdict.source === 'attestation' ? 'attestation' : 'portal',
    at: deps.now().toISOString(),
    resendConfirmed: true,
  });
  if (outcome.kind === 'late') return 'late';
  return outcome.kind === 'answered' || outcome.kind === 'repeated' ? 'resent' : 'none';
}

/** Sends every stored, unconfirmed answer of an open task again (see the module comment). */
export async function confirmStoredAnswers(
  deps: AnswerDeps & { log?: Log },
  input: { departments?: readonly string[] } = {},
): Promise<ConfirmAnswersResult> {
  const result: ConfirmAnswersResult = { checked: 0, resent: 0, completed: 0, late: 0 };
  for (const department of input.departments ?? (await allDepartments(deps))) {
    const open = await deps.repos.tasks.listInbox(department, 'open');
    result.checked += open.length;
    // Most open tasks have no answer yet: their verdicts are read together (pages of 100), and only a
    // task with a stored answer is looked at one by one, so the job stays small in a large campaign.
    const answered = new Set(
      (await deps.repos.verdicts.getMany(open.map((t) => ({ candidateId: t.candidateId, department: t.department }))))
        .filter(isAnswer)
        .map((v) => v.verdict.candidateId),
    );
    const suspects = open.filter((t) => answered.has(t.candidateId));
    for (const outcome of await mapLimit(suspects, 8, (task) => confirmOne(deps, task))) {
      if (outcome !== 'none') result[outcome] += 1;
    }
  }
  if (result.resent + result.completed + result.late > 0) {
    deps.log?.warn('stored answers confirmed after a restart', { ...result });
  }
  return result;
}
