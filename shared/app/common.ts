// Small helpers every use case shares: campaigns and their policy, actors, bounded concurrency.
import { createHash } from 'node:crypto';
import type { Actor, Campaign, Department, Policy } from '../domain/model.js';
import type { Caller } from './access.js';
import type { Metrics, Repositories, StoredCampaign, StoredPolicy } from './ports.js';
import { notFound, type Refusal } from './refusals.js';

/** What most use cases take: the stores and the clock (tests pass a fixed one). */
export interface UseCaseDeps {
  repos: Repositories;
  now: () => Date;
}

export interface MeteredDeps extends UseCaseDeps {
  metrics: Metrics;
}

export async function loadCampaign(repos: Repositories, campaignId: string): Promise<StoredCampaign | Refusal> {
  return (await repos.campaigns.get(campaignId)) ?? notFound('未找到该换届工作');
}

/**
 * The policy version a campaign pins. A campaign stored before versions were pinned means the
 * built-in version of its policy (the only one there was), else the latest.
 */
export async function pinnedPolicy(repos: Repositories, campaign: Campaign): Promise<StoredPolicy | undefined> {
  if (campaign.policyVersion !== undefined) return repos.policies.get(campaign.policyId, campaign.policyVersion);
  const builtIn = (await repos.policies.versions(campaign.policyId)).find((v) => v.builtIn);
  return builtIn === undefined ? repos.policies.latest(campaign.policyId) : repos.policies.get(builtIn.id, builtIn.version);
}

/** The campaign's pinned policy; stored versions are never deleted, so a missing one is a broken store. */
export async function policyOf(repos: Repositories, stored: StoredCampaign): Promise<Policy> {
  const found = await pinnedPolicy(repos, stored.campaign);
  if (found === undefined) {
    throw new Error(
      `policy ${stored.campaign.policyId}@${stored.campaign.policyVersion ?? '?'} of campaign ${stored.campaign.id} is not in the store`,
    );
  }
  return found.policy;
}

export function findDepartment(policy: Policy, code: string): Department | undefined {
  return policy.departments.find((d) => d.code === code);
}

export function actorOf(caller: Pick<Caller, 'userId'>, kind: Actor['kind']): Actor {
  return { kind, id: caller.userId };
}

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** SHA-256 of a task token: lets us recognise a token without storing it twice. */
/**
 * An answer this far ahead of its task's deadline is confirmed in the same put that stores it (one
 * write instead of two): Step Functions cannot time the task out before the send, so the
 * confirmation only has to be taken back when the execution has ended meanwhile. A confirmed
 * answer stands when the task times out (RecordOverdue), so one whose send was lost still counts.
 */
export const CONFIRM_ON_PUT_MARGIN_MS = 5 * 60_000;

export function confirmsOnPut(dueAt: string | undefined, now: Date): boolean {
  return dueAt !== undefined && Date.parse(dueAt) - now.getTime() > CONFIRM_ON_PUT_MARGIN_MS;
}

export function tokenHash(taskToken: string): string {
  return sha256(taskToken);
}

/** Runs `fn` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      const item = items[index];
      if (item !== undefined) results[index] = await fn(item, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, () => worker()));
  return results;
}

/**
 * The campaign and its pinned policy for a pipeline step; throws when either is missing. Read every
 * time (a consistent read): a policy switch changes the pin, and a step must decide under the
 * version pinned now. The policy versions themselves are kept by the store (they never change).
 */
export async function pipelineCampaign(repos: Repositories, campaignId: string): Promise<{ stored: StoredCampaign; policy: Policy }> {
  const stored = await repos.campaigns.get(campaignId);
  if (stored === undefined) throw new Error(`campaign ${campaignId} not found`);
  return { stored, policy: await policyOf(repos, stored) };
}
