import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Segmented, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useAuth } from '../../app/auth.tsx';
import { setLanguage } from '../../app/i18n.ts';
import { useLogin } from './api.ts';

interface LoginForm {
  username: string;
  password: string;
}

/** Only same-site paths are followed after sign-in. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export default function LoginPage() {
  const { t, i18n } = useTranslation('auth');
  const { me, signIn } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const login = useLogin();
  const next = safeNext(params.get('next'));

  if (me) return <Navigate to={next} replace />;

  const onFinish = (values: LoginForm) =>
    login.mutate(values, {
      onSuccess: (user) => {
        signIn(user);
        navigate(next, { replace: true });
      },
    });

  return (
    <main
      style={{
        minHeight: '100vh',
        display: 'grid',
        placeItems: 'center',
        background: 'linear-gradient(160deg, #fdf3f2 0%, #f5f6f8 60%)',
      }}
    >
      <div style={{ width: 380 }}>
        <div style={{ textAlign: 'center', marginBottom: 20 }}>
          <Typography.Title level={2} style={{ color: '#b71c1c', marginBottom: 4 }}>
            {t('common:appName')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('common:district')}</Typography.Text>
        </div>
        <Card
          title={t('title')}
          extra={
            <Segmented
              size="small"
              value={i18n.language === 'en' ? 'en' : 'zh-CN'}
              options={[
                { label: t('common:lang.zh'), value: 'zh-CN' },
                { label: t('common:lang.en'), value: 'en' },
              ]}
              onChange={(v) => setLanguage(v as 'zh-CN' | 'en')}
            />
          }
        >
          {login.error && (
            <Alert type="error" showIcon title={login.error.message} style={{ marginBottom: 16 }} />
          )}
          <Form<LoginForm> layout="vertical" requiredMark={false} onFinish={onFinish} size="large">
            <Form.Item
              name="username"
              label={t('username')}
              rules={[{ required: true, message: t('usernameRequired') }]}
            >
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('password')}
              rules={[{ required: true, message: t('passwordRequired') }]}
            >
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={login.isPending}>
              {t('submit')}
            </Button>
          </Form>
        </Card>
      </div>
    </main>
  );
}
