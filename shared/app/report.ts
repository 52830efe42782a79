// The campaign's clearance report (联审结果汇总表): built from every candidate's decision, and
// its export recorded on the campaign's chain. The HTTP adapter writes it as JSON, xlsx or HTML.
// It carries the digest over its candidates' audit-chain heads, anchored outside the table.
import { campaignChainId } from '../domain/ids.js';
import type { Caller } from './access.js';
import { anchorReport } from './anchoring.js';
import { actorOf, loadCampaign, policyOf, type MeteredDeps } from './common.js';
import { campaignDossiers } from './dashboard.js';
import { METRIC, type AnchorLog } from './ports.js';
import { isRefusal } from './refusals.js';
import { buildClearanceReport } from './reports/clearance.js';
import { reportCandidates } from './views.js';

export type ReportFormat = 'json' | 'xlsx' | 'publicity';

export async function exportReport(
  deps: MeteredDeps & { anchors?: AnchorLog },
  input: { caller: Caller; campaignId: string; format: ReportFormat },
) {
  const { repos } = deps;
  const stored = await loadCampaign(repos, input.campaignId);
  if (isRefusal(stored)) return stored;
  const c = stored.campaign;
  const generatedAt = deps.now().toISOString();
  const dossiers = await campaignDossiers(repos, input.campaignId);
  const report = buildClearanceReport({
    campaign: { id: c.id, name: c.name, jurisdiction: c.jurisdiction, electionDate: c.electionDate, referenceDate: c.referenceDate },
    policy: await policyOf(repos, stored),
    candidates: await reportCandidates(repos, dossiers),
    generatedAt,
    audit: await anchorReport(deps, { campaignId: c.id, candidateIds: dossiers.map((d) => d.candidateId) }),
  });
  await repos.audit.append({
    candidateId: campaignChainId(input.campaignId),
    type: 'report_exported',
    actor: actorOf(input.caller, 'orgdept'),
    at: generatedAt,
    data: { format: input.format, rows: report.rows.length, totals: report.totals },
  });
  deps.metrics.count(METRIC.ReportsExported);
  return report;
}
