// Glue shared by the pipeline handlers: repositories built once per sandbox (after the ID keys are
// read), and the Powertools middlewares every handler gets.
import middy, { type MiddyfiedHandler } from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { Context } from 'aws-lambda';
import { dynamoDocumentClient } from './clients.js';
import type { CommonConfig } from './config.js';
import { createDynamoRepositories } from './dynamo/index.js';
import { loadIdCrypto } from './id-crypto.js';
import { logger, metrics, tracer } from './powertools.js';
import type { Repositories, StoredCampaign } from './repositories.js';

let repositories: Promise<Repositories> | undefined;

/** The sandbox's repositories; a failed key read is retried on the next call. */
export function sharedRepositories(config: CommonConfig): Promise<Repositories> {
  if (repositories === undefined) {
    const attempt = loadIdCrypto(config).then((crypto) =>
      createDynamoRepositories({ doc: dynamoDocumentClient(config), tableName: config.TABLE_NAME, crypto }),
    );
    repositories = attempt;
    attempt.catch(() => {
      if (repositories === attempt) repositories = undefined;
    });
  }
  return repositories;
}

/** What every pipeline handler factory takes; tests pass fakes. */
export interface PipelineDeps {
  repos: () => Promise<Repositories>;
  now: () => Date;
}

/** Wraps a handler with Powertools logger context, tracing and metrics flushing. */
export function withPowertools<E, R>(fn: (event: E, context: Context) => Promise<R>): MiddyfiedHandler<E, R> {
  return middy<E, R>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .handler(fn);
}

// Campaigns are never edited after creation, so each sandbox keeps the ones it has read.
const campaignCaches = new WeakMap<Repositories, Map<string, StoredCampaign>>();

/** The campaign, read once per sandbox; throws when it does not exist. */
export async function campaignOf(repos: Repositories, campaignId: string): Promise<StoredCampaign> {
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
