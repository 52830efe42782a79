import { BellOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Col, Empty, Popconfirm, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { EChartsOption } from 'echarts';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { getJson, postJson } from '../../api';
import { CampaignPageHeader, useCampaigns } from '../../components/campaigns';
import { Chart } from '../../components/Chart';
import { Loaded } from '../../components/Loaded';
import { formatTime } from '../../lib/labels';
import { useLoad } from '../../lib/useLoad';
import type { Dashboard, ReminderRequest, ReminderResponse } from '../../../../shared/api';

const COLORS = { cleared: '#52c41a', disqualified: '#f5222d', referred: '#fa8c16', incomplete: '#8c8c8c', reviewing: '#1677ff' };

/**
 * The funnel as bars, top to bottom: submitted → department answers → results. Each bar adds up
 * to the candidates submitted: the answers split into all answered / a department timed out /
 * still within time, the results by outcome (未完成 included), so no bar is empty unexplained.
 */
function funnelOption(d: Dashboard): EChartsOption {
  const f = d.funnel;
  const stages = ['已提交', '部门答复', '联审结论'];
  const only = (i: number, v: number) => stages.map((_, j) => (j === i ? v : '-'));
  const part = (name: string, stage: number, value: number, color: string) => ({
    name,
    type: 'bar' as const,
    stack: 'funnel',
    barWidth: 26,
    data: only(stage, value),
    itemStyle: { color },
    label: { show: value > 0, position: 'inside' as const, formatter: '{c}' },
  });
  return {
    tooltip: { trigger: 'item', formatter: '{a}：{c} 人' },
    legend: {
      top: 0,
      data: ['已提交', '部门已全部答复', '有部门逾期未答复', '答复期内', '通过', '不通过', '待组织部门研判', '未完成', '审查中'],
    },
    grid: { left: 80, right: 30, top: 56, bottom: 20 },
    xAxis: { type: 'value', minInterval: 1, max: Math.max(1, f.submitted) },
    yAxis: { type: 'category', inverse: true, data: stages },
    series: [
      part('已提交', 0, f.submitted, '#1677ff'),
      part('部门已全部答复', 1, f.answered, '#13c2c2'),
      part('有部门逾期未答复', 1, f.missingAnswers, '#f5222d'),
      part('答复期内', 1, f.waiting, '#d9d9d9'),
      part('通过', 2, f.cleared, COLORS.cleared),
      part('不通过', 2, f.disqualified, COLORS.disqualified),
      part('待组织部门研判', 2, f.referred, COLORS.referred),
      part('未完成', 2, f.incomplete, COLORS.incomplete),
      part('审查中', 2, f.reviewing, COLORS.reviewing),
    ],
  };
}

/** Both bars in the same unit as the table beside them: departments' answers, and results that stand (通过/不通过). */
function townshipOption(d: Dashboard): EChartsOption {
  const names = d.byTownship.map((t) => t.townshipName ?? t.township);
  const pct = (n: number, of: number) => (of === 0 ? 0 : Math.round((n / of) * 100));
  return {
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const first = Array.isArray(params) ? (params[0] as { dataIndex?: number } | undefined) : undefined;
        const t = d.byTownship[first?.dataIndex ?? -1];
        if (!t) return '';
        return `${t.townshipName ?? t.township}<br/>部门答复 ${t.answeredTasks} / ${t.totalTasks}<br/>最终结论 ${t.final} / ${t.candidates} 人（未完成 ${t.incomplete}，待研判 ${t.referred}）`;
      },
    },
    legend: { top: 0 },
    grid: { left: 90, right: 40, top: 30, bottom: 20 },
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
        name: '已有最终结论',
        type: 'bar',
        data: d.byTownship.map((t) => pct(t.final, t.candidates)),
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
                  <Statistic
                    title="人选"
                    value={d.totals.candidates}
                    suffix={d.funnel.withdrawn > 0 ? <span style={{ fontSize: 12 }}>（已撤回 {d.funnel.withdrawn}）</span> : undefined}
                  />
                </Card>
              </Col>
              <Col span={4}>
                <Card size="small">
                  <Statistic title="未完成（缺部门答复）" value={d.funnel.incomplete} data-testid="stat-incomplete" />
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
                      {
                        title: '部门',
                        width: 110,
                        render: (_, o) => (
                          <Space direction="vertical" size={0}>
                            <span>{o.name}</span>
                            <Space size={8}>
                              <Link
                                to={`/dashboard/departments/${encodeURIComponent(o.department)}`}
                                data-testid={`overdue-tasks-${o.department}`}
                              >
                                逾期任务
                              </Link>
                              <Link
                                to={`/dashboard/departments/${encodeURIComponent(o.department)}#reminders`}
                                data-testid={`reminder-history-${o.department}`}
                              >
                                催办记录
                              </Link>
                            </Space>
                          </Space>
                        ),
                      },
                      {
                        title: '逾期',
                        width: 150,
                        render: (_, o) => (
                          <Tag color="error" data-late={o.department}>
                            {o.lateText}
                          </Tag>
                        ),
                      },
                      { title: '超期待答复', width: 80, dataIndex: 'openPastDeadline' },
                      { title: '逾期未答复', width: 80, render: (_, o) => Math.max(o.overdueTasks, o.overdueVerdicts) },
                      {
                        title: '催办',
                        width: 120,
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
                            {o.pendingExtensions > 0 ? (
                              <Link to="/extensions" data-testid={`pending-extensions-${o.department}`}>
                                <Tag color="gold">延期申请 {o.pendingExtensions} 件待审批</Tag>
                              </Link>
                            ) : null}
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
