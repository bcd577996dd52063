import dayjs, { type Dayjs } from 'dayjs';
import { formatYuan } from '../../../contracts/money.ts';

const TZ = 'Asia/Shanghai';

function partsIn(date: Date, withTime: boolean): Record<string, string> {
  const fmt = new Intl.DateTimeFormat('en-GB', {
    timeZone: TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' } : {}),
  });
  return Object.fromEntries(fmt.formatToParts(date).map((p) => [p.type, p.value]));
}

/** Today's calendar date in Asia/Shanghai (eligibility and facts are decided on calendar dates). */
export function todayInShanghai(): string {
  const p = partsIn(new Date(), false);
  return `${p.year}-${p.month}-${p.day}`;
}

/** A timestamp shown as Asia/Shanghai wall time, YYYY-MM-DD HH:mm:ss. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = partsIn(d, true);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/**
 * Integer fen shown as yuan with two decimals and thousands separators, for reading: the shared
 * formatter of contracts (the server's texts group the same way). Never an input's value, which
 * is contracts' plain fenToYuan.
 */
export const fenToYuan = formatYuan;

/** "1234.5" yuan → 123450 fen, parsed as text so no float rounding can creep in; null when malformed. */
export function yuanToFen(text: string | number | null | undefined): number | null {
  if (text === null || text === undefined) return null;
  const m = /^(\d+)(?:\.(\d{0,2}))?$/.exec(String(text).trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

export function toDay(date: string | null | undefined): Dayjs | undefined {
  return date ? dayjs(date, 'YYYY-MM-DD') : undefined;
}

export function fromDay(d: Dayjs | null | undefined): string | undefined {
  return d ? d.format('YYYY-MM-DD') : undefined;
}
