// The local stack's sender: every message as one JSON line appended to a file in the data folder,
// so a county trying the stack sees what would have gone out. The phone is masked there.
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { NotificationSender, OutgoingMessage } from '../../app/ports.js';

/** +8613812345678 → +86138****5678; an e-mail keeps its first letter and domain. */
export function maskAddress(to: string): string {
  const at = to.indexOf('@');
  if (at > 0) return `${to.charAt(0)}***${to.slice(at)}`;
  return to.length <= 8 ? '****' : `${to.slice(0, to.length - 8)}****${to.slice(-4)}`;
}

export function fileSender(path: string, now: () => Date = () => new Date()): NotificationSender {
  return {
    channels: ['sms'],
    async send(message: OutgoingMessage) {
      await mkdir(dirname(path), { recursive: true });
      const line = { at: now().toISOString(), ...message, to: maskAddress(message.to) };
      await appendFile(path, `${JSON.stringify(line)}\n`, 'utf8');
    },
  };
}
