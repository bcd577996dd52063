// Programmes and rules as code (issue 5, ADR 0019): the rule engine, programme versions and
// parameters, screening (政策找人) and the worklist. The only front door of this module.

export { applicationRoutes } from './eligibility.applications.routes.ts';
export { benefitPaymentRoutes } from './eligibility.payments.routes.ts';
export {
  BENEFIT_CHUNK,
  type BenefitBatchOptions,
  type BenefitProgress,
  runBenefitBatch,
} from './eligibility.payments.ts';
export { eligibilityRoutes } from './eligibility.routes.ts';
export { explanationView, grants, monthlyOf, outcomeOf } from './eligibility.rules.ts';
export {
  reevaluatePersons,
  runScreening,
  simulateVersion,
  startScreening,
  sweepOverdueAlerts,
} from './eligibility.screening.ts';
export { ensureEligibilityDefaults, rulesOn } from './eligibility.service.ts';

import { onEvent } from '../../platform/events.ts';
import { reevaluatePersons } from './eligibility.screening.ts';

export * as engine from './engine/index.ts';

// Incremental screening: a change to a person's record or facts re-evaluates only that person,
// in the same transaction, and updates their worklist items (ADR 0019).
onEvent('person.changed', async (ctx, _actorId, e) => {
  await reevaluatePersons(ctx.db, ctx.clock, e.personIds);
});

export { type EligibilityDemoSummary, seedEligibilityDemo } from './eligibility.demo.ts';
