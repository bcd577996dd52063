import { FullscreenOutlined } from '@ant-design/icons';
import { Button, Flex, Progress, QRCode, Segmented, Spin, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../app/StatusPages.tsx';
import { useCheckInCode } from './api.ts';
import { formatWindow } from './labels.tsx';

export interface CodeShift {
  id: string;
  label: string | null;
  startsAt: string;
  endsAt: string;
}

/**
 * The seconds left in the code's window, counted down on the screen between two fetches; `stamp`
 * (when the code arrived) restarts the count even when two answers carry the same number.
 */
function useCountdown(secondsLeft: number | undefined, stamp: number) {
  const [left, setLeft] = useState(secondsLeft ?? 0);
  useEffect(() => {
    const start = stamp || Date.now();
    const tick = () => setLeft(Math.max(0, (secondsLeft ?? 0) - Math.floor((Date.now() - start) / 1000)));
    tick();
    const timer = window.setInterval(tick, 250);
    return () => window.clearInterval(timer);
  }, [secondsLeft, stamp]);
  return left;
}

/**
 * The leader's screen: the current six-digit code in large type, a countdown to the next one,
 * and a QR of the volunteer check-in page with the code. The server gives the code; the secret
 * never reaches the browser.
 */
export function CodeScreen({
  activityId,
  title,
  shifts,
  initialShiftId,
}: {
  activityId: string;
  title: string;
  shifts: CodeShift[];
  initialShiftId?: string;
}) {
  const { t } = useTranslation('activities');
  const [shiftId, setShiftId] = useState(initialShiftId ?? currentShift(shifts)?.id);
  const query = useCheckInCode(activityId, shiftId);
  const left = useCountdown(query.data?.secondsLeft, query.dataUpdatedAt);
  const box = useRef<HTMLDivElement>(null);
  const shift = shifts.find((s) => s.id === shiftId);
  const url = query.data ? `${window.location.origin}${query.data.checkInPath}` : '';
  return (
    <div ref={box} style={{ background: '#fff', padding: 16, minHeight: '100%' }}>
      <Flex vertical align="center" gap={12}>
        <Typography.Title level={3} style={{ margin: 0, textAlign: 'center' }}>
          {title}
        </Typography.Title>
        {shifts.length > 1 && (
          <Segmented
            value={shiftId}
            onChange={(v) => setShiftId(String(v))}
            options={shifts.map((s) => ({
              value: s.id,
              label: s.label || formatWindow(s.startsAt, s.endsAt).slice(11),
            }))}
          />
        )}
        {shift && (
          <Typography.Text type="secondary">{formatWindow(shift.startsAt, shift.endsAt)}</Typography.Text>
        )}
        {query.isError ? (
          <QueryError error={query.error} onRetry={() => void query.refetch()} />
        ) : !query.data ? (
          <Spin tip={t('code.loading')} />
        ) : (
          <>
            <div
              data-testid="check-in-code"
              role="status"
              aria-label={t('code.title')}
              style={{
                fontSize: 'min(18vw, 120px)',
                fontWeight: 700,
                letterSpacing: '0.15em',
                fontVariantNumeric: 'tabular-nums',
                lineHeight: 1.1,
                color: '#b71c1c',
              }}
            >
              {query.data.code}
            </div>
            <Progress
              percent={(left / 60) * 100}
              showInfo={false}
              strokeColor="#b71c1c"
              style={{ width: 'min(80vw, 420px)' }}
            />
            <Typography.Text>{t('code.secondsLeft', { s: left })}</Typography.Text>
            <QRCode value={url} size={200} bordered={false} />
            <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
              {t('code.hint')}
            </Typography.Text>
          </>
        )}
        <Button
          icon={<FullscreenOutlined />}
          onClick={() => void box.current?.requestFullscreen?.().catch(() => undefined)}
        >
          {t('code.fullscreen')}
        </Button>
      </Flex>
    </div>
  );
}

/** The shift running now, else the next one, else the last. */
export function currentShift<T extends { startsAt: string; endsAt: string }>(shifts: T[]): T | undefined {
  const now = Date.now();
  return (
    shifts.find(
      (s) => Date.parse(s.startsAt) - 30 * 60_000 <= now && now <= Date.parse(s.endsAt) + 30 * 60_000,
    ) ??
    shifts.find((s) => Date.parse(s.startsAt) > now) ??
    shifts.at(-1)
  );
}
