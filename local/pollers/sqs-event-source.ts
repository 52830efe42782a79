// An SQS event-source mapping for the local stack: long-polls a fauxqs queue and invokes a handler
// module in-process with Lambda's semantics — batch size, visibility timeout, maximum concurrency,
// ReportBatchItemFailures (only successful messages are deleted; the rest reappear after the
// visibility timeout and reach the queue's DLQ after maxReceiveCount), graceful stop.
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { LOCAL_REGION, LocalLambdaRuntime, type LambdaHandler } from '../lambda-context.js';
import { queueArn } from './queues.js';
import { failedMessageIds, isSqsEvent, toSqsEvent } from './sqs-event.js';

export type SqsHandler = (event: SQSEvent, context: Context) => unknown;

export type PollerLog = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;

export interface SqsEventSourceOptions {
  /**
   * A client, or an endpoint to get a dedicated one. Each long poll holds one of the client's
   * sockets (50 by default) for up to waitTimeSeconds, so don't share a client that must also
   * send promptly (e.g. the Step Functions endpoint's) with many pollers.
   */
  sqs: SQSClient | { endpoint: string; region?: string };
  queueUrl: string;
  /** Function name (manifest key, e.g. 'checker'); also the Lambda context's functionName. */
  functionName: string;
  /** Where `functionName` is loaded from; default: a runtime over the manifest. */
  runtime?: LocalLambdaRuntime;
  /** Use this handler instead of loading a module (tests, fakes). */
  handler?: SqsHandler;
  /** Timeout for `handler` (modules use the manifest's). Default 30. */
  functionTimeoutSeconds?: number;
  /** 1–10 messages per invocation. Default 10. */
  batchSize?: number;
  /** Concurrent invocations (AWS: ≥ 2). Default 2. */
  maxConcurrency?: number;
  /** Per-receive visibility timeout; default: the queue's. */
  visibilityTimeoutSeconds?: number;
  /** Long-poll wait, 0–20 s. Default 20. */
  waitTimeSeconds?: number;
  /** Honour `{ batchItemFailures }` responses (the mapping's FunctionResponseTypes). Default false. */
  reportBatchItemFailures?: boolean;
  region?: string;
  log?: PollerLog;
  /** Each received batch is processed (invocation and deletes) inside this gate (local/quiesce.ts). */
  gate?: { enter(): Promise<() => void> };
}

export interface SqsEventSourceStats {
  invocations: number;
  received: number;
  deleted: number;
  failed: number;
}

export class SqsEventSource {
  private readonly options: Required<Pick<SqsEventSourceOptions, 'batchSize' | 'maxConcurrency' | 'waitTimeSeconds'>> &
    SqsEventSourceOptions;
  private readonly sqs: SQSClient;
  private readonly ownsClient: boolean;
  private readonly runtime: LocalLambdaRuntime;
  private readonly log: PollerLog;
  private readonly abort = new AbortController();
  private readonly stats_: SqsEventSourceStats = { invocations: 0, received: 0, deleted: 0, failed: 0 };
  private loops: Array<Promise<void>> = [];
  private arn = '';
  private stopping = false;

  constructor(options: SqsEventSourceOptions) {
    const batchSize = options.batchSize ?? 10;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10) throw new RangeError('batchSize must be 1–10');
    const maxConcurrency = options.maxConcurrency ?? 2;
    if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1) throw new RangeError('maxConcurrency must be ≥ 1');
    const waitTimeSeconds = options.waitTimeSeconds ?? 20;
    if (waitTimeSeconds < 0 || waitTimeSeconds > 20) throw new RangeError('waitTimeSeconds must be 0–20');
    this.options = { ...options, batchSize, maxConcurrency, waitTimeSeconds };
    this.ownsClient = !(options.sqs instanceof SQSClient);
    this.sqs =
      options.sqs instanceof SQSClient
        ? options.sqs
        : new SQSClient({
            endpoint: options.sqs.endpoint,
            region: options.sqs.region ?? options.region ?? LOCAL_REGION,
            credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          });
    this.log = options.log ?? ((): void => undefined);
    if (options.handler) {
      this.runtime = new LocalLambdaRuntime({
        functions: {
          [options.functionName]: {
            entry: '',
            env: [],
            timeoutSeconds: options.functionTimeoutSeconds ?? 30,
            memoryMb: 128,
            sendsTaskResults: false,
          },
        },
        handlers: { [options.functionName]: asLambdaHandler(options.handler) },
        region: options.region ?? LOCAL_REGION,
      });
    } else {
      this.runtime = options.runtime ?? new LocalLambdaRuntime({ region: options.region ?? LOCAL_REGION });
    }
  }

  get stats(): Readonly<SqsEventSourceStats> {
    return { ...this.stats_ };
  }

  get queueArn(): string {
    return this.arn;
  }

  async start(): Promise<void> {
    if (this.loops.length > 0) return;
    this.arn = await queueArn(this.sqs, this.options.queueUrl);
    for (let i = 0; i < this.options.maxConcurrency; i += 1) this.loops.push(this.loop());
  }

  /** Stops receiving, lets in-flight batches finish (and delete), then resolves. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    await Promise.all(this.loops);
    this.loops = [];
    if (this.ownsClient) this.sqs.destroy();
  }

  private async loop(): Promise<void> {
    let backoffMs = 100;
    while (!this.stopping) {
      let messages: Message[];
      try {
        const received = await this.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: this.options.queueUrl,
            MaxNumberOfMessages: this.options.batchSize,
            WaitTimeSeconds: this.options.waitTimeSeconds,
            VisibilityTimeout: this.options.visibilityTimeoutSeconds,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: this.abort.signal },
        );
        messages = received.Messages ?? [];
        backoffMs = 100;
      } catch (error) {
        if (this.stopping) break;
        this.log('warn', 'sqs event source: receive failed', { queueUrl: this.options.queueUrl, error: errorText(error) });
        await sleep(backoffMs, this.abort.signal);
        backoffMs = Math.min(backoffMs * 2, 5_000);
        continue;
      }
      if (messages.length > 0) {
        const leave = (await this.options.gate?.enter()) ?? (() => undefined);
        try {
          await this.process(messages);
        } finally {
          leave();
        }
      }
    }
  }

  private async process(messages: Message[]): Promise<void> {
    this.stats_.received += messages.length;
    this.stats_.invocations += 1;
    const event = toSqsEvent(messages, this.arn, this.options.region ?? LOCAL_REGION);
    let failed: Set<string> | 'all';
    try {
      const result = await this.runtime.invoke(this.options.functionName, event);
      failed = this.options.reportBatchItemFailures
        ? failedMessageIds(
            result,
            event.Records.map((record) => record.messageId),
          )
        : new Set();
      if (failed === 'all')
        this.log('warn', 'sqs event source: invalid batchItemFailures response, batch failed', { functionName: this.options.functionName });
    } catch (error) {
      failed = 'all';
      this.log('warn', 'sqs event source: invocation failed', { functionName: this.options.functionName, error: errorText(error) });
    }
    const done = failed === 'all' ? [] : messages.filter((message) => !failed.has(message.MessageId ?? ''));
    this.stats_.failed += messages.length - done.length;
    await this.delete(done);
  }

  private async delete(messages: Message[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 10) {
      const chunk = messages.slice(i, i + 10);
      try {
        const result = await this.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: this.options.queueUrl,
            Entries: chunk.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
          }),
        );
        this.stats_.deleted += result.Successful?.length ?? 0;
        if (result.Failed && result.Failed.length > 0) {
          this.log('warn', 'sqs event source: some deletes failed', { count: result.Failed.length });
        }
      } catch (error) {
        this.log('warn', 'sqs event source: delete failed', { error: errorText(error) });
      }
    }
  }
}

function asLambdaHandler(handler: SqsHandler): LambdaHandler {
  return (event, context) => {
    if (!isSqsEvent(event)) throw new TypeError('not an SQS event');
    return handler(event, context);
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
