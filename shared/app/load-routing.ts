// LoadRouting: the departments the campaign's policy sends this candidate to, each with its
// deadline: N working days (the campaign's setting, else the policy's slaDays) on the official
// calendar, counted from now — the tasks are sent right after this step — and ending at the end of
// that Beijing working day. The waitForTaskToken state times out then (TimeoutSecondsPath), and
// the task stores the same instant. The routing is also stored for progress views.
import { routeDepartments } from '../domain/routing.js';
import { departmentDueAt } from '../domain/schedule.js';
import { pipelineCampaign, type UseCaseDeps } from './common.js';
import { workingCalendar } from './holidays.js';

export interface CandidateRef {
  campaignId: string;
  batchId: string;
  candidateId: string;
}

/** A re-check execution's input also names the one department asked again, and which re-check it is. */
export interface RecheckRef {
  department: string;
  sequence: number;
}

export interface RoutedDepartment {
  code: string;
  /** Until dueAt, in whole seconds: the task state's TimeoutSecondsPath. */
  timeoutSeconds: number;
  /** The end (Beijing) of the department's last working day. */
  dueAt: string;
  /** Years counted Monday–Friday because their 放假安排 is not entered. */
  assumedYears: number[];
  /** The re-check the task belongs to: 0 in the first review. */
  recheck: number;
}

export interface RoutingResult {
  policyId: string;
  policyVersion: string;
  departments: RoutedDepartment[];
}

/** A callback task can wait at most one year in Step Functions. */
const MAX_TIMEOUT_SECONDS = 365 * 86400;

/** Whole seconds from `now` until `dueAt`, as Step Functions accepts them (1 s to one year). */
export function secondsUntil(dueAt: string, now: Date): number {
  const seconds = Math.ceil((Date.parse(dueAt) - now.getTime()) / 1000);
  if (!Number.isFinite(seconds) || seconds < 1) throw new Error(`deadline ${dueAt} is not after ${now.toISOString()}`);
  if (seconds > MAX_TIMEOUT_SECONDS) throw new Error(`deadline ${dueAt} exceeds the one-year callback limit`);
  return seconds;
}

/** The departments the campaign's policy sends this candidate to, each with its deadline; stored for progress views. */
export async function loadRouting(deps: UseCaseDeps, input: CandidateRef & { recheck?: RecheckRef }): Promise<RoutingResult> {
  const { repos } = deps;
  // Read fresh, not cached: the schedule (department deadlines) may be edited while batches run.
  const [{ stored: campaign, policy }, calendar, dossier] = await Promise.all([
    pipelineCampaign(repos, input.campaignId),
    workingCalendar(repos),
    repos.candidates.getDossier(input.candidateId),
  ]);
  if (dossier === undefined) throw new Error(`candidate ${input.candidateId} not found`);
  const now = deps.now();
  const recheck = input.recheck;
  const routed = routeDepartments(policy, dossier);
  // A re-check asks only its department, with a deadline counted from now like any task's.
  const asked = recheck === undefined ? routed : routed.filter((d) => d.code === recheck.department);
  if (recheck !== undefined && asked.length === 0) throw new Error(`department ${recheck.department} is not routed for this candidate`);
  const result: RoutingResult = {
    policyId: policy.id,
    policyVersion: policy.version,
    departments: asked.map((d) => {
      const due = departmentDueAt(campaign.campaign, d, now, calendar);
      return {
        code: d.code,
        timeoutSeconds: secondsUntil(due.dueAt, now),
        dueAt: due.dueAt,
        assumedYears: due.assumedYears,
        recheck: recheck?.sequence ?? 0,
      };
    }),
  };
  // The stored routing stays the candidate's full one: a re-check narrows only what is asked now.
  if (recheck !== undefined) return result;
  await repos.candidates.setRouting(input.candidateId, {
    policyId: policy.id,
    policyVersion: policy.version,
    departments: result.departments.map((d) => d.code),
  });
  return result;
}
