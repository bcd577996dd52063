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
export type { AreaTree, AreaView } from './areas.service.ts';
export { areaRoutes } from './areas.routes.ts';
export { STREETS, DISTRICT, communityCode, streetCode, villageCode, communityFullName } from './shangcheng.ts';
