import { CheckCircleOutlined, DownloadOutlined, FileSearchOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Checkbox, Col, Row, Space, Steps, Table, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError, download, fileUpload, idempotencyKey, postJson } from '../../api';
import { CampaignPicker, useCampaigns } from '../../components/campaigns';
import { FilePick, type PickedFile } from '../../components/FilePick';
import { ErrorList, UploadPreview, type PreviewTable } from '../../components/UploadPreview';
import type { Sheet } from '../../lib/sheet';
import type { BatchCheck, CorrectionView, FileUpload, ImportErrorBody, SubmitBatchResponse } from '../../../../shared/api';

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
  const [check, setCheck] = useState<BatchCheck | null>(null);
  // A draft waits for the township's first review (乡镇初审); a post-election batch holds write-in winners.
  const [asDraft, setAsDraft] = useState(false);
  const [postElection, setPostElection] = useState(false);
  const tables = useMemo(() => batchTables(candidates, relatives), [candidates, relatives]);

  const picked = () => {
    setErrors(null);
    setRefusal(null);
    setCheck(null);
  };

  // A large file is put to an upload ticket once; the check and the submission both name it.
  const uploaded = useRef(new Map<Uint8Array, Promise<FileUpload>>());
  const fileOf = (f: PickedFile) => {
    let upload = uploaded.current.get(f.bytes);
    if (upload === undefined) {
      upload = fileUpload(f.filename, f.bytes);
      upload.catch(() => uploaded.current.delete(f.bytes));
      uploaded.current.set(f.bytes, upload);
    }
    return upload;
  };
  const uploadBody = async () =>
    candidates && current
      ? {
          campaignId: current.id,
          candidates: await fileOf(candidates),
          ...(relatives ? { relatives: await fileOf(relatives) } : {}),
          ...(asDraft ? { draft: true } : {}),
          ...(postElection ? { kind: 'post-election' as const } : {}),
        }
      : undefined;

  /** Step one: the server validates the files and says what it would submit; nothing is stored. */
  const validate = async () => {
    if (!candidates || !current) return;
    setBusy(true);
    setRefusal(null);
    setCheck(null);
    try {
      setCheck(await postJson<BatchCheck>('/batches/check', await uploadBody()));
      setErrors([]);
    } catch (e) {
      if (e instanceof ApiError && e.status === 422 && e.importErrors.length > 0) setErrors(e.importErrors);
      else setRefusal(e instanceof Error ? e.message : '校验失败');
    } finally {
      setBusy(false);
    }
  };

  const submit = async () => {
    if (!candidates || !current) return;
    setBusy(true);
    setRefusal(null);
    try {
      const key = await idempotencyKey([
        current.id,
        candidates.bytes,
        relatives?.bytes ?? '',
        asDraft ? 'draft' : '',
        postElection ? 'post-election' : '',
      ]);
      const result = await postJson<SubmitBatchResponse>('/batches', await uploadBody(), { 'Idempotency-Key': key });
      message.success(
        result.replayed
          ? `该文件此前已提交（${result.candidates} 人），已为您打开该批次`
          : `提交成功：共 ${result.candidates} 名人选进入联审`,
      );
      navigate(`/batches/${encodeURIComponent(result.batchId)}${asDraft ? '/first-review' : ''}`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 422 && e.importErrors.length > 0) setErrors(e.importErrors);
      else setRefusal(e instanceof Error ? e.message : '提交失败');
    } finally {
      setBusy(false);
    }
  };

  const step = check ? 3 : candidates ? 2 : 1;
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
        items={[{ title: '下载模板' }, { title: '选择填好的文件' }, { title: '校验' }, { title: '确认提交' }]}
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
          title="第三步：校验，再确认提交"
          extra={
            <Space>
              <Checkbox checked={asDraft} onChange={(e) => setAsDraft(e.target.checked)}>
                先存为草稿（乡镇初审后再报送）
              </Checkbox>
              <Checkbox
                checked={postElection}
                onChange={(e) => {
                  setPostElection(e.target.checked);
                  setCheck(null);
                }}
              >
                选后另选他人当选人员
              </Checkbox>
              <Button
                type={check ? 'default' : 'primary'}
                icon={<FileSearchOutlined />}
                loading={busy && !check}
                disabled={!current || busy}
                onClick={validate}
                data-testid="validate-batch"
              >
                校验
              </Button>
              {check ? (
                <Button type="primary" icon={<SendOutlined />} loading={busy} onClick={submit} data-testid="submit-batch">
                  确认提交（{check.candidates} 人）
                </Button>
              ) : null}
            </Space>
          }
        >
          {errors && errors.length > 0 ? (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="upload-errors"
              message={`文件中有 ${errors.length} 处错误，整批未提交`}
              description="错误的单元格已用红框标出，鼠标移到单元格上可看说明。请在 Excel 中逐项改正后，重新选择文件再校验。"
            />
          ) : check ? (
            <Alert
              type="success"
              showIcon
              icon={<CheckCircleOutlined />}
              style={{ marginBottom: 12 }}
              data-testid="check-passed"
              message={`校验通过：共 ${check.candidates} 名人选${check.relatives > 0 ? `、${check.relatives} 名近亲属` : ''}，尚未提交`}
              description={
                <span>
                  确认无误后点“确认提交（{check.candidates} 人）”，将提交为 <b data-testid="batch-name">{check.name}</b>。
                </span>
              }
            />
          ) : (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              message="请核对下面的内容，然后点“校验”"
              description="系统会逐行逐列校验，这一步不会提交。只要有一处错误，整批都不能提交，错误会在下表中标出。"
            />
          )}
          {check && check.corrections.length > 0 ? <Corrections corrections={check.corrections} /> : null}
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

/** Quoted, spaces kept: a trimmed space must be visible in 原内容. */
const quoted = (v: string) => <span style={{ whiteSpace: 'pre' }}>「{v}」</span>;

/** What the import cleaned up on its own: shown so a person can see nothing else changed. */
function Corrections({ corrections }: { corrections: CorrectionView[] }) {
  return (
    <div data-testid="auto-corrections" style={{ marginBottom: 12 }}>
      <Typography.Text strong>已自动更正 {corrections.length} 处</Typography.Text>
      <Typography.Text type="secondary">（不影响提交，请核对）</Typography.Text>
      <Table<CorrectionView & { key: number }>
        size="small"
        style={{ marginTop: 4 }}
        rowKey="key"
        dataSource={corrections.map((c, i) => ({ ...c, key: i }))}
        pagination={{ pageSize: 5, hideOnSinglePage: true, showSizeChanger: false }}
        columns={[
          { title: '表', dataIndex: 'sheet', width: 80 },
          { title: '行', dataIndex: 'row', width: 56 },
          { title: '列', dataIndex: 'column', width: 110 },
          { title: '原内容', dataIndex: 'from', render: quoted },
          { title: '更正为', dataIndex: 'to', render: quoted },
          { title: '说明', dataIndex: 'reason' },
        ]}
      />
    </div>
  );
}
