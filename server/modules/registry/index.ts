export { ageBandWindow, checkFact, checkIdNumber, checkPhone, overlaps } from './person.rules.ts';
// Bulk writers for the importer and the demo generator (same module owns the tables).
export {
  countPersons,
  findPersonNames,
  findPersonsByIdHashes,
  insertFacts,
  insertHouseholds,
  insertPersons,
  prefixRange,
  updatePersonRow,
} from './registry.repo.ts';
export { registryRoutes } from './registry.routes.ts';
export type { PreparedPerson } from './registry.service.ts';
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
