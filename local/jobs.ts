// Work the local stack does on its own, outside any request or message: re-sending answers a crash
// left unconfirmed (at start and every 10 minutes, through the same handler module as AWS's
// schedule) and the periodic checkpoint of every audit-chain head into the anchor file. Uses the
// repositories the handler modules use, from the same environment.
import { anchorLogFor } from '../shared/adapters/anchors/index.js';
import { loadConfig } from '../shared/adapters/config.js';
import { checkpointChainHeads } from '../shared/app/anchoring.js';
import type { AnchorLog, Repositories } from '../shared/app/ports.js';
import type { AnchorRecord } from '../shared/domain/audit/anchors.js';
import type { Gate } from './quiesce.js';

/** Default period of the chain-head checkpoint (LIANSHEN_ANCHOR_INTERVAL_SECONDS overrides it). */
export const DEFAULT_ANCHOR_INTERVAL_SECONDS = 3600;
/** As infra's schedule of confirmAnswers. */
export const CONFIRM_INTERVAL_SECONDS = 600;
/** The notification job's period here: deadlines and the outbox together (AWS splits them, infra/stack.ts). */
export const DEFAULT_NOTIFY_INTERVAL_SECONDS = 60;

export interface StackJobs {
  /** Runs a checkpoint now (also what the timer does); undefined when nothing changed. */
  checkpoint(): Promise<AnchorRecord | undefined>;
  /** Re-sends stored, unconfirmed answers now (the confirmAnswers function); resolves with its result. */
  confirmAnswers(): Promise<unknown>;
  /** Runs the notification job now (deadline notifications, then the outbox's delivery). */
  notifications(): Promise<unknown>;
  stop(): Promise<void>;
}

/** The stack's repositories and anchor log, built from the handlers' environment (process.env). */
export async function stackStores(): Promise<{ repos: Repositories; anchors: AnchorLog | undefined }> {
  const config = loadConfig('batchProgress');
  // Imported here, not at the top: it loads Powertools, which reads the environment once, at
  // import, and the stack sets the handlers' environment only after this module has loaded.
  const { sharedRepositories } = await import('../shared/adapters/runtime.js');
  return { repos: await sharedRepositories(config), anchors: anchorLogFor(config) };
}

export function startStackJobs(opts: {
  intervalSeconds: number;
  /** Invokes a function of the manifest (the stack's Lambda runtime). */
  invoke: (functionName: 'confirmAnswers' | 'notifications', event: unknown) => Promise<unknown>;
  /** Period of the notification job (default DEFAULT_NOTIFY_INTERVAL_SECONDS). */
  notifyIntervalSeconds?: number;
  /** The stack's quiesce gate: jobs do not run while it is paused for a snapshot. */
  gate?: Gate;
  log: (line: string) => void;
}): StackJobs {
  let running: Promise<AnchorRecord | undefined> | undefined;
  let stopped = false;
  const checkpoint = (): Promise<AnchorRecord | undefined> => {
    running ??= (async () => {
      const leave = (await opts.gate?.enter()) ?? (() => undefined);
      try {
        const { repos, anchors } = await stackStores();
        if (anchors === undefined || stopped) return undefined;
        return (await checkpointChainHeads({ repos, anchors, now: () => new Date() })).anchor;
      } finally {
        leave();
        running = undefined;
      }
    })();
    return running;
  };
  let confirming: Promise<unknown> | undefined;
  const confirmAnswers = (): Promise<unknown> => {
    confirming ??= (async () => {
      const leave = (await opts.gate?.enter()) ?? (() => undefined);
      try {
        return await opts.invoke('confirmAnswers', {});
      } finally {
        leave();
        confirming = undefined;
      }
    })();
    return confirming;
  };
  let notifying: Promise<unknown> | undefined;
  const notifications = (): Promise<unknown> => {
    notifying ??= (async () => {
      const leave = (await opts.gate?.enter()) ?? (() => undefined);
      try {
        return await opts.invoke('notifications', { job: 'all' });
      } finally {
        leave();
        notifying = undefined;
      }
    })();
    return notifying;
  };
  const failed = (what: string) => (err: unknown) => opts.log(`${what} failed: ${err instanceof Error ? err.message : String(err)}`);
  const timers = [
    setInterval(() => void checkpoint().catch(failed('anchor checkpoint')), opts.intervalSeconds * 1000),
    setInterval(() => void confirmAnswers().catch(failed('confirming stored answers')), CONFIRM_INTERVAL_SECONDS * 1000),
    setInterval(
      () => void notifications().catch(failed('the notification job')),
      (opts.notifyIntervalSeconds ?? DEFAULT_NOTIFY_INTERVAL_SECONDS) * 1000,
    ),
  ];
  for (const t of timers) t.unref();
  return {
    checkpoint,
    confirmAnswers,
    notifications,
    stop: async () => {
      stopped = true;
      for (const t of timers) clearInterval(t);
      await Promise.all([running?.catch(() => undefined), confirming?.catch(() => undefined), notifying?.catch(() => undefined)]);
    },
  };
}
