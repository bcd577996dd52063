export { areaRoutes } from './areas.routes.ts';
export type { AreaTree, AreaView } from './areas.service.ts';
export {
  allAreas,
  areaNameMap,
  closeArea,
  createArea,
  getArea,
  getAreaTree,
  renameArea,
  requireOpenArea,
  seedOrgTree,
} from './areas.service.ts';
export {
  communityCode,
  communityFullName,
  DISTRICT,
  DISTRICT_OPENED_ON,
  STREETS,
  streetCode,
  villageCode,
} from './shangcheng.ts';
