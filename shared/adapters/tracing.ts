// X-Ray tracing where there is a tracer (on AWS), nothing where there is none (the local stack,
// see `tracer` in powertools.ts). Kept apart from powertools.ts so the HTTP shell takes its
// tracer from its dependencies instead of loading the module-level one.
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { MiddlewareObj } from '@middy/core';

/** The client, its calls traced as X-Ray subsegments when there is a tracer. */
export function traced<T>(client: T, tracer: Tracer | undefined): T {
  return tracer === undefined ? client : tracer.captureAWSv3Client(client);
}

/** Powertools' handler tracing, or no middleware (middy takes a list) without a tracer. */
export function traceHandler<E, R>(tracer: Tracer | undefined): MiddlewareObj<E, R>[] {
  return tracer === undefined ? [] : [captureLambdaHandler(tracer, { captureResponse: false })];
}
