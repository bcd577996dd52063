import { describe, expect, it } from 'vitest';
import { fenToYuan, formatValue, formatYuan, yuanToFen } from './money.ts';

describe('formatYuan', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [99, '0.99'],
    [100, '1.00'],
    [99_999, '999.99'],
    [100_000, '1,000.00'],
    [123_456, '1,234.56'],
    [99_999_999, '999,999.99'],
    [100_000_000, '1,000,000.00'],
    [123_456_789, '1,234,567.89'],
    [1_000_000_000_000, '10,000,000,000.00'],
    [-5, '-0.05'],
    [-100_000, '-1,000.00'],
    [-123_456_789, '-1,234,567.89'],
    // Truncated towards zero, as fenToYuan does: a fraction of a fen is never shown.
    [100_000.9, '1,000.00'],
    [-100_000.9, '-1,000.00'],
    [0.7, '0.00'],
  ])('%d fen → %j', (fen, text) => {
    expect(formatYuan(fen)).toBe(text);
  });

  it.each([0, 5, 99, 100, 99_999, 100_000, 123_456_789, -123_456_789, 100_000.9])(
    'reads as fenToYuan with the commas taken out (%d fen)',
    (fen) => {
      expect(formatYuan(fen).replaceAll(',', '')).toBe(fenToYuan(fen));
    },
  );
});

describe('fenToYuan stays plain for inputs', () => {
  it.each([
    [0, '0.00'],
    [100_000, '1000.00'],
    [123_456_789, '1234567.89'],
    [-100_000, '-1000.00'],
  ])('%d fen → %j, which yuanToFen reads back', (fen, text) => {
    expect(fenToYuan(fen)).toBe(text);
    expect(yuanToFen(text)).toBe(fen);
  });

  it('a grouped amount is not an input value', () => {
    expect(yuanToFen(formatYuan(123_456_789))).toBeNull();
  });
});

describe('formatValue', () => {
  it.each([
    [0, 'fen', 'zh-CN', '¥0.00'],
    [99_999, 'fen', 'zh-CN', '¥999.99'],
    [100_000, 'fen', 'zh-CN', '¥1,000.00'],
    [123_456, 'fen', 'en', '¥1,234.56'],
    [-123_456, 'fen', 'zh-CN', '¥-1,234.56'],
    [0, 'point', 'zh-CN', '0 积分'],
    [120, 'point', 'zh-CN', '120 积分'],
    [999, 'point', 'en', '999 points'],
    [1000, 'point', 'zh-CN', '1,000 积分'],
    [1234, 'point', 'en', '1,234 points'],
    [1_234_567, 'point', 'zh-CN', '1,234,567 积分'],
    [-1234, 'point', 'zh-CN', '-1,234 积分'],
    // Minutes read as hours, unchanged.
    [90, 'minute', 'zh-CN', '1.5 小时'],
    [45, 'minute', 'en', '45 min'],
  ] as const)('%d %s (%s) → %j', (value, unit, lang, text) => {
    expect(formatValue(value, unit, lang)).toBe(text);
  });
});
