// orgdeptApi: the organization department runs the campaign: dashboard, referred cases and
// rulings, reports, per-village checks, audit trails and reminders.
import {
  CampaignList,
  CampaignResponse,
  ClearanceReport,
  CreateCampaignRequest,
  Dashboard,
  IdParams,
  ReferredList,
  ReminderRequest,
  ReminderResponse,
  ReportQuery,
  RulingRequest,
  RulingResponse,
  RulingRevisionRequest,
  RulingRevisionResponse,
  VillageChecks,
} from '../../api/orgdept.js';
import { auditTrail } from '../../app/audit-trail.js';
import { createCampaign, listCampaigns } from '../../app/campaigns.js';
import { dashboard } from '../../app/dashboard.js';
import { referred } from '../../app/referred.js';
import { remind } from '../../app/remind.js';
import { exportReport } from '../../app/report.js';
import { rule } from '../../app/rule.js';
import { ruleDispute } from '../../app/rule-dispute.js';
import { requestRecheck } from '../../app/request-recheck.js';
import type { Executions } from '../../app/ports.js';
import { shownLabel } from '../../app/reports/labels.js';
import { disputeLabel, RECHECK_LABEL } from '../../domain/review-changes.js';
import { RecheckRequest, RecheckResponse } from '../../api/changes.js';
import { DisputeRulingRequest, DisputeRulingResponse } from '../../api/disputes.js';
import { reviseRuling } from '../../app/revise-ruling.js';
import { villageChecks } from '../../app/villages.js';
import { clearanceReportXlsx } from '../files/clearance-xlsx.js';
import { fileReaders } from '../files/uploads.js';
import { publicityHtml } from '../files/publicity-html.js';
import { printedPeriods, publicityRoutes } from './publicity-routes.js';
import { powertoolsMetrics } from '../telemetry.js';
import { requireOrgdept } from './auth.js';
import { campaignSetupRoutes } from './campaign-routes.js';
import type { ApiDeps } from './deps.js';
import { httpHandler, route, type Routes } from './middleware.js';
import { policyRoutes, type PolicyRouteDeps } from './policies-routes.js';
import { orRefuse } from './refusals.js';
import { file, html, ok, reply, XLSX_TYPE } from './responses.js';
import { decodeUpload } from './uploads.js';
import { filingRoutes } from './process-routes.js';
import { ExtensionDecisionRequest, ExtensionList, ExtensionListQuery, ExtensionView } from '../../api/extensions.js';
import { decideExtension, listExtensions } from '../../app/extensions.js';
import { DepartmentOverdue, DepartmentOverdueParams } from '../../api/overdue.js';
import { departmentOverdue } from '../../app/department-overdue.js';
import { orgdeptRecheckRoutes } from './recheck-request-routes.js';

export type OrgdeptApiDeps = ApiDeps &
  Pick<PolicyRouteDeps, 'deployedDepartments'> & {
    /** The candidate-review state machine: a re-check starts an execution of it. */
    executions?: Executions;
  };

export function orgdeptRoutes(deps: OrgdeptApiDeps): Routes {
  const metered = { ...deps, metrics: powertoolsMetrics(deps.powertools.metrics) };
  return {
    ...campaignSetupRoutes(deps),
    'POST /campaigns': route({
      body: CreateCampaignRequest,
      handle: async ({ principal, body }) => {
        requireOrgdept(principal);
        const { units, ...campaign } = body;
        const input = { caller: principal, campaign, ...(units === undefined ? {} : { units: decodeUpload(units, 'units') }) };
        const result = await createCampaign({ ...deps, files: fileReaders, deployedDepartments: deps.deployedDepartments ?? null }, input);
        return reply(CampaignResponse, orRefuse(result), 201);
      },
    }),

    // Any signed-in user: townships and departments need the campaign id and department names.
    'GET /campaigns': route({
      handle: async () => reply(CampaignList, await listCampaigns(deps)),
    }),

    'GET /campaigns/{id}/dashboard': route({
      params: IdParams,
      handle: async ({ principal, params }) => {
        requireOrgdept(principal);
        return reply(Dashboard, orRefuse(await dashboard(deps, { campaignId: params.id })));
      },
    }),

    'GET /campaigns/{id}/referred': route({
      params: IdParams,
      handle: async ({ principal, params }) => {
        requireOrgdept(principal);
        return reply(ReferredList, orRefuse(await referred(deps, { campaignId: params.id })));
      },
    }),

    'POST /candidates/{id}/ruling': route({
      params: IdParams,
      body: RulingRequest,
      handle: async ({ principal, params, body }) => {
        requireOrgdept(principal);
        const { created: isNew, ...result } = orRefuse(await rule(deps, { caller: principal, candidateId: params.id, ...body }));
        return reply(RulingResponse, result, isNew ? 201 : 200);
      },
    }),

    'POST /candidates/{id}/ruling/revision': route({
      params: IdParams,
      body: RulingRevisionRequest,
      handle: async ({ principal, params, body }) => {
        requireOrgdept(principal);
        return reply(RulingRevisionResponse, orRefuse(await reviseRuling(deps, { caller: principal, candidateId: params.id, ...body })));
      },
    }),

    'POST /candidates/{id}/dispute/ruling': route({
      params: IdParams,
      body: DisputeRulingRequest,
      handle: async ({ principal, params, body }) => {
        requireOrgdept(principal);
        const { dispute, status } = orRefuse(await ruleDispute(deps, { caller: principal, candidateId: params.id, ...body }));
        const view = { ...dispute, statusLabel: disputeLabel(dispute) };
        return reply(DisputeRulingResponse, { dispute: view, status, statusLabel: shownLabel(status) });
      },
    }),

    'POST /candidates/{id}/recheck': route({
      params: IdParams,
      body: RecheckRequest,
      handle: async ({ principal, params, body }) => {
        requireOrgdept(principal);
        if (deps.executions === undefined) throw new Error('re-checks need the state machine (executions)');
        const input = { caller: principal, candidateId: params.id, ...body };
        const { recheck, departmentName } = orRefuse(await requestRecheck({ ...deps, executions: deps.executions }, input));
        return reply(RecheckResponse, { recheck: { ...recheck, departmentName, statusLabel: RECHECK_LABEL } }, 201);
      },
    }),

    'GET /campaigns/{id}/report': route({
      params: IdParams,
      query: ReportQuery,
      handle: async ({ principal, params, query }) => {
        requireOrgdept(principal);
        const report = orRefuse(await exportReport(metered, { caller: principal, campaignId: params.id, format: query.format }));
        if (query.format === 'xlsx') return file(await clearanceReportXlsx(report), XLSX_TYPE, `${report.campaign.name}资格联审结果.xlsx`);
        if (query.format === 'publicity') return html(publicityHtml(report, await printedPeriods(deps, params.id)));
        return reply(ClearanceReport, report);
      },
    }),

    'GET /campaigns/{id}/villages': route({
      params: IdParams,
      handle: async ({ principal, params }) => {
        requireOrgdept(principal);
        return reply(VillageChecks, orRefuse(await villageChecks(deps, { campaignId: params.id })));
      },
    }),

    'GET /candidates/{id}/audit': route({
      params: IdParams,
      handle: async ({ principal, params }) => {
        requireOrgdept(principal);
        // Events exactly as stored: the chain verifies them, and a tampered event (verification.ok
        // false) must still be shown even when its data no longer has its type's shape (AuditTrail).
        return ok(orRefuse(await auditTrail(deps, { chainId: params.id })));
      },
    }),

    'POST /campaigns/{id}/reminders': route({
      params: IdParams,
      body: ReminderRequest,
      handle: async ({ principal, params, body }) => {
        requireOrgdept(principal);
        return reply(
          ReminderResponse,
          orRefuse(await remind(deps, { caller: principal, campaignId: params.id, department: body.department })),
          201,
        );
      },
    }),

    'GET /campaigns/{id}/extensions': route({
      params: IdParams,
      query: ExtensionListQuery,
      handle: async ({ principal, params, query }) =>
        reply(ExtensionList, orRefuse(await listExtensions(deps, { caller: principal, campaignId: params.id, ...query }))),
    }),

    'POST /candidates/{id}/extension/decision': route({
      params: IdParams,
      body: ExtensionDecisionRequest,
      handle: async ({ principal, params, body }) => {
        requireOrgdept(principal);
        if (deps.executions === undefined) throw new Error('an approved extension needs the state machine (executions)');
        const input = { caller: principal, candidateId: params.id, ...body };
        return reply(ExtensionView, orRefuse(await decideExtension({ ...deps, executions: deps.executions }, input)));
      },
    }),

    'GET /campaigns/{id}/departments/{code}/overdue': route({
      params: DepartmentOverdueParams,
      handle: async ({ principal, params }) =>
        reply(
          DepartmentOverdue,
          orRefuse(await departmentOverdue(deps, { caller: principal, campaignId: params.id, department: params.code })),
        ),
    }),

    ...policyRoutes(deps),

    ...filingRoutes(deps),
    ...publicityRoutes(deps),
    ...orgdeptRecheckRoutes(deps),
  };
}

export function createOrgdeptApi(deps: OrgdeptApiDeps) {
  return httpHandler(orgdeptRoutes(deps), deps.powertools);
}
