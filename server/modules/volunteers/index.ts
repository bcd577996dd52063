// Volunteers, teams, points, 红色积分 and the time bank (ADR 0013, ADR 0014): the only front
// door of this module.

export type { VolunteersDemoSummary } from './volunteers.demo.ts';
export { seedVolunteersDemo } from './volunteers.demo.ts';
export type { ExpiryOptions, RecordToAward, RecordTransfers } from './volunteers.points.ts';
export {
  awardPointsForRecords,
  EXPIRE_CHUNK,
  ensureVolunteerPointDefaults,
  expirePoints,
  reversePointsForRecord,
} from './volunteers.points.ts';
export { volunteerRoutes } from './volunteers.routes.ts';
export { DEFAULT_POINT_RULES } from './volunteers.rules.ts';
/** The volunteers table, for the matching module's ranking SQL (read only). */
export { volunteers as volunteersTable } from './volunteers.schema.ts';
export type { VolunteerBrief } from './volunteers.service.ts';
export {
  addRating,
  adjustCommitments,
  findVolunteers,
  volunteerOfUser,
} from './volunteers.service.ts';
export type { TeamBrief } from './volunteers.teams.ts';
export { teamBrief } from './volunteers.teams.ts';
