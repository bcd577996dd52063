import { CheckCircleOutlined, LoginOutlined, LogoutOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Input, Result, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { MySignup } from '../../../../contracts/api/activities.ts';
import { useMyActions, useMyActivities } from '../activities/api.ts';
import { formatMinute } from '../activities/labels.tsx';
import { PhoneQueryState, SignupCard } from './HomePage.tsx';

/**
 * /v/check-in: the six digits from the leader's screen, or a scanned link that carries them
 * (?shift=…&code=…), and one tap to check in or out of the current shift.
 */
export default function CheckInPage() {
  const { t } = useTranslation('volunteerApp');
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const shiftParam = params.get('shift') ?? undefined;
  const [code, setCode] = useState((params.get('code') ?? '').replace(/\D/g, '').slice(0, 6));
  const [done, setDone] = useState<MySignup | null>(null);
  const query = useMyActivities();
  const { checkIn, checkOut } = useMyActions();
  if (query.isError) return <PhoneQueryState error={query.error} retry={() => void query.refetch()} />;
  if (!query.data) return <Spin style={{ display: 'block', margin: 48 }} />;
  const open = query.data.upcoming.filter((s) => s.canCheckIn || s.canCheckOut);
  // A scanned link names its shift; otherwise one open shift is the current one, and with
  // several the code itself tells the server which shift it belongs to.
  const current = shiftParam
    ? open.find((s) => s.shiftId === shiftParam)
    : open.length === 1
      ? open[0]
      : undefined;
  const action: 'in' | 'out' = current?.canCheckOut ? 'out' : 'in';
  const pending = checkIn.isPending || checkOut.isPending;
  const submit = (which: 'in' | 'out') => {
    if (!/^\d{6}$/.test(code)) {
      message.warning(t('checkIn.incomplete'));
      return;
    }
    const body = { code, shiftId: shiftParam };
    const run = which === 'in' ? checkIn.mutateAsync(body) : checkOut.mutateAsync(body);
    run.then(
      (s) => {
        setDone(s);
        setCode('');
      },
      (e: Error) => message.error(e.message),
    );
  };
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('checkIn.title')}
      </Typography.Title>
      {done && (
        <Result
          status="success"
          icon={<CheckCircleOutlined />}
          style={{ padding: 12, background: '#fff', borderRadius: 10 }}
          title={
            done.status === 'checked_out'
              ? t('checkIn.checkedOut', { minutes: done.minutes ?? 0 })
              : t('checkIn.checkedIn', { time: done.checkInAt ? formatMinute(done.checkInAt).slice(11) : '' })
          }
          subTitle={done.activityTitle}
        />
      )}
      {open.length === 0 ? (
        <Alert type="info" showIcon message={t('checkIn.noCurrent')} />
      ) : (
        <>
          <Typography.Text type="secondary">{t('checkIn.current')}</Typography.Text>
          {(current ? [current] : open).map((s) => (
            <SignupCard key={s.signupId} s={s} />
          ))}
        </>
      )}
      <Card style={{ borderRadius: 10 }}>
        <Flex vertical align="center" gap={16}>
          <Typography.Text style={{ fontSize: 16 }}>{t('checkIn.enter')}</Typography.Text>
          <Input.OTP
            length={6}
            size="large"
            value={code}
            onChange={(v) => setCode(v.replace(/\D/g, ''))}
            formatter={(v) => v.replace(/\D/g, '')}
            inputMode="numeric"
            aria-label={t('checkIn.enter')}
          />
          {current ? (
            <Button
              type="primary"
              size="large"
              block
              loading={pending}
              icon={action === 'in' ? <LoginOutlined /> : <LogoutOutlined />}
              style={{ height: 56, fontSize: 20 }}
              onClick={() => submit(action)}
            >
              {action === 'in' ? t('checkIn.checkIn') : t('checkIn.checkOut')}
            </Button>
          ) : (
            <Flex gap={12} style={{ width: '100%' }}>
              <Button
                size="large"
                block
                loading={pending}
                style={{ height: 56 }}
                onClick={() => submit('in')}
              >
                {t('checkIn.checkIn')}
              </Button>
              <Button
                size="large"
                block
                loading={pending}
                style={{ height: 56 }}
                onClick={() => submit('out')}
              >
                {t('checkIn.checkOut')}
              </Button>
            </Flex>
          )}
          <Typography.Text type="secondary" style={{ fontSize: 13, textAlign: 'center' }}>
            {t('checkIn.scanHint')}
          </Typography.Text>
        </Flex>
      </Card>
    </Space>
  );
}
