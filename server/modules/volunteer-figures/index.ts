export { volunteerFiguresRoutes } from './volunteer-figures.routes.ts';
export { getFigures, getMyRank } from './volunteer-figures.service.ts';
