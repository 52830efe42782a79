// The sender a function's configuration names (NOTIFY_SENDER); undefined for `none`.
import type { NotificationSender } from '../../app/ports.js';
import { sesClient, snsClient } from '../clients.js';
import type { Config } from '../config.js';
import { fileSender } from './file.js';
import { combinedSender, sesEmailSender, sesSend } from './ses.js';
import { snsPublish, snsSmsSender } from './sns.js';
import { webhookSender } from './webhook.js';

export function notificationSenderFor(config: Config<'notifications'>): NotificationSender | undefined {
  const sms = smsSenderFor(config);
  return combinedSender([...(sms === undefined ? [] : [sms]), ...emailSenderFor(config)]);
}

function emailSenderFor(config: Config<'notifications'>): NotificationSender[] {
  if (config.NOTIFY_EMAIL_FROM === 'none') return [];
  return [sesEmailSender(sesSend(sesClient(config)), { from: config.NOTIFY_EMAIL_FROM })];
}

function smsSenderFor(config: Config<'notifications'>): NotificationSender | undefined {
  switch (config.NOTIFY_SENDER) {
    case 'none':
      return undefined;
    case 'file':
      if (config.NOTIFY_FILE === undefined) throw new Error('NOTIFY_SENDER=file needs NOTIFY_FILE');
      return fileSender(config.NOTIFY_FILE);
    case 'webhook':
      if (config.NOTIFY_WEBHOOK_URL === undefined) throw new Error('NOTIFY_SENDER=webhook needs NOTIFY_WEBHOOK_URL');
      return webhookSender({
        url: config.NOTIFY_WEBHOOK_URL,
        ...(config.NOTIFY_WEBHOOK_TOKEN === undefined ? {} : { token: config.NOTIFY_WEBHOOK_TOKEN }),
      });
    case 'sns':
      // The module's one client (shared/adapters/clients.ts): the handler builds its sender at load.
      return snsSmsSender(snsPublish(snsClient(config)));
  }
}
