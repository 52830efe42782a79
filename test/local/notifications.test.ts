// Notifications through the local stack: a 催办 becomes a notification of the department, which
// its reviewer sees in the portal and the notification job delivers through the file adapter.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NotificationList } from '../../shared/api/notifications.js';
import { DEPARTMENT, notifyStackSuite } from './notify-support.js';

const file = join(mkdtempSync(join(tmpdir(), 'lianshen-notify-')), 'notifications.jsonl');
const { noJava, stack, reviewer, remindDepartment } = notifyStackSuite(() => ({ file }));

describe.skipIf(noJava)('notifications on the local stack (file adapter)', () => {
  it('turns a 催办 into one notification, delivered once as a JSON line with the phone masked', async () => {
    await remindDepartment('c-notify-file', 'xinfang.li');
    const dept = await reviewer();
    const listed = NotificationList.parse(await dept.get('/notifications'));
    expect(listed.unread).toBe(1);
    expect(listed.items[0]).toMatchObject({ kind: 'reminder', unit: `department:${DEPARTMENT}`, delivery: '待发送' });

    await stack().jobs.notifications();
    await stack().jobs.notifications();
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ channel: 'sms', username: 'xinfang.li', to: '+86138****5678', notificationId: listed.items[0]?.id });
    expect(String(lines[0]?.['text'])).toContain('组织部门催办');
    expect(NotificationList.parse(await dept.get('/notifications')).items[0]?.delivery).toBe('已发送');

    await dept.post('/notifications/read-all', {});
    expect(NotificationList.parse(await dept.get('/notifications')).unread).toBe(0);
  });
});
