// The notification outbox: one item per notification (pk NOTIFY#<id>), listed per unit on gsi1
// (by created time) and, while 待发送, on gsi2 by when the next attempt is due (a sparse key the
// delivery write removes). Creation and every delivery write are conditional.
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { Notification } from '../../domain/notifications.js';
import type { NotificationRepository } from '../../app/ports.js';
import { ENTITY, keys } from './keys.js';
import { isConditionalFailure, queryAll, queryKeysThenGet, type TableContext } from './util.js';

const NotificationItem = z.object({ notification: Notification });

export function notificationRepository(ctx: TableContext): NotificationRepository {
  const get = async (id: string): Promise<Notification | undefined> => {
    const out = await ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key: keys.notification(id), ConsistentRead: true }));
    return out.Item === undefined ? undefined : NotificationItem.parse(out.Item).notification;
  };
  return {
    async create(input) {
      const notification = Notification.parse(input);
      const pending = notification.delivery.nextAttemptAt;
      try {
        await ctx.doc.send(
          new PutCommand({
            TableName: ctx.tableName,
            Item: {
              ...keys.notification(notification.id),
              ...keys.notificationByUnit(notification.unit, notification.createdAt, notification.id),
              ...(notification.delivery.status === '待发送' && pending !== undefined
                ? keys.notificationPending(pending, notification.id)
                : {}),
              entity: ENTITY.notification,
              attempts: notification.delivery.attempts.length,
              notification,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return { created: true };
      } catch (err) {
        if (!isConditionalFailure(err)) throw err;
        return { created: false };
      }
    },

    get,

    async listByUnit(unit, opts) {
      const items = await queryAll(ctx, {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': keys.notificationUnitPartition(unit) },
        ScanIndexForward: false,
        ...(opts?.limit === undefined ? {} : { Limit: opts.limit }),
      });
      return items.map((item) => NotificationItem.parse(item).notification);
    },

    async listDue(at, opts) {
      // gsi2 projects no notification content: keys there (up to `at`), items from the table.
      const items = await queryKeysThenGet(ctx, {
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p AND gsi2sk <= :at',
        ExpressionAttributeValues: { ':p': keys.notificationPendingPartition, ':at': `${at}#~` },
        ...(opts?.limit === undefined ? {} : { Limit: opts.limit }),
      });
      return items.map((item) => NotificationItem.parse(item).notification).filter((n) => n.delivery.status === '待发送');
    },

    async recordDelivery(id, expectedAttempts, delivery) {
      const pending = delivery.status === '待发送' && delivery.nextAttemptAt !== undefined;
      const pendingKey = pending && delivery.nextAttemptAt !== undefined ? keys.notificationPending(delivery.nextAttemptAt, id) : undefined;
      try {
        await ctx.doc.send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: keys.notification(id),
            UpdateExpression:
              pendingKey === undefined
                ? 'SET #n.#d = :d, attempts = :next REMOVE gsi2pk, gsi2sk'
                : 'SET #n.#d = :d, attempts = :next, gsi2pk = :gpk, gsi2sk = :gsk',
            ConditionExpression: 'attribute_exists(pk) AND attempts = :expected',
            ExpressionAttributeNames: { '#n': 'notification', '#d': 'delivery' },
            ExpressionAttributeValues: {
              ':d': delivery,
              ':next': delivery.attempts.length,
              ':expected': expectedAttempts,
              ...(pendingKey === undefined ? {} : { ':gpk': pendingKey.gsi2pk, ':gsk': pendingKey.gsi2sk }),
            },
          }),
        );
        return true;
      } catch (err) {
        if (!isConditionalFailure(err)) throw err;
        return false;
      }
    },

    async markRead(id, at, by) {
      try {
        await ctx.doc.send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: keys.notification(id),
            UpdateExpression: 'SET #n.readAt = :at, #n.readBy = :by',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#n.readAt)',
            ExpressionAttributeNames: { '#n': 'notification' },
            ExpressionAttributeValues: { ':at': at, ':by': by },
          }),
        );
        return true;
      } catch (err) {
        if (!isConditionalFailure(err)) throw err;
        return false;
      }
    },
  };
}
