// The organization department's accounts: list and filter by role, township, department and
// status; create (the temporary password is shown once, in a dialog with a copy button, and never
// again); disable, enable, reset the password, unlock, sign out everywhere; and the accounts' own
// audit trail. Where an OIDC provider keeps the accounts, the page says so and offers nothing.
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Result,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { ApiError, getJson, postJson } from '../../api';
import { useSession } from '../../auth';
import { useCampaigns } from '../../components/campaigns';
import { Loaded } from '../../components/Loaded';
import { accountEventText, actorText, formatTime } from '../../lib/labels';
import { useLoad } from '../../lib/useLoad';
import type {
  AccountActionResponse,
  AccountList,
  AccountView,
  AuditTrail,
  CreateAccountRequest,
  CreatedAccount,
} from '../../../../shared/api';
import { PASSWORD_RULES } from '../ChangePasswordPage';

type Kind = 'orgdept' | 'township' | 'department';

interface Unit {
  code: string;
  name: string;
}

/** Townships and departments of every campaign: what an account may be for. */
function useUnits(): { townships: Unit[]; departments: Unit[] } {
  const { campaigns } = useCampaigns();
  return useMemo(() => {
    const townships = new Map<string, string>();
    const departments = new Map<string, string>();
    for (const c of campaigns) {
      for (const t of c.townships) townships.set(t.code, t.name);
      for (const d of c.policy?.departments ?? []) departments.set(d.code, d.name);
    }
    const list = (m: Map<string, string>) => [...m].map(([code, name]) => ({ code, name })).sort((a, b) => a.code.localeCompare(b.code));
    return { townships: list(townships), departments: list(departments) };
  }, [campaigns]);
}

function roleParts(role: string): { kind: Kind | null; code: string } {
  if (role === 'orgdept') return { kind: 'orgdept', code: '' };
  const [kind, code = ''] = role.split(':');
  return { kind: kind === 'township' || kind === 'department' ? kind : null, code };
}

function roleText(role: string, units: { townships: Unit[]; departments: Unit[] }): string {
  const { kind, code } = roleParts(role);
  if (kind === 'orgdept') return '组织部门';
  if (kind === 'township') return `乡镇（街道）：${units.townships.find((t) => t.code === code)?.name ?? code}`;
  if (kind === 'department') return `部门：${units.departments.find((d) => d.code === code)?.name ?? code}`;
  return role || '（无角色）';
}

/** The temporary password, once: copy it, then it is gone from the page. */
function OneTimePassword({
  shown,
  onClose,
}: {
  shown: { username: string; password: string; notice: string } | null;
  onClose: () => void;
}) {
  return (
    <Modal
      open={shown !== null}
      title="一次性密码（只显示这一次）"
      onCancel={onClose}
      maskClosable={false}
      // Out of the page once closed: the dialog keeps its last content while hidden otherwise.
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose} data-testid="password-noted">
          我已记下
        </Button>
      }
    >
      {shown ? (
        <div data-testid="one-time-password">
          <p>
            账号 <b>{shown.username}</b> 的临时密码：
          </p>
          <Typography.Paragraph
            copyable={{ text: shown.password, tooltips: ['复制', '已复制'] }}
            style={{ fontSize: 20, fontFamily: 'monospace' }}
          >
            <span data-testid="one-time-password-value">{shown.password}</span>
          </Typography.Paragraph>
          <Alert type="warning" showIcon message={shown.notice} />
        </div>
      ) : null}
    </Modal>
  );
}

interface CreateForm {
  username: string;
  displayName: string;
  phone: string;
  email?: string;
  kind: Kind;
  unit?: string;
}

function CreateAccount({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (c: CreatedAccount) => void }) {
  const units = useUnits();
  const [form] = Form.useForm<CreateForm>();
  const kind = Form.useWatch('kind', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const options = (kind === 'township' ? units.townships : units.departments).map((u) => ({
    value: u.code,
    label: `${u.name}（${u.code}）`,
  }));

  const submit = async (v: CreateForm) => {
    setBusy(true);
    setError(null);
    try {
      const body: CreateAccountRequest = {
        username: v.username,
        displayName: v.displayName,
        phone: v.phone,
        ...(v.email?.trim() ? { email: v.email.trim() } : {}),
        role: v.kind === 'orgdept' ? 'orgdept' : `${v.kind}:${v.unit ?? ''}`,
      };
      onCreated(await postJson<CreatedAccount>('/accounts', body));
      form.resetFields();
    } catch (e) {
      const field = e instanceof ApiError && typeof e.body === 'object' && e.body !== null && 'field' in e.body ? e.body.field : null;
      const name = field === 'role' ? 'unit' : field;
      if (
        e instanceof ApiError &&
        (name === 'username' || name === 'displayName' || name === 'phone' || name === 'email' || name === 'unit')
      ) {
        form.setFields([{ name, errors: [e.message] }]);
      } else setError(e instanceof Error ? e.message : '创建失败');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title="创建账号" onCancel={onClose} onOk={() => form.submit()} okText="创建" confirmLoading={busy} destroyOnHidden>
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      <Form<CreateForm> form={form} layout="vertical" initialValues={{ kind: 'township' }} onFinish={submit} requiredMark={false}>
        <Form.Item name="kind" label="角色">
          <Radio.Group optionType="button">
            <Radio value="township">乡镇（街道）</Radio>
            <Radio value="department">联审部门</Radio>
            <Radio value="orgdept">组织部门</Radio>
          </Radio.Group>
        </Form.Item>
        {kind !== 'orgdept' ? (
          <Form.Item
            name="unit"
            label={kind === 'township' ? '乡镇（街道）' : '部门'}
            rules={[{ required: true, message: '请选择' }]}
            extra="来自已创建的换届工作；一个乡镇（街道）或部门可以有多个账号。"
          >
            <Select options={options} showSearch optionFilterProp="label" placeholder="请选择" data-testid="account-unit" />
          </Form.Item>
        ) : null}
        <Form.Item
          name="username"
          label="登录名"
          rules={[{ required: true, message: '请输入登录名' }]}
          extra="3–32 位小写字母、数字、点、下划线或连字符，以字母开头，如 wang.li"
        >
          <Input autoComplete="off" data-testid="account-username" />
        </Form.Item>
        <Form.Item name="displayName" label="姓名" rules={[{ required: true, message: '请输入姓名' }]}>
          <Input data-testid="account-name" />
        </Form.Item>
        <Form.Item name="phone" label="手机号码" rules={[{ required: true, message: '请输入手机号码' }]}>
          <Input placeholder="13812345678" data-testid="account-phone" />
        </Form.Item>
        <Form.Item name="email" label="电子邮箱（选填）" tooltip="部署开通邮件通知时，催办、逾期等提醒也发到此邮箱">
          <Input placeholder="zhang.san@dinghai.gov.cn" data-testid="account-email" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AccountsAudit() {
  const session = useSession();
  const state = useLoad(() => getJson<AuditTrail>('/accounts/audit'), []);
  return (
    <Loaded state={state}>
      {(trail) => (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert
            type={trail.verification.ok ? 'success' : 'error'}
            showIcon
            message={
              trail.verification.ok
                ? `账号操作记录完整（${trail.events.length} 条，哈希链校验通过）`
                : `账号操作记录校验失败：${trail.verification.message}`
            }
          />
          <Table
            rowKey="seq"
            size="small"
            pagination={{ pageSize: 20 }}
            dataSource={[...trail.events].reverse()}
            columns={[
              { title: '时间', render: (_: unknown, e) => formatTime(e.at), width: 150 },
              { title: '操作人', render: (_: unknown, e) => actorText(e.actor, session), width: 220 },
              { title: '内容', render: (_: unknown, e) => (e.type === 'account' ? accountEventText(e.data) : e.type) },
            ]}
          />
        </Space>
      )}
    </Loaded>
  );
}

export function AccountsPage() {
  const session = useSession();
  const { message } = AntApp.useApp();
  const units = useUnits();
  const state = useLoad(() => getJson<AccountList>('/accounts'), []);
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<{ username: string; password: string; notice: string } | null>(null);
  const [filter, setFilter] = useState<{ kind?: Kind; unit?: string; status?: string; text: string }>({ text: '' });

  if (state.error instanceof ApiError && state.error.status === 409) {
    return <Result status="info" title="账号由统一身份认证平台管理" subTitle={state.error.message} data-testid="accounts-external" />;
  }

  const act = async (a: AccountView, action: 'disable' | 'enable' | 'reset' | 'unlock' | 'sign-out') => {
    try {
      const done = await postJson<AccountActionResponse>(`/accounts/${encodeURIComponent(a.username)}/${action}`, {});
      if (done.temporaryPassword !== null) setShown({ username: a.username, password: done.temporaryPassword, notice: done.notice });
      else message.success(done.notice);
    } catch (e) {
      message.error(e instanceof Error ? e.message : '操作失败');
    }
    state.reload();
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        账号管理
      </Typography.Title>
      <Tabs
        items={[
          {
            key: 'accounts',
            label: '账号',
            children: (
              <Loaded state={state}>
                {(list) => {
                  const rows = list.accounts.filter((a) => {
                    const { kind, code } = roleParts(a.role);
                    if (filter.kind && kind !== filter.kind) return false;
                    if (filter.unit && code !== filter.unit) return false;
                    if (filter.status === 'locked' ? !a.locked : filter.status && a.status !== filter.status) return false;
                    const text = filter.text.trim();
                    return text === '' || a.username.includes(text) || a.displayName.includes(text);
                  });
                  const unitOptions = (
                    filter.kind === 'township' ? units.townships : filter.kind === 'department' ? units.departments : []
                  ).map((u) => ({ value: u.code, label: u.name }));
                  return (
                    <Card size="small">
                      <Typography.Paragraph type="secondary">
                        {list.provider === 'cognito'
                          ? '账号在 Cognito 用户池中：停用、重置密码或退出全部登录后，已签发的访问令牌在到期前（最长 60 分钟）仍然有效。'
                          : '账号保存在本机的数据目录中：停用、重置密码或退出全部登录立即生效。'}
                        密码要求：{PASSWORD_RULES}。
                      </Typography.Paragraph>
                      <Space wrap style={{ marginBottom: 12 }}>
                        <Select
                          allowClear
                          placeholder="角色"
                          style={{ width: 140 }}
                          value={filter.kind}
                          onChange={(kind?: Kind) => setFilter({ ...filter, kind, unit: undefined })}
                          options={[
                            { value: 'orgdept', label: '组织部门' },
                            { value: 'township', label: '乡镇（街道）' },
                            { value: 'department', label: '联审部门' },
                          ]}
                          data-testid="filter-role"
                        />
                        <Select
                          allowClear
                          placeholder={filter.kind === 'department' ? '部门' : '乡镇（街道）'}
                          style={{ width: 180 }}
                          disabled={filter.kind !== 'township' && filter.kind !== 'department'}
                          value={filter.unit}
                          onChange={(unit?: string) => setFilter({ ...filter, unit })}
                          options={unitOptions}
                          showSearch
                          optionFilterProp="label"
                        />
                        <Select
                          allowClear
                          placeholder="状态"
                          style={{ width: 120 }}
                          value={filter.status}
                          onChange={(status?: string) => setFilter({ ...filter, status })}
                          options={[
                            { value: 'enabled', label: '在用' },
                            { value: 'disabled', label: '已停用' },
                            { value: 'locked', label: '已锁定' },
                          ]}
                        />
                        <Input.Search
                          placeholder="登录名或姓名"
                          allowClear
                          onChange={(e) => setFilter({ ...filter, text: e.target.value })}
                          style={{ width: 200 }}
                        />
                        <Button icon={<ReloadOutlined />} onClick={state.reload}>
                          刷新
                        </Button>
                        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-account">
                          创建账号
                        </Button>
                      </Space>
                      <Table<AccountView>
                        rowKey="username"
                        size="small"
                        dataSource={rows}
                        pagination={{ pageSize: 20 }}
                        data-testid="accounts-table"
                        columns={[
                          { title: '登录名', dataIndex: 'username' },
                          { title: '姓名/单位', dataIndex: 'displayName' },
                          { title: '角色', render: (_: unknown, a) => roleText(a.role, units) },
                          { title: '手机', render: (_: unknown, a) => a.phone?.replace(/^\+86/, '') ?? '—' },
                          { title: '邮箱', render: (_: unknown, a) => a.email ?? '—' },
                          {
                            title: '状态',
                            render: (_: unknown, a) => (
                              <Space size={4}>
                                {a.status === 'enabled' ? <Tag color="green">在用</Tag> : <Tag>已停用</Tag>}
                                {a.locked ? <Tag color="red">已锁定</Tag> : null}
                                {a.mustChangePassword ? <Tag color="gold">待改密码</Tag> : null}
                              </Space>
                            ),
                          },
                          { title: '最近登录', render: (_: unknown, a) => formatTime(a.lastSignInAt) },
                          {
                            title: '操作',
                            render: (_: unknown, a) => {
                              const self = a.username === session.username;
                              return (
                                <Space size={0} wrap>
                                  {a.status === 'enabled' ? (
                                    <Popconfirm
                                      title={`停用 ${a.username}？其登录将失效`}
                                      onConfirm={() => act(a, 'disable')}
                                      disabled={self}
                                    >
                                      <Button type="link" size="small" disabled={self} data-testid={`disable-${a.username}`}>
                                        停用
                                      </Button>
                                    </Popconfirm>
                                  ) : (
                                    <Button type="link" size="small" onClick={() => act(a, 'enable')} data-testid={`enable-${a.username}`}>
                                      启用
                                    </Button>
                                  )}
                                  <Popconfirm title={`重置 ${a.username} 的密码？旧密码立即失效`} onConfirm={() => act(a, 'reset')}>
                                    <Button type="link" size="small" data-testid={`reset-${a.username}`}>
                                      重置密码
                                    </Button>
                                  </Popconfirm>
                                  {a.locked ? (
                                    <Button type="link" size="small" onClick={() => act(a, 'unlock')} data-testid={`unlock-${a.username}`}>
                                      解锁
                                    </Button>
                                  ) : null}
                                  <Popconfirm title={`让 ${a.username} 退出全部登录？`} onConfirm={() => act(a, 'sign-out')}>
                                    <Button type="link" size="small" data-testid={`sign-out-${a.username}`}>
                                      退出全部登录
                                    </Button>
                                  </Popconfirm>
                                </Space>
                              );
                            },
                          },
                        ]}
                      />
                    </Card>
                  );
                }}
              </Loaded>
            ),
          },
          { key: 'audit', label: '账号操作记录', children: <AccountsAudit /> },
        ]}
      />
      <CreateAccount
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(c) => {
          setCreating(false);
          setShown({ username: c.account.username, password: c.initialPassword, notice: c.notice });
          state.reload();
        }}
      />
      <OneTimePassword shown={shown} onClose={() => setShown(null)} />
    </Space>
  );
}
