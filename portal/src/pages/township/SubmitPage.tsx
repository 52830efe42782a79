import { CheckCircleOutlined, DownloadOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Col, Row, Space, Steps, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError, download, fileToBase64, idempotencyKey, postJson } from '../../api';
import { CampaignPicker, useCampaigns } from '../../components/campaigns';
import { FilePick, type PickedFile } from '../../components/FilePick';
import { ErrorList, UploadPreview, type PreviewTable } from '../../components/UploadPreview';
import type { Sheet } from '../../lib/sheet';
import type { ImportErrorBody, SubmitBatchResponse } from '../../../../shared/api';

const CANDIDATES = '候选人';
const RELATIVES = '近亲属';
const RESERVED = ['近亲属', '填写说明', '选项'];

function pickSheet(sheets: Sheet[], name: string, reserved: string[]): Sheet | undefined {
  return sheets.find((s) => s.name.trim() === name) ?? sheets.find((s) => !reserved.includes(s.name.trim()));
}

export function batchTables(candidates: PickedFile | null, relatives: PickedFile | null): PreviewTable[] {
  const tables: PreviewTable[] = [];
  if (candidates?.read.ok) {
    const sheet = pickSheet(candidates.read.sheets, CANDIDATES, RESERVED);
    if (sheet) tables.push({ title: CANDIDATES, filename: candidates.filename, rows: sheet.rows });
    const inBook = candidates.read.sheets.find((s) => s.name.trim() === RELATIVES);
    if (!relatives && inBook && inBook.rows.length > 1)
      tables.push({ title: RELATIVES, filename: `${candidates.filename} / 近亲属`, rows: inBook.rows });
  }
  if (relatives?.read.ok) {
    const sheet = pickSheet(relatives.read.sheets, RELATIVES, ['填写说明', '选项', CANDIDATES]);
    if (sheet) tables.push({ title: RELATIVES, filename: relatives.filename, rows: sheet.rows });
  }
  return tables;
}

export function SubmitPage() {
  const { current } = useCampaigns();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [candidates, setCandidates] = useState<PickedFile | null>(null);
  const [relatives, setRelatives] = useState<PickedFile | null>(null);
  const [errors, setErrors] = useState<ImportErrorBody[] | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const tables = useMemo(() => batchTables(candidates, relatives), [candidates, relatives]);

  const picked = () => {
    setErrors(null);
    setRefusal(null);
  };

  const submit = async () => {
    if (!candidates || !current) return;
    setBusy(true);
    setRefusal(null);
    try {
      const key = await idempotencyKey([current.id, candidates.bytes, relatives?.bytes ?? '']);
      const result = await postJson<SubmitBatchResponse>(
        '/batches',
        {
          campaignId: current.id,
          candidates: { filename: candidates.filename, contentBase64: fileToBase64(candidates.bytes) },
          ...(relatives ? { relatives: { filename: relatives.filename, contentBase64: fileToBase64(relatives.bytes) } } : {}),
        },
        { 'Idempotency-Key': key },
      );
      setErrors([]);
      message.success(
        result.replayed
          ? `该文件此前已提交（${result.candidates} 人），已为您打开该批次`
          : `提交成功：共 ${result.candidates} 名人选进入联审`,
      );
      navigate(`/batches/${encodeURIComponent(result.batchId)}`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 422 && e.importErrors.length > 0) setErrors(e.importErrors);
      else setRefusal(e instanceof Error ? e.message : '提交失败');
    } finally {
      setBusy(false);
    }
  };

  const step = errors && errors.length === 0 ? 3 : candidates ? 2 : 1;
  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
        <h1 className="page-title">提交候选人选名单</h1>
        <CampaignPicker />
      </Space>
      <Steps
        size="small"
        current={step}
        style={{ marginBottom: 16 }}
        items={[{ title: '下载模板' }, { title: '选择填好的文件' }, { title: '校验并提交' }, { title: '查看进度' }]}
      />
      <Row gutter={16}>
        <Col span={8}>
          <Card size="small" title="第一步：下载模板" style={{ height: '100%' }}>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              模板含“候选人”“近亲属”两张表和填写说明，下拉选项与审查规则一致。身份证号请按文本填写。
            </Typography.Paragraph>
            <Button
              icon={<DownloadOutlined />}
              onClick={() =>
                download('/template', '资格联审人选名单模板.xlsx').catch((e: unknown) =>
                  message.error(e instanceof Error ? e.message : '下载失败'),
                )
              }
              data-testid="download-template"
            >
              下载名单模板（Excel）
            </Button>
          </Card>
        </Col>
        <Col span={16}>
          <Card size="small" title="第二步：选择填好的文件" style={{ height: '100%' }}>
            <Space direction="vertical" style={{ width: '100%' }}>
              <FilePick
                label="人选名单"
                file={candidates}
                testId="pick-candidates"
                onPick={(f) => {
                  setCandidates(f);
                  picked();
                }}
              />
              <FilePick
                label="近亲属名单（可选）"
                file={relatives}
                testId="pick-relatives"
                onPick={(f) => {
                  setRelatives(f);
                  picked();
                }}
                onClear={() => {
                  setRelatives(null);
                  picked();
                }}
              />
              <Typography.Text type="secondary">近亲属可以填在模板的“近亲属”表里，也可以单独选一个文件，二选一。</Typography.Text>
            </Space>
          </Card>
        </Col>
      </Row>

      {candidates && !candidates.read.ok ? (
        <Alert type="error" showIcon style={{ marginTop: 16 }} message={candidates.read.message} />
      ) : null}
      {relatives && !relatives.read.ok ? <Alert type="error" showIcon style={{ marginTop: 16 }} message={relatives.read.message} /> : null}

      {candidates ? (
        <Card
          size="small"
          style={{ marginTop: 16 }}
          title="第三步：预览并校验"
          extra={
            <Button type="primary" icon={<SendOutlined />} loading={busy} disabled={!current} onClick={submit} data-testid="submit-batch">
              校验并提交
            </Button>
          }
        >
          {errors && errors.length > 0 ? (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="upload-errors"
              message={`文件中有 ${errors.length} 处错误，整批未提交`}
              description="错误的单元格已用红框标出，鼠标移到单元格上可看说明。请在 Excel 中逐项改正后，重新选择文件再提交。"
            />
          ) : errors && errors.length === 0 ? (
            <Alert type="success" showIcon icon={<CheckCircleOutlined />} message="校验通过，已提交" style={{ marginBottom: 12 }} />
          ) : (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              message="请核对下面的内容，然后点“校验并提交”"
              description="系统会逐行逐列校验。只要有一处错误，整批都不会提交，错误会在下表中标出。"
            />
          )}
          {refusal ? <Alert type="error" showIcon message={refusal} style={{ marginBottom: 12 }} data-testid="submit-refused" /> : null}
          <UploadPreview tables={tables} errors={errors ?? []} />
          {errors && errors.length > 0 ? (
            <>
              <Typography.Title level={5}>错误清单</Typography.Title>
              <ErrorList errors={errors} />
            </>
          ) : null}
        </Card>
      ) : null}
    </div>
  );
}
