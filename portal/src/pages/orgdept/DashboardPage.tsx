import { BellOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Col, Empty, Popconfirm, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { EChartsOption } from 'echarts';
import { useState } from 'react';
import { getJson, postJson } from '../../api';
import { CampaignPageHeader, useCampaigns } from '../../components/campaigns';
import { Chart } from '../../components/Chart';
import { Loaded } from '../../components/Loaded';
import { formatTime } from '../../lib/labels';
import { useLoad } from '../../lib/useLoad';
import type { Dashboard, ReminderRequest, ReminderResponse } from '../../../../shared/api';

const COLORS = { cleared: '#52c41a', disqualified: '#f5222d', referred: '#fa8c16', incomplete: '#8c8c8c', reviewing: '#1677ff' };

/**
 * The funnel as bars, top to bottom: submitted → every routed department answered → decided,
 * the last split by outcome (a candidate can be decided without every answer: 未完成, or a bar
 * or concern that does not wait for the rest).
 */
function funnelOption(d: Dashboard): EChartsOption {
  const f = d.funnel;
  const stages = ['已提交', '部门已全部答复', '已出结论'];
  const only = (i: number, v: number) => stages.map((_, j) => (j === i ? v : '-'));
  const outcome = (name: string, value: number, color: string) => ({
    name,
    type: 'bar' as const,
    stack: 'funnel',
    data: only(2, value),
    itemStyle: { color },
    label: { show: value > 0, position: 'inside' as const, formatter: '{c}' },
  });
  return {
    tooltip: { trigger: 'item', formatter: '{a}：{c} 人' },
    legend: { top: 0, data: ['通过', '不通过', '待组织部门研判', '未完成'] },
    grid: { left: 120, right: 30, top: 30, bottom: 20 },
    xAxis: { type: 'value', minInterval: 1, max: Math.max(1, f.submitted) },
    yAxis: { type: 'category', inverse: true, data: stages },
    series: [
      {
        name: '人数',
        type: 'bar',
        stack: 'funnel',
        barWidth: 26,
        data: [f.submitted, f.answered, '-'],
        itemStyle: { color: '#1677ff' },
        label: {
          show: true,
          position: 'insideLeft',
          formatter: (p: { value?: unknown }) => (Number(p.value) > 0 ? `${String(p.value)} 人` : ''),
        },
      },
      outcome('通过', f.cleared, COLORS.cleared),
      outcome('不通过', f.disqualified, COLORS.disqualified),
      outcome('待组织部门研判', f.referred, COLORS.referred),
      outcome('未完成', f.incomplete, COLORS.incomplete),
    ],
  };
}

function townshipOption(d: Dashboard): EChartsOption {
  const names = d.byTownship.map((t) => t.townshipName ?? t.township);
  const pct = (n: number, of: number) => (of === 0 ? 0 : Math.round((n / of) * 100));
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v) => `${String(v)}%` },
    legend: { top: 0 },
    grid: { left: 90, right: 30, top: 30, bottom: 20 },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: names },
    series: [
      {
        name: '部门答复进度',
        type: 'bar',
        data: d.byTownship.map((t) => pct(t.answeredTasks, t.totalTasks)),
        itemStyle: { color: '#1677ff' },
        label: { show: true, position: 'right', formatter: '{c}%' },
      },
      {
        name: '已出结论',
        type: 'bar',
        data: d.byTownship.map((t) => pct(t.decided, t.candidates)),
        itemStyle: { color: '#52c41a' },
        label: { show: true, position: 'right', formatter: '{c}%' },
      },
    ],
  };
}

function departmentOption(d: Dashboard): EChartsOption {
  const depts = d.byDepartment.filter((x) => x.asked > 0);
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 150, right: 30, top: 30, bottom: 20 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: depts.map((x) => x.name), axisLabel: { width: 140, overflow: 'truncate' } },
    series: [
      { name: '无记录', type: 'bar', stack: 'all', data: depts.map((x) => x.clear), itemStyle: { color: '#52c41a' } },
      { name: '有记录', type: 'bar', stack: 'all', data: depts.map((x) => x.findings), itemStyle: { color: '#fa8c16' } },
      { name: '待答复', type: 'bar', stack: 'all', data: depts.map((x) => x.pending), itemStyle: { color: '#d9d9d9' } },
      { name: '逾期/拒答', type: 'bar', stack: 'all', data: depts.map((x) => x.overdue + x.declined), itemStyle: { color: '#f5222d' } },
    ],
  };
}

export function DashboardPage() {
  const { current } = useCampaigns();
  const { message } = AntApp.useApp();
  const state = useLoad(
    () =>
      current
        ? getJson<Dashboard>(`/campaigns/${encodeURIComponent(current.id)}/dashboard`)
        : Promise.reject(new Error('尚未创建换届工作')),
    [current?.id],
  );
  const [reminding, setReminding] = useState<string | null>(null);

  const remind = async (department: string, name: string) => {
    if (!current) return;
    setReminding(department);
    try {
      const body: ReminderRequest = { department };
      const r = await postJson<ReminderResponse>(`/campaigns/${encodeURIComponent(current.id)}/reminders`, body);
      message.success(`已向${name}发出催办（${formatTime(r.remindedAt)}），已记录`);
      state.reload();
    } catch (e) {
      message.error(e instanceof Error ? e.message : '催办失败');
    } finally {
      setReminding(null);
    }
  };

  return (
    <div>
      <CampaignPageHeader title="工作总览" onReload={state.reload} />
      <Loaded state={state}>
        {(d) => (
          <div>
            <Row gutter={12} style={{ marginBottom: 12 }}>
              <Col span={4}>
                <Card size="small">
                  <Statistic title="批次" value={d.totals.batches} />
                </Card>
              </Col>
              <Col span={4}>
                <Card size="small">
                  <Statistic title="人选" value={d.totals.candidates} />
                </Card>
              </Col>
              <Col span={4}>
                <Card size="small">
                  <Statistic title="已出结论" value={d.funnel.decided} />
                </Card>
              </Col>
              <Col span={4}>
                <Card size="small">
                  <Statistic title="待研判" value={d.funnel.referred} valueStyle={{ color: COLORS.referred }} />
                </Card>
              </Col>
              <Col span={4}>
                <Card size="small">
                  <Statistic title="不通过" value={d.funnel.disqualified} valueStyle={{ color: COLORS.disqualified }} />
                </Card>
              </Col>
              <Col span={4}>
                <Card size="small">
                  <Statistic
                    title="逾期部门"
                    value={d.overdue.length}
                    valueStyle={{ color: d.overdue.length > 0 ? COLORS.disqualified : undefined }}
                  />
                </Card>
              </Col>
            </Row>
            <Row gutter={12} style={{ marginBottom: 12 }}>
              <Col span={16}>
                <Card size="small" title="联审漏斗：提交 → 部门答复 → 结论">
                  <Chart option={funnelOption(d)} height={220} testId="chart-funnel" />
                </Card>
              </Col>
              <Col span={8}>
                <Card size="small" title="各乡镇（街道）进度">
                  {d.byTownship.length === 0 ? (
                    <Empty description="暂无批次" />
                  ) : (
                    <Chart option={townshipOption(d)} height={220} testId="chart-townships" />
                  )}
                </Card>
              </Col>
            </Row>
            <Row gutter={12}>
              <Col span={12}>
                <Card size="small" title="逾期未答复的部门" data-testid="overdue-departments">
                  <Table
                    rowKey="department"
                    size="small"
                    dataSource={d.overdue}
                    pagination={false}
                    locale={{ emptyText: '没有逾期的部门' }}
                    rowClassName={() => 'overdue-row'}
                    columns={[
                      { title: '部门', dataIndex: 'name' },
                      {
                        title: '逾期',
                        width: 90,
                        render: (_, o) => <Tag color="error">{o.daysLate >= 1 ? `${o.daysLate} 天` : '不足 1 天'}</Tag>,
                      },
                      { title: '超期待答复', width: 90, dataIndex: 'openPastDeadline' },
                      { title: '逾期未答复', width: 90, render: (_, o) => Math.max(o.overdueTasks, o.overdueVerdicts) },
                      {
                        title: '催办',
                        width: 150,
                        render: (_, o) => (
                          <Space direction="vertical" size={0}>
                            <Popconfirm
                              title={`向${o.name}发出催办？`}
                              okText="催办"
                              cancelText="取消"
                              onConfirm={() => remind(o.department, o.name)}
                            >
                              <Button
                                size="small"
                                icon={<BellOutlined />}
                                loading={reminding === o.department}
                                data-testid={`remind-${o.department}`}
                              >
                                催办
                              </Button>
                            </Popconfirm>
                            {o.reminders > 0 ? (
                              <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`reminded-${o.department}`}>
                                已催办 {o.reminders} 次，最近 {formatTime(o.lastRemindedAt)}
                              </Typography.Text>
                            ) : null}
                          </Space>
                        ),
                      },
                    ]}
                  />
                </Card>
              </Col>
              <Col span={12}>
                <Card size="small" title="各部门答复情况">
                  <Chart
                    option={departmentOption(d)}
                    height={Math.max(220, d.byDepartment.filter((x) => x.asked > 0).length * 20 + 50)}
                    testId="chart-departments"
                  />
                </Card>
              </Col>
            </Row>
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
              数据时间：{formatTime(d.generatedAt)}
            </Typography.Paragraph>
          </div>
        )}
      </Loaded>
    </div>
  );
}
