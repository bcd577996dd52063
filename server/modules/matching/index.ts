// Matching (ADR 0017): ranking candidates for a need and area-wide assignment proposals.
export { matchingRoutes } from './matching.routes.ts';
export { candidatesPerNeed, MATCH } from './matching.rules.ts';
export type { ProposalRun } from './matching.service.ts';
export { buildAreaGraph, inviteCandidate, proposeAssignments, rankCandidates } from './matching.service.ts';
export { type AssignmentProblem, type AssignmentResult, solveAssignment } from './matching.solver.ts';
