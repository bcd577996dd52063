// Canteen meals (助餐, S11): subsidy rules, menus, tills and per-meal subsidies through the ledger.
export { seedMealsDemo } from './meals.demo.ts';
export { mealRoutes } from './meals.routes.ts';
export { type Subsidy, type SubsidyRule, subsidyFor } from './meals.rules.ts';
export {
  addMealRule,
  addMenuItem,
  closeTill,
  endMealRule,
  ensureMealDefaults,
  getMealSettings,
  getTill,
  listMealCanteens,
  listMealRules,
  listMealSales,
  listMenu,
  mealSalesByIds,
  openTill,
  previewMeal,
  sellMeal,
  summariseMeals,
  updateMealSettings,
  updateMenuItem,
  voidMealSale,
} from './meals.service.ts';
