import { Alert, Card, Empty, Flex, List, Space, Spin, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { VOLUNTEER_ACCOUNT_KIND_LABELS } from '../../../../contracts/api/volunteers.ts';
import { useMyPoints, useMyVolunteer } from '../activities/api.ts';
import { formatMinute, hoursOf } from '../activities/labels.tsx';
import { pickLabel, useLang } from '../funds/money.tsx';

/** /v/points: balances and history from the volunteers module (志愿积分, 红色积分, time bank). */
export default function PointsPage() {
  const { t } = useTranslation('volunteerApp');
  const lang = useLang();
  const me = useMyVolunteer();
  const points = useMyPoints();
  if (me.isLoading || points.isLoading) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (me.isError || points.isError || !points.data)
    return <Alert type="info" showIcon message={t('points.unavailable')} />;
  const b = points.data.balances;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('points.title')}
      </Typography.Title>
      <Card style={{ borderRadius: 10 }}>
        <Flex justify="space-around" wrap gap={12}>
          <Statistic title={t('points.points')} value={b.points} />
          <Statistic title={t('points.redPoints')} value={b.redPoints} valueStyle={{ color: '#b71c1c' }} />
          <Statistic title={t('points.timeBank')} value={t('points.minutes', { n: b.timeBankMinutes })} />
        </Flex>
        {me.data && (
          <Typography.Paragraph type="secondary" style={{ textAlign: 'center', margin: '12px 0 0' }}>
            {t('points.total', { h: hoursOf(me.data.totalMinutes) })}
          </Typography.Paragraph>
        )}
      </Card>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('points.history')}
      </Typography.Title>
      {points.data.entries.length === 0 ? (
        <Empty description={t('points.none')} />
      ) : (
        <Card size="small" style={{ borderRadius: 10 }}>
          <List
            dataSource={points.data.entries}
            renderItem={(e) => (
              <List.Item
                extra={
                  <Typography.Text strong type={e.delta < 0 ? 'danger' : 'success'}>
                    {e.delta > 0 ? '+' : ''}
                    {e.unit === 'minute' ? t('points.minutes', { n: e.delta }) : e.delta}
                  </Typography.Text>
                }
              >
                <List.Item.Meta
                  title={pickLabel(VOLUNTEER_ACCOUNT_KIND_LABELS, e.kind, lang)}
                  description={`${formatMinute(e.at)}${e.memo ? ` · ${e.memo}` : ''}`}
                />
              </List.Item>
            )}
          />
        </Card>
      )}
    </Space>
  );
}
