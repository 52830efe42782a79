// The notification routes (mounted in accountsApi): any signed-in account reads the notifications
// of its own units (its groups) and marks them read; another unit's notification is not found.
import {
  NotificationList,
  NotificationListQuery,
  NotificationParams,
  NotificationReadResponse,
  NotificationsReadAllResponse,
} from '../../api/notifications.js';
import { listNotifications, markAllNotificationsRead, markNotificationRead } from '../../app/notifications.js';
import { orgdeptDepartments } from '../../app/orgdept-reviewer.js';
import type { ApiDeps } from './deps.js';
import { withOrgdeptReviewer } from './orgdept-reviewer.js';
import { route, type Routes } from './middleware.js';
import { orRefuse } from './refusals.js';
import { reply } from './responses.js';

export function notificationRoutes(deps: ApiDeps): Routes {
  // The organization department's accounts also read the notices of its own review department.
  return withOrgdeptReviewer(unitRoutes(deps), () => orgdeptDepartments(deps.repos.policies));
}

function unitRoutes(deps: ApiDeps): Routes {
  return {
    'GET /notifications': route({
      query: NotificationListQuery,
      handle: async ({ principal, query }) =>
        reply(NotificationList, await listNotifications(deps, { caller: principal, unreadOnly: query.unread === 'true' })),
    }),

    'POST /notifications/{id}/read': route({
      params: NotificationParams,
      handle: async ({ principal, params }) =>
        reply(NotificationReadResponse, orRefuse(await markNotificationRead(deps, { caller: principal, id: params.id }))),
    }),

    'POST /notifications/read-all': route({
      handle: async ({ principal }) => reply(NotificationsReadAllResponse, await markAllNotificationsRead(deps, { caller: principal })),
    }),
  };
}
