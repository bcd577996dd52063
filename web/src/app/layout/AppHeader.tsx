import { LogoutOutlined, MenuFoldOutlined, MenuUnfoldOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Flex, Grid, Layout, Segmented, Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { NotificationBell } from '../../modules/notifications/NotificationBell.tsx';
import { useAuth } from '../auth.tsx';
import { setLanguage } from '../i18n.ts';

export const HEADER_HEIGHT = 52;

export function AppHeader({ collapsed, onToggle }: { collapsed: boolean; onToggle: () => void }) {
  const { t, i18n } = useTranslation();
  const { me, signOut } = useAuth();
  // On a phone (volunteers' pages) the header keeps the menu, the bell, the language and sign-out.
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  const grants = me?.grants ?? [];
  const first = grants[0];
  return (
    <Layout.Header
      style={{
        height: HEADER_HEIGHT,
        lineHeight: `${HEADER_HEIGHT}px`,
        padding: '0 16px 0 8px',
        background: '#fff',
        borderBottom: '1px solid #f0f0f0',
        display: 'flex',
        alignItems: 'center',
        gap: 12,
        position: 'sticky',
        top: 0,
        zIndex: 10,
      }}
    >
      <Tooltip title={collapsed ? t('header.expand') : t('header.collapse')}>
        <Button
          type="text"
          aria-label={collapsed ? t('header.expand') : t('header.collapse')}
          icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
          onClick={onToggle}
        />
      </Tooltip>
      <Flex align="baseline" gap={10} style={{ minWidth: 0 }}>
        <Typography.Title level={4} style={{ margin: 0, color: '#b71c1c', whiteSpace: 'nowrap' }}>
          {t('appName')}
        </Typography.Title>
        {!narrow && (
          <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
            {t('district')}
          </Typography.Text>
        )}
      </Flex>
      <div style={{ flex: 1 }} />
      <Space size={narrow ? 4 : 12} align="center">
        <Space size={6} align="center" style={narrow ? { display: 'none' } : undefined}>
          <UserOutlined />
          <Typography.Text strong>{me?.displayName}</Typography.Text>
          {first && (
            <Tooltip
              title={
                grants.length > 1
                  ? grants.map((g) => `${t(`roles.${g.role}`)} · ${g.areaName}`).join('；')
                  : undefined
              }
            >
              <Tag color="red" variant="outlined" style={{ marginInlineEnd: 0 }}>
                {t(`roles.${first.role}`)} · {first.areaName}
                {grants.length > 1 ? ` +${grants.length - 1}` : ''}
              </Tag>
            </Tooltip>
          )}
        </Space>
        <NotificationBell />
        <Segmented
          size="small"
          aria-label={t('header.language')}
          value={i18n.language === 'en' ? 'en' : 'zh-CN'}
          options={[
            { label: t('lang.zh'), value: 'zh-CN' },
            { label: t('lang.en'), value: 'en' },
          ]}
          onChange={(v) => setLanguage(v as 'zh-CN' | 'en')}
        />
        <Button icon={<LogoutOutlined />} aria-label={t('header.signOut')} onClick={() => void signOut()}>
          {narrow ? null : t('header.signOut')}
        </Button>
      </Space>
    </Layout.Header>
  );
}
