// SendMessage for the endpoint's sqs:sendMessage tasks, coalesced: messages for the same queue
// within one event-loop turn go out as one SendMessageBatch (up to 10). When a county batch starts,
// a thousand executions ask the same 28 department queues at once; batching cuts the requests
// fauxqs has to serve by up to ten times. Each task still gets its own result or error.
import {
  SendMessageBatchCommand,
  SendMessageCommand,
  type BatchResultErrorEntry,
  type SendMessageCommandInput,
  type SQSClient,
} from '@aws-sdk/client-sqs';

export interface SentMessage {
  MessageId?: string;
  MD5OfMessageBody?: string;
}

interface Pending {
  input: SendMessageCommandInput;
  resolve: (sent: SentMessage) => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 10;
/** Larger bodies go alone, so a batch stays far below SQS's request size limit. */
const MAX_BATCHED_BODY_BYTES = 16 * 1024;

/** A failed batch entry, shaped like an SDK service error (name = code, with $metadata). */
export class SqsEntryError extends Error {
  readonly $metadata: { httpStatusCode: number };
  constructor(entry: BatchResultErrorEntry) {
    super(entry.Message ?? entry.Code ?? 'SendMessageBatch entry failed');
    this.name = entry.Code ?? 'InternalError';
    this.$metadata = { httpStatusCode: entry.SenderFault ? 400 : 500 };
  }
}

export class SqsSender {
  private readonly queues = new Map<string, Pending[]>();
  private scheduled = false;

  constructor(private readonly sqs: SQSClient) {}

  send(input: SendMessageCommandInput): Promise<SentMessage> {
    if (Buffer.byteLength(input.MessageBody ?? '') > MAX_BATCHED_BODY_BYTES) return this.sqs.send(new SendMessageCommand(input));
    return new Promise<SentMessage>((resolve, reject) => {
      const url = input.QueueUrl ?? '';
      const list = this.queues.get(url) ?? [];
      list.push({ input, resolve, reject });
      this.queues.set(url, list);
      if (list.length >= MAX_BATCH) {
        this.queues.delete(url);
        void this.flush(url, list);
      } else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flushAll());
      }
    });
  }

  private flushAll(): void {
    this.scheduled = false;
    const all = [...this.queues];
    this.queues.clear();
    for (const [url, list] of all) void this.flush(url, list);
  }

  private async flush(url: string, list: Pending[]): Promise<void> {
    const only = list[0];
    if (list.length === 1 && only) {
      try {
        only.resolve(await this.sqs.send(new SendMessageCommand(only.input)));
      } catch (error) {
        only.reject(error);
      }
      return;
    }
    try {
      const result = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: list.map((p, i) => ({
            Id: String(i),
            MessageBody: p.input.MessageBody,
            DelaySeconds: p.input.DelaySeconds,
            MessageAttributes: p.input.MessageAttributes,
            MessageGroupId: p.input.MessageGroupId,
            MessageDeduplicationId: p.input.MessageDeduplicationId,
          })),
        }),
      );
      const settled = new Set<number>();
      for (const ok of result.Successful ?? []) {
        const i = Number(ok.Id);
        list[i]?.resolve({ MessageId: ok.MessageId, MD5OfMessageBody: ok.MD5OfMessageBody });
        settled.add(i);
      }
      for (const failed of result.Failed ?? []) {
        const i = Number(failed.Id);
        list[i]?.reject(new SqsEntryError(failed));
        settled.add(i);
      }
      list.forEach((p, i) => {
        if (!settled.has(i)) p.reject(new SqsEntryError({ Id: String(i), Code: 'InternalError', SenderFault: false }));
      });
    } catch (error) {
      for (const p of list) p.reject(error);
    }
  }
}
