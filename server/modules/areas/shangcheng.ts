/**
 * The 2021 (merged) Shangcheng District: 14 streets, 197 communities and 4 administrative
 * villages, with registered and floating population by street (seed-requirements §3.2,
 * 003:9702, 003:9901–9961). Streets from 闸弄口 on belonged to the former Jianggan district
 * (003:2542–2548). Codes are assigned in this order: street 001–014, communities 001–199 and
 * villages from 201 (the statistical convention for 村委会).
 */
export interface StreetSeed {
  name: string;
  formerJianggan: boolean;
  areaKm2: number;
  registered: number;
  floating: number;
  communities: string[];
  villages: string[];
  source: string;
}

export const DISTRICT = { code: '330102000000', name: '上城区' } as const;
/** The merged district's first day (003:2542). */
export const DISTRICT_OPENED_ON = '2021-03-15';

const c = (s: string) => s.split('、');

export const STREETS: StreetSeed[] = [
  {
    name: '湖滨街道',
    formerJianggan: false,
    areaKm2: 1.6,
    registered: 28856,
    floating: 9341,
    communities: c('涌金门、青年路、东平巷、岳王路、东坡路、吴山路'),
    villages: [],
    source: '003:72118',
  },
  {
    name: '清波街道',
    formerJianggan: false,
    areaKm2: 2.2,
    registered: 30937,
    floating: 6208,
    communities: c('清河坊、定安路、劳动路、清波门、柳翠井巷'),
    villages: [],
    source: '003:73020',
  },
  {
    name: '小营街道',
    formerJianggan: false,
    areaKm2: 2.7,
    registered: 73252,
    floating: 27904,
    communities: c(
      '小营巷、金钱巷、西牌楼、紫金、马市街、大学路、葵巷、老浙大、长明寺巷、茅廊巷、梅花碑、姚园寺巷',
    ),
    villages: [],
    source: '003:74019',
  },
  {
    name: '望江街道',
    formerJianggan: false,
    areaKm2: 4.1,
    registered: 68897,
    floating: 39197,
    communities: c('大通桥、始版桥、兴隆、莫邪塘、清泰门、婺江、耀华、近江东园、近江西园、在水一方、徐家埠'),
    villages: [],
    source: '003:74801',
  },
  {
    name: '南星街道',
    formerJianggan: false,
    areaKm2: 4.31,
    registered: 34984,
    floating: 19778,
    communities: c('美政桥、海月桥、馒头山、玉皇山、紫花埠、复兴街、水澄桥、白塔岭'),
    villages: [],
    source: '003:75621',
  },
  {
    name: '紫阳街道',
    formerJianggan: false,
    areaKm2: 3.49,
    registered: 83169,
    floating: 28388,
    communities: c(
      '上羊市街、彩霞岭、十五奎巷、太庙、候潮门、北落马营、新工、海潮、木场巷、凤凰、春江、甬江',
    ),
    villages: [],
    source: '003:76617',
  },
  {
    name: '闸弄口街道',
    formerJianggan: true,
    areaKm2: 5,
    registered: 62890,
    floating: 43375,
    communities: c(
      '天杭、闸弄口、濮家联合、万家花园、三里亭、闻皇庙、红梅、春晖、天仙、京惠、董家、兰苑、天运、麦苗、蓝天',
    ),
    villages: [],
    source: '003:77400',
  },
  {
    name: '凯旋街道',
    formerJianggan: true,
    areaKm2: 4,
    registered: 44993,
    floating: 33193,
    communities: c(
      '景湖、景华、景苑、景芳、景新、景秀、景昙、华家池、金兰池、南肖埠、金秋花园、凯西、庆春门、庆和、凯华',
    ),
    villages: [],
    source: '003:78318',
  },
  {
    name: '采荷街道',
    formerJianggan: true,
    areaKm2: 5.5,
    registered: 80284,
    floating: 36235,
    communities: c(
      '健风、红菱、洁莲、芙蓉、双菱、人民、新凯苑、荷花塘、青荷苑、绿茗、商教苑、夕照、静怡、江汀、常青苑、钱杭',
    ),
    villages: [],
    source: '003:79133',
  },
  {
    name: '四季青街道',
    formerJianggan: true,
    areaKm2: 9,
    registered: 58165,
    floating: 57178,
    communities: c('三叉、五福、三堡、水湘、钱江苑、钱塘、城星、运新、江锦、钱运、钱景'),
    villages: [],
    source: '003:79968',
  },
  {
    name: '笕桥街道',
    formerJianggan: true,
    areaKm2: 19.7,
    registered: 68596,
    floating: 121409,
    communities: c(
      '枸桔弄、花园、草庄、白石、笕桥、农科院、机场、范家、水墩、笕新、浜河、黄家、同心、横塘、俞章、黎明、天新、东港、明桂、金色黎明',
    ),
    villages: [],
    source: '003:80746',
  },
  {
    name: '彭埠街道',
    formerJianggan: true,
    areaKm2: 14.76,
    registered: 76260,
    floating: 98610,
    communities: c(
      '五堡、六堡、七堡、红五月、普福、建华、兴隆、御道、云峰、皋塘、章家坝、新塘、杨家桥、王家井、明月桥、茶亭苑、普新、建和、杨柳郡、建隆、新风',
    ),
    villages: [],
    source: '003:81553',
  },
  // 丽江/相江 as in table 2 (003:9788); the 概况 writes 丽红 and 湘江.
  {
    name: '九堡街道',
    formerJianggan: true,
    areaKm2: 15.8,
    registered: 72820,
    floating: 159651,
    communities: c(
      '杨公、八堡、牛田、蚕桑、格畈、九塘、新江花园、金海、红苹果、魅力城、九华、兴安、蓝桥、丽江、和华、金雅苑、江涛、九堡、三卫、相江、景蓝',
    ),
    villages: c('三村村、宣家埠村'),
    source: '003:82241',
  },
  {
    name: '丁兰街道',
    formerJianggan: true,
    areaKm2: 16.97,
    registered: 83273,
    floating: 97553,
    communities: c(
      '同协苑、赵家苑、丁兰、后珠苑、丁桥苑、长睦苑、大唐苑、蕙兰、明珠、美辰、勤丰、白马庄、三义苑、长虹、枫景园、东林桥、河西、华鹤、华亭、建塘苑、五会港、华睦、兰茵、桃花湖',
    ),
    villages: c('皋城村、沿山村'),
    source: '003:82766',
  },
];

/** Community names get the 社区 suffix; villages keep their 村. */
export function communityFullName(short: string): string {
  return short.endsWith('村') || short.endsWith('社区') ? short : `${short}社区`;
}

export function streetCode(index: number): string {
  return `330102${String(index + 1).padStart(3, '0')}000`;
}

export function communityCode(streetIdx: number, communityIdx: number): string {
  return `330102${String(streetIdx + 1).padStart(3, '0')}${String(communityIdx + 1).padStart(3, '0')}`;
}

export function villageCode(streetIdx: number, villageIdx: number): string {
  return `330102${String(streetIdx + 1).padStart(3, '0')}${String(201 + villageIdx).padStart(3, '0')}`;
}
