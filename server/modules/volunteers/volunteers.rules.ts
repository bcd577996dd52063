import { formatVolunteerNo, parseVolunteerNo } from '../../../contracts/api/volunteers.ts';

/**
 * Pure rules of the volunteers module (ADR 0014): points for a service record, the time-bank
 * cap, the expiry of points, volunteer numbers, priority elders. No database, no clock.
 */

// ---- point settings ----------------------------------------------------------------------------

export interface PointRules {
  id: string;
  /** First calendar day the version applies to (YYYY-MM-DD). */
  validFrom: string;
  pointsPerHour: number;
  /** { category: permille }; a category not listed counts 1000. */
  categoryCoefficients: Record<string, number>;
  /** { '1' | '2' | '3': permille }; a tier not listed counts 1000. */
  tierCoefficients: Record<string, number>;
  /** Minutes of one activity that earn points, per volunteer (0 = no cap). */
  capMinutesPerActivity: number;
  redPointsPerHour: number;
  expiryMonths: number;
  timeBankCapMinutes: number;
}

/**
 * The default version (ADR 0014). The seeds give no rate (S3, S4); the local schemes we know
 * count 1 point an hour (海林, at most 2 hours an activity) or 1 point for 2 hours (黄岩). With
 * whole points rounded down, 1 an hour would drop up to 59 minutes of every record, so we count
 * 10 an hour (one point per 6 minutes) on the same scale. Professional services (医疗、法律、
 * 金融 among the 8 market categories, S8) count ×1.5; tiers by difficulty, skill and risk
 * (志愿海南) ×1.0 / ×1.2 / ×1.5; 4 hours of one activity count (a full holiday post is two
 * shifts); 红色积分 10 an hour for party members (S3 gives no rate); points lapse 24 months after
 * they were earned; the time bank stores at most 90,000 minutes (1,500 hours, Nanjing), the
 * rest goes to the district's donation pool.
 */
export const DEFAULT_POINT_RULES = {
  validFrom: '2020-01-01',
  pointsPerHour: 10,
  categoryCoefficients: { medical: 1500, legal: 1500, finance: 1500 } as Record<string, number>,
  tierCoefficients: { '1': 1000, '2': 1200, '3': 1500 } as Record<string, number>,
  capMinutesPerActivity: 240,
  redPointsPerHour: 10,
  expiryMonths: 24,
  timeBankCapMinutes: 90_000,
  note: '默认规则：每小时 10 积分；医疗、法律、金融类 ×1.5；难度等级 ×1.0/1.2/1.5；每项活动最多计 4 小时；党员每小时 10 红色积分；积分 24 个月后到期；时间银行最多存 1500 小时（ADR 0014）',
} as const;

/** The version valid on a calendar day: the latest whose valid_from is on or before it. */
export function rulesOn<T extends { validFrom: string }>(versions: readonly T[], day: string): T | undefined {
  let best: T | undefined;
  for (const v of versions) if (v.validFrom <= day && (!best || v.validFrom > best.validFrom)) best = v;
  return best;
}

/**
 * Minutes of a record that earn points under the per-activity cap, given the minutes of the
 * same volunteer's earlier records of that activity: the cap applies to their sum.
 */
export function countedMinutes(priorMinutes: number, minutes: number, cap: number): number {
  if (minutes <= 0) return 0;
  if (cap <= 0) return minutes;
  const prior = Math.max(0, priorMinutes);
  return Math.max(0, Math.min(cap, prior + minutes) - Math.min(cap, prior));
}

const coefficient = (table: Record<string, number>, key: string) => {
  const v = table[key];
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 1000;
};

export interface RecordForPoints {
  minutes: number;
  category: string;
  tier: number;
}

export interface Award {
  /** Minutes inside the per-activity cap. */
  countedMinutes: number;
  points: number;
  /** 红色积分: party members only. */
  redPoints: number;
}

/**
 * Points for one record: counted minutes × points per hour × category and tier coefficients,
 * rounded down to a whole point (integers throughout: permille products, one division).
 */
export function awardFor(
  rules: PointRules,
  record: RecordForPoints,
  opts: { priorMinutes: number; partyMember: boolean },
): Award {
  const counted = countedMinutes(opts.priorMinutes, record.minutes, rules.capMinutesPerActivity);
  const cat = coefficient(rules.categoryCoefficients, record.category);
  const tier = coefficient(rules.tierCoefficients, String(record.tier));
  const points = Math.floor((counted * rules.pointsPerHour * cat * tier) / (60 * 1_000_000));
  const redPoints = opts.partyMember ? Math.floor((counted * rules.redPointsPerHour) / 60) : 0;
  return { countedMinutes: counted, points, redPoints };
}

/**
 * Of minutes just deposited, those over the time-bank cap (they go to the donation pool):
 * never more than the deposit, never negative. A cap of 0 means no cap.
 */
export function overflowMinutes(balanceAfter: number, cap: number, deposited: number): number {
  if (cap <= 0) return 0;
  return Math.max(0, Math.min(deposited, balanceAfter - cap));
}

// ---- months and expiry -------------------------------------------------------------------------

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const isMonth = (text: string) => MONTH_RE.test(text);
export const monthOf = (day: string) => day.slice(0, 7);

export function addMonths(m: string, n: number): string {
  const total = Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1 + n;
  const y = Math.floor(total / 12);
  return `${String(y).padStart(4, '0')}-${String((total % 12) + 1).padStart(2, '0')}`;
}

export interface Earning {
  /** Month the points were earned (the transfer's Shanghai month). */
  month: string;
  amount: number;
  /** Expiry of the rules in force on the earning day. */
  expiryMonths: number;
}

/** Points earned in month M with N months' expiry are spendable through M + N − 1. */
export function isLapsed(e: Pick<Earning, 'month' | 'expiryMonths'>, runMonth: string): boolean {
  return e.expiryMonths > 0 && addMonths(e.month, e.expiryMonths) <= runMonth;
}

/**
 * What lapses in `runMonth`. Spending takes the oldest points first (FIFO), so what is still
 * available belongs to the newest earnings first: whatever is available beyond the earnings still
 * valid is old and has lapsed. Never negative.
 */
export function lapsedAmount(available: number, earnings: readonly Earning[], runMonth: string): number {
  const valid = earnings.filter((e) => !isLapsed(e, runMonth)).reduce((s, e) => s + e.amount, 0);
  return Math.max(0, available - valid);
}

// ---- numbers, names, elders --------------------------------------------------------------------

/** The number after the highest ever issued in the district (numbers are never reused). */
export function nextVolunteerNo(district: string, highest: string | null | undefined): string {
  const last = highest ? parseVolunteerNo(highest) : null;
  return formatVolunteerNo(district, (last?.seq ?? 0) + 1);
}

/** 张三 → 张*, 李思雨 → 李*雨, 欧阳明月 → 欧**月: enough for a merchant to check the holder. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
}

/** 60周岁以上 includes 60 (民法典 第1259条). */
export const ELDER_AGE = 60;
/** 80周岁以上: priority by age alone. */
export const PRIORITY_AGE = 80;
/** Living arrangements that make an elder a priority (独居、空巢、孤寡). */
export const PRIORITY_ARRANGEMENTS = ['alone', 'empty_nest', 'widowed_childless'] as const;

export type ElderCheck =
  | { ok: true }
  | { ok: false; reason: 'deceased' | 'too_young' | 'not_priority'; age: number };

/**
 * Whether time may be donated to this elder (Nanjing's time bank gives donated time to priority
 * elders first): alive, 60 or over, and living alone / empty-nest / 孤寡 or 80 or over.
 */
export function checkPriorityElder(p: {
  age: number;
  deceased: boolean;
  arrangement: string | null;
}): ElderCheck {
  if (p.deceased) return { ok: false, reason: 'deceased', age: p.age };
  if (p.age < ELDER_AGE) return { ok: false, reason: 'too_young', age: p.age };
  if (p.age >= PRIORITY_AGE) return { ok: true };
  if (p.arrangement && (PRIORITY_ARRANGEMENTS as readonly string[]).includes(p.arrangement))
    return { ok: true };
  return { ok: false, reason: 'not_priority', age: p.age };
}
