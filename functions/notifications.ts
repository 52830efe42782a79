// Notifications (EventBridge schedules on AWS: `deadlines` hourly, `deliver` every minute; the
// local stack's timer): writes the deadline notifications and delivers the outbox through the
// configured sender (use case: shared/app/notification-job.ts).
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { type NotificationJob, runNotificationJob } from '../shared/app/notification-job.js';
import type { IdentityProvider, NotificationSender } from '../shared/app/ports.js';
import { loadConfig } from '../shared/adapters/config.js';
import { configuredIdentity } from '../shared/adapters/identity/index.js';
import { notificationSenderFor } from '../shared/adapters/notify/index.js';
import { sharedRepositories, telemetry, withPowertools, type PipelineDeps } from '../shared/adapters/runtime.js';

const JobEvent = z.object({ job: z.enum(['deadlines', 'deliver', 'all']).default('all') });

export function createNotificationsHandler(
  deps: PipelineDeps & {
    identity: IdentityProvider;
    sender: NotificationSender | undefined;
    portalUrl?: string;
    retrySeconds?: readonly number[];
  },
) {
  // Where accounts live outside lianshen (an OIDC provider), nobody is known to send to.
  const accounts = deps.identity.kind === 'external' ? { listByRole: async () => [] } : deps.identity.admin;
  return withPowertools(async (event: unknown, _context: Context) => {
    const { job }: { job: NotificationJob } = JobEvent.parse(event ?? {});
    return runNotificationJob(
      {
        repos: await deps.repos(),
        now: deps.now,
        log: telemetry.log,
        accounts,
        sender: deps.sender,
        ...(deps.portalUrl === undefined ? {} : { portalUrl: deps.portalUrl }),
        ...(deps.retrySeconds === undefined ? {} : { retrySeconds: deps.retrySeconds }),
      },
      job,
    );
  });
}

const config = loadConfig('notifications');

export const handler = createNotificationsHandler({
  repos: () => sharedRepositories(config),
  now: () => new Date(),
  identity: configuredIdentity(config),
  sender: notificationSenderFor(config),
  ...(config.PORTAL_URL === undefined ? {} : { portalUrl: config.PORTAL_URL }),
  ...(config.LIANSHEN_NOTIFY_RETRY_SECONDS === undefined ? {} : { retrySeconds: config.LIANSHEN_NOTIFY_RETRY_SECONDS }),
});
