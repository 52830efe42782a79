import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { startFauxqs, type FauxqsServer } from 'fauxqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureQueue, failedMessageIds, SqsEventSource, startEventSources } from '../../../local/pollers/index.js';

const WAIT = { timeout: 20_000, interval: 25 };

describe('SQS event-source pollers on fauxqs', () => {
  let fauxqs: FauxqsServer;
  let sqs: SQSClient;
  let counter = 0;

  beforeAll(async () => {
    fauxqs = await startFauxqs({ port: 0, logger: false });
    sqs = new SQSClient({ endpoint: fauxqs.address, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  });
  afterAll(async () => {
    sqs?.destroy();
    await fauxqs?.stop();
  });

  // Short visibility only where a test waits for a redelivery; 2 s leaves a loaded machine time
  // to delete the successful records first.
  const freshQueue = (maxReceiveCount = 3, visibilityTimeoutSeconds = 30) => {
    counter += 1;
    return ensureQueue(sqs, {
      name: `poll-${counter}`,
      visibilityTimeoutSeconds,
      deadLetter: { name: `poll-${counter}-dlq`, maxReceiveCount },
    });
  };
  const send = (queueUrl: string, body: string) => sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
  const depth = (name: string) => {
    const queue = fauxqs.inspectQueue(name);
    return (queue?.messages.ready.length ?? 0) + (queue?.messages.inflight.length ?? 0) + (queue?.messages.delayed.length ?? 0);
  };

  it('builds the event as Lambda does: Records with attributes, message attributes, aws:sqs and the queue ARN', async () => {
    const { queueUrl, queueArn } = await freshQueue();
    const events: SQSEvent[] = [];
    const source = new SqsEventSource({
      sqs,
      queueUrl,
      functionName: 'shape',
      waitTimeSeconds: 1,
      handler: (event) => void events.push(event),
    });
    await source.start();
    try {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: '{"candidateId":"c1"}',
          MessageAttributes: {
            kind: { DataType: 'String', StringValue: 'ask' },
            blob: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 3]) },
          },
        }),
      );
      await vi.waitFor(() => expect(events).toHaveLength(1), WAIT);
      const record = events[0]?.Records[0];
      expect(record).toMatchObject({
        body: '{"candidateId":"c1"}',
        eventSource: 'aws:sqs',
        eventSourceARN: queueArn,
        awsRegion: 'us-east-1',
        md5OfBody: expect.stringMatching(/^[0-9a-f]{32}$/),
        md5OfMessageAttributes: expect.stringMatching(/^[0-9a-f]{32}$/),
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: expect.stringMatching(/^\d+$/),
          SenderId: expect.any(String),
          ApproximateFirstReceiveTimestamp: expect.stringMatching(/^\d+$/),
        },
        messageAttributes: {
          kind: { stringValue: 'ask', stringListValues: [], binaryListValues: [], dataType: 'String' },
          blob: { binaryValue: 'AQID', stringListValues: [], binaryListValues: [], dataType: 'Binary' },
        },
      });
      expect(record?.messageId).toBeTruthy();
      expect(record?.receiptHandle).toBeTruthy();
      await vi.waitFor(() => expect(depth(queueArn.split(':').at(-1) ?? '')).toBe(0), WAIT);
    } finally {
      await source.stop();
    }
  });

  it('with ReportBatchItemFailures deletes only successful records; a failed one comes back after the visibility timeout (Powertools BatchProcessor)', async () => {
    const { queueUrl } = await freshQueue(3, 2);
    const seen: Array<{ body: string; receiveCount: string }> = [];
    const processor = new BatchProcessor(EventType.SQS);
    const recordHandler = async (record: SQSRecord): Promise<void> => {
      seen.push({ body: record.body, receiveCount: record.attributes.ApproximateReceiveCount });
      if (record.body === 'flaky' && record.attributes.ApproximateReceiveCount === '1') throw new Error('transient');
    };
    const source = new SqsEventSource({
      sqs,
      queueUrl,
      functionName: 'partial',
      batchSize: 10,
      waitTimeSeconds: 1,
      reportBatchItemFailures: true,
      handler: (event, context) => processPartialResponse(event, recordHandler, processor, { context }),
    });
    for (const body of ['ok-1', 'flaky', 'ok-2']) await send(queueUrl, body);
    await source.start();
    try {
      await vi.waitFor(() => expect(seen.filter((s) => s.body === 'flaky')).toHaveLength(2), WAIT);
      await vi.waitFor(() => expect(depth(`poll-${counter}`)).toBe(0), WAIT);
      expect(seen.filter((s) => s.body === 'ok-1')).toEqual([{ body: 'ok-1', receiveCount: '1' }]);
      expect(seen.filter((s) => s.body === 'ok-2')).toEqual([{ body: 'ok-2', receiveCount: '1' }]);
      expect(seen.filter((s) => s.body === 'flaky').map((s) => s.receiveCount)).toEqual(['1', '2']);
      expect(source.stats).toMatchObject({ received: 4, deleted: 3, failed: 1 });
    } finally {
      await source.stop();
    }
  });

  it('moves a poison message to the DLQ after maxReceiveCount receives', async () => {
    const { queueUrl, deadLetterQueueUrl } = await freshQueue(2, 1);
    const receiveCounts: string[] = [];
    const source = new SqsEventSource({
      sqs,
      queueUrl,
      functionName: 'poison',
      waitTimeSeconds: 1,
      reportBatchItemFailures: true,
      handler: (event) => {
        const records = event.Records;
        for (const r of records) receiveCounts.push(r.attributes.ApproximateReceiveCount);
        return { batchItemFailures: records.map((r) => ({ itemIdentifier: r.messageId })) };
      },
    });
    await send(queueUrl, 'poison');
    await source.start();
    try {
      const dead = await vi.waitFor(async () => {
        const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: deadLetterQueueUrl, WaitTimeSeconds: 1 }));
        const body = received.Messages?.[0]?.Body;
        expect(body).toBeDefined();
        return body;
      }, WAIT);
      expect(dead).toBe('poison');
      expect(receiveCounts).toEqual(['1', '2']);
    } finally {
      await source.stop();
    }
  });

  it('treats a thrown error as a failure of the whole batch: nothing is deleted', async () => {
    const { queueUrl } = await freshQueue(5, 1);
    const attempts: string[][] = [];
    const source = new SqsEventSource({
      sqs,
      queueUrl,
      functionName: 'throws',
      waitTimeSeconds: 1,
      reportBatchItemFailures: true,
      handler: (event) => {
        const bodies = event.Records.map((r) => `${r.body}@${r.attributes.ApproximateReceiveCount}`);
        attempts.push(bodies);
        if (bodies.some((b) => b.endsWith('@1'))) throw new Error('first delivery fails');
      },
    });
    await send(queueUrl, 'a');
    await source.start();
    try {
      await vi.waitFor(() => expect(attempts.flat()).toContain('a@2'), WAIT);
      await vi.waitFor(() => expect(depth(`poll-${counter}`)).toBe(0), WAIT);
      expect(attempts.flat()).toEqual(['a@1', 'a@2']);
    } finally {
      await source.stop();
    }
  });

  it('never runs more batches at once than maxConcurrency, and batches at most batchSize records', async () => {
    const { queueUrl } = await freshQueue();
    let active = 0;
    let peak = 0;
    let processed = 0;
    const sizes: number[] = [];
    const sources = await startEventSources([
      {
        sqs,
        queueUrl,
        functionName: 'limited',
        batchSize: 2,
        maxConcurrency: 3,
        waitTimeSeconds: 1,
        handler: async (event) => {
          active += 1;
          peak = Math.max(peak, active);
          sizes.push(event.Records.length);
          await new Promise((resolve) => setTimeout(resolve, 20));
          processed += event.Records.length;
          active -= 1;
        },
      },
    ]);
    try {
      await Promise.all(Array.from({ length: 24 }, (_, i) => send(queueUrl, `m${i}`)));
      await vi.waitFor(() => expect(processed).toBe(24), WAIT);
      expect(peak).toBeLessThanOrEqual(3);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(2);
    } finally {
      await sources.stop();
    }
  });

  it('stops gracefully: an in-flight batch finishes and is deleted before stop() resolves', async () => {
    const { queueUrl } = await freshQueue();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = false;
    let finished = false;
    const source = new SqsEventSource({
      sqs,
      queueUrl,
      functionName: 'slow',
      waitTimeSeconds: 20,
      handler: async () => {
        started = true;
        await gate;
        finished = true;
      },
    });
    await send(queueUrl, 'slow');
    await source.start();
    await vi.waitFor(() => expect(started).toBe(true), WAIT);
    const stopping = source.stop();
    release();
    await stopping;
    expect(finished).toBe(true);
    expect(depth(`poll-${counter}`)).toBe(0);
  });
});

describe('ReportBatchItemFailures response rules', () => {
  const ids = ['m1', 'm2'];
  it('counts null, {} and an empty or null list as full success', () => {
    for (const response of [null, undefined, {}, { batchItemFailures: [] }, { batchItemFailures: null }]) {
      expect(failedMessageIds(response, ids)).toEqual(new Set());
    }
  });
  it('fails only the listed records', () => {
    expect(failedMessageIds({ batchItemFailures: [{ itemIdentifier: 'm2' }] }, ids)).toEqual(new Set(['m2']));
  });
  it('fails the whole batch for an unknown, empty or malformed identifier', () => {
    expect(failedMessageIds({ batchItemFailures: [{ itemIdentifier: 'other' }] }, ids)).toBe('all');
    expect(failedMessageIds({ batchItemFailures: [{ itemIdentifier: '' }] }, ids)).toBe('all');
    expect(failedMessageIds({ batchItemFailures: [{ id: 'm1' }] }, ids)).toBe('all');
    expect(failedMessageIds('yes', ids)).toBe('all');
  });
});
