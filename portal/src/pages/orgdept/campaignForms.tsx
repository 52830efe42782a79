// Pieces the campaign set-up pages share: the policy choices, the 行政区划 upload with its preview,
// and the list as a table.
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { ApiError, download, getJson } from '../../api';
import { useCampaigns } from '../../components/campaigns';
import { FilePick, type PickedFile } from '../../components/FilePick';
import { ErrorList, UploadPreview, type PreviewTable } from '../../components/UploadPreview';
import type { ImportErrorBody, TownshipView } from '../../../../shared/api';

export const UNITS_SHEET = '行政区划';

export const KIND_COLOR: Record<string, string> = { 村: 'green', 社区: 'blue', 农村社区: 'purple' };

export interface PolicyChoice {
  value: string;
  label: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `{ policies: [{ id, name?, title?, version? }] }` from GET /policies, where that route exists. */
function policiesOf(body: unknown): PolicyChoice[] | null {
  if (!isRecord(body) || !Array.isArray(body['policies'])) return null;
  const out: PolicyChoice[] = [];
  for (const p of body['policies']) {
    if (!isRecord(p) || typeof p['id'] !== 'string') continue;
    const name = typeof p['name'] === 'string' ? p['name'] : typeof p['title'] === 'string' ? p['title'] : '';
    const version = typeof p['version'] === 'string' ? ` ${p['version']}` : '';
    out.push({ value: p['id'], label: `${p['id']}${version}${name ? `（${name}）` : ''}` });
  }
  return out;
}

/** The policies a campaign may use: GET /policies where it exists, else those of the campaigns already set up. */
export function usePolicyChoices(): PolicyChoice[] {
  const { campaigns } = useCampaigns();
  const [fromApi, setFromApi] = useState<PolicyChoice[] | null>(null);
  useEffect(() => {
    let live = true;
    getJson<unknown>('/policies')
      .then((body) => live && setFromApi(policiesOf(body)))
      .catch(() => live && setFromApi(null));
    return () => {
      live = false;
    };
  }, []);
  return useMemo(() => {
    if (fromApi && fromApi.length > 0) return fromApi;
    const seen = new Map<string, PolicyChoice>();
    for (const c of campaigns) {
      if (!seen.has(c.policyId)) {
        seen.set(c.policyId, { value: c.policyId, label: c.policy ? `${c.policyId} ${c.policy.version}（${c.policy.name}）` : c.policyId });
      }
    }
    return [...seen.values()];
  }, [fromApi, campaigns]);
}

export function unitsPreview(file: PickedFile | null): PreviewTable[] {
  if (!file?.read.ok) return [];
  const sheet =
    file.read.sheets.find((s) => s.name.trim() === UNITS_SHEET) ??
    file.read.sheets.find((s) => !['填写说明', '选项'].includes(s.name.trim()));
  return sheet ? [{ title: UNITS_SHEET, filename: file.filename, rows: sheet.rows }] : [];
}

/** Picking the 行政区划 file, the template, and the rows with the server's errors marked in place. */
export function UnitsUpload({
  file,
  errors,
  onPick,
  onClear,
}: {
  file: PickedFile | null;
  errors: ImportErrorBody[];
  onPick: (f: PickedFile) => void;
  onClear?: () => void;
}) {
  const { message } = AntApp.useApp();
  const tables = useMemo(() => unitsPreview(file), [file]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">
        每个村（社区）一行：乡镇(街道)、乡镇代码（可不填）、村(社区)、类型（村 / 社区 /
        农村社区）。乡镇（街道）账号与乡镇代码绑定；不填时按名称生成，同一名称始终相同。
      </Typography.Text>
      <Space wrap>
        <Button
          icon={<DownloadOutlined />}
          onClick={() =>
            download('/campaigns/units/template', '行政区划名单模板.xlsx').catch((e: unknown) =>
              message.error(e instanceof Error ? e.message : '下载失败'),
            )
          }
        >
          下载名单模板
        </Button>
        <FilePick label="行政区划名单" file={file} testId="pick-units" onPick={onPick} {...(onClear ? { onClear } : {})} />
      </Space>
      {file && !file.read.ok ? <Alert type="error" showIcon message={file.read.message} /> : null}
      {errors.length > 0 ? (
        <Alert
          type="error"
          showIcon
          message={`名单中有 ${errors.length} 处错误，未作任何修改`}
          description="错误的单元格已用红框标出。请改正后重新选择文件。"
          data-testid="units-errors"
        />
      ) : null}
      {file ? <UploadPreview tables={tables} errors={errors} /> : null}
      {errors.length > 0 ? <ErrorList errors={errors} /> : null}
    </Space>
  );
}

export function TownshipTable({ townships }: { townships: TownshipView[] }) {
  return (
    <Table<TownshipView>
      size="small"
      rowKey="code"
      dataSource={townships}
      pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
      data-testid="township-table"
      columns={[
        { title: '乡镇（街道）', dataIndex: 'name', width: 140 },
        {
          title: '乡镇代码（账号绑定）',
          dataIndex: 'code',
          width: 170,
          render: (c: string) => <Typography.Text code>{c}</Typography.Text>,
        },
        {
          title: '村（社区）',
          render: (_, t) =>
            t.villages === null ? (
              <Typography.Text type="secondary">未登记村（社区）：不核对村（社区），类型未知</Typography.Text>
            ) : (
              <Space size={[4, 4]} wrap>
                {t.villages.map((v) => (
                  <Tag key={v.name} color={KIND_COLOR[v.kind] ?? 'default'}>
                    {v.name}（{v.kind}）
                  </Tag>
                ))}
              </Space>
            ),
        },
      ]}
    />
  );
}

/** Row/column errors of a 422, or null when the error is something else. */
export function importErrorsOf(e: unknown): ImportErrorBody[] | null {
  return e instanceof ApiError && e.status === 422 && e.importErrors.length > 0 ? e.importErrors : null;
}
