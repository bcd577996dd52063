/**
 * What the activities module uses of the volunteers module, in one place: who a volunteer is,
 * their open commitments, and the points their confirmed records earn (posted by the volunteers
 * module in the caller's transaction).
 */
export type { RecordToAward, RecordTransfers, VolunteerBrief } from '../volunteers/index.ts';
export {
  adjustCommitments,
  awardPointsForRecords,
  findVolunteers,
  reversePointsForRecord,
  volunteerOfUser,
} from '../volunteers/index.ts';
