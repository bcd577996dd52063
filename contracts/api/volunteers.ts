import { z } from 'zod';
import { areaCode, areaFilter, isoDate, paged, pageQuery, uuid } from './common.ts';
import { createPersonBody } from './persons.ts';

type Labels = Record<string, { 'zh-CN': string; en: string }>;

// ---- skills ------------------------------------------------------------------------------------

/**
 * The skills a volunteer may list and a need may ask for (issue 4: first aid, law, medicine,
 * languages …; the 8 market categories of S8 read 便民、修理、咨询、医疗、教育、法律、金融、健康).
 */
export const VOLUNTEER_SKILLS = [
  'first_aid',
  'medical',
  'nursing',
  'law',
  'finance',
  'counselling',
  'teaching',
  'languages',
  'repair',
  'electrician',
  'computer',
  'photography',
  'driving',
  'cooking',
  'haircut',
  'elderly_care',
  'sign_language',
  'childcare',
  'arts',
  'publicity',
] as const;
export type VolunteerSkill = (typeof VOLUNTEER_SKILLS)[number];

export const VOLUNTEER_SKILL_LABELS: Record<VolunteerSkill, { 'zh-CN': string; en: string }> = {
  first_aid: { 'zh-CN': '应急救护', en: 'First aid' },
  medical: { 'zh-CN': '医疗', en: 'Medical' },
  nursing: { 'zh-CN': '护理', en: 'Nursing' },
  law: { 'zh-CN': '法律咨询', en: 'Law' },
  finance: { 'zh-CN': '金融理财', en: 'Finance' },
  counselling: { 'zh-CN': '心理疏导', en: 'Counselling' },
  teaching: { 'zh-CN': '教育辅导', en: 'Teaching' },
  languages: { 'zh-CN': '外语', en: 'Languages' },
  repair: { 'zh-CN': '家电维修', en: 'Repairs' },
  electrician: { 'zh-CN': '水电维修', en: 'Electrician' },
  computer: { 'zh-CN': '电脑与手机', en: 'Computers and phones' },
  photography: { 'zh-CN': '摄影', en: 'Photography' },
  driving: { 'zh-CN': '驾驶', en: 'Driving' },
  cooking: { 'zh-CN': '烹饪', en: 'Cooking' },
  haircut: { 'zh-CN': '理发', en: 'Haircuts' },
  elderly_care: { 'zh-CN': '助老陪护', en: 'Elderly care' },
  sign_language: { 'zh-CN': '手语', en: 'Sign language' },
  childcare: { 'zh-CN': '托育看护', en: 'Childcare' },
  arts: { 'zh-CN': '文艺表演', en: 'Arts' },
  publicity: { 'zh-CN': '宣传讲解', en: 'Publicity' },
};

// ---- statuses, teams ---------------------------------------------------------------------------

export const VOLUNTEER_STATUSES = ['active', 'suspended', 'left'] as const;
export type VolunteerStatus = (typeof VOLUNTEER_STATUSES)[number];
export const VOLUNTEER_STATUS_LABELS: Record<VolunteerStatus, { 'zh-CN': string; en: string }> = {
  active: { 'zh-CN': '在册', en: 'active' },
  suspended: { 'zh-CN': '暂停', en: 'suspended' },
  left: { 'zh-CN': '已退出', en: 'left' },
};

/** 三级志愿服务队伍 (S5): the team's level follows the level of its area. */
export const TEAM_LEVELS = ['district', 'street', 'community'] as const;
export type TeamLevel = (typeof TEAM_LEVELS)[number];
export const TEAM_STATUSES = ['active', 'closed'] as const;
export type TeamStatus = (typeof TEAM_STATUSES)[number];
export const TEAM_ROLES = ['leader', 'member'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];
/** Service points a team may be based at: 志愿者之家 and V站 (S3, S5). */
export const TEAM_POINT_TYPES = ['volunteer_home', 'v_station'] as const;

/** An area's level as a team level: a village is a community-level unit. */
export function teamLevelOf(areaLevel: string): TeamLevel | null {
  if (areaLevel === 'district' || areaLevel === 'street') return areaLevel;
  if (areaLevel === 'community' || areaLevel === 'village') return 'community';
  return null;
}

// ---- volunteer numbers -------------------------------------------------------------------------

/** 志愿者编号: V + the 6-digit district code + an 8-digit sequence, e.g. V33010200000123. */
export const VOLUNTEER_NO_RE = /^V(\d{6})(\d{8})$/;
export const VOLUNTEER_NO_MAX_SEQ = 99_999_999;

export function formatVolunteerNo(district: string, seq: number): string {
  if (!/^\d{6}$/.test(district)) throw new Error(`district code must have 6 digits: ${district}`);
  if (!Number.isInteger(seq) || seq < 1 || seq > VOLUNTEER_NO_MAX_SEQ)
    throw new Error(`volunteer sequence out of range: ${seq}`);
  return `V${district}${String(seq).padStart(8, '0')}`;
}

export function parseVolunteerNo(text: string): { district: string; seq: number } | null {
  const m = VOLUNTEER_NO_RE.exec(text.trim().toUpperCase());
  if (!m) return null;
  const seq = Number(m[2]);
  return seq >= 1 ? { district: m[1]!, seq } : null;
}

// ---- weekly availability -----------------------------------------------------------------------

/** Parts of a day, in bit order within the day. */
export const DAY_PARTS = ['morning', 'afternoon', 'evening'] as const;
export type DayPart = (typeof DAY_PARTS)[number];
/** Days 0–6 = Monday–Sunday. */
export const WEEK_DAYS = [0, 1, 2, 3, 4, 5, 6] as const;
export const AVAILABILITY_BITS = 21;
/** Every slot of the week. */
export const ALL_WEEK = 2 ** AVAILABILITY_BITS - 1;

export interface Slot {
  day: number;
  part: DayPart;
}

/** The bit of one slot: bit (day × 3 + part), as the volunteers table keeps it. */
export function slotBit(day: number, part: DayPart): number {
  if (!Number.isInteger(day) || day < 0 || day > 6) throw new Error(`day must be 0–6: ${day}`);
  return 2 ** (day * 3 + DAY_PARTS.indexOf(part));
}

export function isValidAvailability(mask: number): boolean {
  return Number.isInteger(mask) && mask >= 0 && mask <= ALL_WEEK;
}

export function toAvailability(slots: readonly Slot[]): number {
  let mask = 0;
  for (const s of slots) mask |= slotBit(s.day, s.part);
  return mask;
}

export function fromAvailability(mask: number): Slot[] {
  const out: Slot[] = [];
  for (const day of WEEK_DAYS)
    for (const part of DAY_PARTS) if (mask & slotBit(day, part)) out.push({ day, part });
  return out;
}

export function hasSlot(mask: number, day: number, part: DayPart): boolean {
  return (mask & slotBit(day, part)) !== 0;
}

/**
 * The slot a moment falls in, on Asia/Shanghai wall time: morning before 12:00, afternoon
 * 12:00–17:59, evening from 18:00.
 */
export function slotAt(at: Date): Slot {
  const local = new Date(at.getTime() + 8 * 3600_000);
  const day = (local.getUTCDay() + 6) % 7;
  const h = local.getUTCHours();
  return { day, part: h < 12 ? 'morning' : h < 18 ? 'afternoon' : 'evening' };
}

/** Whether the volunteer's week covers the moment's slot. */
export function isAvailableAt(mask: number, at: Date): boolean {
  const s = slotAt(at);
  return hasSlot(mask, s.day, s.part);
}

// ---- ledger names ------------------------------------------------------------------------------

/** Account kinds of the points programme (ADR 0014). */
export const VOLUNTEER_ACCOUNT_KINDS = ['volunteer_points', 'red_points', 'time_bank'] as const;
export type VolunteerAccountKind = (typeof VOLUNTEER_ACCOUNT_KINDS)[number];
export const VOLUNTEER_ACCOUNT_KIND_LABELS: Labels = {
  volunteer_points: { 'zh-CN': '志愿积分', en: 'Volunteer points' },
  red_points: { 'zh-CN': '红色积分', en: 'Red points' },
  time_bank: { 'zh-CN': '时间银行', en: 'Time bank' },
  time_bank_pool: { 'zh-CN': '时间捐赠池', en: 'Donated-time pool' },
};
export const VOLUNTEER_TRANSFER_CODE_LABELS: Labels = {
  'vpoints.earn': { 'zh-CN': '服务积分', en: 'Points earned' },
  'vpoints.earn.reversal': { 'zh-CN': '服务积分冲正', en: 'Points reversed' },
  'vpoints.redeem': { 'zh-CN': '积分兑换', en: 'Points redeemed' },
  'vpoints.redeem.reversal': { 'zh-CN': '兑换撤销', en: 'Redemption voided' },
  'vpoints.expire': { 'zh-CN': '积分到期', en: 'Points expired' },
  'vred.earn': { 'zh-CN': '红色积分', en: 'Red points earned' },
  'vred.earn.reversal': { 'zh-CN': '红色积分冲正', en: 'Red points reversed' },
  'vtime.earn': { 'zh-CN': '服务时长存入', en: 'Time deposited' },
  'vtime.earn.reversal': { 'zh-CN': '服务时长冲正', en: 'Time reversed' },
  'vtime.overflow': { 'zh-CN': '超出上限转入捐赠池', en: 'Over the cap, to the pool' },
  'vtime.overflow.reversal': { 'zh-CN': '捐赠池冲正', en: 'Pool transfer reversed' },
  'vtime.donate': { 'zh-CN': '时间捐赠', en: 'Time donated' },
};

// ---- volunteers --------------------------------------------------------------------------------

const skill = z.enum(VOLUNTEER_SKILLS, { message: 'VOLUNTEER_SKILL_UNKNOWN' });
const availability = z
  .number({ message: 'VOLUNTEER_AVAILABILITY_INVALID' })
  .int({ message: 'VOLUNTEER_AVAILABILITY_INVALID' })
  .min(0, { message: 'VOLUNTEER_AVAILABILITY_INVALID' })
  .max(ALL_WEEK, { message: 'VOLUNTEER_AVAILABILITY_INVALID' });
const coordinate = z.number({ message: 'COORDINATES_INVALID' }).nullable().optional();

export const certificateSchema = z.object({
  skill,
  name: z.string().trim().min(1).max(60),
  number: z.string().trim().max(60).nullable().optional(),
  validTo: isoDate.nullable().optional(),
});
export type VolunteerCertificate = z.infer<typeof certificateSchema>;

const profileFields = {
  /** The community the volunteer serves from (the person's residence when left out). */
  areaCode: areaCode.optional(),
  skills: z.array(skill).max(20).optional(),
  certificates: z.array(certificateSchema).max(20).optional(),
  availability: availability.optional(),
  partyMember: z.boolean().optional(),
  lat: coordinate,
  lng: coordinate,
  /** The volunteer's own login (a user with the volunteer role), by id or by user name. */
  userId: uuid.nullable().optional(),
  username: z.string().trim().min(1).max(60).optional(),
};

/** From a registry person (personId) or as a new person (the registry's create-person body). */
export const registerVolunteerBody = z
  .object({ personId: uuid.optional(), person: createPersonBody.optional(), ...profileFields })
  .refine((b) => (b.personId ? 1 : 0) + (b.person ? 1 : 0) === 1, {
    message: 'VOLUNTEER_PERSON_REQUIRED',
    path: ['personId'],
  });
export type RegisterVolunteerBody = z.infer<typeof registerVolunteerBody>;

export const updateVolunteerBody = z.object({ ...profileFields, version: z.number().int() });
export type UpdateVolunteerBody = z.infer<typeof updateVolunteerBody>;

export const volunteerStatusBody = z.object({
  status: z.enum(VOLUNTEER_STATUSES),
  reason: z.string().trim().max(500).optional(),
  version: z.number().int(),
});

export const listVolunteersQuery = pageQuery.extend({
  area: areaFilter,
  skill: skill.optional(),
  partyMember: z.enum(['true', 'false']).optional(),
  status: z.enum(VOLUNTEER_STATUSES).optional(),
  /** A name (prefix) or a volunteer number (whole or its leading part). */
  q: z.string().trim().max(40).optional(),
});

export const volunteerListItem = z.object({
  id: z.string(),
  volunteerNo: z.string(),
  personId: z.string(),
  name: z.string(),
  idMasked: z.string(),
  sex: z.enum(['M', 'F']),
  age: z.number().int(),
  areaCode: z.string(),
  areaName: z.string(),
  skills: z.array(z.string()),
  partyMember: z.boolean(),
  status: z.enum(VOLUNTEER_STATUSES),
  totalMinutes: z.number().int(),
  registeredAt: z.string(),
});
export type VolunteerListItem = z.infer<typeof volunteerListItem>;
export const volunteersPage = paged(volunteerListItem);

export const balancesSchema = z.object({
  /** 志愿积分 available. */
  points: z.number().int(),
  /** 红色积分 (party members). */
  redPoints: z.number().int(),
  /** Stored time-bank minutes available. */
  timeBankMinutes: z.number().int(),
});
export type VolunteerBalances = z.infer<typeof balancesSchema>;

export const volunteerDetail = z.object({
  id: z.string(),
  volunteerNo: z.string(),
  personId: z.string(),
  areaCode: z.string(),
  areaName: z.string(),
  streetName: z.string(),
  /** The registry's masked copy of the person. */
  person: z.object({
    name: z.string(),
    idMasked: z.string(),
    sex: z.enum(['M', 'F']),
    age: z.number().int(),
    phoneMasked: z.string().nullable(),
    areaCode: z.string(),
    areaName: z.string(),
    deceased: z.boolean(),
  }),
  skills: z.array(z.string()),
  certificates: z.array(
    z.object({
      skill: z.string(),
      name: z.string(),
      number: z.string().nullable().optional(),
      validTo: z.string().nullable().optional(),
    }),
  ),
  availability: z.number().int(),
  partyMember: z.boolean(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  status: z.enum(VOLUNTEER_STATUSES),
  statusReason: z.string().nullable(),
  userId: z.string().nullable(),
  username: z.string().nullable(),
  totalMinutes: z.number().int(),
  ratingSum: z.number().int(),
  ratingCount: z.number().int(),
  openCommitments: z.number().int(),
  lastServedAt: z.string().nullable(),
  registeredAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  teams: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      level: z.enum(TEAM_LEVELS),
      role: z.enum(TEAM_ROLES),
      status: z.enum(TEAM_STATUSES),
    }),
  ),
  balances: balancesSchema,
  canWrite: z.boolean(),
});
export type VolunteerDetail = z.infer<typeof volunteerDetail>;

export const pointEntriesQuery = z.object({
  kind: z.enum(VOLUNTEER_ACCOUNT_KINDS).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const pointEntry = z.object({
  transferId: z.string(),
  kind: z.enum(VOLUNTEER_ACCOUNT_KINDS),
  unit: z.enum(['point', 'minute']),
  code: z.string(),
  /** Signed effect on the account. */
  delta: z.number().int(),
  /** Balance after it. */
  balance: z.number().int(),
  memo: z.string().nullable(),
  at: z.string(),
});
export type PointEntry = z.infer<typeof pointEntry>;
export const pointEntriesResponse = z.object({
  balances: balancesSchema,
  entries: z.array(pointEntry),
});

// ---- donation of time --------------------------------------------------------------------------

export const donateTimeBody = z.object({
  /** The elder who receives the minutes (a registry person). */
  personId: uuid,
  minutes: z.number().int().min(1, { message: 'FIELD_RANGE' }).max(90_000, { message: 'FIELD_RANGE' }),
  note: z.string().trim().max(200).optional(),
  /** Chosen by the client once per donation: a retried request donates once. */
  key: uuid,
});
export const donationResponse = z.object({
  transferId: z.string(),
  minutes: z.number().int(),
  elderName: z.string(),
  /** The volunteer's stored minutes after it. */
  available: z.number().int(),
  replayed: z.boolean(),
});

// ---- teams -------------------------------------------------------------------------------------

export const createTeamBody = z.object({
  name: z.string().trim().min(1).max(60),
  level: z.enum(TEAM_LEVELS),
  areaCode,
  orgId: uuid,
  servicePointId: uuid.nullable().optional(),
  skills: z.array(skill).max(20).optional(),
  description: z.string().trim().max(500).optional(),
});
export const updateTeamBody = z.object({
  name: z.string().trim().min(1).max(60).optional(),
  servicePointId: uuid.nullable().optional(),
  skills: z.array(skill).max(20).optional(),
  description: z.string().trim().max(500).nullable().optional(),
  version: z.number().int(),
});
export const closeTeamBody = z.object({
  reason: z.string().trim().min(1).max(500).optional(),
  version: z.number().int(),
});
export const addMemberBody = z.object({
  volunteerId: uuid,
  role: z.enum(TEAM_ROLES).default('member'),
});
export const memberRoleBody = z.object({ role: z.enum(TEAM_ROLES) });

export const listTeamsQuery = pageQuery.extend({
  area: areaFilter,
  level: z.enum(TEAM_LEVELS).optional(),
  status: z.enum(TEAM_STATUSES).optional(),
  orgId: uuid.optional(),
  q: z.string().trim().max(40).optional(),
});

export const teamListItem = z.object({
  id: z.string(),
  name: z.string(),
  level: z.enum(TEAM_LEVELS),
  areaCode: z.string(),
  areaName: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  servicePointId: z.string().nullable(),
  servicePointName: z.string().nullable(),
  skills: z.array(z.string()),
  status: z.enum(TEAM_STATUSES),
  memberCount: z.number().int(),
});
export type TeamListItem = z.infer<typeof teamListItem>;
export const teamsPage = paged(teamListItem);

export const teamDetail = teamListItem.extend({
  description: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  canWrite: z.boolean(),
  members: z.array(
    z.object({
      volunteerId: z.string(),
      volunteerNo: z.string(),
      name: z.string(),
      areaCode: z.string(),
      areaName: z.string(),
      role: z.enum(TEAM_ROLES),
      status: z.enum(VOLUNTEER_STATUSES),
      joinedAt: z.string(),
    }),
  ),
});
export type TeamDetail = z.infer<typeof teamDetail>;

// ---- point settings ----------------------------------------------------------------------------

const permille = z
  .number({ message: 'FIELD_RANGE' })
  .int({ message: 'FIELD_RANGE' })
  .min(0, { message: 'FIELD_RANGE' })
  .max(5000, { message: 'FIELD_RANGE' });
const count = (max: number) =>
  z
    .number({ message: 'FIELD_RANGE' })
    .int({ message: 'FIELD_RANGE' })
    .min(0, { message: 'FIELD_RANGE' })
    .max(max, { message: 'FIELD_RANGE' });

export const pointSettingSchema = z.object({
  id: z.string(),
  validFrom: z.string(),
  pointsPerHour: z.number().int(),
  /** { needCategory: permille }; categories not listed count 1000 (×1.0). */
  categoryCoefficients: z.record(z.string(), z.number().int()),
  /** { '1' | '2' | '3': permille } by the activity's tier. */
  tierCoefficients: z.record(z.string(), z.number().int()),
  capMinutesPerActivity: z.number().int(),
  redPointsPerHour: z.number().int(),
  expiryMonths: z.number().int(),
  timeBankCapMinutes: z.number().int(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type PointSetting = z.infer<typeof pointSettingSchema>;
export const pointSettingsResponse = z.object({
  items: z.array(pointSettingSchema),
  current: pointSettingSchema.nullable(),
});
export const addPointSettingBody = z.object({
  validFrom: isoDate,
  pointsPerHour: count(1000),
  categoryCoefficients: z.record(z.string().regex(/^[a-z_]{1,40}$/, { message: 'FIELD_FORMAT' }), permille),
  tierCoefficients: z.object({ '1': permille, '2': permille, '3': permille }),
  capMinutesPerActivity: count(1440),
  redPointsPerHour: count(1000),
  expiryMonths: count(120),
  timeBankCapMinutes: count(1_000_000),
  note: z.string().trim().max(500).optional(),
});
export type AddPointSettingBody = z.infer<typeof addPointSettingBody>;

export const month = z
  .string({ message: 'VOLUNTEER_MONTH_INVALID' })
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'VOLUNTEER_MONTH_INVALID' });
export const expireBody = z.object({ month });
export const expiryReport = z.object({
  month: z.string(),
  /** Volunteers' points accounts with something available. */
  accounts: z.number().int(),
  /** Expired now (accounts) and the points that lapsed. */
  posted: z.number().int(),
  amount: z.number().int(),
  /** Expired for this month by an earlier run. */
  alreadyDone: z.number().int(),
  chunks: z.number().int(),
});
export type ExpiryReport = z.infer<typeof expiryReport>;

// ---- redemption till ---------------------------------------------------------------------------

export const tillResponse = z.object({
  merchants: z.array(
    z.object({
      orgId: z.string(),
      orgName: z.string(),
      areaCode: z.string(),
      servicePoints: z.array(z.object({ id: z.string(), name: z.string() })),
      /** Points the merchant has taken in. */
      balance: z.number().int(),
    }),
  ),
});
export const tillVolunteerQuery = z.object({ no: z.string().trim().min(1).max(40) });
export const tillVolunteer = z.object({
  id: z.string(),
  volunteerNo: z.string(),
  /** Surname and last character, the rest masked (张*明): enough to check the card holder. */
  maskedName: z.string(),
  areaName: z.string(),
  status: z.enum(VOLUNTEER_STATUSES),
  available: z.number().int(),
});
export const redeemBody = z.object({
  orgId: uuid,
  volunteerNo: z.string().trim().min(1).max(40),
  amount: z
    .number({ message: 'LEDGER_AMOUNT_INVALID' })
    .int({ message: 'LEDGER_AMOUNT_INVALID' })
    .min(1, { message: 'LEDGER_AMOUNT_INVALID' })
    .max(1_000_000, { message: 'FIELD_RANGE' }),
  item: z.string().trim().min(1).max(100),
  /** Chosen by the till once per sale: a retried request redeems once. */
  key: uuid,
});
export const redemptionSchema = z.object({
  transferId: z.string(),
  orgId: z.string(),
  volunteerNo: z.string(),
  maskedName: z.string(),
  amount: z.number().int(),
  item: z.string(),
  at: z.string(),
  voided: z.boolean(),
  voidReason: z.string().nullable(),
});
export type Redemption = z.infer<typeof redemptionSchema>;
export const redemptionResult = redemptionSchema.extend({
  /** The volunteer's points after it. */
  available: z.number().int(),
  replayed: z.boolean(),
});
export const redemptionsQuery = z.object({
  orgId: uuid,
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const redemptionsResponse = z.object({ items: z.array(redemptionSchema) });
export const voidRedemptionBody = z.object({ reason: z.string().trim().min(1).max(200) });
