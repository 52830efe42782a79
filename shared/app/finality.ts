// When a candidate's result may no longer change by a correction, a revised ruling or a re-check
// the organization department asks for on its own: once the campaign's 公示 has started
// (schedule.publicityStart, review-changes.ts resultsFinal), and once the candidate was put on a
// 公示 list (publicity.ts openPublicity): from the opening, even before its first day, because the
// list people are shown is drawn up then. What may still change it is an objection checked during
// the period (objections.ts: 属实 → 发回重审 or removal) and a township's dispute.
import type { Campaign } from '../domain/model.js';
import type { PublicityPeriod } from '../domain/publicity.js';
import { resultsFinal } from '../domain/review-changes.js';
import type { Repositories } from './ports.js';
import { conflict, type Refusal } from './refusals.js';

/** The code of every such refusal (the same as the campaign-wide one: the result is final). */
export const RESULTS_FINAL = 'RESULTS_FINAL';

export type Finality = { by: 'campaign' } | { by: 'publicity'; period: PublicityPeriod } | null;

/** Why the candidate's result is final as of `today` (Beijing), or null while it may still change. */
export async function finalityOf(
  repos: Pick<Repositories, 'publicity'>,
  campaign: Pick<Campaign, 'id' | 'schedule'>,
  candidateId: string,
  today: string,
): Promise<Finality> {
  if (resultsFinal(campaign, today)) return { by: 'campaign' };
  const period = (await repos.publicity.periods(campaign.id)).find((p) => p.candidateIds.includes(candidateId));
  return period === undefined ? null : { by: 'publicity', period };
}

/**
 * A founded objection sent the candidate back to a department (发回重审) after `since` (the current
 * ruling's time): the ruling that re-check calls for may still be given, once per such objection.
 */
export async function reopenedByObjection(
  repos: Pick<Repositories, 'publicity'>,
  campaignId: string,
  candidateId: string,
  since: string,
): Promise<boolean> {
  const objections = await repos.publicity.objections(campaignId, candidateId);
  return objections.some((o) => o.outcome?.result === 'founded' && o.outcome.action === 'recheck' && o.outcome.decidedAt > since);
}

/** The candidates of the campaign already on a 公示 list. */
export async function publishedCandidates(repos: Pick<Repositories, 'publicity'>, campaignId: string): Promise<Set<string>> {
  return new Set((await repos.publicity.periods(campaignId)).flatMap((p) => p.candidateIds));
}

/**
 * The refusal of `change` (更正答复, 修改研判结论, 发回重审) for a final result; `campaignText` is the
 * message the campaign-wide case has always given.
 */
export function finalRefusal(finality: Exclude<Finality, null>, change: string, campaignText: string): Refusal {
  if (finality.by === 'campaign') return conflict(campaignText, { code: RESULTS_FINAL });
  const { periodId, startDate, endDate } = finality.period;
  return conflict(
    `该人选已列入公示（${startDate} 至 ${endDate}），联审结果已确定，不能再${change}；公示期内的异议经核查属实的，由组织部门发回重审或取消资格`,
    { code: RESULTS_FINAL, periodId },
  );
}
