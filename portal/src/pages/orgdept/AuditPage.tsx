import { ArrowLeftOutlined, CheckCircleOutlined, CloseCircleOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Collapse, Input, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { getJson } from '../../api';
import { useSession } from '../../auth';
import { CampaignPicker, departmentName, useCampaigns } from '../../components/campaigns';
import { Loaded } from '../../components/Loaded';
import { StatusTag } from '../../components/StatusTag';
import { accountEventText, actorText, AUDIT_TYPE_LABEL, formatTime, SOURCE_LABEL, STATUS_LABEL, VERDICT_LABEL } from '../../lib/labels';
import { useLoad } from '../../lib/useLoad';
import type {
  AccountList,
  AnswerEventView,
  AuditEventView,
  AuditTrail,
  BatchCandidate,
  BatchDetail,
  BatchSummary,
  CampaignView,
} from '../../../../shared/api';

/** Who an actor id is, by name and unit (from the accounts the organization department can list; an external provider keeps none here). */

/** The events a decision sealed, in either form of its seal (short entries since 2026-12-05, whole hashes before). */
function sealedCount(answers: { sealed: string[] } | { events: unknown[] }): number {
  return 'sealed' in answers ? answers.sealed.length : answers.events.length;
}
function peopleOf(accounts: AccountList | undefined, campaign: CampaignView | undefined): Map<string, string> {
  const people = new Map<string, string>();
  for (const a of accounts?.accounts ?? []) {
    const [kind, code] = a.role.split(':');
    const unit =
      kind === 'department' && code !== undefined
        ? departmentName(campaign, code)
        : kind === 'township' && code !== undefined
          ? (campaign?.townships.find((t) => t.code === code)?.name ?? code)
          : '';
    people.set(a.sub, unit === '' || a.displayName.includes(unit) ? a.displayName : `${unit} ${a.displayName}`);
  }
  return people;
}

/** Categories of the findings, for the sentence. */
function categories(findings: ReadonlyArray<{ category: string }>): string {
  return findings.length > 0 ? `：${findings.map((f) => f.category).join('、')}` : '';
}

/** What happened, in one Chinese sentence, from the event's structured data (typed by its type). */
export function describe(e: AuditEventView, campaign: CampaignView | undefined, batchNames?: ReadonlyMap<string, string>): string {
  const deptText = (code: string) => departmentName(campaign, code);
  switch (e.type) {
    case 'submitted':
      return `乡镇（街道）提交名单：${batchNames?.get(e.data.batchId) ?? `批次 ${e.data.batchId}`}${e.data.seq === null ? '' : `，序号 ${e.data.seq}`}`;
    case 'dispatched':
      return `发送${deptText(e.data.department)}审查（${e.data.mode === 'auto' ? '按记录自动比对' : '人工审查'}）`;
    case 'answered': {
      const d = e.data;
      if (!('department' in d)) return '部门批量承诺“以上人员经查无记录”';
      if (d.result === 'declined') return `${deptText(d.department)}答复：${VERDICT_LABEL[d.result] ?? d.result}`;
      return `${deptText(d.department)}答复：${VERDICT_LABEL[d.result] ?? d.result}${categories(d.findings)}（${SOURCE_LABEL[d.source] ?? d.source}${d.approvedBy === undefined ? '' : '，经部门负责人审核'}）`;
    }
    case 'late_answer':
      return `${deptText(e.data.department)}逾期答复（${VERDICT_LABEL[e.data.result] ?? ''}），未被采纳`;
    case 'overdue':
      return `${deptText(e.data.department)}超过答复期限，未答复`;
    case 'decided':
      return `作出联审结论：${STATUS_LABEL[e.data.outcome] ?? e.data.outcome}${e.data.version > 1 ? `（第 ${e.data.version} 版）` : ''}${
        e.data.answers === undefined ? '' : `，封存 ${sealedCount(e.data.answers)} 条部门答复`
      }`;
    case 'ruled':
      return `组织部门研判：${e.data.outcome === 'uphold' ? '维持提名' : '取消资格'}（研判意见已存档）`;
    case 'reassigned':
      return `${deptText(e.data.department)}将任务转交给 ${e.data.assignee}`;
    case 'reminded':
      return `催办${deptText(e.data.department)}`;
    case 'report_exported':
      return '导出联审报表';
    case 'account':
      return accountEventText(e.data);
    case 'campaign_changed':
      return e.data.action === 'created'
        ? `设立换届工作（${e.data.townships} 个乡镇（街道）、${e.data.villages} 个村（社区））`
        : e.data.action === 'units'
          ? `上传行政区划名单（${e.data.townships} 个乡镇（街道）、${e.data.villages} 个村（社区））`
          : `修改换届设置：${e.data.fields.join('、')}`;
    case 'holidays_changed':
      return `${e.data.action === 'created' ? '录入' : '更新'}${e.data.year}年放假安排（放假 ${e.data.holidays} 天、调休上班 ${e.data.workdays} 天）`;
    case 'policy_switched':
      return `换用政策版本：${e.data.from.id} ${e.data.from.version} → ${e.data.to.id} ${e.data.to.version}（理由已存档）`;
    case 'corrected':
      return `${deptText(e.data.department)}更正答复：${VERDICT_LABEL[e.data.previous.result] ?? ''} → ${VERDICT_LABEL[e.data.result] ?? ''}${categories(e.data.findings)}（依据 ${e.data.documentNumber}）`;
    case 'disputed':
      return `乡镇（街道）申请复核（原结论：${STATUS_LABEL[e.data.disputedStatus] ?? e.data.disputedStatus}，附件 ${e.data.attachments.length} 个），复核期间结论冻结`;
    case 'dispute_ruled':
      return `组织部门复核：${e.data.result === 'maintain' ? '维持原结论' : '改变结论'}（${STATUS_LABEL[e.data.outcome] ?? e.data.outcome}）`;
    case 'failed':
      return `处理失败（${e.data.error}），可重新驱动`;
    case 'recheck_requested':
      return `组织部门发回${deptText(e.data.department)}重审（第 ${e.data.sequence} 次，原答复：${VERDICT_LABEL[e.data.previous.result] ?? e.data.previous.result}）`;
    case 'withdrawn':
      return `乡镇（街道）撤回该人选${e.data.replacedBy === null ? '' : '，另提替换人选'}（取消 ${e.data.cancelledTasks.length} 项未完成的部门审查）`;
    case 'replacement':
      return '乡镇（街道）提出的替换人选（接替已撤回的人选）';
    case 'ruling_revised':
      return `组织部门修改研判结论：${e.data.previousOutcome === 'uphold' ? '维持提名' : '取消资格'} → ${e.data.outcome === 'uphold' ? '维持提名' : '取消资格'}（第 ${e.data.decisionVersion} 版结论；修改理由和研判意见已存档）`;
    case 'tasks_exported':
      return `${deptText(e.data.department)}导出待答复任务 ${e.data.rows} 条（含完整身份证号，供本部门系统核查）`;
    case 'drafted':
      return `乡镇（街道）上传为草稿批次${e.data.kind === 'post-election' ? '（选后另选他人当选人员）' : ''}，尚未报送区县`;
    case 'first_reviewed':
      return `乡镇（街道）初审：${e.data.result === 'pass' ? '符合条件' : '不符合条件'}（初审意见已存档）`;
    case 'filing_decided':
      return `组织部门书记人选备案：${e.data.decision === 'approve' ? '同意' : '不同意'}（意见已存档）`;
    case 'publicity_opened':
      return `开始公示（${e.data.periodId}，${e.data.startDate} 至 ${e.data.endDate}，${e.data.days} 个工作日，${e.data.candidates} 名人选）`;
    case 'objection_received':
      return `收到公示异议第 ${e.data.seq} 件（${e.data.anonymous ? '匿名' : '实名'}；内容已存档）`;
    case 'objection_checked':
      return `异议第 ${e.data.seq} 件核查：${e.data.result === 'unfounded' ? '不属实' : e.data.action === 'ruling' ? '属实，取消资格' : `属实，发回${deptText(e.data.department ?? '')}重审`}`;
    case 'duplicate_flagged':
      return '重复报送：该人选已在其他乡镇（街道）的批次中，待组织部门确定';
    case 'duplicate_resolved':
      return `组织部门确定重复人选：保留 ${e.data.kept}，${e.data.setAside} 不予联审`;
    case 'ledger_exported':
      return `组织部门导出联审台账 ${e.data.rows} 行（含完整身份证号${e.data.township === null ? '' : `，乡镇（街道）${e.data.township}`}）`;
    case 'answer_held':
      return `${deptText(e.data.department)}答复有记录${categories(e.data.findings)}，待部门负责人审核（尚未生效）`;
    case 'answer_returned':
      return `${deptText(e.data.department)}负责人退回答复，请审查人员重新核查（理由已存档）`;
    case 'department_review_set':
      return `${deptText(e.data.department)}审查设置：${e.data.signOff ? `有记录的答复须经负责人审核（审核人 ${e.data.approvers} 名）` : '答复无需负责人审核'}${e.data.sources.length > 0 ? `；记录来源：${e.data.sources.join('、')}` : ''}`;
    case 'extension':
      return e.data.action === 'requested'
        ? `${deptText(e.data.department)}申请延期答复（第 ${e.data.sequence} 次，理由已存档）`
        : e.data.action === 'approved'
          ? `组织部门批准${deptText(e.data.department)}的延期申请，发回该部门重新答复（第 ${e.data.recheckSequence ?? ''} 次重审）`
          : `组织部门不批准${deptText(e.data.department)}的延期申请（理由已存档）`;
    case 'draft_discarded':
      return '乡镇（街道）删除了未报送的草稿批次，该人选未经联审，可重新上传';
    case 'recheck_request':
      return e.data.action === 'requested'
        ? `乡镇（街道）申请${deptText(e.data.department)}重新审查（第 ${e.data.sequence} 次，附件 ${e.data.attachments.length} 个；理由已存档）`
        : e.data.action === 'approved'
          ? `组织部门批准重审申请，发回${deptText(e.data.department)}重新审查（第 ${e.data.recheckSequence ?? ''} 次重审）`
          : `组织部门不批准对${deptText(e.data.department)}的重审申请（理由已存档）`;
  }
}

/** A department's own event (its answer, or the dispatch of its review task), in one sentence. */
function describeAnswer(e: AnswerEventView, campaign: CampaignView | undefined): string {
  const dept = departmentName(campaign, e.data.department);
  if (e.type === 'dispatched') return `发送${dept}审查（${e.data.mode === 'auto' ? '按记录自动比对' : '人工审查'}）`;
  const approved = e.data.approvedBy === undefined ? '' : '，经部门负责人审核';
  const searched = e.data.sourcesSearched === undefined ? '' : `；查询：${e.data.sourcesSearched.join('、')}`;
  return `${dept}答复：${VERDICT_LABEL[e.data.result] ?? e.data.result}${categories(e.data.findings)}（${SOURCE_LABEL[e.data.source] ?? e.data.source}${approved}${searched}）`;
}

const TYPE_COLOR: Record<string, string> = {
  submitted: 'blue',
  answered: 'cyan',
  late_answer: 'error',
  overdue: 'error',
  decided: 'green',
  ruled: 'gold',
  ruling_revised: 'gold',
  reminded: 'orange',
  reassigned: 'purple',
};

/** What a reader of the trail looks for first: everything except dispatches and plain "no record" answers. */
function isKeyEvent(e: AuditEventView): boolean {
  if (e.type === 'dispatched') return false;
  if (e.type === 'answered') return !('result' in e.data) || e.data.result !== 'clear';
  return true;
}

/** The same for the departments' own events: the answers that found something. */
function isKeyAnswer(e: AnswerEventView): boolean {
  return e.type === 'answered' && e.data.result !== 'clear';
}

export function AuditPage() {
  const { candidateId = '' } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const session = useSession();
  const { current } = useCampaigns();
  const navState: unknown = location.state;
  const name = navState !== null && typeof navState === 'object' && 'name' in navState ? navState.name : undefined;
  const state = useLoad(async () => {
    const trail = await getJson<AuditTrail>(`/candidates/${encodeURIComponent(candidateId)}/audit`);
    // The batch is shown by its name (昌国街道 第2批（12月2日）); its id only if the batch cannot be read.
    const ids = [...new Set(trail.events.flatMap((e) => (e.type === 'submitted' ? [e.data.batchId] : [])))];
    const names = new Map<string, string>();
    for (const id of ids) {
      const detail = await getJson<BatchDetail>(`/batches/${encodeURIComponent(id)}`).catch(() => undefined);
      if (detail) names.set(id, detail.batch.name);
    }
    const accounts = await getJson<AccountList>('/accounts').catch(() => undefined);
    return { trail, names, accounts };
  }, [candidateId]);
  const [keyOnly, setKeyOnly] = useState(false);
  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
        <h1 className="page-title">审计记录{typeof name === 'string' ? `：${name}` : ''}</h1>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/audit')}>
          选择其他人选
        </Button>
      </Space>
      <Loaded state={state}>
        {({ trail, names, accounts }) => {
          const people = peopleOf(accounts, current);
          return (
            <div>
              {trail.verification.ok ? (
                <Alert
                  type="success"
                  showIcon
                  icon={<CheckCircleOutlined />}
                  data-testid="chain-ok"
                  style={{ marginBottom: 12 }}
                  message={`审计链校验通过：共 ${trail.verification.count} 条记录，前后相接，未被改动${
                    trail.verification.answers
                      ? `；部门答复 ${trail.verification.answers} 条，${trail.verification.sealed ?? 0} 条已由联审结论封存`
                      : ''
                  }`}
                />
              ) : (
                <Alert
                  type="error"
                  showIcon
                  icon={<CloseCircleOutlined />}
                  data-testid="chain-broken"
                  style={{ marginBottom: 12 }}
                  message={`审计链校验未通过：第 ${trail.verification.index + 1} 条${trail.verification.answer === undefined ? '记录' : '部门答复'}${
                    { altered: '被改动', removed: '缺失', reordered: '顺序被打乱', malformed: '格式有误' }[trail.verification.problem] ??
                    '有问题'
                  }`}
                  description={trail.verification.message}
                />
              )}
              <Card
                size="small"
                title={`人选编号 ${trail.candidateId}`}
                extra={
                  <Space>
                    <Switch size="small" checked={keyOnly} onChange={setKeyOnly} data-testid="key-events" />
                    <span>只看关键事件（不显示分派和“无记录”答复）</span>
                  </Space>
                }
              >
                <Table<AuditEventView>
                  rowKey="seq"
                  size="small"
                  data-testid="audit-events"
                  dataSource={keyOnly ? trail.events.filter(isKeyEvent) : trail.events}
                  pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false, showTotal: (n) => `共 ${n} 条` }}
                  rowClassName={(e) => (e.type === 'overdue' || e.type === 'late_answer' ? 'overdue-row' : '')}
                  columns={[
                    { title: '序号', dataIndex: 'seq', width: 56 },
                    { title: '时间', dataIndex: 'at', width: 140, render: (at: string) => formatTime(at) },
                    {
                      title: '事件',
                      dataIndex: 'type',
                      width: 120,
                      render: (t: string) => <Tag color={TYPE_COLOR[t] ?? 'default'}>{AUDIT_TYPE_LABEL[t] ?? t}</Tag>,
                    },
                    { title: '内容', render: (_, e) => describe(e, current, names) },
                    { title: '操作人', width: 230, render: (_, e) => actorText(e.actor, session, people) },
                  ]}
                />
              </Card>
              {trail.answers.length > 0 && (
                <Card size="small" title="部门答复与任务派发（各自存于答复、任务记录，由联审结论封存入审计链）" style={{ marginTop: 12 }}>
                  <Table<AnswerEventView>
                    rowKey="hash"
                    size="small"
                    data-testid="audit-answers"
                    dataSource={keyOnly ? trail.answers.filter(isKeyAnswer) : trail.answers}
                    pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false, showTotal: (n) => `共 ${n} 条` }}
                    columns={[
                      { title: '时间', dataIndex: 'at', width: 140, render: (at: string) => formatTime(at) },
                      { title: '事件', render: (_, e) => describeAnswer(e, current) },
                      { title: '操作人', width: 230, render: (_, e) => actorText(e.actor, session, people) },
                    ]}
                  />
                </Card>
              )}
              <Collapse
                size="small"
                style={{ marginTop: 12 }}
                data-testid="chain-details"
                items={[
                  {
                    key: 'hashes',
                    label: '核验信息（各条记录的摘要，供核验审计链时使用）',
                    children: (
                      <div>
                        {trail.verification.ok ? (
                          <p>
                            链头摘要 <Typography.Text code>{trail.verification.head}</Typography.Text>（共 {trail.verification.count} 条）
                          </p>
                        ) : null}
                        <Table
                          rowKey="key"
                          size="small"
                          pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
                          dataSource={[
                            ...trail.events.map((e) => ({
                              key: `e${e.seq}`,
                              what: `第 ${e.seq} 条 ${AUDIT_TYPE_LABEL[e.type] ?? e.type}`,
                              hash: e.hash,
                              prev: e.prevHash,
                            })),
                            ...trail.answers.map((e) => ({
                              key: `a${e.hash}`,
                              what: `部门记录 ${AUDIT_TYPE_LABEL[e.type] ?? e.type}`,
                              hash: e.hash,
                              prev: '',
                            })),
                          ]}
                          columns={[
                            { title: '记录', dataIndex: 'what', width: 200 },
                            { title: '本条摘要', dataIndex: 'hash', render: (h: string) => <Typography.Text code>{h}</Typography.Text> },
                            {
                              title: '上一条摘要',
                              dataIndex: 'prev',
                              render: (h: string) => (h === '' ? '—' : <Typography.Text code>{h.slice(0, 16)}…</Typography.Text>),
                            },
                          ]}
                        />
                      </div>
                    ),
                  },
                ]}
              />
            </div>
          );
        }}
      </Loaded>
    </div>
  );
}

interface Row extends BatchCandidate {
  townshipName: string;
}

/** Pick a candidate: every candidate of the campaign's batches, searchable by name or village. */
export function AuditIndexPage() {
  const { current } = useCampaigns();
  const [query, setQuery] = useState('');
  const state = useLoad(async () => {
    if (!current) throw new Error('尚未创建换届工作');
    const { batches } = await getJson<{ batches: BatchSummary[] }>(`/batches?campaignId=${encodeURIComponent(current.id)}`);
    const rows: Row[] = [];
    for (const b of batches) {
      const detail = await getJson<BatchDetail>(`/batches/${encodeURIComponent(b.batchId)}`);
      for (const c of detail.candidates) rows.push({ ...c, townshipName: b.townshipName ?? c.township });
    }
    return rows;
  }, [current?.id]);
  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
        <h1 className="page-title">审计记录</h1>
        <CampaignPicker />
      </Space>
      <Loaded state={state}>
        {(rows) => {
          const q = query.trim();
          const shown = q ? rows.filter((r) => r.name.includes(q) || r.village.includes(q)) : rows;
          return (
            <Card size="small" title="选择人选查看其审计记录（谁在何时做了什么，以及审计链是否完整）">
              <Input
                prefix={<SearchOutlined />}
                placeholder="按姓名或村（社区）查找"
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                style={{ width: 320, marginBottom: 12 }}
                allowClear
              />
              <Table<Row>
                rowKey="candidateId"
                size="small"
                dataSource={shown}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                columns={[
                  {
                    title: '姓名',
                    render: (_, r) => (
                      <Link to={`/audit/${encodeURIComponent(r.candidateId)}`} state={{ name: r.name }} data-candidate={r.name}>
                        {r.name}
                      </Link>
                    ),
                  },
                  { title: '乡镇（街道）', dataIndex: 'townshipName' },
                  { title: '村（社区）', dataIndex: 'village' },
                  { title: '拟任职务', dataIndex: 'post' },
                  { title: '结论', render: (_, r) => <StatusTag status={r.status} label={r.statusLabel} /> },
                ]}
              />
            </Card>
          );
        }}
      </Loaded>
    </div>
  );
}
