import { AuditOutlined, FileExcelOutlined, PrinterOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Col, Row, Statistic, Table, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { download, getJson } from '../../api';
import { CampaignPageHeader, useCampaigns } from '../../components/campaigns';
import { Loaded } from '../../components/Loaded';
import { StatusTag } from '../../components/StatusTag';
import { formatTime } from '../../lib/labels';
import { useLoad } from '../../lib/useLoad';
import { withKeys } from '../../lib/keys';
import type { ClearanceReport, ReportRow } from '../../../../shared/api';

export function ReportsPage() {
  const { current } = useCampaigns();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const state = useLoad(
    () =>
      current
        ? getJson<ClearanceReport>(`/campaigns/${encodeURIComponent(current.id)}/report?format=json`)
        : Promise.reject(new Error('尚未创建换届工作')),
    [current?.id],
  );
  const exportXlsx = () => {
    if (!current) return;
    download(`/campaigns/${encodeURIComponent(current.id)}/report?format=xlsx`, `${current.name}资格联审结果.xlsx`)
      .then((name) => message.success(`已导出：${name}`))
      .catch((e: unknown) => message.error(e instanceof Error ? e.message : '导出失败'));
  };
  return (
    <div>
      <CampaignPageHeader title="报表导出" onReload={state.reload}>
        <Button type="primary" icon={<FileExcelOutlined />} onClick={exportXlsx} data-testid="export-xlsx">
          导出联审结果（Excel）
        </Button>
        <Button icon={<PrinterOutlined />} onClick={() => navigate('/reports/publicity')}>
          公示名单（打印）
        </Button>
        <Button onClick={() => navigate('/exports')} data-testid="my-exports">
          联审台账与大文件（后台生成）
        </Button>
      </CampaignPageHeader>
      <Loaded state={state}>
        {(r) => (
          <div>
            <Row gutter={12} style={{ marginBottom: 12 }}>
              <Col span={4}>
                <Card size="small">
                  <Statistic title="合计" value={r.totals.total} />
                </Card>
              </Col>
              <Col span={4}>
                <Card size="small">
                  <Statistic title="通过" value={r.totals.cleared} valueStyle={{ color: '#389e0d' }} />
                </Card>
              </Col>
              <Col span={4}>
                <Card size="small">
                  <Statistic title="不通过" value={r.totals.disqualified} valueStyle={{ color: '#cf1322' }} />
                </Card>
              </Col>
              <Col span={4}>
                <Card size="small">
                  <Statistic title="待组织部门研判" value={r.totals.referred} valueStyle={{ color: '#d46b08' }} />
                </Card>
              </Col>
              <Col span={4}>
                <Card size="small">
                  <Statistic title="未完成" value={r.totals.incomplete + r.totals.reviewing} />
                </Card>
              </Col>
              <Col span={4}>
                <Card size="small">
                  <Statistic title="政策" value={r.policy.name} valueStyle={{ fontSize: 14 }} />
                </Card>
              </Col>
            </Row>
            <Table<ReportRow>
              rowKey="candidateId"
              size="small"
              bordered
              dataSource={r.rows}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              data-testid="report-table"
              columns={[
                { title: '序号', dataIndex: 'no', width: 52 },
                { title: '乡镇（街道）', dataIndex: 'township', width: 96 },
                { title: '村（社区）', dataIndex: 'village', width: 90 },
                { title: '姓名', dataIndex: 'name', width: 70 },
                { title: '身份证号', dataIndex: 'idNumberMasked', width: 170 },
                { title: '拟任职务', dataIndex: 'post', width: 120 },
                { title: '结论', width: 120, render: (_, x) => <StatusTag status={x.status} label={x.conclusion} /> },
                {
                  title: '理由',
                  render: (_, x) => (
                    <div className="reasons">
                      {withKeys(x.reasons, (t) => t).map(({ key, item: t }) => (
                        <div key={key}>{t}</div>
                      ))}
                    </div>
                  ),
                },
                {
                  title: '审计',
                  width: 50,
                  render: (_, x) => (
                    <Link to={`/audit/${encodeURIComponent(x.candidateId)}`} state={{ name: x.name }} title="审计记录">
                      <AuditOutlined />
                    </Link>
                  ),
                },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
              生成时间：{formatTime(r.generatedAt)}。身份证号已脱敏。每次查看和导出都会记入审计记录。
            </Typography.Paragraph>
          </div>
        )}
      </Loaded>
    </div>
  );
}
