// 申请延期: a reviewer of an overdue task asks the organization department for more time, with a
// reason. The button opens the form; the panel on the task page also shows the request's state.
import { ClockCircleOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, getJson, postJson } from '../api';
import { formatTime } from '../lib/labels';
import { useLoad } from '../lib/useLoad';
import type { ExtensionRequest, ExtensionView, TaskExtension } from '../../../shared/api';

const REASON_MIN = 5;

/** The 申请延期 button and its form; `onDone` after a request was stored. */
export function ExtensionButton({ taskId, onDone, size }: { taskId: string; onDone?: () => void; size?: 'small' | 'middle' }) {
  const { message, modal } = AntApp.useApp();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  const send = async () => {
    setBusy(true);
    try {
      const body: ExtensionRequest = { reason: reason.trim() };
      await postJson<ExtensionView>(`/reviews/${encodeURIComponent(taskId)}/extension`, body);
      message.success('延期申请已提交，请等待组织部门审批');
      setOpen(false);
      setReason('');
      onDone?.();
    } catch (e) {
      setOpen(false);
      if (e instanceof ApiError && e.status === 409) modal.error({ title: '不能申请延期', content: e.message });
      else message.error(e instanceof Error ? e.message : '提交失败');
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button size={size} icon={<ClockCircleOutlined />} onClick={() => setOpen(true)} data-testid="request-extension">
        申请延期
      </Button>
      <Modal
        open={open}
        title="申请延期答复"
        okText="提交申请"
        cancelText="取消"
        okButtonProps={{ disabled: reason.trim().length < REASON_MIN, loading: busy, 'data-testid': 'confirm-extension' }}
        onOk={() => void send()}
        onCancel={() => setOpen(false)}
      >
        <Typography.Paragraph type="secondary">
          请写明未能按期答复的原因。组织部门批准后，该人选将重新发送给本部门，并给出新的答复期限；申请和审批结果记入该人选的审计记录。
        </Typography.Paragraph>
        <Input.TextArea
          rows={4}
          maxLength={1000}
          showCount
          placeholder={`未能按期答复的原因（至少 ${REASON_MIN} 个字）`}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          data-testid="extension-reason"
        />
      </Modal>
    </>
  );
}

/** On an overdue task's page: the latest request's state, or the button when none is pending. */
export function ExtensionPanel({ taskId }: { taskId: string }) {
  const state = useLoad(() => getJson<TaskExtension>(`/reviews/${encodeURIComponent(taskId)}/extension`), [taskId]);
  const latest = state.data?.extension ?? null;
  if (state.loading && state.data === undefined) return null;
  if (latest?.status === 'pending') {
    return (
      <Alert
        type="warning"
        showIcon
        style={{ marginTop: 12 }}
        data-testid="extension-state"
        message="已申请延期，等待组织部门审批"
        description={`${formatTime(latest.requestedAt)} 提交；理由：${latest.reason}`}
      />
    );
  }
  return (
    <div style={{ marginTop: 12 }}>
      {latest?.status === 'declined' ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="extension-state"
          message={`第 ${latest.sequence} 次延期申请未获批准`}
          description={`组织部门意见：${latest.declineReason ?? ''}（${formatTime(latest.decidedAt)}）`}
        />
      ) : null}
      <ExtensionButton taskId={taskId} onDone={state.reload} />
    </div>
  );
}
