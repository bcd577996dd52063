export {
  addFact,
  closeFact,
  createPerson,
  getFactsAsOf,
  getPerson,
  interpretQuery,
  listPersons,
  preparePerson,
  revealIdentity,
  updatePerson,
} from './registry.service.ts';
export type { PreparedPerson } from './registry.service.ts';
export { checkFact, checkIdNumber, checkPhone, ageBandWindow, overlaps } from './person.rules.ts';
export { registryRoutes } from './registry.routes.ts';
// Bulk writers for the importer and the demo generator (same module owns the tables).
export { findPersonsByIdHashes, insertFacts, insertHouseholds, insertPersons, updatePersonRow, countPersons } from './registry.repo.ts';
