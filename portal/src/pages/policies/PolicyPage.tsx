// One policy version in Chinese, as a township or department reads it: the document, the
// departments (answer mode and working-day time limit), every category with its 结论, window and
// clause in the document's own words, the candidate conditions and the avoidance rules. The
// organization department also downloads it as a workbook and moves a campaign to it.
import { DownloadOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Descriptions, List, Select, Space, Table, Tag, Typography } from 'antd';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { download, getJson } from '../../api';
import { useAuth } from '../../auth';
import { Loaded } from '../../components/Loaded';
import { useLoad } from '../../lib/useLoad';
import type { PolicyDetail, PolicyReading, PolicyVersions } from '../../../../shared/api';
import { policyPath } from './PoliciesPage';
import { PolicySwitch } from './PolicySwitch';

type ReadingCategory = PolicyReading['categories']['bar'][number];
type ReadingDepartment = PolicyReading['departments'][number];

const SEVERITY: ReadonlyArray<{ key: keyof PolicyReading['categories']; label: string; color: string; meaning: string }> = [
  { key: 'bar', label: '不得提名', color: 'red', meaning: '部门报有此类记录且在适用期内的，不得提名为候选人。' },
  { key: 'concern', label: '需研判', color: 'orange', meaning: '交组织部门研判，研判前不出结论。' },
  { key: 'notice', label: '提示', color: 'blue', meaning: '只作提示，不影响结论。' },
];

function CategoryCard({ c, color, label }: { c: ReadingCategory; color: string; label: string }) {
  return (
    <Card size="small" style={{ marginBottom: 8 }} data-testid="policy-category">
      <Space direction="vertical" style={{ width: '100%' }} size={4}>
        <Space wrap>
          <Typography.Text strong>{c.label}</Typography.Text>
          <Tag color={color}>{label}</Tag>
          {c.group !== label ? <Tag>{c.group}</Tag> : null}
          <Typography.Text type="secondary">负责部门：{c.departments.join('、') || '—'}</Typography.Text>
        </Space>
        <Typography.Text>适用期限：{c.window}</Typography.Text>
        <Typography.Text type="secondary">依据：{c.citation}</Typography.Text>
        {c.description ? <Typography.Text type="secondary">填报说明：{c.description}</Typography.Text> : null}
        {c.exceptions.map((x) => (
          <Typography.Text key={x.statuses.join('、')}>
            例外（状态为{x.statuses.join('、')}）：{x.text}。依据：{x.citation}
          </Typography.Text>
        ))}
      </Space>
    </Card>
  );
}

function VersionPicker({ id, version }: { id: string; version: string }) {
  const navigate = useNavigate();
  const state = useLoad(() => getJson<PolicyVersions>(`/policies/${encodeURIComponent(id)}`), [id]);
  const versions = state.data?.versions ?? [];
  if (versions.length <= 1) return null;
  return (
    <Select
      value={version}
      style={{ width: 140 }}
      onChange={(v) => navigate(policyPath(id, v))}
      options={[...versions].reverse().map((v) => ({ value: v.version, label: `版本 ${v.version}` }))}
      data-testid="policy-version-picker"
    />
  );
}

export function PolicyPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const asked = params.get('version');
  const { session } = useAuth();
  const { message } = AntApp.useApp();
  // Without ?version= the latest.
  const state = useLoad(async () => {
    const base = `/policies/${encodeURIComponent(id)}`;
    const version = asked ?? (await getJson<PolicyVersions>(base)).versions.at(-1)?.version ?? '';
    return getJson<PolicyDetail>(`${base}/versions/${encodeURIComponent(version)}`);
  }, [id, asked]);
  return (
    <Loaded state={state}>
      {({ policy, reading, summary }) => (
        <div data-testid="policy-reading">
          <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
            <h1 className="page-title">{policy.name}</h1>
            <Space>
              <Link to="/policies">全部政策</Link>
              <VersionPicker id={id} version={policy.version} />
              <Button
                icon={<DownloadOutlined />}
                onClick={() => {
                  download(
                    `/policies/${encodeURIComponent(policy.id)}/versions/${encodeURIComponent(policy.version)}/workbook`,
                    `${policy.id}-${policy.version}.xlsx`,
                  )
                    .then((name) => message.success(`已下载：${name}`))
                    .catch((e: unknown) => message.error(e instanceof Error ? e.message : '下载失败'));
                }}
              >
                下载为工作簿
              </Button>
            </Space>
          </Space>
          <Card style={{ marginBottom: 16 }}>
            <Descriptions column={2} size="small" data-testid="policy-document">
              <Descriptions.Item label="文件名称" span={2}>
                {policy.document.title}
              </Descriptions.Item>
              <Descriptions.Item label="文号">{policy.document.number ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="发文日期">
                {policy.document.date
                  ? policy.document.date.replace(/^(\d{4})-(\d{2})-(\d{2})$/, (_m, y, m, d) => `${y}年${Number(m)}月${Number(d)}日`)
                  : '—'}
              </Descriptions.Item>
              <Descriptions.Item label="发文机关">{policy.document.issuer ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="适用地区">{policy.jurisdiction}</Descriptions.Item>
              <Descriptions.Item label="政策编号">{policy.id}</Descriptions.Item>
              <Descriptions.Item label="版本">
                {policy.version}
                {summary.builtIn ? '（系统内置）' : ''}
              </Descriptions.Item>
              <Descriptions.Item label="联审依据" span={2}>
                {reading.source}
              </Descriptions.Item>
              <Descriptions.Item label="组织部门审查部门" span={2}>
                <span data-testid="policy-orgdept-department">{reading.orgdeptDepartment ?? '无（组织部门不作为审查部门答复）'}</span>
              </Descriptions.Item>
              {policy.notes.length > 0 ? (
                <Descriptions.Item label="说明" span={2}>
                  {policy.notes.join(' ')}
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          </Card>

          <Card title="参加联审的部门" style={{ marginBottom: 16 }}>
            <Table<ReadingDepartment>
              size="small"
              rowKey="code"
              pagination={false}
              dataSource={reading.departments}
              data-testid="policy-departments"
              columns={[
                { title: '部门', dataIndex: 'name', width: 200 },
                { title: '答复方式', dataIndex: 'mode', width: 260 },
                { title: '答复时限', dataIndex: 'sla', width: 110 },
                { title: '询问范围', dataIndex: 'scope', width: 100 },
                { title: '负责类别', dataIndex: 'categories', render: (c: string[]) => c.join('、') },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              答复时限按工作日计算。逾期未答复的人选结论为“未完成”：部门不答复，绝不视为通过。
            </Typography.Paragraph>
          </Card>

          <Card title="负面清单" style={{ marginBottom: 16 }}>
            {SEVERITY.map((s) =>
              reading.categories[s.key].length === 0 ? null : (
                <div key={s.key} style={{ marginBottom: 12 }}>
                  <Typography.Title level={5}>
                    <Tag color={s.color}>{s.label}</Tag>
                    <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                      {s.meaning}
                    </Typography.Text>
                  </Typography.Title>
                  {reading.categories[s.key].map((c) => (
                    <CategoryCard key={c.label} c={c} color={s.color} label={s.label} />
                  ))}
                </div>
              ),
            )}
          </Card>

          <Card title="人选条件" style={{ marginBottom: 16 }}>
            {reading.conditions.length === 0 ? (
              <Typography.Text type="secondary">本政策未规定人选条件。</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={reading.conditions}
                data-testid="policy-conditions"
                renderItem={(r) => (
                  <List.Item>
                    <Space direction="vertical" size={2}>
                      <Space>
                        <Typography.Text strong>{r.label}</Typography.Text>
                        <Tag>{r.effect}</Tag>
                      </Space>
                      <Typography.Text>{r.text}</Typography.Text>
                      <Typography.Text type="secondary">依据：{r.citation}</Typography.Text>
                    </Space>
                  </List.Item>
                )}
              />
            )}
          </Card>

          <Card title="近亲属回避与班子结构" style={{ marginBottom: 16 }}>
            <List
              size="small"
              dataSource={reading.avoidance}
              data-testid="policy-avoidance"
              locale={{ emptyText: '本政策未规定近亲属回避。' }}
              renderItem={(r) => (
                <List.Item>
                  <Space direction="vertical" size={2}>
                    <Typography.Text strong>{r.label}</Typography.Text>
                    <Typography.Text>
                      关系：{r.relations}；职务：{r.between}；{r.givesWay}
                    </Typography.Text>
                    <Typography.Text type="secondary">依据：{r.citation}</Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
            {reading.structure.map((s) => (
              <Typography.Paragraph key={s.text} style={{ marginTop: 8 }}>
                班子结构：{s.text}（只作提示，不影响个人结论）。依据：{s.citation}
              </Typography.Paragraph>
            ))}
          </Card>

          {session?.roles.orgdept ? <PolicySwitch policyId={policy.id} version={policy.version} /> : null}
        </div>
      )}
    </Loaded>
  );
}
