import { CloudUploadOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Progress, Space, Table, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { getJson } from '../../api';
import { useAuth } from '../../auth';
import { CampaignPicker, useCampaigns } from '../../components/campaigns';
import { Loaded } from '../../components/Loaded';
import { formatTime } from '../../lib/labels';
import { useLoad } from '../../lib/useLoad';
import type { BatchSummary } from '../../../../shared/api';

const STATE_COLOR: Record<BatchSummary['status']['state'], string> = { reviewing: 'processing', waiting: 'warning', complete: 'success' };

export function BatchListPage() {
  const { session } = useAuth();
  const { current } = useCampaigns();
  const navigate = useNavigate();
  const isTownship = (session?.roles.townships.length ?? 0) > 0;
  const state = useLoad(
    () => getJson<{ batches: BatchSummary[] }>(`/batches${current ? `?campaignId=${encodeURIComponent(current.id)}` : ''}`),
    [current?.id],
  );
  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
        <h1 className="page-title">{isTownship ? '批次与进度' : '批次查询'}</h1>
        <Space>
          <CampaignPicker />
          <Button icon={<ReloadOutlined />} onClick={state.reload}>
            刷新
          </Button>
          {isTownship ? (
            <Button type="primary" icon={<CloudUploadOutlined />} onClick={() => navigate('/batches/new')}>
              提交新名单
            </Button>
          ) : null}
        </Space>
      </Space>
      <Loaded state={state}>
        {({ batches }) => (
          <Card size="small">
            <Table<BatchSummary>
              rowKey="batchId"
              size="middle"
              dataSource={batches}
              locale={{ emptyText: <Empty description={isTownship ? '还没有提交过名单，请点右上角“提交新名单”' : '暂无批次'} /> }}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              data-testid="batch-list"
              columns={[
                {
                  title: '批次',
                  dataIndex: 'name',
                  render: (name: string, b) => (
                    <Link to={`/batches/${encodeURIComponent(b.batchId)}`} data-batch-name={name} style={{ whiteSpace: 'nowrap' }}>
                      {name}
                    </Link>
                  ),
                },
                { title: '乡镇（街道）', render: (_, b) => b.townshipName ?? b.township },
                { title: '文件', dataIndex: 'filename', render: (f: string | null) => f ?? '—' },
                { title: '提交时间', dataIndex: 'submittedAt', render: formatTime },
                { title: '人数', dataIndex: 'total', width: 70 },
                {
                  title: '已有最终结论',
                  width: 200,
                  render: (_, b) => (
                    <Space data-batch-progress={`${b.status.final}/${b.status.total}`}>
                      <Progress
                        percent={b.status.total === 0 ? 0 : Math.round((b.status.final / b.status.total) * 100)}
                        size="small"
                        style={{ width: 110 }}
                        status={b.status.state === 'complete' ? 'success' : b.status.overdueDepartments > 0 ? 'exception' : 'normal'}
                        showInfo={false}
                      />
                      <span>
                        {b.status.final} / {b.status.total}
                      </span>
                    </Space>
                  ),
                },
                {
                  title: '状态',
                  width: 280,
                  render: (_, b) => (
                    <Space direction="vertical" size={0} data-batch-status={b.batchId}>
                      <Tag color={STATE_COLOR[b.status.state]}>{b.status.label}</Tag>
                      <Typography.Text type={b.status.overdueDepartments > 0 ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                        {b.status.text}
                      </Typography.Text>
                    </Space>
                  ),
                },
              ]}
            />
          </Card>
        )}
      </Loaded>
    </div>
  );
}
