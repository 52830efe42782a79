import { AuditOutlined } from '@ant-design/icons';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { postJson, getJson } from '../../api';
import { CampaignPageHeader, useCampaigns } from '../../components/campaigns';
import { Loaded } from '../../components/Loaded';
import { StatusTag } from '../../components/StatusTag';
import { formatTime } from '../../lib/labels';
import { useLoad } from '../../lib/useLoad';
import { withKeys } from '../../lib/keys';
import type {
  DecisionView,
  ReferredCandidate,
  ReferredList,
  RulingRequest,
  RulingResponse,
  RulingRevisionRequest,
  RulingRevisionResponse,
} from '../../../../shared/api';

interface RulingForm {
  outcome: 'uphold' | 'disqualify';
  justification: string;
  /** Only when revising. */
  reason?: string;
}

const OUTCOME_TEXT: Record<RulingForm['outcome'], string> = { uphold: '维持提名（通过）', disqualify: '取消资格（不通过）' };

type SortKey = 'township' | 'batch' | 'reason';

/** The referred items a candidate is on the list for (the concerns, and rules on the dossier itself). */
function reasonsOf(r: ReferredCandidate): string[] {
  return [...new Set(r.decision.reasons.filter((x) => x.severity === 'concern').map((x) => x.category))];
}

/** What the ruling will do, in plain words, for the confirm step. */
function consequence(r: ReferredCandidate, outcome: RulingForm['outcome']): string {
  const name = r.name ?? '该人选';
  if (r.awaitingAnswers) {
    return `${name}仍有部门未答复：研判结果先存档，待全部部门答复后生效；在此之前仍为“未完成”，不列入公示名单。`;
  }
  return outcome === 'uphold'
    ? `${name}的联审结论将为“通过”，可以提名，列入公示名单。`
    : `${name}的联审结论将为“不通过”，不得提名，不列入公示名单。`;
}

interface Filters {
  township?: string;
  batch?: string;
  reason?: string;
  sort: SortKey;
}

function applied(list: ReferredCandidate[], f: Filters): ReferredCandidate[] {
  const key = (r: ReferredCandidate) =>
    f.sort === 'township'
      ? `${r.township ?? ''} ${r.village ?? ''}`
      : f.sort === 'batch'
        ? (r.batchName ?? r.batchId)
        : (reasonsOf(r)[0] ?? '');
  return list
    .filter(
      (r) =>
        (f.township === undefined || r.township === f.township) &&
        (f.batch === undefined || r.batchId === f.batch) &&
        (f.reason === undefined || reasonsOf(r).includes(f.reason)),
    )
    .sort((a, b) => key(a).localeCompare(key(b), 'zh') || (a.name ?? '').localeCompare(b.name ?? '', 'zh'));
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
  const [ruling, setRuling] = useState<{ who: ReferredCandidate; revise: boolean } | null>(null);
  // The ruling as filled in, waiting for the confirm step.
  const [pendingRuling, setPendingRuling] = useState<RulingForm | null>(null);
  const [busy, setBusy] = useState(false);
  const [filters, setFilters] = useState<Filters>({ sort: 'township' });
  const [form] = Form.useForm<RulingForm>();

  const close = () => {
    setRuling(null);
    setPendingRuling(null);
    form.resetFields();
  };

  const submit = async (v: RulingForm) => {
    if (!ruling) return;
    setBusy(true);
    const id = encodeURIComponent(ruling.who.candidateId);
    try {
      if (ruling.revise) {
        const body: RulingRevisionRequest = { outcome: v.outcome, justification: v.justification.trim(), reason: (v.reason ?? '').trim() };
        const r = await postJson<RulingRevisionResponse>(`/candidates/${id}/ruling/revision`, body);
        message.success(`已修改研判：${ruling.who.name ?? ''} ${r.statusLabel}（第 ${r.decisionVersion} 版结论）`);
      } else {
        const body: RulingRequest = { outcome: v.outcome, justification: v.justification.trim() };
        const r = await postJson<RulingResponse>(`/candidates/${id}/ruling`, body);
        message.success(`已研判：${ruling.who.name ?? ''} ${r.statusLabel}`);
      }
      close();
      state.reload();
    } catch (e) {
      message.error(e instanceof Error ? e.message : '研判失败');
      setPendingRuling(null);
    } finally {
      setBusy(false);
    }
  };

  const base = [
    { title: '姓名', width: 80, render: (_: unknown, r: ReferredCandidate) => <span data-candidate={r.name ?? ''}>{r.name ?? '—'}</span> },
    { title: '村（社区）', width: 130, render: (_: unknown, r: ReferredCandidate) => `${r.township ?? ''} ${r.village ?? ''}` },
    {
      title: '批次',
      width: 130,
      // The township is in the column before: the batch by its number and day.
      render: (_: unknown, r: ReferredCandidate) => (
        <span style={{ whiteSpace: 'nowrap' }}>{(r.batchName ?? '—').replace(`${r.township ?? ''} `, '')}</span>
      ),
    },
    { title: '拟任职务', width: 120, render: (_: unknown, r: ReferredCandidate) => r.post ?? '—' },
  ];
  const idColumn = { title: '身份证号', width: 160, render: (_: unknown, r: ReferredCandidate) => r.idNumberMasked ?? '—' };

  return (
    <div>
      <CampaignPageHeader title="待研判人选" onReload={state.reload} />
      <Loaded state={state}>
        {(q) => (
          <ReferredTables
            q={q}
            filters={filters}
            setFilters={setFilters}
            base={base}
            idColumn={idColumn}
            onRule={(who, revise) => {
              // The form's store outlives the modal: each opening starts from its own values.
              form.setFieldsValue({
                outcome: revise && who.decision.ruling?.outcome === 'uphold' ? 'disqualify' : 'uphold',
                justification: undefined,
                reason: undefined,
              });
              setRuling({ who, revise });
            }}
          />
        )}
      </Loaded>
      <Modal
        open={ruling !== null}
        title={`${ruling?.revise ? '修改研判' : '研判'}：${ruling?.who.name ?? ''}${pendingRuling ? '（请确认）' : ''}`}
        okText={pendingRuling ? (ruling?.revise ? '确认修改' : '确认研判') : '下一步：核对'}
        cancelText={pendingRuling ? '返回修改' : '取消'}
        width={680}
        okButtonProps={{
          loading: busy,
          'data-testid': pendingRuling
            ? ruling?.revise
              ? 'confirm-revision'
              : 'confirm-ruling'
            : ruling?.revise
              ? 'review-revision'
              : 'review-ruling',
        }}
        onOk={() => (pendingRuling ? submit(pendingRuling) : form.submit())}
        onCancel={() => (pendingRuling ? setPendingRuling(null) : close())}
        destroyOnHidden
      >
        {ruling ? (
          <>
            {pendingRuling ? (
              <div data-testid="ruling-confirm">
                <Alert
                  type={pendingRuling.outcome === 'disqualify' ? 'error' : 'success'}
                  showIcon
                  style={{ marginBottom: 12 }}
                  message={`${ruling.revise ? '修改为' : '研判结果'}：${OUTCOME_TEXT[pendingRuling.outcome]}`}
                  description={<span data-testid="ruling-consequence">{consequence(ruling.who, pendingRuling.outcome)}</span>}
                />
                <Descriptions size="small" column={1} bordered>
                  <Descriptions.Item label="人选">
                    {ruling.who.name}（{ruling.who.township} {ruling.who.village}，{ruling.who.post}）
                  </Descriptions.Item>
                  {ruling.revise && ruling.who.decision.ruling ? (
                    <Descriptions.Item label="原研判">{OUTCOME_TEXT[ruling.who.decision.ruling.outcome]}</Descriptions.Item>
                  ) : null}
                  <Descriptions.Item label="研判意见">{pendingRuling.justification}</Descriptions.Item>
                  {ruling.revise ? <Descriptions.Item label="修改理由">{pendingRuling.reason}</Descriptions.Item> : null}
                </Descriptions>
                <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
                  {ruling.revise
                    ? '确认后生成新一版联审结论，原研判和修改理由一并存档并写入审计记录；公示开始后不能再修改。'
                    : '确认后研判即作出，写入审计记录；公示开始前如有新情况，可以说明理由后修改。'}
                </Typography.Paragraph>
              </div>
            ) : null}
            <div style={pendingRuling ? { display: 'none' } : undefined}>
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 12 }}
                message="需研判的情形"
                description={<Reasons d={ruling.who.decision} />}
              />
              {ruling.who.awaitingAnswers ? (
                <Alert
                  type="info"
                  showIcon
                  style={{ marginBottom: 12 }}
                  data-testid="ruling-waits"
                  message="研判结果待全部部门答复后生效"
                  description={`${ruling.who.decision.unansweredText}。在此之前该人选仍为“未完成”，不列入公示名单。`}
                />
              ) : null}
              {ruling.revise && ruling.who.decision.ruling ? (
                <Alert
                  type="info"
                  style={{ marginBottom: 12 }}
                  message={`原研判：${OUTCOME_TEXT[ruling.who.decision.ruling.outcome]}（${formatTime(ruling.who.decision.ruling.ruledAt)}）`}
                  description={ruling.who.decision.ruling.justification}
                />
              ) : null}
              <Form<RulingForm>
                form={form}
                layout="vertical"
                onFinish={setPendingRuling}
                initialValues={{ outcome: ruling.revise && ruling.who.decision.ruling?.outcome === 'uphold' ? 'disqualify' : 'uphold' }}
              >
                <Form.Item name="outcome" label={ruling.revise ? '修改为' : '研判结果'} rules={[{ required: true }]}>
                  <Radio.Group>
                    <Radio value="uphold" data-testid="ruling-uphold">
                      {OUTCOME_TEXT.uphold}
                    </Radio>
                    <Radio value="disqualify" data-testid="ruling-disqualify">
                      {OUTCOME_TEXT.disqualify}
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
                {ruling.revise ? (
                  <Form.Item
                    name="reason"
                    label="修改理由（必填）"
                    rules={[
                      { required: true, message: '请填写修改理由' },
                      { min: 5, message: '修改理由至少 5 个字' },
                      { whitespace: true, message: '请填写修改理由' },
                    ]}
                  >
                    <Input.TextArea
                      rows={2}
                      maxLength={1000}
                      showCount
                      placeholder="如：乡镇（街道）报送了新的核查材料"
                      data-testid="revision-reason"
                    />
                  </Form.Item>
                ) : null}
              </Form>
            </div>
          </>
        ) : null}
      </Modal>
    </div>
  );
}

type Column = { title: string; width: number; render: (_: unknown, r: ReferredCandidate) => ReactNode };

function ReferredTables({
  q,
  filters,
  setFilters,
  base,
  idColumn,
  onRule,
}: {
  q: ReferredList;
  filters: Filters;
  setFilters: (f: Filters) => void;
  base: Column[];
  idColumn: Column;
  onRule: (who: ReferredCandidate, revise: boolean) => void;
}) {
  const all = useMemo(() => [...q.pending, ...q.ruled], [q]);
  const townships = [...new Set(all.map((r) => r.township).filter((t): t is string => t !== null))].sort((a, b) =>
    a.localeCompare(b, 'zh'),
  );
  const batches = [...new Map(all.map((r) => [r.batchId, r.batchName ?? r.batchId])).entries()];
  const reasons = [...new Set(all.flatMap(reasonsOf))].sort((a, b) => a.localeCompare(b, 'zh'));
  const pending = applied(q.pending, filters);
  const ruled = applied(q.ruled, filters);
  return (
    <Card size="small">
      <Space wrap style={{ marginBottom: 8 }} data-testid="referred-filters">
        <Select
          allowClear
          style={{ width: 150 }}
          placeholder="乡镇（街道）"
          value={filters.township}
          onChange={(v?: string) => setFilters({ ...filters, township: v })}
          options={townships.map((t) => ({ value: t, label: t }))}
          data-testid="referred-township"
        />
        <Select
          allowClear
          style={{ width: 230 }}
          placeholder="批次"
          value={filters.batch}
          onChange={(v?: string) => setFilters({ ...filters, batch: v })}
          options={batches.map(([value, label]) => ({ value, label }))}
          data-testid="referred-batch"
        />
        <Select
          allowClear
          style={{ width: 200 }}
          placeholder="需研判的情形"
          value={filters.reason}
          onChange={(v?: string) => setFilters({ ...filters, reason: v })}
          options={reasons.map((r) => ({ value: r, label: r }))}
          data-testid="referred-reason"
        />
        <Select<SortKey>
          style={{ width: 170 }}
          value={filters.sort}
          onChange={(v) => setFilters({ ...filters, sort: v })}
          options={[
            { value: 'township', label: '按乡镇（街道）排序' },
            { value: 'batch', label: '按批次排序' },
            { value: 'reason', label: '按情形排序' },
          ]}
          data-testid="referred-sort"
        />
      </Space>
      <Tabs
        items={[
          {
            key: 'pending',
            label: `待研判（${pending.length}）`,
            children: (
              <Table<ReferredCandidate>
                rowKey="candidateId"
                size="small"
                bordered
                dataSource={pending}
                pagination={{ pageSize: 8, hideOnSinglePage: true }}
                locale={{ emptyText: '没有待研判的人选' }}
                data-testid="referred-table"
                columns={[
                  ...base,
                  idColumn,
                  { title: '需研判的情形（依据）', render: (_, r) => <Reasons d={r.decision} /> },
                  {
                    title: '操作',
                    width: 90,
                    render: (_, r) => (
                      <Space>
                        <Button
                          type="primary"
                          size="small"
                          onClick={() => onRule(r, false)}
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
            label: `已研判（${ruled.length}）`,
            children: (
              <Table<ReferredCandidate>
                rowKey="candidateId"
                size="small"
                bordered
                dataSource={ruled}
                pagination={{ pageSize: 8, hideOnSinglePage: true }}
                locale={{ emptyText: '还没有研判过的人选' }}
                data-testid="ruled-table"
                columns={[
                  ...base,
                  {
                    title: '结论',
                    width: 90,
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
                            <Typography.Text type="secondary">
                              {formatTime(r.decision.ruling.ruledAt)}
                              {(r.revisions?.length ?? 0) > 0
                                ? `（已修改 ${r.revisions?.length} 次，第 ${r.decision.version} 版结论）`
                                : ''}
                            </Typography.Text>
                          </div>
                          {r.decision.unansweredText ? (
                            <div>
                              <Typography.Text type="warning">{r.decision.unansweredText}</Typography.Text>
                            </div>
                          ) : null}
                        </div>
                      ) : null,
                  },
                  {
                    title: '操作',
                    width: 100,
                    render: (_, r) =>
                      r.revisable ? (
                        <Button size="small" onClick={() => onRule(r, true)} data-testid={`revise-${r.name ?? r.candidateId}`}>
                          修改研判
                        </Button>
                      ) : (
                        <Typography.Text type="secondary">已定</Typography.Text>
                      ),
                  },
                ]}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}
