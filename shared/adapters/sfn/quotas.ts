// Step Functions' per-account, per-Region token buckets (AWS quotas) for the calls this system makes
// in bulk, and the steady rate one Lambda sandbox may use so that all of a function's sandboxes
// together stay within the refill. The bucket's burst is not counted on: when a county's batches
// arrive together the refill is what holds.
export type SfnCall = 'StartExecution' | 'SendTask';

interface Bucket {
  bucket: number;
  refillPerSecond: number;
}

/** The Regions with Step Functions' higher quotas (AWS: US East (N. Virginia), US West (Oregon), Europe (Ireland)). */
const LARGE_REGIONS: ReadonlySet<string> = new Set(['us-east-1', 'us-west-2', 'eu-west-1']);

const QUOTAS: Record<'large' | 'other', Record<SfnCall, Bucket>> = {
  large: { StartExecution: { bucket: 1300, refillPerSecond: 300 }, SendTask: { bucket: 3000, refillPerSecond: 500 } },
  other: { StartExecution: { bucket: 800, refillPerSecond: 150 }, SendTask: { bucket: 1500, refillPerSecond: 300 } },
};

export function sfnQuota(region: string, call: SfnCall): Bucket {
  return QUOTAS[LARGE_REGIONS.has(region) ? 'large' : 'other'][call];
}

/**
 * Calls per second for one sandbox: `share` of the Region's refill, divided among at most
 * `sandboxes` concurrent sandboxes of the function, rounded down to 0.01 (never below 0.01).
 */
export function sandboxCallsPerSecond(region: string, call: SfnCall, sandboxes: number, share = 1): number {
  const rate = (sfnQuota(region, call).refillPerSecond * share) / Math.max(1, sandboxes);
  return Math.max(0.01, Math.floor(rate * 100) / 100);
}

/** The commands each bucket meters. */
export const METERED_COMMANDS: Readonly<Record<string, SfnCall>> = {
  StartExecutionCommand: 'StartExecution',
  SendTaskSuccessCommand: 'SendTask',
  SendTaskFailureCommand: 'SendTask',
  SendTaskHeartbeatCommand: 'SendTask',
};
