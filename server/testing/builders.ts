import { creditCodeCheckCharacter } from '../../contracts/credit-code.ts';
import { idCheckCharacter } from '../../contracts/id-number.ts';

let seq = 0;

/** A valid ID number for someone of `age` on `asOf`, born in area 330102 unless told otherwise. */
export function buildIdNumber(
  opts: { age?: number; asOf?: string; birthDate?: string; sex?: 'M' | 'F'; area?: string } = {},
): string {
  const asOf = opts.asOf ?? '2026-06-15';
  seq++;
  // 500 sequence numbers per birth date; past that, the birth moves a day later within the same
  // year of age, so a large test file never draws the same number twice.
  const later = Math.floor(seq / 500) % 300;
  const birth =
    opts.birthDate ??
    plusDays(
      `${Number(asOf.slice(0, 4)) - (opts.age ?? 40) - 1}-${asOf.slice(5, 7)}-${String(Math.min(28, Number(asOf.slice(8)) + 1)).padStart(2, '0')}`,
      later,
    );
  const n = (seq % 500) * 2 + (opts.sex === 'F' ? 0 : 1);
  const body = `${opts.area ?? '330102'}${birth.replaceAll('-', '')}${String(n).padStart(3, '0')}`;
  return body + idCheckCharacter(body);
}

function plusDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export const COMMUNITY_HUBIN = '330102001001'; // 湖滨街道 涌金门社区
export const COMMUNITY_HUBIN_2 = '330102001002'; // 湖滨街道 青年路社区
export const STREET_HUBIN = '330102001000';
export const STREET_QINGBO = '330102002000';
export const COMMUNITY_QINGBO = '330102002001'; // 清波街道 清河坊社区
export const DISTRICT = '330102000000';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];

export function buildPersonBody(overrides: Record<string, unknown> = {}) {
  seq++;
  return {
    name: `${SURNAMES[seq % SURNAMES.length]}测${'一二三四五六七八九'[seq % 9]}`,
    idNumber: buildIdNumber({ age: (overrides.age as number) ?? 70 }),
    phone: `139${String(10000000 + seq).padStart(8, '0')}`,
    hukouLocal: true,
    areaCode: COMMUNITY_HUBIN,
    address: '涌金门社区 1 幢 101 室',
    ...Object.fromEntries(Object.entries(overrides).filter(([k]) => k !== 'age')),
  };
}

let orgSeq = 0;

/** A valid unified social credit code (GB 32100), different on every call. */
export function buildCreditCode(): string {
  orgSeq++;
  const body = `91330102MA${String(orgSeq).padStart(7, '0')}`;
  return body + creditCodeCheckCharacter(body);
}

export function buildOrgBody(overrides: Record<string, unknown> = {}) {
  orgSeq++;
  return {
    name: `测试社会组织${orgSeq}`,
    kind: 'social_org',
    creditCode: buildCreditCode(),
    areaCode: COMMUNITY_HUBIN,
    address: '上城区测试路 1 号',
    contactName: '联系人',
    contactPhone: `0571${String(87000000 + orgSeq).slice(-8)}`,
    ...overrides,
  };
}

/** A service point in 涌金门社区 by the West Lake shore, open on weekdays. */
export function buildServicePointBody(overrides: Record<string, unknown> = {}) {
  orgSeq++;
  return {
    name: `测试助餐点${orgSeq}`,
    type: 'canteen',
    areaCode: COMMUNITY_HUBIN,
    address: '涌金门社区 2 幢 1 楼',
    lat: 30.2555,
    lng: 120.1635,
    openingHours: [{ days: [1, 2, 3, 4, 5], open: '10:30', close: '13:00' }],
    ...overrides,
  };
}
