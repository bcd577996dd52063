import { Tag } from 'antd';
import {
  BENEFICIARY_FLAG_LABELS,
  CLAIMANT_TYPE_LABELS,
  INVITATION_STATUS_LABELS,
  NEED_CATEGORY_LABELS,
  NEED_STATUS_LABELS,
  type NeedStatus,
} from '../../../../contracts/api/needs.ts';
import { VOLUNTEER_SKILL_LABELS } from '../../../../contracts/api/volunteers.ts';
import { pickLabel, useLang } from '../funds/money.tsx';

const STATUS_COLORS: Record<NeedStatus, string | undefined> = {
  draft: undefined,
  published: 'gold',
  claimed: 'orange',
  scheduled: 'blue',
  in_progress: 'cyan',
  done: 'purple',
  confirmed: 'green',
  rated: 'green',
  cancelled: undefined,
  expired: 'default',
};

/** Category, status, skill and claimant names in the UI language (the contracts' tables). */
export function useNeedLabels() {
  const lang = useLang();
  return {
    lang,
    category: (c: string) => pickLabel(NEED_CATEGORY_LABELS, c, lang),
    status: (s: string) => pickLabel(NEED_STATUS_LABELS, s, lang),
    skill: (s: string) => pickLabel(VOLUNTEER_SKILL_LABELS, s, lang),
    claimant: (t: string) => pickLabel(CLAIMANT_TYPE_LABELS, t, lang),
    invitation: (s: string) => pickLabel(INVITATION_STATUS_LABELS, s, lang),
    flag: (f: string) => pickLabel(BENEFICIARY_FLAG_LABELS, f, lang),
  };
}

export function NeedStatusTag({ status }: { status: NeedStatus }) {
  const labels = useNeedLabels();
  return (
    <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }}>
      {labels.status(status)}
    </Tag>
  );
}

/** 2026-06-16 09:00–11:00 in Shanghai wall time (the end's day shown only when it differs). */
export function formatWindow(startsAt: string, endsAt: string): string {
  const fmt = (iso: string) => {
    const p = Object.fromEntries(
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
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
  };
  const s = fmt(startsAt);
  const e = fmt(endsAt);
  return s.slice(0, 10) === e.slice(0, 10) ? `${s}–${e.slice(11)}` : `${s} – ${e}`;
}
