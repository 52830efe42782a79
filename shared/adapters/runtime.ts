// Glue shared by the pipeline handlers: repositories built once per sandbox (after the ID keys are
// read), the Powertools middlewares every handler gets, and the use cases' telemetry ports.
import middy, { type MiddyfiedHandler } from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Context } from 'aws-lambda';
import type { Repositories } from '../app/ports.js';
import { dynamoDocumentClient } from './clients.js';
import type { CommonConfig } from './config.js';
import { createDynamoRepositories } from './dynamo/index.js';
import { loadIdCrypto } from './id-crypto.js';
import { logger, metrics, tracer } from './powertools.js';
import { traceHandler } from './tracing.js';
import { powertoolsLog, powertoolsMetrics } from './telemetry.js';

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

/** The Metrics and Log ports of the module-level Powertools instances. */
export const telemetry = { metrics: powertoolsMetrics(metrics), log: powertoolsLog(logger) };

/** Wraps a handler with Powertools logger context, tracing and metrics flushing. */
export function withPowertools<E, R>(fn: (event: E, context: Context) => Promise<R>): MiddyfiedHandler<E, R> {
  return middy<E, R>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(traceHandler<E, R>(tracer))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .handler(fn);
}
