export { seedHomeServicesDemo } from './home-services.demo.ts';
export { homeServiceRoutes } from './home-services.routes.ts';
export { DEFAULT_BILLING, orderAmount, transition } from './home-services.rules.ts';
export {
  actOnOrder,
  ensureHomeServiceCatalogue,
  getOrder,
  holdDays,
  listCatalogue,
  listOffers,
  listOrders,
  listPrices,
  placeOrder,
  setPrice,
} from './home-services.service.ts';
