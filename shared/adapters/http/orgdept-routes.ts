// orgdeptApi: the organization department runs the campaign: dashboard, referred cases and
// rulings, reports, per-village checks, audit trails and reminders.
import { createHash } from 'node:crypto';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { verifyChain } from '../../domain/audit/chain.js';
import { findRelativeConflicts, structureReport } from '../../domain/batch-checks.js';
import { maskIdNumber } from '../../domain/idcard.js';
import { Campaign, type Dossier, type Policy, type Ruling, type Verdict } from '../../domain/model.js';
import { getPolicy, isPolicyId } from '../../domain/policies/index.js';
import { buildClearanceReport } from '../../app/reports/clearance.js';
import { clearanceReportXlsx } from '../files/clearance-xlsx.js';
import { OUTCOME_LABEL } from '../../app/reports/labels.js';
import { publicityHtml } from '../files/publicity-html.js';
import {
  ConflictError,
  ID_PATTERN,
  type FinalStatus,
  type Routing,
  type StoredCampaign,
  type StoredDecision,
  type StoredVerdict,
  type TaskView,
} from '../repositories.js';
import { requireOrgdept } from './auth.js';
import { actorOf, campaignChainId, isoNow, loadCampaign, mapLimit, policyOf, type ApiDeps } from './deps.js';
import { badRequest, conflict, notFound } from './errors.js';
import { httpHandler, route, type Routes } from './middleware.js';
import { created, file, html, ok, XLSX_TYPE } from './responses.js';
import { decisionView, progressOf, reportCandidates, routedCodes } from './views.js';

export type OrgdeptApiDeps = ApiDeps;

const IdParams = z.object({ id: z.string().regex(ID_PATTERN) });
const CampaignBody = z.object({
  id: z.string().regex(ID_PATTERN),
  name: z.string().trim().min(1).max(100),
  jurisdiction: z.string().trim().min(1).max(100),
  policyId: z.string().min(1).max(40),
  electionDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  referenceDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  townships: z
    .array(z.object({ code: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/), name: z.string().trim().min(1).max(50) }))
    .max(500)
    .optional(),
});
const RulingBody = z.object({
  outcome: z.enum(['uphold', 'disqualify']),
  justification: z.string().trim().min(5).max(2000),
});
const ReportQuery = z.object({ format: z.enum(['json', 'xlsx', 'publicity']).default('json') });
const ReminderBody = z.object({ department: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/) });

const FINAL_STATUSES: readonly FinalStatus[] = ['cleared', 'disqualified', 'referred', 'incomplete'];
const DAY_MS = 86_400_000;

function campaignView(stored: StoredCampaign) {
  const c = stored.campaign;
  const policy = isPolicyId(c.policyId) ? getPolicy(c.policyId) : undefined;
  return {
    id: c.id,
    name: c.name,
    jurisdiction: c.jurisdiction,
    policyId: c.policyId,
    electionDate: c.electionDate,
    referenceDate: c.referenceDate,
    townships: c.townships ?? [],
    createdAt: stored.createdAt,
    createdBy: stored.createdBy,
    policy:
      policy === undefined
        ? null
        : {
            id: policy.id,
            version: policy.version,
            name: policy.name,
            departments: policy.departments.map((d) => ({ code: d.code, name: d.name, mode: d.mode, slaDays: d.slaDays })),
          },
  };
}

interface CandidateState {
  dossier: Dossier;
  township: string;
  routed: string[];
  verdicts: StoredVerdict[];
  decision: StoredDecision | undefined;
}

/** Everything the dashboard needs about one campaign. Reads per candidate, bounded concurrency. */
async function snapshot(deps: ApiDeps, campaignId: string, policy: Policy): Promise<{ batches: number; states: CandidateState[] }> {
  const batches = await deps.repos.batches.listByCampaign(campaignId);
  const decisions = await decisionsByCandidate(deps, campaignId);
  const perBatch = await mapLimit(batches, 4, async (batch) => {
    const dossiers = await deps.repos.candidates.listDossiersByBatch(batch.batchId);
    return mapLimit(dossiers, 16, async (dossier): Promise<CandidateState> => {
      const [routing, verdicts]: [Routing | undefined, StoredVerdict[]] = await Promise.all([
        deps.repos.candidates.getRouting(dossier.candidateId),
        deps.repos.verdicts.listByCandidate(dossier.candidateId),
      ]);
      return {
        dossier,
        township: batch.township,
        routed: routedCodes(policy, routing, dossier),
        verdicts,
        decision: decisions.get(dossier.candidateId),
      };
    });
  });
  return { batches: batches.length, states: perBatch.flat() };
}

async function decisionsByCandidate(deps: ApiDeps, campaignId: string): Promise<Map<string, StoredDecision>> {
  const lists = await Promise.all(FINAL_STATUSES.map((s) => deps.repos.decisions.listByCampaign(campaignId, s)));
  return new Map(lists.flat().map((d) => [d.decision.candidateId, d]));
}

async function campaignDossiers(deps: ApiDeps, campaignId: string): Promise<Dossier[]> {
  const batches = await deps.repos.batches.listByCampaign(campaignId);
  return (await mapLimit(batches, 4, (b) => deps.repos.candidates.listDossiersByBatch(b.batchId))).flat();
}

function daysLate(deadline: string, now: Date): number {
  return Math.max(0, Math.ceil((now.getTime() - Date.parse(deadline)) / DAY_MS));
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function orgdeptRoutes(deps: OrgdeptApiDeps): Routes {
  return {
    'POST /campaigns': route({
      body: CampaignBody,
      handle: async ({ principal, body }) => {
        requireOrgdept(principal);
        if (!isPolicyId(body.policyId)) {
          throw badRequest(`请求内容有误：policyId 不是已知的政策编号`, { field: 'policyId', in: 'body' });
        }
        const codes = new Set<string>();
        body.townships?.forEach((t, i) => {
          if (codes.has(t.code)) throw badRequest(`请求内容有误：townships[${i}].code 重复`, { field: `townships.${i}.code`, in: 'body' });
          codes.add(t.code);
        });
        const campaign = Campaign.parse(body);
        const result = await deps.repos.campaigns.create(campaign, { createdAt: isoNow(deps), createdBy: principal.userId });
        if (!result.created) throw conflict('已存在相同编号的换届工作', { campaign: campaignView(result.stored) });
        return created({ campaign: campaignView(result.stored) });
      },
    }),

    // Any signed-in user: townships and departments need the campaign id and department names.
    'GET /campaigns': route({
      handle: async () => ok({ campaigns: (await deps.repos.campaigns.list()).map(campaignView) }),
    }),

    'GET /campaigns/{id}/dashboard': route({
      params: IdParams,
      handle: async ({ principal, params }) => {
        requireOrgdept(principal);
        const stored = await loadCampaign(deps, params.id);
        const policy = policyOf(stored);
        const now = deps.now();
        const { batches, states } = await snapshot(deps, params.id, policy);

        const funnel = {
          submitted: states.length,
          answered: 0,
          decided: 0,
          cleared: 0,
          disqualified: 0,
          referred: 0,
          incomplete: 0,
          reviewing: 0,
        };
        const townships = new Map<
          string,
          {
            township: string;
            townshipName: string | null;
            candidates: number;
            answeredTasks: number;
            totalTasks: number;
            decided: number;
            cleared: number;
            disqualified: number;
            referred: number;
            incomplete: number;
          }
        >();
        const departments = new Map(
          policy.departments.map((d) => [
            d.code,
            {
              code: d.code,
              name: d.name,
              mode: d.mode,
              slaDays: d.slaDays,
              asked: 0,
              answered: 0,
              clear: 0,
              findings: 0,
              pending: 0,
              overdue: 0,
              declined: 0,
            },
          ]),
        );
        for (const s of states) {
          const progress = progressOf(s.routed, s.verdicts);
          if (progress.answered === progress.total) funnel.answered += 1;
          const status = s.decision?.finalStatus;
          if (status === undefined) funnel.reviewing += 1;
          else {
            funnel.decided += 1;
            funnel[status] += 1;
          }
          let t = townships.get(s.township);
          if (t === undefined) {
            t = {
              township: s.township,
              townshipName: stored.campaign.townships?.find((x) => x.code === s.township)?.name ?? s.dossier.township,
              candidates: 0,
              answeredTasks: 0,
              totalTasks: 0,
              decided: 0,
              cleared: 0,
              disqualified: 0,
              referred: 0,
              incomplete: 0,
            };
            townships.set(s.township, t);
          }
          t.candidates += 1;
          t.answeredTasks += progress.answered;
          t.totalTasks += progress.total;
          if (status !== undefined) {
            t.decided += 1;
            t[status] += 1;
          }
          const byDept = new Map<string, Verdict['status']>(s.verdicts.map((v) => [v.verdict.department, v.verdict.status]));
          for (const code of s.routed) {
            const d = departments.get(code);
            if (d === undefined) continue;
            d.asked += 1;
            const v = byDept.get(code);
            if (v === 'clear' || v === 'findings') {
              d.answered += 1;
              d[v] += 1;
            } else if (v === 'overdue' || v === 'declined') d[v] += 1;
            else d.pending += 1;
          }
        }

        // Deadlines live on review tasks: open past deadline, or timed out without an answer.
        const reminders = (await deps.repos.audit.listByCandidate(campaignChainId(params.id))).filter((e) => e.type === 'reminded');
        const overdue = (
          await mapLimit(policy.departments, 8, async (d) => {
            const [open, late] = await Promise.all([
              deps.repos.tasks.listInbox(d.code, 'open'),
              deps.repos.tasks.listInbox(d.code, 'overdue'),
            ]);
            const mine = (ts: TaskView[]) => ts.filter((t) => t.campaignId === params.id);
            const openPast = mine(open).filter((t) => Date.parse(t.deadline) < now.getTime());
            const timedOut = mine(late);
            const all = [...openPast, ...timedOut];
            if (all.length === 0 && (departments.get(d.code)?.overdue ?? 0) === 0) return undefined;
            const ownReminders = reminders.filter((e) => e.data['department'] === d.code);
            const last = ownReminders.at(-1);
            return {
              department: d.code,
              name: d.name,
              openPastDeadline: openPast.length,
              overdueTasks: timedOut.length,
              overdueVerdicts: departments.get(d.code)?.overdue ?? 0,
              daysLate: all.reduce((max, t) => Math.max(max, daysLate(t.deadline, now)), 0),
              reminders: ownReminders.length,
              lastRemindedAt: last?.at ?? null,
            };
          })
        ).filter((x) => x !== undefined);
        overdue.sort((a, b) => b.daysLate - a.daysLate);

        return ok({
          campaign: campaignView(stored),
          generatedAt: now.toISOString(),
          totals: { batches, candidates: states.length },
          funnel,
          byTownship: [...townships.values()],
          byDepartment: [...departments.values()],
          overdue,
          reminders: reminders.map((e) => ({ department: e.data['department'] ?? null, at: e.at, by: e.actor.id })),
        });
      },
    }),

    'GET /campaigns/{id}/referred': route({
      params: IdParams,
      handle: async ({ principal, params }) => {
        requireOrgdept(principal);
        const stored = await loadCampaign(deps, params.id);
        const policy = policyOf(stored);
        const [referred, cleared, disqualified] = await Promise.all(
          (['referred', 'cleared', 'disqualified'] as const).map((s) => deps.repos.decisions.listByCampaign(params.id, s)),
        );
        const ruled = [...(cleared ?? []), ...(disqualified ?? [])].filter((d) => d.ruling !== undefined);
        const item = async (d: StoredDecision) => {
          const view = await deps.repos.candidates.getView(d.decision.candidateId);
          return {
            candidateId: d.decision.candidateId,
            batchId: d.batchId,
            name: view?.name ?? null,
            idNumberMasked: view === undefined ? null : maskIdNumber(view.idNumber),
            sex: view?.sex ?? null,
            birth: view?.birth ?? null,
            township: view?.township ?? null,
            village: view?.village ?? null,
            post: view?.post ?? null,
            decision: decisionView(policy, d),
          };
        };
        return ok({ pending: await mapLimit(referred ?? [], 8, item), ruled: await mapLimit(ruled, 8, item) });
      },
    }),

    'POST /candidates/{id}/ruling': route({
      params: IdParams,
      body: RulingBody,
      handle: async ({ principal, params, body }) => {
        requireOrgdept(principal);
        const decision = await deps.repos.decisions.get(params.id);
        if (decision === undefined) throw notFound('该人选尚无联审结论');
        if (decision.decision.outcome !== 'referred') throw conflict('只有“待组织部门研判”的人选可以研判');
        const at = isoNow(deps);
        let result: { created: boolean; ruling: Ruling };
        try {
          result = await deps.repos.rulings.put({
            campaignId: decision.decision.campaignId,
            candidateId: params.id,
            outcome: body.outcome,
            justification: body.justification,
            ruledBy: principal.userId,
            ruledAt: at,
          });
        } catch (error) {
          if (error instanceof ConflictError) throw conflict('只有“待组织部门研判”的人选可以研判');
          throw error;
        }
        const ruling = result.ruling;
        if (!result.created && (ruling.outcome !== body.outcome || ruling.justification !== body.justification)) {
          throw conflict('该人选已经研判，不能重复研判', { ruling });
        }
        await deps.repos.audit.append(
          {
            candidateId: params.id,
            type: 'ruled',
            actor: actorOf(principal, 'orgdept'),
            at: ruling.ruledAt,
            // The text stays with the ruling; the chain pins it by hash.
            data: { outcome: ruling.outcome, justificationSha256: sha256(ruling.justification), decisionVersion: decision.version },
          },
          { dedupeKey: 'ruled' },
        );
        const finalStatus: FinalStatus = ruling.outcome === 'uphold' ? 'cleared' : 'disqualified';
        return (result.created ? created : ok)({ ruling, finalStatus, statusLabel: OUTCOME_LABEL[finalStatus] });
      },
    }),

    'GET /campaigns/{id}/report': route({
      params: IdParams,
      query: ReportQuery,
      handle: async ({ principal, params, query, metrics }) => {
        requireOrgdept(principal);
        const stored = await loadCampaign(deps, params.id);
        const policy = policyOf(stored);
        const c = stored.campaign;
        const generatedAt = isoNow(deps);
        const report = buildClearanceReport({
          campaign: { id: c.id, name: c.name, jurisdiction: c.jurisdiction, electionDate: c.electionDate, referenceDate: c.referenceDate },
          policy,
          candidates: await reportCandidates(deps, await campaignDossiers(deps, params.id)),
          generatedAt,
        });
        await deps.repos.audit.append({
          candidateId: campaignChainId(params.id),
          type: 'report_exported',
          actor: actorOf(principal, 'orgdept'),
          at: generatedAt,
          data: { format: query.format, rows: report.rows.length, totals: report.totals },
        });
        metrics.addMetric('ReportsExported', MetricUnit.Count, 1);
        if (query.format === 'xlsx') return file(await clearanceReportXlsx(report), XLSX_TYPE, `${c.name}资格联审结果.xlsx`);
        if (query.format === 'publicity') return html(publicityHtml(report));
        return ok(report);
      },
    }),

    'GET /campaigns/{id}/villages': route({
      params: IdParams,
      handle: async ({ principal, params }) => {
        requireOrgdept(principal);
        const stored = await loadCampaign(deps, params.id);
        const policy = policyOf(stored);
        const decisions = await decisionsByCandidate(deps, params.id);
        // Disqualified candidates do not stand, so they neither conflict nor count in the team.
        const standing = (await campaignDossiers(deps, params.id)).filter(
          (d) => decisions.get(d.candidateId)?.finalStatus !== 'disqualified',
        );
        const structure = structureReport(standing, policy, stored.campaign.referenceDate);
        const conflicts = findRelativeConflicts(standing, policy);
        const key = (township: string, village: string) => `${township}\u0000${village}`;
        const villages = new Map<string, { township: string; village: string; structure: unknown; conflicts: unknown[] }>();
        for (const s of structure)
          villages.set(key(s.township, s.village), { township: s.township, village: s.village, structure: s, conflicts: [] });
        for (const c of conflicts) {
          const idOf = (idNumber: string) =>
            standing.find((d) => d.idNumber === idNumber && d.village === c.village && d.township === c.township)?.candidateId ?? null;
          const entry = villages.get(key(c.township, c.village)) ?? {
            township: c.township,
            village: c.village,
            structure: null,
            conflicts: [],
          };
          entry.conflicts.push({
            relation: c.relation,
            via: c.via,
            citation: c.citation,
            // Never ID numbers in a response about relatives.
            candidates: c.candidates.map((p) => ({ candidateId: idOf(p.idNumber), name: p.name })),
          });
          villages.set(key(c.township, c.village), entry);
        }
        return ok({ campaignId: params.id, generatedAt: isoNow(deps), villages: [...villages.values()] });
      },
    }),

    'GET /candidates/{id}/audit': route({
      params: IdParams,
      handle: async ({ principal, params }) => {
        requireOrgdept(principal);
        const [events, head] = await Promise.all([deps.repos.audit.listByCandidate(params.id), deps.repos.audit.head(params.id)]);
        if (events.length === 0 && head === undefined) throw notFound('该人选没有审计记录');
        const verification = verifyChain(events, head === undefined ? undefined : { head: head.hash, count: head.seq + 1 });
        return ok({ candidateId: params.id, events, verification });
      },
    }),

    'POST /campaigns/{id}/reminders': route({
      params: IdParams,
      body: ReminderBody,
      handle: async ({ principal, params, body }) => {
        requireOrgdept(principal);
        const stored = await loadCampaign(deps, params.id);
        const department = policyOf(stored).departments.find((d) => d.code === body.department);
        if (department === undefined) throw badRequest('请求内容有误：department 不是本政策的部门', { field: 'department', in: 'body' });
        const [open, late] = await Promise.all([
          deps.repos.tasks.listInbox(department.code, 'open'),
          deps.repos.tasks.listInbox(department.code, 'overdue'),
        ]);
        const openTasks = open.filter((t) => t.campaignId === params.id).length;
        const overdueTasks = late.filter((t) => t.campaignId === params.id).length;
        const at = isoNow(deps);
        await deps.repos.audit.append({
          candidateId: campaignChainId(params.id),
          type: 'reminded',
          actor: actorOf(principal, 'orgdept'),
          at,
          data: { department: department.code, openTasks, overdueTasks },
        });
        return created({
          department: department.code,
          name: department.name,
          remindedAt: at,
          remindedBy: principal.userId,
          openTasks,
          overdueTasks,
        });
      },
    }),
  };
}

export function createOrgdeptApi(deps: OrgdeptApiDeps) {
  return httpHandler(orgdeptRoutes(deps), deps.powertools);
}
