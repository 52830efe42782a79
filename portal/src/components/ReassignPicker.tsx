// Handing a review task to a colleague: a pick from the department's reviewers (GET
// /departments/{code}/reviewers), or a login name typed in where the identity provider keeps the
// accounts. The rule it shows: while a task is handed to someone, only they answer it.
import { SwapOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Input, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { getJson, postJson } from '../api';
import { useLoad } from '../lib/useLoad';
import type { ReassignResponse, ReviewerList, TaskItem } from '../../../shared/api';

export function assigneeText(task: Pick<TaskItem, 'assignee' | 'assigneeName'>): string {
  if (task.assignee === null) return '未指定';
  return task.assigneeName && task.assigneeName !== task.assignee ? `${task.assigneeName}（${task.assignee}）` : task.assignee;
}

export function ReassignPicker({ task, me, onDone }: { task: TaskItem; me: string; onDone: () => void }) {
  const { message } = AntApp.useApp();
  const reviewers = useLoad(
    () => getJson<ReviewerList>(`/departments/${encodeURIComponent(task.department)}/reviewers`),
    [task.department],
  );
  const [assignee, setAssignee] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const open = task.status === 'open';
  const mayHandOn = task.assignee === null || task.assignee === me;
  const list = reviewers.data;

  const reassign = async () => {
    const who = assignee?.trim();
    if (!who) return;
    setBusy(true);
    try {
      const done = await postJson<ReassignResponse>(`/reviews/${encodeURIComponent(task.taskId)}/reassign`, { assignee: who });
      message.success(`已转交给 ${done.assigneeName}`);
      setAssignee(undefined);
      onDone();
    } catch (e) {
      message.error(e instanceof Error ? e.message : '转交失败');
      onDone();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title="转交" style={{ marginTop: 12 }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        当前经办：<span data-testid="assignee">{assigneeText(task)}</span>。转交后只有经办人可以答复；经办人可再转交，组织部门也可改派。
      </Typography.Paragraph>
      {list?.listed === false ? (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {list.message}
        </Typography.Paragraph>
      ) : null}
      <Space.Compact style={{ width: '100%' }}>
        {list?.listed === false ? (
          <Input
            placeholder="同部门审查员的登录名"
            value={assignee ?? ''}
            onChange={(e) => setAssignee(e.target.value)}
            disabled={!open || !mayHandOn}
          />
        ) : (
          <Select
            style={{ width: '100%' }}
            placeholder="选择本部门的审查员"
            loading={reviewers.loading}
            value={assignee}
            onChange={setAssignee}
            disabled={!open || !mayHandOn}
            showSearch
            optionFilterProp="label"
            data-testid="reassign-picker"
            options={(list?.reviewers ?? [])
              .filter((r) => r.username !== task.assignee)
              .map((r) => ({ value: r.username, label: `${r.displayName}（${r.username}）${r.username === me ? '（本人）' : ''}` }))}
          />
        )}
        <Button icon={<SwapOutlined />} onClick={reassign} loading={busy} disabled={!open || !mayHandOn || !assignee?.trim()}>
          转交
        </Button>
      </Space.Compact>
    </Card>
  );
}
