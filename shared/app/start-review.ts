// Starting a candidate's review: one Standard execution per candidate, named after it.
import { createHash } from 'node:crypto';
import type { MeteredDeps } from './common.js';
import { METRIC, type Executions, type IntakeMessage, type Log } from './ports.js';

const MAX_NAME = 80;

/**
 * Execution names allow letters, digits, "-" and "_" (≤ 80). Anything else becomes "_"; a name
 * that is too long, or was changed by sanitising, keeps a hash of the original so two different
 * candidates can never share a name.
 */
export function executionName(campaignId: string, candidateId: string): string {
  const raw = `${campaignId}--${candidateId}`;
  const clean = raw.replace(/[^A-Za-z0-9_-]/g, '_');
  if (clean === raw && clean.length <= MAX_NAME) return clean;
  const hash = createHash('sha256').update(raw, 'utf8').digest('hex').slice(0, 16);
  return `${clean.slice(0, MAX_NAME - hash.length - 1)}_${hash}`;
}

/** One Standard execution per candidate, named after it: a redelivered intake message starts nothing new. */
export async function startReview(
  deps: { executions: Executions; metrics: MeteredDeps['metrics']; log: Log },
  message: IntakeMessage,
): Promise<'started' | 'alreadyStarted'> {
  const name = executionName(message.campaignId, message.candidateId);
  const result = await deps.executions.start({
    name,
    input: { campaignId: message.campaignId, batchId: message.batchId, candidateId: message.candidateId },
  });
  if (result === 'started') deps.metrics.count(METRIC.ExecutionsStarted);
  else {
    deps.metrics.count(METRIC.ExecutionsAlreadyStarted);
    deps.log.info('execution already exists', { execution: name });
  }
  return result;
}
