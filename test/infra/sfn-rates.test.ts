// Every Step Functions caller gets its share of the Region's quota as a steady per-sandbox rate,
// so that all its sandboxes at their concurrency stay within the refill.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FUNCTIONS } from '../../functions/manifest.js';
import { REVIEWS_API_SANDBOXES, SEND_TASK_SHARE, type SFN_CALLERS } from '../../infra/sfn-rates.js';
import { sfnQuota } from '../../shared/adapters/sfn/quotas.js';
import { logicalId, resourcesOf, synthRegion } from './synth.js';

const Env = z.looseObject({ Environment: z.object({ Variables: z.record(z.string(), z.unknown()) }) });

function ratesIn(region: string) {
  const built = synthRegion(region);
  const rate = (name: (typeof SFN_CALLERS)[number]) =>
    Number(
      Env.parse(resourcesOf(built.template)[logicalId(built.stack.functions.fn(name))]?.Properties).Environment.Variables[
        'SFN_CALLS_PER_SECOND'
      ],
    );
  const queues = built.template.findResources('AWS::Lambda::EventSourceMapping', {
    Properties: { ScalingConfig: { MaximumConcurrency: FUNCTIONS.checker.eventSource.maxConcurrency } },
  });
  return { rate, checkerMappings: Object.keys(queues).length };
}

describe.each(['us-east-1', 'cn-north-1'])('Step Functions call rates in %s', (region) => {
  const { rate, checkerMappings } = ratesIn(region);
  const start = sfnQuota(region, 'StartExecution').refillPerSecond;
  const send = sfnQuota(region, 'SendTask').refillPerSecond;

  it('keeps the starter’s sandboxes at their MaximumConcurrency within StartExecution’s refill', () => {
    expect(rate('starter')).toBeGreaterThan(0);
    expect(rate('starter') * FUNCTIONS.starter.eventSource.maxConcurrency).toBeLessThanOrEqual(start);
  });

  it('keeps every SendTask* caller together within SendTask’s refill', () => {
    expect(checkerMappings).toBeGreaterThan(0);
    const total =
      rate('checker') * FUNCTIONS.checker.eventSource.maxConcurrency * checkerMappings +
      rate('reviewsApi') * REVIEWS_API_SANDBOXES +
      rate('confirmAnswers');
    expect(total).toBeLessThanOrEqual(send);
    expect(rate('checker') * FUNCTIONS.checker.eventSource.maxConcurrency * checkerMappings).toBeLessThanOrEqual(
      send * SEND_TASK_SHARE.checker,
    );
  });
});
