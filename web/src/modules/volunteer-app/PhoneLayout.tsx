import {
  CalendarOutlined,
  ClockCircleOutlined,
  GiftOutlined,
  LogoutOutlined,
  QrcodeOutlined,
  SafetyCertificateOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, Flex, Segmented, Typography } from 'antd';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { useAuth } from '../../app/auth.tsx';
import { setLanguage } from '../../app/i18n.ts';
import { PageSpinner } from '../../app/PageSpinner.tsx';

const TABS = [
  { to: '/v', key: 'home', icon: <UserOutlined />, end: true },
  { to: '/v/activities', key: 'activities', icon: <CalendarOutlined /> },
  { to: '/v/check-in', key: 'checkIn', icon: <QrcodeOutlined /> },
  { to: '/v/hours', key: 'hours', icon: <ClockCircleOutlined /> },
  { to: '/v/points', key: 'points', icon: <GiftOutlined /> },
  { to: '/v/certificates', key: 'certificates', icon: <SafetyCertificateOutlined /> },
] as const;

export const TAB_BAR_HEIGHT = 60;

/** Phone-width frame of the volunteer's pages: a slim header and a tab bar with big targets. */
export function PhoneLayout() {
  const { t, i18n } = useTranslation('volunteerApp');
  const { signOut } = useAuth();
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <div
        style={{
          maxWidth: 520,
          margin: '0 auto',
          minHeight: '100vh',
          background: '#f5f5f5',
          position: 'relative',
        }}
      >
        <Flex
          align="center"
          justify="space-between"
          style={{
            height: 48,
            padding: '0 12px',
            background: '#b71c1c',
            color: '#fff',
            position: 'sticky',
            top: 0,
            zIndex: 10,
          }}
        >
          <Typography.Text strong style={{ color: '#fff', fontSize: 17 }}>
            {t('appName')}
          </Typography.Text>
          <Flex align="center" gap={4}>
            <Segmented
              size="small"
              value={i18n.language === 'en' ? 'en' : 'zh-CN'}
              onChange={(v) => setLanguage(v as 'zh-CN' | 'en')}
              options={[
                { value: 'zh-CN', label: '中' },
                { value: 'en', label: 'EN' },
              ]}
            />
            <Button
              type="text"
              aria-label={t('signOut')}
              icon={<LogoutOutlined style={{ color: '#fff' }} />}
              onClick={() => void signOut()}
            />
          </Flex>
        </Flex>
        <main style={{ padding: 12, paddingBottom: TAB_BAR_HEIGHT + 16 }}>
          <Suspense fallback={<PageSpinner />}>
            <Outlet />
          </Suspense>
        </main>
        <nav
          aria-label={t('appName')}
          style={{
            position: 'fixed',
            bottom: 0,
            left: 0,
            right: 0,
            height: TAB_BAR_HEIGHT,
            background: '#fff',
            borderTop: '1px solid #eee',
            display: 'flex',
            justifyContent: 'center',
            zIndex: 10,
          }}
        >
          <div style={{ display: 'flex', width: '100%', maxWidth: 520 }}>
            {TABS.map((tab) => (
              <NavLink
                key={tab.key}
                to={tab.to}
                end={'end' in tab}
                style={({ isActive }) => ({
                  flex: 1,
                  display: 'flex',
                  flexDirection: 'column',
                  alignItems: 'center',
                  justifyContent: 'center',
                  gap: 2,
                  fontSize: 12,
                  color: isActive ? '#b71c1c' : '#555',
                  textDecoration: 'none',
                  minWidth: 0,
                })}
              >
                <span style={{ fontSize: 22, lineHeight: 1 }}>{tab.icon}</span>
                <span style={{ whiteSpace: 'nowrap' }}>{t(`tabs.${tab.key}`)}</span>
              </NavLink>
            ))}
          </div>
        </nav>
      </div>
    </div>
  );
}
