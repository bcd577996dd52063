import { describe, expect, it } from 'vitest';
import {
  addDays,
  CODE_WINDOW_MS,
  certificateNo,
  checkInCode,
  checkReportedSpan,
  checkShifts,
  codeScreen,
  codeWindow,
  EXPIRED_LOOKBACK_WINDOWS,
  hoursText,
  isWithinShift,
  maskName,
  nextMarketDay,
  servedMinutes,
  shanghaiAt,
  summariseContent,
  verifyCode,
} from './activities.rules.ts';

const SECRET = 'a'.repeat(64);
const SHIFT = '0190a0b0-0000-7000-8000-000000000001';
const OTHER_SHIFT = '0190a0b0-0000-7000-8000-000000000002';
const T0 = Date.parse('2026-06-10T01:00:00Z'); // 09:00 in Shanghai, a window boundary
const at = (ms: number) => new Date(T0 + ms);

describe('the rotating check-in code', () => {
  it('is six digits, fixed within a window, different in the next window and for another shift', () => {
    const w = codeWindow(T0);
    const c = checkInCode(SECRET, SHIFT, w);
    expect(c).toMatch(/^\d{6}$/);
    expect(checkInCode(SECRET, SHIFT, w)).toBe(c);
    expect(codeScreen(SECRET, SHIFT, at(59_999)).code).toBe(c);
    expect(codeScreen(SECRET, SHIFT, at(60_000)).code).not.toBe(c);
    expect(checkInCode(SECRET, OTHER_SHIFT, w)).not.toBe(c);
    expect(checkInCode('b'.repeat(64), SHIFT, w)).not.toBe(c);
  });

  it('keeps leading zeros', () => {
    // Over many windows some code starts with 0; all stay six characters.
    const codes = Array.from({ length: 300 }, (_, i) => checkInCode(SECRET, SHIFT, i));
    expect(codes.every((c) => /^\d{6}$/.test(c))).toBe(true);
    expect(codes.some((c) => c.startsWith('0'))).toBe(true);
  });

  it('windows are 60 seconds: boundaries at, below and above', () => {
    expect(CODE_WINDOW_MS).toBe(60_000);
    expect(codeWindow(T0) - codeWindow(T0 - 1)).toBe(1);
    expect(codeWindow(T0 + 59_999)).toBe(codeWindow(T0));
    expect(codeWindow(T0 + 60_000)).toBe(codeWindow(T0) + 1);
  });

  it('the screen counts down to the next window and says how long the code still works', () => {
    expect(codeScreen(SECRET, SHIFT, at(0)).secondsLeft).toBe(60);
    expect(codeScreen(SECRET, SHIFT, at(1_000)).secondsLeft).toBe(59);
    expect(codeScreen(SECRET, SHIFT, at(59_500)).secondsLeft).toBe(1);
    expect(codeScreen(SECRET, SHIFT, at(30_000)).validUntil.getTime()).toBe(T0 + 120_000);
  });

  // Shown at window w; entered `delay` ms later.
  const cases: { name: string; shownAt: number; enteredAt: number; expect: string }[] = [
    { name: 'same window', shownAt: 0, enteredAt: 59_999, expect: 'ok:0' },
    { name: 'next window (read at the last second)', shownAt: 59_999, enteredAt: 60_000, expect: 'ok:0' },
    { name: 'end of the next window', shownAt: 0, enteredAt: 119_999, expect: 'ok:0' },
    { name: 'two windows later', shownAt: 0, enteredAt: 120_000, expect: 'CHECKIN_CODE_EXPIRED' },
    { name: 'half an hour later', shownAt: 0, enteredAt: 30 * 60_000, expect: 'CHECKIN_CODE_EXPIRED' },
    {
      name: 'beyond the look-back',
      shownAt: 0,
      enteredAt: (EXPIRED_LOOKBACK_WINDOWS + 1) * 60_000,
      expect: 'CHECKIN_CODE_INVALID',
    },
    {
      name: 'a code of the future window',
      shownAt: 60_000,
      enteredAt: 59_999,
      expect: 'CHECKIN_CODE_INVALID',
    },
  ];
  it.each(cases)('accepts the current and previous window only: $name', (c) => {
    const shown = codeScreen(SECRET, SHIFT, at(c.shownAt));
    const r = verifyCode(SECRET, SHIFT, shown.code, at(c.enteredAt));
    const got = r.ok ? `ok:${r.window - codeWindow(T0)}` : r.problem;
    expect(got).toBe(c.expect);
  });

  it('refuses a code of another shift and a made-up code', () => {
    const other = codeScreen(SECRET, OTHER_SHIFT, at(0)).code;
    const mine = codeScreen(SECRET, SHIFT, at(0)).code;
    if (other !== mine) expect(verifyCode(SECRET, SHIFT, other, at(0))).toMatchObject({ ok: false });
    const wrong = String((Number(mine) + 1) % 1_000_000).padStart(6, '0');
    expect(verifyCode(SECRET, SHIFT, wrong, at(0)).ok).toBe(false);
    expect(verifyCode(SECRET, SHIFT, '12345', at(0)).ok).toBe(false);
  });

  it('returns the code’s own window, so check-out can refuse the check-in’s window (replay)', () => {
    const code = codeScreen(SECRET, SHIFT, at(10_000)).code;
    const first = verifyCode(SECRET, SHIFT, code, at(20_000));
    const again = verifyCode(SECRET, SHIFT, code, at(70_000));
    expect(first).toEqual({ ok: true, window: codeWindow(T0) });
    // Still a valid code a window later, but the same window as the check-in: the service refuses it.
    expect(again).toEqual(first);
    const fresh = verifyCode(SECRET, SHIFT, codeScreen(SECRET, SHIFT, at(70_000)).code, at(70_000));
    expect(fresh).toEqual({ ok: true, window: codeWindow(T0) + 1 });
  });
});

describe('minutes served, clipped to the shift', () => {
  const shift = { startsAt: shanghaiAt('2026-06-10', '09:00'), endsAt: shanghaiAt('2026-06-10', '11:30') };
  const t = (hhmm: string, sec = 0) => new Date(shanghaiAt('2026-06-10', hhmm).getTime() + sec * 1000);
  const cases: [string, Date, Date, number][] = [
    ['inside the shift', t('09:10'), t('11:00'), 110],
    ['in early, out on time', t('08:40'), t('11:30'), 150],
    ['in early, out late', t('08:40'), t('12:00'), 150],
    ['in late, out late', t('10:00'), t('12:00'), 90],
    ['a minute exactly', t('09:00'), t('09:01'), 1],
    ['59 seconds', t('09:00'), t('09:00', 59), 0],
    ['61 seconds', t('09:00'), t('09:01', 1), 1],
    ['both before the shift', t('08:31'), t('08:50'), 0],
    ['both after the shift', t('11:40'), t('11:55'), 0],
    ['out before in', t('10:00'), t('09:30'), 0],
  ];
  it.each(cases)('%s', (_name, inAt, outAt, minutes) => {
    expect(servedMinutes(inAt, outAt, shift)).toBe(minutes);
  });

  it('check-in and check-out are open 30 minutes either side of the shift', () => {
    expect(isWithinShift(t('08:29', 59), shift)).toBe(false);
    expect(isWithinShift(t('08:30'), shift)).toBe(true);
    expect(isWithinShift(t('12:00'), shift)).toBe(true);
    expect(isWithinShift(t('12:00', 1), shift)).toBe(false);
  });
});

describe('shifts of an activity', () => {
  const day = '2026-06-10';
  const window = { startsAt: shanghaiAt(day, '09:00'), endsAt: shanghaiAt(day, '16:30') };
  it('accepts shifts inside the window, overlapping or not', () => {
    expect(
      checkShifts(window, [
        { startsAt: shanghaiAt(day, '09:00'), endsAt: shanghaiAt(day, '11:30') },
        { startsAt: shanghaiAt(day, '11:00'), endsAt: shanghaiAt(day, '16:30') },
      ]),
    ).toEqual([]);
  });
  it('refuses a shift that ends before it starts, or leaves the window', () => {
    const issues = checkShifts(window, [
      { startsAt: shanghaiAt(day, '10:00'), endsAt: shanghaiAt(day, '10:00') },
      { startsAt: shanghaiAt(day, '08:59'), endsAt: shanghaiAt(day, '10:00') },
      { startsAt: shanghaiAt(day, '15:00'), endsAt: shanghaiAt(day, '16:31') },
    ]);
    expect(issues.map((i) => [i.field, i.code])).toEqual([
      ['shifts.0.endsAt', 'ACTIVITY_SHIFT_INVALID'],
      ['shifts.1.startsAt', 'ACTIVITY_SHIFT_OUTSIDE_WINDOW'],
      ['shifts.2.startsAt', 'ACTIVITY_SHIFT_OUTSIDE_WINDOW'],
    ]);
  });
  it('refuses a window that ends before it starts', () => {
    expect(checkShifts({ startsAt: window.endsAt, endsAt: window.startsAt }, [])[0]?.code).toBe(
      'ACTIVITY_WINDOW_INVALID',
    );
  });
});

describe('reported hours', () => {
  const activity = { startsAt: shanghaiAt('2026-06-10', '09:00'), endsAt: shanghaiAt('2026-06-10', '11:30') };
  const now = shanghaiAt('2026-06-11', '10:00');
  const span = (a: string, b: string) => ({
    startsAt: shanghaiAt('2026-06-10', a),
    endsAt: shanghaiAt('2026-06-10', b),
  });
  it.each([
    ['inside', span('09:00', '11:30'), undefined, 'ok:150'],
    ['a minute before the start', span('08:59', '10:00'), undefined, 'HOURS_OUTSIDE_ACTIVITY'],
    ['a minute after the end', span('10:00', '11:31'), undefined, 'HOURS_OUTSIDE_ACTIVITY'],
    ['no time at all', span('10:00', '10:00'), undefined, 'HOURS_INVALID'],
    ['fewer minutes than the span', span('09:00', '10:00'), 45, 'ok:45'],
    ['more minutes than the span', span('09:00', '10:00'), 61, 'HOURS_INVALID'],
    ['zero minutes', span('09:00', '10:00'), 0, 'HOURS_INVALID'],
  ] as const)('%s', (_n, s, minutes, expected) => {
    const r = checkReportedSpan(s, activity, now, minutes);
    expect(r.ok ? `ok:${r.minutes}` : r.code).toBe(expected);
  });
  it('refuses hours that end in the future', () => {
    expect(
      checkReportedSpan(span('09:00', '10:00'), activity, shanghaiAt('2026-06-10', '09:30')),
    ).toMatchObject({
      ok: false,
      code: 'HOURS_IN_FUTURE',
    });
  });
});

describe('dates, numbers and names', () => {
  it.each([
    ['2026-06-01', '2026-06-10'],
    ['2026-06-10', '2026-06-10'],
    ['2026-06-11', '2026-07-10'],
    ['2026-12-31', '2027-01-10'],
  ])('the market day after %s is %s', (today, expected) => {
    expect(nextMarketDay(today)).toBe(expected);
  });
  it('adds days across months', () => {
    expect(addDays('2026-09-30', 1)).toBe('2026-10-01');
  });
  it('numbers certificates ZM + district + year + five digits', () => {
    expect(certificateNo('330102', 2026, 1)).toBe('ZM330102202600001');
    expect(certificateNo('330102', 2026, 12345)).toBe('ZM330102202612345');
  });
  it.each([
    ['张三明', '张*明'],
    ['张三', '张*'],
    ['欧阳小明', '欧**明'],
    ['张', '张'],
  ])('masks %s as %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
  it('prints hours with one decimal', () => {
    expect(hoursText(150)).toBe('2.5');
    expect(hoursText(120)).toBe('2');
    expect(hoursText(1)).toBe('0');
  });
  it('summarises content by what was done, largest first', () => {
    expect(
      summariseContent([
        { content: '助老服务', minutes: 60 },
        { content: '文明集市·法律摊位', minutes: 150 },
        { content: '文明集市·法律摊位', minutes: 150 },
      ]),
    ).toBe('文明集市·法律摊位 2 次（5 小时）；助老服务 1 次（1 小时）');
  });
});
