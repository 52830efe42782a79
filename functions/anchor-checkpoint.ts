// AnchorCheckpoint (hourly on AWS, an EventBridge schedule): appends the audit-chain heads that
// changed since the last checkpoint to the anchor log outside the table, so a rewrite of the
// table's chains is caught by `lianshen verify --anchors` (use case: shared/app/anchoring.ts).
import type { Context } from 'aws-lambda';
import type { AnchorLog } from '../shared/app/ports.js';
import { checkpointChainHeads } from '../shared/app/anchoring.js';
import { anchorLogFor } from '../shared/adapters/anchors/index.js';
import { loadConfig } from '../shared/adapters/config.js';
import { sharedRepositories, telemetry, withPowertools, type PipelineDeps } from '../shared/adapters/runtime.js';

export function createAnchorCheckpointHandler(deps: PipelineDeps & { anchors: AnchorLog | undefined }) {
  // The schedule's event carries nothing the use case needs.
  return withPowertools(async (_event: unknown, _context: Context) => {
    if (deps.anchors === undefined) throw new Error('no anchor log configured (ANCHOR_BUCKET)');
    const { anchor, chains } = await checkpointChainHeads({
      repos: await deps.repos(),
      anchors: deps.anchors,
      now: deps.now,
      log: telemetry.log,
    });
    return { chains, anchored: anchor === undefined ? null : { seq: anchor.seq, changed: anchor.heads.length } };
  });
}

const config = loadConfig('anchorCheckpoint');

export const handler = createAnchorCheckpointHandler({
  repos: () => sharedRepositories(config),
  now: () => new Date(),
  anchors: anchorLogFor(config),
});
