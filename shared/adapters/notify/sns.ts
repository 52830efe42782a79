// SMS through Amazon SNS (Publish to a phone number, Transactional). It takes the Publish call as
// a function, so this module needs no SNS client: the function's handler passes
// `(input) => snsClient.send(new PublishCommand(input))` once @aws-sdk/client-sns is a dependency.
import type { NotificationSender, OutgoingMessage } from '../../app/ports.js';

export interface SmsPublishInput {
  PhoneNumber: string;
  Message: string;
  MessageAttributes: Record<string, { DataType: 'String'; StringValue: string }>;
}

export type SmsPublish = (input: SmsPublishInput) => Promise<{ MessageId?: string }>;

export function snsSmsSender(publish: SmsPublish, opts: { senderId?: string } = {}): NotificationSender {
  return {
    channels: ['sms'],
    async send(message: OutgoingMessage) {
      if (message.channel !== 'sms') throw new Error(`the SNS sender sends SMS only, not ${message.channel}`);
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
