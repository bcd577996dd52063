import { idCheckCharacter } from '../../contracts/id-number.ts';

let seq = 0;

/** A valid ID number for someone of `age` on `asOf`, born in area 330102 unless told otherwise. */
export function buildIdNumber(opts: { age?: number; asOf?: string; birthDate?: string; sex?: 'M' | 'F'; area?: string } = {}): string {
  const asOf = opts.asOf ?? '2026-06-15';
  const birth = opts.birthDate ?? `${Number(asOf.slice(0, 4)) - (opts.age ?? 40) - 1}-${asOf.slice(5, 7)}-${String(Math.min(28, Number(asOf.slice(8)) + 1)).padStart(2, '0')}`;
  seq = (seq + 1) % 500;
  const n = seq * 2 + (opts.sex === 'F' ? 0 : 1);
  const body = `${opts.area ?? '330102'}${birth.replaceAll('-', '')}${String(n).padStart(3, '0')}`;
  return body + idCheckCharacter(body);
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
