// One campaign's set-up: its settings, the schedule with the dates computed on the official
// calendar (Beijing, in Chinese), each department's deadline in working days, and the 行政区划 list.
// Once batches exist only the schedule changes and the list only grows; the page says so.
import { CalendarOutlined, CheckCircleOutlined, LockOutlined, SaveOutlined } from '@ant-design/icons';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError, fileToBase64, getJson, postJson, putJson } from '../../api';
import { useCampaigns } from '../../components/campaigns';
import type { PickedFile } from '../../components/FilePick';
import { Loaded } from '../../components/Loaded';
import { beijingTime } from '../../lib/labels';
import { useLoad } from '../../lib/useLoad';
import type {
  CampaignDetail,
  ImportErrorBody,
  ScheduleView,
  UpdateCampaignRequest,
  UpdateCampaignResponse,
  UploadUnitsResponse,
} from '../../../../shared/api';
import { importErrorsOf, TownshipTable, UnitsUpload } from './campaignForms';

type Department = ScheduleView['departments'][number];

function Warnings({ schedule }: { schedule: ScheduleView }) {
  return (
    <>
      {schedule.assumedNote ? (
        <Alert
          type="warning"
          showIcon
          icon={<CalendarOutlined />}
          style={{ marginBottom: 12 }}
          data-testid="assumed-note"
          message={schedule.assumedNote}
          description={
            <span>
              涉及这些年份的日期和部门答复时限都按周一至周五为工作日计算。国务院公布放假安排后，请到<Link to="/holidays">放假安排</Link>
              页面录入。
            </span>
          }
        />
      ) : null}
      {schedule.warnings.map((w) => (
        <Alert key={w} type="warning" showIcon message={w} style={{ marginBottom: 12 }} />
      ))}
    </>
  );
}

interface SettingsForm {
  name: string;
  jurisdiction: string;
  electionDate: Dayjs;
  party: Dayjs | null;
  committee: Dayjs | null;
  supervision: Dayjs | null;
}

const iso = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);
const asDay = (s: string | null) => (s ? dayjs(s) : null);

function SettingsCard({ detail, onSaved }: { detail: CampaignDetail; onSaved: (d: UpdateCampaignResponse) => void }) {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<SettingsForm>();
  const [busy, setBusy] = useState(false);
  const c = detail.campaign;
  const save = async (v: SettingsForm) => {
    setBusy(true);
    try {
      const body: UpdateCampaignRequest = {
        revision: detail.revision,
        name: v.name,
        jurisdiction: v.jurisdiction,
        electionDate: iso(v.electionDate) ?? c.electionDate,
        rounds: { party: iso(v.party), committee: iso(v.committee), supervision: iso(v.supervision) },
      };
      const saved = await putJson<UpdateCampaignResponse>(`/campaigns/${encodeURIComponent(c.id)}`, body);
      message.success(saved.changed ? '已保存' : '没有修改');
      onSaved(saved);
    } catch (e) {
      message.error(e instanceof Error ? e.message : '保存失败');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title="基本信息" style={{ marginBottom: 12 }}>
      <Form<SettingsForm>
        form={form}
        layout="vertical"
        disabled={detail.locked}
        onFinish={save}
        initialValues={{
          name: c.name,
          jurisdiction: c.jurisdiction,
          electionDate: dayjs(c.electionDate),
          party: asDay(detail.rounds.party),
          committee: asDay(detail.rounds.committee),
          supervision: asDay(detail.rounds.supervision),
        }}
      >
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="name" label="名称" rules={[{ required: true }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="jurisdiction" label="适用地区" rules={[{ required: true }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="政策">
              <Input value={c.policy ? `${c.policy.id} ${c.policy.version}（${c.policy.name}）` : c.policyId} disabled />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="electionDate" label="选举日" rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="party" label="党组织选举日">
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="committee" label="村(居)民委员会选举日">
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="supervision" label="村(居)务监督委员会选举日">
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Space>
          <Button htmlType="submit" icon={<SaveOutlined />} loading={busy}>
            保存基本信息
          </Button>
          <Typography.Text type="secondary">年龄计算基准日：{c.referenceDate}</Typography.Text>
        </Space>
      </Form>
    </Card>
  );
}

function ScheduleCard({ detail, onSaved }: { detail: CampaignDetail; onSaved: (d: UpdateCampaignResponse) => void }) {
  const { message } = AntApp.useApp();
  const s = detail.schedule;
  const [dueBefore, setDueBefore] = useState<number>(s.settings.resultsDueDaysBefore);
  const [publicityDays, setPublicityDays] = useState<number>(s.settings.publicityDays);
  const [publicityStart, setPublicityStart] = useState<Dayjs | null>(asDay(s.settings.publicityStart));
  const [days, setDays] = useState<Record<string, number>>(s.settings.departmentDays);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    try {
      const saved = await putJson<UpdateCampaignResponse>(`/campaigns/${encodeURIComponent(detail.campaign.id)}`, {
        revision: detail.revision,
        schedule: { resultsDueDaysBefore: dueBefore, publicityDays, publicityStart: iso(publicityStart), departmentDays: days },
      } satisfies UpdateCampaignRequest);
      message.success(saved.changed ? '时间安排已保存，日期已按新设置重新计算' : '没有修改');
      onSaved(saved);
    } catch (e) {
      message.error(e instanceof Error ? e.message : '保存失败');
    } finally {
      setBusy(false);
    }
  };
  const policyDays = (d: Department) => (d.source === 'policy' ? d.workingDays : undefined);
  return (
    <Card
      size="small"
      title="时间安排"
      style={{ marginBottom: 12 }}
      extra={
        <Button type="primary" icon={<SaveOutlined />} onClick={save} loading={busy} data-testid="save-schedule">
          保存时间安排
        </Button>
      }
    >
      <Descriptions size="small" column={2} bordered style={{ marginBottom: 12 }} data-testid="schedule-dates">
        {s.electionDays.map((e) => (
          <Descriptions.Item key={e.label} label={e.label}>
            {e.text}
          </Descriptions.Item>
        ))}
        <Descriptions.Item label="联审结果报送截止">
          <Space>
            <span data-testid="results-due">{s.resultsDue.text}</span>
            <Tag>{s.resultsDue.rule}</Tag>
            {s.resultsDue.working ? null : <Tag color="orange">休息日</Tag>}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label="公示期">
          {s.publicity.start && s.publicity.end ? (
            <span data-testid="publicity">
              {s.publicity.start.text} 至 {s.publicity.end.text}（{s.publicity.rule}）
            </span>
          ) : (
            <Typography.Text type="secondary">{s.publicity.rule}，自公示之日起计算（尚未设定公示日期）</Typography.Text>
          )}
        </Descriptions.Item>
      </Descriptions>
      <Space wrap style={{ marginBottom: 12 }}>
        <span>联审结果报送：选举日前</span>
        <InputNumber min={0} max={60} value={dueBefore} onChange={(v) => setDueBefore(v ?? 5)} data-testid="results-due-days" />
        <span>日；公示</span>
        <InputNumber min={1} max={30} value={publicityDays} onChange={(v) => setPublicityDays(v ?? 3)} />
        <span>个工作日，自</span>
        <DatePicker value={publicityStart} onChange={setPublicityStart} placeholder="公示开始日期" />
        <span>起</span>
      </Space>
      <Table<Department>
        size="small"
        rowKey="code"
        dataSource={s.departments}
        pagination={false}
        scroll={{ y: 360 }}
        data-testid="department-deadlines"
        columns={[
          { title: '部门', dataIndex: 'name', width: 190 },
          { title: '答复方式', width: 80, render: (_, d) => (d.mode === 'auto' ? '自动比对' : '人工审查') },
          {
            title: '时限（工作日）',
            width: 130,
            render: (_, d) => (
              <InputNumber
                min={1}
                max={60}
                size="small"
                value={days[d.code] ?? policyDays(d) ?? d.workingDays}
                onChange={(v) => {
                  const next = { ...days };
                  if (v === null || v === policyDays(d)) delete next[d.code];
                  else next[d.code] = v;
                  setDays(next);
                }}
                data-testid={`days-${d.code}`}
              />
            ),
          },
          {
            title: '来源',
            width: 90,
            render: (_, d) => (d.source === 'campaign' ? <Tag color="blue">本次设置</Tag> : <Tag>政策默认</Tag>),
          },
          {
            title: '今天发出则截止（北京时间）',
            width: 230,
            render: (_, d) => (
              <Space size={4} wrap>
                <span data-testid={`due-${d.code}`}>{d.ifSentNow.dueText}</span>
                {d.ifSentNow.note ? (
                  <Tooltip title={d.ifSentNow.note}>
                    <Tag color="gold">按周一至周五计算</Tag>
                  </Tooltip>
                ) : null}
              </Space>
            ),
          },
          { title: '规则', render: (_, d) => <Typography.Text type="secondary">{d.rule}</Typography.Text> },
        ]}
      />
    </Card>
  );
}

function UnitsCard({ detail, onChanged }: { detail: CampaignDetail; onChanged: () => void }) {
  const { message } = AntApp.useApp();
  const [file, setFile] = useState<PickedFile | null>(null);
  const [mode, setMode] = useState<'replace' | 'add'>(detail.locked ? 'add' : 'replace');
  const [errors, setErrors] = useState<ImportErrorBody[]>([]);
  const [check, setCheck] = useState<UploadUnitsResponse | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setRefusal(null);
    try {
      const r = await postJson<UploadUnitsResponse>(`/campaigns/${encodeURIComponent(detail.campaign.id)}/units`, {
        file: { filename: file.filename, contentBase64: fileToBase64(file.bytes) },
        mode,
        dryRun,
      });
      setErrors([]);
      setCheck(r);
      if (!dryRun) {
        message.success(r.applied ? '行政区划名单已更新' : '名单没有变化');
        setFile(null);
        setCheck(null);
        onChanged();
      }
    } catch (e) {
      const rows = importErrorsOf(e);
      if (rows) setErrors(rows);
      else setRefusal(e instanceof ApiError || e instanceof Error ? e.message : '上传失败');
      setCheck(null);
    } finally {
      setBusy(false);
    }
  };
  const ch = check?.changes;
  return (
    <Card
      size="small"
      title={`行政区划名单（${detail.units.townships} 个乡镇（街道），${detail.units.villages} 个村（社区））`}
      style={{ marginBottom: 12 }}
    >
      <TownshipTable townships={detail.townships} />
      <Card type="inner" size="small" title="上传新名单" style={{ marginTop: 12 }}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Radio.Group value={mode} onChange={(e) => setMode(e.target.value === 'add' ? 'add' : 'replace')}>
            <Radio value="replace">替换：文件即完整名单</Radio>
            <Radio value="add">追加：只新增文件中的乡镇（街道）和村（社区）</Radio>
          </Radio.Group>
          {detail.locked ? (
            <Alert
              type="info"
              showIcon
              icon={<LockOutlined />}
              message="已有批次提交：名单只能新增；已登记的乡镇代码和村（社区）类型不能修改，已有候选人的乡镇（街道）、村（社区）不能删除。"
            />
          ) : null}
          <UnitsUpload
            file={file}
            errors={errors}
            onPick={(f) => {
              setFile(f);
              setErrors([]);
              setCheck(null);
              setRefusal(null);
            }}
          />
          {refusal ? <Alert type="error" showIcon message={refusal} data-testid="units-refusal" /> : null}
          {ch ? (
            <Alert
              type="info"
              showIcon
              data-testid="units-changes"
              message="校验通过，上传后名单将这样变化："
              description={
                <ul style={{ margin: 0, paddingLeft: 18 }}>
                  <li>新增乡镇（街道）：{ch.addedTownships.map((t) => `${t.name}（代码 ${t.code}）`).join('、') || '无'}</li>
                  <li>新增村（社区）：{ch.addedVillages.map((v) => `${v.township}${v.name}（${v.kind}）`).join('、') || '无'}</li>
                  <li>删除：{ch.removed.map((r) => r.text).join('、') || '无'}</li>
                  <li>
                    修改：
                    {ch.changed
                      .map((c) => `${c.township}${c.village ?? ''}的${c.what === 'code' ? '代码' : '类型'}由“${c.from}”改为“${c.to}”`)
                      .join('、') || '无'}
                  </li>
                </ul>
              }
            />
          ) : null}
          {file ? (
            <Space>
              <Button onClick={() => send(true)} loading={busy} data-testid="check-units">
                校验并预览变化
              </Button>
              <Button
                type="primary"
                icon={<CheckCircleOutlined />}
                disabled={!check}
                onClick={() => send(false)}
                loading={busy}
                data-testid="apply-units"
              >
                确认更新名单
              </Button>
            </Space>
          ) : null}
        </Space>
      </Card>
    </Card>
  );
}

export function CampaignSetupPage() {
  const { id = '' } = useParams();
  const { remember } = useCampaigns();
  const state = useLoad(() => getJson<CampaignDetail>(`/campaigns/${encodeURIComponent(id)}`), [id]);
  const saved = (d: UpdateCampaignResponse) => {
    remember(d.campaign);
    state.reload();
  };
  return (
    <Loaded state={state}>
      {(detail) => (
        <div key={`${detail.campaign.id}-${detail.revision}`}>
          <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
            <h1 className="page-title" data-testid="campaign-title">
              换届设置：{detail.campaign.name}
            </h1>
            <Space>
              {detail.locked ? (
                <Tag icon={<LockOutlined />} color="orange" data-testid="campaign-locked">
                  已有 {detail.batches} 个批次：只能调整时间安排、新增乡镇（街道）和村（社区）
                </Tag>
              ) : (
                <Tag color="green">尚无批次：可修改全部设置</Tag>
              )}
              <Typography.Text type="secondary">
                {detail.updatedAt ? `最近修改 ${beijingTime(detail.updatedAt)}` : `设立于 ${beijingTime(detail.campaign.createdAt)}`}
              </Typography.Text>
            </Space>
          </Space>
          <Warnings schedule={detail.schedule} />
          <SettingsCard detail={detail} onSaved={saved} />
          <ScheduleCard detail={detail} onSaved={saved} />
          <UnitsCard detail={detail} onChanged={state.reload} />
        </div>
      )}
    </Loaded>
  );
}
