// The SQS side of the ASL's sqs:sendMessage[.waitForTaskToken] tasks: the state's Parameters as a
// SendMessage request (the task token swapped in for the engine's placeholder), and SDK failures as
// the `SQS.*` error names the ASL retries on. Sending itself is SqsSender's (sqs-sender.ts).
import type { MessageAttributeValue, SendMessageCommandInput } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { TaskError } from './errors.js';
import { isJsonValue, isRecord, type JsonValue } from './json.js';

/** What `$$.Task.Token` evaluates to inside the engine; swapped for a minted token before sending. */
export const TOKEN_PLACEHOLDER = 'LOCAL-SFN-TASK-TOKEN-PLACEHOLDER';

export function withToken(value: JsonValue, token: string): JsonValue {
  if (typeof value === 'string') return value.replaceAll(TOKEN_PLACEHOLDER, token);
  if (Array.isArray(value)) return value.map((item) => withToken(item, token));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [key, member] of Object.entries(value)) if (member !== undefined) out[key] = withToken(member, token);
    return out;
  }
  return value;
}

const sendParameters = z.object({
  QueueUrl: z.string().min(1),
  MessageBody: z.unknown(),
  DelaySeconds: z.number().int().min(0).max(900).optional(),
  MessageGroupId: z.string().optional(),
  MessageDeduplicationId: z.string().optional(),
  MessageAttributes: z.record(z.string(), z.object({ DataType: z.string(), StringValue: z.string().optional() })).optional(),
});

export function sendMessageInput(input: JsonValue, token: string | undefined): SendMessageCommandInput {
  const parsed = sendParameters.safeParse(input);
  if (!parsed.success) throw new TaskError('States.Runtime', `sqs:sendMessage parameters: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const params = parsed.data;
  const rawBody = isJsonValue(params.MessageBody) ? params.MessageBody : null;
  const body = token === undefined ? rawBody : withToken(rawBody, token);
  const attributes: Record<string, MessageAttributeValue> | undefined = params.MessageAttributes;
  return {
    QueueUrl: params.QueueUrl,
    MessageBody: typeof body === 'string' ? body : JSON.stringify(body),
    DelaySeconds: params.DelaySeconds,
    MessageGroupId: params.MessageGroupId,
    MessageDeduplicationId: params.MessageDeduplicationId,
    MessageAttributes: attributes,
  };
}

/** SDK failure → the `SQS.*` error names the ASL retries on. */
export function sqsTaskError(error: unknown): TaskError {
  if (error instanceof TaskError) return error;
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const status = isRecord(error) && isRecord(error['$metadata']) ? error['$metadata']['httpStatusCode'] : undefined;
  if (typeof status !== 'number') return new TaskError('SQS.SdkClientException', message);
  if (name === 'QueueDoesNotExist' || name.includes('NonExistentQueue')) return new TaskError('SQS.QueueDoesNotExistException', message);
  const bare = name.replace(/^AWS\.SimpleQueueService\./, '');
  return new TaskError(`SQS.${bare.endsWith('Exception') ? bare : `${bare}Exception`}`, message);
}
