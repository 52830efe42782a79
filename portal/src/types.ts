// Response shapes of the lianshen API, as the route modules in shared/adapters/http build them.
// Only the fields the portal reads are listed.
// Shapes the server already defines are imported (types only, erased from the bundle) so the
// portal cannot drift from them.
import type { Citation } from '../../shared/domain/model';
import type { ImportError } from '../../shared/domain/import/errors';
import type { VillageStructure } from '../../shared/domain/batch-checks';
import type { ReportRow } from '../../shared/app/reports/rows';

export type { Citation, ImportError, ReportRow, VillageStructure };

export type FinalStatus = 'cleared' | 'disqualified' | 'referred' | 'incomplete';
export type CandidateStatus = FinalStatus | 'reviewing';

export interface ReasonView {
  category: string;
  severity: 'bar' | 'concern';
  department: string;
  departmentName: string;
  documentNumber: string | null;
  eligibleFrom: string | null;
  citation: Citation;
  text: string;
}

export interface DecisionView {
  outcome: FinalStatus;
  finalStatus: FinalStatus;
  statusLabel: string;
  reasons: ReasonView[];
  warnings: Array<{ rule: string; message: string; citation: Citation; text: string }>;
  unanswered: Array<{ department: string; departmentName: string; status: string }>;
  unansweredText: string;
  decidedAt: string;
  version: number;
  ruling: { outcome: 'uphold' | 'disqualify'; justification: string; ruledBy: string; ruledAt: string; citation: string } | null;
}

export interface DepartmentInfo {
  code: string;
  name: string;
  mode: 'auto' | 'manual';
  slaDays: number;
}

export interface CampaignView {
  id: string;
  name: string;
  jurisdiction: string;
  policyId: string;
  electionDate: string;
  referenceDate: string;
  townships: Array<{ code: string; name: string }>;
  createdAt: string;
  policy: { id: string; version: string; name: string; departments: DepartmentInfo[] } | null;
}

export interface BatchSummary {
  batchId: string;
  campaignId: string;
  township: string;
  townshipName: string | null;
  policyId: string;
  submittedBy: string;
  submittedAt: string;
  filename: string | null;
  total: number;
  decided: number;
  reportReady: boolean;
}

export interface Progress {
  answered: number;
  total: number;
  overdue: number;
  declined: number;
}

export interface BatchCandidate {
  candidateId: string;
  seq: number;
  name: string;
  sex: string;
  birth: string;
  idNumberMasked: string;
  township: string;
  village: string;
  post: string;
  nominationType: string;
  incumbent: boolean;
  progress: Progress;
  status: CandidateStatus;
  statusLabel: string;
  decision: DecisionView | null;
}

export interface BatchDetail {
  batch: BatchSummary;
  candidates: BatchCandidate[];
  checks: { createdAt: string; conflicts: unknown[]; structure: unknown[] } | null;
}

export interface SubmitResult {
  batchId: string;
  campaignId: string;
  candidates: number;
  replayed: boolean;
}

export interface Actor {
  kind: string;
  id: string;
}

export interface TaskItem {
  taskId: string;
  campaignId: string;
  candidateId: string;
  department: string;
  status: 'open' | 'answered' | 'overdue';
  createdAt: string;
  deadline: string;
  overdue: boolean;
  daysLeft: number;
  hintCount: number;
  candidate: { name: string; idMasked: string; township: string; village: string; post: string };
  assignee: string | null;
  answeredAt: string | null;
  answeredBy: Actor | null;
  lateAnswerAt: string | null;
}

export interface Inbox {
  department: string;
  status: 'open' | 'answered' | 'overdue';
  counts: { open: number; answered: number; overdue: number; openPastDeadline: number; openWithoutHints: number };
  items: TaskItem[];
}

export interface Finding {
  category: string;
  startDate?: string;
  endDate?: string;
  status?: string;
  documentNumber?: string;
  note?: string;
}

export interface AnswerView {
  result: 'clear' | 'findings' | string;
  findings: Finding[];
  answeredAt: string | null;
  answeredBy: Actor | null;
  source: string | null;
}

export interface ReviewCard {
  task: TaskItem;
  department: { code: string; name: string };
  candidate: { name: string; idNumber: string; sex: string; birth: string; township: string; village: string; post: string };
  hints: Array<{ kind: string; category: string; recordName: string; documentNumber: string | null }>;
  answer: AnswerView | null;
  categories: Array<{ label: string; group: string; severity: 'bar' | 'concern'; description: string | null; suggested: boolean }>;
}

export interface AttestResult {
  attestation: {
    department: string;
    statement: string;
    attestedBy: Actor;
    attestedByName: string;
    attestedAt: string;
    taskIds: string[];
    sha256: string;
  };
  answered: string[];
  late: string[];
  skipped: Array<{ taskId: string; reason: string }>;
  lateMessage: string | null;
}

export interface ExtractSummary {
  department: string;
  campaignId: string | null;
  generation: number;
  rows: number;
  persons: number;
  filename: string;
  uploadedBy: string;
  uploadedAt: string;
}

export interface RecordsUploadResult {
  extract: ExtractSummary;
  byCategory: Record<string, number>;
  noRecords: boolean;
}

export interface Funnel {
  submitted: number;
  answered: number;
  decided: number;
  cleared: number;
  disqualified: number;
  referred: number;
  incomplete: number;
  reviewing: number;
}

export interface Dashboard {
  campaign: CampaignView;
  generatedAt: string;
  totals: { batches: number; candidates: number };
  funnel: Funnel;
  byTownship: Array<{
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
  }>;
  byDepartment: Array<{
    code: string;
    name: string;
    mode: string;
    slaDays: number;
    asked: number;
    answered: number;
    clear: number;
    findings: number;
    pending: number;
    overdue: number;
    declined: number;
  }>;
  overdue: Array<{
    department: string;
    name: string;
    openPastDeadline: number;
    overdueTasks: number;
    overdueVerdicts: number;
    daysLate: number;
    reminders: number;
    lastRemindedAt: string | null;
  }>;
  reminders: Array<{ department: unknown; at: string; by: string }>;
}

export interface ReferredItem {
  candidateId: string;
  batchId: string;
  name: string | null;
  idNumberMasked: string | null;
  sex: string | null;
  birth: string | null;
  township: string | null;
  village: string | null;
  post: string | null;
  decision: DecisionView;
}

export interface ReferredQueue {
  pending: ReferredItem[];
  ruled: ReferredItem[];
}

export interface ClearanceReport {
  campaign: { id: string; name: string; jurisdiction: string; electionDate: string; referenceDate: string };
  policy: { id: string; version: string; name: string };
  generatedAt: string;
  totals: Record<CandidateStatus, number> & { total: number };
  rows: ReportRow[];
}

export interface VillageConflict {
  relation: string;
  via: 'declared' | 'id-link';
  citation: Citation | null;
  candidates: Array<{ candidateId: string | null; name: string }>;
}

export interface VillagesView {
  campaignId: string;
  generatedAt: string;
  villages: Array<{ township: string; village: string; structure: VillageStructure | null; conflicts: VillageConflict[] }>;
}

export interface AuditEvent {
  candidateId: string;
  seq: number;
  type: string;
  actor: Actor;
  at: string;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export type ChainVerification =
  | { ok: true; head: string; count: number }
  | { ok: false; index: number; seq: number | null; problem: string; message: string };

export interface AuditTrail {
  candidateId: string;
  events: AuditEvent[];
  verification: ChainVerification;
}
