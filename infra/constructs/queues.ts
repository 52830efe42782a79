import { Duration, Stack } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acknowledge } from '../nag.js';

import { MAX_RECEIVE_COUNT, VISIBILITY_FACTOR } from '../../shared/adapters/function-spec.js';

// The event-source settings live with the function specs, where the local stack reads them too.
export { MAX_RECEIVE_COUNT, VISIBILITY_FACTOR };

export interface QueuePair {
  queue: Queue;
  dlq: Queue;
}

export interface QueuePairProps {
  /** Physical name of the main queue, or undefined for a generated name. */
  queueName?: string;
  key: IKey;
  consumerTimeoutSeconds: number;
}

function encryptedQueueProps(key: IKey) {
  return {
    encryption: QueueEncryption.KMS,
    encryptionMasterKey: key,
    // One KMS data key per 15 minutes per principal keeps KMS calls (and cost) negligible.
    dataKeyReuse: Duration.minutes(15),
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  };
}

/** A KMS-encrypted, TLS-only queue with its KMS-encrypted, TLS-only DLQ. */
export function queueWithDlq(scope: Construct, id: string, props: QueuePairProps): QueuePair {
  const common = encryptedQueueProps(props.key);
  const dlq = new Queue(scope, `${id}Dlq`, {
    ...common,
    ...(props.queueName === undefined ? {} : { queueName: `${props.queueName}-dlq` }),
  });
  const queue = new Queue(scope, id, {
    ...common,
    ...(props.queueName === undefined ? {} : { queueName: props.queueName }),
    visibilityTimeout: Duration.seconds(VISIBILITY_FACTOR * props.consumerTimeoutSeconds),
    deadLetterQueue: { queue: dlq, maxReceiveCount: MAX_RECEIVE_COUNT },
  });
  return { queue, dlq };
}

/** A KMS-encrypted, TLS-only queue that only ever holds dead letters (of an EventBridge target). */
export function deadLetterQueue(scope: Construct, id: string, key: IKey): Queue {
  const queue = new Queue(scope, id, encryptedQueueProps(key));
  acknowledge(
    queue,
    'AwsSolutions-SQS3',
    'This queue is itself the dead-letter queue of an EventBridge rule target (cdk-nag recognises only SQS redrive policies); an alarm watches its depth.',
  );
  return queue;
}

/**
 * sqs:SendMessage on exactly these queues, plus the KMS calls an SSE-KMS producer makes, only
 * through SQS (queue.grantSendMessages would add kms:GenerateDataKey* and kms:ReEncrypt* wildcards).
 */
export function grantSend(grantee: IGrantable, queues: readonly IQueue[], key: IKey): void {
  const stack = Stack.of(key);
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({ actions: ['sqs:SendMessage'], resources: queues.map((q) => q.queueArn) }),
  );
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `sqs.${stack.region}.${stack.urlSuffix}` } },
    }),
  );
}
