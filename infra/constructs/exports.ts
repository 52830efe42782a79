import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FUNCTIONS } from '../../functions/manifest.js';
import { grantSend, queueWithDlq } from './queues.js';

export interface ExportsProps {
  key: IKey;
}

/** POST /exports puts one message per job here; the export worker builds the file (S3 `exports/`). */
export class Exports extends Construct {
  readonly queue: Queue;
  readonly dlq: Queue;
  private readonly key: IKey;

  constructor(scope: Construct, id: string, props: ExportsProps) {
    super(scope, id);
    this.key = props.key;
    const pair = queueWithDlq(this, 'Queue', { key: props.key, consumerTimeoutSeconds: FUNCTIONS.exportWorker.timeoutSeconds });
    this.queue = pair.queue;
    this.dlq = pair.dlq;
  }

  grantEnqueue(producer: IFunction): void {
    grantSend(producer, [this.queue], this.key);
  }

  connectWorker(worker: IFunction): void {
    const spec = FUNCTIONS.exportWorker.eventSource;
    worker.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: spec.batchSize,
        maxConcurrency: spec.maxConcurrency,
        reportBatchItemFailures: spec.reportBatchItemFailures,
      }),
    );
  }
}
