// 重阳分 (S10, R4–R5): settings, the enrolment list, the monthly grant and expiry, elders'
// accounts and cards. The only front door of this module.

export type { BatchOptions, BatchProgress } from './care-credits.batches.ts';
export { EXPIRE_CHUNK, GRANT_CHUNK, runExpiry, runGrantBatch } from './care-credits.batches.ts';
export type { CareCreditsDemoSummary } from './care-credits.demo.ts';
export { seedCareCreditsDemo } from './care-credits.demo.ts';
export type { CardHolder } from './care-credits.repo.ts';
export { careCreditRoutes } from './care-credits.routes.ts';
export {
  addMonths,
  ageInMonth,
  isMonth,
  type Month,
  monthEnd,
  monthOf,
  monthStart,
} from './care-credits.rules.ts';
export {
  addSetting,
  CHONGYANG_FUND,
  DEFAULT_SETTING,
  elderAccountEntries,
  elderAccounts,
  elderCareAccount,
  endEnrolment,
  enrol,
  enrolledInMonthOf,
  enrolledOnDate,
  ensureCareCreditDefaults,
  findElderByCard,
  fundsOverview,
  getBatch,
  getElderCard,
  isEnrolled,
  issueCard,
  listBatches,
  listEnrolments,
  listSettings,
  requireEnrolled,
} from './care-credits.service.ts';
