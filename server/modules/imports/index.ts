export { parseResidentFile, RESIDENT_COLUMNS, TEMPLATE_HEADERS, templateCsv } from './imports.parse.ts';
export { importRoutes } from './imports.routes.ts';
export type { CommitResult, ImportDuplicate, ImportIssue, Progress, Validation } from './imports.service.ts';
export { importResidentsFile, planCommit, presentReport, validateResidents } from './imports.service.ts';
