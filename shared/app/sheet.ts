// 资格审查表: one candidate on one printed page — the particulars, each department's answer (with
// a blank for its seal and signature on paper), the conclusion with its clauses, and the head of
// the candidate's audit chain, so the paper can be checked against the trail. The candidate's
// township and the organization department may print it; the ID number is masked.
import { beijingDateTime } from '../domain/time.js';
import { canReadTownship, type Caller } from './access.js';
import { loadCampaign, policyOf, type UseCaseDeps } from './common.js';
import { isRefusal, notFound, type Refusal } from './refusals.js';
import { buildLedgerRows, type LedgerRow } from './reports/ledger.js';
import { buildReportRows } from './reports/rows.js';
import { reportCandidates, routedCodes } from './views.js';

export interface CandidateSheet {
  candidateId: string;
  campaign: { id: string; name: string; jurisdiction: string };
  policy: { id: string; version: string; name: string };
  candidate: {
    name: string;
    sex: string;
    birth: string;
    idNumberMasked: string;
    education: string;
    political: string;
    post: string;
    nominationType: string;
    township: string;
    village: string;
  };
  departments: Array<
    Pick<
      LedgerRow,
      'department' | 'departmentName' | 'answer' | 'categories' | 'answeredBy' | 'approvedBy' | 'answeredAt' | 'documentNumbers' | 'late'
    >
  >;
  conclusion: string;
  reasons: string[];
  /** The candidate's audit-chain head when printed; null before the first event. */
  audit: { seq: number; hash: string } | null;
  generatedAt: string;
  generatedAtText: string;
}

export async function candidateSheet(
  deps: UseCaseDeps & { reviewerNames?: (departments: readonly string[]) => Promise<ReadonlyMap<string, string>> },
  input: { caller: Caller; candidateId: string },
): Promise<CandidateSheet | Refusal> {
  const { repos } = deps;
  const dossier = await repos.candidates.getDossier(input.candidateId);
  if (dossier === undefined) return notFound('未找到该人选');
  const batch = await repos.batches.get(dossier.batchId);
  // Another township's candidate reads as absent.
  if (batch === undefined || canReadTownship(input.caller, batch.township) !== undefined) return notFound('未找到该人选');
  const stored = await loadCampaign(repos, dossier.campaignId);
  if (isRefusal(stored)) return stored;
  const policy = await policyOf(repos, stored);
  const [routing, verdicts, [reported], head] = await Promise.all([
    repos.candidates.getRouting(dossier.candidateId),
    repos.verdicts.listByCandidate(dossier.candidateId),
    reportCandidates(repos, [dossier]),
    repos.audit.head(dossier.candidateId),
  ]);
  const [row] = buildReportRows(policy, reported === undefined ? [] : [reported]);
  const departments = routedCodes(policy, routing, dossier);
  const names = deps.reviewerNames === undefined ? undefined : await deps.reviewerNames(departments);
  const answers = buildLedgerRows(
    policy,
    [
      {
        dossier,
        departments,
        verdicts: verdicts.map((v) => ({ verdict: v.verdict, ...(v.lateAnswer ? { lateAnswer: v.lateAnswer } : {}) })),
      },
    ],
    { fullIds: false, ...(names === undefined ? {} : { names }) },
  );
  const now = deps.now();
  const c = stored.campaign;
  return {
    candidateId: dossier.candidateId,
    campaign: { id: c.id, name: c.name, jurisdiction: c.jurisdiction },
    policy: { id: policy.id, version: policy.version, name: policy.name },
    candidate: {
      name: dossier.name,
      sex: dossier.sex,
      birth: dossier.birth,
      idNumberMasked: answers[0]?.idNumber ?? row?.idNumberMasked ?? '',
      education: dossier.education,
      political: dossier.political,
      post: dossier.post,
      nominationType: dossier.nominationType,
      township: dossier.township,
      village: dossier.village,
    },
    departments: answers.map((a) => ({
      department: a.department,
      departmentName: a.departmentName,
      answer: a.answer,
      categories: a.categories,
      answeredBy: a.answeredBy,
      approvedBy: a.approvedBy,
      answeredAt: a.answeredAt,
      documentNumbers: a.documentNumbers,
      late: a.late,
    })),
    conclusion: row?.conclusion ?? '未完成',
    reasons: row?.reasons ?? [],
    audit: head ?? null,
    generatedAt: now.toISOString(),
    generatedAtText: beijingDateTime(now),
  };
}
