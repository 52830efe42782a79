// Redriving failed reviews: `lianshen redrive` and the hourly scheduled job both run this. The
// workflow's catch-all marked the candidate 处理失败 and the execution ended FAILED; a redrive
// runs it again (same execution, same input; every step is idempotent), and CountBatchProgress
// clears the mark once the candidate gets through.
import { z } from 'zod';
import type { Log, Redrives } from './ports.js';
import { mapLimit } from './common.js';

/** Step Functions redrives an execution for 14 days after it stopped. */
export const REDRIVE_WINDOW_DAYS = 14;
const DAY_MS = 24 * 3600 * 1000;

const ExecutionInput = z.object({ campaignId: z.string(), candidateId: z.string() });

export interface RedriveResult {
  /** FAILED executions in the window (of the campaign, when one was named). */
  found: number;
  redriven: number;
  notRedrivable: number;
  /** Execution names (campaign and candidate ids, no personal data). */
  executions: Array<{ name: string; result: 'redriven' | 'notRedrivable' }>;
}

export async function redriveFailed(
  deps: { redrives: Redrives; now: () => Date; log: Log },
  input: { campaignId?: string; maxAgeDays?: number; concurrency?: number } = {},
): Promise<RedriveResult> {
  const days = Math.min(REDRIVE_WINDOW_DAYS, input.maxAgeDays ?? REDRIVE_WINDOW_DAYS);
  const failed = await deps.redrives.listFailed(new Date(deps.now().getTime() - days * DAY_MS));
  // The name starts with the campaign id (executionName); the input says for sure.
  const mine =
    input.campaignId === undefined
      ? failed
      : (
          await mapLimit(failed, 4, async (e) => {
            const parsed = ExecutionInput.safeParse(await deps.redrives.inputOf(e.executionArn));
            return parsed.success && parsed.data.campaignId === input.campaignId ? [e] : [];
          })
        ).flat();
  // A few at a time: RedriveExecution has a token-bucket quota of its own, far above this.
  const executions = await mapLimit(mine, input.concurrency ?? 2, async (e) => ({
    name: e.name,
    result: await deps.redrives.redrive(e.executionArn),
  }));
  const redriven = executions.filter((e) => e.result === 'redriven').length;
  const result = { found: mine.length, redriven, notRedrivable: executions.length - redriven, executions };
  if (mine.length > 0) deps.log.info('failed executions redriven', { found: result.found, redriven, notRedrivable: result.notRedrivable });
  return result;
}
