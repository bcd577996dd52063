import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RecordStatus, SignupStatus } from '../../../../contracts/api/activities.ts';
import { NEED_CATEGORY_LABELS } from '../../../../contracts/api/needs.ts';
import { pickLabel, useLang } from '../funds/money.tsx';

const SIGNUP_COLORS: Record<SignupStatus, string | undefined> = {
  signed_up: 'blue',
  checked_in: 'cyan',
  checked_out: 'green',
  cancelled: undefined,
  no_show: 'red',
};
const RECORD_COLORS: Record<RecordStatus, string | undefined> = {
  pending: 'gold',
  confirmed: 'green',
  rejected: 'red',
  superseded: undefined,
};

export function useCategoryLabel() {
  const lang = useLang();
  return (c: string) => pickLabel(NEED_CATEGORY_LABELS, c, lang);
}

export function SignupStatusTag({ status }: { status: SignupStatus }) {
  const { t } = useTranslation('activities');
  return (
    <Tag color={SIGNUP_COLORS[status]} style={{ marginInlineEnd: 0 }}>
      {t(`signupStatuses.${status}`)}
    </Tag>
  );
}

export function RecordStatusTag({ status }: { status: RecordStatus }) {
  const { t } = useTranslation('activities');
  return (
    <Tag color={RECORD_COLORS[status]} style={{ marginInlineEnd: 0 }}>
      {t(`recordStatuses.${status}`)}
    </Tag>
  );
}

function parts(iso: string) {
  return Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  );
}

/** 2026-06-10 09:00 in Shanghai wall time. */
export function formatMinute(iso: string): string {
  const p = parts(iso);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** 2026-06-10 09:00–11:30 (the end's day shown only when it differs). */
export function formatWindow(startsAt: string, endsAt: string): string {
  const s = formatMinute(startsAt);
  const e = formatMinute(endsAt);
  return s.slice(0, 10) === e.slice(0, 10) ? `${s}–${e.slice(11)}` : `${s} – ${e}`;
}

/** 150 minutes → "2.5" (hours with one decimal). */
export const hoursOf = (minutes: number) => String(Math.round((minutes / 60) * 10) / 10);
