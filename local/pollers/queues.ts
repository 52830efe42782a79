// Queue set-up with the attributes the event-source semantics rely on: visibility timeout and a
// RedrivePolicy that moves a message to its DLQ after maxReceiveCount receives (fauxqs does the
// moving, as SQS does).
import { CreateQueueCommand, GetQueueAttributesCommand, SetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';

export interface QueueSpec {
  name: string;
  visibilityTimeoutSeconds?: number;
  deadLetter?: { name: string; maxReceiveCount: number };
}

export interface QueueHandle {
  queueUrl: string;
  queueArn: string;
  deadLetterQueueUrl?: string;
  deadLetterQueueArn?: string;
}

/** Creates (or updates) the queue and its DLQ; safe to call on every start. */
export async function ensureQueue(sqs: SQSClient, spec: QueueSpec): Promise<QueueHandle> {
  const handle: Partial<QueueHandle> = {};
  const attributes: Record<string, string> = {};
  if (spec.visibilityTimeoutSeconds !== undefined) attributes['VisibilityTimeout'] = String(spec.visibilityTimeoutSeconds);
  if (spec.deadLetter) {
    const dlqUrl = await createQueue(sqs, spec.deadLetter.name);
    handle.deadLetterQueueUrl = dlqUrl;
    handle.deadLetterQueueArn = await queueArn(sqs, dlqUrl);
    attributes['RedrivePolicy'] = JSON.stringify({
      deadLetterTargetArn: handle.deadLetterQueueArn,
      maxReceiveCount: String(spec.deadLetter.maxReceiveCount),
    });
  }
  const url = await createQueue(sqs, spec.name);
  if (Object.keys(attributes).length > 0) await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: attributes }));
  return { ...handle, queueUrl: url, queueArn: await queueArn(sqs, url) };
}

async function createQueue(sqs: SQSClient, name: string): Promise<string> {
  const created = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  if (!created.QueueUrl) throw new Error(`CreateQueue ${name} returned no QueueUrl`);
  return created.QueueUrl;
}

export async function queueArn(sqs: SQSClient, queueUrl: string): Promise<string> {
  const attributes = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  const arn = attributes.Attributes?.QueueArn;
  if (!arn) throw new Error(`no QueueArn for ${queueUrl}`);
  return arn;
}
