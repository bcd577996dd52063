// Read-only lookups for the command line (`minsheng import … --user NAME` acts as that user).
export { findGrants, findUserByUsername, userIdsGrantedOn } from './identity.repo.ts';
export { identityRoutes } from './identity.routes.ts';
export type { NewUser, ResolvedSession, SessionInfo } from './identity.service.ts';
export {
  cachedSession,
  checkPasswordStrength,
  createUser,
  hashPassword,
  listUsers,
  login,
  logout,
  resolveSession,
} from './identity.service.ts';
