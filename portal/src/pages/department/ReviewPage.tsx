import { ArrowLeftOutlined, ExclamationCircleOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App as AntApp,
  AutoComplete,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Divider,
  Form,
  Input,
  Modal,
  Radio,
  Row,
  Select,
  type SelectProps,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { type KeyboardEvent, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ApiError, getJson, postJson } from '../../api';
import { useSession } from '../../auth';
import { Loaded } from '../../components/Loaded';
import { assigneeText, ReassignPicker } from '../../components/ReassignPicker';
import { CorrectAnswer } from '../../components/ReviewChanges';
import { ExtensionPanel } from '../../components/ExtensionRequest';
import { HeldAnswerPanel, ReturnedNotice } from '../../components/SignOff';
import { actorText, formatTime, SOURCE_LABEL, VERDICT_LABEL } from '../../lib/labels';
import { useLoad } from '../../lib/useLoad';
import { withKeys } from '../../lib/keys';
import type { AnswerRequest, AnswerResponse, Finding, TaskCard } from '../../../../shared/api';

/** Enter in a field never sends the answer (a person presses it to finish typing); only the button does. */
function enterNeverSubmits(e: KeyboardEvent<HTMLFormElement>): void {
  const target = e.target;
  if (e.key !== 'Enter' || !(target instanceof HTMLElement)) return;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLButtonElement) return;
  e.preventDefault();
}

interface FindingForm {
  category?: string;
  startDate?: Dayjs | null;
  endDate?: Dayjs | null;
  status?: string;
  documentNumber?: string;
  note?: string;
}

interface AnswerForm {
  result: 'clear' | 'findings';
  findings?: FindingForm[];
  /** The department's record sources the reviewer searched (its review settings name them). */
  sourcesSearched?: string[];
}

function toFinding(f: FindingForm): Finding {
  const out: Finding = { category: f.category ?? '' };
  if (f.startDate) out.startDate = f.startDate.format('YYYY-MM-DD');
  if (f.endDate) out.endDate = f.endDate.format('YYYY-MM-DD');
  if (f.status?.trim()) out.status = f.status.trim();
  if (f.documentNumber?.trim()) out.documentNumber = f.documentNumber.trim();
  if (f.note?.trim()) out.note = f.note.trim();
  return out;
}

function findingKey(f: Finding): string {
  return [f.category, f.startDate, f.endDate, f.documentNumber].map((x) => x ?? '').join('|');
}

function FindingText({ f }: { f: Finding }) {
  const parts = [
    f.startDate ? `起始 ${f.startDate}` : null,
    f.endDate ? `终止 ${f.endDate}` : null,
    f.status ? `状态：${f.status}` : null,
    f.documentNumber ? `文号：${f.documentNumber}` : null,
    f.note ? `备注：${f.note}` : null,
  ].filter((p) => p !== null);
  return (
    <div>
      <b>{f.category}</b>
      {parts.length > 0 ? `（${parts.join('；')}）` : ''}
    </div>
  );
}

export function ReviewPage() {
  const { taskId = '' } = useParams();
  const [params] = useSearchParams();
  const session = useSession();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const state = useLoad(() => getJson<TaskCard>(`/reviews/${encodeURIComponent(taskId)}`), [taskId]);
  const [form] = Form.useForm<AnswerForm>();
  const result = Form.useWatch('result', form);
  const [pending, setPending] = useState<AnswerRequest | null>(null);
  const [busy, setBusy] = useState(false);
  const inboxUrl = `/reviews${params.get('department') ? `?department=${encodeURIComponent(params.get('department') ?? '')}` : ''}`;

  const send = async () => {
    if (!pending) return;
    setBusy(true);
    try {
      const sent = await postJson<AnswerResponse>(`/reviews/${encodeURIComponent(taskId)}/answer`, pending);
      message.success(sent.status === 'held' ? '答复已提交部门负责人审核，批准后生效' : '答复已提交');
      setPending(null);
      state.reload();
    } catch (e) {
      setPending(null);
      if (e instanceof ApiError && e.status === 409) Modal.error({ title: '答复未被采纳', content: e.message });
      else message.error(e instanceof Error ? e.message : '提交失败');
      state.reload();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Loaded state={state}>
      {(card) => {
        const { task, candidate, hints, answer } = card;
        const suggested = card.categories.filter((c) => c.suggested);
        const others = card.categories.filter((c) => !c.suggested);
        const categoryOptions: SelectProps['options'] =
          suggested.length > 0
            ? [
                { label: '本部门常见类别', options: suggested.map((c) => ({ value: c.label, label: `${c.label}（${c.group}）` })) },
                { label: '其他类别', options: others.map((c) => ({ value: c.label, label: `${c.label}（${c.group}）` })) },
              ]
            : card.categories.map((c) => ({ value: c.label, label: `${c.label}（${c.group}）` }));
        return (
          <div>
            <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
              <h1 className="page-title">
                审查人选：{candidate.name}
                <Typography.Text type="secondary" style={{ fontSize: 14, marginLeft: 12 }}>
                  {card.department.name}
                </Typography.Text>
              </h1>
              <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(inboxUrl)}>
                返回待办
              </Button>
            </Space>
            <Row gutter={16}>
              <Col span={10}>
                <Card size="small" title="人选信息" data-testid="candidate-card">
                  <Descriptions size="small" column={1} bordered>
                    <Descriptions.Item label="姓名">{candidate.name}</Descriptions.Item>
                    <Descriptions.Item label="身份证号">{candidate.idNumber}</Descriptions.Item>
                    <Descriptions.Item label="性别">{candidate.sex}</Descriptions.Item>
                    <Descriptions.Item label="出生年月">{candidate.birth}</Descriptions.Item>
                    <Descriptions.Item label="乡镇（街道）">{candidate.township}</Descriptions.Item>
                    <Descriptions.Item label="村（社区）">{candidate.village}</Descriptions.Item>
                    <Descriptions.Item label="拟任职务">{candidate.post}</Descriptions.Item>
                    <Descriptions.Item label="答复期限">
                      {task.deadlineText}{' '}
                      <Tag color={task.overdue ? 'error' : 'default'} data-testid="task-due">
                        {task.dueText}
                      </Tag>
                      {task.deadlineNote ? (
                        <Typography.Text type="warning" style={{ display: 'block' }}>
                          {task.deadlineNote}
                        </Typography.Text>
                      ) : null}
                    </Descriptions.Item>
                  </Descriptions>
                  <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                    只显示本部门审查所需的信息。近亲属和其他部门的答复不在此显示。
                  </Typography.Paragraph>
                </Card>
                <Card size="small" title="记录匹配提示" style={{ marginTop: 12 }} data-testid="match-hints">
                  {hints.length === 0 ? (
                    <Typography.Text type="secondary">本部门已上传的记录中没有与此人相关的提示。</Typography.Text>
                  ) : (
                    withKeys(hints, (h) => `${h.category}:${h.recordName}:${h.documentNumber ?? ''}`).map(({ key, item: h }) => (
                      <Alert
                        key={key}
                        type="warning"
                        showIcon
                        style={{ marginBottom: 8 }}
                        message={`身份证号相同，但姓名不同：记录中的姓名为“${h.recordName}”`}
                        description={`记录类别：${h.category}${h.documentNumber ? `；文号：${h.documentNumber}` : ''}。请核实是否为同一人，再作答复。`}
                      />
                    ))
                  )}
                </Card>
                <ReassignPicker task={task} me={session.username} onDone={state.reload} />
              </Col>
              <Col span={14}>
                <Card size="small" title="本部门答复">
                  {answer ? (
                    <Alert
                      type={answer.result === 'clear' ? 'success' : 'warning'}
                      showIcon
                      data-testid="answer-recorded"
                      message={`已答复：${VERDICT_LABEL[answer.result] ?? answer.result}`}
                      description={
                        <div>
                          {withKeys(answer.findings, findingKey).map(({ key, item: f }) => (
                            <FindingText key={key} f={f} />
                          ))}
                          <div>
                            {formatTime(answer.answeredAt)}，{actorText(answer.answeredBy, session)}
                            {answer.source ? `，${SOURCE_LABEL[answer.source] ?? answer.source}` : ''}
                            {answer.approvedBy ? `，经部门负责人审核（${actorText(answer.approvedBy, session)}）` : ''}
                            {answer.sourcesSearched && answer.sourcesSearched.length > 0
                              ? `；已查询：${answer.sourcesSearched.join('、')}`
                              : ''}
                          </div>
                        </div>
                      }
                    />
                  ) : null}
                  {answer && task.status === 'answered' ? <CorrectAnswer card={card} onDone={state.reload} /> : null}
                  {answer ? null : <HeldAnswerPanel card={card} onDone={state.reload} />}
                  {answer ? null : task.status === 'overdue' || task.lateAnswerAt ? (
                    <>
                      <Alert
                        type="error"
                        showIcon
                        message="已超过答复期限"
                        description={`该任务已逾期，联审已按“逾期未答复”处理。${task.lateAnswerAt ? `逾期答复已于 ${formatTime(task.lateAnswerAt)} 记录，但未被采纳。` : ''}确有正当理由的，可向组织部门申请延期。`}
                      />
                      {task.status === 'overdue' ? <ExtensionPanel taskId={task.taskId} /> : null}
                    </>
                  ) : task.assignee !== null && task.assignee !== session.username ? (
                    <Alert
                      type="info"
                      showIcon
                      data-testid="assigned-to-other"
                      message={`该任务已转交给 ${assigneeText(task)} 经办`}
                      description="转交后只有经办人可以答复。"
                    />
                  ) : card.held ? null : (
                    <Form<AnswerForm>
                      form={form}
                      onKeyDown={enterNeverSubmits}
                      data-testid="answer-form"
                      layout="vertical"
                      initialValues={{ result: 'clear', findings: [{}] }}
                      onFinish={(v) => {
                        const sourcesSearched = v.sourcesSearched ?? [];
                        setPending(
                          v.result === 'clear'
                            ? { result: 'clear', sourcesSearched }
                            : { result: 'findings', findings: (v.findings ?? []).map(toFinding), sourcesSearched },
                        );
                      }}
                    >
                      <ReturnedNotice card={card} />
                      {task.overdue ? (
                        <Alert
                          type="error"
                          showIcon
                          style={{ marginBottom: 12 }}
                          message="已超过答复期限，现在答复将被记录为逾期答复，不被采纳。"
                        />
                      ) : null}
                      <Form.Item name="result" label="查询结果">
                        <Radio.Group optionType="button" buttonStyle="solid">
                          <Radio value="clear" data-testid="result-clear">
                            无记录
                          </Radio>
                          <Radio value="findings" data-testid="result-findings">
                            有记录
                          </Radio>
                        </Radio.Group>
                      </Form.Item>
                      {result === 'findings' ? (
                        <Form.List name="findings">
                          {(fields, { add, remove }) => (
                            <>
                              {fields.map((field, i) => (
                                <Card
                                  key={field.key}
                                  size="small"
                                  type="inner"
                                  title={`记录 ${i + 1}`}
                                  style={{ marginBottom: 8 }}
                                  extra={fields.length > 1 ? <MinusCircleOutlined onClick={() => remove(field.name)} /> : null}
                                >
                                  <Row gutter={8}>
                                    <Col span={12}>
                                      <Form.Item
                                        name={[field.name, 'category']}
                                        label="记录类别"
                                        rules={[{ required: true, message: '请选择记录类别' }]}
                                      >
                                        <Select
                                          options={categoryOptions}
                                          placeholder="按本政策的类别选择"
                                          showSearch
                                          data-testid={`finding-category-${i}`}
                                        />
                                      </Form.Item>
                                    </Col>
                                    <Col span={12}>
                                      <Form.Item name={[field.name, 'documentNumber']} label="文号">
                                        <Input placeholder="如：定纪发〔2025〕12号" data-testid={`finding-doc-${i}`} />
                                      </Form.Item>
                                    </Col>
                                    <Col span={8}>
                                      <Form.Item
                                        name={[field.name, 'startDate']}
                                        label="起始日期"
                                        rules={[{ required: true, message: '请选择起始日期' }]}
                                      >
                                        <DatePicker style={{ width: '100%' }} data-testid={`finding-start-${i}`} />
                                      </Form.Item>
                                    </Col>
                                    <Col span={8}>
                                      <Form.Item
                                        name={[field.name, 'endDate']}
                                        label="终止日期"
                                        dependencies={[[field.name, 'startDate']]}
                                        rules={[
                                          ({ getFieldValue }) => ({
                                            validator: (_, value: Dayjs | null | undefined) => {
                                              const start = getFieldValue(['findings', field.name, 'startDate']) as
                                                | Dayjs
                                                | null
                                                | undefined;
                                              return value && start && value.isBefore(start, 'day')
                                                ? Promise.reject(new Error('终止日期不能早于起始日期'))
                                                : Promise.resolve();
                                            },
                                          }),
                                        ]}
                                      >
                                        <DatePicker
                                          style={{ width: '100%' }}
                                          placeholder="尚未终止可不填"
                                          data-testid={`finding-end-${i}`}
                                        />
                                      </Form.Item>
                                    </Col>
                                    <Col span={8}>
                                      <Form.Item noStyle shouldUpdate>
                                        {() => {
                                          const chosen = form.getFieldValue(['findings', field.name, 'category']) as string | undefined;
                                          const statuses = card.categories.find((c) => c.label === chosen)?.statuses ?? [];
                                          return (
                                            <Form.Item
                                              name={[field.name, 'status']}
                                              label="状态"
                                              tooltip="列表中是本政策对该类别规定的状态；记录上的状态不在列表中时照原样填写"
                                            >
                                              <AutoComplete
                                                options={statuses.map((v) => ({ value: v }))}
                                                placeholder={statuses.length > 0 ? '从列表中选择' : '本类别不按状态区分，可不填'}
                                                data-testid={`finding-status-${i}`}
                                              />
                                            </Form.Item>
                                          );
                                        }}
                                      </Form.Item>
                                    </Col>
                                    <Col span={24}>
                                      <Form.Item name={[field.name, 'note']} label="备注" style={{ marginBottom: 0 }}>
                                        <Input.TextArea rows={2} maxLength={500} data-testid={`finding-note-${i}`} />
                                      </Form.Item>
                                    </Col>
                                  </Row>
                                </Card>
                              ))}
                              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} block style={{ marginBottom: 12 }}>
                                再添加一条记录
                              </Button>
                            </>
                          )}
                        </Form.List>
                      ) : (
                        <Typography.Paragraph type="secondary">经查询本部门记录，未发现此人有相关记录。</Typography.Paragraph>
                      )}
                      {(card.review?.sources.length ?? 0) > 0 ? (
                        <Form.Item
                          name="sourcesSearched"
                          label="已查询的记录来源"
                          tooltip="本部门在审查设置中列出的记录来源；请勾选本次实际查询过的"
                          rules={[{ required: true, type: 'array', min: 1, message: '请勾选本次已查询的记录来源' }]}
                        >
                          <Checkbox.Group options={card.review?.sources ?? []} data-testid="sources-searched" />
                        </Form.Item>
                      ) : null}
                      <Divider style={{ margin: '12px 0' }} />
                      <Button type="primary" htmlType="submit" data-testid="submit-answer">
                        提交答复
                      </Button>
                    </Form>
                  )}
                </Card>
              </Col>
            </Row>
            <Modal
              open={pending !== null}
              title={
                <Space>
                  <ExclamationCircleOutlined style={{ color: '#faad14' }} />
                  请确认答复
                </Space>
              }
              okText="确认提交"
              cancelText="返回修改"
              okButtonProps={{ loading: busy, 'data-testid': 'confirm-answer' }}
              onOk={send}
              onCancel={() => setPending(null)}
            >
              <Typography.Paragraph>
                人选：<b>{candidate.name}</b>（{candidate.village}，{candidate.post}）
              </Typography.Paragraph>
              {pending?.result === 'findings' ? (
                <>
                  <Typography.Paragraph>
                    答复：<Tag color="warning">有记录</Tag>共 {pending.findings.length} 条
                  </Typography.Paragraph>
                  {withKeys(pending.findings, findingKey).map(({ key, item: f }) => (
                    <FindingText key={key} f={f} />
                  ))}
                </>
              ) : (
                <Typography.Paragraph>
                  答复：<Tag color="success">无记录</Tag>经查本部门无此人相关记录
                </Typography.Paragraph>
              )}
              {pending?.result === 'findings' && card.review?.signOff ? (
                <Alert
                  type="info"
                  showIcon
                  style={{ marginTop: 12 }}
                  message="本部门已开启负责人审核：“有记录”的答复提交后须经部门负责人批准才生效。"
                />
              ) : null}
              <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
                答复提交后不能修改，系统将记录答复人（{session.displayName}）和时间。
              </Typography.Paragraph>
            </Modal>
          </div>
        );
      }}
    </Loaded>
  );
}
