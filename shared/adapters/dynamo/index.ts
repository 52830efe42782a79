// All DynamoDB repositories over one table and one document client.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Policy } from '../../domain/model.js';
import { withBuiltInPolicies } from '../../app/policy-catalog.js';
import { builtInPolicies } from '../files/policy-files.js';
import type { IdCrypto } from '../id-crypto.js';
import type { Repositories } from '../../app/ports.js';
import { auditRepository } from './audit.js';
import { batchRepository } from './batches.js';
import { campaignRepository } from './campaigns.js';
import { candidateRepository } from './candidates.js';
import { decisionRepository, rulingRepository } from './decisions.js';
import { disputeRepository } from './disputes.js';
import { extractRepository } from './extracts.js';
import { holidayRepository } from './holidays.js';
import { policyRepository } from './policies.js';
import { progressRepository } from './progress.js';
import { publicityRepository } from './publicity.js';
import { reviewChangeRepository } from './review-changes.js';
import { taskRepository } from './tasks.js';
import { verdictRepository } from './verdicts.js';
import { processRepository } from './process.js';
import { notificationRepository } from './notifications.js';
import { requestStores } from './requests.js';

export function createDynamoRepositories(input: {
  doc: DynamoDBDocumentClient;
  tableName: string;
  crypto: IdCrypto;
  /** In front of the stored policies; default: the policies/ folder shipped with the code. */
  builtInPolicies?: readonly Policy[];
}): Repositories {
  const ctx = { doc: input.doc, tableName: input.tableName };
  return {
    policies: withBuiltInPolicies(policyRepository(ctx), input.builtInPolicies ?? builtInPolicies()),
    campaigns: campaignRepository(ctx),
    holidays: holidayRepository(ctx),
    batches: batchRepository(ctx, input.crypto),
    candidates: candidateRepository(ctx, input.crypto),
    extracts: extractRepository(ctx, input.crypto),
    verdicts: verdictRepository(ctx),
    tasks: taskRepository(ctx),
    decisions: decisionRepository(ctx),
    rulings: rulingRepository(ctx),
    disputes: disputeRepository(ctx),
    changes: reviewChangeRepository(ctx),
    audit: auditRepository(ctx),
    progress: progressRepository(ctx),
    process: processRepository(ctx),
    notifications: notificationRepository(ctx),
    publicity: publicityRepository(ctx),
    requests: requestStores(ctx),
  };
}

export { ENTITY, keys, ALL_SCOPE, IDEMPOTENCY_TTL_SECONDS } from './keys.js';
export { decisionDigest } from './decisions.js';
