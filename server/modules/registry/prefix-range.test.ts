import { describe, expect, it } from 'vitest';
import { prefixRange } from './registry.repo.ts';

/** Byte order of UTF-8, which is what the "C" collation compares. */
const c = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
const inRange = (name: string, prefix: string) => {
  const { lo, hi } = prefixRange(prefix);
  return c(name, lo) >= 0 && c(name, hi) < 0;
};

describe('prefixRange', () => {
  it.each([
    ['王', '王', true],
    ['王芳', '王', true],
    ['王', '王芳', false],
    ['玌', '王', false],
    ['汪洋', '王', false],
    ['欧阳修', '欧阳', true],
    ['欧', '欧阳', false],
    ['司马光', '司_', false],
    ['张%', '张%', true],
    ['张三', '张%', false],
    ['Li Lei', 'Li', true],
    ['Lj', 'Li', false],
  ])('%s under prefix %s → %s', (name, prefix, expected) => {
    expect(inRange(name, prefix)).toBe(expected);
    // The range agrees with a plain prefix test.
    expect(name.startsWith(prefix)).toBe(expected);
  });

  it('an empty prefix takes every name', () => {
    for (const name of ['王', '𠀀', 'Zhang', '欧阳修']) expect(inRange(name, '')).toBe(true);
  });
});
