// The holiday calendar every deadline is counted on: the State Council's 放假安排 of each year
// (days off and 调休 working weekends), entered by the organization department as soon as a notice is
// published. A year without one is counted Monday–Friday, and the page says where that touches the
// current campaign.
import { CalendarOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Collapse, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { fileToBase64, getJson, putJson } from '../../api';
import { useCampaigns } from '../../components/campaigns';
import { FilePick, type PickedFile } from '../../components/FilePick';
import { Loaded } from '../../components/Loaded';
import { ErrorList, UploadPreview, type PreviewTable } from '../../components/UploadPreview';
import { beijingTime } from '../../lib/labels';
import { useLoad } from '../../lib/useLoad';
import type { CampaignDetail, HolidayList, HolidayYearView, ImportErrorBody, PutHolidaysResponse } from '../../../../shared/api';
import { importErrorsOf } from './campaignForms';

const SHEET = '放假安排';

/** `version` changes when a year was entered, so the warning is read again. */
function CampaignWarning({ version }: { version: number }) {
  const { current } = useCampaigns();
  const state = useLoad(
    () => (current ? getJson<CampaignDetail>(`/campaigns/${encodeURIComponent(current.id)}`) : Promise.resolve(null)),
    [current?.id, version],
  );
  const s = state.data?.schedule;
  if (!current || !s || s.assumedYears.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      icon={<CalendarOutlined />}
      style={{ marginBottom: 12 }}
      data-testid="campaign-years-missing"
      message={`换届工作“${current.name}”的日期落在尚未录入放假安排的年份：${s.assumedYears.map((y) => `${y}年`).join('、')}`}
      description={
        <span>
          {s.assumedNote}。联审结果报送截止日为 {s.resultsDue.text}。
          <Link to={`/campaigns/${encodeURIComponent(current.id)}`}>查看时间安排</Link>
        </span>
      }
    />
  );
}

function YearTable({ year }: { year: HolidayYearView }) {
  return (
    <Table
      size="small"
      rowKey={(r) => `${r.kind}${r.from}`}
      dataSource={year.ranges}
      pagination={false}
      columns={[
        {
          title: '类型',
          width: 90,
          render: (_, r) => <Tag color={r.kind === '放假' ? 'red' : 'blue'}>{r.kind === '放假' ? '放假' : '调休上班'}</Tag>,
        },
        { title: '日期', width: 220, dataIndex: 'text' },
        { title: '说明', render: (_, r) => r.note ?? '' },
      ]}
    />
  );
}

function UploadYear({ missing, onDone }: { missing: number[]; onDone: () => void }) {
  const { message } = AntApp.useApp();
  const [year, setYear] = useState<number>(missing[0] ?? new Date().getFullYear() + 1);
  const [source, setSource] = useState('');
  const [file, setFile] = useState<PickedFile | null>(null);
  const [errors, setErrors] = useState<ImportErrorBody[]>([]);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const tables = useMemo<PreviewTable[]>(() => {
    if (!file?.read.ok) return [];
    const sheet = file.read.sheets.find((s) => s.name.trim() === SHEET) ?? file.read.sheets[0];
    return sheet ? [{ title: SHEET, filename: file.filename, rows: sheet.rows }] : [];
  }, [file]);
  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setRefusal(null);
    try {
      const r = await putJson<PutHolidaysResponse>(`/holidays/${year}`, {
        source,
        file: { filename: file.filename, contentBase64: fileToBase64(file.bytes) },
      });
      setErrors([]);
      setFile(null);
      message.success(
        r.changed
          ? `已录入${year}年放假安排：放假 ${r.year.holidays.length} 天，调休上班 ${r.year.workdays.length} 天`
          : '与已录入的安排相同，未作修改',
      );
      onDone();
    } catch (e) {
      const rows = importErrorsOf(e);
      if (rows) setErrors(rows);
      else setRefusal(e instanceof Error ? e.message : '上传失败');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title="录入或更新一年的放假安排" style={{ marginBottom: 12 }}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">
          按国务院办公厅的通知逐日填写：每天一行，列为“日期”“类型”“说明”。类型填“放假”（含假期中的周末）或“上班”（调休上班的周六、周日）；说明可填节日名称。可保存为
          .xlsx 或 CSV。上传后整年替换原有安排，并记入审计记录。
        </Typography.Text>
        <Space wrap>
          <span>年份</span>
          <InputNumber min={2000} max={2100} value={year} onChange={(v) => setYear(v ?? year)} data-testid="holiday-year" />
          <Input
            style={{ width: 480 }}
            placeholder="通知名称和文号，如：国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕X号）"
            value={source}
            onChange={(e) => setSource(e.target.value)}
            data-testid="holiday-source"
          />
          <FilePick
            label="放假安排文件"
            file={file}
            testId="pick-holidays"
            onPick={(f) => {
              setFile(f);
              setErrors([]);
              setRefusal(null);
            }}
          />
        </Space>
        {file && !file.read.ok ? <Alert type="error" showIcon message={file.read.message} /> : null}
        {errors.length > 0 ? (
          <Alert type="error" showIcon message={`文件中有 ${errors.length} 处错误，未作任何修改`} data-testid="holiday-errors" />
        ) : null}
        {refusal ? <Alert type="error" showIcon message={refusal} /> : null}
        {file ? <UploadPreview tables={tables} errors={errors} /> : null}
        {errors.length > 0 ? <ErrorList errors={errors} /> : null}
        {file ? (
          <Button
            type="primary"
            icon={<SendOutlined />}
            onClick={upload}
            loading={busy}
            disabled={source.trim() === ''}
            data-testid="upload-holidays"
          >
            校验并录入
          </Button>
        ) : null}
      </Space>
    </Card>
  );
}

export function HolidaysPage() {
  const state = useLoad(() => getJson<HolidayList>('/holidays'), []);
  const [version, setVersion] = useState(0);
  const entered = () => {
    state.reload();
    setVersion((v) => v + 1);
  };
  return (
    <div>
      <h1 className="page-title">放假安排</h1>
      <CampaignWarning version={version} />
      <Loaded state={state}>
        {(list) => (
          <div>
            {list.missing.length > 0 ? (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 12 }}
                data-testid="years-missing"
                message={`尚未录入 ${list.missing.map((y) => `${y}年`).join('、')}的放假安排`}
                description="在录入之前，这些年份的部门答复时限和公示期按周一至周五为工作日计算，并在各处注明。"
              />
            ) : null}
            <UploadYear missing={list.missing} onDone={entered} />
            <Collapse
              data-testid="holiday-years"
              defaultActiveKey={list.years.length > 0 ? [String(list.years[list.years.length - 1]?.year)] : []}
              items={[...list.years].reverse().map((y) => ({
                key: String(y.year),
                label: (
                  <Space wrap>
                    <b>{y.year}年</b>
                    <span>{y.source}</span>
                    <Tag>
                      放假 {y.holidays.length} 天 · 调休上班 {y.workdays.length} 天
                    </Tag>
                    {y.builtIn ? <Tag color="default">系统内置</Tag> : <Tag color="blue">已录入 {beijingTime(y.updatedAt)}</Tag>}
                  </Space>
                ),
                children: <YearTable year={y} />,
              }))}
            />
          </div>
        )}
      </Loaded>
    </div>
  );
}
