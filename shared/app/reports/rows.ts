// The clearance report's rows: one per candidate, 联审结论 in Chinese with the clauses cited.
import { maskIdNumber } from '../../domain/idcard.js';
import type {
  Decision,
  DecisionOutcome,
  Dossier,
  Education,
  NominationType,
  Policy,
  PoliticalStatus,
  Post,
  Ruling,
  Sex,
} from '../../domain/model.js';
import { DISPUTE_RESULT_LABEL, type Dispute, shownStatus, WITHDRAWN_LABEL, type Withdrawal } from '../../domain/review-changes.js';
import { DUPLICATE_LABEL } from '../../domain/publicity.js';
import { ELECTION_VOID_CITATION, electionResult, FILING_CITATIONS, FILING_LABEL, type FilingStatus } from '../../domain/process.js';
import {
  citeText,
  departmentName,
  FAILED_LABEL,
  FAILED_NOTE,
  OUTCOME_LABEL,
  REVIEWING_LABEL,
  REVIEWING_NOTE,
  reasonText,
  rulingEffect,
  shownLabel,
  unansweredText,
} from './labels.js';

/** failed: the workflow's catch-all marked the candidate (处理失败) and no decision came since; disputed: 复核中. */
export type ReportStatus = DecisionOutcome | 'reviewing' | 'disputed' | 'failed' | 'withdrawn';

export interface ReportCandidate {
  dossier: Pick<
    Dossier,
    | 'candidateId'
    | 'batchId'
    | 'seq'
    | 'township'
    | 'village'
    | 'name'
    | 'sex'
    | 'birth'
    | 'idNumber'
    | 'education'
    | 'political'
    | 'post'
    | 'nominationType'
  >;
  /** Absent while the candidate is still under review. */
  decision?: {
    decision: Decision;
    finalStatus: DecisionOutcome;
    version?: number;
    ruling?: Ruling;
    dispute?: Dispute;
    /** Answers a department corrected: who, under which 文号 (absent where the reader may not see it). */
    corrections?: ReadonlyArray<{ department: string; documentNumber?: string }>;
  };
  /** Undecided and marked failed by the workflow. */
  failed?: boolean;
  /** 已撤回 by the township, whatever was decided; never on the 公示 list. */
  withdrawn?: Pick<Withdrawal, 'reason' | 'replacedBy'>;
  /** A write-in winner vetted after the vote: 当选有效 / 当选无效 instead of 通过 / 不通过. */
  postElection?: true;
  /** A Party-secretary nominee's filing (备案): only `approved` lets a cleared nominee onto the 公示 list. */
  filing?: FilingStatus;
  /**
   * An objection during 公示 checked as 属实 and ruled to take the candidate off (action `ruling`):
   * the candidate's final result is 不通过 whatever the decision before the 公示 said.
   */
  removedByObjection?: { seq: number; checked: string };
  /** The side of a duplicate the organization department set aside: stopped like 已撤回, never on the 公示 list. */
  setAside?: { reason: string };
}

export interface ReportRow {
  /** 序号: running number in the report. */
  no: number;
  candidateId: string;
  batchId: string;
  township: string;
  village: string;
  name: string;
  sex: Sex;
  birth: string;
  /** Masked: 110101********1234. */
  idNumberMasked: string;
  education: Education;
  political: PoliticalStatus;
  post: Post;
  nominationType: NominationType;
  status: ReportStatus;
  /** 联审结论: 通过 / 不通过 / 待组织部门研判 / 未完成 / 处理失败. */
  conclusion: string;
  /** 理由, each with its clause. */
  reasons: string[];
  /** May stand in the election (and so appears on the 公示 list). */
  mayStand: boolean;
}

export function reportReasons(policy: Policy, entry: ReportCandidate['decision']): string[] {
  if (entry === undefined) return [REVIEWING_NOTE];
  const { decision, ruling } = entry;
  const out: string[] = [];
  const dispute = entry.dispute;
  if (dispute?.status === 'open') out.push('乡镇（街道）已申请复核，复核期间结论冻结');
  if (dispute?.ruling !== undefined && shownStatus(entry.finalStatus, entry.version ?? 1, dispute) !== entry.finalStatus) {
    out.push(
      `组织部门复核：改变结论为${OUTCOME_LABEL[shownStatus(entry.finalStatus, entry.version ?? 1, dispute) as DecisionOutcome]}（${dispute.ruling.reason}）`,
    );
  } else if (dispute?.ruling !== undefined) {
    out.push(`组织部门复核：${DISPUTE_RESULT_LABEL[dispute.ruling.result]}（${dispute.ruling.reason}）`);
  }
  if (ruling) out.push(`组织部门研判：${rulingEffect(decision, entry.finalStatus, ruling).text}（${ruling.justification}）`);
  for (const c of entry.corrections ?? []) {
    out.push(`${departmentName(policy, c.department)}已更正答复${c.documentNumber === undefined ? '' : `（依据 ${c.documentNumber}）`}`);
  }
  for (const reason of decision.reasons) out.push(reasonText(policy, reason));
  const missing = unansweredText(policy, decision.unanswered);
  if (missing !== '') out.push(missing);
  if (out.length === 0 && entry.finalStatus === 'cleared') out.push(CLEARED_NOTE);
  return out;
}

const CLEARED_NOTE = '经联审未发现不得提名或不宜提名情形';

/** Why the row says 重复报送，已确定不予联审: the organization department's reason. */
export function setAsideNote(s: NonNullable<ReportCandidate['setAside']>): string {
  return `同一人选由两个乡镇（街道）报送，组织部门确定保留另一报送，本人选不予联审（${s.reason}）`;
}

/** Why the row says 不通过 after the 公示: the objection and how it was checked. */
export function removedNote(r: NonNullable<ReportCandidate['removedByObjection']>): string {
  return `公示期间异议（第 ${r.seq} 件）经核查属实，组织部门研判取消资格（${r.checked}）`;
}

/** Why the row says 已撤回: the township's reason, and whether someone was proposed instead. */
export function withdrawnNote(w: Pick<Withdrawal, 'reason' | 'replacedBy'>): string {
  return `乡镇（街道）已撤回该人选（${w.reason}）${w.replacedBy === undefined ? '' : '，已另提替换人选'}`;
}

function byPlace(a: ReportCandidate, b: ReportCandidate): number {
  return (
    a.dossier.township.localeCompare(b.dossier.township, 'zh-Hans-CN') ||
    a.dossier.village.localeCompare(b.dossier.village, 'zh-Hans-CN') ||
    a.dossier.batchId.localeCompare(b.dossier.batchId) ||
    a.dossier.seq - b.dossier.seq
  );
}

/** Rows ordered by township, village, then the order of the township's file. */
export function buildReportRows(policy: Policy, candidates: readonly ReportCandidate[]): ReportRow[] {
  const sorted = [...candidates].sort(byPlace);
  return sorted
    .map((c, i) => {
      // Set aside as a duplicate: stopped like a withdrawal, so counted with the withdrawn.
      const status: ReportStatus =
        c.withdrawn !== undefined || c.setAside !== undefined
          ? 'withdrawn'
          : c.removedByObjection !== undefined
            ? 'disqualified'
            : c.decision === undefined
              ? c.failed === true
                ? 'failed'
                : 'reviewing'
              : shownStatus(c.decision.finalStatus, c.decision.version ?? 1, c.decision.dispute);
      const d = c.dossier;
      return {
        no: i + 1,
        candidateId: d.candidateId,
        batchId: d.batchId,
        township: d.township,
        village: d.village,
        name: d.name,
        sex: d.sex,
        birth: d.birth,
        idNumberMasked: maskIdNumber(d.idNumber),
        education: d.education,
        political: d.political,
        post: d.post,
        nominationType: d.nominationType,
        status,
        conclusion:
          status === 'withdrawn'
            ? c.withdrawn === undefined
              ? DUPLICATE_LABEL.setAside
              : WITHDRAWN_LABEL
            : status === 'reviewing'
              ? REVIEWING_LABEL
              : status === 'failed'
                ? FAILED_LABEL
                : shownLabel(status),
        reasons:
          c.withdrawn !== undefined
            ? [withdrawnNote(c.withdrawn)]
            : c.setAside !== undefined
              ? [setAsideNote(c.setAside)]
              : c.removedByObjection !== undefined
                ? [removedNote(c.removedByObjection), ...reportReasons(policy, c.decision).filter((r) => r !== CLEARED_NOTE)]
                : status === 'failed'
                  ? [FAILED_NOTE]
                  : reportReasons(policy, c.decision),
        mayStand: status === 'cleared',
      };
    })
    .map((row, i) => withProcess(row, sorted[i]));
}

/** A write-in's 当选有效/当选无效 with its clause; a secretary nominee off the 公示 list until its filing is approved. */
function withProcess(row: ReportRow, c: ReportCandidate | undefined): ReportRow {
  if (c === undefined || row.status === 'withdrawn') return row;
  let out = row;
  const election = c.postElection === true ? electionResult(row.status) : null;
  if (election !== null) {
    const basis =
      election.result === 'void' ? [`另选他人当选人员经资格联审不符合条件，当选无效。依据：${citeText(ELECTION_VOID_CITATION)}`] : [];
    out = { ...out, conclusion: election.label, reasons: [...basis, ...out.reasons] };
  }
  if (c.filing !== undefined && c.filing !== 'approved' && row.status === 'cleared') {
    const note = `党组织书记人选${FILING_LABEL[c.filing]}，备案同意后方为最终人选、列入公示。依据：${FILING_CITATIONS.map(citeText).join('；')}`;
    out = { ...out, conclusion: `${out.conclusion}（${FILING_LABEL[c.filing]}）`, reasons: [...out.reasons, note], mayStand: false };
  }
  return out;
}

export function reportTotals(rows: readonly ReportRow[]): Record<ReportStatus, number> & { total: number } {
  const totals = {
    total: rows.length,
    cleared: 0,
    disqualified: 0,
    referred: 0,
    incomplete: 0,
    reviewing: 0,
    disputed: 0,
    failed: 0,
    withdrawn: 0,
  };
  for (const row of rows) totals[row.status] += 1;
  return totals;
}
