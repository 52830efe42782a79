// A county's own SMS gateway: every message as an HTTP POST of JSON to the configured URL (with a
// bearer token if one is set). Anything but a 2xx is a failure the outbox retries; the gateway can
// recognise a repeat by notificationId and username.
import type { NotificationSender, OutgoingMessage } from '../../app/ports.js';

export class WebhookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookError';
  }
}

export interface WebhookOptions {
  url: string;
  token?: string;
  /** Per request; default 10 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export function webhookSender(opts: WebhookOptions): NotificationSender {
  const doFetch = opts.fetch ?? fetch;
  return {
    channels: ['sms'],
    async send(message: OutgoingMessage) {
      const res = await doFetch(opts.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          ...(opts.token === undefined ? {} : { authorization: `Bearer ${opts.token}` }),
        },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
      // Drained so the connection is reused; the body is not needed.
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) throw new WebhookError(`the gateway answered ${res.status}`);
    },
  };
}
