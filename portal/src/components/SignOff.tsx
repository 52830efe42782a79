// 谁审查谁负责 on the task page: an answer with findings waiting for the department's head (批准 or
// 退回 with a reason, for a named approver other than the reviewer), and the last return.
import { CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, postJson } from '../api';
import type { ApprovalRequest, ApprovalResponse, Finding, TaskCard } from '../../../shared/api';

const REASON_MIN = 2;

function findingLine(f: Finding): string {
  const parts = [
    f.startDate ? `起始 ${f.startDate}` : null,
    f.endDate ? `终止 ${f.endDate}` : null,
    f.status ? `状态：${f.status}` : null,
    f.documentNumber ? `文号：${f.documentNumber}` : null,
  ].filter((p) => p !== null);
  return `${f.category}${parts.length > 0 ? `（${parts.join('；')}）` : ''}`;
}

/** The held answer, and the approver's two buttons. */
export function HeldAnswerPanel({ card, onDone }: { card: TaskCard; onDone: () => void }) {
  const { message, modal } = AntApp.useApp();
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const held = card.held;
  if (held === null || held === undefined) return null;

  const decide = async (body: ApprovalRequest) => {
    setBusy(true);
    try {
      await postJson<ApprovalResponse>(`/reviews/${encodeURIComponent(card.task.taskId)}/approval`, body);
      message.success(body.decision === 'approve' ? '已批准，答复生效' : '已退回审查人员');
      setReturning(false);
      setReason('');
      onDone();
    } catch (e) {
      if (e instanceof ApiError && (e.status === 409 || e.status === 403)) modal.error({ title: '未能办理', content: e.message });
      else message.error(e instanceof Error ? e.message : '提交失败');
      onDone();
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Alert
        type="info"
        showIcon
        data-testid="held-answer"
        message="答复“有记录”已提交部门负责人审核，批准后生效"
        description={
          <div>
            {held.findings.map((f) => (
              <div key={`${f.category}|${f.startDate ?? ''}|${f.documentNumber ?? ''}`}>{findingLine(f)}</div>
            ))}
            <div>
              {held.atText}，{held.byUsername} 提交
              {held.sourcesSearched.length > 0 ? `；已查询：${held.sourcesSearched.join('、')}` : ''}
            </div>
            {held.canApprove ? (
              <Space style={{ marginTop: 8 }}>
                <Button
                  type="primary"
                  icon={<CheckOutlined />}
                  loading={busy}
                  data-testid="approve-answer"
                  onClick={() =>
                    modal.confirm({
                      title: '批准该答复？',
                      content: '批准后答复生效，联审将据此作出结论；审批人和时间记入审计记录。',
                      okText: '批准',
                      cancelText: '取消',
                      onOk: () => decide({ decision: 'approve' }),
                    })
                  }
                >
                  批准
                </Button>
                <Button icon={<RollbackOutlined />} onClick={() => setReturning(true)} data-testid="return-answer">
                  退回
                </Button>
              </Space>
            ) : (
              <Typography.Text type="secondary">由本部门设置的审核人（部门负责人）批准或退回。</Typography.Text>
            )}
          </div>
        }
      />
      <Modal
        open={returning}
        title="退回答复"
        okText="退回"
        cancelText="取消"
        okButtonProps={{ disabled: reason.trim().length < REASON_MIN, loading: busy, 'data-testid': 'confirm-return' }}
        onOk={() => void decide({ decision: 'return', reason: reason.trim() })}
        onCancel={() => setReturning(false)}
      >
        <Typography.Paragraph type="secondary">写明需要审查人员核实或补充的内容。退回后审查人员可重新答复。</Typography.Paragraph>
        <Input.TextArea
          rows={3}
          maxLength={500}
          showCount
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          data-testid="return-reason"
        />
      </Modal>
    </>
  );
}

/** The head's last return, above the form the reviewer answers again with. */
export function ReturnedNotice({ card }: { card: TaskCard }) {
  const returned = card.task.returned;
  if (returned === null || returned === undefined) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="returned-answer"
      message={`部门负责人已退回上次答复（${returned.atText}，${returned.byUsername}）`}
      description={`退回理由：${returned.reason}`}
    />
  );
}
