// Small helpers every use case shares: campaigns and their policy, actors, bounded concurrency.
import { createHash } from 'node:crypto';
import { getPolicy } from '../domain/policies/index.js';
import type { Actor, Department, Policy } from '../domain/model.js';
import type { Caller } from './access.js';
import type { Metrics, Repositories, StoredCampaign } from './ports.js';
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

export function policyOf(stored: StoredCampaign): Policy {
  return getPolicy(stored.campaign.policyId);
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

// The checker keeps the campaigns it has read: it needs only the policy, which cannot change once
// batches exist. LoadRouting and Decide read the campaign fresh (schedule and village list may change).
const campaignCaches = new WeakMap<Repositories, Map<string, StoredCampaign>>();

/** The campaign, read once per sandbox (pipeline steps); throws when it does not exist. */
export async function pipelineCampaign(repos: Repositories, campaignId: string): Promise<StoredCampaign> {
  let cache = campaignCaches.get(repos);
  if (cache === undefined) {
    cache = new Map();
    campaignCaches.set(repos, cache);
  }
  const hit = cache.get(campaignId);
  if (hit !== undefined) return hit;
  const stored = await repos.campaigns.get(campaignId);
  if (stored === undefined) throw new Error(`campaign ${campaignId} not found`);
  cache.set(campaignId, stored);
  return stored;
}
