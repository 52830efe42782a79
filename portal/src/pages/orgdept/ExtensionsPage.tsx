// 延期申请: the departments' requests for more time on overdue tasks. The organization department
// approves (the candidate goes back to that department with a new deadline, as a 发回重审) or
// declines with a reason; both are on the candidate's audit trail.
import { App as AntApp, Alert, Button, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { getJson, postJson } from '../../api';
import { CampaignPageHeader, useCampaigns } from '../../components/campaigns';
import { Loaded } from '../../components/Loaded';
import { formatTime } from '../../lib/labels';
import { useLoad } from '../../lib/useLoad';
import type { ExtensionDecisionRequest, ExtensionList, ExtensionView } from '../../../../shared/api';

const STATUS_COLOR: Record<ExtensionView['status'], string> = { pending: 'gold', approved: 'green', declined: 'red' };
const REASON_MIN = 5;

export function ExtensionsPage() {
  const { current } = useCampaigns();
  const { message } = AntApp.useApp();
  const campaignId = current?.id;
  const state = useLoad(
    () =>
      campaignId === undefined
        ? Promise.resolve(undefined)
        : getJson<ExtensionList>(`/campaigns/${encodeURIComponent(campaignId)}/extensions`),
    [campaignId],
  );
  const [deciding, setDeciding] = useState<{ row: ExtensionView; decision: ExtensionDecisionRequest['decision'] } | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  async function decide() {
    if (deciding === null) return;
    const { row, decision } = deciding;
    const target = { department: row.department, sequence: row.sequence };
    const body: ExtensionDecisionRequest =
      decision === 'approve' ? { ...target, decision } : { ...target, decision, reason: reason.trim() };
    setBusy(true);
    try {
      const done = await postJson<ExtensionView>(`/candidates/${encodeURIComponent(row.candidateId)}/extension/decision`, body);
      message.success(`${row.candidate?.name ?? ''}（${row.departmentName}）：${done.statusLabel}`);
      setDeciding(null);
      setReason('');
      state.reload();
    } catch (e) {
      message.error(e instanceof Error ? e.message : '操作失败');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <CampaignPageHeader title="延期申请" onReload={state.reload} />
      <Loaded state={state}>
        {(list) =>
          list === undefined ? (
            <Alert type="info" message="请先选择换届工作" />
          ) : (
            <>
              <Alert
                type={list.pending > 0 ? 'warning' : 'info'}
                showIcon
                data-testid="extensions-pending"
                message={list.pending > 0 ? `有 ${list.pending} 件延期申请待审批` : '没有待审批的延期申请'}
                description="批准后，该人选重新发送给申请部门，按部门答复期限重新计算；不批准的，逾期未答复的结果不变。"
              />
              <Table<ExtensionView>
                rowKey={(r) => `${r.candidateId}~${r.department}~${r.sequence}`}
                size="small"
                dataSource={list.items}
                data-testid="extensions-table"
                scroll={{ x: 'max-content' }}
                columns={[
                  { title: '部门', render: (_, r) => r.departmentName },
                  { title: '乡镇(街道)', render: (_, r) => r.candidate?.township ?? '—' },
                  { title: '村(社区)', render: (_, r) => r.candidate?.village ?? '—' },
                  { title: '姓名', render: (_, r) => r.candidate?.name ?? '—' },
                  { title: '申请理由', render: (_, r) => <Typography.Text style={{ maxWidth: 320 }}>{r.reason}</Typography.Text> },
                  { title: '申请人', render: (_, r) => r.requestedByName },
                  { title: '申请时间', render: (_, r) => formatTime(r.requestedAt) },
                  {
                    title: '状态',
                    render: (_, r) => (
                      <Space direction="vertical" size={0}>
                        <Tag color={STATUS_COLOR[r.status]}>{r.statusLabel}</Tag>
                        {r.status === 'declined' ? <Typography.Text type="secondary">{r.declineReason}</Typography.Text> : null}
                        {r.decidedAt ? <Typography.Text type="secondary">{formatTime(r.decidedAt)}</Typography.Text> : null}
                      </Space>
                    ),
                  },
                  {
                    title: '操作',
                    render: (_, r) =>
                      r.status !== 'pending' ? (
                        <Link to={`/audit/${encodeURIComponent(r.candidateId)}`}>审计记录</Link>
                      ) : (
                        <Space>
                          <Button size="small" type="primary" onClick={() => setDeciding({ row: r, decision: 'approve' })}>
                            批准
                          </Button>
                          <Button size="small" danger onClick={() => setDeciding({ row: r, decision: 'decline' })}>
                            不批准
                          </Button>
                        </Space>
                      ),
                  },
                ]}
              />
            </>
          )
        }
      </Loaded>
      <Modal
        open={deciding !== null}
        title={
          deciding === null
            ? ''
            : `${deciding.decision === 'approve' ? '批准' : '不批准'}延期申请：${deciding.row.departmentName} · ${deciding.row.candidate?.name ?? ''}`
        }
        okText="确认"
        cancelText="取消"
        okButtonProps={{ loading: busy, disabled: deciding?.decision === 'decline' && reason.trim().length < REASON_MIN }}
        onOk={() => void decide()}
        onCancel={() => setDeciding(null)}
      >
        {deciding?.decision === 'approve' ? (
          <Typography.Paragraph>
            批准后，该人选将发回{deciding.row.departmentName}重新答复（记为一次发回重审），部门按新的答复期限办理，并收到通知。
          </Typography.Paragraph>
        ) : (
          <Input.TextArea
            rows={3}
            maxLength={1000}
            placeholder={`请填写不批准的理由（至少 ${REASON_MIN} 个字）`}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        )}
      </Modal>
    </Space>
  );
}
