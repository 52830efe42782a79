import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqsSender } from '../../../local/sfn/sqs-sender.js';
import { CREDENTIALS, startQueues, type Queues } from './support.js';

/** Counts the requests that reach fauxqs. */
class CountingSqs extends SQSClient {
  batches: number[] = [];
  singles = 0;
  override send: SQSClient['send'] = (command: Parameters<SQSClient['send']>[0], ...rest: unknown[]) => {
    if (command instanceof SendMessageBatchCommand) this.batches.push(command.input.Entries?.length ?? 0);
    if (command instanceof SendMessageCommand) this.singles += 1;
    return Reflect.apply(SQSClient.prototype.send, this, [command, ...rest]);
  };
}

describe('coalesced SendMessage for sqs:sendMessage tasks', () => {
  let queues: Queues;
  beforeAll(async () => {
    queues = await startQueues();
  });
  afterAll(async () => {
    await queues?.stop();
  });

  it('sends messages for one queue in the same turn as batches of at most ten, each with its own MessageId', async () => {
    const url = await queues.create('sender-many');
    const client = new CountingSqs({ endpoint: queues.fauxqs.address, region: 'us-east-1', credentials: CREDENTIALS });
    const sender = new SqsSender(client);
    const sent = await Promise.all(Array.from({ length: 25 }, (_, i) => sender.send({ QueueUrl: url, MessageBody: `m${i}` })));
    expect(new Set(sent.map((s) => s.MessageId)).size).toBe(25);
    expect(client.batches.reduce((a, b) => a + b, 0) + client.singles).toBe(25);
    expect(Math.max(...client.batches)).toBeLessThanOrEqual(10);
    expect(client.batches.length).toBeLessThan(25);
    expect(
      queues.fauxqs
        .inspectQueue('sender-many')
        ?.messages.ready.map((m) => m.body)
        .sort(),
    ).toEqual(Array.from({ length: 25 }, (_, i) => `m${i}`).sort());
    client.destroy();
  });

  it('rejects every message of a batch for a queue that does not exist', async () => {
    const client = new SQSClient({ endpoint: queues.fauxqs.address, region: 'us-east-1', credentials: CREDENTIALS });
    const sender = new SqsSender(client);
    const missing = `${queues.urlBase}no-such-queue`;
    const results = await Promise.allSettled([1, 2, 3].map((i) => sender.send({ QueueUrl: missing, MessageBody: String(i) })));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    client.destroy();
  });
});
