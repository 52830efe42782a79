import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { homePath, useAuth } from '../auth';
import { usePageTitle } from '../components/PageGuide';

interface LoginForm {
  username: string;
  password: string;
}

/** Only paths inside the portal may follow a sign-in. */
function safeNext(next: string | null): string | null {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : null;
}

export function LoginPage() {
  const { session, signIn, config, startSignIn } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get('next'));
  usePageTitle('登录');

  if (session) return <Navigate to={next ?? homePath(session)} replace />;

  const onFinish = async (values: LoginForm) => {
    setBusy(true);
    setError(null);
    try {
      const s = await signIn(values.username.trim(), values.password);
      // A temporary password: the new one first, then where the user was going.
      navigate(s.passwordChangeOnly ? '/change-password' : (next ?? homePath(s)), { replace: true });
    } catch (e) {
      setError(e instanceof Error ? e.message : '登录失败');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <Card className="login-card" title={null}>
        <Typography.Title level={3} style={{ textAlign: 'center', marginTop: 0 }}>
          村（社区）“两委”候选人资格联审
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          乡镇（街道）、联审部门和组织部门工作人员请使用本人账号登录
        </Typography.Paragraph>
        {params.get('expired') ? (
          <Alert type="warning" showIcon message="登录已过期，请重新登录" style={{ marginBottom: 16 }} data-testid="expired-notice" />
        ) : null}
        {params.get('ended') ? (
          <Alert
            type="warning"
            showIcon
            message="登录已失效：账号可能被停用、密码被重置，或已被要求退出全部登录。请重新登录。"
            style={{ marginBottom: 16 }}
            data-testid="ended-notice"
          />
        ) : null}
        {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="sign-in-error" /> : null}
        {config.mode === 'oidc' ? (
          <Button
            type="primary"
            block
            size="large"
            loading={busy}
            onClick={() => {
              setBusy(true);
              startSignIn(next).catch((e: unknown) => {
                setBusy(false);
                setError(e instanceof Error ? e.message : '登录失败');
              });
            }}
          >
            使用统一身份认证登录
          </Button>
        ) : (
          <Form<LoginForm> layout="vertical" onFinish={onFinish} requiredMark={false}>
            <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" size="large" />
            </Form.Item>
            <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={busy}>
              登录
            </Button>
          </Form>
        )}
      </Card>
    </div>
  );
}
