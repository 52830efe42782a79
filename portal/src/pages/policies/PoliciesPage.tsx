// 政策: every policy and its versions (GET /policies). The organization department uploads a
// workbook, YAML or JSON (POST /policies, all or nothing: every error with its sheet, row and
// column) and downloads the template; townships and departments read.
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, download, fileToBase64, getJson, postJson } from '../../api';
import { useAuth } from '../../auth';
import { Loaded } from '../../components/Loaded';
import { ErrorList } from '../../components/UploadPreview';
import { formatTime } from '../../lib/labels';
import { useLoad } from '../../lib/useLoad';
import type { ImportErrorBody, PolicyList, UploadPolicyResponse } from '../../../../shared/api';

type Listed = PolicyList['policies'][number];

/**
 * A version's page: the version in the query, because a last path segment with a dot (1.0.0) is
 * taken for a file by the static hosting (CloudFront's function and the local server).
 */
export const policyPath = (id: string, version: string) => `/policies/${encodeURIComponent(id)}?version=${encodeURIComponent(version)}`;

function UploadCard({ onStored }: { onStored: () => void }) {
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const [filename, setFilename] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ message: string; errors: ImportErrorBody[] } | null>(null);
  const [stored, setStored] = useState<UploadPolicyResponse | null>(null);

  const send = async (file: File) => {
    setBusy(true);
    setErrors(null);
    setStored(null);
    setFilename(file.name);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const r = await postJson<UploadPolicyResponse>('/policies', { file: { filename: file.name, contentBase64: fileToBase64(bytes) } });
      setStored(r);
      message.success(r.created ? `已上传：${r.policy.name}（版本 ${r.policy.version}）` : `该版本已上传过，内容相同：${r.policy.version}`);
      onStored();
    } catch (e) {
      if (e instanceof ApiError) setErrors({ message: e.message, errors: e.importErrors });
      else setErrors({ message: e instanceof Error ? e.message : '上传失败', errors: [] });
    } finally {
      setBusy(false);
    }
  };

  const sheets = errors ? [...new Set(errors.errors.map((e) => e.sheet ?? ''))].filter((s) => s !== '') : [];
  return (
    <Card title="上传政策（负面清单）" style={{ marginBottom: 16 }} data-testid="policy-upload-card">
      <Typography.Paragraph type="secondary">
        按模板填写本县的负面清单，上传 .xlsx 工作簿（或 .yaml、.json）。整份校验：有一处错误整份都不导入，错误逐条列出工作表、行号和列名。
        已上传的版本不能修改；修订后请提高“版本”再上传。
      </Typography.Paragraph>
      <Space wrap>
        <Upload
          accept=".xlsx,.xlsm,.yaml,.yml,.json"
          maxCount={1}
          showUploadList={false}
          beforeUpload={(f) => {
            void send(f);
            return Upload.LIST_IGNORE;
          }}
        >
          <Button type="primary" icon={<UploadOutlined />} loading={busy} data-testid="policy-upload">
            选择政策文件并上传
          </Button>
        </Upload>
        <Button
          icon={<DownloadOutlined />}
          data-testid="policy-template"
          onClick={() => {
            download('/policies/template', '负面清单模板.xlsx')
              .then((name) => message.success(`已下载：${name}`))
              .catch((e: unknown) => message.error(e instanceof Error ? e.message : '下载失败'));
          }}
        >
          下载负面清单模板
        </Button>
        {filename ? <Typography.Text>文件：{filename}</Typography.Text> : null}
      </Space>
      {stored ? (
        <Alert
          style={{ marginTop: 12 }}
          type="success"
          showIcon
          data-testid="policy-stored"
          message={`${stored.created ? '已上传' : '内容相同，未新建版本'}：${stored.policy.name}（${stored.policy.id}，版本 ${stored.policy.version}）`}
          action={<Link to={policyPath(stored.policy.id, stored.policy.version)}>查看全文</Link>}
        />
      ) : null}
      {errors ? (
        <div style={{ marginTop: 12 }} data-testid="policy-errors">
          <Alert
            type="error"
            showIcon
            message={errors.message}
            description={
              sheets.length > 0
                ? `涉及工作表：${sheets.map((s) => `${s}（${errors.errors.filter((e) => e.sheet === s).length} 处）`).join('、')}`
                : undefined
            }
            style={{ marginBottom: 8 }}
          />
          {errors.errors.length > 0 ? <ErrorList errors={errors.errors} /> : null}
        </div>
      ) : null}
    </Card>
  );
}

export function PoliciesPage() {
  const { session } = useAuth();
  const state = useLoad(() => getJson<PolicyList>('/policies'), []);
  return (
    <div>
      <h1 className="page-title">政策（负面清单）</h1>
      {session?.roles.orgdept ? <UploadCard onStored={state.reload} /> : null}
      <Loaded state={state}>
        {(data) => (
          <Table<Listed>
            data-testid="policy-list"
            rowKey="id"
            pagination={false}
            dataSource={data.policies}
            columns={[
              { title: '政策', dataIndex: 'name', render: (name: string, p) => <Link to={policyPath(p.id, p.latest)}>{name}</Link> },
              { title: '编号', dataIndex: 'id', width: 160 },
              { title: '适用地区', dataIndex: 'jurisdiction', width: 200 },
              {
                title: '版本',
                key: 'versions',
                render: (_: unknown, p) => (
                  <Space wrap size={4}>
                    {[...p.versions].reverse().map((v) => (
                      <Link key={v.version} to={policyPath(p.id, v.version)} data-testid={`policy-version-${p.id}-${v.version}`}>
                        <Tag color={v.version === p.latest ? 'blue' : undefined}>{v.version}</Tag>
                      </Link>
                    ))}
                  </Space>
                ),
              },
              {
                title: '来源',
                key: 'source',
                width: 220,
                render: (_: unknown, p) => {
                  const v = p.versions.find((x) => x.version === p.latest);
                  if (!v || v.builtIn) return <Typography.Text type="secondary">系统内置</Typography.Text>;
                  return `${v.storedBy ?? ''} 上传于 ${formatTime(v.storedAt)}`;
                },
              },
            ]}
          />
        )}
      </Loaded>
    </div>
  );
}
