import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FUNCTIONS } from '../../functions/manifest.js';
import { grantSend, queueWithDlq } from './queues.js';

export interface IntakeProps {
  key: IKey;
  /** Bound on concurrent starter invocations, so StartExecution stays inside its quota during a burst. */
  starterConcurrency: number;
}

/** POST /batches puts one message per candidate here; the starter turns each into one execution. */
export class Intake extends Construct {
  readonly queue: Queue;
  readonly dlq: Queue;
  private readonly key: IKey;
  private readonly starterConcurrency: number;

  constructor(scope: Construct, id: string, props: IntakeProps) {
    super(scope, id);
    this.key = props.key;
    this.starterConcurrency = props.starterConcurrency;
    const pair = queueWithDlq(this, 'Queue', { key: props.key, consumerTimeoutSeconds: FUNCTIONS.starter.timeoutSeconds });
    this.queue = pair.queue;
    this.dlq = pair.dlq;
  }

  grantEnqueue(producer: IFunction): void {
    grantSend(producer, [this.queue], this.key);
  }

  connectStarter(starter: IFunction): void {
    starter.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: FUNCTIONS.starter.eventSource.batchSize,
        maxConcurrency: this.starterConcurrency,
        reportBatchItemFailures: FUNCTIONS.starter.eventSource.reportBatchItemFailures,
      }),
    );
  }
}
