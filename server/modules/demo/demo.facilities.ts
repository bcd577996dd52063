import type { OrgKind, ServicePointType } from '../../../contracts/domain.ts';
import { normalisePhone } from '../../../contracts/phone.ts';
import { DISTRICT, STREETS } from '../areas/index.ts';
import {
  type CreditCodeAllocator,
  type CreditPrefix,
  LOCAL_CODE_JIANGGAN,
  LOCAL_CODE_OLD_SHANGCHENG,
  landline,
  mobilePhone,
} from './demo.identifiers.ts';
import { fullName } from './demo.names.ts';
import { AddressBook, type CommunityPlace, STREET_CENTRES } from './demo.places.ts';
import type { Rng } from './demo.random.ts';

export interface DemoOrg {
  id: string;
  name: string;
  kind: OrgKind;
  creditCode: string;
  areaCode: string;
  address: string;
  contactName: string;
  contactPhone: string;
}

type Hours = { days: number[]; open: string; close: string }[];

export interface DemoServicePoint {
  id: string;
  name: string;
  type: ServicePointType;
  areaCode: string;
  address: string;
  lat: number;
  lng: number;
  openingHours: Hours;
  orgId: string | null;
}

const WEEKDAYS = [1, 2, 3, 4, 5];
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

/** Opening hours by kind of facility, as such places in Hangzhou post them. */
function hoursFor(rng: Rng, type: ServicePointType): Hours {
  switch (type) {
    case 'canteen':
      // Lunch every day; supper on weekdays in most canteens.
      return rng.chance(0.6)
        ? [
            { days: EVERY_DAY, open: '10:30', close: '12:30' },
            { days: WEEKDAYS, open: '16:30', close: '18:00' },
          ]
        : [{ days: EVERY_DAY, open: '10:30', close: '13:00' }];
    case 'home_care_centre':
      return rng.chance(0.7)
        ? [{ days: EVERY_DAY, open: '08:00', close: '17:00' }]
        : [{ days: [1, 2, 3, 4, 5, 6], open: '08:30', close: '17:00' }];
    case 'care_station':
    case 'veteran_station':
    case 'social_work_station':
      return [
        { days: WEEKDAYS, open: '08:30', close: '12:00' },
        { days: WEEKDAYS, open: '13:30', close: '17:00' },
      ];
    case 'volunteer_home':
      return [
        { days: WEEKDAYS, open: '09:00', close: '17:00' },
        { days: [6], open: '09:00', close: '12:00' },
      ];
    case 'practice_station':
      return [
        { days: WEEKDAYS, open: '09:00', close: '17:00' },
        { days: [6, 7], open: '09:00', close: '11:30' },
      ];
    case 'practice_institute':
      return [{ days: EVERY_DAY, open: '09:00', close: '17:00' }];
    case 'health_station':
      return [{ days: [1, 2, 3, 4, 5, 6], open: '08:00', close: '16:30' }];
    case 'party_mass_centre':
      return [{ days: EVERY_DAY, open: '08:30', close: '20:00' }];
    case 'disabled_home':
      return [{ days: WEEKDAYS, open: '08:30', close: '16:30' }];
    case 'v_station':
      return [
        { days: WEEKDAYS, open: '16:00', close: '20:00' },
        { days: [6, 7], open: '09:00', close: '18:00' },
      ];
  }
}

/** 字号 for invented companies and organisations. */
const TRADE_NAMES = [
  '康乐',
  '颐年',
  '福寿',
  '安康',
  '惠民',
  '邻里',
  '和美',
  '乐龄',
  '暖阳',
  '银龄',
  '钱塘',
  '江城',
  '凤凰',
  '吴山',
  '清河',
  '运河',
  '东方',
  '新湖',
  '金秋',
  '知味',
  '百味',
  '家和',
  '众邦',
  '鼎泰',
  '信诚',
  '明德',
  '正和',
  '天衡',
  '同舟',
  '善邻',
  '悦享',
  '馨园',
  '春晖',
  '仁和',
  '永安',
  '长乐',
  '康桥',
  '怡和',
  '嘉禾',
  '禾丰',
];
const BANKS = [
  '中国工商银行',
  '中国建设银行',
  '中国农业银行',
  '中国银行',
  '交通银行',
  '杭州银行',
  '浙商银行',
  '杭州联合农村商业银行',
];
const SHOPS = ['便民超市', '理发店', '家电维修部', '平价药房', '早餐店', '裁缝铺', '水果店', '五金店'];

/**
 * District bodies named in the seeds (§3.4): civil affairs, veterans, health, human resources
 * and social security, justice, data resources, the mass organisations and the charities.
 */
const DISTRICT_BODIES: [string, OrgKind, CreditPrefix][] = [
  ['杭州市上城区民政局', 'government', '11'],
  ['杭州市上城区退役军人事务局', 'government', '11'],
  ['杭州市上城区卫生健康局', 'government', '11'],
  ['杭州市上城区人力资源和社会保障局', 'government', '11'],
  ['杭州市上城区司法局', 'government', '11'],
  ['杭州市上城区数据资源管理局', 'government', '11'],
  ['杭州市上城区医疗保障服务中心', 'government', '12'],
  ['共青团杭州市上城区委员会', 'government', '19'],
  ['杭州市上城区妇女联合会', 'government', '19'],
  ['杭州市上城区总工会', 'government', '19'],
  ['杭州市上城区残疾人联合会', 'government', '19'],
  ['杭州市上城区红十字会', 'government', '19'],
  ['杭州市上城区科学技术协会', 'government', '19'],
  ['杭州市上城区归国华侨联合会', 'government', '19'],
  ['杭州市上城区关心下一代工作委员会', 'government', '19'],
  ['杭州市上城区精神文明建设指导服务中心', 'civilized_unit', '12'],
  ['杭州市上城区慈善总会', 'social_org', '51'],
  ['杭州市上城区社会组织发展基金会', 'social_org', '53'],
  ['杭州市上城区晴雨公益服务中心', 'social_org', '52'],
  ['杭州市上城区张能庆公益服务站', 'social_org', '52'],
  ['杭州市上城区尚善之家公益服务中心', 'social_org', '52'],
  ['杭州市上城区润万家社会工作服务中心', 'social_org', '52'],
  ['杭州市上城区福援启智服务中心', 'social_org', '52'],
  ['杭州市上城区弯湾托管中心', 'social_org', '52'],
  ['杭州市上城区志愿者协会', 'social_org', '51'],
  ['杭州市上城区社会工作者协会', 'social_org', '51'],
  ['杭州市上城区养老服务行业协会', 'social_org', '51'],
];

export interface FacilityContext {
  rng: Rng;
  newId: () => string;
  credit: CreditCodeAllocator;
  communities: CommunityPlace[];
}

/** Organisations of the district, each street and each community, and the facilities they run. */
export function buildFacilities(f: FacilityContext): { orgs: DemoOrg[]; points: DemoServicePoint[] } {
  const { rng } = f;
  const orgs: DemoOrg[] = [];
  const points: DemoServicePoint[] = [];
  const names = new Set<string>();
  const tradeName = (pattern: (w: string) => string) => {
    for (let i = 0; ; i++) {
      const n = pattern(i < 30 ? rng.pick(TRADE_NAMES) : `${rng.pick(TRADE_NAMES)}${rng.pick(TRADE_NAMES)}`);
      if (!names.has(n)) return n;
    }
  };
  /** Where an organisation sits: its area, an address book there, and the local ID area code. */
  interface At {
    areaCode: string;
    book: AddressBook | null;
    local: string;
  }
  const org = (name: string, kind: OrgKind, prefix: CreditPrefix, at: At): DemoOrg => {
    names.add(name);
    // Organs and party bodies were re-registered with the merged district's code; other bodies
    // registered in the former Jianggan district before 2021 mostly still carry 330104.
    const registration =
      prefix === '11' || prefix === '19' || at.local === LOCAL_CODE_OLD_SHANGCHENG || !rng.chance(0.6)
        ? LOCAL_CODE_OLD_SHANGCHENG
        : LOCAL_CODE_JIANGGAN;
    const o: DemoOrg = {
      id: f.newId(),
      name,
      kind,
      creditCode: f.credit.allocate(rng, prefix, registration),
      areaCode: at.areaCode,
      address: at.book ? at.book.facility(rng) : '上城区望潮路77号',
      contactName: fullName(rng, rng.chance(0.5) ? 'M' : 'F', rng.int(1966, 1998)),
      contactPhone: normalisePhone(rng.chance(0.6) ? landline(rng) : mobilePhone(rng)),
    };
    orgs.push(o);
    return o;
  };
  const point = (
    name: string,
    type: ServicePointType,
    areaCode: string,
    book: AddressBook,
    centre: [number, number],
    orgId: string | null = null,
  ) => {
    points.push({
      id: f.newId(),
      name,
      type,
      areaCode,
      address: book.facility(rng),
      lat: round6(centre[0] + rng.between(-0.0025, 0.0025)),
      lng: round6(centre[1] + rng.between(-0.0025, 0.0025)),
      openingHours: hoursFor(rng, type),
      orgId,
    });
  };

  // District level: the bodies sit at the district seat, 望潮路77号 (003:2554).
  const byName = new Map<string, DemoOrg>();
  const seatOfDistrict: At = { areaCode: DISTRICT.code, book: null, local: LOCAL_CODE_OLD_SHANGCHENG };
  for (const [name, kind, prefix] of DISTRICT_BODIES)
    byName.set(name, org(name, kind, prefix, seatOfDistrict));

  STREETS.forEach((s, si) => {
    const streetCode = `330102${String(si + 1).padStart(3, '0')}000`;
    const short = s.name.replace(/街道$/, '');
    const mine = f.communities.filter((c) => c.streetIdx === si);
    const seat = new AddressBook(mine[0]!);
    const local = s.formerJianggan ? LOCAL_CODE_JIANGGAN : LOCAL_CODE_OLD_SHANGCHENG;
    const here: At = { areaCode: streetCode, book: seat, local };
    org(`杭州市上城区人民政府${s.name}办事处`, 'government', '11', here);
    org(`中共杭州市上城区${s.name}工作委员会`, 'party_org', '11', here);
    const health = org(`杭州市上城区${s.name}社区卫生服务中心`, 'civilized_unit', '12', here);
    org(`杭州市上城区${s.name}社会组织服务中心`, 'social_org', '52', here);
    const socialWork = org(
      tradeName((w) => `杭州市上城区${w}社会工作服务中心`),
      'social_org',
      '52',
      here,
    );
    org(`杭州市${short}小学`, 'school', '12', here);
    org(`杭州市上城区${short}幼儿园`, 'school', '12', here);
    org(`${rng.pick(BANKS)}股份有限公司杭州${short}支行`, 'civilized_unit', '91', here);
    org(
      tradeName((w) => `浙江${w}律师事务所`),
      'civilized_unit',
      '31',
      here,
    );
    const care = org(
      tradeName((w) => `杭州${w}养老服务有限公司`),
      'enterprise',
      '91',
      here,
    );
    const kitchen = org(
      tradeName((w) => `杭州${w}餐饮管理有限公司`),
      'enterprise',
      '91',
      here,
    );
    org(
      tradeName((w) => `杭州${w}物业服务有限公司`),
      'enterprise',
      '91',
      here,
    );
    if (si === 7) org('杭州市上城区凯益荟社会服务中心', 'social_org', '52', here);
    // 在水一方养老服务集团 is named among the district's providers (seed-requirements §3.4).
    const zaishui = si === 3 ? org('杭州在水一方养老服务集团有限公司', 'enterprise', '91', here) : undefined;

    const centre = STREET_CENTRES[si]!;
    point(`${s.name}社会工作站`, 'social_work_station', streetCode, seat, centre, socialWork.id);
    point(`${s.name}新时代文明实践所`, 'practice_institute', streetCode, seat, centre);
    point(`${s.name}退役军人服务站`, 'veteran_station', streetCode, seat, centre);
    point(`${s.name}残疾人之家`, 'disabled_home', streetCode, seat, centre);

    for (const c of mine) {
      const book = new AddressBook(c);
      const cshort = c.name.replace(/(社区|村)$/, '');
      const there: At = { areaCode: c.code, book, local };
      org(`中共杭州市上城区${s.name}${c.name}委员会`, 'party_org', '19', there);
      if (rng.chance(0.6))
        org(
          tradeName((w) => `杭州市上城区${cshort}${w}邻里服务中心`),
          'social_org',
          '52',
          there,
        );
      if (rng.chance(0.5)) org(`杭州上城${cshort}${rng.pick(SHOPS)}`, 'enterprise', '92', there);
      const nursery = rng.chance(0.5) ? '幼儿园' : '托育园';
      if (rng.chance(0.2))
        org(`杭州市上城区${cshort}${nursery}`, 'school', rng.chance(0.5) ? '12' : '52', there);
      if (rng.chance(0.15))
        org(
          tradeName((w) => `杭州${w}家政服务有限公司`),
          'enterprise',
          '91',
          there,
        );

      point(`${c.name}党群服务中心`, 'party_mass_centre', c.code, book, c.centre);
      point(`${c.name}志愿者之家`, 'volunteer_home', c.code, book, c.centre);
      point(`${c.name}退役军人服务站`, 'veteran_station', c.code, book, c.centre);
      // Counts as published for 2021: practice stations 195 of 201, home-care centres 168–193,
      // canteens and meal points 54 then 134 (2024), care stations 168 over five years, health
      // stations 111 (seed-requirements §3.3).
      if (rng.chance(0.97)) point(`${c.name}新时代文明实践站`, 'practice_station', c.code, book, c.centre);
      if (rng.chance(0.93))
        point(
          `${c.name}居家养老服务照料中心`,
          'home_care_centre',
          c.code,
          book,
          c.centre,
          (zaishui ?? care).id,
        );
      if (rng.chance(0.65))
        point(
          `${c.name}${rng.pick(['老年食堂', '长者食堂', '助餐点'])}`,
          'canteen',
          c.code,
          book,
          c.centre,
          kitchen.id,
        );
      if (rng.chance(0.45)) point(`${c.name}康养驿站`, 'care_station', c.code, book, c.centre, care.id);
      if (!c.isVillage && rng.chance(0.55))
        point(`${c.name}卫生服务站`, 'health_station', c.code, book, c.centre, health.id);
    }
  });

  // 亚运青年V站: ten youth volunteer stations at busy places (003:71722).
  const vSites: [number, string][] = [
    [0, '湖滨步行街'],
    [0, '西湖音乐喷泉'],
    [1, '河坊街'],
    [1, '南宋御街'],
    [3, '钱塘江畔'],
    [9, '钱江新城'],
    [9, '城市阳台'],
    [11, '杭州东站'],
    [12, '九堡客运中心'],
    [13, '丁桥地铁站'],
  ];
  const youthLeague = byName.get('共青团杭州市上城区委员会')!;
  for (const [si, site] of vSites) {
    const c = f.communities.find((x) => x.streetIdx === si)!;
    point(
      `亚运青年V站（${site}）`,
      'v_station',
      `330102${String(si + 1).padStart(3, '0')}000`,
      new AddressBook(c),
      STREET_CENTRES[si]!,
      youthLeague.id,
    );
  }
  return { orgs, points };
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
