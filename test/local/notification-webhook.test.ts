// A county's SMS gateway on the local stack: the gateway fails the first delivery, the outbox
// records the attempt and retries after the wait, and the second delivery goes through.
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationList } from '../../shared/api/notifications.js';
import { notifyStackSuite } from './notify-support.js';
import { waitFor } from './support.js';

const received: unknown[] = [];
let failuresLeft = 1;
const gateway = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    res.statusCode = failuresLeft > 0 ? 503 : 200;
    failuresLeft -= 1;
    res.end();
  });
});
let url = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', () => resolve()));
  const address = gateway.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/sms`;
}, 10_000);
afterAll(async () => {
  await new Promise<void>((resolve) => gateway.close(() => resolve()));
});

const { noJava, stack, reviewer, remindDepartment } = notifyStackSuite(() => ({ webhookUrl: url, retrySeconds: [1, 1, 1, 1] }));

describe.skipIf(noJava)('notifications on the local stack (webhook adapter)', () => {
  it('retries a delivery the gateway refused and records it as sent', async () => {
    await remindDepartment('c-notify-webhook', 'xinfang.wang');
    await stack().jobs.notifications();
    expect(received).toHaveLength(1);
    const dept = await reviewer();
    expect(NotificationList.parse(await dept.get('/notifications')).items[0]?.delivery).toBe('待发送');
    await waitFor(
      'the retried delivery',
      async () => {
        await stack().jobs.notifications();
        return NotificationList.parse(await dept.get('/notifications')).items[0]?.delivery === '已发送';
      },
      { timeoutMs: 20_000, intervalMs: 500 },
    );
    expect(received).toHaveLength(2);
    expect(received[1]).toMatchObject({ channel: 'sms', username: 'xinfang.wang', to: '+8613812345678' });
  });
});
