// Objections (异议) received during 公示: the organization department records who reported (or 匿名),
// what, and when it was received; then how it was checked and the outcome. 不属实 closes it; 属实
// sends one department back (发回重审, request-recheck.ts) or removes the candidate from the list.
// The reporter and the texts stay with the objection; the chain pins them by hash.
import type { Objection, ObjectionAction, ObjectionChannel, ObjectionResult } from '../domain/publicity.js';
import { beijingDay } from '../domain/time.js';
import { type Caller, orgdeptOnly } from './access.js';
import { actorOf, sha256, type UseCaseDeps } from './common.js';
import { canonicalJson } from '../domain/audit/canonical.js';
import { PUBLICITY_CODE } from './publicity.js';
import { conflict, invalid, isRefusal, notFound, type Refusal } from './refusals.js';
import { type RecheckDeps, requestRecheck } from './request-recheck.js';

export interface RecordObjectionInput {
  caller: Caller;
  candidateId: string;
  /** null: anonymous. */
  reporter: { name: string; contact?: string } | null;
  channel: ObjectionChannel;
  content: string;
  /** When it was received (ISO instant); default now. */
  receivedAt?: string;
}

export async function recordObjection(deps: UseCaseDeps, input: RecordObjectionInput): Promise<{ objection: Objection } | Refusal> {
  const denied = orgdeptOnly(input.caller);
  if (denied !== undefined) return denied;
  const content = input.content.trim();
  if (content.length < 5) return invalid('请填写反映的问题（至少 5 个字）', 'content', 'CONTENT_REQUIRED');
  const now = deps.now();
  const receivedAt = input.receivedAt === undefined ? now.toISOString() : new Date(input.receivedAt).toISOString();
  if (receivedAt > now.toISOString()) return invalid('收到异议的时间不能晚于现在', 'receivedAt', 'RECEIVED_IN_FUTURE');
  const view = await deps.repos.candidates.getView(input.candidateId);
  if (view === undefined) return notFound('未找到该人选');
  const periods = await deps.repos.publicity.periods(view.campaignId);
  const period = periods.find((p) => p.candidateIds.includes(input.candidateId));
  if (period === undefined) return conflict('该人选不在公示名单中，不能登记公示异议', { code: PUBLICITY_CODE.notInPeriod });
  const day = beijingDay(receivedAt);
  if (day < period.startDate || day > period.endDate) {
    return invalid(
      `异议须在公示期内收到（${period.startDate} 至 ${period.endDate}），该异议收到于 ${day}`,
      'receivedAt',
      PUBLICITY_CODE.outsidePeriod,
    );
  }
  const reporter = input.reporter === null ? null : { name: input.reporter.name.trim(), ...contactOf(input.reporter.contact) };
  let objection: Objection | undefined;
  const existing = await deps.repos.publicity.objections(view.campaignId, input.candidateId);
  for (let seq = existing.length + 1; objection === undefined && seq <= existing.length + 5; seq++) {
    const next: Objection = {
      campaignId: view.campaignId,
      candidateId: input.candidateId,
      seq,
      periodId: period.periodId,
      reporter,
      channel: input.channel,
      content,
      receivedAt,
      recordedBy: input.caller.userId,
      recordedAt: now.toISOString(),
      status: 'open',
    };
    if (await deps.repos.publicity.addObjection(next)) objection = next;
  }
  if (objection === undefined) throw new Error('could not number a new objection');
  await deps.repos.audit.append(
    {
      candidateId: input.candidateId,
      type: 'objection_received',
      actor: actorOf(input.caller, 'orgdept'),
      at: objection.recordedAt,
      data: {
        periodId: period.periodId,
        seq: objection.seq,
        anonymous: reporter === null,
        channel: objection.channel,
        receivedAt,
        contentSha256: sha256(content),
        reporterSha256: reporter === null ? null : sha256(canonicalJson(reporter)),
      },
    },
    { dedupeKey: `objection:${objection.seq}` },
  );
  return { objection };
}

function contactOf(contact: string | undefined): { contact?: string } {
  const trimmed = contact?.trim();
  return trimmed === undefined || trimmed === '' ? {} : { contact: trimmed };
}

export interface ObjectionOutcomeInput {
  caller: Caller;
  candidateId: string;
  seq: number;
  /** How it was checked (核查情况). */
  checked: string;
  result: ObjectionResult;
  /** With `founded`: a re-check of `department`, or a ruling that removes the candidate. */
  action?: ObjectionAction;
  department?: string;
}

export async function recordObjectionOutcome(
  deps: RecheckDeps,
  input: ObjectionOutcomeInput,
): Promise<{ objection: Objection; recheckStarted: boolean } | Refusal> {
  const denied = orgdeptOnly(input.caller);
  if (denied !== undefined) return denied;
  const checked = input.checked.trim();
  if (checked.length < 5) return invalid('请填写核查情况（至少 5 个字）', 'checked', 'CHECKED_REQUIRED');
  if (input.result === 'founded' && input.action === undefined)
    return invalid('异议属实须选择发回重审或取消资格', 'action', 'ACTION_REQUIRED');
  if (input.result === 'unfounded' && input.action !== undefined)
    return invalid('异议不属实时不选择处理方式', 'action', 'ACTION_NOT_ALLOWED');
  if (input.action === 'recheck' && input.department === undefined)
    return invalid('发回重审须选择部门', 'department', 'DEPARTMENT_REQUIRED');
  const view = await deps.repos.candidates.getView(input.candidateId);
  if (view === undefined) return notFound('未找到该人选');
  const current = (await deps.repos.publicity.objections(view.campaignId, input.candidateId)).find((o) => o.seq === input.seq);
  if (current === undefined) return notFound('未找到该异议');
  if (current.status !== 'open') return conflict('该异议已有核查结果', { code: PUBLICITY_CODE.notOpen });
  let recheckSequence: number | undefined;
  let recheckStarted = false;
  if (input.action === 'recheck') {
    const reason = `公示异议第 ${input.seq} 件经核查属实：${checked}`;
    const asked = await requestRecheck(deps, {
      caller: input.caller,
      candidateId: input.candidateId,
      department: input.department ?? '',
      reason,
      objectionSeq: input.seq,
    });
    if (isRefusal(asked)) return asked;
    recheckSequence = asked.recheck.sequence;
    recheckStarted = asked.started;
  }
  const decidedAt = deps.now().toISOString();
  const closed = await deps.repos.publicity.closeObjection(view.campaignId, input.candidateId, input.seq, {
    checked,
    result: input.result,
    ...(input.action === undefined ? {} : { action: input.action }),
    ...(input.action === 'recheck' && input.department !== undefined ? { department: input.department } : {}),
    ...(recheckSequence === undefined ? {} : { recheckSequence }),
    decidedBy: input.caller.userId,
    decidedAt,
  });
  if (!closed.closed) return conflict('该异议已有核查结果', { code: PUBLICITY_CODE.notOpen });
  await deps.repos.audit.append(
    {
      candidateId: input.candidateId,
      type: 'objection_checked',
      actor: actorOf(input.caller, 'orgdept'),
      at: decidedAt,
      data: {
        seq: input.seq,
        result: input.result,
        action: input.action ?? null,
        department: input.action === 'recheck' ? (input.department ?? null) : null,
        recheckSequence: recheckSequence ?? null,
        checkedSha256: sha256(checked),
      },
    },
    { dedupeKey: `objection_checked:${input.seq}` },
  );
  return { objection: closed.objection, recheckStarted };
}
