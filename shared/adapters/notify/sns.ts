// SMS through Amazon SNS (Publish to a phone number, Transactional). The sender takes the Publish
// call as a function (`snsPublish(client)` for the real one), so tests and the handler choose the
// client; functions/notifications.ts creates it once per module.
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { NotificationSender, OutgoingMessage } from '../../app/ports.js';

export interface SmsPublishInput {
  PhoneNumber: string;
  Message: string;
  MessageAttributes: Record<string, { DataType: 'String'; StringValue: string }>;
}

export type SmsPublish = (input: SmsPublishInput) => Promise<{ MessageId?: string }>;

/** Publish through one SNS client. */
export function snsPublish(client: SNSClient): SmsPublish {
  return (input) => client.send(new PublishCommand(input));
}

/** SNS wants E.164; accounts store mainland mobiles as +86…, but a Cognito user may carry anything. */
const E164 = /^\+[1-9]\d{6,14}$/;

export class SmsAddressError extends Error {
  constructor() {
    // No number in the message: an address is personal data, and the outbox records the error name.
    super('the account’s phone is not an E.164 number');
    this.name = 'SmsAddressError';
  }
}

export function snsSmsSender(publish: SmsPublish, opts: { senderId?: string } = {}): NotificationSender {
  return {
    channels: ['sms'],
    async send(message: OutgoingMessage) {
      if (message.channel !== 'sms') throw new Error(`the SNS sender sends SMS only, not ${message.channel}`);
      if (!E164.test(message.to)) throw new SmsAddressError();
      await publish({
        PhoneNumber: message.to,
        Message: message.text,
        MessageAttributes: {
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          ...(opts.senderId === undefined ? {} : { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: opts.senderId } }),
        },
      });
    },
  };
}
