import type { Relation } from '../../../contracts/domain.ts';
import type { ErrorCode } from '../../../contracts/errors.ts';

/**
 * How the importer reads the values people type: 户籍, 与户主关系 and 居住社区 (a name, a short
 * name, "街道+社区", or a 12-digit code). Pure functions over the org tree, driven by unit tests.
 */

const HUKOU_LOCAL = new Set([
  '本区',
  '本区户籍',
  '本地',
  '本地户籍',
  '户籍',
  '是',
  '上城',
  '上城区',
  'y',
  'yes',
  'true',
  '1',
  'local',
  '√',
]);
const HUKOU_OTHER = new Set([
  '非本区',
  '非本区户籍',
  '外区',
  '外地',
  '非本地',
  '非户籍',
  '流动',
  '流动人口',
  '否',
  'n',
  'no',
  'false',
  '0',
  'nonlocal',
  'non-local',
  '×',
]);

/**
 * 户籍: true for Shangcheng (本区, 是, or a registration address in 上城区), false for elsewhere
 * (非本区, 否, or any other address); undefined when it cannot be read.
 */
export function parseHukou(raw: string): boolean | undefined {
  const v = raw.replace(/[\s\u3000]/g, '').toLowerCase();
  if (v === '') return undefined;
  if (HUKOU_LOCAL.has(v)) return true;
  if (HUKOU_OTHER.has(v)) return false;
  if (v.startsWith('非')) return false;
  if (v.includes('上城区')) return true;
  // A registration address that is not in 上城区 (浙江省杭州市西湖区…, 安徽省…).
  if (/[省市区县旗州]/.test(v)) return false;
  return undefined;
}

const RELATION_WORDS: Record<Relation, string[]> = {
  head: ['本人', '户主', '本人户主', '户主本人', 'head', 'self'],
  spouse: ['配偶', '妻', '妻子', '夫', '丈夫', '之妻', '之夫', 'spouse', 'wife', 'husband'],
  child: [
    '子女',
    '子',
    '女',
    '儿子',
    '女儿',
    '长子',
    '次子',
    '长女',
    '次女',
    '独子',
    '独女',
    '养子',
    '养女',
    '继子',
    '继女',
    'child',
    'son',
    'daughter',
  ],
  parent: ['父母', '父亲', '母亲', '父', '母', '公公', '婆婆', '岳父', '岳母', 'parent', 'father', 'mother'],
  grandchild: [
    '孙子女',
    '孙子',
    '孙女',
    '外孙子',
    '外孙女',
    '外孙',
    '孙',
    'grandchild',
    'grandson',
    'granddaughter',
  ],
  sibling: [
    '兄弟姐妹',
    '兄',
    '弟',
    '姐',
    '妹',
    '哥哥',
    '弟弟',
    '姐姐',
    '妹妹',
    'sibling',
    'brother',
    'sister',
  ],
  other: ['其他', '其它', '其他亲属', '亲属', '非亲属', 'other'],
};
const RELATION_INDEX = new Map<string, Relation>();
for (const [rel, words] of Object.entries(RELATION_WORDS) as [Relation, string[]][])
  for (const w of words) RELATION_INDEX.set(w.toLowerCase(), rel);

/** 与户主关系 in the words of a 户口簿 (本人/户主, 配偶, 子女 …); undefined when unknown. */
export function parseRelation(raw: string): Relation | undefined {
  return RELATION_INDEX.get(raw.replace(/[\s\u3000]/g, '').toLowerCase());
}

export interface AreaLite {
  code: string;
  parentCode: string | null;
  level: string;
  name: string;
  closedOn: unknown;
}

export interface AreaIndex {
  byCode: Map<string, AreaLite>;
  streets: AreaLite[];
  /** Community and village names, full and short (涌金门社区, 涌金门), to every area carrying them. */
  byName: Map<string, AreaLite[]>;
}

const isResidence = (a: AreaLite) => a.level === 'community' || a.level === 'village';
const streetShort = (name: string) => name.replace(/街道$/, '');

function compact(raw: string): string {
  return raw.replace(/[\s\u3000]/g, '').replace(/^(浙江省)?(杭州市)?(上城区)?/, '');
}

export function buildAreaIndex(areas: AreaLite[]): AreaIndex {
  const byCode = new Map(areas.map((a) => [a.code, a]));
  const byName = new Map<string, AreaLite[]>();
  const add = (key: string, a: AreaLite) => {
    if (!key) return;
    const list = byName.get(key);
    if (!list) byName.set(key, [a]);
    else if (!list.includes(a)) list.push(a);
  };
  for (const a of areas) {
    if (!isResidence(a)) continue;
    const name = compact(a.name);
    add(name, a);
    add(name.replace(/(社区|居委会|村委会|村)$/, ''), a);
    if (name.endsWith('社区')) add(`${name.slice(0, -2)}居委会`, a);
  }
  return { byCode, streets: areas.filter((a) => a.level === 'street'), byName };
}

export type AreaResolution =
  | { ok: true; area: AreaLite }
  | { ok: false; column: 'community' | 'street'; code: ErrorCode; params: Record<string, string | number> };

const fail = (
  column: 'community' | 'street',
  code: ErrorCode,
  params: Record<string, string | number> = {},
): AreaResolution => ({
  ok: false,
  column,
  code,
  params,
});

/** A street named by its full name, its short name or its code (9 or 12 digits). */
export function resolveStreet(index: AreaIndex, raw: string): AreaLite | undefined {
  const v = compact(raw);
  if (/^\d{9}$/.test(v) || /^\d{12}$/.test(v)) {
    const a = index.byCode.get(v.padEnd(12, '0'));
    return a?.level === 'street' ? a : undefined;
  }
  return index.streets.find((s) => s.name === v || streetShort(s.name) === v);
}

const streetOf = (index: AreaIndex, a: AreaLite) =>
  a.parentCode ? index.byCode.get(a.parentCode) : undefined;

/**
 * 居住社区 (and 所属街道 when given) to one open community or village. Names repeat across streets
 * (兴隆 is in 望江 and in 彭埠): without a street such a name is ambiguous, never guessed.
 */
export function resolveCommunity(index: AreaIndex, raw: string, streetRaw = ''): AreaResolution {
  const value = compact(raw);
  let street: AreaLite | undefined;
  if (streetRaw.trim() !== '') {
    street = resolveStreet(index, streetRaw);
    if (!street) return fail('street', 'AREA_UNKNOWN', { area: streetRaw.trim() });
  }
  const mismatch = (a: AreaLite) => street && a.parentCode !== street.code;

  if (/^\d{12}$/.test(value)) {
    const a = index.byCode.get(value);
    if (!a) return fail('community', 'AREA_UNKNOWN', { area: raw.trim() });
    if (!isResidence(a)) return fail('community', 'AREA_NOT_LEAF');
    if (mismatch(a))
      return fail('community', 'IMPORT_AREA_STREET_MISMATCH', { area: a.name, street: street!.name });
    if (a.closedOn) return fail('community', 'AREA_CLOSED', { area: a.name });
    return { ok: true, area: a };
  }

  // "湖滨街道涌金门社区", "湖滨街道/涌金门": a street written in front of the community.
  let rest = value;
  const prefix = index.streets
    .filter((s) => value.startsWith(s.name))
    .sort((a, b) => b.name.length - a.name.length)[0];
  if (prefix) {
    rest = value.slice(prefix.name.length).replace(/^[/\\\-—_·,，、|]+/, '');
    if (rest === '') return fail('community', 'AREA_NOT_LEAF');
    if (street && street.code !== prefix.code)
      return fail('street', 'IMPORT_AREA_STREET_MISMATCH', { area: value, street: street.name });
    street = prefix;
  }
  if (rest === '') return fail('community', 'FIELD_REQUIRED', { field: 'community' });
  if (index.streets.some((s) => s.name === rest)) return fail('community', 'AREA_NOT_LEAF');

  const all = index.byName.get(rest) ?? [];
  if (all.length === 0) return fail('community', 'AREA_UNKNOWN', { area: raw.trim() });
  const inStreet = street ? all.filter((a) => a.parentCode === street!.code) : all;
  if (inStreet.length === 0)
    return fail('community', 'IMPORT_AREA_STREET_MISMATCH', { area: raw.trim(), street: street!.name });
  const open = inStreet.filter((a) => !a.closedOn);
  if (open.length === 0) return fail('community', 'AREA_CLOSED', { area: inStreet[0]!.name });
  if (open.length > 1)
    return fail('community', 'IMPORT_AREA_AMBIGUOUS', {
      area: raw.trim(),
      streets: open.map((a) => streetOf(index, a)?.name ?? a.code).join('、'),
    });
  return { ok: true, area: open[0]! };
}

/**
 * Hides the middle of an ID number or phone echoed in a report (the report is stored and shown;
 * line, column and the visible ends are enough to find the cell).
 */
export function maskEcho(column: string, value: string): string {
  if (column === 'idNumber' && value.length > 10)
    return `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`;
  if (column === 'phone' && value.length > 7)
    return `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
  return value;
}

/** The area a set of rows falls in: one community, one street, or the district. */
export function commonArea(codes: Iterable<string>): string | undefined {
  let first: string | undefined;
  let level = 12;
  for (const c of codes) {
    if (first === undefined) {
      first = c;
      continue;
    }
    if (level === 12 && c !== first) level = 9;
    if (level === 9 && c.slice(0, 9) !== first.slice(0, 9)) level = 6;
    if (level === 6) break;
  }
  return first === undefined ? undefined : first.slice(0, level).padEnd(12, '0');
}
