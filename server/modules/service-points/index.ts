export { closeServicePoint, createServicePoint, getServicePoint, listServicePoints, updateServicePoint } from './service-points.service.ts';
export { insertServicePoints } from './service-points.repo.ts';
export { checkCoordinates, checkOpeningHours, DISTRICT_BOUNDS } from './service-points.rules.ts';
export { servicePointRoutes } from './service-points.routes.ts';
