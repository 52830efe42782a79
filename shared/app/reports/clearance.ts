// The clearance report (联审结果汇总表) as data; shared/adapters/files/clearance-xlsx.ts writes it as xlsx. ID numbers are masked.
import type { Policy } from '../../domain/model.js';
import type { ReportAudit } from '../anchoring.js';
import { buildReportRows, reportTotals, type ReportCandidate, type ReportRow, type ReportStatus } from './rows.js';

export interface ReportCampaign {
  id: string;
  name: string;
  jurisdiction: string;
  electionDate: string;
  referenceDate: string;
}

export interface ClearanceReport {
  campaign: ReportCampaign;
  policy: { id: string; version: string; name: string };
  generatedAt: string;
  totals: Record<ReportStatus, number> & { total: number };
  rows: ReportRow[];
  /** The digest over the candidates' audit-chain heads, and the anchor that holds it. */
  audit?: ReportAudit;
}

export function buildClearanceReport(input: {
  campaign: ReportCampaign;
  policy: Policy;
  candidates: readonly ReportCandidate[];
  generatedAt: string;
  audit?: ReportAudit;
}): ClearanceReport {
  const rows = buildReportRows(input.policy, input.candidates);
  return {
    campaign: input.campaign,
    policy: { id: input.policy.id, version: input.policy.version, name: input.policy.name },
    generatedAt: input.generatedAt,
    totals: reportTotals(rows),
    rows,
    ...(input.audit === undefined ? {} : { audit: input.audit }),
  };
}
