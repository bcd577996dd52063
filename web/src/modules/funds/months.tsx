import { DatePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { todayInShanghai } from '../../app/format.ts';

/**
 * Grants and statements are kept by calendar month (YYYY-MM, Asia/Shanghai), the unit the
 * programme and the settlement rules count in.
 */
export function thisMonth(): string {
  return todayInShanghai().slice(0, 7);
}

export function addMonths(month: string, n: number): string {
  const total = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

export function isMonth(text: string | undefined | null): text is string {
  return !!text && /^\d{4}-(0[1-9]|1[0-2])$/.test(text);
}

const toDayjs = (m: string | undefined) => (m ? dayjs(`${m}-01`, 'YYYY-MM-DD') : undefined);
const fromDayjs = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM') : undefined);

/** A month picker whose value is the YYYY-MM text the API takes. */
export function MonthPicker({
  value,
  onChange,
  allowClear = false,
  maxMonth,
  id,
  ...rest
}: {
  value?: string;
  onChange?: (month: string | undefined) => void;
  allowClear?: boolean;
  /** Months after this one cannot be chosen. */
  maxMonth?: string;
  id?: string;
  'aria-label'?: string;
  placeholder?: string;
  style?: React.CSSProperties;
}) {
  return (
    <DatePicker
      id={id}
      picker="month"
      format="YYYY-MM"
      allowClear={allowClear}
      value={toDayjs(value)}
      onChange={(d) => onChange?.(fromDayjs(d))}
      disabledDate={maxMonth ? (d) => d.format('YYYY-MM') > maxMonth : undefined}
      style={{ width: 140, ...rest.style }}
      aria-label={rest['aria-label']}
      placeholder={rest.placeholder}
    />
  );
}
