export { createOrg, getOrg, listOrgs, orgNames, requireOrgExists, updateOrg, checkOrgFields } from './orgs.service.ts';
export { insertOrgs } from './orgs.repo.ts';
export { orgRoutes } from './orgs.routes.ts';
