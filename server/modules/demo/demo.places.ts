import { STREETS } from '../areas/index.ts';
import type { Rng } from './demo.random.ts';

/**
 * Roads and lanes of each street, in the order of `STREETS`: real Hangzhou names from the area,
 * used to make addresses that read right (平海路12号3幢2单元401室), not to geocode.
 */
export const STREET_ROADS: readonly string[][] = [
  ['平海路', '东坡路', '延安路', '吴山路', '岳王路', '青年路', '邮电路', '仁和路', '学士路', '长生路'],
  ['河坊街', '大井巷', '劳动路', '定安路', '南山路', '清波街', '柳翠井巷', '四宜路', '高银街', '中山中路'],
  [
    '小营巷',
    '金钱巷',
    '建国中路',
    '解放路',
    '庆春路',
    '皮市巷',
    '葵巷',
    '大学路',
    '马市街',
    '长明寺巷',
    '茅廊巷',
    '姚园寺巷',
  ],
  ['望江路', '秋涛路', '清泰街', '婺江路', '近江路', '江城路', '始版桥直街', '望江东路'],
  ['复兴街', '美政路', '中河南路', '玉皇山路', '南复路', '复兴路', '水澄桥路', '海月桥路'],
  ['中山南路', '太庙巷', '十五奎巷', '候潮路', '春江路', '凤凰山脚路', '上羊市街', '木场巷', '严官巷'],
  ['天城路', '机场路', '三里亭路', '红梅路', '濮家东路', '闸弄口路', '天杭路', '京惠路'],
  ['凯旋路', '景芳路', '秋涛北路', '庆春东路', '华家池路', '景昙路', '凤起东路', '新塘路'],
  ['采荷路', '秋涛北路', '庆春东路', '清江路', '双菱路', '凤起东路', '钱江路', '观音塘路'],
  ['钱江路', '新塘路', '富春路', '钱潮路', '城星路', '运新路', '之江路', '江锦路'],
  ['笕桥路', '机场路', '石桥路', '天城东路', '同协南路', '黄家路', '弄口路', '草庄路'],
  ['艮山东路', '新塘路', '德胜东路', '五堡路', '七堡路', '明月桥路', '皋塘路', '杨家桥路'],
  ['德胜东路', '九和路', '杭海路', '九环路', '兴安路', '东城大道', '红普路', '格畈路'],
  ['丁桥路', '华鹤街', '大农港路', '同协路', '长睦路', '皋城路', '丁兰路', '勤丰路', '建塘路', '华中路'],
];

/** Approximate centre of each street (WGS-84), for placing facilities inside the district. */
export const STREET_CENTRES: readonly [number, number][] = [
  [30.2555, 120.1685],
  [30.2435, 120.1655],
  [30.2625, 120.1775],
  [30.2455, 120.1945],
  [30.2255, 120.1745],
  [30.2385, 120.1775],
  [30.2905, 120.1955],
  [30.2755, 120.1955],
  [30.2625, 120.2005],
  [30.2535, 120.2165],
  [30.3055, 120.2205],
  [30.2855, 120.2355],
  [30.3005, 120.2705],
  [30.3305, 120.2055],
];

const CN_DIGITS = ['一', '二', '三', '四', '五', '六', '七', '八', '九'];
const ESTATE_SUFFIXES = ['小区', '新村', '花园', '家园', '公寓', '苑'];

export interface CommunityPlace {
  streetIdx: number;
  code: string;
  name: string;
  isVillage: boolean;
  roads: string[];
  estates: string[];
  centre: [number, number];
}

/** Roads and estates of one community, drawn from its street's roads and its own name. */
export function placeCommunity(
  rng: Rng,
  streetIdx: number,
  code: string,
  name: string,
  isVillage: boolean,
): CommunityPlace {
  const roads = rng.shuffle([...STREET_ROADS[streetIdx]!]).slice(0, rng.int(2, 3));
  const short = name.replace(/社区$/, '');
  const estates: string[] = [];
  if (/(苑|花园|园|城|村)$/.test(short)) {
    estates.push(short);
    if (rng.chance(0.6)) estates.push(`${short}${rng.pick(['东区', '西区', '南区', '北区'])}`);
  } else {
    const n = rng.int(1, 3);
    if (rng.chance(0.35)) for (let i = 0; i < n; i++) estates.push(`${short}${CN_DIGITS[i]}区`);
    else
      for (let i = 0; i < n; i++)
        estates.push(`${short}${ESTATE_SUFFIXES[(i + rng.int(0, 5)) % ESTATE_SUFFIXES.length]}`);
  }
  const [lat, lng] = STREET_CENTRES[streetIdx]!;
  const spread = Math.min(0.02, Math.sqrt(STREETS[streetIdx]!.areaKm2) * 0.004);
  return {
    streetIdx,
    code,
    name,
    isVillage,
    roads,
    estates: [...new Set(estates)],
    centre: [lat + rng.between(-spread, spread), lng + rng.between(-spread, spread)],
  };
}

/** Old-town streets have lane houses as well as blocks of flats. */
const OLD_TOWN_LANES = new Set([0, 1, 2, 4, 5]);

/** Household addresses, unique within the community. */
export class AddressBook {
  private readonly used = new Set<string>();

  constructor(private readonly place: CommunityPlace) {}

  next(rng: Rng): string {
    for (;;) {
      const a = this.draw(rng);
      if (!this.used.has(a)) {
        this.used.add(a);
        return a;
      }
    }
  }

  private draw(rng: Rng): string {
    const p = this.place;
    if (p.isVillage) return `${p.name}${rng.int(1, 12)}组${rng.int(1, 180)}号`;
    const flat = () => `${rng.int(1, 36)}幢${rng.int(1, 4)}单元${rng.int(1, 18)}0${rng.int(1, 4)}室`;
    const r = rng.next();
    if (OLD_TOWN_LANES.has(p.streetIdx) && r < 0.25) {
      const road = rng.pick(p.roads);
      return rng.chance(0.5)
        ? `${road}${rng.int(1, 160)}号`
        : `${road}${rng.int(1, 160)}号${rng.int(1, 3)}0${rng.int(1, 6)}室`;
    }
    if (r < 0.6) return `${rng.pick(p.estates)}${flat()}`;
    return `${rng.pick(p.roads)}${rng.int(1, 400)}号${flat()}`;
  }

  /** An address for a facility: a street number, sometimes with the estate's name. */
  facility(rng: Rng): string {
    const p = this.place;
    if (p.isVillage) return `${p.name}${rng.int(1, 12)}组${rng.int(1, 180)}号`;
    return rng.chance(0.5)
      ? `${rng.pick(p.roads)}${rng.int(1, 400)}号`
      : `${rng.pick(p.estates)}${rng.int(1, 36)}幢底楼`;
  }
}
