import { z } from 'zod';
import { areaFilter, dayRange, instant, type Label, paged, pageQuery, uuid, version } from './common.ts';
import { VOLUNTEER_SKILLS } from './volunteers.ts';

/**
 * The needs catalogue (issue 4): the 8 categories of the monthly civilization market (S8:
 * 便民、修理、咨询、医疗、教育、法律、金融、健康) plus elderly help and assistance for households in
 * difficulty (S1, S57 微心愿). Activities and point rules use the same codes.
 */
export const NEED_CATEGORIES = [
  'convenience',
  'repair',
  'consultation',
  'medical',
  'education',
  'legal',
  'finance',
  'health',
  'elderly_help',
  'assistance',
] as const;
export type NeedCategory = (typeof NEED_CATEGORIES)[number];
export const NEED_CATEGORY_LABELS: Record<NeedCategory, Label> = {
  convenience: { 'zh-CN': '便民', en: 'Convenience' },
  repair: { 'zh-CN': '修理', en: 'Repair' },
  consultation: { 'zh-CN': '咨询', en: 'Consultation' },
  medical: { 'zh-CN': '医疗', en: 'Medical' },
  education: { 'zh-CN': '教育', en: 'Education' },
  legal: { 'zh-CN': '法律', en: 'Legal' },
  finance: { 'zh-CN': '金融', en: 'Finance' },
  health: { 'zh-CN': '健康', en: 'Health' },
  elderly_help: { 'zh-CN': '助老', en: 'Elderly help' },
  assistance: { 'zh-CN': '帮困', en: 'Assistance' },
};

/** ADR 0013: draft → published → claimed → scheduled → in_progress → done → confirmed → rated. */
export const NEED_STATUSES = [
  'draft',
  'published',
  'claimed',
  'scheduled',
  'in_progress',
  'done',
  'confirmed',
  'rated',
  'cancelled',
  'expired',
] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];
export const NEED_STATUS_LABELS: Record<NeedStatus, Label> = {
  draft: { 'zh-CN': '草稿', en: 'draft' },
  published: { 'zh-CN': '已发布', en: 'published' },
  claimed: { 'zh-CN': '已认领', en: 'claimed' },
  scheduled: { 'zh-CN': '已安排', en: 'scheduled' },
  in_progress: { 'zh-CN': '服务中', en: 'in progress' },
  done: { 'zh-CN': '服务完成待确认', en: 'done, awaiting confirmation' },
  confirmed: { 'zh-CN': '社区已确认', en: 'confirmed' },
  rated: { 'zh-CN': '已评价', en: 'rated' },
  cancelled: { 'zh-CN': '已取消', en: 'cancelled' },
  expired: { 'zh-CN': '已过期', en: 'expired' },
};

/**
 * What can happen to a need. start, finish and expire are the system's (attendance and the
 * sweep); the others are people's commands.
 */
export const NEED_ACTIONS = [
  'edit',
  'publish',
  'claim',
  'withdraw',
  'invite',
  'schedule',
  'start',
  'finish',
  'confirm',
  'rate',
  'cancel',
  'expire',
] as const;
export type NeedAction = (typeof NEED_ACTIONS)[number];
/** As the error "it cannot be {{action}}" / "不能{{action}}" reads them. */
export const NEED_ACTION_LABELS: Record<NeedAction, Label> = {
  edit: { 'zh-CN': '修改', en: 'edited' },
  publish: { 'zh-CN': '发布', en: 'published' },
  claim: { 'zh-CN': '认领', en: 'claimed' },
  withdraw: { 'zh-CN': '退出认领', en: 'withdrawn from' },
  invite: { 'zh-CN': '邀请', en: 'offered by invitation' },
  schedule: { 'zh-CN': '安排', en: 'scheduled' },
  start: { 'zh-CN': '开始服务', en: 'started' },
  finish: { 'zh-CN': '完成服务', en: 'finished' },
  confirm: { 'zh-CN': '确认', en: 'confirmed' },
  rate: { 'zh-CN': '评价', en: 'rated' },
  cancel: { 'zh-CN': '取消', en: 'cancelled' },
  expire: { 'zh-CN': '过期', en: 'expired' },
};

/** Who claims seats: an organisation (its staff), a team (its leader or the owning org's staff) or a volunteer. */
export const CLAIMANT_TYPES = ['org', 'team', 'volunteer'] as const;
export type ClaimantType = (typeof CLAIMANT_TYPES)[number];
export const CLAIMANT_TYPE_LABELS: Record<ClaimantType, Label> = {
  org: { 'zh-CN': '组织', en: 'Organisation' },
  team: { 'zh-CN': '志愿队伍', en: 'Team' },
  volunteer: { 'zh-CN': '志愿者', en: 'Volunteer' },
};

export const CLAIM_STATUSES = ['active', 'withdrawn'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export const INVITATION_STATUSES = ['pending', 'accepted', 'declined', 'expired', 'withdrawn'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];
export const INVITATION_STATUS_LABELS: Record<InvitationStatus, Label> = {
  pending: { 'zh-CN': '待回复', en: 'pending' },
  accepted: { 'zh-CN': '已接受', en: 'accepted' },
  declined: { 'zh-CN': '已谢绝', en: 'declined' },
  expired: { 'zh-CN': '已失效', en: 'expired' },
  withdrawn: { 'zh-CN': '已撤回', en: 'withdrawn' },
};

/** What the beneficiary is, by the registry's facts on the day (only what the viewer may see). */
export const BENEFICIARY_FLAGS = ['elder', 'disabled', 'low_income'] as const;
export type BeneficiaryFlag = (typeof BENEFICIARY_FLAGS)[number];
export const BENEFICIARY_FLAG_LABELS: Record<BeneficiaryFlag, Label> = {
  elder: { 'zh-CN': '老年人', en: 'Elder' },
  disabled: { 'zh-CN': '残疾人', en: 'Disabled' },
  low_income: { 'zh-CN': '低保/低边/特困家庭', en: 'Low-income household' },
};

export const NEED_LIMITS = {
  headcountMax: 200,
  titleMax: 80,
  descriptionMax: 2000,
  placeMax: 200,
  reasonMax: 500,
  skillsMax: 10,
  peopleServedMax: 10_000,
  commentMax: 500,
} as const;

const required = { message: 'FIELD_REQUIRED' };
const text = (max: number) => z.string(required).trim().min(1, required).max(max);
const optionalText = (max: number) => z.string().trim().max(max).optional();
const lat = z.number().min(-90, { message: 'FIELD_RANGE' }).max(90, { message: 'FIELD_RANGE' });
const lng = z.number().min(-180, { message: 'FIELD_RANGE' }).max(180, { message: 'FIELD_RANGE' });
/** Skill codes of the volunteers' catalogue. */
const skills = z.array(z.enum(VOLUNTEER_SKILLS, { message: 'FIELD_ENUM' })).max(NEED_LIMITS.skillsMax);
const headcount = z
  .number(required)
  .int({ message: 'NEED_HEADCOUNT_INVALID' })
  .min(1, { message: 'NEED_HEADCOUNT_INVALID' })
  .max(NEED_LIMITS.headcountMax, { message: 'NEED_HEADCOUNT_INVALID' });

/**
 * A new need. The area is the posting community (defaults to the beneficiary's, else must be
 * given). A service point gives the place and coordinates when they are left out.
 */
export const createNeedBody = z.object({
  areaCode: z
    .string()
    .regex(/^\d{12}$/, { message: 'AREA_UNKNOWN' })
    .optional(),
  category: z.enum(NEED_CATEGORIES, { message: 'FIELD_ENUM' }),
  title: text(NEED_LIMITS.titleMax),
  description: optionalText(NEED_LIMITS.descriptionMax),
  beneficiaryPersonId: uuid.optional(),
  servicePointId: uuid.optional(),
  place: optionalText(NEED_LIMITS.placeMax),
  lat: lat.optional(),
  lng: lng.optional(),
  startsAt: instant,
  endsAt: instant,
  headcount,
  skills: skills.default([]),
  /** true: publish at once (the window must then lie in the future). */
  publish: z.boolean().default(false),
});
export type CreateNeedBody = z.input<typeof createNeedBody>;

/** Changes while a draft, or published before anybody claimed; fields left out stay. */
export const updateNeedBody = z.object({
  version,
  category: z.enum(NEED_CATEGORIES, { message: 'FIELD_ENUM' }).optional(),
  title: text(NEED_LIMITS.titleMax).optional(),
  description: z.string().trim().max(NEED_LIMITS.descriptionMax).nullable().optional(),
  beneficiaryPersonId: uuid.nullable().optional(),
  servicePointId: uuid.nullable().optional(),
  place: z.string().trim().max(NEED_LIMITS.placeMax).optional(),
  lat: lat.nullable().optional(),
  lng: lng.nullable().optional(),
  startsAt: instant.optional(),
  endsAt: instant.optional(),
  headcount: headcount.optional(),
  skills: skills.optional(),
});
export type UpdateNeedBody = z.input<typeof updateNeedBody>;

export const versionBody = z.object({ version });
export const cancelNeedBody = z.object({ version, reason: text(NEED_LIMITS.reasonMax) });

export const claimBody = z.object({
  claimantType: z.enum(CLAIMANT_TYPES, { message: 'FIELD_ENUM' }),
  /** The organisation or team; left out for a volunteer claiming for themself. */
  claimantId: uuid.optional(),
  seats: z
    .number(required)
    .int({ message: 'FIELD_RANGE' })
    .min(1, { message: 'FIELD_RANGE' })
    .max(NEED_LIMITS.headcountMax, { message: 'FIELD_RANGE' })
    .default(1),
  note: optionalText(NEED_LIMITS.reasonMax),
});
export type ClaimBody = z.input<typeof claimBody>;
export const withdrawBody = z.object({ reason: optionalText(NEED_LIMITS.reasonMax) });
/** The volunteers who fill a claim's seats (as many as its seats). */
export const nameVolunteersBody = z.object({ volunteerIds: z.array(uuid).max(NEED_LIMITS.headcountMax) });

/**
 * Scheduling: every active claim must have its volunteers named (here or before). The organiser
 * records and certifies the hours: by default the claiming organisation (or the team's).
 */
export const scheduleBody = z.object({
  version,
  assignments: z
    .array(z.object({ claimId: uuid, volunteerIds: z.array(uuid).max(NEED_LIMITS.headcountMax) }))
    .max(NEED_LIMITS.headcountMax)
    .default([]),
  orgId: uuid.optional(),
});
export type ScheduleBody = z.input<typeof scheduleBody>;

export const confirmNeedBody = z.object({
  version,
  peopleServed: z
    .number(required)
    .int({ message: 'FIELD_RANGE' })
    .min(0, { message: 'FIELD_RANGE' })
    .max(NEED_LIMITS.peopleServedMax, { message: 'FIELD_RANGE' }),
});
export const rateNeedBody = z.object({
  version,
  rating: z
    .number({ message: 'NEED_RATING_INVALID' })
    .int({ message: 'NEED_RATING_INVALID' })
    .min(1, { message: 'NEED_RATING_INVALID' })
    .max(5, { message: 'NEED_RATING_INVALID' }),
  comment: optionalText(NEED_LIMITS.commentMax),
});

export const inviteeSchema = z.object({
  type: z.enum(CLAIMANT_TYPES, { message: 'FIELD_ENUM' }),
  id: uuid,
  /** Why the candidate was ranked (skills, distance, …), shown to the invitee. */
  reasons: z.array(z.unknown()).max(20).default([]),
});
export const inviteBody = z.object({ invitees: z.array(inviteeSchema).min(1, required).max(200) });
export const acceptInvitationBody = z.object({
  seats: z
    .number()
    .int({ message: 'FIELD_RANGE' })
    .min(1, { message: 'FIELD_RANGE' })
    .max(NEED_LIMITS.headcountMax, { message: 'FIELD_RANGE' })
    .optional(),
});

const skillsQuery = z
  .string()
  .max(400)
  .optional()
  .transform((s) => (s ? s.split(',').filter(Boolean) : undefined));

export const listNeedsQuery = pageQuery.extend({
  status: z.enum(NEED_STATUSES, { message: 'FIELD_ENUM' }).optional(),
  category: z.enum(NEED_CATEGORIES, { message: 'FIELD_ENUM' }).optional(),
  /** Comma-separated skill codes: needs asking for any of them. */
  skills: skillsQuery,
  area: areaFilter,
  /** Needs starting on these days. */
  ...dayRange,
  /** A need number or its beginning, or words of the title. */
  q: z.string().trim().max(40).optional(),
});
export type ListNeedsQuery = z.input<typeof listNeedsQuery>;

export const openNeedsQuery = pageQuery.extend({
  category: z.enum(NEED_CATEGORIES, { message: 'FIELD_ENUM' }).optional(),
  skills: skillsQuery,
  area: areaFilter,
  ...dayRange,
});

export const beneficiarySchema = z.object({
  personId: z.string(),
  /** Surname and a mask (王**): the person's page shows more to those who may read it. */
  nameMasked: z.string(),
  age: z.number().int().nullable(),
  flags: z.array(z.enum(BENEFICIARY_FLAGS)),
});

export const needSchema = z.object({
  id: z.string(),
  needNo: z.string(),
  areaCode: z.string(),
  areaName: z.string(),
  category: z.enum(NEED_CATEGORIES),
  title: z.string(),
  description: z.string().nullable(),
  beneficiary: beneficiarySchema.nullable(),
  servicePointId: z.string().nullable(),
  servicePointName: z.string().nullable(),
  place: z.string(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  headcount: z.number().int(),
  claimedSeats: z.number().int(),
  seatsLeft: z.number().int(),
  skills: z.array(z.string()),
  status: z.enum(NEED_STATUSES),
  statusReason: z.string().nullable(),
  activityId: z.string().nullable(),
  peopleServed: z.number().int().nullable(),
  rating: z.number().int().nullable(),
  ratingComment: z.string().nullable(),
  publishedAt: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
});
export type Need = z.infer<typeof needSchema>;
export const needsPage = paged(needSchema);

export const claimSchema = z.object({
  id: z.string(),
  needId: z.string(),
  claimantType: z.enum(CLAIMANT_TYPES),
  claimantId: z.string(),
  claimantName: z.string(),
  seats: z.number().int(),
  status: z.enum(CLAIM_STATUSES),
  volunteers: z.array(z.object({ id: z.string(), name: z.string(), volunteerNo: z.string() })),
  invitationId: z.string().nullable(),
  claimedAt: z.string(),
  withdrawnAt: z.string().nullable(),
  note: z.string().nullable(),
  /** The signed-in user acts for this claimant (may withdraw it, name its volunteers). */
  mine: z.boolean(),
  /** A team's members, whom its seats may be given to (shown to those who may name them). */
  candidates: z.array(z.object({ id: z.string(), name: z.string(), volunteerNo: z.string() })),
});
export type NeedClaim = z.infer<typeof claimSchema>;

export const invitationSchema = z.object({
  id: z.string(),
  needId: z.string(),
  inviteeType: z.enum(CLAIMANT_TYPES),
  inviteeId: z.string(),
  inviteeName: z.string(),
  status: z.enum(INVITATION_STATUSES),
  reasons: z.array(z.unknown()),
  proposalId: z.string().nullable(),
  invitedAt: z.string(),
  respondedAt: z.string().nullable(),
  /** The signed-in user may answer it. */
  mine: z.boolean(),
});
export type NeedInvitation = z.infer<typeof invitationSchema>;

export const needEventSchema = z.object({
  id: z.string(),
  at: z.string(),
  fromStatus: z.enum(NEED_STATUSES).nullable(),
  toStatus: z.enum(NEED_STATUSES),
  /** The step: create, publish, edit, claim, withdraw, name_volunteers, invite, decline_invitation, schedule, start, finish, confirm, rate, cancel, expire. */
  action: z.string().nullable(),
  actorName: z.string(),
  note: z.string().nullable(),
});

/** Whom the signed-in user may claim as: themself (a volunteer), their organisations, their teams. */
export const claimantOptionSchema = z.object({
  type: z.enum(CLAIMANT_TYPES),
  id: z.string(),
  name: z.string(),
});
export type ClaimantOption = z.infer<typeof claimantOptionSchema>;

export const needDetailSchema = needSchema.extend({
  claims: z.array(claimSchema),
  invitations: z.array(invitationSchema),
  events: z.array(needEventSchema),
  /** What the signed-in user may do now (the server checks again). */
  can: z.object({
    edit: z.boolean(),
    publish: z.boolean(),
    cancel: z.boolean(),
    claim: z.boolean(),
    invite: z.boolean(),
    schedule: z.boolean(),
    confirm: z.boolean(),
    rate: z.boolean(),
  }),
  claimAs: z.array(claimantOptionSchema),
});
export type NeedDetail = z.infer<typeof needDetailSchema>;

export const myClaimsResponse = z.object({
  claimAs: z.array(claimantOptionSchema),
  claims: z.array(claimSchema.extend({ need: needSchema })),
  invitations: z.array(invitationSchema.extend({ need: needSchema })),
});
export type MyClaims = z.infer<typeof myClaimsResponse>;
