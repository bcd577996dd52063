export { createUser, hashPassword, listUsers, login, logout, resolveSession, checkPasswordStrength } from './identity.service.ts';
export type { NewUser, SessionInfo } from './identity.service.ts';
export { identityRoutes } from './identity.routes.ts';
// Read-only lookups for the command line (`minsheng import … --user NAME` acts as that user).
export { findGrants, findUserByUsername } from './identity.repo.ts';
