import { type Rng, weighted } from './demo.random.ts';

/**
 * Surnames weighted for Hangzhou: the national leaders (王李张刘陈) plus the names that are
 * noticeably more common in Zhejiang (沈、俞、钱、金、楼、应、章、邵、屠、裘). Weights are per
 * mille of the population, rounded; the long tail is folded into the last entries.
 */
const SURNAMES: [string, number][] = [
  ['王', 70],
  ['陈', 66],
  ['张', 48],
  ['李', 44],
  ['徐', 30],
  ['吴', 30],
  ['周', 28],
  ['朱', 22],
  ['沈', 22],
  ['杨', 20],
  ['刘', 20],
  ['黄', 18],
  ['金', 16],
  ['胡', 16],
  ['孙', 13],
  ['俞', 12],
  ['钱', 12],
  ['方', 12],
  ['何', 11],
  ['章', 11],
  ['叶', 11],
  ['林', 10],
  ['潘', 10],
  ['郑', 10],
  ['蒋', 10],
  ['邵', 9],
  ['许', 9],
  ['姚', 9],
  ['丁', 8],
  ['马', 8],
  ['汪', 8],
  ['赵', 8],
  ['高', 8],
  ['应', 7],
  ['冯', 7],
  ['楼', 6],
  ['程', 6],
  ['袁', 6],
  ['董', 6],
  ['陆', 6],
  ['郭', 5],
  ['唐', 5],
  ['宋', 5],
  ['范', 5],
  ['施', 5],
  ['傅', 5],
  ['毛', 5],
  ['戴', 5],
  ['罗', 4],
  ['谢', 4],
  ['江', 4],
  ['韩', 4],
  ['邱', 4],
  ['曹', 4],
  ['顾', 4],
  ['吕', 4],
  ['严', 4],
  ['夏', 4],
  ['蔡', 4],
  ['余', 4],
  ['卢', 3],
  ['任', 3],
  ['邓', 3],
  ['魏', 3],
  ['姜', 3],
  ['杜', 3],
  ['葛', 3],
  ['盛', 3],
  ['倪', 3],
  ['洪', 3],
  ['屠', 3],
  ['虞', 3],
  ['孔', 3],
  ['梁', 3],
  ['项', 3],
  ['费', 2],
  ['裘', 2],
  ['鲍', 2],
  ['史', 2],
  ['柴', 2],
  ['贾', 2],
  ['褚', 2],
  ['翁', 2],
  ['钟', 2],
  ['陶', 2],
  ['汤', 2],
  ['骆', 2],
  ['凌', 2],
  ['卜', 1],
  ['龚', 2],
  ['石', 2],
  ['田', 2],
  ['彭', 2],
  ['苏', 2],
  ['鲁', 1],
  ['欧阳', 0.3],
  ['司马', 0.1],
  ['诸葛', 0.1],
  ['上官', 0.1],
];

export const pickSurname = weighted(SURNAMES);
export const SURNAME_LIST: readonly string[] = SURNAMES.map(([s]) => s);

interface NamePool {
  single: string;
  first: string;
  second: string;
  /** share of one-character given names in this generation */
  singleShare: number;
}

/**
 * Given names change with the generation: 福、根、秀英 before 1950; 建国、卫东、红 in the 1950s and
 * 1960s; 伟、磊、丽、静 in the 1970s and 1980s; 浩、宇、婷、佳怡 in the 1990s; 子轩、梓涵、一诺
 * after 2005. One-character names peaked in the 1970s–80s.
 */
const POOLS: { until: number; M: NamePool; F: NamePool }[] = [
  {
    until: 1949,
    M: {
      single: '福根发林荣明生德才贵金水海松山祥泉炳昌铭',
      first: '国德志福金荣长永根宝文树春仁绍炳正顺',
      second: '林生福根发荣才明德海祥泉昌华山元良寿庆堂',
      singleShare: 0.25,
    },
    F: {
      single: '英兰珍凤芳梅娥秀菊琴翠娣妹',
      first: '秀桂金玉素月美宝彩爱凤佩杏',
      second: '英兰珍凤芳梅娥娣宝仙琴花香菊珠娟贞',
      singleShare: 0.2,
    },
  },
  {
    until: 1969,
    M: {
      single: '伟军勇明华平强斌林刚峰建辉荣毅杰',
      first: '建国卫志红伟立振爱跃永新文金晓',
      second: '国华平民军东明强林忠新荣庆伟兵刚生龙',
      singleShare: 0.38,
    },
    F: {
      single: '红霞萍华玲英芳静敏琴燕丽莉慧',
      first: '秀美丽建爱红玉桂彩素雪晓亚惠月',
      second: '英华萍芳琴玲珍红霞娟兰凤娣莲梅云',
      singleShare: 0.35,
    },
  },
  {
    until: 1989,
    M: {
      single: '伟磊斌强军杰涛峰鹏辉剑超波俊勇健骏浩晨翔',
      first: '海志建晓振俊文国永伟卫天立明家松',
      second: '峰华明杰波军勇平林强斌伟刚宇东辉锋荣亮龙',
      singleShare: 0.45,
    },
    F: {
      single: '丽静燕敏婷艳娟洁颖莉佳琳慧蓉萍霞芳红琼倩',
      first: '晓丽海雪春美秀佳文建玲亚慧红静',
      second: '燕丽红芳萍娟华英玲琴霞静敏颖洁莉婷君',
      singleShare: 0.45,
    },
  },
  {
    until: 2004,
    M: {
      single: '浩宇杰俊豪磊晨凯帅博鑫昊超涛阳鹏航旭',
      first: '子天浩俊宇嘉家佳志一博晨思文振泽',
      second: '豪宇杰轩航涛博阳辰然鸣远凡昊哲鹏翔',
      singleShare: 0.3,
    },
    F: {
      single: '婷雪琪倩佳怡欣颖璐梦丹瑶蕾洁静悦',
      first: '佳思雨欣梦晓诗婷雅静嘉慧可子心若',
      second: '怡婷琪雯倩颖洁璐瑶涵琳悦雪彤薇佳蕾',
      singleShare: 0.28,
    },
  },
  {
    until: 9999,
    M: {
      single: '睿泽铭辰宸昊航轩哲锐恒熙',
      first: '子梓宇浩皓一俊奕沐逸嘉思承景煜',
      second: '轩涵豪睿辰泽宸铭熙阳航恒川安然霖',
      singleShare: 0.12,
    },
    F: {
      single: '萱涵怡妍彤瑶琪悦诺汐可',
      first: '梓一欣诗子语雨可若思依沐紫梦佳芷',
      second: '涵萱诺怡桐琪妍汐瑶彤悦晗馨然希雯',
      singleShare: 0.1,
    },
  },
];

function poolFor(birthYear: number, sex: 'M' | 'F'): NamePool {
  return (POOLS.find((p) => birthYear <= p.until) ?? POOLS[POOLS.length - 1]!)[sex];
}

const chars = (s: string) => Array.from(s);
const charCache = new Map<string, string[]>();
function charsOf(s: string): string[] {
  let c = charCache.get(s);
  if (!c) {
    c = chars(s);
    charCache.set(s, c);
  }
  return c;
}

/** A given name of one or two characters, typical of the birth year and sex. */
export function givenName(rng: Rng, sex: 'M' | 'F', birthYear: number): string {
  const pool = poolFor(birthYear, sex);
  if (rng.chance(pool.singleShare)) return rng.pick(charsOf(pool.single));
  const a = rng.pick(charsOf(pool.first));
  let b = rng.pick(charsOf(pool.second));
  // Doubled names (婷婷、丽丽) exist but are a minority.
  if (a === b && rng.chance(0.7)) b = rng.pick(charsOf(pool.second));
  return a + b;
}

export function fullName(rng: Rng, sex: 'M' | 'F', birthYear: number, surname?: string): string {
  return (surname ?? pickSurname(rng)) + givenName(rng, sex, birthYear);
}
