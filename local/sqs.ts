// SQS for the local stack: fauxqs in-process (SQLite-persistent under the data folder for
// `npm start`, in memory for tests) with the same queues as infra: the intake queue and one queue
// per department, each with its DLQ.
import { mkdirSync } from 'node:fs';
import { ChangeMessageVisibilityBatchCommand, CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startFauxqs, type FauxqsServer } from 'fauxqs';
import { FUNCTIONS } from '../functions/manifest.js';
import { MAX_RECEIVE_COUNT, visibilityTimeoutFor } from '../shared/adapters/function-spec.js';
import { DEPARTMENT_QUEUE_PREFIX, INTAKE_QUEUE_NAME, LOCAL_CREDENTIALS, LOCAL_REGION } from './env.js';

/** As in infra (the function specs): a message goes to the DLQ after this many receives. */
export { MAX_RECEIVE_COUNT };
/** As in infra: visibility timeout ≥ 6 × the consuming function's timeout. */
export const INTAKE_VISIBILITY_SECONDS = visibilityTimeoutFor(FUNCTIONS.starter);
export const DEPARTMENT_VISIBILITY_SECONDS = visibilityTimeoutFor(FUNCTIONS.checker);
const DLQ_RETENTION_SECONDS = 14 * 24 * 3600;

export interface LocalSqs {
  endpoint: string;
  port: number;
  server: FauxqsServer;
  client: SQSClient;
  stop(): Promise<void>;
}

export async function startSqs(opts: { port: number; dataDir?: string }): Promise<LocalSqs> {
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const server = await startFauxqs({
    port: opts.port,
    host: '127.0.0.1',
    logger: false,
    defaultRegion: LOCAL_REGION,
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
  });
  const endpoint = `http://127.0.0.1:${server.port}`;
  const client = new SQSClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  return {
    endpoint,
    port: server.port,
    server,
    client,
    stop: async () => {
      client.destroy();
      await server.stop();
    },
  };
}

export interface QueuePair {
  name: string;
  url: string;
  dlqUrl: string;
}

/** Creates (or finds) a queue and its DLQ with a redrive policy. Idempotent. */
export async function ensureQueueWithDlq(client: SQSClient, name: string, visibilityTimeoutSeconds: number): Promise<QueuePair> {
  const dlq = await client.send(
    new CreateQueueCommand({
      QueueName: `${name}-dlq`,
      Attributes: { MessageRetentionPeriod: String(DLQ_RETENTION_SECONDS) },
    }),
  );
  if (!dlq.QueueUrl) throw new Error(`CreateQueue ${name}-dlq returned no URL`);
  const dlqAttrs = await client.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }));
  const dlqArn = dlqAttrs.Attributes?.QueueArn;
  if (!dlqArn) throw new Error(`No ARN for ${name}-dlq`);
  const q = await client.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        VisibilityTimeout: String(visibilityTimeoutSeconds),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: MAX_RECEIVE_COUNT }),
      },
    }),
  );
  if (!q.QueueUrl) throw new Error(`CreateQueue ${name} returned no URL`);
  return { name, url: q.QueueUrl, dlqUrl: dlq.QueueUrl };
}

export interface PipelineQueues {
  intake: QueuePair;
  /** Keyed by department code. */
  departments: Map<string, QueuePair>;
  /** Queue URL of department `code` is this prefix + code (the ASL's ${DepartmentQueueUrlPrefix}). */
  departmentQueueUrlPrefix: string;
}

export async function ensurePipelineQueues(client: SQSClient, departmentCodes: readonly string[]): Promise<PipelineQueues> {
  const intake = await ensureQueueWithDlq(client, INTAKE_QUEUE_NAME, INTAKE_VISIBILITY_SECONDS);
  const departments = new Map<string, QueuePair>();
  for (const code of [...new Set(departmentCodes)].sort()) {
    departments.set(code, await ensureQueueWithDlq(client, `${DEPARTMENT_QUEUE_PREFIX}${code}`, DEPARTMENT_VISIBILITY_SECONDS));
  }
  const prefix = intake.url.slice(0, intake.url.length - INTAKE_QUEUE_NAME.length) + DEPARTMENT_QUEUE_PREFIX;
  for (const [code, q] of departments) {
    if (q.url !== prefix + code) throw new Error(`Queue URL ${q.url} does not follow the prefix ${prefix}`);
  }
  return { intake, departments, departmentQueueUrlPrefix: prefix };
}

/**
 * Makes the messages a previous run of the stack had received but not yet deleted visible at once.
 * fauxqs restores them with their visibility deadline, but the consumer that held them is gone (the
 * stack was killed or stopped): waiting for the deadline would only delay their answers, possibly
 * past a department's timeout. Returns how many were released. One second, not zero: fauxqs 2.4.1
 * persists a message made visible with 0 with a null receive count, which its own table refuses
 * (NOT NULL constraint failed: sqs_messages.approximate_receive_count) and the stack dies.
 */
export async function releaseInFlight(sqs: LocalSqs, queues: PipelineQueues): Promise<number> {
  let released = 0;
  for (const q of [queues.intake, ...queues.departments.values()]) {
    const inflight = sqs.server.inspectQueue(q.name)?.messages.inflight ?? [];
    for (let i = 0; i < inflight.length; i += 10) {
      const chunk = inflight.slice(i, i + 10);
      const out = await sqs.client.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: q.url,
          Entries: chunk.map((m, j) => ({ Id: String(j), ReceiptHandle: m.receiptHandle, VisibilityTimeout: 1 })),
        }),
      );
      released += out.Successful?.length ?? 0;
    }
  }
  return released;
}
