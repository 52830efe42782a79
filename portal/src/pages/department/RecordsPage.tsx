import { CheckCircleOutlined, DownloadOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Descriptions, Select, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { ApiError, download, fileUpload, getJson, postJson } from '../../api';
import { CampaignPicker, departmentName, useCampaigns } from '../../components/campaigns';
import { useDepartment } from '../../components/departments';
import { FilePick, type PickedFile } from '../../components/FilePick';
import { Loaded } from '../../components/Loaded';
import { ErrorList, UploadPreview, type PreviewTable } from '../../components/UploadPreview';
import { formatTime } from '../../lib/labels';
import { useLoad } from '../../lib/useLoad';
import type { ExtractSummary, ImportErrorBody, UploadRecordsResponse } from '../../../../shared/api';

const RECORDS = '部门记录';

export function RecordsPage() {
  const { current } = useCampaigns();
  const { message } = AntApp.useApp();
  const { code, mine, choose } = useDepartment();
  const campaignQuery = current ? `?campaignId=${encodeURIComponent(current.id)}` : '';
  const state = useLoad(
    () =>
      getJson<{ campaignId: string; extract: ExtractSummary | null }>(`/departments/${encodeURIComponent(code)}/records${campaignQuery}`),
    [code, campaignQuery],
  );
  const [file, setFile] = useState<PickedFile | null>(null);
  const [errors, setErrors] = useState<ImportErrorBody[] | null>(null);
  const [done, setDone] = useState<UploadRecordsResponse | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const tables = useMemo<PreviewTable[]>(() => {
    if (!file?.read.ok) return [];
    const sheet =
      file.read.sheets.find((s) => s.name.trim() === RECORDS) ??
      file.read.sheets.find((s) => !['填写说明', '选项'].includes(s.name.trim()));
    return sheet ? [{ title: RECORDS, filename: file.filename, rows: sheet.rows }] : [];
  }, [file]);

  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setRefusal(null);
    try {
      const result = await postJson<UploadRecordsResponse>(`/departments/${encodeURIComponent(code)}/records`, {
        ...(current ? { campaignId: current.id } : {}),
        ...(await fileUpload(file.filename, file.bytes)),
      });
      setErrors([]);
      setDone(result);
      message.success(result.noRecords ? '已上传：本部门无记录' : `已上传 ${result.extract.rows} 条记录`);
      state.reload();
    } catch (e) {
      if (e instanceof ApiError && e.status === 422 && e.importErrors.length > 0) setErrors(e.importErrors);
      else setRefusal(e instanceof Error ? e.message : '上传失败');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
        <h1 className="page-title">记录提取上传：{departmentName(current, code)}</h1>
        <Space>
          {mine.length > 1 ? (
            <Select
              value={code}
              style={{ width: 220 }}
              onChange={choose}
              options={mine.map((d) => ({ value: d, label: departmentName(current, d) }))}
            />
          ) : null}
          <CampaignPicker />
        </Space>
      </Space>
      <Loaded state={state}>
        {({ extract }) => (
          <Card size="small" title="当前生效的记录" style={{ marginBottom: 12 }}>
            {extract ? (
              <Descriptions size="small" column={3}>
                <Descriptions.Item label="文件">{extract.filename}</Descriptions.Item>
                <Descriptions.Item label="记录条数">{extract.rows}</Descriptions.Item>
                <Descriptions.Item label="涉及人数">{extract.persons}</Descriptions.Item>
                <Descriptions.Item label="上传时间">{formatTime(extract.uploadedAt)}</Descriptions.Item>
              </Descriptions>
            ) : (
              <Typography.Text type="secondary">
                尚未上传。上传后，系统按身份证号自动比对本部门记录并答复；未上传时，人选逐一进入“待办审查”。
              </Typography.Text>
            )}
          </Card>
        )}
      </Loaded>
      <Card size="small" title="上传新的记录提取" style={{ marginBottom: 12 }}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            每行一条记录：部门、身份证号、姓名、记录类别、起始日期、终止日期、状态、文号、备注。只有表头没有数据的文件表示“本部门无记录”。新文件校验通过后整体替换原有记录。
          </Typography.Text>
          <Space>
            <Button
              icon={<DownloadOutlined />}
              onClick={() =>
                download(`/departments/${encodeURIComponent(code)}/records/template${campaignQuery}`, '部门记录提取模板.xlsx').catch(
                  (e: unknown) =>
                    message.error(
                      e instanceof ApiError && e.status === 404
                        ? '暂不能下载模板，请联系组织部门'
                        : e instanceof Error
                          ? e.message
                          : '下载失败',
                    ),
                )
              }
            >
              下载记录模板
            </Button>
            <FilePick
              label="记录文件"
              file={file}
              testId="pick-records"
              onPick={(f) => {
                setFile(f);
                setErrors(null);
                setDone(null);
                setRefusal(null);
              }}
            />
          </Space>
        </Space>
      </Card>
      {file && !file.read.ok ? <Alert type="error" showIcon message={file.read.message} style={{ marginBottom: 12 }} /> : null}
      {file ? (
        <Card
          size="small"
          title="预览并校验"
          extra={
            <Button type="primary" icon={<SendOutlined />} onClick={upload} loading={busy} data-testid="upload-records">
              校验并上传
            </Button>
          }
        >
          {errors && errors.length > 0 ? (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 12 }}
              message={`文件中有 ${errors.length} 处错误，原有记录未被替换`}
              description="错误的单元格已用红框标出。请改正后重新选择文件上传。"
            />
          ) : done ? (
            <Alert
              type="success"
              showIcon
              icon={<CheckCircleOutlined />}
              style={{ marginBottom: 12 }}
              message={
                done.noRecords
                  ? '校验通过：本部门无记录'
                  : `校验通过，已上传 ${done.extract.rows} 条记录（涉及 ${done.extract.persons} 人）`
              }
              description={
                Object.keys(done.byCategory).length > 0 ? (
                  <Space wrap>
                    {Object.entries(done.byCategory).map(([k, n]) => (
                      <Tag key={k}>
                        {k}：{n} 条
                      </Tag>
                    ))}
                  </Space>
                ) : null
              }
            />
          ) : (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              message="请核对下面的内容，然后点“校验并上传”。只要有一处错误，原有记录不会被替换。"
            />
          )}
          {refusal ? <Alert type="error" showIcon message={refusal} style={{ marginBottom: 12 }} /> : null}
          <UploadPreview tables={tables} errors={errors ?? []} />
          {errors && errors.length > 0 ? <ErrorList errors={errors} /> : null}
        </Card>
      ) : null}
    </div>
  );
}
