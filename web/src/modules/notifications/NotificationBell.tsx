import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Drawer, Empty, Flex, List, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { type Notification, renderNotification } from '../../../../contracts/api/notifications.ts';
import { formatDateTime } from '../../app/format.ts';
import { useMarkAllRead, useMarkRead, useNotifications } from './api.ts';

/** The header's bell: the unread count, and a drawer listing the notifications (click opens the page). */
export function NotificationBell() {
  const { t, i18n } = useTranslation('notifications');
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [size, setSize] = useState(20);
  const query = useNotifications(size);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const unread = query.data?.unread ?? 0;
  const items = query.data?.items ?? [];

  const openOne = (n: Notification) => {
    if (!n.readAt) markRead.mutate(n.id);
    if (n.link) {
      setOpen(false);
      navigate(n.link);
    }
  };

  return (
    <>
      <Tooltip title={t('bell')}>
        <Badge count={unread} size="small" overflowCount={99}>
          <Button type="text" aria-label={t('bell')} icon={<BellOutlined />} onClick={() => setOpen(true)} />
        </Badge>
      </Tooltip>
      <Drawer
        open={open}
        title={
          <Flex justify="space-between" align="center" gap={8}>
            <span>
              {t('title')}
              {unread > 0 && (
                <Typography.Text
                  type="secondary"
                  style={{ fontWeight: 'normal', marginInlineStart: 8, fontSize: 13 }}
                >
                  {t('unread', { count: unread })}
                </Typography.Text>
              )}
            </span>
            {unread > 0 && (
              <Button size="small" loading={markAll.isPending} onClick={() => markAll.mutate()}>
                {t('readAll')}
              </Button>
            )}
          </Flex>
        }
        size={400}
        styles={{ wrapper: { maxWidth: '100vw' } }}
        onClose={() => setOpen(false)}
      >
        {items.length === 0 ? (
          <Empty description={t('empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <List<Notification>
            dataSource={items}
            loading={query.isFetching && items.length === 0}
            renderItem={(n) => (
              <List.Item
                onClick={() => openOne(n)}
                style={{ cursor: n.link ? 'pointer' : 'default', alignItems: 'flex-start' }}
              >
                <Flex gap={8} align="flex-start" style={{ width: '100%' }}>
                  <Badge status={n.readAt ? 'default' : 'processing'} style={{ marginTop: 6 }} />
                  <div style={{ minWidth: 0 }}>
                    <Typography.Text strong={!n.readAt}>
                      {renderNotification(n.kind, n.params, lang)}
                    </Typography.Text>
                    <Typography.Text
                      type="secondary"
                      className="ms-mono"
                      style={{ display: 'block', fontSize: 12 }}
                    >
                      {formatDateTime(n.createdAt).slice(0, 16)}
                    </Typography.Text>
                  </div>
                </Flex>
              </List.Item>
            )}
          />
        )}
        {(query.data?.total ?? 0) > items.length && (
          <Button block type="link" onClick={() => setSize((s) => Math.min(200, s + 20))}>
            {t('more')}
          </Button>
        )}
      </Drawer>
    </>
  );
}
