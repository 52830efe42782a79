// 重审申请: the townships' requests that one department check a decided candidate again (a cure:
// a debt paid, a name removed). The organization department approves (发回重审: the candidate goes
// back to that department alone) or declines with a reason; both are on the candidate's audit trail.
import { App as AntApp, Alert, Button, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { getJson, postJson } from '../../api';
import { CampaignPageHeader, useCampaigns } from '../../components/campaigns';
import { Loaded } from '../../components/Loaded';
import { formatTime } from '../../lib/labels';
import { useLoad } from '../../lib/useLoad';
import type { RecheckRequestDecisionRequest, RecheckRequestList, RecheckRequestView } from '../../../../shared/api';

const STATUS_COLOR: Record<RecheckRequestView['status'], string> = { pending: 'gold', approved: 'green', declined: 'red' };
const REASON_MIN = 5;

export function RecheckRequestsPage() {
  const { current } = useCampaigns();
  const { message } = AntApp.useApp();
  const campaignId = current?.id;
  const state = useLoad(
    () =>
      campaignId === undefined
        ? Promise.resolve(undefined)
        : getJson<RecheckRequestList>(`/campaigns/${encodeURIComponent(campaignId)}/recheck-requests`),
    [campaignId],
  );
  const [deciding, setDeciding] = useState<{ row: RecheckRequestView; decision: RecheckRequestDecisionRequest['decision'] } | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  async function decide() {
    if (deciding === null) return;
    const { row, decision } = deciding;
    const target = { department: row.department, sequence: row.sequence };
    const body: RecheckRequestDecisionRequest =
      decision === 'approve' ? { ...target, decision } : { ...target, decision, reason: reason.trim() };
    setBusy(true);
    try {
      const done = await postJson<RecheckRequestView>(`/candidates/${encodeURIComponent(row.candidateId)}/recheck-request/decision`, body);
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
      <CampaignPageHeader title="重审申请" onReload={state.reload} />
      <Loaded state={state}>
        {(list) =>
          list === undefined ? (
            <Alert type="info" message="请先选择换届工作" />
          ) : (
            <>
              <Alert
                type={list.pending > 0 ? 'warning' : 'info'}
                showIcon
                data-testid="recheck-requests-pending"
                message={list.pending > 0 ? `有 ${list.pending} 件重审申请待审批` : '没有待审批的重审申请'}
                description="批准后，该人选发回所申请的部门重新审查（记为一次发回重审），答复后重新作出联审结论；不批准的，原联审结论不变。"
              />
              <Table<RecheckRequestView>
                rowKey={(r) => `${r.candidateId}~${r.department}~${r.sequence}`}
                size="small"
                dataSource={list.items}
                data-testid="recheck-requests-table"
                scroll={{ x: 'max-content' }}
                columns={[
                  { title: '部门', render: (_, r) => r.departmentName },
                  { title: '乡镇(街道)', render: (_, r) => r.candidate?.township ?? '—' },
                  { title: '村(社区)', render: (_, r) => r.candidate?.village ?? '—' },
                  { title: '姓名', render: (_, r) => r.candidate?.name ?? '—' },
                  { title: '申请理由', render: (_, r) => <Typography.Text style={{ maxWidth: 320 }}>{r.reason}</Typography.Text> },
                  {
                    title: '附件',
                    render: (_, r) =>
                      r.attachments.length === 0 ? (
                        '—'
                      ) : (
                        <Space direction="vertical" size={0}>
                          {r.attachments.map((a) => (
                            <Typography.Text key={a.sha256} title={`SHA-256 ${a.sha256}`}>
                              {a.filename}
                            </Typography.Text>
                          ))}
                        </Space>
                      ),
                  },
                  { title: '申请人', render: (_, r) => r.requestedBy },
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
            : `${deciding.decision === 'approve' ? '批准' : '不批准'}重审申请：${deciding.row.departmentName} · ${deciding.row.candidate?.name ?? ''}`
        }
        okText="确认"
        cancelText="取消"
        okButtonProps={{ loading: busy, disabled: deciding?.decision === 'decline' && reason.trim().length < REASON_MIN }}
        onOk={() => void decide()}
        onCancel={() => setDeciding(null)}
      >
        {deciding?.decision === 'approve' ? (
          <Typography.Paragraph>
            批准后，该人选将发回{deciding.row.departmentName}重新审查（记为一次发回重审），部门按新的答复期限办理；乡镇（街道）会收到通知。
          </Typography.Paragraph>
        ) : (
          <Input.TextArea
            rows={3}
            maxLength={2000}
            placeholder={`请填写不批准的理由（至少 ${REASON_MIN} 个字）`}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        )}
      </Modal>
    </Space>
  );
}
