// AWS SDK clients, created once per module (per Lambda sandbox) and reused across invocations.
// Endpoints come from validated config so the local stack can point them at its emulators.
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SNSClient } from '@aws-sdk/client-sns';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { CommonConfig } from './config.js';
import { tracer } from './powertools.js';
import { traced } from './tracing.js';
import { limitSfnCalls } from './sfn/rate-limit.js';

let documentClient: DynamoDBDocumentClient | undefined;
let sfn: SFNClient | undefined;
let sqs: SQSClient | undefined;
let secrets: SecretsManagerClient | undefined;
let cognito: CognitoIdentityProviderClient | undefined;
let sns: SNSClient | undefined;
let ses: SESv2Client | undefined;

function endpoint(url: string | undefined): { endpoint?: string } {
  return url === undefined ? {} : { endpoint: url };
}

/**
 * Throttling (ProvisionedThroughputExceeded, ThrottlingException, Step Functions' token buckets) is
 * retried by the SDK in adaptive mode: exponential backoff with jitter plus a client-side token
 * bucket that lowers this sandbox's send rate while the service throttles it. DynamoDB gets more
 * attempts (a hot partition splits within seconds); what still fails reaches the ASL's Retry.
 */
export const DYNAMODB_MAX_ATTEMPTS = 8;
export const DEFAULT_MAX_ATTEMPTS = 3;

export function retryOptions(config: Pick<CommonConfig, 'LIANSHEN_MAX_ATTEMPTS'>, fallback: number) {
  return { retryMode: 'adaptive', maxAttempts: config.LIANSHEN_MAX_ATTEMPTS ?? fallback } as const;
}

export function dynamoDocumentClient(config: CommonConfig): DynamoDBDocumentClient {
  if (documentClient === undefined) {
    const base = traced(
      new DynamoDBClient({ ...endpoint(config.AWS_ENDPOINT_URL_DYNAMODB), ...retryOptions(config, DYNAMODB_MAX_ATTEMPTS) }),
      tracer,
    );
    documentClient = DynamoDBDocumentClient.from(base, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
  }
  return documentClient;
}

/** With SFN_CALLS_PER_SECOND > 0, StartExecution and SendTask* wait for this sandbox's share of the quota. */
export function sfnClient(config: CommonConfig & { SFN_CALLS_PER_SECOND?: number }): SFNClient {
  if (sfn === undefined) {
    const client = new SFNClient({ ...endpoint(config.AWS_ENDPOINT_URL_SFN), ...retryOptions(config, DEFAULT_MAX_ATTEMPTS) });
    const rate = config.SFN_CALLS_PER_SECOND ?? 0;
    sfn = traced(rate > 0 ? limitSfnCalls(client, rate) : client, tracer);
  }
  return sfn;
}

export function sqsClient(config: CommonConfig): SQSClient {
  sqs ??= traced(new SQSClient({ ...endpoint(config.AWS_ENDPOINT_URL_SQS), ...retryOptions(config, DEFAULT_MAX_ATTEMPTS) }), tracer);
  return sqs;
}

export function secretsClient(): SecretsManagerClient {
  secrets ??= traced(new SecretsManagerClient({}), tracer);
  return secrets;
}

export function cognitoClient(): CognitoIdentityProviderClient {
  cognito ??= traced(new CognitoIdentityProviderClient({}), tracer);
  return cognito;
}

/** SMS of the notification job (NOTIFY_SENDER=sns); a failure left after the SDK's attempts is the outbox's to retry. */
export function snsClient(config: CommonConfig): SNSClient {
  sns ??= traced(new SNSClient(retryOptions(config, DEFAULT_MAX_ATTEMPTS)), tracer);
  return sns;
}

/** E-mail of the notification job (NOTIFY_EMAIL_SENDER=ses); a failure left after the SDK's attempts is the outbox's to retry. */
export function sesClient(config: CommonConfig): SESv2Client {
  ses ??= traced(new SESv2Client(retryOptions(config, DEFAULT_MAX_ATTEMPTS)), tracer);
  return ses;
}
