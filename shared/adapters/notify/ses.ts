// E-mail through Amazon SES (SESv2 SendEmail, plain text, UTF-8). Like the SMS sender it takes the
// call as a function (`sesSend(client)` for the real one), so tests and the handler choose the
// client; functions/notifications.ts creates it once per module.
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { NotificationSender, OutgoingMessage } from '../../app/ports.js';

export interface EmailSendInput {
  FromEmailAddress: string;
  Destination: { ToAddresses: string[] };
  Content: { Simple: { Subject: { Data: string; Charset: 'UTF-8' }; Body: { Text: { Data: string; Charset: 'UTF-8' } } } };
}

export type EmailSend = (input: EmailSendInput) => Promise<{ MessageId?: string }>;

export function sesSend(client: SESv2Client): EmailSend {
  return (input) => client.send(new SendEmailCommand(input));
}

/** The footer every notice carries: it names the system, never a candidate. */
export const EMAIL_FOOTER = '此邮件由资格联审系统自动发送，请登录系统查看详情，勿直接回复。';

export function sesEmailSender(send: EmailSend, opts: { from: string }): NotificationSender {
  return {
    channels: ['email'],
    async send(message: OutgoingMessage) {
      if (message.channel !== 'email') throw new Error(`the SES sender sends e-mail only, not ${message.channel}`);
      await send({
        FromEmailAddress: opts.from,
        Destination: { ToAddresses: [message.to] },
        Content: {
          Simple: {
            Subject: { Data: `【资格联审】${message.subject}`, Charset: 'UTF-8' },
            Body: { Text: { Data: `${message.text}\n\n${EMAIL_FOOTER}`, Charset: 'UTF-8' } },
          },
        },
      });
    },
  };
}

/** Several senders as one: each message goes to the sender of its channel. */
export function combinedSender(senders: readonly NotificationSender[]): NotificationSender | undefined {
  if (senders.length === 0) return undefined;
  const [only] = senders;
  if (senders.length === 1) return only;
  return {
    channels: [...new Set(senders.flatMap((s) => s.channels))],
    async send(message) {
      const sender = senders.find((s) => s.channels.includes(message.channel));
      if (sender === undefined) throw new Error(`no sender for ${message.channel}`);
      await sender.send(message);
    },
  };
}
