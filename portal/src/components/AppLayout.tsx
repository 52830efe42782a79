import {
  AlertOutlined,
  AuditOutlined,
  BarChartOutlined,
  CalendarOutlined,
  ClockCircleOutlined,
  CloudUploadOutlined,
  DatabaseOutlined,
  SafetyCertificateOutlined,
  FileExcelOutlined,
  HomeOutlined,
  InboxOutlined,
  KeyOutlined,
  LogoutOutlined,
  PrinterOutlined,
  TeamOutlined,
  SettingOutlined,
  ReadOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { Button, Layout, Menu, Space, Tag, Typography } from 'antd';
import type { ItemType } from 'antd/es/menu/interface';
import { beijingClock } from '../lib/labels';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { PageGuide } from './PageGuide';
import { NotificationBell } from './NotificationBell';
import { ROLE_LABEL, useAuth, type Role } from '../auth';
import type { Session } from '../session';

const { Header, Sider, Content } = Layout;

/** The menu follows the roles the token carries; nothing of another role is offered. */
export function menuItems(session: Session): ItemType[] {
  const items: ItemType[] = [];
  if (session.roles.townships.length > 0) {
    items.push({
      type: 'group',
      label: '乡镇（街道）',
      children: [
        { key: '/batches/new', icon: <CloudUploadOutlined />, label: '提交人选名单' },
        { key: '/batches', icon: <UnorderedListOutlined />, label: '批次与进度' },
      ],
    });
  }
  if (session.roles.departments.length > 0) {
    items.push({
      type: 'group',
      label: '部门审查',
      children: [
        { key: '/reviews', icon: <InboxOutlined />, label: '待办审查' },
        { key: '/records', icon: <DatabaseOutlined />, label: '记录提取上传' },
        { key: '/review-settings', icon: <SafetyCertificateOutlined />, label: '审查设置' },
      ],
    });
  }
  if (session.roles.orgdept) {
    items.push({
      type: 'group',
      label: '组织部门',
      children: [
        { key: '/dashboard', icon: <BarChartOutlined />, label: '工作总览' },
        { key: '/referred', icon: <AlertOutlined />, label: '待研判人选' },
        { key: '/villages', icon: <HomeOutlined />, label: '村（社区）检查' },
        ...(session.roles.townships.length > 0 ? [] : [{ key: '/batches', icon: <UnorderedListOutlined />, label: '批次查询' }]),
        { key: '/reports', icon: <FileExcelOutlined />, label: '报表导出' },
        { key: '/reports/publicity', icon: <PrinterOutlined />, label: '公示名单' },
        { key: '/audit', icon: <AuditOutlined />, label: '审计记录' },
        { key: '/accounts', icon: <TeamOutlined />, label: '账号管理' },
        { key: '/campaigns', icon: <SettingOutlined />, label: '换届设置' },
        { key: '/holidays', icon: <CalendarOutlined />, label: '放假安排' },
        { key: '/filings', icon: <AuditOutlined />, label: '书记人选备案' },
        { key: '/publicity', icon: <PrinterOutlined />, label: '公示与异议' },
        { key: '/duplicates', icon: <AlertOutlined />, label: '重复报送' },
        { key: '/extensions', icon: <ClockCircleOutlined />, label: '延期申请' },
        { key: '/recheck-requests', icon: <AuditOutlined />, label: '重审申请' },
      ],
    });
    // The organization department is itself a reviewing unit: its own department's inbox and settings.
    if (session.roles.departments.length === 0) {
      items.push({
        type: 'group',
        label: '本部门审查',
        children: [
          { key: '/reviews', icon: <InboxOutlined />, label: '待办审查' },
          { key: '/review-settings', icon: <SafetyCertificateOutlined />, label: '审查设置' },
        ],
      });
    }
  }
  // Everyone reads the policy; the organization department also uploads it there.
  items.push({ type: 'group', label: '政策', children: [{ key: '/policies', icon: <ReadOutlined />, label: '政策（负面清单）' }] });
  return items;
}

function roles(session: Session): Role[] {
  const out: Role[] = [];
  if (session.roles.townships.length > 0) out.push('township');
  if (session.roles.departments.length > 0) out.push('department');
  if (session.roles.orgdept) out.push('orgdept');
  return out;
}

/** The menu entry a path belongs to: the longest key that prefixes it. */
function selectedKey(items: ItemType[], path: string): string[] {
  const keys: string[] = [];
  for (const g of items) {
    if (g && 'children' in g && g.children) for (const c of g.children) if (c && typeof c.key === 'string') keys.push(c.key);
  }
  const exact = keys.find((k) => k === path);
  if (exact) return [exact];
  const best = keys.filter((k) => path.startsWith(`${k}/`)).sort((a, b) => b.length - a.length)[0];
  return best ? [best] : [];
}

export function AppLayout() {
  const { session, signOut, config } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  // A temporary password's session has one page: changing it.
  const items = session && !session.passwordChangeOnly ? menuItems(session) : [];
  return (
    <Layout style={{ minHeight: '100%' }}>
      <Header className="app-header no-print">
        <span className="brand">村（社区）“两委”候选人资格联审</span>
        <span style={{ flex: 1 }} />
        {session ? (
          <Space size="middle">
            {session.passwordChangeOnly ? null : <NotificationBell />}
            <Typography.Text style={{ color: '#fff' }} data-testid="user-name">
              {session.displayName}
            </Typography.Text>
            {roles(session).map((r) => (
              <Tag key={r} color="gold">
                {ROLE_LABEL[r]}
              </Tag>
            ))}
            <Typography.Text style={{ color: 'rgba(255,255,255,.75)' }} title="登录到期后需重新登录">
              登录有效至 {beijingClock(session.expiresAt)}
            </Typography.Text>
            {config.mode === 'local' && !session.passwordChangeOnly ? (
              <Button size="small" icon={<KeyOutlined />} onClick={() => navigate('/change-password')} data-testid="change-password">
                修改密码
              </Button>
            ) : null}
            <Button
              size="small"
              icon={<LogoutOutlined />}
              onClick={() => {
                signOut();
                navigate('/login');
              }}
            >
              退出
            </Button>
          </Space>
        ) : null}
      </Header>
      <Layout>
        {session ? (
          <Sider width={188} theme="light" className="no-print app-sider">
            <Menu
              mode="inline"
              items={items}
              selectedKeys={selectedKey(items, location.pathname)}
              onClick={(e) => navigate(e.key)}
              style={{ borderInlineEnd: 0 }}
              data-testid="role-menu"
            />
          </Sider>
        ) : null}
        <Content className="app-content">
          <PageGuide />
          <Outlet />
        </Content>
      </Layout>
    </Layout>
  );
}
