// 反馈名单: the per-township feedback list of one batch, sent back to the township office with
// each candidate's conclusion and the reasons (clauses cited). ID numbers are masked.
import type { Policy } from '../domain/model.js';
import { buildReportRows, reportTotals, type ReportCandidate, type ReportRow, type ReportStatus } from './rows.js';
import { tableXlsx } from './xlsx.js';

export interface FeedbackList {
  batchId: string;
  campaignId: string;
  township: string;
  generatedAt: string;
  totals: Record<ReportStatus, number> & { total: number };
  rows: ReportRow[];
}

export function buildFeedbackList(input: {
  batchId: string;
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

export const FEEDBACK_HEADERS = ['序号', '村(社区)', '姓名', '性别', '身份证号', '拟任职务', '人选类型', '联审结论', '理由'] as const;
const WIDTHS = [6, 14, 10, 6, 22, 18, 10, 16, 80];

export function feedbackXlsx(list: FeedbackList): Promise<Uint8Array> {
  const t = list.totals;
  return tableXlsx({
    sheetName: '反馈名单',
    columns: FEEDBACK_HEADERS.map((header, i) => ({ header, width: WIDTHS[i] ?? 12, wrap: header === '理由' })),
    rows: list.rows.map((r) => [
      r.no,
      r.village,
      r.name,
      r.sex,
      r.idNumberMasked,
      r.post,
      r.nominationType,
      r.conclusion,
      r.reasons.join('\n'),
    ]),
    about: [
      `${list.township}资格联审反馈名单（批次 ${list.batchId}）`,
      `生成时间：${list.generatedAt}`,
      `合计 ${t.total} 人：通过 ${t.cleared}，不通过 ${t.disqualified}，待组织部门研判 ${t.referred}，未完成 ${t.incomplete + t.reviewing}`,
      '“不通过”的人选不得提名；“待组织部门研判”的人选等待组织部门研判结果；“未完成”表示仍有部门未答复。',
      '身份证号已脱敏（前6位+8个*+后4位）。',
    ],
  });
}
