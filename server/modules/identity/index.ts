export { createUser, hashPassword, listUsers, login, logout, resolveSession, checkPasswordStrength } from './identity.service.ts';
export type { NewUser, SessionInfo } from './identity.service.ts';
export { identityRoutes } from './identity.routes.ts';
