// The organization department's list of one kind of request (延期申请 or 重审申请) with its
// decision: approve (the candidate goes back to the department, as a 发回重审) or decline with a
// reason; both are on the candidate's audit trail. The pages give the kind's words and columns.
import { App as AntApp, Alert, Button, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router-dom';
import { getJson, postJson } from '../api';
import { CampaignPageHeader, useCampaigns } from './campaigns';
import { Loaded } from './Loaded';
import { formatTime } from '../lib/labels';
import { useLoad } from '../lib/useLoad';
import type { ExtensionDecisionRequest, ExtensionView, RecheckRequestDecisionRequest, RecheckRequestView } from '../../../shared/api';

type RequestRow = ExtensionView | RecheckRequestView;
type DecisionBody = ExtensionDecisionRequest | RecheckRequestDecisionRequest;

const STATUS_COLOR: Record<RequestRow['status'], string> = { pending: 'gold', approved: 'green', declined: 'red' };
const REASON_MIN = 5;

export interface RequestDecisionsProps<R extends RequestRow> {
  /** 延期申请 / 重审申请: the page's title and the words of its messages. */
  noun: string;
  /** Prefixes the test ids (`-pending`, `-table`). */
  testId: string;
  listPath: (campaignId: string) => string;
  decisionPath: (row: R) => string;
  /** What approving or declining means, above the list. */
  description: string;
  /** What approving this request does, in the confirmation. */
  approveText: (row: R) => ReactNode;
  reasonMax: number;
  /** The kind's own columns, before the requester's. */
  extraColumns?: ColumnsType<R>;
  requester: (row: R) => string;
}

export function RequestDecisions<R extends RequestRow>(props: RequestDecisionsProps<R>) {
  const { noun } = props;
  const { current } = useCampaigns();
  const { message } = AntApp.useApp();
  const campaignId = current?.id;
  const state = useLoad(
    () => (campaignId === undefined ? Promise.resolve(undefined) : getJson<{ pending: number; items: R[] }>(props.listPath(campaignId))),
    [campaignId],
  );
  const [deciding, setDeciding] = useState<{ row: R; decision: DecisionBody['decision'] } | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  async function decide() {
    if (deciding === null) return;
    const { row, decision } = deciding;
    const target = { department: row.department, sequence: row.sequence };
    const body: DecisionBody = decision === 'approve' ? { ...target, decision } : { ...target, decision, reason: reason.trim() };
    setBusy(true);
    try {
      const done = await postJson<R>(props.decisionPath(row), body);
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
      <CampaignPageHeader title={noun} onReload={state.reload} />
      <Loaded state={state}>
        {(list) =>
          list === undefined ? (
            <Alert type="info" message="请先选择换届工作" />
          ) : (
            <>
              <Alert
                type={list.pending > 0 ? 'warning' : 'info'}
                showIcon
                data-testid={`${props.testId}-pending`}
                message={list.pending > 0 ? `有 ${list.pending} 件${noun}待审批` : `没有待审批的${noun}`}
                description={props.description}
              />
              <Table<R>
                rowKey={(r) => `${r.candidateId}~${r.department}~${r.sequence}`}
                size="small"
                dataSource={list.items}
                data-testid={`${props.testId}-table`}
                scroll={{ x: 'max-content' }}
                columns={[
                  { title: '部门', render: (_, r) => r.departmentName },
                  { title: '乡镇(街道)', render: (_, r) => r.candidate?.township ?? '—' },
                  { title: '村(社区)', render: (_, r) => r.candidate?.village ?? '—' },
                  { title: '姓名', render: (_, r) => r.candidate?.name ?? '—' },
                  { title: '申请理由', render: (_, r) => <Typography.Text style={{ maxWidth: 320 }}>{r.reason}</Typography.Text> },
                  ...(props.extraColumns ?? []),
                  { title: '申请人', render: (_, r) => props.requester(r) },
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
            : `${deciding.decision === 'approve' ? '批准' : '不批准'}${noun}：${deciding.row.departmentName} · ${deciding.row.candidate?.name ?? ''}`
        }
        okText="确认"
        cancelText="取消"
        okButtonProps={{ loading: busy, disabled: deciding?.decision === 'decline' && reason.trim().length < REASON_MIN }}
        onOk={() => void decide()}
        onCancel={() => setDeciding(null)}
      >
        {deciding?.decision === 'approve' ? (
          <Typography.Paragraph>{props.approveText(deciding.row)}</Typography.Paragraph>
        ) : (
          <Input.TextArea
            rows={3}
            maxLength={props.reasonMax}
            placeholder={`请填写不批准的理由（至少 ${REASON_MIN} 个字）`}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        )}
      </Modal>
    </Space>
  );
}
