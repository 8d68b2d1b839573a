/**
 * Who is using the app: the login form when the server asks for one, and the user's name, role
 * and scope in the header with 退出. With no user configured (a server on this machine) the
 * header says 本机管理员 so nobody mistakes it for a shared server's login.
 */
import { ROUTES } from '../../../src/server/routes';
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Tag, Tooltip, Typography } from 'antd';
import { sendJson, type Me } from '../lib/api';

export function LoginPage({ onLogin }: { onLogin: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="login-page">
      <Card title="政府信息公开年报审核 · 登录" className="login-card" data-testid="login">
        <Form
          layout="vertical"
          onFinish={(v: { name: string; password: string }) => {
            setBusy(true);
            setError(null);
            sendJson<Me>('POST', ROUTES.login.path(), v)
              .then(onLogin)
              .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
              .finally(() => setBusy(false));
          }}
        >
          <Form.Item name="name" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input autoComplete="username" data-testid="login-name" autoFocus />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} data-testid="login-error" style={{ marginBottom: 12 }} />}
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            登录
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" className="small" style={{ marginTop: 12, marginBottom: 0 }}>
          账号由管理员用 nianbao users add 创建。
        </Typography.Paragraph>
      </Card>
    </div>
  );
}

export function UserBadge({ me, onLogout }: { me: Me['user']; onLogout: () => void }) {
  if (me.local)
    return (
      <Tooltip title="尚未设置用户：本机的访问者都是管理员。共享服务器请先用 nianbao users add 创建管理员，之后需登录。">
        <Tag color="gold" data-testid="user-local">
          本机管理员（未设用户）
        </Tag>
      </Tooltip>
    );
  const scope = me.scopeRegion ?? me.scopeUnitName;
  return (
    <span className="user-badge" data-testid="user-badge">
      <span data-testid="user-name">{me.name}</span>
      <Tag className="tag-gap">
        {me.roleName}
        {scope ? ` · ${scope}` : ''}
      </Tag>
      <Button
        size="small"
        type="link"
        data-testid="logout"
        onClick={() => {
          void sendJson('POST', ROUTES.logout.path(), {}).finally(onLogout);
        }}
      >
        退出
      </Button>
    </span>
  );
}
