import { AuditOutlined, DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Descriptions,
  Popconfirm,
  Progress,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { download, getJson, postJson } from '../../api';
import { useAuth } from '../../auth';
import { Loaded } from '../../components/Loaded';
import {
  DisputeButton,
  RecheckButton,
  RecheckRequestButton,
  ReplaceButton,
  RuleDisputeButton,
  WithdrawButton,
} from '../../components/ReviewChanges';
import { StatusTag } from '../../components/StatusTag';
import { formatTime } from '../../lib/labels';
import { useLoad } from '../../lib/useLoad';
import type { BatchCandidate, BatchDetail, BatchSummary, DiscardDraftResponse } from '../../../../shared/api';

/** The decision in plain Chinese: every reason with the clause it rests on. */
export function DecisionReasons({ c }: { c: BatchCandidate }) {
  const d = c.decision;
  if (!d) return <Typography.Text type="secondary">联审尚未结束</Typography.Text>;
  const lines: Array<{ key: string; text: string; type?: 'danger' | 'warning' | 'secondary' }> = [];
  if (d.ruling) {
    lines.push({
      key: 'ruling',
      // What the ruling does now: an early ruling waits for the missing answers (the candidate stays 未完成).
      text: `组织部门${d.ruling.effectText}（${d.ruling.justification}）`,
    });
  }
  if (d.dispute) {
    // The township's dispute: open (复核中), or how the organization department ruled on it.
    const r = d.dispute.ruling;
    lines.push({
      key: 'dispute',
      text:
        r === null ? `乡镇（街道）已申请复核（${d.dispute.reason}），待组织部门裁定` : `组织部门复核：${d.dispute.label}（${r.reason}）`,
      type: 'secondary',
    });
  }
  for (const [i, r] of d.reasons.entries()) lines.push({ key: `r${i}`, text: r.text, type: r.severity === 'bar' ? 'danger' : 'warning' });
  if (d.unansweredText) lines.push({ key: 'u', text: d.unansweredText, type: 'secondary' });
  for (const [i, w] of d.warnings.entries()) lines.push({ key: `w${i}`, text: `提示：${w.text}`, type: 'secondary' });
  if (lines.length === 0) lines.push({ key: 'ok', text: '经联审未发现不得提名或不宜提名情形' });
  return (
    <div className="reasons">
      {lines.map((l) => (
        <div key={l.key}>
          <Typography.Text type={l.type}>{l.text}</Typography.Text>
        </div>
      ))}
    </div>
  );
}

/** 删除草稿: a draft never sent to the county is deleted; its people may be uploaded again. */
function DiscardDraftButton({ batchId }: { batchId: string }) {
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  async function discard() {
    setBusy(true);
    try {
      const done = await postJson<DiscardDraftResponse>(`/batches/${encodeURIComponent(batchId)}/discard`, {});
      message.success(`草稿已删除，${done.released} 名人选可以重新上传`);
      navigate('/batches');
    } catch (e) {
      message.error(e instanceof Error ? e.message : '删除失败');
    } finally {
      setBusy(false);
    }
  }
  return (
    <Popconfirm
      title="删除这个草稿批次？"
      description="草稿未报送区县，删除后其中的人选可以重新上传；删除记入每名人选的审计记录。"
      okText="删除"
      cancelText="取消"
      okButtonProps={{ danger: true, loading: busy }}
      onConfirm={() => void discard()}
    >
      <Button size="small" danger data-testid="discard-draft">
        删除草稿
      </Button>
    </Popconfirm>
  );
}

/** What the batch amounts to, with what is missing; 联审完成 only when every candidate has a final result. */
function BatchStatusAlert({ status }: { status: BatchSummary['status'] }) {
  return (
    <Alert
      type={status.state === 'complete' ? 'success' : status.overdueDepartments > 0 ? 'warning' : 'info'}
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="batch-status"
      message={`${status.label}：${status.text}`}
    />
  );
}

export function BatchDetailPage() {
  const { id = '' } = useParams();
  const { session } = useAuth();
  const { message } = AntApp.useApp();
  const state = useLoad(() => getJson<BatchDetail>(`/batches/${encodeURIComponent(id)}`), [id]);
  const reviewing = state.data?.candidates.some((c) => c.status === 'reviewing') ?? false;
  const { reload } = state;

  // Keep following the batch while departments are still answering.
  useEffect(() => {
    if (!reviewing) return;
    const timer = setInterval(reload, 5000);
    return () => clearInterval(timer);
  }, [reviewing, reload]);

  return (
    <Loaded state={state}>
      {({ batch, candidates }) => {
        const count = (s: string) => candidates.filter((c) => c.status === s).length;
        return (
          <div>
            <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
              <h1 className="page-title" data-testid="batch-title">
                批次进度：{batch.name}
              </h1>
              <Space>
                <Button icon={<ReloadOutlined />} onClick={reload}>
                  刷新
                </Button>
                <Button
                  type="primary"
                  icon={<DownloadOutlined />}
                  data-testid="download-feedback"
                  onClick={() =>
                    download(`/batches/${encodeURIComponent(batch.batchId)}/feedback?format=xlsx`, `反馈名单-${batch.name}.xlsx`).catch(
                      (e: unknown) => message.error(e instanceof Error ? e.message : '下载失败'),
                    )
                  }
                >
                  下载反馈名单
                </Button>
                <Link to={`/batches/${encodeURIComponent(batch.batchId)}/publicity`} data-testid="batch-publicity">
                  公示情况
                </Link>
              </Space>
            </Space>
            <Card size="small" style={{ marginBottom: 12 }}>
              <Space size={40} align="start">
                <Descriptions size="small" column={2} style={{ width: 560 }}>
                  <Descriptions.Item label="批次">{batch.name}</Descriptions.Item>
                  <Descriptions.Item label="文件">{batch.filename ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label="提交时间">{formatTime(batch.submittedAt)}</Descriptions.Item>
                  <Descriptions.Item label="人数">{batch.total}</Descriptions.Item>
                  {batch.stage ? (
                    <Descriptions.Item label="乡镇初审">
                      {batch.stage.firstReviewedAt === null
                        ? '尚未初审'
                        : `${batch.stage.firstReviewedBy ?? ''}，${formatTime(batch.stage.firstReviewedAt)}（符合 ${batch.stage.firstReviewPassed ?? 0} 人，不符合 ${batch.stage.firstReviewFailed ?? 0} 人）`}{' '}
                      {batch.stage.status === 'draft' ? (
                        <Space size={8}>
                          <Link to={`/batches/${encodeURIComponent(batch.batchId)}/first-review`}>去初审</Link>
                          {session?.roles.townships.length ? <DiscardDraftButton batchId={batch.batchId} /> : null}
                        </Space>
                      ) : batch.stage.status === 'discarded' ? (
                        <Tag>{batch.stage.label}</Tag>
                      ) : null}
                    </Descriptions.Item>
                  ) : null}
                  {batch.stage ? (
                    <Descriptions.Item label="报送区县">
                      {batch.stage.submittedAt === null ? '未报送（草稿）' : formatTime(batch.stage.submittedAt)}
                    </Descriptions.Item>
                  ) : null}
                  {batch.kind === 'post-election' ? <Descriptions.Item label="类型">选后另选他人当选人员</Descriptions.Item> : null}
                </Descriptions>
                <Statistic title="已有最终结论" value={`${batch.status.final} / ${batch.status.total}`} />
                <Statistic title="通过" value={count('cleared')} valueStyle={{ color: '#389e0d' }} />
                <Statistic title="不通过" value={count('disqualified')} valueStyle={{ color: '#cf1322' }} />
                <Statistic title="待研判" value={count('referred')} valueStyle={{ color: '#d46b08' }} />
                <Statistic title="未完成" value={count('incomplete')} />
              </Space>
            </Card>
            <BatchStatusAlert status={batch.status} />
            <Table<BatchCandidate>
              rowKey="candidateId"
              size="small"
              bordered
              dataSource={candidates}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              data-testid="batch-candidates"
              columns={[
                { title: '序号', dataIndex: 'seq', width: 52 },
                {
                  title: '姓名',
                  dataIndex: 'name',
                  width: 76,
                  render: (n: string, c: BatchCandidate) => (
                    <span data-candidate={n}>
                      {n}
                      {c.replaces === null ? null : <Tag color="blue">替换人选</Tag>}
                      {c.withdrawal?.replacedBy ? <Tag>已另提人选</Tag> : null}
                    </span>
                  ),
                },
                { title: '村（社区）', dataIndex: 'village', width: 96 },
                { title: '拟任职务', dataIndex: 'post', width: 128 },
                {
                  title: '部门答复',
                  width: 150,
                  render: (_, c) => (
                    <Tooltip
                      title={`应答复部门 ${c.progress.total} 个，已答复 ${c.progress.answered} 个${c.progress.overdue ? `，逾期 ${c.progress.overdue} 个` : ''}`}
                    >
                      <div data-progress={`${c.progress.answered}/${c.progress.total}`}>
                        <div>
                          {c.progress.answered} / {c.progress.total} 个部门已答复
                        </div>
                        <Progress
                          percent={c.progress.total === 0 ? 0 : Math.round((c.progress.answered / c.progress.total) * 100)}
                          size="small"
                          showInfo={false}
                          status={c.progress.overdue > 0 ? 'exception' : undefined}
                        />
                        {c.progress.overdue > 0 ? <Typography.Text type="danger">逾期 {c.progress.overdue} 个</Typography.Text> : null}
                      </div>
                    </Tooltip>
                  ),
                },
                { title: '联审结论', width: 120, render: (_, c) => <StatusTag status={c.status} label={c.statusLabel} /> },
                { title: '理由（依据）', render: (_, c) => <DecisionReasons c={c} /> },
                ...(session?.roles.townships.length
                  ? [
                      {
                        title: '复核 / 撤回',
                        width: 120,
                        render: (_: unknown, c: BatchCandidate) => (
                          <Space direction="vertical" size={4}>
                            {c.withdrawal === null ? <DisputeButton candidate={c} onDone={state.reload} /> : null}
                            <WithdrawButton candidate={c} onDone={state.reload} />
                            <ReplaceButton candidate={c} onDone={state.reload} />
                            <RecheckRequestButton candidate={c} onDone={state.reload} />
                            {(c.recheckRequests ?? []).map((r) => (
                              <Tooltip key={r.department} title={r.declineReason ?? undefined}>
                                <Tag
                                  color={r.status === 'pending' ? 'gold' : r.status === 'approved' ? 'green' : 'red'}
                                  data-testid="recheck-request-status"
                                >
                                  {r.departmentName}重审申请：{r.statusLabel}
                                </Tag>
                              </Tooltip>
                            ))}
                          </Space>
                        ),
                      },
                    ]
                  : []),
                ...(session?.roles.orgdept
                  ? [
                      {
                        title: '审计 / 重审',
                        width: 100,
                        render: (_: unknown, c: BatchCandidate) => (
                          <Space direction="vertical" size={4}>
                            <Link to={`/audit/${encodeURIComponent(c.candidateId)}`} title="审计记录">
                              <AuditOutlined />
                            </Link>
                            <RecheckButton candidate={c} onDone={state.reload} />
                            <RuleDisputeButton candidate={c} onDone={state.reload} />
                          </Space>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </div>
        );
      }}
    </Loaded>
  );
}
