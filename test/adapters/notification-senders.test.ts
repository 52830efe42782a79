// The senders notifications leave through: SNS SMS (against a mocked SNS client), a county's
// webhook (a local HTTP server that fails, then answers: retried by the outbox and recorded), and
// the local file of JSON lines.
import { PublishCommand, SNSClient, ThrottledException } from '@aws-sdk/client-sns';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/adapters/config.js';
import { fileSender, maskAddress } from '../../shared/adapters/notify/file.js';
import { notificationSenderFor } from '../../shared/adapters/notify/index.js';
import { snsSmsSender } from '../../shared/adapters/notify/sns.js';
import { webhookSender } from '../../shared/adapters/notify/webhook.js';
import { deliverNotifications } from '../../shared/app/deliver-notifications.js';
import { smsText } from '../../shared/domain/notifications.js';
import { notify } from '../../shared/app/notifications.js';
import type { OutgoingMessage } from '../../shared/app/ports.js';
import { memoryIdentity, seedAccount } from './memory-accounts.js';
import { memoryRepositories } from './memory-repositories.js';

const MESSAGE: OutgoingMessage = {
  channel: 'sms',
  to: '+8613812345678',
  username: 'court1',
  subject: '组织部门催办',
  text: '【资格联审】尚有 2 件联审任务未办理',
  notificationId: '0123456789abcdef0123456789abcdef',
};

// One mock of the client class for every SNS test (a second mockClient would replace the first's stub).
const sns = mockClient(SNSClient);
const ses = mockClient(SESv2Client);
afterEach(() => {
  sns.reset();
  ses.reset();
});

describe('the SNS SMS sender', () => {
  it('publishes a transactional SMS to the phone, with the sender id when one is set', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const client = new SNSClient({ region: 'cn-north-1' });
    const sender = snsSmsSender((input) => client.send(new PublishCommand(input)), { senderId: 'LIANSHEN' });
    await sender.send(MESSAGE);
    const calls = sns.commandCalls(PublishCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      PhoneNumber: '+8613812345678',
      Message: MESSAGE.text,
      MessageAttributes: {
        'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
        'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'LIANSHEN' },
      },
    });
  });

  it('fails when SNS refuses, so the outbox retries', async () => {
    sns.on(PublishCommand).rejects(new Error('Throttling'));
    const client = new SNSClient({ region: 'cn-north-1' });
    await expect(snsSmsSender((input) => client.send(new PublishCommand(input))).send(MESSAGE)).rejects.toThrow('Throttling');
  });
});

const AWS_ENV = {
  TABLE_NAME: 'lianshen',
  KEYS_SECRET_ARN: 'arn:aws:secretsmanager:ap-east-1:111111111111:secret:keys',
  POWERTOOLS_SERVICE_NAME: 'lianshen-notifications',
  POWERTOOLS_METRICS_NAMESPACE: 'Lianshen',
  IDENTITY_ADMIN: '{"kind":"local"}',
  PORTAL_URL: 'https://lianshen.example.gov.cn',
  NOTIFY_SENDER: 'sns',
};

/** One 催办 for the court's accounts, delivered by the sender the environment names; the clock is the test's. */
async function outboxWith(env: Record<string, string>, accounts: Array<{ username: string; phone?: string; email?: string }>) {
  const repos = memoryRepositories();
  const identity = memoryIdentity();
  for (const a of accounts) await seedAccount(identity, { ...a, role: 'department:court' });
  const clock = { at: new Date('2026-04-10T02:00:00.000Z') };
  const now = () => clock.at;
  const n = {
    eventKey: 's1',
    unit: 'department:court',
    kind: 'reminder',
    campaignId: 'c',
    title: '催办',
    text: '尚有 1 件',
    link: '/reviews',
  } as const;
  const { id } = await notify({ repos, now }, n);
  const config = loadConfig('notifications', env);
  const sender = notificationSenderFor(config);
  if (sender === undefined) throw new Error('the environment gave no sender');
  const deps = {
    repos,
    accounts: identity.admin,
    sender,
    now,
    portalUrl: config.PORTAL_URL,
    log: { info: () => undefined, warn: () => undefined },
  };
  return { repos, id, clock, deps, text: smsText(n, config.PORTAL_URL) };
}

describe('NOTIFY_SENDER=sns', () => {
  const setup = () =>
    outboxWith(AWS_ENV, [
      { username: 'court1', phone: '+8613812345678' },
      { username: 'court2', phone: '+8613987654321' },
    ]);

  it('publishes each notification to every account’s own mobile number, with the text the other senders send', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const { deps, text } = await setup();
    expect(await deliverNotifications(deps)).toMatchObject({ sent: 1 });
    const inputs = sns.commandCalls(PublishCommand).map((c) => c.args[0].input);
    expect(inputs.map((i) => i.PhoneNumber)).toEqual(['+8613812345678', '+8613987654321']);
    for (const input of inputs) {
      expect(input.Message).toBe(text);
      expect(input.Message).toBe('【资格联审】尚有 1 件 https://lianshen.example.gov.cn/reviews');
      expect(input.MessageAttributes?.['AWS.SNS.SMS.SMSType']?.StringValue).toBe('Transactional');
    }
  });

  it('retries an account SNS refused after the outbox’s first wait (1 minute), recording the error name only', async () => {
    sns
      .on(PublishCommand, { PhoneNumber: '+8613987654321' })
      .rejectsOnce(new ThrottledException({ message: 'Rate exceeded for +8613987654321', $metadata: {} }))
      .resolves({ MessageId: 'm-2' });
    sns.on(PublishCommand, { PhoneNumber: '+8613812345678' }).resolves({ MessageId: 'm-1' });
    const { repos, id, clock, deps } = await setup();
    expect(await deliverNotifications(deps)).toMatchObject({ retrying: 1 });
    clock.at = new Date('2026-04-10T02:00:59.000Z');
    expect(await deliverNotifications(deps)).toMatchObject({ attempted: 0 });
    clock.at = new Date('2026-04-10T02:01:00.000Z');
    expect(await deliverNotifications(deps)).toMatchObject({ sent: 1 });
    expect(sns.commandCalls(PublishCommand).map((c) => c.args[0].input.PhoneNumber)).toEqual([
      '+8613812345678',
      '+8613987654321',
      '+8613987654321',
    ]);
    expect((await repos.notifications.get(id))?.delivery).toEqual({
      status: '已发送',
      sentTo: ['court1', 'court2'],
      attempts: [
        { at: '2026-04-10T02:00:00.000Z', sent: 1, failed: 1, error: 'ThrottledException' },
        { at: '2026-04-10T02:01:00.000Z', sent: 1, failed: 0 },
      ],
    });
  });

  it('refuses a phone that is not E.164 without publishing, and names no number in the error', async () => {
    const sender = snsSmsSender(async () => {
      throw new Error('must not publish');
    });
    await expect(sender.send({ ...MESSAGE, to: '13812345678' })).rejects.toThrow(
      expect.objectContaining({ name: 'SmsAddressError', message: expect.not.stringContaining('1381234') }),
    );
  });
});

describe('NOTIFY_SENDER=sns with NOTIFY_EMAIL_FROM (SES)', () => {
  const setup = () =>
    outboxWith({ ...AWS_ENV, NOTIFY_EMAIL_FROM: 'lianshen@dinghai.gov.cn' }, [
      { username: 'court1', phone: '+8613812345678', email: 'court1@dinghai.gov.cn' },
      { username: 'court2', email: 'court2@dinghai.gov.cn' },
    ]);

  it('sends the SMS to the mobile and the same notice by e-mail to each account that has an address, from the configured identity', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    ses.on(SendEmailCommand).resolves({ MessageId: 'e-1' });
    const { repos, id, deps } = await setup();
    expect(await deliverNotifications(deps)).toMatchObject({ sent: 1 });
    expect(sns.commandCalls(PublishCommand).map((c) => c.args[0].input.PhoneNumber)).toEqual(['+8613812345678']);
    const mails = ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input);
    expect(mails.map((m) => m.Destination?.ToAddresses)).toEqual([['court1@dinghai.gov.cn'], ['court2@dinghai.gov.cn']]);
    for (const m of mails) {
      expect(m.FromEmailAddress).toBe('lianshen@dinghai.gov.cn');
      expect(m.Content?.Simple?.Subject?.Data).toBe('【资格联审】催办');
      expect(m.Content?.Simple?.Body?.Text?.Data).toContain('【资格联审】尚有 1 件 https://lianshen.example.gov.cn/reviews');
    }
    expect((await repos.notifications.get(id))?.delivery.sentTo).toEqual(['court1', 'court1#email', 'court2#email']);
  });

  it('retries only the e-mail SES refused, after the outbox’s first wait, and records the error name only', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    ses
      .on(SendEmailCommand, { Destination: { ToAddresses: ['court2@dinghai.gov.cn'] } })
      .rejectsOnce(Object.assign(new Error('Throttling for court2@dinghai.gov.cn'), { name: 'TooManyRequestsException' }))
      .resolves({ MessageId: 'e-2' });
    ses.on(SendEmailCommand, { Destination: { ToAddresses: ['court1@dinghai.gov.cn'] } }).resolves({ MessageId: 'e-1' });
    const { repos, id, clock, deps } = await setup();
    expect(await deliverNotifications(deps)).toMatchObject({ retrying: 1 });
    clock.at = new Date('2026-04-10T02:01:00.000Z');
    expect(await deliverNotifications(deps)).toMatchObject({ sent: 1 });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
    expect(ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input.Destination?.ToAddresses?.[0])).toEqual([
      'court1@dinghai.gov.cn',
      'court2@dinghai.gov.cn',
      'court2@dinghai.gov.cn',
    ]);
    const delivery = (await repos.notifications.get(id))?.delivery;
    expect(delivery?.status).toBe('已发送');
    expect(delivery?.attempts[0]).toEqual({ at: '2026-04-10T02:00:00.000Z', sent: 2, failed: 1, error: 'TooManyRequestsException' });
  });
});

describe('the webhook sender', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
    server = undefined;
  });

  /** A gateway that answers 503 `failures` times, then 200; it keeps what it received. */
  async function gateway(failures: number) {
    const received: Array<{ body: unknown; authorization: string | undefined }> = [];
    let left = failures;
    const read = async (req: IncomingMessage) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(Buffer.from(chunk));
      return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    };
    server = createServer((req, res) => {
      void read(req).then((body) => {
        received.push({ body, authorization: req.headers.authorization });
        res.statusCode = left > 0 ? 503 : 200;
        left -= 1;
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    return { url: `http://127.0.0.1:${port}/sms`, received };
  }

  it('posts the message as JSON with the bearer token', async () => {
    const gw = await gateway(0);
    await webhookSender({ url: gw.url, token: 's3cret' }).send(MESSAGE);
    expect(gw.received).toEqual([{ body: MESSAGE, authorization: 'Bearer s3cret' }]);
  });

  it('is retried by the outbox after the gateway failed, and every attempt is recorded', async () => {
    const gw = await gateway(1);
    const repos = memoryRepositories();
    const identity = memoryIdentity();
    await seedAccount(identity, { username: 'court1', role: 'department:court', phone: '+8613812345678' });
    let clock = new Date('2026-04-10T02:00:00.000Z');
    const now = () => clock;
    const { id } = await notify(
      { repos, now },
      { eventKey: 'w1', unit: 'department:court', kind: 'reminder', campaignId: 'c', title: '催办', text: '尚有 1 件', link: '/reviews' },
    );
    const deps = {
      repos,
      accounts: identity.admin,
      sender: webhookSender({ url: gw.url }),
      now,
      log: { info: () => undefined, warn: () => undefined },
    };
    expect(await deliverNotifications(deps)).toMatchObject({ retrying: 1 });
    clock = new Date('2026-04-10T02:01:00.000Z');
    expect(await deliverNotifications(deps)).toMatchObject({ sent: 1 });
    expect(gw.received).toHaveLength(2);
    expect((await repos.notifications.get(id))?.delivery).toEqual({
      status: '已发送',
      sentTo: ['court1'],
      attempts: [
        { at: '2026-04-10T02:00:00.000Z', sent: 0, failed: 1, error: 'WebhookError' },
        { at: '2026-04-10T02:01:00.000Z', sent: 1, failed: 0 },
      ],
    });
  });
});

describe('the file sender', () => {
  it('appends one JSON line per message, the phone masked', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'lianshen-notify-')), 'notifications', 'outbox.jsonl');
    const sender = fileSender(path, () => new Date('2026-04-10T02:00:00.000Z'));
    await sender.send(MESSAGE);
    await sender.send({ ...MESSAGE, username: 'court2' });
    const lines = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown);
    expect(lines).toEqual([
      { ...MESSAGE, at: '2026-04-10T02:00:00.000Z', to: '+86138****5678' },
      { ...MESSAGE, at: '2026-04-10T02:00:00.000Z', to: '+86138****5678', username: 'court2' },
    ]);
    expect(maskAddress('wang@example.gov.cn')).toBe('w***@example.gov.cn');
  });
});
