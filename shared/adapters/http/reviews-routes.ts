// reviewsApi, "the answer function": department reviewers read their inbox and answer. It is one
// of the two functions allowed to call states:SendTask*. The verdict is written first
// (conditionally), then Step Functions is told; a late answer is refused and recorded.
import { createHash } from 'node:crypto';
import { SendTaskSuccessCommand, TaskDoesNotExist, TaskTimedOut, type SFNClient } from '@aws-sdk/client-sfn';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { canonicalJson } from '../../domain/audit/canonical.js';
import { Finding, type Actor, type Policy, type Verdict } from '../../domain/model.js';
import { departmentName } from '../../app/reports/labels.js';
import { tokenHash } from '../id-crypto.js';
import { parseTaskId, type StoredVerdict, type TaskStatus, type TaskView } from '../repositories.js';
import { callerDepartment, requireDepartment, type Principal } from './auth.js';
import { actorOf, departmentChainId, findDepartment, loadCampaign, mapLimit, policyOf, type ApiDeps } from './deps.js';
import { ApiError, badRequest, conflict, notFound } from './errors.js';
import { httpHandler, route, type Routes } from './middleware.js';
import { ok } from './responses.js';
import { ANSWERED_STATUSES } from './views.js';

export interface ReviewsApiDeps extends ApiDeps {
  sfn: SFNClient;
}

export const LATE_ANSWER_MESSAGE = '已超过答复期限，答复未被采纳，已记录为逾期答复';
export const ATTESTATION_STATEMENT = '以上人员经查无记录';

const TaskParams = z.object({ id: z.string().min(3).max(140) });
const InboxQuery = z.object({
  status: z.enum(['open', 'answered', 'overdue']).default('open'),
  department: z.string().min(1).max(40).optional(),
});

const FindingInput = Finding.extend({
  documentNumber: z.string().trim().max(100).optional(),
  note: z.string().trim().max(500).optional(),
  status: z.string().trim().max(40).optional(),
});
export const AnswerBody = z.discriminatedUnion('result', [
  z.object({ result: z.literal('clear') }),
  z.object({ result: z.literal('findings'), findings: z.array(FindingInput).min(1).max(50) }),
]);
export type AnswerBody = z.output<typeof AnswerBody>;

const AttestBody = z.object({
  statement: z.literal(ATTESTATION_STATEMENT),
  department: z.string().min(1).max(40).optional(),
  /** The tasks the reviewer saw; without it, every open task without hints. */
  taskIds: z.array(z.string().min(3).max(140)).min(1).max(1000).optional(),
});

const ReassignBody = z.object({ assignee: z.string().trim().min(1).max(128) });

type Answer = { status: 'clear' | 'findings'; findings: Finding[] };

function answerOf(body: AnswerBody): Answer {
  return body.result === 'clear' ? { status: 'clear', findings: [] } : { status: 'findings', findings: body.findings };
}

function sameAnswer(a: Answer, v: Verdict): boolean {
  return a.status === v.status && canonicalJson(a.findings) === canonicalJson(v.findings);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Categories must be the policy's labels; dates in order. 400 names the field. */
export function checkFindings(policy: Policy, findings: readonly Finding[]): void {
  const labels = new Set(policy.categories.map((c) => c.label));
  findings.forEach((f, i) => {
    if (!labels.has(f.category)) {
      throw badRequest(`请求内容有误：findings[${i}].category “${f.category}”不是本政策的记录类别`, {
        field: `findings.${i}.category`,
        in: 'body',
      });
    }
    if (f.startDate !== undefined && f.endDate !== undefined && f.endDate < f.startDate) {
      throw badRequest(`请求内容有误：findings[${i}].endDate 终止日期不能早于起始日期`, { field: `findings.${i}.endDate`, in: 'body' });
    }
  });
}

function lateError(): ApiError {
  return conflict(LATE_ANSWER_MESSAGE, { code: 'LATE_ANSWER' });
}

function findingsForAudit(findings: readonly Finding[]) {
  // The note is free text and may name people; the audit keeps the structured part.
  return findings.map((f) => ({
    category: f.category,
    startDate: f.startDate ?? null,
    endDate: f.endDate ?? null,
    status: f.status ?? null,
    documentNumber: f.documentNumber ?? null,
  }));
}

export type AnswerOutcome = { kind: 'answered'; verdict: Verdict } | { kind: 'repeated'; verdict: Verdict } | { kind: 'late' };

interface AnswerInput {
  task: TaskView;
  answer: Answer;
  actor: Actor;
  source: 'portal' | 'attestation';
  at: string;
  /** Extra audit data, e.g. the attestation this answer belongs to. */
  auditData?: Record<string, unknown>;
}

/**
 * Answers one task: verdict first (conditional), then SendTaskSuccess, then confirmation. Safe
 * to repeat: a confirmed same answer is returned without a second SendTaskSuccess.
 */
export async function answerTask(deps: ReviewsApiDeps, input: AnswerInput): Promise<AnswerOutcome> {
  const { task, answer, actor, source, at } = input;
  const { candidateId, department, campaignId } = task;
  const { repos } = deps;

  const recordLate = async (): Promise<AnswerOutcome> => {
    await repos.verdicts.recordUnanswered({ campaignId, candidateId, department, status: 'overdue', at });
    await repos.tasks.markLate(candidateId, department, actor, at);
    await repos.audit.append(
      {
        candidateId,
        type: 'late_answer',
        actor,
        at,
        data: { department, result: answer.status, findings: findingsForAudit(answer.findings), source, ...(input.auditData ?? {}) },
      },
      { dedupeKey: `late:${department}:${sha256(canonicalJson({ s: answer.status, f: answer.findings }))}` },
    );
    deps.powertools.metrics.addMetric('LateAnswers', MetricUnit.Count, 1);
    return { kind: 'late' };
  };

  if (task.status === 'overdue') return recordLate();

  const token = await repos.tasks.getToken(candidateId, department);
  if (token === undefined) throw conflict('该审查任务已结束，无法答复');
  const sentFor = tokenHash(token);

  const verdict: Verdict = {
    campaignId,
    candidateId,
    department,
    status: answer.status,
    findings: answer.findings,
    answeredBy: actor,
    answeredAt: at,
    source,
  };
  const put = await repos.verdicts.putAnswer(verdict);
  let current: StoredVerdict = put.written ? put.stored : put.existing;
  if (!put.written) {
    const existing = put.existing;
    if (!ANSWERED_STATUSES.has(existing.verdict.status)) return recordLate(); // overdue or declined already
    if (!sameAnswer(answer, existing.verdict)) throw conflict('该任务已有不同的答复，不能修改', { code: 'ALREADY_ANSWERED' });
    if (existing.resultSentAt !== undefined && existing.resultSentFor === sentFor) {
      return { kind: 'repeated', verdict: existing.verdict };
    }
    // Written earlier but not confirmed (or a redriven task with a new token): send now.
    current = existing;
  }

  try {
    await deps.sfn.send(
      new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ department, status: current.verdict.status }) }),
    );
  } catch (error) {
    if (error instanceof TaskTimedOut) return recordLate();
    if (error instanceof TaskDoesNotExist) {
      // The task is over. If our answer still stands, Step Functions took it on an earlier try.
      const now = await repos.verdicts.get(candidateId, department);
      if (now === undefined || !ANSWERED_STATUSES.has(now.verdict.status)) return recordLate();
    } else {
      throw error;
    }
  }

  await repos.verdicts.markResultSent(candidateId, department, sentFor, at);
  await repos.tasks.markAnswered(candidateId, department, actor, at);
  await repos.audit.append(
    {
      candidateId,
      type: 'answered',
      actor,
      at,
      data: {
        department,
        result: current.verdict.status,
        findings: findingsForAudit(current.verdict.findings),
        source: current.verdict.source ?? source,
        ...(input.auditData ?? {}),
      },
    },
    { dedupeKey: `answered:${department}:${sentFor}` },
  );
  deps.powertools.metrics.addMetric('PortalAnswers', MetricUnit.Count, 1);
  return { kind: put.written ? 'answered' : 'repeated', verdict: current.verdict };
}

function isOverdue(task: TaskView, now: Date): boolean {
  return task.status === 'overdue' || (task.status === 'open' && Date.parse(task.deadline) < now.getTime());
}

const DAY_MS = 86_400_000;

export function taskItem(task: TaskView, now: Date) {
  const msLeft = Date.parse(task.deadline) - now.getTime();
  return {
    taskId: task.taskId,
    campaignId: task.campaignId,
    candidateId: task.candidateId,
    department: task.department,
    status: task.status,
    createdAt: task.createdAt,
    deadline: task.deadline,
    overdue: isOverdue(task, now),
    /** Whole days left (negative: days late). */
    daysLeft: msLeft >= 0 ? Math.ceil(msLeft / DAY_MS) : -Math.ceil(-msLeft / DAY_MS),
    hintCount: task.hints.length,
    candidate: {
      name: task.candidate.name,
      idMasked: task.candidate.idMasked,
      township: task.candidate.township,
      village: task.candidate.village,
      post: task.candidate.post,
    },
    assignee: task.assignee ?? null,
    answeredAt: task.answeredAt ?? null,
    answeredBy: task.answeredBy ?? null,
    lateAnswerAt: task.lateAnswerAt ?? null,
  };
}

/** The task behind `taskId`, after checking the caller reviews for its department. */
async function ownTask(deps: ApiDeps, principal: Principal, taskId: string): Promise<TaskView> {
  const ref = parseTaskId(taskId);
  if (ref === null) throw notFound('未找到该审查任务');
  requireDepartment(principal, ref.department);
  const task = await deps.repos.tasks.get(ref.candidateId, ref.department);
  if (task === undefined) throw notFound('未找到该审查任务');
  return task;
}

function answerView(verdict: Verdict) {
  return {
    result: verdict.status,
    findings: verdict.findings,
    answeredAt: verdict.answeredAt ?? null,
    answeredBy: verdict.answeredBy ?? null,
    source: verdict.source ?? null,
  };
}

export function reviewsRoutes(deps: ReviewsApiDeps): Routes {
  return {
    'GET /reviews': route({
      query: InboxQuery,
      handle: async ({ principal, query }) => {
        const department = callerDepartment(principal, query.department);
        const statuses: TaskStatus[] = ['open', 'answered', 'overdue'];
        const lists = await Promise.all(statuses.map((s) => deps.repos.tasks.listInbox(department, s)));
        const byStatus = new Map(statuses.map((s, i) => [s, lists[i] ?? []]));
        const now = deps.now();
        const items = (byStatus.get(query.status) ?? []).map((t) => taskItem(t, now));
        return ok({
          department,
          status: query.status,
          counts: {
            open: byStatus.get('open')?.length ?? 0,
            answered: byStatus.get('answered')?.length ?? 0,
            overdue: byStatus.get('overdue')?.length ?? 0,
            openPastDeadline: (byStatus.get('open') ?? []).filter((t) => isOverdue(t, now)).length,
            openWithoutHints: (byStatus.get('open') ?? []).filter((t) => t.hints.length === 0).length,
          },
          items,
        });
      },
    }),

    'GET /reviews/{id}': route({
      params: TaskParams,
      handle: async ({ principal, params }) => {
        const task = await ownTask(deps, principal, params.id);
        const [view, stored, campaign] = await Promise.all([
          deps.repos.candidates.getView(task.candidateId),
          deps.repos.verdicts.get(task.candidateId, task.department),
          loadCampaign(deps, task.campaignId),
        ]);
        if (view === undefined) throw notFound('未找到该人选');
        const policy = policyOf(campaign);
        const department = findDepartment(policy, task.department);
        const own = stored !== undefined && ANSWERED_STATUSES.has(stored.verdict.status) ? stored.verdict : undefined;
        return ok({
          task: taskItem(task, deps.now()),
          department: { code: task.department, name: departmentName(policy, task.department) },
          // Only what a department needs: no relatives, nothing from other departments.
          candidate: {
            name: view.name,
            idNumber: view.idNumber,
            sex: view.sex,
            birth: view.birth,
            township: view.township,
            village: view.village,
            post: view.post,
          },
          hints: task.hints.map((h) => ({
            kind: h.kind,
            category: h.category,
            recordName: h.recordName,
            documentNumber: h.documentNumber ?? null,
          })),
          answer: own === undefined ? null : answerView(own),
          categories: policy.categories.map((c) => ({
            label: c.label,
            group: c.group,
            severity: c.severity,
            description: c.description ?? null,
            suggested: department?.categories.includes(c.label) ?? false,
          })),
        });
      },
    }),

    'POST /reviews/{id}/answer': route({
      params: TaskParams,
      body: AnswerBody,
      handle: async ({ principal, params, body }) => {
        const task = await ownTask(deps, principal, params.id);
        const answer = answerOf(body);
        checkFindings(policyOf(await loadCampaign(deps, task.campaignId)), answer.findings);
        const outcome = await answerTask(deps, {
          task,
          answer,
          actor: actorOf(principal, 'reviewer'),
          source: 'portal',
          at: deps.now().toISOString(),
        });
        if (outcome.kind === 'late') throw lateError();
        return ok({ taskId: task.taskId, status: 'answered', repeated: outcome.kind === 'repeated', answer: answerView(outcome.verdict) });
      },
    }),

    'POST /reviews/attest': route({
      body: AttestBody,
      handle: async ({ principal, body }) => {
        const department = callerDepartment(principal, body.department);
        const open = await deps.repos.tasks.listInbox(department, 'open');
        const withoutHints = open.filter((t) => t.hints.length === 0);
        const skipped: Array<{ taskId: string; reason: string }> = [];
        let chosen = withoutHints;
        if (body.taskIds !== undefined) {
          const eligible = new Map(withoutHints.map((t) => [t.taskId, t]));
          const hinted = new Set(open.filter((t) => t.hints.length > 0).map((t) => t.taskId));
          chosen = [];
          for (const id of new Set(body.taskIds)) {
            const task = eligible.get(id);
            if (task !== undefined) chosen.push(task);
            else skipped.push({ taskId: id, reason: hinted.has(id) ? '有记录匹配提示，须逐一审查' : '不是本部门的待办任务' });
          }
        }
        const at = deps.now().toISOString();
        const actor = actorOf(principal, 'reviewer');
        const statement = {
          kind: 'lianshen.attestation/v1',
          department,
          statement: body.statement,
          attestedBy: actor,
          attestedByName: principal.username,
          attestedAt: at,
          taskIds: chosen.map((t) => t.taskId).sort(),
        };
        const digest = sha256(canonicalJson(statement));
        if (chosen.length > 0) {
          // The whole statement, once, on the department's own chain; each answer points to it.
          await deps.repos.audit.append(
            { candidateId: departmentChainId(department), type: 'answered', actor, at, data: { attestation: statement, sha256: digest } },
            { dedupeKey: `attest:${digest}` },
          );
        }
        const auditData = { attestation: { sha256: digest, statement: body.statement, attestedAt: at, tasks: chosen.length } };
        const answered: string[] = [];
        const late: string[] = [];
        await mapLimit(chosen, 8, async (task) => {
          try {
            const outcome = await answerTask(deps, {
              task,
              answer: { status: 'clear', findings: [] },
              actor,
              source: 'attestation',
              at,
              auditData,
            });
            if (outcome.kind === 'late') late.push(task.taskId);
            else answered.push(task.taskId);
          } catch (error) {
            if (error instanceof ApiError && error.statusCode < 500) skipped.push({ taskId: task.taskId, reason: error.body.message });
            else throw error;
          }
        });
        return ok({
          attestation: { ...statement, sha256: digest },
          answered: answered.sort(),
          late: late.sort(),
          skipped,
          lateMessage: late.length > 0 ? LATE_ANSWER_MESSAGE : null,
        });
      },
    }),

    'POST /reviews/{id}/reassign': route({
      params: TaskParams,
      body: ReassignBody,
      handle: async ({ principal, params, body }) => {
        const task = await ownTask(deps, principal, params.id);
        const done = await deps.repos.tasks.reassign(task.candidateId, task.department, body.assignee);
        if (!done) throw conflict('只能转交待办（未答复、未逾期）的任务');
        const at = deps.now().toISOString();
        await deps.repos.audit.append({
          candidateId: task.candidateId,
          type: 'reassigned',
          actor: actorOf(principal, 'reviewer'),
          at,
          data: { department: task.department, assignee: body.assignee },
        });
        return ok({ taskId: task.taskId, assignee: body.assignee, reassignedAt: at });
      },
    }),
  };
}

export function createReviewsApi(deps: ReviewsApiDeps) {
  return httpHandler(reviewsRoutes(deps), deps.powertools);
}
