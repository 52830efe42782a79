// In-memory Repositories with the same observable semantics as the DynamoDB ones (conditional
// writes, idempotency, inbox order), for handler tests. Write counters let tests assert how often
// a handler really wrote (e.g. "one verdict put").
import { appendEvent } from '../../shared/domain/audit/chain.js';
import { AnswerEvent } from '../../shared/domain/audit/answers.js';
import { canRule, finalStatus } from '../../shared/domain/decision.js';
import {
  type AuditEvent,
  type Campaign,
  type Decision,
  type Dossier,
  Policy,
  type RecordRow,
  type Ruling,
  type Verdict,
} from '../../shared/domain/model.js';
import type { Dispute, Withdrawal } from '../../shared/domain/review-changes.js';
import type { Duplicate, Objection, PublicityPeriod } from '../../shared/domain/publicity.js';
import { compareVersions, policyDigest } from '../../shared/domain/policies/versions.js';
import { summaryOf, withBuiltInPolicies } from '../../shared/app/policy-catalog.js';
import { builtInPolicies } from '../../shared/adapters/files/policy-files.js';
import { decisionDigest } from '../../shared/adapters/dynamo/decisions.js';
import {
  ConflictError,
  IdempotencyConflictError,
  newBatchRecord,
  letsIn,
  PersonAlreadySubmittedError,
  type BatchRecord,
  type PersonClash,
  type BatchReport,
  type CandidateView,
  type PolicyRepository,
  type StoredPolicy,
  type ExtractSummary,
  type Repositories,
  type Routing,
  type StoredCampaign,
  type StoredDecision,
  type StoredHolidayYear,
  type StoredRecheck,
  type StoredVerdict,
  type TaskView,
} from '../../shared/app/ports.js';
import { candidateIdFor, taskIdFor } from '../../shared/domain/ids.js';
import type { BatchStage, Filing } from '../../shared/domain/process.js';
import { memoryProcess } from './memory-process.js';
import { HeldAnswer, ReturnedAnswer } from '../../shared/domain/sign-off.js';
import { memoryRequests } from './memory-requests.js';
import type { Extension, RecheckRequest } from '../../shared/domain/requests.js';
import type { Notification } from '../../shared/domain/notifications.js';
import { memoryNotifications } from './memory-notifications.js';

const clone = <T>(v: T): T => structuredClone(v);
const key = (a: string, b: string): string => `${a}\u0000${b}`;

export interface MemoryCounters {
  verdictWrites: number;
  decisionWrites: number;
  auditAppends: number;
}

export interface MemoryRepositories extends Repositories {
  counters: MemoryCounters;
  /** Direct access for arranging and inspecting state. */
  state: {
    dossiers: Map<string, Dossier & { position: number; routing?: Routing }>;
    verdicts: Map<string, StoredVerdict>;
    tasks: Map<string, TaskView & { taskToken: string }>;
    events: Map<string, AuditEvent[]>;
    extracts: Map<string, { summary: ExtractSummary; rows: RecordRow[] }>;
  };
  /**
   * Everything stored, as canonical text: equal before and after a request means the request wrote
   * nothing. Every Map or Set of state below belongs in it (a store added later too).
   */
  snapshot(): string;
}

/** JSON text of a value with Maps and Sets as sorted entries and object keys sorted. */
function canonicalState(value: unknown): string {
  return JSON.stringify(value, function replacer(_key, v: unknown) {
    if (v instanceof Map) return { map: [...v.entries()].sort(([a], [b]) => String(a).localeCompare(String(b))) };
    if (v instanceof Set) return { set: [...v].map(String).sort() };
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)));
    }
    return v;
  });
}

/** Stored policy versions (without the built-ins, which the catalog puts in front), by id and version. */
function memoryPolicies(versions: Map<string, StoredPolicy>): PolicyRepository {
  const ofId = (id: string) => [...versions.values()].filter((p) => p.id === id).sort((a, b) => compareVersions(a.version, b.version));
  return {
    async get(id, version) {
      const p = versions.get(key(id, version));
      return p && clone(p);
    },
    async latest(id) {
      const p = ofId(id).at(-1);
      return p && clone(p);
    },
    async versions(id) {
      return ofId(id).map(summaryOf);
    },
    async list() {
      return [...versions.values()]
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : compareVersions(a.version, b.version)))
        .map(summaryOf);
    },
    async put(input, meta) {
      const policy = Policy.parse(input);
      const existing = versions.get(key(policy.id, policy.version));
      const digest = policyDigest(policy);
      if (existing) return { result: existing.digest === digest ? 'exists' : 'conflict', stored: clone(existing) };
      const stored: StoredPolicy = {
        id: policy.id,
        version: policy.version,
        name: policy.name,
        jurisdiction: policy.jurisdiction,
        digest,
        builtIn: false,
        storedAt: meta.storedAt,
        storedBy: meta.storedBy,
        policy: clone(policy),
      };
      versions.set(key(policy.id, policy.version), stored);
      return { result: 'created', stored: clone(stored) };
    },
  };
}

export function memoryRepositories(
  options: {
    builtInPolicies?: readonly Policy[];
    /** Versions stored before, as put() stored them (a fixture seeds them without parsing each time). */
    storedPolicies?: readonly StoredPolicy[];
  } = {},
): MemoryRepositories {
  const counters: MemoryCounters = { verdictWrites: 0, decisionWrites: 0, auditAppends: 0 };
  const campaigns = new Map<string, StoredCampaign>();
  const holidays = new Map<number, StoredHolidayYear>();
  const policyVersions = new Map<string, StoredPolicy>((options.storedPolicies ?? []).map((p) => [key(p.id, p.version), clone(p)]));
  const idempotency = new Map<string, { batchId: string; digest: string }>();
  const batches = new Map<string, BatchRecord & { counted: Set<string>; failures: Set<string> }>();
  /** campaignId#idNumber → the batch that holds the person. */
  const persons = new Map<string, Omit<PersonClash, 'position'>>();
  const dossiers = new Map<string, Dossier & { position: number; routing?: Routing }>();
  const extracts = new Map<string, { summary: ExtractSummary; rows: RecordRow[] }>();
  const verdicts = new Map<string, StoredVerdict>();
  const tasks = new Map<string, TaskView & { taskToken: string }>();
  /** Dispatch events by task key, then by dispatch key (one per token). */
  const dispatches = new Map<string, Map<string, AnswerEvent>>();
  const decisions = new Map<string, StoredDecision & { campaignId: string }>();
  const rulings = new Map<string, Ruling>();
  const disputes = new Map<string, Dispute>();
  const rechecks = new Map<string, StoredRecheck>();
  const recheckCounters = new Map<string, number>();
  const withdrawals = new Map<string, Withdrawal>();
  const events = new Map<string, AuditEvent[]>();
  const dedupe = new Set<string>();
  const reports = new Map<string, BatchReport>();
  const stages = new Map<string, BatchStage>();
  const filings = new Map<string, Filing>();
  const notifications = new Map<string, Notification>();
  const periods = new Map<string, PublicityPeriod>();
  const objections = new Map<string, Objection>();
  const duplicates = new Map<string, Duplicate>();
  const extensions = new Map<string, Extension>();
  const recheckRequests = new Map<string, RecheckRequest>();

  const view = (d: Dossier): CandidateView => ({
    candidateId: d.candidateId,
    campaignId: d.campaignId,
    batchId: d.batchId,
    seq: d.seq,
    name: d.name,
    idNumber: d.idNumber,
    sex: d.sex,
    birth: d.birth,
    township: d.township,
    village: d.village,
    post: d.post,
  });
  const publicBatch = (b: BatchRecord & { counted: Set<string>; failures: Set<string> }): BatchRecord => {
    const { counted: _c, failures: _f, ...rest } = b;
    return clone(rest);
  };
  const publicTask = (t: TaskView & { taskToken: string }): TaskView => {
    const { taskToken: _t, ...rest } = t;
    return clone(rest);
  };
  const stripDossier = (d: Dossier & { position: number; routing?: Routing }): Dossier => {
    const { position: _p, routing: _r, ...rest } = d;
    return clone(rest);
  };

  const repos: MemoryRepositories = {
    counters,
    state: { dossiers, verdicts, tasks, events, extracts },
    policies: withBuiltInPolicies(memoryPolicies(policyVersions), options.builtInPolicies ?? builtInPolicies()),
    snapshot: () =>
      canonicalState({
        counters,
        campaigns,
        holidays,
        policyVersions,
        idempotency,
        batches,
        persons,
        dossiers,
        extracts,
        verdicts,
        tasks,
        decisions,
        rulings,
        disputes,
        rechecks,
        recheckCounters,
        withdrawals,
        events,
        dedupe,
        reports,
        stages,
        filings,
        notifications,
        periods,
        objections,
        duplicates,
        extensions,
        recheckRequests,
      }),
    campaigns: {
      async create(campaign: Campaign, meta) {
        const existing = campaigns.get(campaign.id);
        if (existing) return { created: false, stored: clone(existing) };
        const stored = { campaign: clone(campaign), ...meta, revision: 0 };
        campaigns.set(campaign.id, stored);
        return { created: true, stored: clone(stored) };
      },
      async update(campaign: Campaign, meta) {
        const current = campaigns.get(campaign.id);
        if (current === undefined) throw new ConflictError('未找到该换届工作');
        if ((current.revision ?? 0) !== meta.expectedRevision) throw new ConflictError('换届工作已被他人修改，请刷新后重试');
        const stored: StoredCampaign = {
          campaign: clone(campaign),
          createdAt: current.createdAt,
          createdBy: current.createdBy,
          revision: meta.expectedRevision + 1,
          updatedAt: meta.updatedAt,
          updatedBy: meta.updatedBy,
        };
        campaigns.set(campaign.id, stored);
        return clone(stored);
      },
      async get(id) {
        const c = campaigns.get(id);
        return c && clone(c);
      },
      async switchPolicy(id, change) {
        const c = campaigns.get(id);
        if (c === undefined || (c.campaign.policyVersion ?? null) !== change.from) return undefined;
        const next: StoredCampaign = {
          ...c,
          campaign: { ...c.campaign, policyVersion: change.to },
          policySwitches: [...(c.policySwitches ?? []), clone(change)],
        };
        campaigns.set(id, next);
        return clone(next);
      },
      async list() {
        return [...campaigns.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map(clone);
      },
    },
    holidays: {
      async list() {
        return [...holidays.values()].sort((a, b) => a.year.year - b.year.year).map(clone);
      },
      async get(year) {
        const h = holidays.get(year);
        return h && clone(h);
      },
      async put(stored) {
        const previous = holidays.get(stored.year.year);
        holidays.set(stored.year.year, clone(stored));
        return previous === undefined ? {} : { previous: clone(previous) };
      },
    },
    batches: {
      async create(input) {
        const k = key(input.township, input.idempotencyKey);
        const seen = idempotency.get(k);
        if (seen && seen.digest !== input.requestDigest) throw new IdempotencyConflictError();
        const batchId = seen?.batchId ?? input.batchId;
        idempotency.set(k, { batchId, digest: input.requestDigest });
        const candidateIds = input.candidates.map((_, i) => candidateIdFor(batchId, i + 1));
        const existing = batches.get(batchId);
        if (existing) return { created: false, batch: publicBatch(existing), candidateIds };
        const clashes: PersonClash[] = [];
        input.candidates.forEach((row, i) => {
          const held = persons.get(`${input.campaignId}#${row.idNumber}`);
          if (held !== undefined && held.batchId !== batchId && !letsIn(input, held)) clashes.push({ position: i + 1, ...held });
        });
        if (clashes.length > 0) {
          idempotency.delete(k);
          throw new PersonAlreadySubmittedError(clashes);
        }
        input.candidates.forEach((row, i) => {
          if (persons.has(`${input.campaignId}#${row.idNumber}`)) return;
          persons.set(`${input.campaignId}#${row.idNumber}`, {
            candidateId: candidateIds[i] ?? '',
            batchId,
            township: input.township,
            submittedAt: input.submittedAt,
            seq: row.seq,
            ...(input.filename === undefined ? {} : { filename: input.filename }),
          });
        });
        input.candidates.forEach((row, i) => {
          dossiers.set(candidateIds[i] ?? '', {
            ...clone(row),
            candidateId: candidateIds[i] ?? '',
            campaignId: input.campaignId,
            batchId,
            position: i + 1,
            relatives: input.relatives.filter((r) => r.candidateIdNumber === row.idNumber).map(clone),
          });
        });
        const batch = { ...newBatchRecord(batchId, input), counted: new Set<string>(), failures: new Set<string>() };
        batches.set(batchId, batch);
        return { created: !seen, batch: publicBatch(batch), candidateIds };
      },
      async heldPersons(campaignId, candidates) {
        return candidates.flatMap((row, i) => {
          const held = persons.get(`${campaignId}#${row.idNumber}`);
          return held === undefined ? [] : [{ position: i + 1, ...clone(held) }];
        });
      },
      async get(id) {
        const b = batches.get(id);
        return b && publicBatch(b);
      },
      async listByTownship(township) {
        return [...batches.values()]
          .filter((b) => b.township === township)
          .sort((a, b) => b.submittedAt.localeCompare(a.submittedAt))
          .map(publicBatch);
      },
      async listByCampaign(campaignId) {
        return [...batches.values()]
          .filter((b) => b.campaignId === campaignId)
          .sort((a, b) => b.submittedAt.localeCompare(a.submittedAt))
          .map(publicBatch);
      },
      async releasePersons(campaignId, batchId, idNumbers) {
        let released = 0;
        for (const idNumber of idNumbers) {
          const k = `${campaignId}#${idNumber}`;
          if (persons.get(k)?.batchId !== batchId) continue;
          persons.delete(k);
          released++;
        }
        return released;
      },
      async batchOfKey(township, idempotencyKey) {
        return idempotency.get(key(township, idempotencyKey))?.batchId;
      },
    },
    candidates: {
      async getDossier(id) {
        const d = dossiers.get(id);
        return d && stripDossier(d);
      },
      async getView(id) {
        const d = dossiers.get(id);
        return d && view(d);
      },
      async getViews(ids) {
        return [...new Set(ids)].flatMap((id) => {
          const d = dossiers.get(id);
          return d === undefined ? [] : [view(d)];
        });
      },
      async listViewsByBatch(batchId) {
        return [...dossiers.values()]
          .filter((d) => d.batchId === batchId)
          .sort((a, b) => a.position - b.position)
          .map(view);
      },
      async listDossiersByBatch(batchId) {
        return [...dossiers.values()]
          .filter((d) => d.batchId === batchId)
          .sort((a, b) => a.position - b.position)
          .map(stripDossier);
      },
      async setRouting(id, routing) {
        const d = dossiers.get(id);
        if (!d) throw new Error('ConditionalCheckFailedException');
        d.routing = clone(routing);
      },
      async getRouting(id) {
        const r = dossiers.get(id)?.routing;
        return r && clone(r);
      },
    },
    extracts: {
      async replace(input) {
        const summary: ExtractSummary = {
          department: input.department,
          ...(input.campaignId === undefined ? {} : { campaignId: input.campaignId }),
          generation: `g${extracts.size + 1}`,
          rows: input.rows.length,
          persons: new Set(input.rows.map((r) => r.idNumber)).size,
          filename: input.filename,
          uploadedBy: input.uploadedBy,
          uploadedAt: input.uploadedAt,
        };
        extracts.set(key(input.department, input.campaignId ?? '*'), { summary, rows: clone(input.rows) });
        return clone(summary);
      },
      async getActive(department, campaignId) {
        const e = extracts.get(key(department, campaignId)) ?? extracts.get(key(department, '*'));
        return e && clone(e.summary);
      },
      async findRowsOf(extract, idNumbers) {
        const e = extracts.get(key(extract.department, extract.campaignId ?? '*'));
        return new Map(
          idNumbers.map((id) => [id, (e?.rows ?? []).filter((r) => r.idNumber.toUpperCase() === id.toUpperCase()).map(clone)]),
        );
      },
    },
    verdicts: {
      async correct(verdict, expectedAnsweredAt, correction) {
        const k = key(verdict.candidateId, verdict.department);
        const current = verdicts.get(k);
        if (current === undefined) return { corrected: false };
        const answered = current.verdict.status === 'clear' || current.verdict.status === 'findings';
        if (!answered || current.resultSentAt === undefined || current.verdict.answeredAt !== expectedAnsweredAt) {
          return { corrected: false, current: clone(current) };
        }
        counters.verdictWrites += 1;
        const previous = current.verdict;
        const stored: StoredVerdict = {
          ...current,
          verdict: clone(verdict),
          corrections: [...(current.corrections ?? []), { previous, correction: clone(correction) }],
        };
        verdicts.set(k, stored);
        return { corrected: true, stored: clone(stored), previous: clone(previous) };
      },
      async putAnswer(verdict: Verdict, claim, event, confirm) {
        const k = key(verdict.candidateId, verdict.department);
        const existing = verdicts.get(k);
        if (existing) return { written: false, existing: clone(existing) };
        counters.verdictWrites += 1;
        const stored = {
          verdict: clone(verdict),
          ...(claim === undefined ? {} : { sendClaim: clone(claim) }),
          ...(event === undefined ? {} : { event: AnswerEvent.parse(event) }),
          ...(confirm === undefined ? {} : { resultSentAt: confirm.at, resultSentFor: confirm.tokenHash, confirmedOnPut: true }),
        };
        verdicts.set(k, stored);
        return { written: true, stored: clone(stored) };
      },
      async claimSend(candidateId, department, claim, staleBefore) {
        const v = verdicts.get(key(candidateId, department));
        if (!v || v.resultSentAt !== undefined || (v.verdict.status !== 'clear' && v.verdict.status !== 'findings')) return false;
        if (v.sendClaim !== undefined && !(v.sendClaim.at < staleBefore)) return false;
        v.sendClaim = clone(claim);
        return true;
      },
      async releaseSend(candidateId, department, claimBy) {
        const v = verdicts.get(key(candidateId, department));
        if (v?.sendClaim?.by === claimBy) delete v.sendClaim;
      },
      async markResultSent(candidateId, department, hash, at) {
        const v = verdicts.get(key(candidateId, department));
        if (!v || (v.verdict.status !== 'clear' && v.verdict.status !== 'findings')) throw new Error('ConditionalCheckFailedException');
        v.resultSentAt = at;
        v.resultSentFor = hash;
        delete v.confirmedOnPut;
      },
      async unmarkResultSent(candidateId, department, hash) {
        const v = verdicts.get(key(candidateId, department));
        if (v?.confirmedOnPut !== true || v.resultSentFor !== hash) return;
        delete v.resultSentAt;
        delete v.resultSentFor;
        delete v.confirmedOnPut;
      },
      async recordUnanswered({ campaignId, candidateId, department, status, at }) {
        const k = key(candidateId, department);
        const existing = verdicts.get(k);
        const replacement: Verdict = { campaignId, candidateId, department, status, findings: [], answeredAt: at, source: 'timeout' };
        if (!existing) {
          counters.verdictWrites += 1;
          verdicts.set(k, { verdict: replacement });
          return { changed: true, stored: { verdict: clone(replacement) } };
        }
        const answered = existing.verdict.status === 'clear' || existing.verdict.status === 'findings';
        if (existing.resultSentAt !== undefined || !answered) return { changed: false, stored: clone(existing) };
        counters.verdictWrites += 1;
        const stored = {
          verdict: replacement,
          lateAnswer: existing.verdict,
          ...(existing.event === undefined ? {} : { lateEvent: existing.event }),
        };
        verdicts.set(k, stored);
        return { changed: true, stored: clone(stored) };
      },
      async get(candidateId, department) {
        const v = verdicts.get(key(candidateId, department));
        return v && clone(v);
      },
      async getMany(refs) {
        return [...new Set(refs.map((r) => key(r.candidateId, r.department)))].flatMap((k) => {
          const v = verdicts.get(k);
          return v === undefined ? [] : [clone(v)];
        });
      },
      async listByCandidate(candidateId) {
        return [...verdicts.values()].filter((v) => v.verdict.candidateId === candidateId).map(clone);
      },
    },
    tasks: {
      async open(task) {
        const k = key(task.candidateId, task.department);
        const existing = tasks.get(k);
        if (existing && existing.status !== 'open') return { opened: false, task: publicTask(existing) };
        const next = {
          taskId: taskIdFor(task.candidateId, task.department),
          campaignId: task.campaignId,
          candidateId: task.candidateId,
          department: task.department,
          status: 'open' as const,
          createdAt: existing?.createdAt ?? task.createdAt,
          deadline: task.deadline,
          ...(task.deadlineAssumedYears === undefined || task.deadlineAssumedYears.length === 0
            ? {}
            : { deadlineAssumedYears: [...task.deadlineAssumedYears] }),
          hints: clone(task.hints),
          candidate: clone(task.candidate),
          taskToken: task.taskToken,
          ...(existing?.assignee === undefined ? {} : { assignee: existing.assignee }),
          ...(existing?.assigneeName === undefined ? {} : { assigneeName: existing.assigneeName }),
          ...(existing?.assignVersion === undefined ? {} : { assignVersion: existing.assignVersion }),
          ...(existing?.held === undefined ? {} : { held: existing.held }),
          ...(existing?.returned === undefined ? {} : { returned: existing.returned }),
        };
        tasks.set(k, next);
        if (task.dispatch !== undefined) {
          if (!/^[0-9a-f]{1,64}$/.test(task.dispatch.key)) throw new Error('a dispatch key is 1-64 lowercase hex characters');
          const own = dispatches.get(k) ?? new Map<string, AnswerEvent>();
          if (!own.has(task.dispatch.key)) own.set(task.dispatch.key, AnswerEvent.parse(task.dispatch.event));
          dispatches.set(k, own);
        }
        return { opened: true, task: publicTask(next) };
      },
      async dispatchEvents(candidateId) {
        return [...tasks.entries()]
          .filter(([, t]) => t.candidateId === candidateId)
          .flatMap(([k]) => [...(dispatches.get(k)?.values() ?? [])].map(clone));
      },
      async get(candidateId, department) {
        const t = tasks.get(key(candidateId, department));
        return t && publicTask(t);
      },
      async getMany(refs) {
        return refs.flatMap((r) => {
          const t = tasks.get(key(r.candidateId, r.department));
          return t === undefined ? [] : [publicTask(t)];
        });
      },
      async getTokens(refs) {
        return new Map(
          refs.flatMap((r) => {
            const token = tasks.get(key(r.candidateId, r.department))?.taskToken;
            return token === undefined ? [] : [[`${r.candidateId}~${r.department}`, token]];
          }),
        );
      },
      async getToken(candidateId, department) {
        return tasks.get(key(candidateId, department))?.taskToken;
      },
      async listInbox(department, status, opts) {
        const list = [...tasks.values()]
          .filter((t) => t.department === department && t.status === status)
          .sort((a, b) => `${a.deadline}#${a.candidateId}`.localeCompare(`${b.deadline}#${b.candidateId}`))
          .map(publicTask);
        return opts?.limit === undefined ? list : list.slice(0, opts.limit);
      },
      async countInbox(department, status) {
        return [...tasks.values()].filter((t) => t.department === department && t.status === status).length;
      },
      async markAnswered(candidateId, department, by, at) {
        const t = tasks.get(key(candidateId, department));
        if (t?.status !== 'open') return false;
        Object.assign(t, { status: 'answered', answeredAt: at, answeredBy: clone(by) });
        return true;
      },
      async markOverdue(candidateId, department) {
        const t = tasks.get(key(candidateId, department));
        if (t?.status !== 'open') return false;
        t.status = 'overdue';
        return true;
      },
      async markLate(candidateId, department, by, at) {
        const t = tasks.get(key(candidateId, department));
        if (!t || t.status === 'answered') return;
        Object.assign(t, { status: 'overdue', lateAnswerAt: at, lateAnswerBy: clone(by) });
      },
      async reassign(candidateId, department, input) {
        const t = tasks.get(key(candidateId, department));
        if (t?.status !== 'open') return 'notOpen';
        if ((t.assignVersion ?? 0) !== input.expectedVersion) return 'changed';
        t.assignee = input.assignee;
        t.assigneeName = input.assigneeName;
        t.assignVersion = input.expectedVersion + 1;
        return 'reassigned';
      },
      async cancel(candidateId, department) {
        const t = tasks.get(key(candidateId, department));
        if (t?.status !== 'open') return false;
        t.status = 'cancelled';
        return true;
      },
      async hold(candidateId, department, held) {
        const t = tasks.get(key(candidateId, department));
        if (t?.status !== 'open' || t.held !== undefined) return false;
        t.held = HeldAnswer.parse(held);
        delete t.returned;
        return true;
      },
      async release(candidateId, department, heldAt, returned) {
        const t = tasks.get(key(candidateId, department));
        if (t?.status !== 'open' || t.held?.at !== heldAt) return false;
        delete t.held;
        if (returned === undefined) delete t.returned;
        else t.returned = ReturnedAnswer.parse(returned);
        return true;
      },
    },
    decisions: {
      async put(decision: Decision, batchId) {
        const digest = decisionDigest(decision);
        const existing = decisions.get(decision.candidateId);
        if (existing && existing.digest === digest) {
          const { campaignId: _c, ...rest } = existing;
          return { changed: false, stored: clone(rest) };
        }
        counters.decisionWrites += 1;
        const ruling = existing?.ruling;
        const status = finalStatus(decision, ruling);
        const stored: StoredDecision = {
          decision: clone(decision),
          batchId,
          finalStatus: status,
          digest,
          version: (existing?.version ?? 0) + 1,
          ...(ruling === undefined ? {} : { ruling }),
        };
        decisions.set(decision.candidateId, { ...stored, campaignId: decision.campaignId });
        return { changed: true, stored: clone(stored) };
      },
      async get(candidateId) {
        const d = decisions.get(candidateId);
        if (!d) return undefined;
        const { campaignId: _c, ...rest } = d;
        return clone(rest);
      },
      async listByCampaign(campaignId, status) {
        return [...decisions.values()]
          .filter((d) => d.campaignId === campaignId && d.finalStatus === status)
          .sort((a, b) => a.decision.candidateId.localeCompare(b.decision.candidateId))
          .map(({ campaignId: _c, ...rest }) => clone(rest));
      },
    },
    rulings: {
      async put(ruling) {
        const existing = rulings.get(ruling.candidateId);
        if (existing) return { created: false, ruling: clone(existing) };
        const d = decisions.get(ruling.candidateId);
        if (d === undefined || !canRule(d.decision) || d.campaignId !== ruling.campaignId)
          throw new ConflictError('该人选没有待研判的情形');
        rulings.set(ruling.candidateId, clone(ruling));
        d.ruling = clone(ruling);
        d.finalStatus = finalStatus(d.decision, ruling);
        return { created: true, ruling: clone(ruling) };
      },
      async get(candidateId) {
        const r = rulings.get(candidateId);
        return r && clone(r);
      },
      async revise(ruling, expected) {
        const current = rulings.get(ruling.candidateId);
        const d = decisions.get(ruling.candidateId);
        if (current?.ruledAt !== expected.ruledAt || d === undefined || d.version !== expected.version) return { revised: false };
        rulings.set(ruling.candidateId, clone(ruling));
        d.ruling = clone(ruling);
        d.finalStatus = finalStatus(d.decision, ruling);
        d.version += 1;
        const { campaignId: _c, ...rest } = d;
        return { revised: true, stored: clone(rest) };
      },
    },
    changes: {
      async rechecks(candidateId) {
        return [...rechecks.values()]
          .filter((r) => r.recheck.candidateId === candidateId)
          .sort((a, b) => a.recheck.department.localeCompare(b.recheck.department))
          .map(clone);
      },
      async openRecheck(recheck, expected, setAside) {
        const { candidateId, department, sequence } = recheck;
        if ((recheckCounters.get(candidateId) ?? 0) !== sequence - 1) return false;
        const current = verdicts.get(key(candidateId, department));
        if (current === undefined || current.verdict.status !== expected.verdict.status) return false;
        if (current.verdict.answeredAt !== expected.verdict.answeredAt) return false;
        recheckCounters.set(candidateId, sequence);
        rechecks.set(key(candidateId, department), {
          recheck: clone(recheck),
          previousVerdict: clone(current),
          setAside: clone([...setAside]),
        });
        verdicts.delete(key(candidateId, department));
        tasks.delete(key(candidateId, department));
        return true;
      },
      async withdraw(input) {
        const existing = withdrawals.get(input.candidateId);
        if (existing !== undefined) return { withdrawn: false, existing: clone(existing) };
        withdrawals.set(input.candidateId, clone(input));
        return { withdrawn: true, withdrawal: clone(input) };
      },
      async withdrawal(candidateId) {
        const w = withdrawals.get(candidateId);
        return w && clone(w);
      },
      async withdrawnAmong(candidateIds) {
        return new Set(candidateIds.filter((id) => withdrawals.has(id)));
      },
      async withdrawalsByCampaign(campaignId) {
        return [...withdrawals.values()]
          .filter((w) => w.campaignId === campaignId)
          .sort((a, b) => a.candidateId.localeCompare(b.candidateId))
          .map(clone);
      },
    },
    disputes: {
      async open(input) {
        const existing = disputes.get(input.candidateId);
        if (existing !== undefined && (existing.status === 'open' || existing.decisionVersion >= input.decisionVersion)) {
          return { opened: false, existing: clone(existing) };
        }
        const dispute: Dispute = { ...clone(input), status: 'open' };
        disputes.set(input.candidateId, dispute);
        return { opened: true, dispute: clone(dispute) };
      },
      async rule(candidateId, ruling) {
        const current = disputes.get(candidateId);
        if (current?.status !== 'open') return current === undefined ? { ruled: false } : { ruled: false, existing: clone(current) };
        const dispute: Dispute = { ...current, status: 'ruled', ruling: clone(ruling) };
        disputes.set(candidateId, dispute);
        return { ruled: true, dispute: clone(dispute) };
      },
      async get(candidateId) {
        const d = disputes.get(candidateId);
        return d && clone(d);
      },
      async listByCampaign(campaignId) {
        return [...disputes.values()]
          .filter((d) => d.campaignId === campaignId)
          .sort((a, b) => a.candidateId.localeCompare(b.candidateId))
          .map(clone);
      },
    },
    audit: {
      async append(input, opts) {
        const [event] = await repos.audit.appendAll([opts?.dedupeKey === undefined ? { input } : { input, dedupeKey: opts.dedupeKey }]);
        return event === undefined ? { appended: false } : { appended: true, event };
      },
      async appendAll(entries) {
        const ids = new Set(entries.map((e) => e.input.candidateId));
        if (ids.size > 1) throw new Error('appendAll takes events of one candidate');
        const results: Array<AuditEvent | undefined> = [];
        for (const { input, dedupeKey } of entries) {
          if (dedupeKey !== undefined) {
            const k = key(input.candidateId, dedupeKey);
            if (dedupe.has(k)) {
              results.push(undefined);
              continue;
            }
            dedupe.add(k);
          }
          const chain = events.get(input.candidateId) ?? [];
          const event = appendEvent(chain.at(-1), input);
          chain.push(event);
          events.set(input.candidateId, chain);
          counters.auditAppends += 1;
          results.push(clone(event));
        }
        return results;
      },
      async listByCandidate(candidateId) {
        return clone(events.get(candidateId) ?? []);
      },
      async head(candidateId) {
        const last = events.get(candidateId)?.at(-1);
        return last && { seq: last.seq, hash: last.hash };
      },
    },
    progress: {
      async countDecided(batchId, candidateId) {
        const b = batches.get(batchId);
        if (!b) throw new Error(`batch ${batchId} not found`);
        const counted = !b.counted.has(candidateId);
        if (counted) {
          b.counted.add(candidateId);
          b.decided += 1;
        }
        if (b.failures.delete(candidateId)) b.failed -= 1;
        return { counted, decided: b.decided, total: b.total };
      },
      async markFailed(batchId, candidateId) {
        const b = batches.get(batchId);
        if (!b) throw new Error(`batch ${batchId} not found`);
        const recorded = !b.failures.has(candidateId);
        if (recorded) {
          b.failures.add(candidateId);
          b.failed += 1;
        }
        return { recorded };
      },
      async listFailed(batchId) {
        return [...(batches.get(batchId)?.failures ?? [])];
      },
      async putReport(report) {
        const created = !reports.has(report.batchId);
        if (created) reports.set(report.batchId, clone(report));
        const b = batches.get(report.batchId);
        if (b) b.reportReady = true;
        return { created };
      },
      async getReport(batchId) {
        const r = reports.get(batchId);
        return r && clone(r);
      },
    },
    process: memoryProcess(stages, filings),
    requests: memoryRequests({ extension: extensions, recheck: recheckRequests }),
    notifications: memoryNotifications(notifications),
    publicity: {
      async openPeriod(period) {
        const k = key(period.campaignId, period.periodId);
        if (periods.has(k)) return false;
        periods.set(k, clone(period));
        return true;
      },
      async periods(campaignId) {
        return [...periods.values()]
          .filter((p) => p.campaignId === campaignId)
          .sort((a, b) => Number(a.periodId.slice(1)) - Number(b.periodId.slice(1)))
          .map(clone);
      },
      async addObjection(objection) {
        const k = key(objection.campaignId, `${objection.candidateId}#${objection.seq}`);
        if (objections.has(k)) return false;
        objections.set(k, clone(objection));
        return true;
      },
      async objections(campaignId, candidateId) {
        return [...objections.values()]
          .filter((o) => o.campaignId === campaignId && o.candidateId === candidateId)
          .sort((a, b) => a.seq - b.seq)
          .map(clone);
      },
      async objectionsByCampaign(campaignId) {
        return [...objections.values()]
          .filter((o) => o.campaignId === campaignId)
          .sort((a, b) => a.candidateId.localeCompare(b.candidateId) || a.seq - b.seq)
          .map(clone);
      },
      async closeObjection(campaignId, candidateId, seq, outcome) {
        const k = key(campaignId, `${candidateId}#${seq}`);
        const current = objections.get(k);
        if (current?.status !== 'open') return current === undefined ? { closed: false } : { closed: false, existing: clone(current) };
        const objection: Objection = { ...current, status: 'closed', outcome: clone(outcome) };
        objections.set(k, objection);
        return { closed: true, objection: clone(objection) };
      },
      async flagDuplicate(duplicate) {
        const k = key(duplicate.campaignId, duplicate.candidateId);
        if (!duplicates.has(k)) duplicates.set(k, clone(duplicate));
      },
      async duplicates(campaignId) {
        return [...duplicates.values()]
          .filter((d) => d.campaignId === campaignId)
          .sort((a, b) => a.candidateId.localeCompare(b.candidateId))
          .map(clone);
      },
      async resolveDuplicate(campaignId, candidateId, resolution) {
        const k = key(campaignId, candidateId);
        const current = duplicates.get(k);
        if (current?.status !== 'open') return current === undefined ? { resolved: false } : { resolved: false, existing: clone(current) };
        const duplicate: Duplicate = { ...current, status: 'resolved', resolution: clone(resolution) };
        duplicates.set(k, duplicate);
        return { resolved: true, duplicate: clone(duplicate) };
      },
    },
  };
  return repos;
}
