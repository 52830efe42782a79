// Anchoring the audit chains in the append-only AnchorLog (shared/domain/audit/anchors.ts): the
// heads of a batch when it completes, of a campaign when its clearance report is generated, and a
// periodic checkpoint of every chain head. Reads through the repositories only.
import { CHECKPOINT_SUBJECT, checkpointDelta, headsDigest, type AnchorRecord, type ChainHead } from '../domain/audit/anchors.js';
import { campaignChainId, departmentChainId } from '../domain/ids.js';
import { mapLimit, policyOf, type UseCaseDeps } from './common.js';
import type { AnchorLog, Log, Repositories } from './ports.js';

export interface AnchorDeps extends UseCaseDeps {
  anchors: AnchorLog;
}

/** The heads of the given chains that have events, in the given order. */
export async function chainHeads(repos: Repositories, chainIds: readonly string[]): Promise<ChainHead[]> {
  const heads = await mapLimit(chainIds, 16, async (chain) => {
    const head = await repos.audit.head(chain);
    return head === undefined ? undefined : { chain, head: head.hash, count: head.seq + 1 };
  });
  return heads.filter((h): h is ChainHead => h !== undefined);
}

async function batchCandidateIds(repos: Repositories, batchId: string): Promise<string[]> {
  return (await repos.candidates.listViewsByBatch(batchId)).map((v) => v.candidateId);
}

/** Every candidate chain of a campaign. */
export async function campaignCandidateIds(repos: Repositories, campaignId: string): Promise<string[]> {
  const batches = await repos.batches.listByCampaign(campaignId);
  return (await mapLimit(batches, 4, (b) => batchCandidateIds(repos, b.batchId))).flat();
}

/** Anchors the heads of one batch's candidates (called when the batch completes). */
export async function anchorBatch(deps: AnchorDeps, batchId: string): Promise<AnchorRecord> {
  const heads = await chainHeads(deps.repos, await batchCandidateIds(deps.repos, batchId));
  return deps.anchors.append({ kind: 'batch', subject: batchId, at: deps.now().toISOString(), heads });
}

/** What the clearance report prints: the digest over its candidates' heads and where it is anchored. */
export interface ReportAudit {
  digest: string;
  chains: number;
  /** The anchor that holds these heads; null when no anchor store is configured. */
  anchor: { seq: number; at: string } | null;
}

/**
 * The digest of the given candidates' heads, anchored as a `report` anchor of the campaign unless
 * the latest report anchor of the campaign already holds the same digest (repeated downloads).
 */
export async function anchorReport(
  deps: UseCaseDeps & { anchors?: AnchorLog },
  input: { campaignId: string; candidateIds: readonly string[] },
): Promise<ReportAudit> {
  const heads = await chainHeads(deps.repos, input.candidateIds);
  const digest = headsDigest(heads);
  if (deps.anchors === undefined) return { digest, chains: heads.length, anchor: null };
  const previous = (await deps.anchors.list()).filter((r) => r.kind === 'report' && r.subject === input.campaignId).at(-1);
  const record =
    previous?.digest === digest
      ? previous
      : await deps.anchors.append({ kind: 'report', subject: input.campaignId, at: deps.now().toISOString(), heads });
  return { digest, chains: heads.length, anchor: { seq: record.seq, at: record.at } };
}

/** Every chain the table holds: each campaign's own, its candidates', and the departments' of its policy. */
export async function allChainIds(repos: Repositories): Promise<string[]> {
  const campaigns = await repos.campaigns.list();
  const ids = new Set<string>();
  for (const stored of campaigns) {
    ids.add(campaignChainId(stored.campaign.id));
    for (const d of (await policyOf(repos, stored)).departments) ids.add(departmentChainId(d.code));
    for (const id of await campaignCandidateIds(repos, stored.campaign.id)) ids.add(id);
  }
  return [...ids];
}

/**
 * A checkpoint of every chain head: appends the heads that changed since the last checkpoint
 * (nothing when none did). Returns the new anchor, if any, and how many chains were read.
 */
export async function checkpointChainHeads(
  deps: AnchorDeps & { log?: Log },
): Promise<{ anchor: AnchorRecord | undefined; chains: number }> {
  const heads = await chainHeads(deps.repos, await allChainIds(deps.repos));
  const delta = checkpointDelta(await deps.anchors.list(), heads);
  if (delta === undefined) return { anchor: undefined, chains: heads.length };
  const anchor = await deps.anchors.append({ kind: 'checkpoint', subject: CHECKPOINT_SUBJECT, at: deps.now().toISOString(), heads: delta });
  deps.log?.info('chain heads checkpointed', { seq: anchor.seq, changed: delta.length, chains: heads.length });
  return { anchor, chains: heads.length };
}
