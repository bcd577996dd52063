export { insertServicePoints } from './service-points.repo.ts';
export { servicePointRoutes } from './service-points.routes.ts';
export { checkCoordinates, checkOpeningHours, DISTRICT_BOUNDS } from './service-points.rules.ts';
export {
  closeServicePoint,
  createServicePoint,
  getServicePoint,
  listServicePoints,
  updateServicePoint,
} from './service-points.service.ts';
