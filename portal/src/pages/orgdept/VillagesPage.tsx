import { Card, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { getJson } from '../../api';
import { CampaignPageHeader, useCampaigns } from '../../components/campaigns';
import { Loaded } from '../../components/Loaded';
import { citeText, formatTime } from '../../lib/labels';
import { useLoad } from '../../lib/useLoad';
import { withKeys } from '../../lib/keys';
import type { VillageChecks } from '../../../../shared/api';

type Village = VillageChecks['villages'][number];

export function VillagesPage() {
  const { current } = useCampaigns();
  const state = useLoad(
    () =>
      current
        ? getJson<VillageChecks>(`/campaigns/${encodeURIComponent(current.id)}/villages`)
        : Promise.reject(new Error('尚未创建换届工作')),
    [current?.id],
  );
  const [onlyIssues, setOnlyIssues] = useState(false);
  const hasIssue = (v: Village) => v.conflicts.length > 0 || (v.structure?.warnings.length ?? 0) > 0;
  return (
    <div>
      <CampaignPageHeader title="村（社区）检查：近亲属回避与班子结构" onReload={state.reload} />
      <Loaded state={state}>
        {(v) => {
          const rows = onlyIssues ? v.villages.filter(hasIssue) : v.villages;
          return (
            <Card
              size="small"
              title={`共 ${v.villages.length} 个村（社区），${v.villages.filter((x) => x.conflicts.length > 0).length} 个有近亲属回避情形，${v.villages.filter((x) => (x.structure?.warnings.length ?? 0) > 0).length} 个有结构提示`}
              extra={
                <Space>
                  <Switch size="small" checked={onlyIssues} onChange={setOnlyIssues} />
                  <span>只看有问题的村（社区）</span>
                </Space>
              }
            >
              <Table<Village>
                rowKey={(x) => `${x.township}/${x.village}`}
                size="small"
                bordered
                dataSource={rows}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                data-testid="villages-table"
                columns={[
                  { title: '乡镇（街道）', dataIndex: 'township', width: 100 },
                  { title: '村（社区）', dataIndex: 'village', width: 100 },
                  { title: '人选', width: 56, render: (_, x) => x.structure?.members ?? '—' },
                  { title: '女性', width: 56, render: (_, x) => x.structure?.women ?? '—' },
                  { title: '35岁以下', width: 76, render: (_, x) => x.structure?.under35 ?? '—' },
                  { title: '党员', width: 56, render: (_, x) => x.structure?.partyMembers ?? '—' },
                  { title: '一肩挑', width: 64, render: (_, x) => (x.structure ? (x.structure.oneShoulder ? '是' : '否') : '—') },
                  {
                    title: '近亲属回避',
                    width: 320,
                    render: (_, x) =>
                      x.conflicts.length === 0 ? (
                        <Typography.Text type="secondary">无</Typography.Text>
                      ) : (
                        withKeys(x.conflicts, (c) => `${c.relation}:${c.candidates.map((p) => p.candidateId ?? p.name).join('/')}`).map(
                          ({ key, item: c }) => (
                            <div key={key} data-testid="relative-conflict">
                              <Tag color="error">{c.relation}</Tag>
                              {c.candidates.map((p) => p.name).join(' 与 ')}
                              <Typography.Text type="secondary">
                                （{c.via === 'declared' ? '申报的近亲属' : '身份证号关联'}）
                              </Typography.Text>
                              <div>
                                <Typography.Text type="warning" data-testid="conflict-resolution">
                                  {c.resolution}
                                </Typography.Text>
                              </div>
                              {c.citation ? (
                                <div>
                                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                                    依据：{citeText(c.citation)}
                                  </Typography.Text>
                                </div>
                              ) : null}
                            </div>
                          ),
                        )
                      ),
                  },
                  {
                    title: '结构提示',
                    render: (_, x) =>
                      (x.structure?.warnings.length ?? 0) === 0 ? (
                        <Typography.Text type="secondary">无</Typography.Text>
                      ) : (
                        withKeys(x.structure?.warnings ?? [], (w) => w).map(({ key, item: w }) => (
                          <div key={key}>
                            <Typography.Text type="warning">{w}</Typography.Text>
                          </div>
                        ))
                      ),
                  },
                ]}
              />
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                已被判定“不通过”的人选不计入。数据时间：{formatTime(v.generatedAt)}
              </Typography.Paragraph>
            </Card>
          );
        }}
      </Loaded>
    </div>
  );
}
