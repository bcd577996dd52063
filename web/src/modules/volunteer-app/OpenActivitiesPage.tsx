import { App, Button, Card, Empty, Flex, Segmented, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMyActions, useOpenActivities } from '../activities/api.ts';
import { formatWindow, useCategoryLabel } from '../activities/labels.tsx';
import { PhoneQueryState } from './HomePage.tsx';

/** /v/activities: activities open for sign-up near the volunteer, every post a big button. */
export default function OpenActivitiesPage() {
  const { t } = useTranslation('volunteerApp');
  const { t: ta } = useTranslation('activities');
  const { message } = App.useApp();
  const category = useCategoryLabel();
  const [near, setNear] = useState<'street' | 'district'>('street');
  const query = useOpenActivities(near);
  const { signUp, cancel } = useMyActions();
  const after = (p: Promise<unknown>, ok: string) =>
    p.then(
      () => {
        message.success(ok);
        void query.refetch();
      },
      (e: Error) => message.error(e.message),
    );
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('activities.title')}
        </Typography.Title>
        <Segmented
          value={near}
          onChange={(v) => setNear(v as 'street' | 'district')}
          options={[
            { value: 'street', label: t('activities.street') },
            { value: 'district', label: t('activities.district') },
          ]}
        />
      </Flex>
      {query.isError ? (
        <PhoneQueryState error={query.error} retry={() => void query.refetch()} />
      ) : !query.data ? (
        <Spin style={{ display: 'block', margin: 48 }} />
      ) : query.data.length === 0 ? (
        <Empty description={t('activities.none')} />
      ) : (
        query.data.map((a) => (
          <Card key={a.id} size="small" style={{ borderRadius: 10 }}>
            <Flex justify="space-between" gap={8}>
              <Typography.Text strong style={{ fontSize: 16 }}>
                {a.title}
              </Typography.Text>
              <Tag>{ta(`kinds.${a.kind}`)}</Tag>
            </Flex>
            <Typography.Paragraph type="secondary" style={{ margin: '2px 0 8px', fontSize: 13 }}>
              {a.orgName} · {a.areaName} · {a.place}
            </Typography.Paragraph>
            {a.shifts.map((s) => (
              <div key={s.id} style={{ marginBottom: 10 }}>
                <Typography.Text>
                  {formatWindow(s.startsAt, s.endsAt)}
                  {s.label ? `（${s.label}）` : ''}
                </Typography.Text>
                <Flex wrap gap={8} style={{ marginTop: 6 }}>
                  {s.posts.map((p) => {
                    const full = p.filled >= p.capacity;
                    if (p.mine)
                      return (
                        <Button
                          key={p.id}
                          size="large"
                          type="primary"
                          ghost
                          onClick={() =>
                            p.signupId && after(cancel.mutateAsync(p.signupId), t('home.cancelled'))
                          }
                        >
                          {t('activities.mine')} · {p.name} ✕
                        </Button>
                      );
                    return (
                      <Button
                        key={p.id}
                        size="large"
                        disabled={full}
                        loading={
                          signUp.isPending &&
                          signUp.variables?.postId === p.id &&
                          signUp.variables.shiftId === s.id
                        }
                        onClick={() =>
                          after(signUp.mutateAsync({ shiftId: s.id, postId: p.id }), t('activities.signedUp'))
                        }
                      >
                        {p.name.includes(category(p.category))
                          ? p.name
                          : `${p.name}（${category(p.category)}）`}{' '}
                        {p.filled >= p.capacity
                          ? t('activities.full')
                          : t('activities.seats', { filled: p.filled, capacity: p.capacity })}
                      </Button>
                    );
                  })}
                </Flex>
              </div>
            ))}
          </Card>
        ))
      )}
    </Space>
  );
}
