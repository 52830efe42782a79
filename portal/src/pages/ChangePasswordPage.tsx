// Changing one's own password (POST /me/password). A first sign-in with a temporary password comes
// here before anything else; the change ends every session, so the page signs in again with the
// new password. Where an OIDC provider keeps the accounts, its own pages change passwords.
import { LockOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Result, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError, postJson } from '../api';
import { homePath, useAuth, useSession } from '../auth';
import type { ChangePasswordRequest, ChangePasswordResponse } from '../../../shared/api';

interface ChangeForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** The rules the server applies (shared/domain/accounts.ts), said before the user types. */
export const PASSWORD_RULES = '至少 10 个字符，包含大写字母、小写字母、数字、符号中的至少三类，不能包含用户名，不能是常见密码';

export function ChangePasswordPage() {
  const session = useSession();
  const { config, signIn } = useAuth();
  const navigate = useNavigate();
  const [form] = Form.useForm<ChangeForm>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (config.mode === 'oidc') {
    return (
      <Result
        status="info"
        title="密码在统一身份认证页面修改"
        subTitle="请退出后在统一身份认证平台（或 Cognito 登录页）修改密码；忘记密码请联系组织部门。"
      />
    );
  }

  const onFinish = async (v: ChangeForm) => {
    setBusy(true);
    setError(null);
    try {
      const body: ChangePasswordRequest = { currentPassword: v.currentPassword, newPassword: v.newPassword };
      await postJson<ChangePasswordResponse>('/me/password', body);
      // Every session ended with the change: sign in again with the new password.
      const next = await signIn(session.username, v.newPassword);
      navigate(homePath(next), { replace: true });
    } catch (e) {
      if (e instanceof ApiError) {
        const field = typeof e.body === 'object' && e.body !== null && 'field' in e.body ? e.body.field : null;
        if (field === 'currentPassword' || field === 'newPassword') form.setFields([{ name: field, errors: [e.message] }]);
        else setError(e.message);
      } else setError(e instanceof Error ? e.message : '修改失败');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="center-box">
      <Card title="修改密码" style={{ width: 460 }} data-testid="change-password-card">
        {session.passwordChangeOnly ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="first-sign-in"
            message="请先设置新密码"
            description="您使用的是组织部门发放的临时密码（新账号或被重置的密码），设置新密码后才能使用系统。"
          />
        ) : null}
        {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} /> : null}
        <Typography.Paragraph type="secondary">新密码要求：{PASSWORD_RULES}。修改后所有已登录的设备都须重新登录。</Typography.Paragraph>
        <Form<ChangeForm> form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item name="currentPassword" label="当前密码" rules={[{ required: true, message: '请输入当前密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label="新密码"
            rules={[
              { required: true, message: '请输入新密码' },
              { min: 10, message: '至少 10 个字符' },
            ]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label="再次输入新密码"
            dependencies={['newPassword']}
            rules={[
              { required: true, message: '请再次输入新密码' },
              ({ getFieldValue }) => ({
                validator: (_, value) =>
                  value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的新密码不一致')),
              }),
            ]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="change-password-submit">
            修改密码
          </Button>
        </Form>
      </Card>
    </div>
  );
}
