// 联审台账: one row per candidate × department routed to, with the department's answer as it
// stands (有记录/无记录/未答复/逾期), the categories and clauses of its findings, who answered and
// when, the 文号, and whether the answer came late. shared/adapters/files/ledger-xlsx.ts writes it.
import { maskIdNumber } from '../../domain/idcard.js';
import type { Actor, Dossier, Policy, Verdict } from '../../domain/model.js';
import { beijingDateTime } from '../../domain/time.js';
import { citeText, departmentName } from './labels.js';

export type LedgerAnswer = '有记录' | '无记录' | '未答复' | '逾期';

export interface LedgerCandidate {
  dossier: Pick<Dossier, 'candidateId' | 'batchId' | 'seq' | 'township' | 'village' | 'name' | 'idNumber'>;
  /** Departments the candidate was sent to (routing), in policy order. */
  departments: readonly string[];
  verdicts: ReadonlyArray<{ verdict: Verdict; lateAnswer?: Verdict }>;
}

export interface LedgerRow {
  no: number;
  candidateId: string;
  township: string;
  village: string;
  name: string;
  /** Masked (110101********1234) unless the export was allowed full numbers. */
  idNumber: string;
  department: string;
  departmentName: string;
  answer: LedgerAnswer;
  /** 记录类别, one per finding. */
  categories: string[];
  /** The clause each category falls under, cited. */
  clauses: string[];
  answeredBy: string;
  /** 谁审查谁负责: the department head who approved an answer with findings (empty: no approval needed). */
  approvedBy: string;
  /** The department's record sources the reviewer searched. */
  sourcesSearched: string[];
  /** Beijing time in Chinese (2026年12月2日 02:57); empty when nobody answered. */
  answeredAt: string;
  documentNumbers: string[];
  late: boolean;
}

export interface Ledger {
  campaignId: string;
  campaignName: string;
  /** The township the ledger is limited to, if any. */
  township?: string;
  generatedAt: string;
  fullIds: boolean;
  rows: LedgerRow[];
}

export function answerOf(verdict: Verdict | undefined): LedgerAnswer {
  if (verdict === undefined) return '未答复';
  if (verdict.status === 'findings') return '有记录';
  if (verdict.status === 'clear') return '无记录';
  if (verdict.status === 'overdue') return '逾期';
  return '未答复';
}

/** Who answered, by name where one is known (reviewers' display names), else by what answered. */
export function answererOf(actor: Actor | undefined, source: Verdict['source'], names: ReadonlyMap<string, string>): string {
  if (actor === undefined) return '';
  if (source === 'timeout' || actor.kind === 'system') return '系统（逾期）';
  if (source === 'extract' || actor.kind === 'auto') return '系统比对（部门名单）';
  return names.get(actor.id) ?? actor.id;
}

function byPlace(a: LedgerCandidate, b: LedgerCandidate): number {
  return (
    a.dossier.township.localeCompare(b.dossier.township, 'zh-Hans-CN') ||
    a.dossier.village.localeCompare(b.dossier.village, 'zh-Hans-CN') ||
    a.dossier.batchId.localeCompare(b.dossier.batchId) ||
    a.dossier.seq - b.dossier.seq
  );
}

export function buildLedgerRows(
  policy: Policy,
  candidates: readonly LedgerCandidate[],
  opts: { fullIds: boolean; names?: ReadonlyMap<string, string> },
): LedgerRow[] {
  const names = opts.names ?? new Map<string, string>();
  const order = new Map(policy.departments.map((d, i) => [d.code, i]));
  const rows: Omit<LedgerRow, 'no'>[] = [];
  for (const c of [...candidates].sort(byPlace)) {
    const byDept = new Map(c.verdicts.map((v) => [v.verdict.department, v]));
    const codes = [...c.departments].sort((x, y) => (order.get(x) ?? 999) - (order.get(y) ?? 999));
    for (const code of codes) {
      const stored = byDept.get(code);
      const verdict = stored?.verdict;
      const findings = verdict?.status === 'findings' ? verdict.findings : [];
      rows.push({
        candidateId: c.dossier.candidateId,
        township: c.dossier.township,
        village: c.dossier.village,
        name: c.dossier.name,
        idNumber: opts.fullIds ? c.dossier.idNumber : maskIdNumber(c.dossier.idNumber),
        department: code,
        departmentName: departmentName(policy, code),
        answer: answerOf(verdict),
        categories: findings.map((f) => f.category),
        clauses: findings.map((f) => {
          const category = policy.categories.find((k) => k.label === f.category);
          return category === undefined ? '' : `${category.group}：${citeText(category.citation)}`;
        }),
        answeredBy: answererOf(verdict?.answeredBy, verdict?.source, names),
        approvedBy: verdict?.approvedBy === undefined ? '' : (names.get(verdict.approvedBy.id) ?? verdict.approvedBy.id),
        sourcesSearched: verdict?.sourcesSearched ?? [],
        answeredAt: verdict?.answeredAt === undefined || verdict.status === 'overdue' ? '' : beijingDateTime(verdict.answeredAt),
        documentNumbers: findings.flatMap((f) => (f.documentNumber === undefined ? [] : [f.documentNumber])),
        late: verdict?.status === 'overdue' || stored?.lateAnswer !== undefined,
      });
    }
  }
  return rows.map((r, i) => ({ no: i + 1, ...r }));
}
