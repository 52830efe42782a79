// The HTTP API contract: every route's request and response bodies as zod schemas (the routes
// parse with them, the route tests validate responses against them, the portal, the CLI and the
// test support import the inferred types). ROUTE_CONTRACT names each route's parts.
import type { z } from 'zod';
import * as accounts from './accounts.js';
import * as batches from './batches.js';
import * as campaigns from './campaigns.js';
import * as changes from './changes.js';
import * as disputes from './disputes.js';
import * as holidays from './holidays.js';
import * as common from './common.js';
import { ErrorBody, FileRejected } from './common.js';
import * as orgdept from './orgdept.js';
import * as policies from './policies.js';
import * as records from './records.js';
import * as reviews from './reviews.js';
import * as process from './process.js';
import * as notifications from './notifications.js';
import * as publicity from './publicity.js';
import * as exportsApi from './exports.js';
import * as sheet from './sheet.js';
import * as extensions from './extensions.js';
import * as overdue from './overdue.js';
import * as recheckRequests from './recheck-requests.js';

export * from './accounts.js';
export * from './batches.js';
export * from './campaigns.js';
export * from './changes.js';
export * from './disputes.js';
export * from './holidays.js';
export * from './common.js';
export * from './orgdept.js';
export * from './policies.js';
export * from './records.js';
export * from './reviews.js';
export * from './process.js';
export * from './notifications.js';
export * from './publicity.js';
export * from './exports.js';
export * from './sheet.js';
export * from './extensions.js';
export * from './overdue.js';
export * from './recheck-requests.js';

/** What a 2xx response body is: JSON of a schema, a file, or HTML. */
export type ResponseKind = { json: z.ZodType } | { file: 'xlsx' } | { html: true };

export interface RouteContract {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** By status; a route with a `format` query may answer with another kind (the first is JSON). */
  responses: Partial<Record<200 | 201, readonly ResponseKind[]>>;
}

const json = (schema: z.ZodType): ResponseKind => ({ json: schema });
const XLSX: ResponseKind = { file: 'xlsx' };
const HTML: ResponseKind = { html: true };

export const ROUTE_CONTRACT = {
  'POST /batches': {
    body: batches.SubmitBatchRequest,
    responses: { 201: [json(batches.SubmitBatchResponse)], 200: [json(batches.SubmitBatchResponse)] },
  },
  'POST /uploads': { body: common.UploadTicketRequest, responses: { 201: [json(common.UploadTicket)] } },
  'POST /batches/check': { body: batches.SubmitBatchRequest, responses: { 200: [json(batches.BatchCheck)] } },
  'GET /batches': { query: batches.BatchListQuery, responses: { 200: [json(batches.BatchList)] } },
  'GET /batches/{id}': { params: batches.BatchParams, responses: { 200: [json(batches.BatchDetail)] } },
  'GET /batches/{id}/feedback': {
    params: batches.BatchParams,
    query: batches.FormatQuery,
    responses: { 200: [json(batches.FeedbackList), XLSX] },
  },
  'GET /template': { responses: { 200: [XLSX] } },

  'POST /departments/{code}/records': {
    params: records.DepartmentParams,
    body: records.UploadRecordsRequest,
    responses: { 201: [json(records.UploadRecordsResponse)] },
  },
  'GET /departments/{code}/records': {
    params: records.DepartmentParams,
    query: records.CampaignQuery,
    responses: { 200: [json(records.ActiveExtractResponse)] },
  },
  'GET /departments/{code}/records/template': {
    params: records.DepartmentParams,
    query: records.CampaignQuery,
    responses: { 200: [XLSX] },
  },

  'GET /reviews': { query: reviews.InboxQuery, responses: { 200: [json(reviews.Inbox)] } },
  'GET /reviews/{id}': { params: reviews.TaskParams, responses: { 200: [json(reviews.TaskCard)] } },
  'POST /reviews/{id}/answer': {
    params: reviews.TaskParams,
    body: reviews.AnswerRequest,
    responses: { 200: [json(reviews.AnswerResponse)] },
  },
  'POST /reviews/{id}/correction': {
    params: reviews.TaskParams,
    body: reviews.CorrectionRequest,
    responses: { 200: [json(reviews.CorrectionResponse)] },
  },
  'POST /reviews/{id}/approval': {
    params: reviews.TaskParams,
    body: reviews.ApprovalRequest,
    responses: { 200: [json(reviews.ApprovalResponse)] },
  },
  'GET /campaigns/{id}/departments/{code}/review': {
    params: reviews.DepartmentReviewParams,
    responses: { 200: [json(reviews.DepartmentReviewView)] },
  },
  'PUT /campaigns/{id}/departments/{code}/review': {
    params: reviews.DepartmentReviewParams,
    body: reviews.DepartmentReviewRequest,
    responses: { 200: [json(reviews.DepartmentReviewView)] },
  },
  'POST /reviews/attest': { body: reviews.AttestRequest, responses: { 200: [json(reviews.AttestResponse)] } },
  'POST /reviews/{id}/reassign': {
    params: reviews.TaskParams,
    body: reviews.ReassignRequest,
    responses: { 200: [json(reviews.ReassignResponse)] },
  },
  'GET /departments/{code}/reviewers': { params: accounts.ReviewerParams, responses: { 200: [json(accounts.ReviewerList)] } },
  'GET /departments/{code}/open-tasks': { params: accounts.ReviewerParams, responses: { 200: [XLSX] } },

  'POST /campaigns': { body: orgdept.CreateCampaignRequest, responses: { 201: [json(orgdept.CampaignResponse)] } },
  'GET /campaigns': { responses: { 200: [json(orgdept.CampaignList)] } },
  'GET /campaigns/{id}/dashboard': { params: orgdept.IdParams, responses: { 200: [json(orgdept.Dashboard)] } },
  'GET /campaigns/{id}/referred': { params: orgdept.IdParams, responses: { 200: [json(orgdept.ReferredList)] } },
  'POST /candidates/{id}/ruling': {
    params: orgdept.IdParams,
    body: orgdept.RulingRequest,
    responses: { 201: [json(orgdept.RulingResponse)], 200: [json(orgdept.RulingResponse)] },
  },
  'POST /candidates/{id}/ruling/revision': {
    params: orgdept.IdParams,
    body: orgdept.RulingRevisionRequest,
    responses: { 200: [json(orgdept.RulingRevisionResponse)] },
  },
  'POST /candidates/{id}/dispute': {
    params: orgdept.IdParams,
    body: disputes.DisputeRequest,
    responses: { 201: [json(disputes.DisputeResponse)] },
  },
  'POST /candidates/{id}/dispute/ruling': {
    params: orgdept.IdParams,
    body: disputes.DisputeRulingRequest,
    responses: { 200: [json(disputes.DisputeRulingResponse)] },
  },
  'POST /candidates/{id}/withdraw': {
    params: orgdept.IdParams,
    body: changes.WithdrawRequest,
    responses: { 200: [json(changes.WithdrawResponse)] },
  },
  'POST /candidates/{id}/replacement': {
    params: orgdept.IdParams,
    body: changes.ReplaceRequest,
    responses: { 201: [json(changes.ReplaceResponse)], 200: [json(changes.ReplaceResponse)] },
  },
  'POST /candidates/{id}/recheck': {
    params: orgdept.IdParams,
    body: changes.RecheckRequest,
    responses: { 201: [json(changes.RecheckResponse)] },
  },
  'GET /campaigns/{id}/report': {
    params: orgdept.IdParams,
    query: orgdept.ReportQuery,
    responses: { 200: [json(orgdept.ClearanceReport), XLSX, HTML] },
  },
  'GET /campaigns/{id}/villages': { params: orgdept.IdParams, responses: { 200: [json(orgdept.VillageChecks)] } },
  'GET /candidates/{id}/audit': { params: orgdept.IdParams, responses: { 200: [json(orgdept.AuditTrail)] } },
  'POST /campaigns/{id}/reminders': {
    params: orgdept.IdParams,
    body: orgdept.ReminderRequest,
    responses: { 201: [json(orgdept.ReminderResponse)] },
  },

  'GET /accounts': { query: accounts.AccountListQuery, responses: { 200: [json(accounts.AccountList)] } },
  'POST /accounts': { body: accounts.CreateAccountRequest, responses: { 201: [json(accounts.CreatedAccount)] } },
  'POST /accounts/{id}/disable': { params: accounts.AccountParams, responses: { 200: [json(accounts.AccountActionResponse)] } },
  'POST /accounts/{id}/enable': { params: accounts.AccountParams, responses: { 200: [json(accounts.AccountActionResponse)] } },
  'POST /accounts/{id}/reset': { params: accounts.AccountParams, responses: { 200: [json(accounts.AccountActionResponse)] } },
  'POST /accounts/{id}/unlock': { params: accounts.AccountParams, responses: { 200: [json(accounts.AccountActionResponse)] } },
  'POST /accounts/{id}/sign-out': { params: accounts.AccountParams, responses: { 200: [json(accounts.AccountActionResponse)] } },
  'GET /accounts/audit': { responses: { 200: [json(orgdept.AuditTrail)] } },
  'POST /me/password': { body: accounts.ChangePasswordRequest, responses: { 200: [json(accounts.ChangePasswordResponse)] } },
  'GET /campaigns/{id}': { params: orgdept.IdParams, responses: { 200: [json(campaigns.CampaignDetail)] } },
  'PUT /campaigns/{id}': {
    params: orgdept.IdParams,
    body: campaigns.UpdateCampaignRequest,
    responses: { 200: [json(campaigns.UpdateCampaignResponse)] },
  },
  'POST /campaigns/{id}/units': {
    params: orgdept.IdParams,
    body: campaigns.UploadUnitsRequest,
    responses: { 200: [json(campaigns.UploadUnitsResponse)] },
  },
  'GET /campaigns/units/template': { responses: { 200: [XLSX] } },
  'GET /holidays': { responses: { 200: [json(holidays.HolidayList)] } },
  'PUT /holidays/{year}': {
    params: holidays.YearParams,
    body: holidays.PutHolidaysRequest,
    responses: { 200: [json(holidays.PutHolidaysResponse)] },
  },
  'POST /policies': {
    body: policies.UploadPolicyRequest,
    responses: { 201: [json(policies.UploadPolicyResponse)], 200: [json(policies.UploadPolicyResponse)] },
  },
  'GET /policies': { responses: { 200: [json(policies.PolicyList)] } },
  'GET /policies/template': { responses: { 200: [XLSX] } },
  'GET /policies/{id}': { params: policies.PolicyParams, responses: { 200: [json(policies.PolicyVersions)] } },
  'GET /policies/{id}/versions/{version}': { params: policies.PolicyVersionParams, responses: { 200: [json(policies.PolicyDetail)] } },
  'GET /policies/{id}/versions/{version}/workbook': { params: policies.PolicyVersionParams, responses: { 200: [XLSX] } },
  'GET /campaigns/{id}/policy-diff': {
    params: orgdept.IdParams,
    query: policies.PolicyDiffQuery,
    responses: { 200: [json(policies.PolicyDiff)] },
  },
  'PUT /campaigns/{id}/policy': {
    params: orgdept.IdParams,
    body: policies.SwitchPolicyRequest,
    responses: { 200: [json(policies.SwitchPolicyResponse)] },
  },
  'GET /batches/{id}/first-review': { params: batches.BatchParams, responses: { 200: [json(process.FirstReviewSheet)] } },
  'POST /batches/{id}/first-review': {
    params: batches.BatchParams,
    body: process.FirstReviewRequest,
    responses: { 200: [json(process.FirstReviewResponse)] },
  },
  'POST /batches/{id}/submit': { params: batches.BatchParams, responses: { 200: [json(process.SendDraftResponse)] } },
  'POST /candidates/{id}/filing': {
    params: orgdept.IdParams,
    body: process.FilingRequest,
    responses: { 201: [json(process.FilingResponse)] },
  },
  'GET /campaigns/{id}/filings': { params: orgdept.IdParams, responses: { 200: [json(process.FilingList)] } },
  'GET /notifications': { query: notifications.NotificationListQuery, responses: { 200: [json(notifications.NotificationList)] } },
  'POST /notifications/{id}/read': {
    params: notifications.NotificationParams,
    responses: { 200: [json(notifications.NotificationReadResponse)] },
  },
  'POST /notifications/read-all': { responses: { 200: [json(notifications.NotificationsReadAllResponse)] } },
  'POST /campaigns/{id}/publicity': {
    params: orgdept.IdParams,
    body: publicity.OpenPublicityRequest,
    responses: { 201: [json(publicity.OpenPublicityResponse)] },
  },
  'GET /campaigns/{id}/publicity': { params: orgdept.IdParams, responses: { 200: [json(publicity.PublicityList)] } },
  'POST /candidates/{id}/objections': {
    params: orgdept.IdParams,
    body: publicity.ObjectionRequest,
    responses: { 201: [json(publicity.ObjectionResponse)] },
  },
  'POST /candidates/{id}/objections/{seq}/outcome': {
    params: publicity.ObjectionParams,
    body: publicity.ObjectionOutcomeRequest,
    responses: { 200: [json(publicity.ObjectionOutcomeResponse)] },
  },
  'GET /campaigns/{id}/duplicates': { params: orgdept.IdParams, responses: { 200: [json(publicity.DuplicateList)] } },
  'POST /candidates/{id}/duplicate/resolution': {
    params: orgdept.IdParams,
    body: publicity.DuplicateResolutionRequest,
    responses: { 200: [json(publicity.DuplicateResolutionResponse)] },
  },
  'GET /batches/{id}/publicity': { params: orgdept.IdParams, responses: { 200: [json(publicity.BatchPublicity)] } },
  'POST /exports': { body: exportsApi.ExportRequest, responses: { 201: [json(exportsApi.ExportView)] } },
  'GET /exports': { responses: { 200: [json(exportsApi.ExportList)] } },
  'GET /exports/{id}': { params: exportsApi.ExportParams, responses: { 200: [json(exportsApi.ExportView)] } },
  'GET /candidates/{id}/sheet': { params: orgdept.IdParams, responses: { 200: [json(sheet.CandidateSheet)] } },
  'POST /reviews/{id}/extension': {
    params: reviews.TaskParams,
    body: extensions.ExtensionRequest,
    responses: { 201: [json(extensions.ExtensionView)] },
  },
  'GET /reviews/{id}/extension': { params: reviews.TaskParams, responses: { 200: [json(extensions.TaskExtension)] } },
  'GET /campaigns/{id}/extensions': {
    params: orgdept.IdParams,
    query: extensions.ExtensionListQuery,
    responses: { 200: [json(extensions.ExtensionList)] },
  },
  'POST /candidates/{id}/extension/decision': {
    params: orgdept.IdParams,
    body: extensions.ExtensionDecisionRequest,
    responses: { 200: [json(extensions.ExtensionView)] },
  },
  'GET /campaigns/{id}/departments/{code}/overdue': {
    params: overdue.DepartmentOverdueParams,
    responses: { 200: [json(overdue.DepartmentOverdue)] },
  },
  'POST /batches/{id}/discard': { params: batches.BatchParams, responses: { 200: [json(process.DiscardDraftResponse)] } },
  'POST /candidates/{id}/recheck-request': {
    params: orgdept.IdParams,
    body: recheckRequests.TownshipRecheckRequest,
    responses: { 201: [json(recheckRequests.RecheckRequestView)] },
  },
  'GET /campaigns/{id}/recheck-requests': {
    params: orgdept.IdParams,
    query: recheckRequests.RecheckRequestListQuery,
    responses: { 200: [json(recheckRequests.RecheckRequestList)] },
  },
  'POST /candidates/{id}/recheck-request/decision': {
    params: orgdept.IdParams,
    body: recheckRequests.RecheckRequestDecisionRequest,
    responses: { 200: [json(recheckRequests.RecheckRequestView)] },
  },
} as const satisfies Record<string, RouteContract>;

export type RouteKey = keyof typeof ROUTE_CONTRACT;

/** Every error response: 4xx with a Chinese message (422 for files carries the row/column errors). */
export const ERROR_RESPONSES = { body: ErrorBody, fileRejected: FileRejected };
