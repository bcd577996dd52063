import { z } from 'zod';
import {
  areaCode,
  areaFilter,
  dayRange,
  instant,
  isoDate,
  type Label,
  paged,
  pageQuery,
  uuid,
  version,
} from './common.ts';
import { NEED_CATEGORIES, type NeedCategory } from './needs.ts';

/**
 * Activities (ADR 0013, 0016): the service of a scheduled need, a session of the monthly
 * civilization market, holiday posts at a station, or a project. Shifts × posts make the slots a
 * volunteer signs up for; the leader's rotating code checks them in and out.
 */
export const ACTIVITY_KINDS = ['need', 'market', 'post', 'project'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
/** Kinds an organiser creates by hand (a need's activity comes from scheduling the need). */
export const CREATABLE_KINDS = ['market', 'post', 'project'] as const;
export const ACTIVITY_KIND_LABELS: Record<ActivityKind, Label> = {
  need: { 'zh-CN': '需求服务', en: 'Need' },
  market: { 'zh-CN': '文明集市', en: 'Civilization market' },
  post: { 'zh-CN': '志愿岗位', en: 'Posts' },
  project: { 'zh-CN': '志愿项目', en: 'Project' },
};

export const ACTIVITY_STATUSES = ['open', 'closed', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];
export const ACTIVITY_STATUS_LABELS: Record<ActivityStatus, Label> = {
  open: { 'zh-CN': '进行中', en: 'open' },
  closed: { 'zh-CN': '已结束', en: 'closed' },
  cancelled: { 'zh-CN': '已取消', en: 'cancelled' },
};

export const SIGNUP_STATUSES = ['signed_up', 'checked_in', 'checked_out', 'cancelled', 'no_show'] as const;
export type SignupStatus = (typeof SIGNUP_STATUSES)[number];
export const SIGNUP_STATUS_LABELS: Record<SignupStatus, Label> = {
  signed_up: { 'zh-CN': '已报名', en: 'signed up' },
  checked_in: { 'zh-CN': '已签到', en: 'checked in' },
  checked_out: { 'zh-CN': '已签退', en: 'checked out' },
  cancelled: { 'zh-CN': '已取消', en: 'cancelled' },
  no_show: { 'zh-CN': '缺席', en: 'no show' },
};
/** As "cannot be {{action}}" / "不能{{action}}" reads them. */
export const SIGNUP_ACTION_LABELS: Record<'cancel' | 'no_show' | 'check_in' | 'check_out', Label> = {
  cancel: { 'zh-CN': '取消', en: 'cancelled' },
  no_show: { 'zh-CN': '登记缺席', en: 'marked absent' },
  check_in: { 'zh-CN': '签到', en: 'checked in' },
  check_out: { 'zh-CN': '签退', en: 'checked out' },
};
export const SIGNUP_SOURCES = ['signup', 'need_claim', 'invitation', 'organiser'] as const;
export type SignupSource = (typeof SIGNUP_SOURCES)[number];

export const RECORD_STATUSES = ['pending', 'confirmed', 'rejected', 'superseded'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];
export const RECORD_STATUS_LABELS: Record<RecordStatus, Label> = {
  pending: { 'zh-CN': '待审核', en: 'pending' },
  confirmed: { 'zh-CN': '已确认', en: 'confirmed' },
  rejected: { 'zh-CN': '已驳回', en: 'rejected' },
  superseded: { 'zh-CN': '已更正', en: 'superseded' },
};
export const RECORD_ACTION_LABELS: Record<'confirm' | 'reject' | 'correct', Label> = {
  confirm: { 'zh-CN': '确认', en: 'confirmed' },
  reject: { 'zh-CN': '驳回', en: 'rejected' },
  correct: { 'zh-CN': '更正', en: 'corrected' },
};
export const RECORD_SOURCES = ['attendance', 'self_report', 'correction'] as const;
export type RecordSource = (typeof RECORD_SOURCES)[number];
export const RECORD_SOURCE_LABELS: Record<RecordSource, Label> = {
  attendance: { 'zh-CN': '签到记录', en: 'attendance' },
  self_report: { 'zh-CN': '自主申报', en: 'self-reported' },
  correction: { 'zh-CN': '更正记录', en: 'correction' },
};

/**
 * The monthly civilization market (S8): on the 10th of each month, booths in the 8 categories
 * 便民、修理、咨询、医疗、教育、法律、金融、健康, two sessions. Capacity is per booth and session;
 * three volunteers staff a booth (one serves, one queues and registers, one relieves).
 */
export const MARKET_DAY = 10;
export const MARKET_CATEGORIES = [
  'convenience',
  'repair',
  'consultation',
  'medical',
  'education',
  'legal',
  'finance',
  'health',
] as const satisfies readonly NeedCategory[];
export const MARKET_BOOTH_CAPACITY = 3;
/** Asia/Shanghai wall-clock times of the market's two sessions. */
export const MARKET_SESSIONS = [
  { label: { 'zh-CN': '上午场', en: 'Morning' }, start: '09:00', end: '11:30' },
  { label: { 'zh-CN': '下午场', en: 'Afternoon' }, start: '14:00', end: '16:30' },
] as const;
/** Holiday posts at a station: two shifts a day unless the organiser sets others. */
export const HOLIDAY_SHIFTS = [
  { label: { 'zh-CN': '上午班', en: 'Morning' }, start: '08:30', end: '12:00' },
  { label: { 'zh-CN': '下午班', en: 'Afternoon' }, start: '13:30', end: '17:00' },
] as const;
export const HOLIDAY_MAX_DAYS = 15;
/** Sign-ups × posts of one activity: enough for a month of daily posts, small enough to list. */
export const MAX_SLOTS = 600;

// --- requests ------------------------------------------------------------------------------

const text = (max: number) =>
  z
    .string({ message: 'FIELD_REQUIRED' })
    .trim()
    .min(1, { message: 'FIELD_REQUIRED' })
    .max(max, { message: 'FIELD_TOO_LONG' });
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'FIELD_FORMAT' });
const category = z.enum(NEED_CATEGORIES, { message: 'FIELD_ENUM' });
const tier = z.number().int().min(1, { message: 'FIELD_RANGE' }).max(3, { message: 'FIELD_RANGE' });
const capacity = z.number().int().min(1, { message: 'FIELD_RANGE' }).max(200, { message: 'FIELD_RANGE' });
const reason = text(500);

export const shiftInput = z.object({
  label: z.string().trim().max(40).optional(),
  startsAt: instant,
  endsAt: instant,
});
export const postInput = z.object({ name: text(60), category, capacity });

export const createActivityBody = z.object({
  kind: z.enum(CREATABLE_KINDS, { message: 'FIELD_ENUM' }),
  title: text(100),
  description: z.string().trim().max(2000).optional(),
  category,
  tier: tier.optional(),
  areaCode,
  orgId: uuid,
  servicePointId: uuid.optional(),
  /** Default: the service point's name and address. */
  place: z.string().trim().max(200).optional(),
  startsAt: instant,
  endsAt: instant,
  shifts: z.array(shiftInput).min(1, { message: 'FIELD_REQUIRED' }).max(100),
  posts: z.array(postInput).min(1, { message: 'FIELD_REQUIRED' }).max(50),
  leaderVolunteerId: uuid.optional(),
});

/** The monthly civilization market of an area: booths × two sessions on the market day. */
export const createMarketBody = z.object({
  areaCode,
  orgId: uuid,
  /** Default: the next 10th (today, if today is the 10th). */
  date: isoDate.optional(),
  servicePointId: uuid.optional(),
  place: z.string().trim().max(200).optional(),
  title: z.string().trim().max(100).optional(),
  capacity: capacity.optional(),
  categories: z
    .array(z.enum(MARKET_CATEGORIES, { message: 'FIELD_ENUM' }))
    .min(1)
    .max(8)
    .optional(),
  leaderVolunteerId: uuid.optional(),
});

/** Posts at a station (V-station, volunteer home) for the days of a holiday. */
export const createHolidayPostsBody = z.object({
  orgId: uuid,
  servicePointId: uuid,
  title: text(100),
  from: isoDate,
  to: isoDate,
  category: category.optional(),
  tier: tier.optional(),
  times: z
    .array(z.object({ label: z.string().trim().max(40).optional(), start: hhmm, end: hhmm }))
    .min(1)
    .max(4)
    .optional(),
  posts: z.array(postInput).min(1).max(10).optional(),
  leaderVolunteerId: uuid.optional(),
});

export const listActivitiesQuery = pageQuery.extend({
  kind: z.enum(ACTIVITY_KINDS).optional(),
  status: z.enum(ACTIVITY_STATUSES).optional(),
  orgId: uuid.optional(),
  area: areaFilter,
  /** Activities overlapping these days. */
  ...dayRange,
  /** A title fragment or an activity number. */
  q: z.string().trim().max(60).optional(),
});

export const cancelActivityBody = z.object({ version, reason });

export const selfSignupBody = z.object({ shiftId: uuid, postId: uuid });
export const addSignupsBody = z.object({
  shiftId: uuid,
  postId: uuid,
  volunteerIds: z.array(uuid).min(1, { message: 'FIELD_REQUIRED' }).max(50),
});
export const signupReasonBody = z.object({ reason: z.string().trim().max(500).optional() });

export const checkCodeBody = z.object({
  code: z
    .string({ message: 'FIELD_REQUIRED' })
    .trim()
    .regex(/^\d{6}$/, { message: 'CHECKIN_CODE_INVALID' }),
  /** From a scanned check-in link; left out, the code finds the volunteer's current shift. */
  shiftId: uuid.optional(),
});

export const selfReportBody = z.object({
  activityId: uuid,
  startedAt: instant,
  endedAt: instant,
  content: z.string().trim().max(500).optional(),
  peopleServed: z.number().int().min(0, { message: 'FIELD_RANGE' }).max(100_000).optional(),
});

/** Confirm these pending records, or every pending record of one activity. */
export const confirmRecordsBody = z
  .object({
    recordIds: z.array(uuid).min(1).max(500).optional(),
    activityId: uuid.optional(),
  })
  .refine((b) => !!b.recordIds !== !!b.activityId, { message: 'FIELD_REQUIRED', path: ['recordIds'] });
export const rejectRecordBody = z.object({ version, reason });
export const correctRecordBody = z.object({
  version,
  startedAt: instant,
  endedAt: instant,
  /** Left out: the minutes between the two times. */
  minutes: z.number().int().min(1, { message: 'FIELD_RANGE' }).optional(),
  reason,
});

export const listRecordsQuery = pageQuery.extend({
  status: z.enum(RECORD_STATUSES).optional(),
  source: z.enum(RECORD_SOURCES).optional(),
  activityId: uuid.optional(),
  orgId: uuid.optional(),
  volunteerId: uuid.optional(),
  area: areaFilter,
  ...dayRange,
});
export const exportRecordsQuery = z.object({ volunteerId: uuid, ...dayRange });
export const myRecordsQuery = z.object(dayRange);

export const issueCertificateBody = z.object({
  volunteerId: uuid,
  /** The recording organisation: 谁记录谁证明. */
  orgId: uuid,
  periodFrom: isoDate,
  periodTo: isoDate,
  /** Left out: every confirmed record of the volunteer with this organisation in the period. */
  recordIds: z.array(uuid).min(1).max(2000).optional(),
  /** Defaults: the organisation's contact person, the signed-in user, the organisation's phone. */
  personInCharge: z.string().trim().min(1).max(40).optional(),
  handler: z.string().trim().min(1).max(40).optional(),
  contact: z.string().trim().min(1).max(40).optional(),
});
export const revokeCertificateBody = z.object({ reason });
export const listCertificatesQuery = pageQuery.extend({
  volunteerId: uuid.optional(),
  orgId: uuid.optional(),
});

// --- responses -----------------------------------------------------------------------------

const iso = z.string();

export const activitySchema = z.object({
  id: z.string(),
  activityNo: z.string(),
  kind: z.enum(ACTIVITY_KINDS),
  title: z.string(),
  category: z.string(),
  tier: z.number().int(),
  areaCode: z.string(),
  areaName: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  servicePointId: z.string().nullable(),
  needId: z.string().nullable(),
  place: z.string(),
  startsAt: iso,
  endsAt: iso,
  status: z.enum(ACTIVITY_STATUSES),
  /** Seats over all shifts and posts, and how many are taken. */
  capacity: z.number().int(),
  filled: z.number().int(),
  pendingRecords: z.number().int(),
  version: z.number().int(),
});
export type Activity = z.infer<typeof activitySchema>;
export const activitiesPage = paged(activitySchema);

export const shiftSchema = z.object({
  id: z.string(),
  label: z.string().nullable(),
  startsAt: iso,
  endsAt: iso,
});
export const postSchema = z.object({
  id: z.string(),
  name: z.string(),
  category: z.string(),
  capacity: z.number().int(),
});
export const slotSchema = z.object({
  shiftId: z.string(),
  postId: z.string(),
  capacity: z.number().int(),
  filled: z.number().int(),
});
export const signupSchema = z.object({
  id: z.string(),
  shiftId: z.string(),
  postId: z.string(),
  volunteerId: z.string(),
  volunteerNo: z.string(),
  volunteerName: z.string(),
  status: z.enum(SIGNUP_STATUSES),
  source: z.enum(SIGNUP_SOURCES),
  signedUpAt: iso,
  checkInAt: iso.nullable(),
  checkOutAt: iso.nullable(),
  minutes: z.number().int().nullable(),
  recordId: z.string().nullable(),
  version: z.number().int(),
});

/** A service record with the fields of 民政部《志愿服务记录与证明出具办法》. */
export const recordSchema = z.object({
  id: z.string(),
  volunteerId: z.string(),
  volunteerNo: z.string(),
  volunteerName: z.string(),
  source: z.enum(RECORD_SOURCES),
  activityId: z.string().nullable(),
  activityNo: z.string().nullable(),
  activityTitle: z.string().nullable(),
  needId: z.string().nullable(),
  orgId: z.string(),
  orgName: z.string(),
  areaCode: z.string(),
  areaName: z.string(),
  place: z.string().nullable(),
  category: z.string(),
  tier: z.number().int(),
  content: z.string(),
  startedAt: iso,
  endedAt: iso,
  minutes: z.number().int(),
  peopleServed: z.number().int(),
  status: z.enum(RECORD_STATUSES),
  correctsRecordId: z.string().nullable(),
  reviewedByName: z.string().nullable(),
  reviewedAt: iso.nullable(),
  reviewNote: z.string().nullable(),
  /** Points were posted for it (the volunteers module's ledger transfers). */
  pointsPosted: z.boolean(),
  createdAt: iso,
  version: z.number().int(),
});
export type ServiceRecord = z.infer<typeof recordSchema>;
export const recordsPage = paged(recordSchema);
export const recordsList = z.array(recordSchema);

export const attendanceCounts = z.object({
  signedUp: z.number().int(),
  checkedIn: z.number().int(),
  checkedOut: z.number().int(),
  noShow: z.number().int(),
});

export const activityDetailSchema = activitySchema.extend({
  description: z.string().nullable(),
  leaderVolunteerId: z.string().nullable(),
  leaderName: z.string().nullable(),
  shifts: z.array(shiftSchema),
  posts: z.array(postSchema),
  slots: z.array(slotSchema),
  signups: z.array(signupSchema),
  records: z.array(recordSchema),
  counts: attendanceCounts,
  /** The caller may manage it (sign-ups, attendance, records), and may show the check-in code. */
  canManage: z.boolean(),
  canShowCode: z.boolean(),
});
export type ActivityDetail = z.infer<typeof activityDetailSchema>;

export const createdResponse = z.object({ id: z.string(), activityNo: z.string() });

/** The leader's screen: the code of the current 60-second window and how long it lasts. */
export const checkInCodeSchema = z.object({
  activityId: z.string(),
  shiftId: z.string(),
  code: z.string(),
  window: z.number().int(),
  secondsLeft: z.number().int(),
  validUntil: iso,
  /** The volunteer page with this code, for the QR on the screen (prefix with the site's origin). */
  checkInPath: z.string(),
});

export const mySignupSchema = z.object({
  signupId: z.string(),
  activityId: z.string(),
  activityNo: z.string(),
  activityTitle: z.string(),
  kind: z.enum(ACTIVITY_KINDS),
  category: z.string(),
  place: z.string(),
  orgName: z.string(),
  shiftId: z.string(),
  shiftLabel: z.string().nullable(),
  startsAt: iso,
  endsAt: iso,
  postId: z.string(),
  postName: z.string(),
  status: z.enum(SIGNUP_STATUSES),
  checkInAt: iso.nullable(),
  checkOutAt: iso.nullable(),
  minutes: z.number().int().nullable(),
  canCancel: z.boolean(),
  canCheckIn: z.boolean(),
  canCheckOut: z.boolean(),
});
export type MySignup = z.infer<typeof mySignupSchema>;
export const myActivitiesSchema = z.object({
  volunteer: z.object({ id: z.string(), volunteerNo: z.string(), name: z.string() }),
  upcoming: z.array(mySignupSchema),
  recent: z.array(mySignupSchema),
  /** Activities the volunteer leads on site: they show the check-in code. */
  leading: z.array(
    z.object({
      activityId: z.string(),
      title: z.string(),
      place: z.string(),
      shifts: z.array(shiftSchema),
    }),
  ),
});
export type MyActivities = z.infer<typeof myActivitiesSchema>;

export const openActivitySchema = activitySchema.extend({
  shifts: z.array(
    shiftSchema.extend({
      posts: z.array(
        postSchema.extend({ filled: z.number().int(), mine: z.boolean(), signupId: z.string().nullable() }),
      ),
    }),
  ),
});
export const openActivitiesSchema = z.array(openActivitySchema);
export type OpenActivity = z.infer<typeof openActivitySchema>;
export const openActivitiesQuery = z.object({
  /** street (default): the volunteer's street; district: everywhere. */
  near: z.enum(['street', 'district']).optional(),
});

export const checkResultSchema = mySignupSchema;

export const certificateSchema = z.object({
  id: z.string(),
  certNo: z.string(),
  volunteerId: z.string(),
  volunteerNo: z.string(),
  volunteerName: z.string(),
  issuerOrgId: z.string(),
  issuerName: z.string(),
  personInCharge: z.string(),
  handler: z.string(),
  contact: z.string(),
  periodFrom: z.string(),
  periodTo: z.string(),
  totalMinutes: z.number().int(),
  recordCount: z.number().int(),
  content: z.string(),
  issuedAt: iso,
  revokedAt: iso.nullable(),
  revokeReason: z.string().nullable(),
});
export type Certificate = z.infer<typeof certificateSchema>;
export const certificatesPage = paged(certificateSchema);
export const certificatesList = z.array(certificateSchema);

/** What anyone may see by certificate number: the name masked, no ID number. */
export const publicCertificateSchema = z.object({
  certNo: z.string(),
  volunteerName: z.string(),
  volunteerNo: z.string(),
  issuerName: z.string(),
  totalMinutes: z.number().int(),
  periodFrom: z.string(),
  periodTo: z.string(),
  issuedOn: z.string(),
  status: z.enum(['valid', 'revoked']),
  revokedOn: z.string().nullable(),
});
export type PublicCertificate = z.infer<typeof publicCertificateSchema>;
