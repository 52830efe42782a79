// The same person in two townships' batches of one campaign (重复报送): the later submission is let
// in and flagged (the ID number's HMAC claim names who holds the person), both are reviewed, and
// the organization department decides which stands; the other is set aside (never on the 公示 list)
// and stopped like a withdrawn candidate: its review executions stopped, its open tasks closed.
import type { Duplicate } from '../domain/publicity.js';
import { duplicateLabel } from '../domain/publicity.js';
import { type Caller, canReadTownship, orgdeptOnly } from './access.js';
import { actorOf, loadCampaign, mapLimit, sha256, type UseCaseDeps } from './common.js';
import { stopReview, type WithdrawDeps } from './withdraw-candidate.js';
import type { BatchRecord, Repositories } from './ports.js';
import { PUBLICITY_CODE, publicityPeriods } from './publicity.js';
import { conflict, invalid, isRefusal, notFound, type Refusal } from './refusals.js';
import type { CandidateRow } from '../domain/model.js';
import type { Actor } from '../domain/model.js';

/**
 * After a submission (or its replay): the rows another batch holds are the duplicates; each is
 * kept once and is an audit event on the flagged candidate's chain. Returns them.
 */
export async function flagDuplicates(
  deps: UseCaseDeps,
  input: { batch: BatchRecord; candidates: readonly CandidateRow[]; candidateIds: readonly string[]; actor: Actor },
): Promise<Duplicate[]> {
  const { batch } = input;
  const held = (await deps.repos.batches.heldPersons(batch.campaignId, input.candidates)).filter((c) => c.batchId !== batch.batchId);
  return mapLimit(held, 4, async (clash) => {
    const candidateId = input.candidateIds[clash.position - 1] ?? '';
    const duplicate: Duplicate = {
      campaignId: batch.campaignId,
      candidateId,
      batchId: batch.batchId,
      township: batch.township,
      heldBy: { candidateId: clash.candidateId ?? '', batchId: clash.batchId, township: clash.township },
      flaggedAt: batch.submittedAt,
      status: 'open',
    };
    await deps.repos.publicity.flagDuplicate(duplicate);
    await deps.repos.audit.append(
      {
        candidateId,
        type: 'duplicate_flagged',
        actor: input.actor,
        at: batch.submittedAt,
        data: { heldBy: duplicate.heldBy.candidateId, heldByTownship: clash.township, township: batch.township },
      },
      { dedupeKey: 'duplicate_flagged' },
    );
    return duplicate;
  });
}

export interface DuplicateView extends Duplicate {
  statusLabel: string;
  /** Both sides as people know them. */
  candidate: { name: string; township: string; village: string; seq: number };
  held: { name: string; township: string; village: string; seq: number };
}

async function viewOf(repos: Repositories, d: Duplicate): Promise<DuplicateView> {
  const side = async (candidateId: string) => {
    const v = await repos.candidates.getView(candidateId);
    return { name: v?.name ?? '', township: v?.township ?? '', village: v?.village ?? '', seq: v?.seq ?? 0 };
  };
  return {
    ...d,
    statusLabel: duplicateLabel(d, d.candidateId),
    candidate: await side(d.candidateId),
    held: await side(d.heldBy.candidateId),
  };
}

export async function listDuplicates(deps: UseCaseDeps, input: { caller: Caller; campaignId: string }) {
  const denied = orgdeptOnly(input.caller);
  if (denied !== undefined) return denied;
  const stored = await loadCampaign(deps.repos, input.campaignId);
  if (isRefusal(stored)) return stored;
  const all = await deps.repos.publicity.duplicates(input.campaignId);
  return { duplicates: await mapLimit(all, 8, (d) => viewOf(deps.repos, d)) };
}

export interface ResolveDuplicateInput {
  caller: Caller;
  /** The flagged candidate (the later submission). */
  candidateId: string;
  /** Which of the two stands: the flagged candidate or the one that held the person. */
  keep: string;
  reason: string;
}

export type ResolveDuplicateResult = {
  duplicate: DuplicateView;
  /** The set-aside candidate's departments whose open tasks were closed, and whether a running review was stopped. */
  setAside: { candidateId: string; cancelledTasks: string[]; stopped: boolean };
};

export async function resolveDuplicate(deps: WithdrawDeps, input: ResolveDuplicateInput): Promise<ResolveDuplicateResult | Refusal> {
  const denied = orgdeptOnly(input.caller);
  if (denied !== undefined) return denied;
  const reason = input.reason.trim();
  if (reason.length < 5) return invalid('请填写确定的理由（至少 5 个字）', 'reason', 'REASON_REQUIRED');
  const view = await deps.repos.candidates.getView(input.candidateId);
  if (view === undefined) return notFound('未找到该人选');
  const current = (await deps.repos.publicity.duplicates(view.campaignId)).find((d) => d.candidateId === input.candidateId);
  if (current === undefined) return notFound('该人选没有重复报送的记录');
  const sides = [current.candidateId, current.heldBy.candidateId];
  if (!sides.includes(input.keep)) return invalid('保留的人选须是重复报送的两名人选之一', 'keep', 'KEEP_NOT_A_SIDE');
  if (current.status !== 'open') return conflict('该重复报送已经确定', { code: PUBLICITY_CODE.duplicateResolved });
  const setAside = sides.find((s) => s !== input.keep) ?? '';
  const at = deps.now().toISOString();
  const resolved = await deps.repos.publicity.resolveDuplicate(view.campaignId, input.candidateId, {
    kept: input.keep,
    setAside,
    reason,
    by: input.caller.userId,
    at,
  });
  if (!resolved.resolved) return conflict('该重复报送已经确定', { code: PUBLICITY_CODE.duplicateResolved });
  const dossier = await deps.repos.candidates.getDossier(setAside);
  const stop =
    dossier === undefined
      ? { cancelledTasks: [], stopped: false }
      : await stopReview(deps, dossier, { error: 'CandidateSetAside', cause: '重复报送，组织部门已确定不予联审', at });
  const data = { kept: input.keep, setAside, reasonSha256: sha256(reason) };
  for (const candidateId of sides) {
    await deps.repos.audit.append(
      { candidateId, type: 'duplicate_resolved', actor: actorOf(input.caller, 'orgdept'), at, data },
      { dedupeKey: `duplicate_resolved:${current.candidateId}` },
    );
  }
  return { duplicate: await viewOf(deps.repos, resolved.duplicate), setAside: { candidateId: setAside, ...stop } };
}

/** A batch's candidates with their 公示 status and any duplicate: the township's view (and the orgdept's). */
export async function batchPublicity(deps: UseCaseDeps, input: { caller: Caller; batchId: string }) {
  const batch = await deps.repos.batches.get(input.batchId);
  if (batch === undefined) return notFound('未找到该批次');
  const denied = canReadTownship(input.caller, batch.township);
  if (denied !== undefined) return denied;
  const views = await deps.repos.candidates.listViewsByBatch(input.batchId);
  const ids = new Set(views.map((v) => v.candidateId));
  const periods = await publicityPeriods(deps, { campaignId: batch.campaignId, candidateIds: ids });
  if (isRefusal(periods)) return periods;
  const duplicates = (await deps.repos.publicity.duplicates(batch.campaignId)).filter(
    (d) => ids.has(d.candidateId) || ids.has(d.heldBy.candidateId),
  );
  return {
    batchId: batch.batchId,
    campaignId: batch.campaignId,
    candidates: views.map((v) => {
      const period = periods.find((p) => p.candidateIds.includes(v.candidateId));
      const shown = period?.candidates.find((c) => c.candidateId === v.candidateId);
      const duplicate = duplicates.find((d) => d.candidateId === v.candidateId || d.heldBy.candidateId === v.candidateId);
      return {
        candidateId: v.candidateId,
        seq: v.seq,
        name: v.name,
        village: v.village,
        publicity:
          period === undefined || shown === undefined
            ? null
            : {
                periodId: period.periodId,
                startDate: period.startDate,
                endDate: period.endDate,
                periodStatus: period.status,
                periodStatusLabel: period.statusLabel,
                status: shown.status,
                statusLabel: shown.statusLabel,
                openObjections: shown.objections.filter((o) => o.status === 'open').length,
              },
        duplicate:
          duplicate === undefined
            ? null
            : {
                status: duplicate.status,
                statusLabel: duplicateLabel(duplicate, v.candidateId),
                otherCandidateId: duplicate.candidateId === v.candidateId ? duplicate.heldBy.candidateId : duplicate.candidateId,
                otherTownship: duplicate.candidateId === v.candidateId ? duplicate.heldBy.township : duplicate.township,
              },
      };
    }),
  };
}
