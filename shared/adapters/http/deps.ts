// What the API route modules depend on, and lookups they share. Handlers get these injected so
// tests can run them against fakes or mocked SDK clients.
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { getPolicy } from '../../domain/policies/index.js';
import type { Actor, Department, Policy } from '../../domain/model.js';
import type { Repositories, StoredCampaign } from '../repositories.js';
import type { Principal } from './auth.js';
import { notFound } from './errors.js';

export interface Powertools {
  logger: Logger;
  tracer: Tracer;
  metrics: Metrics;
}

export interface ApiDeps {
  repos: Repositories;
  powertools: Powertools;
  /** The wall clock; tests pass a fixed one. */
  now: () => Date;
}

export function isoNow(deps: Pick<ApiDeps, 'now'>): string {
  return deps.now().toISOString();
}

export async function loadCampaign(deps: Pick<ApiDeps, 'repos'>, campaignId: string): Promise<StoredCampaign> {
  const stored = await deps.repos.campaigns.get(campaignId);
  if (stored === undefined) throw notFound('未找到该换届工作');
  return stored;
}

export function policyOf(stored: StoredCampaign): Policy {
  return getPolicy(stored.campaign.policyId);
}

export function findDepartment(policy: Policy, code: string): Department | undefined {
  return policy.departments.find((d) => d.code === code);
}

export function actorOf(principal: Principal, kind: Actor['kind']): Actor {
  return { kind, id: principal.userId };
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

/** Chains that are not a candidate's: campaign-wide events (exports, reminders) and department statements. */
export const campaignChainId = (campaignId: string): string => `campaign~${campaignId}`;
export const departmentChainId = (department: string): string => `department~${department}`;
