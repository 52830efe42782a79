import { Space, Table, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { getJson } from '../../api';
import { Loaded } from '../../components/Loaded';
import { useLoad } from '../../lib/useLoad';
import type { BatchPublicity } from '../../../../shared/api';

type Row = BatchPublicity['candidates'][number];

const COLOR: Record<string, string> = {
  in_publicity: 'blue',
  objection_open: 'orange',
  rechecking: 'gold',
  removed: 'red',
  final: 'green',
};

/** A batch's candidates in 公示 and any duplicate with another township: the township's view (and the organization department's). */
export function TownshipPublicityPage() {
  const { id = '' } = useParams();
  const state = useLoad(() => getJson<BatchPublicity>(`/batches/${encodeURIComponent(id)}/publicity`), [id]);
  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <h1 className="page-title">人选公示情况</h1>
        <Link to={`/batches/${encodeURIComponent(id)}`}>返回批次</Link>
      </Space>
      <Loaded state={state}>
        {(b) => (
          <Table<Row>
            rowKey="candidateId"
            size="small"
            pagination={false}
            dataSource={b.candidates}
            columns={[
              { title: '序号', dataIndex: 'seq' },
              { title: '姓名', dataIndex: 'name' },
              { title: '村(社区)', dataIndex: 'village' },
              {
                title: '公示',
                render: (_, c) =>
                  c.publicity === null ? (
                    <Typography.Text type="secondary">未公示</Typography.Text>
                  ) : (
                    <Space direction="vertical" size={0}>
                      <span>
                        {c.publicity.startDate} 至 {c.publicity.endDate}（{c.publicity.periodStatusLabel}）
                      </span>
                      <Tag color={COLOR[c.publicity.status]} data-testid={`publicity-${c.candidateId}`}>
                        {c.publicity.statusLabel}
                        {c.publicity.openObjections > 0 ? `（${c.publicity.openObjections} 件异议待核查）` : ''}
                      </Tag>
                    </Space>
                  ),
              },
              {
                title: '重复报送',
                render: (_, c) =>
                  c.duplicate === null ? null : (
                    <Tag color={c.duplicate.status === 'open' ? 'orange' : 'default'}>{c.duplicate.statusLabel}</Tag>
                  ),
              },
            ]}
          />
        )}
      </Loaded>
    </div>
  );
}
