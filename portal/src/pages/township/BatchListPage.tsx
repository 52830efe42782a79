import { CloudUploadOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Progress, Space, Table, Tag } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { getJson } from '../../api';
import { useAuth } from '../../auth';
import { CampaignPicker, useCampaigns } from '../../components/campaigns';
import { Loaded } from '../../components/Loaded';
import { formatTime } from '../../lib/labels';
import { useLoad } from '../../lib/useLoad';
import type { BatchSummary } from '../../../../shared/api';

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
                  title: '批次号',
                  dataIndex: 'batchId',
                  render: (id: string) => <Link to={`/batches/${encodeURIComponent(id)}`}>{id}</Link>,
                },
                { title: '乡镇（街道）', render: (_, b) => b.townshipName ?? b.township },
                { title: '文件', dataIndex: 'filename', render: (f: string | null) => f ?? '—' },
                { title: '提交时间', dataIndex: 'submittedAt', render: formatTime },
                { title: '人数', dataIndex: 'total', width: 70 },
                {
                  title: '已出结论',
                  width: 220,
                  render: (_, b) => (
                    <Space>
                      <Progress percent={b.total === 0 ? 0 : Math.round((b.decided / b.total) * 100)} size="small" style={{ width: 120 }} />
                      <span>
                        {b.decided} / {b.total}
                      </span>
                    </Space>
                  ),
                },
                {
                  title: '状态',
                  width: 110,
                  render: (_, b) =>
                    b.decided >= b.total && b.total > 0 ? <Tag color="success">联审完成</Tag> : <Tag color="processing">审查中</Tag>,
                },
              ]}
            />
          </Card>
        )}
      </Loaded>
    </div>
  );
}
