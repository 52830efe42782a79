// The organization department's campaigns: the list, and setting up a new one (name, policy,
// election days, the 行政区划 list with its preview, the schedule's rules). The computed dates and
// each department's deadline are on the campaign's own page once it exists.
import { PlusOutlined, SettingOutlined } from '@ant-design/icons';
import {
  Alert,
  App as AntApp,
  AutoComplete,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Row,
  Space,
  Table,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError, fileToBase64, postJson } from '../../api';
import { useCampaigns } from '../../components/campaigns';
import type { PickedFile } from '../../components/FilePick';
import { beijingTime } from '../../lib/labels';
import type { CampaignResponse, CampaignView, CreateCampaignRequest, ImportErrorBody } from '../../../../shared/api';
import { importErrorsOf, UnitsUpload, usePolicyChoices } from './campaignForms';

export function CampaignsPage() {
  const { campaigns, loading } = useCampaigns();
  const navigate = useNavigate();
  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
        <h1 className="page-title">换届设置</h1>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/campaigns/new')} data-testid="new-campaign">
          新建换届工作
        </Button>
      </Space>
      <Table<CampaignView>
        rowKey="id"
        loading={loading}
        dataSource={campaigns}
        pagination={false}
        locale={{ emptyText: '尚未设立换届工作' }}
        columns={[
          { title: '名称', render: (_, c) => <Link to={`/campaigns/${encodeURIComponent(c.id)}`}>{c.name}</Link> },
          { title: '编号', dataIndex: 'id', width: 200 },
          { title: '政策', width: 160, render: (_, c) => (c.policy ? `${c.policy.id} ${c.policy.version}` : c.policyId) },
          { title: '选举日', dataIndex: 'electionDate', width: 120 },
          { title: '乡镇（街道）', width: 110, render: (_, c) => c.townships.length },
          { title: '设立时间', width: 150, render: (_, c) => beijingTime(c.createdAt) },
          {
            title: '',
            width: 90,
            render: (_, c) => (
              <Button size="small" icon={<SettingOutlined />} onClick={() => navigate(`/campaigns/${encodeURIComponent(c.id)}`)}>
                设置
              </Button>
            ),
          },
        ]}
      />
    </div>
  );
}

interface NewCampaignForm {
  id: string;
  name: string;
  jurisdiction: string;
  policyId: string;
  electionDate: Dayjs;
  party?: Dayjs | null;
  committee?: Dayjs | null;
  supervision?: Dayjs | null;
  resultsDueDaysBefore: number;
  publicityDays: number;
}

/** Fields a 400 may name that the form shows in place. */
const FORM_FIELDS = ['id', 'name', 'jurisdiction', 'policyId', 'electionDate'] as const;

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

export function NewCampaignPage() {
  const { remember } = useCampaigns();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const policies = usePolicyChoices();
  const [form] = Form.useForm<NewCampaignForm>();
  const [units, setUnits] = useState<PickedFile | null>(null);
  const [errors, setErrors] = useState<ImportErrorBody[]>([]);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: NewCampaignForm) => {
    setBusy(true);
    setRefusal(null);
    const rounds = { party: day(v.party), committee: day(v.committee), supervision: day(v.supervision) };
    const body: CreateCampaignRequest = {
      id: v.id.trim(),
      name: v.name,
      jurisdiction: v.jurisdiction,
      policyId: v.policyId.trim(),
      electionDate: day(v.electionDate) ?? '',
      ...(Object.values(rounds).some((d) => d !== undefined) ? { rounds } : {}),
      schedule: { resultsDueDaysBefore: v.resultsDueDaysBefore, publicityDays: v.publicityDays },
      ...(units ? { units: { filename: units.filename, contentBase64: fileToBase64(units.bytes) } } : {}),
    };
    try {
      const created = await postJson<CampaignResponse>('/campaigns', body);
      setErrors([]);
      remember(created.campaign);
      message.success(`已设立换届工作：${created.campaign.name}`);
      navigate(`/campaigns/${encodeURIComponent(created.campaign.id)}`);
    } catch (e) {
      const rows = importErrorsOf(e);
      if (rows) setErrors(rows);
      else if (e instanceof ApiError && e.status === 400) {
        const field = FORM_FIELDS.find((f) => isRecord(e.body) && e.body['field'] === f);
        if (field !== undefined) form.setFields([{ name: field, errors: [e.message] }]);
        setRefusal(e.message);
      } else setRefusal(e instanceof Error ? e.message : '创建失败');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <h1 className="page-title">新建换届工作</h1>
      <Form<NewCampaignForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ resultsDueDaysBefore: 5, publicityDays: 3 }}
        data-testid="new-campaign-form"
      >
        <Card size="small" title="基本信息" style={{ marginBottom: 12 }}>
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item
                name="name"
                label="名称"
                rules={[{ required: true, message: '请填写名称' }]}
                extra="如：某某县2027年村（社区）“两委”换届资格联审"
              >
                <Input maxLength={100} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item
                name="id"
                label="编号"
                rules={[
                  { required: true, message: '请填写编号' },
                  { pattern: /^[A-Za-z0-9-]{1,64}$/, message: '只能用英文字母、数字和“-”' },
                ]}
                extra="用于链接和导出文件，如 county-2027"
              >
                <Input maxLength={64} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="jurisdiction" label="适用地区" rules={[{ required: true, message: '请填写适用地区' }]}>
                <Input maxLength={100} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="policyId" label="政策（负面清单）" rules={[{ required: true, message: '请选择政策' }]}>
                <AutoComplete
                  options={policies}
                  placeholder="选择或输入政策编号，如 dinghai-2017"
                  filterOption={(input, option) => (option?.label ?? '').includes(input)}
                  data-testid="policy-select"
                />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item
                name="electionDate"
                label="选举日"
                rules={[{ required: true, message: '请选择选举日' }]}
                extra="年龄等资格条件按选举日计算"
              >
                <DatePicker style={{ width: '100%' }} data-testid="election-date" />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Text type="secondary">各组织另行选举时填写（可不填）：联审结果须在最早的选举日之前报送。</Typography.Text>
          <Row gutter={16} style={{ marginTop: 8 }}>
            <Col span={8}>
              <Form.Item name="party" label="党组织选举日">
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="committee" label="村(居)民委员会选举日">
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="supervision" label="村(居)务监督委员会选举日">
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card size="small" title="时间安排" style={{ marginBottom: 12 }}>
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name="resultsDueDaysBefore" label="联审结果报送：选举日前（日）" extra="文件常见写法“选举日5日前”">
                <InputNumber min={0} max={60} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="publicityDays" label="公示天数（工作日）">
                <InputNumber min={1} max={30} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Text type="secondary">
            各部门答复时限默认取政策所定的工作日数，创建后可在本换届工作的设置页逐个调整，并查看按国务院放假安排算出的日期。
          </Typography.Text>
        </Card>
        <Card size="small" title="行政区划名单（乡镇（街道）及所辖村、社区）" style={{ marginBottom: 12 }}>
          <UnitsUpload
            file={units}
            errors={errors}
            onPick={(f) => {
              setUnits(f);
              setErrors([]);
            }}
            onClear={() => {
              setUnits(null);
              setErrors([]);
            }}
          />
          {units ? null : (
            <Alert
              style={{ marginTop: 8 }}
              type="warning"
              showIcon
              message="尚未选择名单：没有名单的换届工作不核对乡镇（街道）和村（社区），村（社区）类型未知。也可以创建后再上传。"
            />
          )}
        </Card>
        {refusal ? <Alert type="error" showIcon message={refusal} style={{ marginBottom: 12 }} data-testid="create-refusal" /> : null}
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="create-campaign">
            校验并创建
          </Button>
          <Button onClick={() => navigate('/campaigns')}>取消</Button>
        </Space>
      </Form>
    </div>
  );
}
