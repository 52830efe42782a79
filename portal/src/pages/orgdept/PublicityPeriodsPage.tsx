import { App as AntApp, Button, Card, Checkbox, DatePicker, Form, Input, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { postJson, getJson } from '../../api';
import { CampaignPageHeader, useCampaigns } from '../../components/campaigns';
import { Loaded } from '../../components/Loaded';
import { beijingTime } from '../../lib/labels';
import { useLoad } from '../../lib/useLoad';
import type {
  ObjectionOutcomeRequest,
  ObjectionOutcomeResponse,
  ObjectionRequest,
  ObjectionResponse,
  OpenPublicityRequest,
  OpenPublicityResponse,
  PeriodView,
  PublicityList,
} from '../../../../shared/api';

type CandidateRow = PeriodView['candidates'][number];
type ObjectionRow = CandidateRow['objections'][number];

const STATUS_COLOR: Record<string, string> = {
  scheduled: 'default',
  open: 'blue',
  pending: 'orange',
  final: 'green',
  in_publicity: 'blue',
  objection_open: 'orange',
  rechecking: 'gold',
  removed: 'red',
};

const CHANNELS = [
  { value: 'letter', label: '来信' },
  { value: 'visit', label: '来访' },
  { value: 'phone', label: '来电' },
  { value: 'online', label: '网络' },
  { value: 'other', label: '其他' },
];

interface OpenForm {
  township?: string;
  startDate?: Dayjs;
}
interface ObjectionForm {
  anonymous: boolean;
  name?: string;
  contact?: string;
  channel: ObjectionRequest['channel'];
  content: string;
}
interface OutcomeForm {
  checked: string;
  result: 'unfounded' | 'founded';
  action?: 'recheck' | 'ruling';
  department?: string;
}

/** 公示: open a period for cleared candidates, see each period's dates and status, record objections and their outcomes. */
export function PublicityPeriodsPage() {
  const { current } = useCampaigns();
  const { message } = AntApp.useApp();
  const id = current?.id ?? '';
  const state = useLoad(
    () =>
      current ? getJson<PublicityList>(`/campaigns/${encodeURIComponent(id)}/publicity`) : Promise.reject(new Error('尚未创建换届工作')),
    [id],
  );
  const [objectionFor, setObjectionFor] = useState<CandidateRow | undefined>();
  const [outcomeFor, setOutcomeFor] = useState<{ candidate: CandidateRow; objection: ObjectionRow } | undefined>();
  const [openForm] = Form.useForm<OpenForm>();
  const [objectionForm] = Form.useForm<ObjectionForm>();
  const [outcomeForm] = Form.useForm<OutcomeForm>();
  const result = Form.useWatch('result', outcomeForm);
  const action = Form.useWatch('action', outcomeForm);
  const anonymous = Form.useWatch('anonymous', objectionForm);

  const openPeriod = async (values: OpenForm) => {
    const body: OpenPublicityRequest = {
      ...(values.township === undefined ? {} : { township: values.township }),
      ...(values.startDate === undefined ? {} : { startDate: values.startDate.format('YYYY-MM-DD') }),
    };
    try {
      const { period } = await postJson<OpenPublicityResponse>(`/campaigns/${encodeURIComponent(id)}/publicity`, body);
      message.success(`已开始公示 ${period.periodId}：${period.startText}至${period.endText}，${period.candidateIds.length} 名人选`);
      openForm.resetFields();
      state.reload();
    } catch (e) {
      message.error(e instanceof Error ? e.message : '开始公示失败');
    }
  };

  const recordObjection = async () => {
    if (objectionFor === undefined) return;
    const v = await objectionForm.validateFields();
    const body: ObjectionRequest = {
      reporter: v.anonymous ? null : { name: v.name ?? '', ...(v.contact ? { contact: v.contact } : {}) },
      channel: v.channel,
      content: v.content,
    };
    try {
      const { objection } = await postJson<ObjectionResponse>(
        `/candidates/${encodeURIComponent(objectionFor.candidateId)}/objections`,
        body,
      );
      message.success(`已登记 ${objectionFor.name} 的第 ${objection.seq} 件异议`);
      setObjectionFor(undefined);
      objectionForm.resetFields();
      state.reload();
    } catch (e) {
      message.error(e instanceof Error ? e.message : '登记异议失败');
    }
  };

  const recordOutcome = async () => {
    if (outcomeFor === undefined) return;
    const v = await outcomeForm.validateFields();
    const body: ObjectionOutcomeRequest = {
      checked: v.checked,
      result: v.result,
      ...(v.result === 'founded' && v.action !== undefined ? { action: v.action } : {}),
      ...(v.result === 'founded' && v.action === 'recheck' && v.department !== undefined ? { department: v.department } : {}),
    };
    const { candidate, objection } = outcomeFor;
    try {
      const r = await postJson<ObjectionOutcomeResponse>(
        `/candidates/${encodeURIComponent(candidate.candidateId)}/objections/${objection.seq}/outcome`,
        body,
      );
      message.success(`${candidate.name} 第 ${objection.seq} 件异议：${r.objection.statusLabel}`);
      setOutcomeFor(undefined);
      outcomeForm.resetFields();
      state.reload();
    } catch (e) {
      message.error(e instanceof Error ? e.message : '记录核查结果失败');
    }
  };

  return (
    <div>
      <CampaignPageHeader title="公示与异议" onReload={state.reload} />
      <Card title="开始公示" style={{ marginBottom: 16 }}>
        <Form form={openForm} layout="inline" onFinish={openPeriod}>
          <Form.Item name="township" label="范围">
            <Select
              allowClear
              placeholder="全部乡镇（街道）"
              style={{ width: 200 }}
              options={(current?.townships ?? []).map((t) => ({ value: t.code, label: t.name }))}
            />
          </Form.Item>
          <Form.Item name="startDate" label="开始日期">
            <DatePicker placeholder="今天" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" data-testid="open-publicity">
              开始公示（联审通过且尚未公示的人选）
            </Button>
          </Form.Item>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          公示天数按换届设置计工作日（节假日按放假安排顺延）；开始日期为休息日的，从下一个工作日起算。
        </Typography.Paragraph>
      </Card>
      <Loaded state={state}>
        {(list) =>
          list.periods.length === 0 ? (
            <Typography.Text type="secondary">尚未开始公示。</Typography.Text>
          ) : (
            <Space direction="vertical" style={{ width: '100%' }}>
              {list.periods.map((p) => (
                <Card
                  key={p.periodId}
                  data-testid={`period-${p.periodId}`}
                  title={`${p.periodId} 公示时间：${p.startText}至${p.endText}（${p.days} 个工作日）`}
                  extra={<Tag color={STATUS_COLOR[p.status]}>{p.statusLabel}</Tag>}
                >
                  <Table<CandidateRow>
                    rowKey="candidateId"
                    size="small"
                    pagination={false}
                    dataSource={p.candidates}
                    columns={[
                      { title: '乡镇(街道)', dataIndex: 'township' },
                      { title: '村(社区)', dataIndex: 'village' },
                      { title: '姓名', dataIndex: 'name' },
                      { title: '拟任职务', dataIndex: 'post' },
                      { title: '状态', render: (_, c) => <Tag color={STATUS_COLOR[c.status]}>{c.statusLabel}</Tag> },
                      {
                        title: '异议',
                        render: (_, c) => (
                          <Space direction="vertical" size={2}>
                            {c.objections.map((o) => (
                              <Space key={o.seq} size={4}>
                                <span>
                                  第 {o.seq} 件（{o.reporter === null ? '匿名' : o.reporter.name}，{beijingTime(o.receivedAt)} 收到）：
                                  {o.statusLabel}
                                </span>
                                {o.status === 'open' ? (
                                  <Button size="small" onClick={() => setOutcomeFor({ candidate: c, objection: o })}>
                                    核查结果
                                  </Button>
                                ) : null}
                              </Space>
                            ))}
                          </Space>
                        ),
                      },
                      {
                        title: '操作',
                        render: (_, c) =>
                          p.status === 'open' ? (
                            <Button size="small" onClick={() => setObjectionFor(c)} data-testid={`object-${c.candidateId}`}>
                              登记异议
                            </Button>
                          ) : null,
                      },
                    ]}
                  />
                </Card>
              ))}
            </Space>
          )
        }
      </Loaded>
      <Modal
        title={`登记异议：${objectionFor?.name ?? ''}`}
        open={objectionFor !== undefined}
        onOk={recordObjection}
        onCancel={() => setObjectionFor(undefined)}
        okText="登记"
        destroyOnHidden
      >
        <Form form={objectionForm} layout="vertical" initialValues={{ anonymous: false, channel: 'letter' }}>
          <Form.Item name="anonymous" valuePropName="checked">
            <Checkbox>匿名反映</Checkbox>
          </Form.Item>
          {anonymous ? null : (
            <>
              <Form.Item name="name" label="反映人" rules={[{ required: true, message: '请填写反映人，或选择匿名' }]}>
                <Input maxLength={50} />
              </Form.Item>
              <Form.Item name="contact" label="联系方式">
                <Input maxLength={100} />
              </Form.Item>
            </>
          )}
          <Form.Item name="channel" label="收到方式">
            <Select options={CHANNELS} />
          </Form.Item>
          <Form.Item name="content" label="反映的问题" rules={[{ required: true, min: 5, message: '请填写反映的问题（至少 5 个字）' }]}>
            <Input.TextArea rows={4} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        title={`异议核查结果：${outcomeFor?.candidate.name ?? ''} 第 ${outcomeFor?.objection.seq ?? ''} 件`}
        open={outcomeFor !== undefined}
        onOk={recordOutcome}
        onCancel={() => setOutcomeFor(undefined)}
        okText="提交"
        destroyOnHidden
      >
        <Typography.Paragraph>{outcomeFor?.objection.content}</Typography.Paragraph>
        <Form form={outcomeForm} layout="vertical" initialValues={{ result: 'unfounded' }}>
          <Form.Item name="checked" label="核查情况" rules={[{ required: true, min: 5, message: '请填写核查情况（至少 5 个字）' }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item name="result" label="核查结论">
            <Radio.Group
              options={[
                { value: 'unfounded', label: '不属实' },
                { value: 'founded', label: '属实' },
              ]}
            />
          </Form.Item>
          {result === 'founded' ? (
            <Form.Item name="action" label="处理" rules={[{ required: true, message: '请选择发回重审或取消资格' }]}>
              <Radio.Group
                options={[
                  { value: 'recheck', label: '发回部门重审' },
                  { value: 'ruling', label: '取消资格（不予确定）' },
                ]}
              />
            </Form.Item>
          ) : null}
          {result === 'founded' && action === 'recheck' ? (
            <Form.Item name="department" label="重审部门" rules={[{ required: true, message: '请选择部门' }]}>
              <Select options={(current?.policy?.departments ?? []).map((d) => ({ value: d.code, label: d.name }))} />
            </Form.Item>
          ) : null}
        </Form>
      </Modal>
    </div>
  );
}
