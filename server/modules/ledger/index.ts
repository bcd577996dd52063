export { transferView } from './ledger.commands.ts';
export { ledgerRoutes } from './ledger.routes.ts';
export * from './ledger.service.ts';
