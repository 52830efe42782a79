// The SQS event exactly as Lambda's event-source mapping builds it, so handlers (and Powertools'
// BatchProcessor) see no difference between AWS and the local stack.
import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSMessageAttribute, SQSRecord } from 'aws-lambda';
import { z } from 'zod';

export function toSqsRecord(message: Message, queueArn: string, region: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  const record: SQSRecord = {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ...stringEntries(attributes),
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? '',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, toLambdaAttribute(value)]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
  if (message.MD5OfMessageAttributes) record.md5OfMessageAttributes = message.MD5OfMessageAttributes;
  return record;
}

export function toSqsEvent(messages: readonly Message[], queueArn: string, region: string): SQSEvent {
  return { Records: messages.map((message) => toSqsRecord(message, queueArn, region)) };
}

/** Shape check for events this module built (they pass through structuredClone on invoke). */
export function isSqsEvent(value: unknown): value is SQSEvent {
  if (typeof value !== 'object' || value === null || !('Records' in value)) return false;
  const records: unknown = value.Records;
  return (
    Array.isArray(records) &&
    records.every(
      (r: unknown) =>
        typeof r === 'object' &&
        r !== null &&
        'messageId' in r &&
        typeof r.messageId === 'string' &&
        'body' in r &&
        typeof r.body === 'string',
    )
  );
}

function stringEntries(attributes: Partial<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes)) if (typeof value === 'string') out[key] = value;
  return out;
}

function toLambdaAttribute(value: MessageAttributeValue): SQSMessageAttribute {
  const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
  const attribute: SQSMessageAttribute = {
    stringListValues: value.StringListValues ?? [],
    binaryListValues: (value.BinaryListValues ?? []).map(base64),
    dataType: value.DataType ?? 'String',
  };
  if (value.StringValue !== undefined) attribute.stringValue = value.StringValue;
  if (value.BinaryValue !== undefined) attribute.binaryValue = base64(value.BinaryValue);
  return attribute;
}

const batchResponse = z
  .object({
    batchItemFailures: z.array(z.object({ itemIdentifier: z.string().min(1) })).nullish(),
  })
  .nullish();

/**
 * Lambda's ReportBatchItemFailures rules: null, `{}` or an empty/null list is full success; a
 * malformed response or an unknown/empty itemIdentifier fails the whole batch.
 */
export function failedMessageIds(result: unknown, messageIds: readonly string[]): Set<string> | 'all' {
  const parsed = batchResponse.safeParse(result);
  if (!parsed.success) return 'all';
  const failures = parsed.data?.batchItemFailures ?? [];
  const known = new Set(messageIds);
  const failed = new Set<string>();
  for (const failure of failures) {
    if (!known.has(failure.itemIdentifier)) return 'all';
    failed.add(failure.itemIdentifier);
  }
  return failed;
}
