import { onEvent } from '../../platform/events.ts';
import { onActivityAttendance } from './needs.claims.ts';

// A need follows its activity's attendance (ADR 0013): first check-in, everyone checked out.
onEvent('activity.attendance', onActivityAttendance);

export {
  type ClaimInput,
  claimNeed,
  confirmNeed,
  nameClaimVolunteers,
  rateNeed,
  type ScheduleInput,
  scheduleNeed,
  withdrawClaim,
} from './needs.claims.ts';
export { seedNeedsDemo } from './needs.demo.ts';
export {
  acceptInvitation,
  acceptProposal,
  declineInvitation,
  discardProposal,
  getProposal,
  type Invitee,
  inviteToNeed,
  needForMatching,
  type OpenNeedForMatching,
  openNeedsForMatching,
  type ProposalInput,
  saveProposal,
} from './needs.invitations.ts';
export { needRoutes } from './needs.routes.ts';
export { attendanceSteps, checkSeats, dueReminders, seatsStatus, transition } from './needs.rules.ts';
export {
  cancelNeed,
  createNeed,
  getNeed,
  type ListNeedsInput,
  listNeeds,
  listOpenNeeds,
  myClaims,
  type NeedFields,
  publishNeed,
  updateNeed,
} from './needs.service.ts';
export { type SweepResult, sweepNeeds } from './needs.sweep.ts';
