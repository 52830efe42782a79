import { Duration, Stack } from 'aws-cdk-lib';
import { AnyPrincipal, Effect, type IGrantable, PolicyDocument, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { CfnQueuePolicy, type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
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

function encryptedQueueProps(key: IKey, enforceSSL = true) {
  return {
    encryption: QueueEncryption.KMS,
    encryptionMasterKey: key,
    // One KMS data key per 15 minutes per principal keeps KMS calls (and cost) negligible.
    dataKeyReuse: Duration.minutes(15),
    enforceSSL,
    retentionPeriod: Duration.days(14),
  };
}

/**
 * One queue policy that denies requests without TLS on every queue added to it. A policy per queue
 * (enforceSSL) costs a resource each: 28 departments × 2 queues would be 56 of the stack's 500.
 * Only queues that need no other resource policy belong here: a queue has one policy, and a
 * second AWS::SQS::QueuePolicy on it would replace the first.
 */
class TlsOnlyQueues extends Construct {
  static of(scope: Construct): TlsOnlyQueues {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild('TlsOnlyQueues');
    return existing instanceof TlsOnlyQueues ? existing : new TlsOnlyQueues(stack, 'TlsOnlyQueues');
  }

  private readonly queues: IQueue[] = [];
  private readonly policy: CfnQueuePolicy;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.policy = new CfnQueuePolicy(this, 'Policy', { queues: [], policyDocument: {} });
  }

  /** Plain lists, rewritten on each add: cdk-nag reads the queues of a policy as they stand. */
  add(...queues: IQueue[]): void {
    this.queues.push(...queues);
    this.policy.queues = this.queues.map((q) => q.queueUrl);
    this.policy.policyDocument = new PolicyDocument({
      statements: [
        new PolicyStatement({
          effect: Effect.DENY,
          principals: [new AnyPrincipal()],
          actions: ['sqs:*'],
          resources: this.queues.map((q) => q.queueArn),
          conditions: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      ],
    });
  }
}

/** A KMS-encrypted, TLS-only queue with its KMS-encrypted, TLS-only DLQ (under the stack's one TLS policy). */
export function queueWithDlq(scope: Construct, id: string, props: QueuePairProps): QueuePair {
  const common = encryptedQueueProps(props.key, false);
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
  TlsOnlyQueues.of(scope).add(queue, dlq);
  return { queue, dlq };
}

/** A KMS-encrypted, TLS-only queue that only ever holds dead letters (of an EventBridge target; its own policy lets EventBridge send). */
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
