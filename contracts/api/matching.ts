import { z } from 'zod';
import { areaFilter, type Label, uuid } from './common.ts';

export type MatchLang = keyof Label;

/**
 * Why a candidate was ranked where it is: one reason per term of the cost (ADR 0017). `good`
 * reasons speak for the candidate, `note` reasons explain a higher cost. Each reason carries its
 * text in both languages, so an invitation shows it to the invitee as it was shown to the worker.
 */
export const MATCH_REASON_CODES = [
  'distance',
  'same_community',
  'skill',
  'available',
  'light_load',
  'open_commitments',
  'served_recently',
  'rating',
  'unrated',
  'other_skills',
  'team_level',
  'team_qualified',
  'team_size',
  'org_kind',
  'org_area',
  'org_teams',
] as const;
export type MatchReasonCode = (typeof MATCH_REASON_CODES)[number];
export const MATCH_REASON_TONES = ['good', 'note'] as const;
export type MatchReasonTone = (typeof MATCH_REASON_TONES)[number];

export const matchReasonSchema = z.object({
  code: z.enum(MATCH_REASON_CODES),
  tone: z.enum(MATCH_REASON_TONES),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  text: z.object({ 'zh-CN': z.string(), en: z.string() }),
});
export type MatchReason = z.infer<typeof matchReasonSchema>;

/** Day parts of the weekly availability mask: bit (day * 3 + part), day 0 = Monday. */
export const DAY_LABELS: readonly Label[] = [
  { 'zh-CN': '周一', en: 'Monday' },
  { 'zh-CN': '周二', en: 'Tuesday' },
  { 'zh-CN': '周三', en: 'Wednesday' },
  { 'zh-CN': '周四', en: 'Thursday' },
  { 'zh-CN': '周五', en: 'Friday' },
  { 'zh-CN': '周六', en: 'Saturday' },
  { 'zh-CN': '周日', en: 'Sunday' },
];
export const PART_LABELS: readonly Label[] = [
  { 'zh-CN': '上午', en: 'morning' },
  { 'zh-CN': '下午', en: 'afternoon' },
  { 'zh-CN': '晚上', en: 'evening' },
];
export const TEAM_LEVEL_LABELS: Record<string, Label> = {
  district: { 'zh-CN': '区级', en: 'District' },
  street: { 'zh-CN': '街道级', en: 'Street' },
  community: { 'zh-CN': '社区级', en: 'Community' },
};
export const ORG_KIND_MATCH_LABELS: Record<string, Label> = {
  social_org: { 'zh-CN': '社会组织', en: 'Social organisation' },
  civilized_unit: { 'zh-CN': '文明单位', en: 'Civilised unit' },
  enterprise: { 'zh-CN': '企业', en: 'Enterprise' },
  school: { 'zh-CN': '学校', en: 'School' },
  government: { 'zh-CN': '机关单位', en: 'Government body' },
  party_org: { 'zh-CN': '党组织', en: 'Party organisation' },
};

type Params = Record<string, string | number>;
type SkillLabel = (code: string, lang: MatchLang) => string;

const km = (m: number) => (Math.round(m / 100) / 10).toFixed(1);
const stars = (v: number) => v.toFixed(1);
const labelOf = (labels: Record<string, Label>, code: unknown, lang: MatchLang) =>
  labels[String(code)]?.[lang] ?? String(code);

/** The reason's sentence in one language. `skillLabel` names skill codes (具备急救技能). */
export function matchReasonText(
  code: MatchReasonCode,
  p: Params,
  lang: MatchLang,
  skillLabel: SkillLabel = (c) => c,
): string {
  const zh = lang === 'zh-CN';
  switch (code) {
    case 'distance':
      return zh ? `距离 ${km(Number(p.meters))} 公里` : `${km(Number(p.meters))} km away`;
    case 'same_community':
      return zh ? '同社区（未标注位置）' : 'Same community (no location given)';
    case 'skill':
      return zh
        ? `具备${skillLabel(String(p.skill), lang)}技能`
        : `Has ${skillLabel(String(p.skill), lang)} skills`;
    case 'available': {
      const day = DAY_LABELS[Number(p.day)]?.[lang] ?? '';
      const part = PART_LABELS[Number(p.part)]?.[lang] ?? '';
      return zh ? `${day}${part}有空` : `Free on ${day} ${part}`;
    }
    case 'light_load':
      return zh ? `近${p.days}天服务较少` : `Little service in the last ${p.days} days`;
    case 'open_commitments':
      return zh ? `另有 ${p.count} 项待完成服务` : `${p.count} other commitments open`;
    case 'served_recently':
      return zh ? `${p.days} 天前刚服务过` : `Served ${p.days} days ago`;
    case 'rating':
      return zh
        ? `评分 ${stars(Number(p.average))}（${p.count} 次）`
        : `Rated ${stars(Number(p.average))} (${p.count})`;
    case 'unrated':
      return zh ? '暂无评分' : 'Not rated yet';
    case 'other_skills':
      return zh ? `另有 ${p.count} 项其他技能` : `${p.count} other skills`;
    case 'team_level':
      return zh
        ? `${labelOf(TEAM_LEVEL_LABELS, p.level, lang)}队伍`
        : `${labelOf(TEAM_LEVEL_LABELS, p.level, lang)} team`;
    case 'team_qualified':
      return zh ? `${p.count} 名成员具备所需技能` : `${p.count} members have the skills`;
    case 'team_size':
      return zh ? `共 ${p.count} 名成员` : `${p.count} members`;
    case 'org_kind':
      return labelOf(ORG_KIND_MATCH_LABELS, p.kind, lang);
    case 'org_area':
      return p.same === 'community'
        ? zh
          ? '本社区组织'
          : 'In the community'
        : zh
          ? '本街道组织'
          : 'In the street';
    case 'org_teams':
      return zh ? `下属 ${p.count} 支志愿队伍` : `${p.count} volunteer teams`;
  }
}

/**
 * A stored reason's sentence: its own text when it carries one, else rendered from code and
 * params (proposal items store reasons without text, to stay small; so do the invitations an
 * accepted proposal sends).
 */
export function reasonText(
  r: { code: string; params?: Record<string, string | number>; text?: Partial<Record<MatchLang, string>> },
  lang: MatchLang,
  skillLabel?: SkillLabel,
): string {
  const own = r.text?.[lang];
  if (own) return own;
  if (!(MATCH_REASON_CODES as readonly string[]).includes(r.code)) return r.code;
  return matchReasonText(r.code as MatchReasonCode, r.params ?? {}, lang, skillLabel);
}

// --- requests and responses -----------------------------------------------------------------

export const CANDIDATE_TYPES = ['volunteer', 'team', 'org'] as const;
export type CandidateType = (typeof CANDIDATE_TYPES)[number];

export const volunteerCandidateSchema = z.object({
  volunteerId: z.string(),
  volunteerNo: z.string(),
  /** Surname and a mask (王**), as every volunteer list shows it. */
  name: z.string(),
  areaCode: z.string(),
  areaName: z.string(),
  cost: z.number().int(),
  distanceM: z.number().int().nullable(),
  reasons: z.array(matchReasonSchema),
  /** A pending invitation to this need exists already. */
  invited: z.boolean(),
});
export type VolunteerCandidate = z.infer<typeof volunteerCandidateSchema>;

export const teamCandidateSchema = z.object({
  teamId: z.string(),
  name: z.string(),
  level: z.string(),
  areaCode: z.string(),
  areaName: z.string(),
  memberCount: z.number().int(),
  qualifiedMembers: z.number().int(),
  cost: z.number().int(),
  reasons: z.array(matchReasonSchema),
  invited: z.boolean(),
});
export type TeamCandidate = z.infer<typeof teamCandidateSchema>;

export const orgCandidateSchema = z.object({
  orgId: z.string(),
  name: z.string(),
  kind: z.string(),
  areaCode: z.string(),
  areaName: z.string(),
  cost: z.number().int(),
  reasons: z.array(matchReasonSchema),
  invited: z.boolean(),
});
export type OrgCandidate = z.infer<typeof orgCandidateSchema>;

export const candidatesResponse = z.object({
  needId: z.string(),
  seatsLeft: z.number().int(),
  radiusM: z.number().int(),
  volunteers: z.array(volunteerCandidateSchema),
  teams: z.array(teamCandidateSchema),
  orgs: z.array(orgCandidateSchema),
});
export type CandidatesResponse = z.infer<typeof candidatesResponse>;

/** The server ranks the candidate again and sends its own reasons with the invitation. */
export const inviteCandidateBody = z.object({
  type: z.enum(CANDIDATE_TYPES, { message: 'FIELD_ENUM' }),
  id: uuid,
});
export type InviteCandidateBody = z.input<typeof inviteCandidateBody>;
export const inviteCandidateResponse = z.object({
  needId: z.string(),
  type: z.enum(CANDIDATE_TYPES),
  id: z.string(),
  /** null when the candidate was invited or claiming already (nothing new was sent). */
  invitationId: z.string().nullable(),
});

export const createProposalBody = z.object({
  areaCode: z.string({ message: 'FIELD_REQUIRED' }).regex(/^\d{12}$/, { message: 'AREA_UNKNOWN' }),
});
export type CreateProposalBody = z.input<typeof createProposalBody>;

export const PROPOSAL_STATUSES = ['proposed', 'accepted', 'discarded'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const proposalItemSchema = z.object({
  needId: z.string(),
  needNo: z.string(),
  needTitle: z.string(),
  category: z.string(),
  needAreaCode: z.string(),
  needAreaName: z.string(),
  startsAt: z.string(),
  volunteerId: z.string(),
  volunteerNo: z.string(),
  volunteerName: z.string(),
  cost: z.number().int(),
  reasons: z.array(matchReasonSchema),
});
export type ProposalItem = z.infer<typeof proposalItemSchema>;

export const proposalSummarySchema = z.object({
  id: z.string(),
  areaCode: z.string(),
  areaName: z.string(),
  status: z.enum(PROPOSAL_STATUSES),
  needCount: z.number().int(),
  seatCount: z.number().int(),
  assignedSeats: z.number().int(),
  /** The objective: the items' costs plus the penalty for every seat left unfilled. */
  cost: z.number().int(),
  /** The solver's proven lower bound on any assignment of the same candidates. */
  lowerBound: z.number().int(),
  /** cost = lowerBound: no assignment of these candidates costs less. */
  optimal: z.boolean(),
  unfilledPenalty: z.number().int(),
  solveMs: z.number().int(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type ProposalSummary = z.infer<typeof proposalSummarySchema>;

export const proposalItemsQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  /** A community or street: only its needs. */
  area: areaFilter,
  category: z.string().max(40).optional(),
});
export type ProposalItemsFilter = z.output<typeof proposalItemsQuery>;

export const proposalDetailSchema = proposalSummarySchema.extend({
  items: z.array(proposalItemSchema),
  /** Items matching the filters (the page is `items`). */
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Open needs of the area with seats the proposal leaves unfilled (the first 100, soonest first). */
  unfilled: z.array(
    z.object({ needId: z.string(), needNo: z.string(), needTitle: z.string(), seats: z.number().int() }),
  ),
  unfilledNeeds: z.number().int(),
});
export type ProposalDetail = z.infer<typeof proposalDetailSchema>;

export const acceptProposalResponse = z.object({
  invited: z.number().int(),
  skippedNeedIds: z.array(z.string()),
  proposal: proposalDetailSchema,
});
export type AcceptProposalResult = z.infer<typeof acceptProposalResponse>;

export const listProposalsQuery = z.object({
  area: areaFilter,
});
export const proposalsResponse = z.object({ items: z.array(proposalSummarySchema) });
