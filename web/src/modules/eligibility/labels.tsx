import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type {
  APPLICATION_STATUSES,
  ExplanationView,
  PROGRAMME_KINDS,
  ProgrammeVersionView,
  ProgrammeView,
  VERSION_STATUSES,
  WORKLIST_KINDS,
  WORKLIST_LEVELS,
  WORKLIST_STATUSES,
} from '../../../../contracts/api/eligibility.ts';
import { formatMoney, useLang } from '../funds/money.tsx';
import type { ParamView } from './api.ts';

type Truth = 'yes' | 'no' | 'unknown';

const VERSION_COLORS: Record<(typeof VERSION_STATUSES)[number], string | undefined> = {
  draft: 'blue',
  published: 'green',
  retired: undefined,
};
const KIND_COLORS: Record<(typeof PROGRAMME_KINDS)[number], string> = {
  benefit: 'geekblue',
  alert: 'volcano',
};
const WORKLIST_KIND_COLORS: Record<(typeof WORKLIST_KINDS)[number], string> = {
  outreach: 'green',
  review: 'orange',
  alert: 'red',
};
const WORKLIST_STATUS_COLORS: Record<(typeof WORKLIST_STATUSES)[number], string | undefined> = {
  open: 'gold',
  in_progress: 'blue',
  done: 'green',
  dismissed: undefined,
  resolved: undefined,
};
const VERDICT_COLORS: Record<ExplanationView['verdict'], string | undefined> = {
  entitled: 'green',
  not_entitled: undefined,
  unknown: 'orange',
  alert: 'red',
  no_alert: undefined,
};
const LEVEL_COLORS: Record<(typeof WORKLIST_LEVELS)[number], string> = {
  community: 'cyan',
  street: 'purple',
  district: 'magenta',
};
const APPLICATION_STATUS_COLORS: Record<(typeof APPLICATION_STATUSES)[number], string | undefined> = {
  submitted: 'gold',
  approved: 'blue',
  rejected: undefined,
  enrolled: 'green',
};
export const TRUTH_COLORS: Record<Truth, string> = { yes: '#237804', no: '#a8071a', unknown: '#d46b08' };

export function VersionStatusTag({ status }: { status: ProgrammeVersionView['status'] }) {
  const { t } = useTranslation('eligibility');
  return <Tag color={VERSION_COLORS[status]}>{t(`versionStatus.${status}`)}</Tag>;
}

export function KindTag({ kind }: { kind: ProgrammeView['kind'] }) {
  const { t } = useTranslation('eligibility');
  return <Tag color={KIND_COLORS[kind]}>{t(`kind.${kind}`)}</Tag>;
}

export function WorklistKindTag({ kind }: { kind: (typeof WORKLIST_KINDS)[number] }) {
  const { t } = useTranslation('eligibility');
  return <Tag color={WORKLIST_KIND_COLORS[kind]}>{t(`worklistKind.${kind}`)}</Tag>;
}

export function WorklistStatusTag({ status }: { status: (typeof WORKLIST_STATUSES)[number] }) {
  const { t } = useTranslation('eligibility');
  return <Tag color={WORKLIST_STATUS_COLORS[status]}>{t(`worklistStatus.${status}`)}</Tag>;
}

export function TierTag({ tier }: { tier: 'red' | 'yellow' }) {
  const { t } = useTranslation('eligibility');
  return <Tag color={tier === 'red' ? 'red' : 'gold'}>{t(`tier.${tier}`)}</Tag>;
}

/** Who must act on an alert: 社区 / 街道 / 区. */
export function LevelTag({ level }: { level: (typeof WORKLIST_LEVELS)[number] }) {
  const { t } = useTranslation('eligibility');
  return <Tag color={LEVEL_COLORS[level]}>{t(`level.${level}`)}</Tag>;
}

export function ApplicationStatusTag({ status }: { status: (typeof APPLICATION_STATUSES)[number] }) {
  const { t } = useTranslation('eligibility');
  return <Tag color={APPLICATION_STATUS_COLORS[status]}>{t(`applicationStatus.${status}`)}</Tag>;
}

export function VerdictTag({ verdict }: { verdict: ExplanationView['verdict'] }) {
  const { t } = useTranslation('eligibility');
  return <Tag color={VERDICT_COLORS[verdict]}>{t(`verdict.${verdict}`)}</Tag>;
}

/** ✓ 是 / ✗ 否 / ？未知 in its colour. */
export function TruthMark({ truth }: { truth: Truth }) {
  const { t } = useTranslation('eligibility');
  return (
    <Typography.Text strong style={{ color: TRUTH_COLORS[truth], whiteSpace: 'nowrap' }}>
      {t(`truth.${truth}`)}
    </Typography.Text>
  );
}

/** "2019-01-01 至 长期". */
export function useValidity() {
  const { t } = useTranslation('eligibility');
  return (from: string, to: string | null) => t('validity', { from, to: to ?? t('untilFurther') });
}

/** A benefit's amount with its period: ¥600.00/月, ¥200.00/年, ¥10,000.00（一次性）. */
export function useAmountText() {
  const { t } = useTranslation('eligibility');
  const lang = useLang();
  return (amount: number, period: string | null) => {
    const money = formatMoney(amount, 'fen', lang);
    return period === 'month' || period === 'year' || period === 'once'
      ? t(`period.${period}`, { amount: money })
      : money;
  };
}

const MONEY_UNITS = new Set<ParamView['unit']>(['yuan_month', 'yuan_year', 'yuan']);

export function isMoneyUnit(unit: ParamView['unit']): boolean {
  return MONEY_UNITS.has(unit);
}

/** A parameter's value with its unit: ¥1,285.00/月, 150%, 90 天. */
export function useParamValueText() {
  const { t } = useTranslation('eligibility');
  const lang = useLang();
  return (unit: ParamView['unit'], value: number) =>
    t(`paramUnit.${unit}`, { value: isMoneyUnit(unit) ? formatMoney(value, 'fen', lang) : String(value) });
}

/** The value of a dated parameter on a date (values apply from their date until the next one). */
export function paramValueOn(param: ParamView, date: string): ParamView['values'][number] | undefined {
  let found: ParamView['values'][number] | undefined;
  for (const v of [...param.values].sort((a, b) => a.validFrom.localeCompare(b.validFrom)))
    if (v.validFrom <= date) found = v;
  return found;
}

/** Programme names in the UI language. */
export function programmeName(p: Pick<ProgrammeView, 'nameZh' | 'nameEn'>, lang: 'zh-CN' | 'en'): string {
  return lang === 'en' ? p.nameEn : p.nameZh;
}
