import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERROR_STATUS } from './errors.ts';
import {
  ERROR_MESSAGES,
  FIELD_LABELS,
  fieldLabel,
  LANGS,
  pickLang,
  translateError,
} from './messages/index.ts';

const placeholders = (s: string) => new Set([...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!));

describe('error catalogues', () => {
  it('cover exactly the error codes, in every language', () => {
    for (const lang of LANGS)
      expect(Object.keys(ERROR_MESSAGES[lang]).sort(), lang).toEqual([...ERROR_CODES].sort());
  });

  it.each(ERROR_CODES)('%s has a non-empty zh-CN and en message', (code) => {
    expect(ERROR_MESSAGES['zh-CN'][code].trim()).not.toBe('');
    expect(ERROR_MESSAGES.en[code].trim()).not.toBe('');
    // The Chinese text is Chinese, the English text is not.
    expect(ERROR_MESSAGES['zh-CN'][code]).toMatch(/\p{Script=Han}/u);
    expect(ERROR_MESSAGES.en[code]).toMatch(/[A-Za-z]/);
  });

  it.each(ERROR_CODES)('%s: every {{param}} in zh-CN also appears in en, and the other way round', (code) => {
    const zh = placeholders(ERROR_MESSAGES['zh-CN'][code]);
    const en = placeholders(ERROR_MESSAGES.en[code]);
    for (const p of zh) expect(en.has(p), `en lacks {{${p}}}`).toBe(true);
    for (const p of en) expect(zh.has(p), `zh-CN lacks {{${p}}}`).toBe(true);
  });

  it('has well-formed placeholders only (no stray braces)', () => {
    for (const lang of LANGS)
      for (const code of ERROR_CODES) {
        const text = ERROR_MESSAGES[lang][code].replace(/\{\{\w+\}\}/g, '');
        expect(text, `${lang} ${code}`).not.toMatch(/[{}]/);
      }
  });

  it('maps every code to an HTTP error status', () => {
    for (const code of ERROR_CODES) {
      expect(ERROR_STATUS[code]).toBeGreaterThanOrEqual(400);
      expect(ERROR_STATUS[code]).toBeLessThan(600);
    }
  });
});

describe('translateError', () => {
  it('fills parameters in both languages', () => {
    expect(translateError('ID_NUMBER_CHECKSUM', { expected: 'X' }, 'zh-CN')).toBe(
      '身份证号校验位错误（按前 17 位应为 X）',
    );
    expect(translateError('ID_NUMBER_CHECKSUM', { expected: 'X' }, 'en')).toBe(
      'Wrong check character (from the first 17 it should be X)',
    );
    expect(translateError('FIELD_TOO_LONG', { field: 'name', max: 40 }, 'en')).toBe(
      'Name is too long (at most 40 characters)',
    );
  });

  it('translates the field name through its label, also for nested fields', () => {
    expect(translateError('FIELD_REQUIRED', { field: 'idNumber' }, 'zh-CN')).toBe('身份证号不能为空');
    expect(translateError('FIELD_REQUIRED', { field: 'idNumber' }, 'en')).toBe('ID number is required');
    expect(translateError('FIELD_REQUIRED', { field: 'value.cardNumber' }, 'zh-CN')).toBe('证号不能为空');
  });

  it('falls back to the key for an unknown field and to empty for a missing parameter', () => {
    expect(translateError('FIELD_REQUIRED', { field: 'mystery' }, 'en')).toBe('mystery is required');
    expect(translateError('FIELD_TOO_LONG', { field: 'name' }, 'en')).toBe(
      'Name is too long (at most  characters)',
    );
  });

  it('defaults to Chinese', () => {
    expect(translateError('NOT_FOUND')).toBe('未找到该记录');
  });

  it('leaves no placeholder unfilled when every parameter is given', () => {
    for (const lang of LANGS)
      for (const code of ERROR_CODES) {
        const params = Object.fromEntries([...placeholders(ERROR_MESSAGES[lang][code])].map((p) => [p, 'v']));
        expect(translateError(code, params, lang), `${lang} ${code}`).not.toMatch(/\{\{|\}\}/);
      }
  });
});

describe('field labels and language choice', () => {
  it('every label has both languages', () => {
    for (const [field, l] of Object.entries(FIELD_LABELS)) {
      expect(l['zh-CN'].trim(), field).not.toBe('');
      expect(l.en.trim(), field).not.toBe('');
    }
    expect(fieldLabel('openingHours.0.close', 'en')).toBe('openingHours.0.close');
    expect(fieldLabel('value.grade', 'zh-CN')).toBe('等级');
  });

  it.each([
    [undefined, 'zh-CN'],
    [null, 'zh-CN'],
    ['', 'zh-CN'],
    ['en', 'en'],
    ['en-GB,en;q=0.9', 'en'],
    ['EN-us', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['fr-FR', 'zh-CN'],
  ])('pickLang(%j) → %s', (header, lang) => {
    expect(pickLang(header)).toBe(lang);
  });
});
