// Programmes and rules as code (issue 5, ADR 0019): the rule engine, programme versions and
// parameters, screening (政策找人) and the worklist. The only front door of this module.

export { eligibilityRoutes } from './eligibility.routes.ts';
export { reevaluatePersons, runScreening, startScreening } from './eligibility.screening.ts';
export { ensureEligibilityDefaults, rulesOn } from './eligibility.service.ts';
export * as engine from './engine/index.ts';
