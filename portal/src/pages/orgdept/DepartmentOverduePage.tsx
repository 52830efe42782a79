// From 工作总览: one late department's overdue tasks of the current campaign (read only; the
// department's reviewers answer them in their own inbox) and its 催办 history.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { getJson } from '../../api';
import { useSession } from '../../auth';
import { CampaignPageHeader, useCampaigns } from '../../components/campaigns';
import { Loaded } from '../../components/Loaded';
import { actorText, formatTime } from '../../lib/labels';
import { useLoad } from '../../lib/useLoad';
import type { DepartmentOverdue } from '../../../../shared/api';

export function DepartmentOverduePage() {
  const { code = '' } = useParams();
  const { hash } = useLocation();
  const session = useSession();
  const { current } = useCampaigns();
  const campaignId = current?.id;
  const state = useLoad(
    () =>
      campaignId === undefined
        ? Promise.resolve(undefined)
        : getJson<DepartmentOverdue>(`/campaigns/${encodeURIComponent(campaignId)}/departments/${encodeURIComponent(code)}/overdue`),
    [campaignId, code],
  );
  const loaded = state.data !== undefined;
  // The dashboard's 催办记录 link lands on the history once it is on the page.
  useEffect(() => {
    if (loaded && hash === '#reminders') document.getElementById('reminders')?.scrollIntoView();
  }, [loaded, hash]);

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Link to="/dashboard">
        <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingLeft: 0 }}>
          返回工作总览
        </Button>
      </Link>
      <Loaded state={state}>
        {(view) =>
          view === undefined ? (
            <Alert type="info" message="请先选择换届工作" />
          ) : (
            <>
              <CampaignPageHeader title={`${view.name}：逾期任务与催办记录`} onReload={state.reload} />
              <Card size="small" title={`逾期任务（${view.tasks.length}）`} data-testid="department-overdue-tasks">
                <Typography.Paragraph type="secondary">
                  只读：由{view.name}的审查员在本部门待办中答复；已超时的任务，部门可申请延期，由组织部门在“延期申请”中审批。
                </Typography.Paragraph>
                <Table
                  rowKey="taskId"
                  size="small"
                  dataSource={view.tasks}
                  pagination={view.tasks.length > 20 ? { pageSize: 20 } : false}
                  locale={{ emptyText: '没有逾期的任务' }}
                  scroll={{ x: 'max-content' }}
                  columns={[
                    { title: '姓名', render: (_, t) => t.candidate.name },
                    { title: '身份证号', render: (_, t) => t.candidate.idMasked },
                    { title: '乡镇（街道）', render: (_, t) => t.candidate.township },
                    { title: '村（社区）', render: (_, t) => t.candidate.village },
                    { title: '批次', render: (_, t) => t.batch?.name ?? '—' },
                    { title: '答复期限', render: (_, t) => t.deadlineText },
                    {
                      title: '逾期',
                      render: (_, t) => (
                        <Space size={4}>
                          <Tag color="error">{t.dueText}</Tag>
                          {t.status === 'overdue' ? <Tag>已超时</Tag> : <Tag color="warning">超期待答复</Tag>}
                        </Space>
                      ),
                    },
                    { title: '经办人', render: (_, t) => t.assigneeName ?? t.assignee ?? '—' },
                    { title: '', render: (_, t) => <Link to={`/audit/${encodeURIComponent(t.candidateId)}`}>审计记录</Link> },
                  ]}
                />
              </Card>
              <Card size="small" title={`催办记录（${view.reminders.length}）`} id="reminders" data-testid="department-reminders">
                <Table
                  rowKey={(r) => `${r.at}-${r.by}`}
                  size="small"
                  dataSource={view.reminders}
                  pagination={false}
                  locale={{ emptyText: '尚未催办' }}
                  columns={[
                    { title: '催办时间', render: (_, r) => formatTime(r.at) },
                    { title: '催办人', render: (_, r) => actorText({ kind: 'orgdept', id: r.by }, session) },
                    { title: '当时待答复', render: (_, r) => r.openTasks },
                    { title: '其中已逾期', render: (_, r) => r.overdueTasks },
                  ]}
                />
              </Card>
              <Typography.Paragraph type="secondary">数据时间：{formatTime(view.generatedAt)}</Typography.Paragraph>
            </>
          )
        }
      </Loaded>
    </Space>
  );
}
