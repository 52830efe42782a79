// The in-memory notification outbox, with the DynamoDB one's semantics (conditional create, the
// attempt count as the condition of a delivery write, newest first per unit).
import type { Notification } from '../../shared/domain/notifications.js';
import type { NotificationRepository } from '../../shared/app/ports.js';

export function memoryNotifications(store: Map<string, Notification>): NotificationRepository {
  const clone = <T>(v: T): T => structuredClone(v);
  return {
    async create(notification) {
      if (store.has(notification.id)) return { created: false };
      store.set(notification.id, clone(notification));
      return { created: true };
    },
    async get(id) {
      const n = store.get(id);
      return n && clone(n);
    },
    async listByUnit(unit, opts) {
      const all = [...store.values()]
        .filter((n) => n.unit === unit)
        .sort((a, b) => `${b.createdAt}#${b.id}`.localeCompare(`${a.createdAt}#${a.id}`));
      return clone(opts?.limit === undefined ? all : all.slice(0, opts.limit));
    },
    async listDue(at, opts) {
      const due = [...store.values()]
        .filter((n) => n.delivery.status === '待发送' && n.delivery.nextAttemptAt !== undefined && n.delivery.nextAttemptAt <= at)
        .sort((a, b) => `${a.delivery.nextAttemptAt}#${a.id}`.localeCompare(`${b.delivery.nextAttemptAt}#${b.id}`));
      return clone(opts?.limit === undefined ? due : due.slice(0, opts.limit));
    },
    async recordDelivery(id, expectedAttempts, delivery) {
      const n = store.get(id);
      if (n === undefined || n.delivery.attempts.length !== expectedAttempts) return false;
      store.set(id, { ...n, delivery: clone(delivery) });
      return true;
    },
    async markRead(id, at, by) {
      const n = store.get(id);
      if (n === undefined || n.readAt !== undefined) return false;
      store.set(id, { ...n, readAt: at, readBy: by });
      return true;
    },
  };
}
