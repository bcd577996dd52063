export { settlementRoutes } from './settlement.routes.ts';
export { isMonthEnded, maskName, monthOf, monthWindow } from './settlement.rules.ts';
export {
  approveStatement,
  DISTRICT_AREA,
  generateStatements,
  getStatement,
  listStatements,
  monthForExport,
  payStatement,
  recomputeStatement,
  reconcile,
  statementForExport,
} from './settlement.service.ts';
