import { creditCodeCheckCharacter } from '../../../contracts/credit-code.ts';
import { idCheckCharacter } from '../../../contracts/id-number.ts';
import { type Rng, weighted } from './demo.random.ts';

/** GB/T 2260 codes that appear in residents' ID numbers. */
export const LOCAL_CODE_OLD_SHANGCHENG = '330102';
/** The former Jianggan district (merged into Shangcheng in 2021, 003:2542). */
export const LOCAL_CODE_JIANGGAN = '330104';

/** Elsewhere in Hangzhou: 下城、拱墅、西湖、滨江、萧山、余杭、桐庐、淳安、建德、富阳、临安. */
const HANGZHOU = [
  '330103',
  '330105',
  '330106',
  '330108',
  '330109',
  '330110',
  '330122',
  '330127',
  '330182',
  '330183',
  '330185',
];
/** Elsewhere in Zhejiang: 宁波、温州、嘉兴、湖州、绍兴、诸暨、金华、义乌、衢州、舟山、台州、丽水. */
const ZHEJIANG = [
  '330203',
  '330205',
  '330302',
  '330304',
  '330381',
  '330402',
  '330424',
  '330502',
  '330521',
  '330602',
  '330621',
  '330681',
  '330683',
  '330702',
  '330782',
  '330802',
  '330902',
  '331002',
  '331081',
  '331102',
];
/**
 * Other provinces, weighted like Hangzhou's incoming migration: Anhui first, then Jiangxi, Henan,
 * Sichuan, Hubei, Hunan, Guizhou, Jiangsu; a few from the big cities.
 */
const ELSEWHERE = weighted<string[]>([
  [['340102', '340104', '340822', '341202', '341221', '341522', '342422', '340321'], 25],
  [['360102', '360502', '362321', '361121', '360423'], 12],
  [['410102', '410522', '411323', '412726', '410325'], 12],
  [['510104', '511321', '512922', '513021'], 8],
  [['420102', '421182', '422802', '420117'], 7],
  [['430102', '430524', '431121', '432524'], 6],
  [['522121', '520102', '522426'], 6],
  [['320102', '320582', '320902', '321323'], 5],
  [
    [
      '110101',
      '310101',
      '310104',
      '370102',
      '350102',
      '440106',
      '500101',
      '130102',
      '230102',
      '612301',
      '450102',
    ],
    7,
  ],
]);

export type BirthPlace = 'local' | 'hangzhou' | 'zhejiang' | 'elsewhere';

export function birthPlaceCode(rng: Rng, place: BirthPlace, localCode: string): string {
  switch (place) {
    case 'local':
      return localCode;
    case 'hangzhou':
      return rng.pick(HANGZHOU);
    case 'zhejiang':
      return rng.pick(ZHEJIANG);
    default:
      return rng.pick(ELSEWHERE(rng));
  }
}

/**
 * Hands out unique resident ID numbers (GB 11643-1999): area code, birth date, a 3-digit
 * sequence whose last digit is odd for men and even for women, and the MOD 11-2 check character.
 * Uniqueness is kept on the first 17 characters, which determine the 18th.
 */
export class IdNumberAllocator {
  private readonly used = new Set<string>();

  allocate(rng: Rng, area: string, birthDate: string, sex: 'M' | 'F'): string {
    const stem = area + birthDate.replaceAll('-', '');
    const parity = sex === 'M' ? 1 : 0;
    for (let attempt = 0; attempt < 40; attempt++) {
      const body = stem + String(rng.int(0, 499) * 2 + parity).padStart(3, '0');
      if (!this.used.has(body)) return this.take(body);
    }
    for (let n = parity; n < 1000; n += 2) {
      const body = stem + String(n).padStart(3, '0');
      if (!this.used.has(body)) return this.take(body);
    }
    throw new Error(`no free ID sequence left for ${stem}`);
  }

  get size(): number {
    return this.used.size;
  }

  private take(body: string): string {
    this.used.add(body);
    return body + idCheckCharacter(body);
  }
}

/** Mobile prefixes of the three carriers, roughly by share of numbers in use. */
const MOBILE_PREFIX = weighted<string>([
  ['139', 9],
  ['138', 8],
  ['137', 6],
  ['136', 6],
  ['135', 6],
  ['134', 3],
  ['150', 5],
  ['151', 4],
  ['152', 3],
  ['157', 3],
  ['158', 5],
  ['159', 5],
  ['182', 3],
  ['183', 3],
  ['187', 4],
  ['188', 4],
  ['130', 4],
  ['131', 3],
  ['132', 2],
  ['155', 3],
  ['156', 3],
  ['185', 3],
  ['186', 3],
  ['133', 3],
  ['153', 3],
  ['180', 3],
  ['181', 2],
  ['189', 3],
  ['177', 2],
  ['173', 2],
  ['199', 2],
  ['191', 1],
  ['198', 1],
  ['166', 1],
  ['176', 1],
  ['178', 1],
  ['147', 1],
  ['195', 1],
]);

const digits = (rng: Rng, n: number) => {
  let s = '';
  for (let i = 0; i < n; i++) s += String(rng.int(0, 9));
  return s;
};

export function mobilePhone(rng: Rng): string {
  return MOBILE_PREFIX(rng) + digits(rng, 8);
}

/** Hangzhou landlines: 0571 and eight digits beginning with 8 (86…–89… in the urban districts). */
export function landline(rng: Rng): string {
  return `0571-8${rng.int(5, 9)}${digits(rng, 6)}`;
}

const CC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11714 organisation-code check character over 8 characters (0–9, A–Z valued 10–35). */
export function orgCodeCheckCharacter(first8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = first8[i]!;
    const v = ch >= '0' && ch <= '9' ? ch.charCodeAt(0) - 48 : ch.charCodeAt(0) - 55;
    sum += v * ORG_WEIGHTS[i]!;
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/**
 * Registration-authority and type prefixes of GB 32100-2015 used here: 11 organs of state,
 * 12 public institutions, 31 law firms, 51 social associations, 52 private non-enterprise units,
 * 53 foundations, 91 enterprises, 92 individual businesses (个体工商户), 19 other bodies under
 * the establishment authority (mass organisations, grassroots party organisations).
 */
export type CreditPrefix = '11' | '12' | '19' | '31' | '51' | '52' | '53' | '91' | '92';

/**
 * A unified social credit code: prefix, 6-digit registration area, a 9-character organisation
 * code (8 characters + GB 11714 check) and the GB 32100 check character. Enterprises registered
 * since 2015 get the MA… codes seen on Hangzhou business licences.
 */
export class CreditCodeAllocator {
  private readonly used = new Set<string>();

  allocate(rng: Rng, prefix: CreditPrefix, area: string): string {
    for (;;) {
      let body: string;
      if (prefix === '91' && rng.chance(0.7)) {
        body = `MA${rng.pick(['2', '27', '28', '2H', '2J', '2K'])}`;
        while (body.length < 8) body += CC_ALPHABET[rng.int(0, 30)];
      } else {
        body = digits(rng, 8);
      }
      const org = body + orgCodeCheckCharacter(body);
      const first17 = prefix + area + org;
      const code = first17 + creditCodeCheckCharacter(first17);
      if (!this.used.has(code)) {
        this.used.add(code);
        return code;
      }
    }
  }
}
