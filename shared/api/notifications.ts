// Contract of the notification routes (served by accountsApi, for any signed-in account): the
// caller's units' notifications (GET /notifications), one or all marked read.
import { z } from 'zod';
import { DeliveryStatus, NotificationKind } from '../domain/notifications.js';

export const NotificationParams = z.object({
  id: z.string().regex(/^[0-9a-f]{32}$/, { error: '通知编号格式不正确' }),
});

export const NotificationListQuery = z.object({
  /** `true`: only the unread ones. */
  unread: z.enum(['true', 'false']).optional(),
});

export const NotificationItem = z.object({
  id: z.string(),
  /** `orgdept`, `township:<code>` or `department:<code>`. */
  unit: z.string(),
  kind: NotificationKind,
  campaignId: z.string(),
  title: z.string(),
  text: z.string(),
  /** A portal path. */
  link: z.string(),
  createdAt: z.string(),
  /** 2026年12月2日 02:57 (Beijing). */
  createdAtText: z.string(),
  read: z.boolean(),
  readAt: z.string().optional(),
  /** 待发送 / 已发送 / 失败: the SMS delivery. */
  delivery: DeliveryStatus,
});
export type NotificationItem = z.infer<typeof NotificationItem>;

export const NotificationList = z.object({
  /** Unread notifications of the caller's units. */
  unread: z.number().int().min(0),
  items: z.array(NotificationItem),
});
export type NotificationList = z.infer<typeof NotificationList>;

export const NotificationReadResponse = z.object({ id: z.string(), read: z.literal(true) });
export const NotificationsReadAllResponse = z.object({ marked: z.number().int().min(0) });
