import { CheckSquareOutlined, DownloadOutlined, ReloadOutlined, WarningOutlined } from '@ant-design/icons';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Checkbox,
  Col,
  Empty,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { download, getJson, postJson } from '../../api';
import { useSession } from '../../auth';
import { departmentName, useCampaigns } from '../../components/campaigns';
import { useDepartment } from '../../components/departments';
import { Loaded } from '../../components/Loaded';
import { assigneeText } from '../../components/ReassignPicker';
import { actorText, formatTime } from '../../lib/labels';
import { useLoad } from '../../lib/useLoad';
import type { AttestRequest, AttestResponse, Inbox, InboxSort, TaskItem } from '../../../../shared/api';
import { ExtensionButton } from '../../components/ExtensionRequest';

/** Typed by the contract's literal: a different text would not compile. */
export const ATTESTATION_STATEMENT: AttestRequest['statement'] = '以上人员经查无记录';

function attestKey(department: string): string {
  return `lianshen.attestation.${department}`;
}

interface AttestationNote {
  department: string;
  statement: string;
  attestedByName: string;
  attestedAt: string;
  sha256: string;
  count: number;
}

/** The attestation this browser tab made last (kept for the tab's session only). */
function lastAttestation(department: string): AttestationNote | null {
  let v: unknown = null;
  try {
    v = JSON.parse(sessionStorage.getItem(attestKey(department)) ?? 'null');
  } catch {
    return null;
  }
  if (v === null || typeof v !== 'object') return null;
  const r = v as Record<string, unknown>;
  const str = (k: string) => (typeof r[k] === 'string' ? (r[k] as string) : null);
  const [dept, statement, by, at, sha] = [str('department'), str('statement'), str('attestedByName'), str('attestedAt'), str('sha256')];
  if (!dept || !statement || !by || !at || !sha || typeof r['count'] !== 'number') return null;
  return { department: dept, statement, attestedByName: by, attestedAt: at, sha256: sha, count: r['count'] };
}

const PAGE_SIZES = [10, 20, 50, 100];
const DEFAULT_PAGE_SIZE = 10;
/** The filters kept in the address, so a reload or a link back keeps them. */
const FILTER_KEYS = ['q', 'township', 'village', 'batch'] as const;

/** A row a bulk attestation may answer: no record-match hint, and not handed to another reviewer. */
function attestableRow(t: TaskItem, me: string): boolean {
  return t.hintCount === 0 && (t.assignee === null || t.assignee === me);
}

/**
 * What the search sends: a full ID number masked as the list shows it (330902********0826), so no
 * full number goes into the address bar, the browser's history or any access log of a URL.
 */
function searchText(raw: string): string {
  const id = raw
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s/g, '')
    .toUpperCase();
  return /^\d{17}[\dX]$/.test(id) ? `${id.slice(0, 6)}********${id.slice(-4)}` : raw.trim();
}

/** The inbox query of the address: the tab, the department, the filters, the sort and the page. */
function inboxPath(params: URLSearchParams, tab: string, code: string): string {
  const q = new URLSearchParams({ status: tab });
  // Always named when known: an orgdept account's department comes from the campaign, not the address.
  if (code) q.set('department', code);
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) q.set(k, v);
  }
  q.set('sort', params.get('sort') === 'deadline_desc' ? 'deadline_desc' : 'deadline_asc');
  q.set('page', params.get('page') ?? '1');
  q.set('pageSize', pageSizeOf(params));
  return `/reviews?${q.toString()}`;
}

function pageSizeOf(params: URLSearchParams): string {
  const asked = Number(params.get('pageSize'));
  return String(PAGE_SIZES.includes(asked) ? asked : DEFAULT_PAGE_SIZE);
}

function AnswerResultTag({ result }: { result: TaskItem['answerResult'] | null }) {
  if (result === 'findings') return <Tag color="red">有记录</Tag>;
  if (result === 'clear') return <Tag color="green">无记录</Tag>;
  if (result === 'declined') return <Tag>不属本部门</Tag>;
  return <Typography.Text type="secondary">—</Typography.Text>;
}

export function InboxPage() {
  const session = useSession();
  const { current } = useCampaigns();
  const { message } = AntApp.useApp();
  const { code, mine, choose } = useDepartment();
  const [params, setParams] = useSearchParams();
  const asked = (['open', 'answered', 'overdue'] as const).find((t) => t === params.get('status'));
  const tab = asked ?? 'open';
  const path = inboxPath(params, tab, code);
  const state = useLoad(() => getJson<Inbox>(path), [path]);
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [selected, setSelected] = useState<string[]>([]);
  const [exporting, setExporting] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [agreed, setAgreed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [attested, setAttested] = useState(() => lastAttestation(code));

  /** Changes the address (and so the list); any change but the page itself starts again at page 1. */
  const update = (changes: Record<string, string | null>, replace = false) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace });
  };
  const setTab = (t: string, replace = false) => {
    setSelected([]);
    update({ status: t }, replace);
  };
  const filtered = FILTER_KEYS.some((k) => params.get(k));

  // Opened without a tab in the address: the one that needs action (待答复, else 逾期, else 已答复).
  // Only on opening; emptying 待答复 by answering keeps the reviewer where they are.
  const counts = state.data?.counts;
  const opened = useRef(false);
  useEffect(() => {
    if (opened.current || counts === undefined) return;
    opened.current = true;
    if (asked !== undefined || counts.open > 0) return;
    const needed = counts.overdue > 0 ? 'overdue' : counts.answered > 0 ? 'answered' : undefined;
    if (needed !== undefined) setTab(needed, true);
  });

  const attest = async (eligible: string[]) => {
    if (eligible.length > 1000 && filtered) {
      message.error('一次最多承诺 1000 人，请缩小筛选范围或勾选人员后再承诺');
      return;
    }
    setBusy(true);
    try {
      const result = await postJson<AttestResponse>('/reviews/attest', {
        statement: ATTESTATION_STATEMENT,
        ...(code === '' ? {} : { department: code }),
        ...(eligible.length > 0 && eligible.length <= 1000 ? { taskIds: eligible } : {}),
      });
      const a = result.attestation;
      const record: AttestationNote = {
        department: a.department,
        statement: a.statement,
        attestedByName: a.attestedByName,
        attestedAt: a.attestedAt,
        sha256: a.sha256,
        count: result.answered.length,
      };
      sessionStorage.setItem(attestKey(code), JSON.stringify(record));
      setAttested(record);
      if (result.late.length > 0) message.warning(`${result.late.length} 人已超过答复期限：${result.lateMessage ?? ''}`);
      message.success(`已答复 ${result.answered.length} 人：经查无记录`);
      setConfirming(false);
      setAgreed(false);
      setSelected([]);
      state.reload();
    } catch (e) {
      message.error(e instanceof Error ? e.message : '提交失败');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Loaded state={state}>
      {(inbox) => {
        const items = inbox.items;
        const everyone = tab === 'open' ? inbox.attestable.tasks : [];
        const ticked = everyone.filter((t) => selected.includes(t.taskId));
        // Ticked rows, if any; else every matching task on every page.
        const covered = ticked.length > 0 ? ticked : everyone;
        const handedOn = ticked.length > 0 ? 0 : inbox.attestable.handedOn;
        const pages = Math.max(1, Math.ceil(inbox.total / inbox.pageSize));
        const township = params.get('township');
        const villageOptions = inbox.filters.villages.filter((v) => !township || v.township === township);
        const batchOptions = inbox.filters.batches.filter((b) => !township || b.township === township);
        const scopeText = ticked.length > 0 ? `勾选的 ${ticked.length} 人` : `全部 ${everyone.length} 人`;
        return (
          <div>
            <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
              <h1 className="page-title" data-testid="inbox-title">
                待办审查：{departmentName(current, inbox.department)}
              </h1>
              <Space>
                {mine.length > 1 ? (
                  <Select
                    value={code}
                    style={{ width: 220 }}
                    onChange={choose}
                    options={mine.map((d) => ({ value: d, label: departmentName(current, d) }))}
                  />
                ) : null}
                <Button
                  icon={<DownloadOutlined />}
                  loading={exporting}
                  disabled={inbox.counts.open === 0}
                  data-testid="export-open-tasks"
                  title="含完整身份证号，供本部门系统核查；导出记入审计记录"
                  onClick={() => {
                    setExporting(true);
                    download(`/departments/${encodeURIComponent(inbox.department)}/open-tasks`, `待答复任务-${inbox.department}.xlsx`)
                      .catch((e: unknown) => message.error(e instanceof Error ? e.message : '导出失败'))
                      .finally(() => setExporting(false));
                  }}
                >
                  导出待答复（Excel）
                </Button>
                <Button icon={<ReloadOutlined />} onClick={state.reload}>
                  刷新
                </Button>
              </Space>
            </Space>
            <Row gutter={12} style={{ marginBottom: 12 }}>
              <Col span={5}>
                <Card size="small">
                  <Statistic title="待答复" value={inbox.counts.open} data-testid="count-open" />
                </Card>
              </Col>
              <Col span={5}>
                <Card size="small">
                  <Statistic
                    title="其中已超期"
                    value={inbox.counts.openPastDeadline}
                    valueStyle={{ color: inbox.counts.openPastDeadline > 0 ? '#cf1322' : undefined }}
                  />
                </Card>
              </Col>
              <Col span={5}>
                <Card size="small">
                  <Statistic title="无匹配提示" value={inbox.counts.openWithoutHints} />
                </Card>
              </Col>
              <Col span={4}>
                <Card size="small">
                  <Statistic title="已答复" value={inbox.counts.answered} />
                </Card>
              </Col>
              <Col span={5}>
                <Card size="small">
                  <Statistic
                    title="逾期未答复"
                    value={inbox.counts.overdue}
                    valueStyle={{ color: inbox.counts.overdue > 0 ? '#cf1322' : undefined }}
                  />
                </Card>
              </Col>
            </Row>
            {(inbox.counts.awaitingApproval ?? 0) > 0 ? (
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 12 }}
                data-testid="awaiting-approval"
                message={`有 ${inbox.counts.awaitingApproval} 项“有记录”的答复待部门负责人审核`}
                description="本部门已开启负责人审核（谁审查谁负责）：这些答复经审核人批准后才生效，逾期未批准的按逾期未答复处理。"
              />
            ) : null}
            {inbox.counts.assignedToMe > 0 ? (
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 12 }}
                data-testid="assigned-to-me"
                message={`有 ${inbox.counts.assignedToMe} 项任务转交给您经办`}
                description="转交给您的任务只有您可以答复；列表中“转交给”一栏是您的账号。"
              />
            ) : null}
            {attested ? (
              <Alert
                type="success"
                showIcon
                style={{ marginBottom: 12 }}
                data-testid="attestation-done"
                message={`批量承诺“${attested.statement}”已记录`}
                description={`由${departmentName(current, attested.department)}审查员（账号 ${attested.attestedByName}）于 ${formatTime(attested.attestedAt)} 作出，共答复 ${attested.count} 人。承诺内容已写入审计记录（摘要 ${attested.sha256.slice(0, 16)}…）。`}
                closable
                onClose={() => {
                  sessionStorage.removeItem(attestKey(code));
                  setAttested(null);
                }}
              />
            ) : null}
            <Space wrap style={{ marginBottom: 12 }} data-testid="inbox-filters">
              <Input.Search
                allowClear
                style={{ width: 260 }}
                placeholder="姓名或身份证号"
                value={search}
                onChange={(e) => setSearch(e.target.value)}
                onSearch={(v) => {
                  const q = searchText(v);
                  setSearch(q);
                  update({ q });
                }}
                data-testid="inbox-search"
                aria-label="按姓名或身份证号查找"
              />
              <Select
                allowClear
                style={{ width: 150 }}
                placeholder="乡镇（街道）"
                value={township ?? undefined}
                onChange={(v?: string) => update({ township: v ?? null, village: null, batch: null })}
                options={inbox.filters.townships.map((t) => ({ value: t, label: t }))}
                data-testid="filter-township"
              />
              <Select
                allowClear
                style={{ width: 150 }}
                placeholder="村（社区）"
                value={params.get('village') ?? undefined}
                onChange={(v?: string) => update({ village: v ?? null })}
                options={villageOptions.map((v) => ({ value: v.village, label: township ? v.village : `${v.township} ${v.village}` }))}
                data-testid="filter-village"
              />
              <Select
                allowClear
                style={{ width: 230 }}
                placeholder="批次"
                value={params.get('batch') ?? undefined}
                onChange={(v?: string) => update({ batch: v ?? null })}
                options={batchOptions.map((b) => ({ value: b.batchId, label: b.name }))}
                data-testid="filter-batch"
              />
              <Select<InboxSort>
                style={{ width: 170 }}
                value={params.get('sort') === 'deadline_desc' ? 'deadline_desc' : 'deadline_asc'}
                onChange={(v) => update({ sort: v })}
                options={[
                  { value: 'deadline_asc', label: '答复期限：最早在前' },
                  { value: 'deadline_desc', label: '答复期限：最晚在前' },
                ]}
                data-testid="inbox-sort"
              />
              {filtered ? (
                <Button
                  onClick={() => {
                    setSearch('');
                    update({ q: null, township: null, village: null, batch: null });
                  }}
                >
                  清除筛选
                </Button>
              ) : null}
            </Space>
            <Card size="small">
              <Tabs
                activeKey={tab}
                onChange={setTab}
                items={[
                  { key: 'open', label: `待答复（${inbox.counts.open}）` },
                  { key: 'answered', label: `已答复（${inbox.counts.answered}）` },
                  { key: 'overdue', label: `逾期（${inbox.counts.overdue}）` },
                ]}
                tabBarExtraContent={
                  tab === 'open' ? (
                    <Button
                      type="primary"
                      icon={<CheckSquareOutlined />}
                      disabled={covered.length === 0}
                      onClick={() => setConfirming(true)}
                      data-testid="bulk-attest"
                    >
                      {ATTESTATION_STATEMENT}（{ticked.length > 0 ? `勾选 ${ticked.length} 人` : `全部 ${everyone.length} 人`}）
                    </Button>
                  ) : null
                }
              />
              <Table<TaskItem>
                rowKey="taskId"
                size="small"
                dataSource={items}
                data-testid="inbox-table"
                rowClassName={(t) => (t.overdue ? 'overdue-row' : '')}
                loading={state.loading}
                locale={{
                  emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? '没有符合筛选条件的任务' : '暂无任务'} />,
                }}
                rowSelection={
                  tab === 'open'
                    ? {
                        selectedRowKeys: selected,
                        preserveSelectedRowKeys: true,
                        onChange: (keys) => setSelected(keys.map(String)),
                        getCheckboxProps: (t) => ({
                          disabled: !attestableRow(t, session.username),
                          title: attestableRow(t, session.username) ? '勾选后可对勾选的人员批量承诺' : '有匹配提示或已转交他人，须逐一答复',
                        }),
                      }
                    : undefined
                }
                pagination={{
                  current: inbox.page,
                  pageSize: inbox.pageSize,
                  total: inbox.total,
                  showSizeChanger: true,
                  pageSizeOptions: PAGE_SIZES,
                  showTotal: (n) => `共 ${n} 人`,
                  locale: { items_per_page: '条/页' },
                  onChange: (page, size) =>
                    size === inbox.pageSize ? update({ page: String(page) }) : update({ pageSize: String(size), page: null }),
                }}
                scroll={{ x: 'max-content' }}
                className="nowrap-table"
                columns={[
                  {
                    title: '姓名',
                    width: 130,
                    render: (_, t) => (
                      <Link
                        to={`/reviews/${encodeURIComponent(t.taskId)}${params.get('department') ? `?department=${encodeURIComponent(code)}` : ''}`}
                        data-candidate={t.candidate.name}
                      >
                        {t.candidate.name}
                        {t.held ? (
                          <Tag color="processing" style={{ marginLeft: 4 }} data-testid="held-tag">
                            待负责人审核
                          </Tag>
                        ) : t.returned ? (
                          <Tag color="warning" style={{ marginLeft: 4 }}>
                            已退回
                          </Tag>
                        ) : null}
                      </Link>
                    ),
                  },
                  { title: '身份证号', width: 150, render: (_, t) => t.candidate.idMasked },
                  { title: '乡镇（街道）', width: 100, render: (_, t) => t.candidate.township },
                  { title: '村（社区）', width: 90, render: (_, t) => t.candidate.village },
                  { title: '拟任职务', width: 130, render: (_, t) => t.candidate.post },
                  {
                    title: '答复期限',
                    width: tab === 'answered' ? 220 : 250,
                    render: (_, t) => (
                      <Space size={4}>
                        <span data-testid="task-deadline">{t.deadlineText}</span>
                        {t.deadlineNote ? (
                          <Tooltip title={t.deadlineNote}>
                            <Tag color="gold">按周一至周五计算</Tag>
                          </Tooltip>
                        ) : null}
                        {t.status === 'answered' ? (
                          <Typography.Text type={t.dueText === '按时答复' ? 'secondary' : 'danger'}>{t.dueText}</Typography.Text>
                        ) : (
                          <Tag
                            data-testid="task-due"
                            color={t.overdue ? 'error' : Date.parse(t.deadline) - Date.now() < 86_400_000 ? 'warning' : 'default'}
                            icon={t.overdue ? <WarningOutlined /> : undefined}
                          >
                            {t.dueText}
                          </Tag>
                        )}
                      </Space>
                    ),
                  },
                  // Once answered, the hints were dealt with: 已答复 shows the answer and who gave it instead.
                  ...(tab === 'answered'
                    ? []
                    : [
                        {
                          title: '记录匹配提示',
                          width: 120,
                          render: (_: unknown, t: TaskItem) =>
                            t.hintCount > 0 ? (
                              <Tag color="orange">有 {t.hintCount} 条，须逐一核实</Tag>
                            ) : (
                              <Typography.Text type="secondary">无</Typography.Text>
                            ),
                        },
                      ]),
                  ...(tab === 'answered'
                    ? [
                        {
                          title: '答复结果',
                          width: 90,
                          render: (_: unknown, t: TaskItem) => <AnswerResultTag result={t.answerResult ?? null} />,
                        },
                        { title: '答复时间', width: 150, render: (_: unknown, t: TaskItem) => formatTime(t.answeredAt) },
                        {
                          title: '答复人',
                          render: (_: unknown, t: TaskItem) => (
                            <span data-testid="answered-by">{t.answeredByName ?? actorText(t.answeredBy, session)}</span>
                          ),
                        },
                      ]
                    : [{ title: '转交给', render: (_: unknown, t: TaskItem) => (t.assignee === null ? '—' : assigneeText(t)) }]),
                  ...(tab === 'overdue'
                    ? [
                        {
                          title: '操作',
                          render: (_: unknown, t: TaskItem) => <ExtensionButton size="small" taskId={t.taskId} onDone={state.reload} />,
                        },
                      ]
                    : []),
                ]}
              />
            </Card>
            <Modal
              open={confirming}
              title="批量承诺：以上人员经查无记录"
              okText="确认承诺并答复"
              cancelText="取消"
              okButtonProps={{ disabled: !agreed, loading: busy, 'data-testid': 'confirm-attest' }}
              onOk={() => attest(covered.map((t) => t.taskId))}
              onCancel={() => {
                setConfirming(false);
                setAgreed(false);
              }}
            >
              <Typography.Paragraph data-testid="attest-scope">
                {ticked.length > 0 ? (
                  <>
                    将对<b>{scopeText}</b>答复“无记录”。
                  </>
                ) : (
                  <>
                    将对待答复列表中{filtered ? '符合当前筛选条件、' : ''}没有记录匹配提示的
                    <b>
                      {scopeText}（共 {pages} 页）
                    </b>
                    答复“无记录”，不只是当前这一页。有匹配提示的人员不在其内，须逐一审查
                    {handedOn > 0 ? `；已转交给其他审查员经办的 ${handedOn} 人也不在其内，由经办人答复` : ''}。
                  </>
                )}
              </Typography.Paragraph>
              <div className="attest-names">{covered.map((t) => t.name).join('、')}</div>
              <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
                系统将记录承诺人（{session.displayName}）和承诺时间，写入审计记录，提交后不能撤回。
              </Typography.Paragraph>
              <Checkbox checked={agreed} onChange={(e) => setAgreed(e.target.checked)} data-testid="attest-agree">
                本人已逐一查询本部门记录，{ATTESTATION_STATEMENT}。
              </Checkbox>
            </Modal>
          </div>
        );
      }}
    </Loaded>
  );
}
