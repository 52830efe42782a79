// reviewsApi, "the answer function": department reviewers read their inbox and answer. It is one
// of the two functions allowed to call states:SendTask* (through the TaskCallbacks adapter).
import type { SFNClient } from '@aws-sdk/client-sfn';
import {
  AnswerRequest,
  ApprovalRequest,
  ApprovalResponse,
  CorrectionRequest,
  DepartmentReviewParams,
  DepartmentReviewRequest,
  DepartmentReviewView,
  CorrectionResponse,
  AnswerResponse,
  ATTESTATION_STATEMENT,
  AttestRequest,
  AttestResponse,
  Inbox,
  InboxQuery,
  ReassignRequest,
  ReassignResponse,
  TaskCard,
  TaskParams,
} from '../../api/reviews.js';
import { ALREADY_ANSWERED_MESSAGE, answerTask, LATE_ANSWER_MESSAGE, TASK_OVER_MESSAGE, type Answer } from '../../app/answer-task.js';
import { approveAnswer } from '../../app/approve-answer.js';
import { attest } from '../../app/attest.js';
import { getDepartmentReview, setDepartmentReview } from '../../app/department-review.js';
import { correctAnswer } from '../../app/correct-answer.js';
import { departmentReviewers } from '../../app/accounts/reviewers.js';
import type { IdentityProvider } from '../../app/ports.js';
import { inbox, reassignTask, taskCard } from '../../app/reviews.js';
import { ReviewerList, ReviewerParams } from '../../api/accounts.js';
import { exportOpenTasks } from '../../app/export-open-tasks.js';
import { openTasksXlsx } from '../files/open-tasks-xlsx.js';
import { answerView } from '../../app/views.js';
import { sfnTaskCallbacks } from '../sfn/task-callbacks.js';
import { powertoolsMetrics } from '../telemetry.js';
import type { ApiDeps } from './deps.js';
import { conflict } from './errors.js';
import { httpHandler, route, type Routes } from './middleware.js';
import { orRefuse } from './refusals.js';
import { file, reply, XLSX_TYPE } from './responses.js';
import { ExtensionRequest, ExtensionView, TaskExtension } from '../../api/extensions.js';
import { requestExtension, taskExtension } from '../../app/extensions.js';
import { orgdeptDepartments } from '../../app/orgdept-reviewer.js';
import { withOrgdeptReviewer } from './orgdept-reviewer.js';

export { ATTESTATION_STATEMENT, LATE_ANSWER_MESSAGE };
/** The answer body (the contract's AnswerRequest). */
export const AnswerBody = AnswerRequest;

export interface ReviewsApiDeps extends ApiDeps {
  sfn: SFNClient;
  /** Who keeps the accounts: a task is handed only to a reviewer of its department. */
  identity: IdentityProvider;
}

function answerOf(body: AnswerRequest): Answer {
  return body.result === 'clear' ? { status: 'clear', findings: [] } : { status: 'findings', findings: body.findings };
}

export function reviewsRoutes(deps: ReviewsApiDeps): Routes {
  // The organization department's accounts review for its own department as well.
  return withOrgdeptReviewer(departmentRoutes(deps), () => orgdeptDepartments(deps.repos.policies));
}

function departmentRoutes(deps: ReviewsApiDeps): Routes {
  const answerDeps = { ...deps, metrics: powertoolsMetrics(deps.powertools.metrics), callbacks: sfnTaskCallbacks(deps.sfn) };
  return {
    'GET /reviews': route({
      query: InboxQuery,
      handle: async ({ principal, query }) => reply(Inbox, orRefuse(await inbox(deps, { caller: principal, ...query }))),
    }),

    'GET /reviews/{id}': route({
      params: TaskParams,
      handle: async ({ principal, params }) => reply(TaskCard, orRefuse(await taskCard(deps, { caller: principal, taskId: params.id }))),
    }),

    'POST /reviews/{id}/answer': route({
      params: TaskParams,
      body: AnswerRequest,
      handle: async ({ principal, params, body }) => {
        const input = { caller: principal, taskId: params.id, answer: answerOf(body), sourcesSearched: body.sourcesSearched ?? [] };
        const outcome = orRefuse(await answerTask(answerDeps, input));
        switch (outcome.kind) {
          case 'held':
            return reply(AnswerResponse, {
              taskId: outcome.task.taskId,
              status: 'held',
              repeated: outcome.repeated,
              answer: {
                result: 'findings',
                findings: outcome.held.findings,
                answeredAt: outcome.held.at,
                answeredBy: outcome.held.by,
                source: 'portal',
                approvedBy: null,
                approvedAt: null,
                sourcesSearched: outcome.held.sourcesSearched,
              },
            });
          case 'late':
            throw conflict(LATE_ANSWER_MESSAGE, { code: 'LATE_ANSWER' });
          case 'gone':
            throw conflict(TASK_OVER_MESSAGE);
          case 'alreadyAnswered':
            throw conflict(ALREADY_ANSWERED_MESSAGE, { code: 'ALREADY_ANSWERED' });
          default:
            return reply(AnswerResponse, {
              taskId: outcome.task.taskId,
              status: 'answered',
              repeated: outcome.kind === 'repeated',
              answer: answerView(outcome.verdict),
            });
        }
      },
    }),

    'POST /reviews/{id}/approval': route({
      params: TaskParams,
      body: ApprovalRequest,
      handle: async ({ principal, params, body }) => {
        const outcome = orRefuse(await approveAnswer(answerDeps, { caller: principal, taskId: params.id, ...body }));
        return reply(ApprovalResponse, {
          taskId: outcome.task.taskId,
          decision: outcome.decision,
          answer: outcome.decision === 'approve' ? answerView(outcome.verdict) : null,
        });
      },
    }),

    'GET /campaigns/{id}/departments/{code}/review': route({
      params: DepartmentReviewParams,
      handle: async ({ principal, params }) =>
        reply(
          DepartmentReviewView,
          orRefuse(await getDepartmentReview(deps, { caller: principal, campaignId: params.id, department: params.code })),
        ),
    }),

    'PUT /campaigns/{id}/departments/{code}/review': route({
      params: DepartmentReviewParams,
      body: DepartmentReviewRequest,
      handle: async ({ principal, params, body }) =>
        reply(
          DepartmentReviewView,
          orRefuse(await setDepartmentReview(deps, { caller: principal, campaignId: params.id, department: params.code, settings: body })),
        ),
    }),

    'POST /reviews/{id}/correction': route({
      params: TaskParams,
      body: CorrectionRequest,
      handle: async ({ principal, params, body }) => {
        const input = {
          caller: principal,
          taskId: params.id,
          answer: answerOf(body.answer),
          reason: body.reason,
          documentNumber: body.documentNumber,
        };
        const result = orRefuse(await correctAnswer(answerDeps, input));
        return reply(CorrectionResponse, {
          taskId: result.taskId,
          answer: answerView(result.verdict),
          previous: answerView(result.previous),
          decision: result.decision,
        });
      },
    }),

    'POST /reviews/attest': route({
      body: AttestRequest,
      handle: async ({ principal, body }) => reply(AttestResponse, orRefuse(await attest(answerDeps, { caller: principal, ...body }))),
    }),

    'POST /reviews/{id}/reassign': route({
      params: TaskParams,
      body: ReassignRequest,
      handle: async ({ principal, params, body }) =>
        reply(ReassignResponse, orRefuse(await reassignTask(deps, { caller: principal, taskId: params.id, assignee: body.assignee }))),
    }),

    'GET /departments/{code}/reviewers': route({
      params: ReviewerParams,
      handle: async ({ principal, params }) =>
        reply(ReviewerList, orRefuse(await departmentReviewers(deps, { caller: principal, department: params.code }))),
    }),

    'GET /departments/{code}/open-tasks': route({
      params: ReviewerParams,
      handle: async ({ principal, params }) => {
        const list = orRefuse(await exportOpenTasks(deps, { caller: principal, department: params.code }));
        return file(
          await openTasksXlsx(list),
          XLSX_TYPE,
          `待答复任务-${list.departmentName}-${list.generatedAt.replace(/\s.*$/, '')}.xlsx`,
        );
      },
    }),

    'POST /reviews/{id}/extension': route({
      params: TaskParams,
      body: ExtensionRequest,
      handle: async ({ principal, params, body }) =>
        reply(ExtensionView, orRefuse(await requestExtension(deps, { caller: principal, taskId: params.id, reason: body.reason })), 201),
    }),

    'GET /reviews/{id}/extension': route({
      params: TaskParams,
      handle: async ({ principal, params }) =>
        reply(TaskExtension, orRefuse(await taskExtension(deps, { caller: principal, taskId: params.id }))),
    }),
  };
}

export function createReviewsApi(deps: ReviewsApiDeps) {
  return httpHandler(reviewsRoutes(deps), deps.powertools);
}
