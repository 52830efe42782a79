// 谁审查谁负责: a department may require its head (负责人) to approve an answer with findings before
// it counts, and names the record sources (记录来源) its reviewers search. Until approved, the
// answer is held on the task: nothing is sent to the workflow, so the candidate stays undecided and
// a deadline that passes meanwhile makes the task overdue (silence never clears). Pure rules.
import { z } from 'zod';
import { Actor, Finding } from './model.js';

export const SOURCE_MAX = 60;
export const SOURCES_MAX = 20;
export const APPROVERS_MAX = 20;

/** One department's review settings in one campaign. */
export const DepartmentReview = z.object({
  campaignId: z.string().min(1),
  department: z.string().min(1),
  /** Answers with findings wait for an approver's 批准 before they count. */
  signOff: z.boolean(),
  /** Login names of the department's accounts that may approve (its head and deputies). */
  approvers: z.array(z.string().min(1)).max(APPROVERS_MAX),
  /** The department's record sources; a reviewer ticks those searched for each answer. */
  sources: z.array(z.string().trim().min(1).max(SOURCE_MAX)).max(SOURCES_MAX),
  /** 1 for the first setting; a change is conditional on the version the editor read. */
  version: z.number().int().positive(),
  updatedBy: z.string().min(1),
  updatedAt: z.string(),
});
export type DepartmentReview = z.output<typeof DepartmentReview>;

/** An answer with findings waiting for approval, on its task. */
export const HeldAnswer = z.object({
  findings: z.array(Finding).min(1),
  sourcesSearched: z.array(z.string()),
  /** The reviewer who answered (their user id), and their login name (an approver must be someone else). */
  by: Actor,
  byUsername: z.string().min(1),
  at: z.string(),
});
export type HeldAnswer = z.output<typeof HeldAnswer>;

/** An approver sent the held answer back to the reviewer (退回), with a reason. */
export const ReturnedAnswer = z.object({ by: Actor, byUsername: z.string().min(1), at: z.string(), reason: z.string() });
export type ReturnedAnswer = z.output<typeof ReturnedAnswer>;

/** Whether this answer must wait for an approver. Answers of 无记录 count at once. */
export function needsSignOff(review: DepartmentReview | undefined, status: 'clear' | 'findings'): boolean {
  return review?.signOff === true && status === 'findings';
}

/**
 * What is wrong with the sources a reviewer ticked: none ticked while the department names some,
 * or one the department does not name. Undefined when they are fine.
 */
export function sourcesProblem(review: DepartmentReview | undefined, searched: readonly string[]): string | undefined {
  const named = review?.sources ?? [];
  if (named.length === 0) return searched.length === 0 ? undefined : '本部门未设置记录来源，不能勾选';
  if (searched.length === 0) return '请勾选本次已查询的记录来源';
  const unknown = searched.find((s) => !named.includes(s));
  return unknown === undefined ? undefined : `“${unknown}”不是本部门设置的记录来源`;
}

/** Why this person may not approve the held answer (second person, named approver); undefined when they may. */
export function approvalProblem(
  review: DepartmentReview | undefined,
  held: HeldAnswer,
  approver: { userId: string; username: string },
): string | undefined {
  if (review === undefined || !review.approvers.includes(approver.username)) return '您不是本部门设置的审核人，不能审核答复';
  if (held.by.id === approver.userId || held.byUsername === approver.username) return '答复须由另一人审核：不能审核自己提交的答复';
  return undefined;
}
