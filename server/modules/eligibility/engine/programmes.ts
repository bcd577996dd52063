import type { ParamDef, RuleKind } from './check.ts';

/**
 * The district's programmes and early-warning triggers as written in the seeds (R1–R29 in
 * seed-requirements §2), in the rule language. Each branch names its source. Where the seeds
 * give no number the value is a parameter with a documented default (ADR 0019), never a number
 * buried in a rule.
 */

export interface ProgrammeSeed {
  code: string;
  zh: string;
  en: string;
  kind: RuleKind;
  /** Who runs it: the area level that approves applications for it. */
  approver: 'street' | 'district';
  /** The ledger unit a benefit is paid in, when it is paid as value; null for in-kind. */
  validFrom: string;
  rule: string;
  descriptionZh: string;
}

const y = (yuan: number): number => Math.round(yuan * 100);

export const SEED_PARAMS: ParamDef[] = [
  {
    code: 'dibao_standard',
    zh: '低保标准',
    en: 'minimum-allowance standard',
    unit: 'yuan_month',
    values: [
      { from: '2021-01-01', value: y(1102) },
      { from: '2024-07-01', value: y(1285) },
    ],
    source: 'R28 003:47012–47020（2021年每人每月1102元）；2024年起按杭州市公布标准（默认值，可调整）',
  },
  {
    code: 'dibian_multiple',
    zh: '低边倍数',
    en: 'near-minimum multiple',
    unit: 'percent',
    values: [{ from: '2021-01-01', value: 150 }],
    source: '低保边缘家庭：人均收入在低保标准1.5倍以内（浙江省做法，默认值）',
  },
  {
    code: 'tekun_standard',
    zh: '特困供养标准',
    en: 'extreme-poverty support standard',
    unit: 'yuan_month',
    values: [{ from: '2021-01-01', value: y(1433) }],
    source: '不低于低保标准的1.3倍（《社会救助暂行办法》第十四条；默认值）',
  },
  {
    code: 'pension_line',
    zh: '重阳分退休金线',
    en: 'chongyang pension line',
    unit: 'yuan_month',
    values: [{ from: '2019-01-01', value: y(3000) }],
    source: 'R4 000:161（退休金每月3000元以下）',
  },
  {
    code: 'chongyang_monthly',
    zh: '重阳分月额',
    en: 'chongyang monthly credits',
    unit: 'yuan_month',
    values: [{ from: '2019-01-01', value: y(100) }],
    source: '种子材料未给出金额；默认与重阳分模块的月额一致：每月100重阳分（ADR 0009）',
  },
  {
    code: 'longevity_80',
    zh: '高龄津贴（80至89周岁）',
    en: 'old-age allowance 80–89',
    unit: 'yuan_month',
    values: [{ from: '2019-01-01', value: y(50) }],
    source: 'R16 000:125；金额种子材料未给出（默认值）',
  },
  {
    code: 'longevity_90',
    zh: '高龄津贴（90至99周岁）',
    en: 'old-age allowance 90–99',
    unit: 'yuan_month',
    values: [{ from: '2019-01-01', value: y(100) }],
    source: 'R16（默认值）',
  },
  {
    code: 'longevity_100',
    zh: '高龄津贴（100周岁以上）',
    en: 'old-age allowance 100+',
    unit: 'yuan_month',
    values: [{ from: '2019-01-01', value: y(500) }],
    source: 'R16（默认值）',
  },
  {
    code: 'disability_living',
    zh: '困难残疾人生活补贴标准',
    en: 'living subsidy for disabled people in difficulty',
    unit: 'yuan_month',
    values: [{ from: '2018-01-01', value: y(350) }],
    source: '001:1206（2018年11856人次413万元，约每人次348元；默认值）',
  },
  {
    code: 'care_subsidy_1',
    zh: '重度残疾人护理补贴（一级）',
    en: 'care subsidy, grade 1',
    unit: 'yuan_month',
    values: [{ from: '2018-01-01', value: y(450) }],
    source: '001:1208（41546人次1678万元，约每人次404元；默认值）',
  },
  {
    code: 'care_subsidy_2',
    zh: '重度残疾人护理补贴（二级）',
    en: 'care subsidy, grade 2',
    unit: 'yuan_month',
    values: [{ from: '2018-01-01', value: y(350) }],
    source: '001:1208（默认值）',
  },
  {
    code: 'child_subsidy',
    zh: '困境儿童补贴标准',
    en: 'subsidy for children in difficulty',
    unit: 'yuan_month',
    values: [{ from: '2021-01-01', value: y(680) }],
    source: '002:6（2024年7139人次486万元，约每人次681元；默认值）',
  },
  {
    code: 'modification_cap',
    zh: '适老化改造标准',
    en: 'home-modification cap',
    unit: 'yuan',
    values: [{ from: '2021-01-01', value: y(10000) }],
    source: 'R10 003:70909–70916（由省标6000元提高至1万元）',
  },
  {
    code: 'travel_subsidy',
    zh: '助老就医出行补贴',
    en: 'medical travel subsidy',
    unit: 'yuan_year',
    values: [{ from: '2021-01-01', value: y(200) }],
    source: 'R19 003:77932–77936（200元/年，按季度领取）',
  },
  {
    code: 'temp_aid_cap',
    zh: '临时救助上限',
    en: 'temporary aid cap',
    unit: 'yuan',
    values: [{ from: '2021-01-01', value: y(20000) }],
    source: '默认值；3000元以下由街道审批（R29 003:47061–47077）',
  },
  {
    code: 'street_approval_limit',
    zh: '街道审批限额',
    en: 'street approval limit',
    unit: 'yuan',
    values: [{ from: '2021-10-01', value: y(3000) }],
    source: 'R29 003:47061–47077（临时救助3000元以下下放街道审批，2021年10月1日起）',
  },
  {
    code: 'medical_burden_line',
    zh: '大额医疗支出线',
    en: 'large medical spending line',
    unit: 'yuan',
    values: [{ from: '2021-01-01', value: y(10000) }],
    source: '默认值（近90天自付医疗费）',
  },
];

export const SEED_PROGRAMMES: ProgrammeSeed[] = [
  {
    code: 'chongyang',
    zh: '重阳分',
    en: 'Chongyang care credits',
    kind: 'benefit',
    approver: 'street',
    validFrom: '2019-01-01',
    descriptionZh: '政府购买居家养老服务补贴，按月发放至养老服务专户',
    rule: `# R4–R5：上城户籍、退休金每月3000元以下、不能自理或不能完全自理的空巢独居老年人
如果 本区户籍 且 年龄 在 60 周岁以上
   且 月退休金 在 重阳分退休金线 以下
   且 能力等级 属于 [轻度失能, 中度失能, 重度失能, 完全失能]
   且 居住状况 属于 [独居, 空巢, 孤寡]
则 发放 重阳分月额 每月 依据 "R4 000:161；R5 003:70991–71000"
否则 不符合`,
  },
  {
    code: 'family_bed',
    zh: '家庭养老照护床位',
    en: 'Family elderly-care bed',
    kind: 'benefit',
    approver: 'street',
    validFrom: '2019-01-01',
    descriptionZh: '两档补助不可重复享受',
    rule: `# R1–R3：两者不可重复享受（先符合者优先）
如果 年龄 在 60 周岁以上 且 能力等级 属于 [中度失能, 重度失能, 完全失能]
则 发放 600元 每月 依据 "R1 000:159–161"
否则如果 年龄 在 85 周岁以上 且 能力等级 为 轻度失能
则 发放 200元 每月 依据 "R2 000:161"
否则 不符合`,
  },
  {
    code: 'longevity',
    zh: '高龄津贴',
    en: 'Old-age allowance',
    kind: 'benefit',
    approver: 'street',
    validFrom: '2019-01-01',
    descriptionZh: '80周岁以上本区户籍老年人，按年龄分档',
    rule: `如果 本区户籍 且 年龄 在 100 周岁以上 则 发放 高龄津贴（100周岁以上） 每月 依据 "R16 000:125；003:70816"
否则如果 本区户籍 且 年龄 介于 90 和 99 之间 则 发放 高龄津贴（90至99周岁） 每月 依据 "R16 000:125"
否则如果 本区户籍 且 年龄 介于 80 和 89 之间 则 发放 高龄津贴（80至89周岁） 每月 依据 "R16 000:125"
否则 不符合`,
  },
  {
    code: 'accident_insurance',
    zh: '老年人意外伤害保险',
    en: 'Accident insurance for elders',
    kind: 'benefit',
    approver: 'street',
    validFrom: '2019-01-01',
    descriptionZh: '政府补贴参保',
    rule: `如果 年龄 在 80 周岁以上 则 符合 依据 "R17 000:129–131（80周岁(含)以上高龄老人）"
否则如果 年龄 在 60 周岁以上
   且 (低收入类别 属于 [低保, 特困] 或 优抚类别 属于 [残疾军人, 烈属, 参战退役军人] 或 特殊家庭 为 失独)
则 符合 依据 "R17 000:129–131（60周岁(含)以上低保、特困、重点优抚、失独人员）"
否则 不符合`,
  },
  {
    code: 'social_assistance',
    zh: '低保/低边/特困',
    en: 'Minimum allowance, near-minimum, extreme poverty',
    kind: 'benefit',
    approver: 'street',
    validFrom: '2021-01-01',
    descriptionZh: '街道审批（R29）；低保按标准与家庭人均收入之差补足',
    rule: `如果 低收入类别 为 特困 则 发放 特困供养标准 每月 依据 "R29 003:47061；《社会救助暂行办法》第十四条"
否则如果 本区户籍 且 低收入类别 不为 特困 且 家庭人均月收入 < 低保标准
则 发放 (低保标准 - 家庭人均月收入) * 家庭人数 每月 依据 "R28 003:47012–47020"
否则如果 本区户籍 且 低收入类别 不为 特困 且 家庭人均月收入 介于 低保标准 和 低保标准 * 低边倍数 之间
则 符合 依据 "低保边缘：人均收入在低保标准1.5倍以内（R29 003:47061）"
否则 不符合`,
  },
  {
    code: 'temporary_aid',
    zh: '临时救助',
    en: 'Temporary assistance',
    kind: 'benefit',
    approver: 'street',
    validFrom: '2021-01-01',
    descriptionZh: '3000元以下由街道审批，以上报区（R29）',
    rule: `如果 本区户籍 且 近90天自付医疗费 在 大额医疗支出线 以上
   且 家庭人均月收入 在 低保标准 * 2 以下
则 一次 发放 较小值(近90天自付医疗费 * 50%, 临时救助上限) 依据 "R29 003:47061–47077；S34 003:46860–46881"
否则 不符合`,
  },
  {
    code: 'disability_living',
    zh: '困难残疾人生活补贴',
    en: 'Living subsidy for disabled people in difficulty',
    kind: 'benefit',
    approver: 'street',
    validFrom: '2018-01-01',
    descriptionZh: '持证残疾人且为低保、低边或特困对象',
    rule: `如果 残疾等级 介于 1 和 4 之间 且 低收入类别 属于 [低保, 低边, 特困]
则 发放 困难残疾人生活补贴标准 每月 依据 "001:1202–1206；R63 003:27480–27520"
否则 不符合`,
  },
  {
    code: 'severe_disability_care',
    zh: '重度残疾人护理补贴',
    en: 'Care subsidy for severely disabled people',
    kind: 'benefit',
    approver: 'street',
    validFrom: '2018-01-01',
    descriptionZh: '一级、二级残疾人',
    rule: `如果 残疾等级 = 1 则 发放 重度残疾人护理补贴（一级） 每月 依据 "001:1202–1208"
否则如果 残疾等级 = 2 则 发放 重度残疾人护理补贴（二级） 每月 依据 "001:1202–1208"
否则 不符合`,
  },
  {
    code: 'children_in_difficulty',
    zh: '困境儿童',
    en: 'Children in difficulty',
    kind: 'benefit',
    approver: 'street',
    validFrom: '2021-01-01',
    descriptionZh: '不满18周岁，本人残疾、家庭低收入或父母等家庭成员重度残疾',
    rule: `如果 年龄 不满 18 且 (残疾等级 介于 1 和 4 之间 或 低收入类别 不属于 [无] 或 家有重度残疾成员)
则 发放 困境儿童补贴标准 每月 依据 "S33 002:6、002:11；003:7966–7972"
否则 不符合`,
  },
  {
    code: 'home_modification',
    zh: '适老化改造',
    en: 'Home modification for elders',
    kind: 'benefit',
    approver: 'district',
    validFrom: '2021-01-01',
    descriptionZh: '一户一方案，边施工边验收，每户最高1万元',
    rule: `如果 年龄 在 60 周岁以上
   且 (低收入类别 不属于 [无] 或 能力等级 属于 [中度失能, 重度失能, 完全失能] 或 残疾等级 介于 1 和 2 之间)
则 一次 发放 适老化改造标准 依据 "R10 003:70909–70916"
否则 不符合`,
  },
  {
    code: 'medical_travel',
    zh: '助老就医出行补贴',
    en: 'Medical travel subsidy for elders',
    kind: 'benefit',
    approver: 'street',
    validFrom: '2021-01-01',
    descriptionZh: '按季度在地图应用领取',
    rule: `如果 年龄 在 60 周岁以上 则 发放 助老就医出行补贴 每年 依据 "R19 003:77932–77936"
否则 不符合`,
  },
  {
    code: 'smart_terminal',
    zh: '智慧养老终端',
    en: 'Smart elderly-care terminal',
    kind: 'benefit',
    approver: 'street',
    validFrom: '2019-01-01',
    descriptionZh: '70周岁以上空巢、独居、孤寡老人和80周岁以上高龄老人',
    rule: `如果 年龄 在 80 周岁以上 则 符合 依据 "R14 003:71023–71030（80周岁及以上）"
否则如果 年龄 在 70 周岁以上 且 居住状况 属于 [独居, 空巢, 孤寡]
则 符合 依据 "R14 003:71023–71030（70周岁及以上空巢、独居、孤寡）"
否则 不符合`,
  },
  {
    code: 'appliance_repair',
    zh: '家电维修',
    en: 'Free appliance repair (former Jianggan)',
    kind: 'benefit',
    approver: 'street',
    validFrom: '2021-01-01',
    descriptionZh: '原江干区户籍且常住原江干区',
    rule: `如果 本区户籍 且 居住原江干区 且 年龄 在 80 周岁以上
则 符合 依据 "R12 003:71001–71015（80周岁(含)以上）"
否则如果 本区户籍 且 居住原江干区 且 年龄 介于 60 和 79 之间 且 低收入类别 属于 [低保, 低边, 特困]
则 符合 依据 "R12 003:71001–71015（60至79周岁持低保、低边、特困证）"
否则 不符合`,
  },
  // ── Early-warning triggers (S26 政策找人) ──
  {
    code: 'alert_hospital',
    zh: '住院预警',
    en: 'Hospital stay',
    kind: 'alert',
    approver: 'street',
    validFrom: '2021-01-01',
    descriptionZh: '老年人近30天住院7天以上（14天以上为红色）',
    rule: `# 住院时间越长，出院后越需要照护；居住状况未登记也不应耽误预警，所以分档只看住院天数
如果 年龄 在 60 周岁以上 且 近30天住院天数 在 14 天以上
则 红色预警 3天 依据 "S26 002:4（动态监测预警）"
否则如果 年龄 在 60 周岁以上 且 近30天住院天数 在 7 天以上
则 黄色预警 7天 依据 "S26 002:4"
否则 不符合`,
  },
  {
    code: 'alert_medical',
    zh: '大额医疗支出预警',
    en: 'Large medical spending',
    kind: 'alert',
    approver: 'street',
    validFrom: '2021-01-01',
    descriptionZh: '因病致贫风险',
    rule: `如果 近90天自付医疗费 在 大额医疗支出线 以上 且 低收入类别 不属于 [无]
则 红色预警 3天 依据 "S26 002:4；S34 003:46860–46881"
否则如果 近90天自付医疗费 在 大额医疗支出线 以上
则 黄色预警 7天 依据 "S26 002:4"
否则 不符合`,
  },
  {
    code: 'alert_income_drop',
    zh: '收入骤降预警',
    en: 'Income drop',
    kind: 'alert',
    approver: 'street',
    validFrom: '2021-01-01',
    descriptionZh: '本人月收入较90天前下降一半以上',
    rule: `如果 收入降幅 在 50% 以上 则 黄色预警 7天 依据 "S26 002:4（低收入人口动态监测）"
否则 不符合`,
  },
  {
    code: 'alert_widowed',
    zh: '丧偶预警',
    en: 'Spouse died',
    kind: 'alert',
    approver: 'street',
    validFrom: '2021-01-01',
    descriptionZh: '老年人近90天丧偶，可能转为独居',
    rule: `如果 近90天丧偶 且 年龄 在 70 周岁以上 则 红色预警 3天 依据 "S26 002:4；R14 003:71023"
否则如果 近90天丧偶 且 年龄 在 60 周岁以上 则 黄色预警 7天 依据 "S26 002:4"
否则 不符合`,
  },
  {
    code: 'alert_new_disability',
    zh: '新认定残疾预警',
    en: 'Newly disabled',
    kind: 'alert',
    approver: 'street',
    validFrom: '2021-01-01',
    descriptionZh: '新领残疾人证，核查补贴',
    rule: `如果 近90天新认定残疾 且 残疾等级 介于 1 和 2 之间 则 红色预警 7天 依据 "R63 003:27480–27520"
否则如果 近90天新认定残疾 则 黄色预警 15天 依据 "R63 003:27480–27520"
否则 不符合`,
  },
  {
    code: 'alert_turning_80',
    zh: '年满80周岁',
    en: 'Turning 80',
    kind: 'alert',
    approver: 'street',
    validFrom: '2021-01-01',
    descriptionZh: '主动告知高龄津贴与意外伤害保险',
    rule: `如果 年龄 = 80 且 距上次生日天数 在 30 天以下 则 黄色预警 15天 依据 "S18 主动代办；R16、R17"
否则 不符合`,
  },
];
