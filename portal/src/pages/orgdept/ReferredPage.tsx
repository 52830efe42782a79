import { AuditOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Form, Input, Modal, Radio, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { postJson, getJson } from '../../api';
import { CampaignPageHeader, useCampaigns } from '../../components/campaigns';
import { Loaded } from '../../components/Loaded';
import { StatusTag } from '../../components/StatusTag';
import { formatTime } from '../../lib/labels';
import { useLoad } from '../../lib/useLoad';
import { withKeys } from '../../lib/keys';
import type { DecisionView, ReferredCandidate, ReferredList, RulingRequest, RulingResponse } from '../../../../shared/api';

interface RulingForm {
  outcome: 'uphold' | 'disqualify';
  justification: string;
}

function Reasons({ d }: { d: DecisionView }) {
  return (
    <div className="reasons">
      {withKeys(d.reasons, (r) => r.text).map(({ key, item: r }) => (
        <div key={key}>
          <Typography.Text type={r.severity === 'bar' ? 'danger' : 'warning'}>{r.text}</Typography.Text>
        </div>
      ))}
      {d.unansweredText ? (
        <div>
          <Typography.Text type="secondary">{d.unansweredText}</Typography.Text>
        </div>
      ) : null}
      {withKeys(d.warnings, (w) => `w:${w.text}`).map(({ key, item: w }) => (
        <div key={key}>
          <Typography.Text type="secondary">提示：{w.text}</Typography.Text>
        </div>
      ))}
    </div>
  );
}

export function ReferredPage() {
  const { current } = useCampaigns();
  const { message } = AntApp.useApp();
  const state = useLoad(
    () =>
      current
        ? getJson<ReferredList>(`/campaigns/${encodeURIComponent(current.id)}/referred`)
        : Promise.reject(new Error('尚未创建换届工作')),
    [current?.id],
  );
  const [ruling, setRuling] = useState<ReferredCandidate | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<RulingForm>();

  const submit = async (v: RulingForm) => {
    if (!ruling) return;
    setBusy(true);
    try {
      const body: RulingRequest = { outcome: v.outcome, justification: v.justification.trim() };
      const r = await postJson<RulingResponse>(`/candidates/${encodeURIComponent(ruling.candidateId)}/ruling`, body);
      message.success(`已研判：${ruling.name ?? ''} ${r.statusLabel}`);
      setRuling(null);
      form.resetFields();
      state.reload();
    } catch (e) {
      message.error(e instanceof Error ? e.message : '研判失败');
    } finally {
      setBusy(false);
    }
  };

  const base = [
    { title: '姓名', width: 80, render: (_: unknown, r: ReferredCandidate) => <span data-candidate={r.name ?? ''}>{r.name ?? '—'}</span> },
    { title: '村（社区）', width: 130, render: (_: unknown, r: ReferredCandidate) => `${r.township ?? ''} ${r.village ?? ''}` },
    { title: '拟任职务', width: 120, render: (_: unknown, r: ReferredCandidate) => r.post ?? '—' },
    { title: '身份证号', width: 170, render: (_: unknown, r: ReferredCandidate) => r.idNumberMasked ?? '—' },
  ];

  return (
    <div>
      <CampaignPageHeader title="待研判人选" onReload={state.reload} />
      <Loaded state={state}>
        {(q) => (
          <Card size="small">
            <Tabs
              items={[
                {
                  key: 'pending',
                  label: `待研判（${q.pending.length}）`,
                  children: (
                    <Table<ReferredCandidate>
                      rowKey="candidateId"
                      size="small"
                      bordered
                      dataSource={q.pending}
                      pagination={{ pageSize: 8, hideOnSinglePage: true }}
                      locale={{ emptyText: '没有待研判的人选' }}
                      data-testid="referred-table"
                      columns={[
                        ...base,
                        { title: '需研判的情形（依据）', render: (_, r) => <Reasons d={r.decision} /> },
                        {
                          title: '操作',
                          width: 110,
                          render: (_, r) => (
                            <Space>
                              <Button
                                type="primary"
                                size="small"
                                onClick={() => setRuling(r)}
                                data-testid={`rule-${r.name ?? r.candidateId}`}
                              >
                                研判
                              </Button>
                              <Link to={`/audit/${encodeURIComponent(r.candidateId)}`} title="审计记录">
                                <AuditOutlined />
                              </Link>
                            </Space>
                          ),
                        },
                      ]}
                    />
                  ),
                },
                {
                  key: 'ruled',
                  label: `已研判（${q.ruled.length}）`,
                  children: (
                    <Table<ReferredCandidate>
                      rowKey="candidateId"
                      size="small"
                      bordered
                      dataSource={q.ruled}
                      pagination={{ pageSize: 8, hideOnSinglePage: true }}
                      locale={{ emptyText: '还没有研判过的人选' }}
                      columns={[
                        ...base,
                        {
                          title: '结论',
                          width: 110,
                          render: (_, r) => <StatusTag status={r.decision.finalStatus} label={r.decision.statusLabel} />,
                        },
                        {
                          title: '研判意见',
                          render: (_, r) =>
                            r.decision.ruling ? (
                              <div data-ruling={r.name ?? r.candidateId}>
                                <Tag color={r.decision.ruling.inEffect ? 'blue' : 'default'}>{r.decision.ruling.effectText}</Tag>
                                {r.decision.ruling.justification}
                                <div>
                                  <Typography.Text type="secondary">{formatTime(r.decision.ruling.ruledAt)}</Typography.Text>
                                </div>
                                {r.decision.unansweredText ? (
                                  <div>
                                    <Typography.Text type="warning">{r.decision.unansweredText}</Typography.Text>
                                  </div>
                                ) : null}
                              </div>
                            ) : null,
                        },
                      ]}
                    />
                  ),
                },
              ]}
            />
          </Card>
        )}
      </Loaded>
      <Modal
        open={ruling !== null}
        title={`研判：${ruling?.name ?? ''}`}
        okText="确认研判"
        cancelText="取消"
        width={640}
        okButtonProps={{ loading: busy, 'data-testid': 'confirm-ruling' }}
        onOk={() => form.submit()}
        onCancel={() => {
          setRuling(null);
          form.resetFields();
        }}
        destroyOnHidden
      >
        {ruling ? (
          <>
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              message="需研判的情形"
              description={<Reasons d={ruling.decision} />}
            />
            {ruling.awaitingAnswers ? (
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 12 }}
                data-testid="ruling-waits"
                message="研判结果待全部部门答复后生效"
                description={`${ruling.decision.unansweredText}。在此之前该人选仍为“未完成”，不列入公示名单。`}
              />
            ) : null}
            <Form<RulingForm> form={form} layout="vertical" onFinish={submit} initialValues={{ outcome: 'uphold' }}>
              <Form.Item name="outcome" label="研判结果" rules={[{ required: true }]}>
                <Radio.Group>
                  <Radio value="uphold" data-testid="ruling-uphold">
                    维持提名（通过）
                  </Radio>
                  <Radio value="disqualify" data-testid="ruling-disqualify">
                    取消资格（不通过）
                  </Radio>
                </Radio.Group>
              </Form.Item>
              <Form.Item
                name="justification"
                label="研判意见（必填，写明依据和理由）"
                rules={[
                  { required: true, message: '请填写研判意见' },
                  { min: 5, message: '研判意见至少 5 个字，请写明依据和理由' },
                  { whitespace: true, message: '请填写研判意见' },
                ]}
              >
                <Input.TextArea
                  rows={4}
                  maxLength={2000}
                  showCount
                  placeholder="如：经核实，该违章建筑已于……整改完毕，经集体研究，同意维持提名。"
                  data-testid="ruling-justification"
                />
              </Form.Item>
            </Form>
          </>
        ) : null}
      </Modal>
    </div>
  );
}
