// Work the local stack does on its own, outside any request or message: the periodic checkpoint
// of every audit-chain head into the anchor file. (In AWS the same use cases run as scheduled
// functions.) Uses the repositories the handler modules use, from the same environment.
import { anchorLogFor } from '../shared/adapters/anchors/index.js';
import { loadConfig } from '../shared/adapters/config.js';
import { sharedRepositories } from '../shared/adapters/runtime.js';
import { checkpointChainHeads } from '../shared/app/anchoring.js';
import type { AnchorLog, Repositories } from '../shared/app/ports.js';
import type { AnchorRecord } from '../shared/domain/audit/anchors.js';

/** Default period of the chain-head checkpoint (LIANSHEN_ANCHOR_INTERVAL_SECONDS overrides it). */
export const DEFAULT_ANCHOR_INTERVAL_SECONDS = 3600;

/** Something that must not run while the stack is paused for a snapshot (local/quiesce.ts). */
export interface JobGate {
  enter(): Promise<() => void>;
}

export interface StackJobs {
  /** Runs a checkpoint now (also what the timer does); undefined when nothing changed. */
  checkpoint(): Promise<AnchorRecord | undefined>;
  stop(): Promise<void>;
}

/** The stack's repositories and anchor log, built from the handlers' environment (process.env). */
export async function stackStores(): Promise<{ repos: Repositories; anchors: AnchorLog | undefined }> {
  const config = loadConfig('batchProgress');
  return { repos: await sharedRepositories(config), anchors: anchorLogFor(config) };
}

export function startStackJobs(opts: { intervalSeconds: number; gate?: JobGate; log: (line: string) => void }): StackJobs {
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
  const timer = setInterval(() => {
    checkpoint().catch((err: unknown) => opts.log(`anchor checkpoint failed: ${err instanceof Error ? err.message : String(err)}`));
  }, opts.intervalSeconds * 1000);
  timer.unref();
  return {
    checkpoint,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
