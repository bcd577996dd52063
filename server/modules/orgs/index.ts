export { addOrgMembers, insertOrgs, memberUserIds, orgIdsOfUser } from './orgs.repo.ts';
export { orgRoutes } from './orgs.routes.ts';
export {
  checkOrgFields,
  createOrg,
  getOrg,
  listOrgs,
  orgNames,
  requireOrgExists,
  updateOrg,
} from './orgs.service.ts';
