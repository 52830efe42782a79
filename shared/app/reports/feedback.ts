// 反馈名单: the per-township feedback list of one batch, sent back to the township office with
// each candidate's conclusion and the reasons (clauses cited). ID numbers are masked.
// shared/adapters/files/feedback-xlsx.ts writes it as xlsx.
import type { Policy } from '../../domain/model.js';
import { buildReportRows, reportTotals, type ReportCandidate, type ReportRow, type ReportStatus } from './rows.js';

export interface FeedbackList {
  batchId: string;
  /** 昌国街道 第2批（12月2日）: what the title shows (the id when no name was given). */
  batchName?: string;
  campaignId: string;
  township: string;
  generatedAt: string;
  totals: Record<ReportStatus, number> & { total: number };
  rows: ReportRow[];
}

export function buildFeedbackList(input: {
  batchId: string;
  batchName?: string;
  campaignId: string;
  township: string;
  policy: Policy;
  candidates: readonly ReportCandidate[];
  generatedAt: string;
}): FeedbackList {
  // The township's own order: seq of its file, not alphabetical.
  const rows = buildReportRows(input.policy, input.candidates)
    .sort((a, b) => seqOf(input.candidates, a.candidateId) - seqOf(input.candidates, b.candidateId))
    .map((row, i) => ({ ...row, no: i + 1 }));
  return {
    batchId: input.batchId,
    ...(input.batchName === undefined ? {} : { batchName: input.batchName }),
    campaignId: input.campaignId,
    township: input.township,
    generatedAt: input.generatedAt,
    totals: reportTotals(rows),
    rows,
  };
}

function seqOf(candidates: readonly ReportCandidate[], candidateId: string): number {
  return candidates.find((c) => c.dossier.candidateId === candidateId)?.dossier.seq ?? Number.MAX_SAFE_INTEGER;
}
