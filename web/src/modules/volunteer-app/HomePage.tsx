import { QrcodeOutlined, SearchOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Popconfirm, Result, Space, Spin, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { MySignup } from '../../../../contracts/api/activities.ts';
import { ApiError } from '../../app/api.ts';
import { QueryError } from '../../app/StatusPages.tsx';
import { useMyActions, useMyActivities } from '../activities/api.ts';
import { formatWindow, SignupStatusTag, useCategoryLabel } from '../activities/labels.tsx';

/** A query that failed because the login is no volunteer shows that, not an error. */
export function PhoneQueryState({ error, retry }: { error: unknown; retry: () => void }) {
  const { t } = useTranslation('volunteerApp');
  if (error instanceof ApiError && error.code === 'ACTIVITY_VOLUNTEER_NOT_FOUND')
    return <Result status="info" title={t('notVolunteer')} />;
  return <QueryError error={error} onRetry={retry} />;
}

export function SignupCard({ s, extra }: { s: MySignup; extra?: ReactNode }) {
  const category = useCategoryLabel();
  return (
    <Card size="small" style={{ borderRadius: 10 }}>
      <Flex justify="space-between" align="start" gap={8}>
        <Typography.Text strong style={{ fontSize: 16 }}>
          {s.activityTitle}
        </Typography.Text>
        <SignupStatusTag status={s.status} />
      </Flex>
      <Typography.Paragraph style={{ margin: '4px 0 0', fontSize: 14 }}>
        {formatWindow(s.startsAt, s.endsAt)}
        {s.shiftLabel ? `（${s.shiftLabel}）` : ''}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 13 }}>
        {s.postName} · {category(s.category)} · {s.place}
      </Typography.Paragraph>
      {extra}
    </Card>
  );
}

/** /v: the volunteer's upcoming sign-ups, the shift now, what they lead. */
export default function HomePage() {
  const { t } = useTranslation('volunteerApp');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const query = useMyActivities();
  const { cancel } = useMyActions();
  if (query.isError) return <PhoneQueryState error={query.error} retry={() => void query.refetch()} />;
  if (!query.data) return <Spin style={{ display: 'block', margin: 48 }} />;
  const me = query.data;
  const now = me.upcoming.filter((s) => s.canCheckIn || s.canCheckOut);
  const later = me.upcoming.filter((s) => !s.canCheckIn && !s.canCheckOut && s.status !== 'cancelled');
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <div>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('home.hello', { name: me.volunteer.name })}
        </Typography.Title>
        <Typography.Text type="secondary" className="ms-mono">
          {t('home.no', { no: me.volunteer.volunteerNo })}
        </Typography.Text>
      </div>
      {now.map((s) => (
        <SignupCard
          key={s.signupId}
          s={s}
          extra={
            <Button
              type="primary"
              size="large"
              block
              icon={<QrcodeOutlined />}
              style={{ marginTop: 10, height: 52, fontSize: 18 }}
              onClick={() => navigate(`/v/check-in?shift=${s.shiftId}`)}
            >
              {s.canCheckIn ? t('home.goCheckIn') : t('home.goCheckOut')}
            </Button>
          }
        />
      ))}
      {me.leading.length > 0 && (
        <>
          <Typography.Title level={5} style={{ margin: '8px 0 0' }}>
            {t('home.leading')}
          </Typography.Title>
          {me.leading.map((a) => (
            <Card key={a.activityId} size="small" style={{ borderRadius: 10 }}>
              <Typography.Text strong>{a.title}</Typography.Text>
              <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                {a.place}
              </Typography.Paragraph>
              <Space wrap style={{ marginTop: 8 }}>
                {a.shifts.map((s) => (
                  <Link key={s.id} to={`/v/lead/${a.activityId}?shift=${s.id}`}>
                    <Button icon={<QrcodeOutlined />}>
                      {s.label || formatWindow(s.startsAt, s.endsAt).slice(5)} · {t('home.showCode')}
                    </Button>
                  </Link>
                ))}
              </Space>
            </Card>
          ))}
        </>
      )}
      <Typography.Title level={5} style={{ margin: '8px 0 0' }}>
        {t('home.upcoming')}
      </Typography.Title>
      {later.length === 0 && now.length === 0 ? (
        <Empty description={t('home.none')}>
          <Link to="/v/activities">
            <Button type="primary" size="large" icon={<SearchOutlined />}>
              {t('home.browse')}
            </Button>
          </Link>
        </Empty>
      ) : (
        later.map((s) => (
          <SignupCard
            key={s.signupId}
            s={s}
            extra={
              s.canCancel && (
                <Popconfirm
                  title={t('home.cancelConfirm')}
                  onConfirm={() =>
                    cancel
                      .mutateAsync(s.signupId)
                      .then(() => message.success(t('home.cancelled')))
                      .catch((e: Error) => message.error(e.message))
                  }
                >
                  <Button size="large" block style={{ marginTop: 10 }}>
                    {t('home.cancel')}
                  </Button>
                </Popconfirm>
              )
            }
          />
        ))
      )}
      {me.recent.length > 0 && (
        <>
          <Typography.Title level={5} style={{ margin: '8px 0 0' }}>
            {t('home.recent')}
          </Typography.Title>
          {me.recent.slice(0, 5).map((s) => (
            <SignupCard
              key={s.signupId}
              s={s}
              extra={
                s.minutes ? (
                  <Tag style={{ marginTop: 6 }}>{t('home.minutes', { minutes: s.minutes })}</Tag>
                ) : null
              }
            />
          ))}
        </>
      )}
    </Space>
  );
}
