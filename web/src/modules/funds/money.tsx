import { type FormRule, Input, type InputProps, Statistic, Typography } from 'antd';
import type { TFunction } from 'i18next';
import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../../../contracts/messages/index.ts';
import { formatValue, type Unit, yuanToFen } from '../../../../contracts/money.ts';

/** The UI language as the contracts name it (their label tables and formatValue take it). */
export function useLang(): Lang {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

/** A label from a contracts table ({ 'zh-CN', en } per key); an unknown key shows as it is. */
export function pickLabel(
  table: Record<string, { 'zh-CN': string; en: string }>,
  key: string,
  lang: Lang,
): string {
  return table[key]?.[lang] ?? key;
}

/** "-¥12.34" rather than formatValue's "¥-12.34": the sign reads first, as on a bank statement. */
export function formatMoney(value: number, unit: Unit, lang: Lang): string {
  return value < 0 ? `-${formatValue(-value, unit, lang)}` : formatValue(value, unit, lang);
}

/** ¥12.34 (or "12 积分"), never via floats; `signed` adds + to credits and colours the sign. */
export function Money({
  value,
  unit = 'fen',
  signed,
  strong,
  size,
  style,
}: {
  value: number;
  unit?: Unit;
  signed?: boolean;
  strong?: boolean;
  /** px; money people act on is shown large */
  size?: number;
  style?: CSSProperties;
}) {
  const lang = useLang();
  const text = formatMoney(value, unit, lang);
  const color = signed ? (value > 0 ? '#237804' : value < 0 ? '#a8071a' : undefined) : undefined;
  return (
    <Typography.Text
      strong={strong}
      style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap', color, fontSize: size, ...style }}
    >
      {signed && value > 0 ? '+' : ''}
      {text}
    </Typography.Text>
  );
}

/** A large figure with its caption, for balances and totals. */
export function MoneyStat({
  title,
  value,
  unit = 'fen',
  tone,
  note,
}: {
  title: ReactNode;
  value: number;
  unit?: Unit;
  tone?: 'good' | 'warn' | 'muted';
  note?: ReactNode;
}) {
  const lang = useLang();
  const color =
    tone === 'good' ? '#237804' : tone === 'warn' ? '#ad4e00' : tone === 'muted' ? '#8c8c8c' : undefined;
  return (
    <div>
      <Statistic
        title={title}
        value={value}
        formatter={() => formatMoney(value, unit, lang)}
        styles={{ content: { fontSize: 28, fontWeight: 600, color, fontVariantNumeric: 'tabular-nums' } }}
      />
      {note && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {note}
        </Typography.Text>
      )}
    </div>
  );
}

/** Amounts are typed in yuan with at most two decimals and converted to fen exactly. */
export function YuanInput(props: Omit<InputProps, 'prefix' | 'inputMode'>) {
  return <Input prefix="¥" inputMode="decimal" maxLength={14} {...props} />;
}

/** Form rules for a yuan amount: required, well-formed, at least `min` fen. */
export function yuanRules(t: TFunction, field: string, min = 1): FormRule[] {
  return [
    { required: true, whitespace: true, message: t('common:form.required', { field }) },
    {
      validator: async (_, v: string | undefined) => {
        if (!v?.trim()) return;
        const fen = yuanToFen(v);
        if (fen === null) throw new Error(t('funds:money.invalid'));
        if (fen < min) throw new Error(t('funds:money.tooSmall', { min: formatValue(min, 'fen') }));
      },
    },
  ];
}
