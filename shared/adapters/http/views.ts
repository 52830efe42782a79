// Response shapes shared by several routes. Every view picks its fields explicitly: stored items
// carry things (tokens, encrypted IDs) that must never reach a browser.
import { routeDepartments } from '../../domain/routing.js';
import type { CandidateRow, Dossier, Policy, Reason, Verdict, Warning } from '../../domain/model.js';
import {
  OUTCOME_LABEL,
  REVIEWING_LABEL,
  citeText,
  departmentName,
  reasonText,
  unansweredText,
  warningText,
} from '../../app/reports/labels.js';
import type { ReportCandidate } from '../../app/reports/rows.js';
import type { Routing, StoredDecision, StoredVerdict } from '../repositories.js';
import { mapLimit, type ApiDeps } from './deps.js';

export interface ReasonView extends Reason {
  departmentName: string;
  /** Plain Chinese with the clause cited. */
  text: string;
}

export function reasonView(policy: Policy, reason: Reason): ReasonView {
  return { ...reason, departmentName: departmentName(policy, reason.department), text: reasonText(policy, reason) };
}

export function warningView(warning: Warning): Warning & { text: string } {
  return { ...warning, text: warningText(warning) };
}

export interface DecisionView {
  outcome: StoredDecision['decision']['outcome'];
  finalStatus: StoredDecision['finalStatus'];
  /** 通过 / 不通过 / 待组织部门研判 / 未完成 */
  statusLabel: string;
  reasons: ReasonView[];
  warnings: Array<Warning & { text: string }>;
  unanswered: Array<{ department: string; departmentName: string; status: string }>;
  unansweredText: string;
  decidedAt: string;
  version: number;
  ruling: { outcome: 'uphold' | 'disqualify'; justification: string; ruledBy: string; ruledAt: string; citation: string } | null;
}

export function decisionView(policy: Policy, stored: StoredDecision): DecisionView {
  const d = stored.decision;
  return {
    outcome: d.outcome,
    finalStatus: stored.finalStatus,
    statusLabel: OUTCOME_LABEL[stored.finalStatus],
    reasons: d.reasons.map((r) => reasonView(policy, r)),
    warnings: d.warnings.map(warningView),
    unanswered: d.unanswered.map((u) => ({
      department: u.department,
      departmentName: departmentName(policy, u.department),
      status: u.status,
    })),
    unansweredText: unansweredText(policy, d.unanswered),
    decidedAt: d.decidedAt,
    version: stored.version,
    ruling:
      stored.ruling === undefined
        ? null
        : {
            outcome: stored.ruling.outcome,
            justification: stored.ruling.justification,
            ruledBy: stored.ruling.ruledBy,
            ruledAt: stored.ruling.ruledAt,
            citation: citeText(policy.source),
          },
  };
}

export const ANSWERED_STATUSES: ReadonlySet<Verdict['status']> = new Set(['clear', 'findings']);

export interface Progress {
  /** Departments that answered (clear or findings). */
  answered: number;
  /** Departments the candidate is sent to. */
  total: number;
  overdue: number;
  declined: number;
}

/** Departments a candidate goes to: the stored routing, or the policy's routing before it is stored. */
export function routedCodes(policy: Policy, routing: Routing | undefined, dossier: Pick<CandidateRow, 'political'> | undefined): string[] {
  if (routing !== undefined) return routing.departments;
  if (dossier === undefined) return policy.departments.map((d) => d.code);
  return routeDepartments(policy, dossier).map((d) => d.code);
}

export function progressOf(routed: readonly string[], verdicts: readonly StoredVerdict[]): Progress {
  const byDept = new Map(verdicts.map((v) => [v.verdict.department, v.verdict.status]));
  let answered = 0;
  let overdue = 0;
  let declined = 0;
  for (const code of routed) {
    const status = byDept.get(code);
    if (status !== undefined && ANSWERED_STATUSES.has(status)) answered += 1;
    else if (status === 'overdue') overdue += 1;
    else if (status === 'declined') declined += 1;
  }
  return { answered, total: routed.length, overdue, declined };
}

export const STATUS_LABEL_REVIEWING = REVIEWING_LABEL;

/** Dossiers with their decisions (and rulings), as the report builders take them. */
export async function reportCandidates(deps: Pick<ApiDeps, 'repos'>, dossiers: readonly Dossier[]): Promise<ReportCandidate[]> {
  return mapLimit(dossiers, 16, async (dossier) => {
    const stored = await deps.repos.decisions.get(dossier.candidateId);
    if (stored === undefined) return { dossier };
    return {
      dossier,
      decision: {
        decision: stored.decision,
        finalStatus: stored.finalStatus,
        ...(stored.ruling === undefined ? {} : { ruling: stored.ruling }),
      },
    };
  });
}
