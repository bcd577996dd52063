import { z } from 'zod';

export const IMPORT_STATUSES = ['validating', 'validated', 'invalid', 'committed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
export const DUPLICATE_ACTIONS = ['skip', 'update'] as const;
export type DuplicateAction = (typeof DUPLICATE_ACTIONS)[number];

/** One problem in one cell: the line and column as the user sees them, the value, the reason. */
export const importIssue = z.object({
  line: z.number().int(),
  /** Our column key (name, idNumber, community …); empty for a cell under no header. */
  column: z.string(),
  /** The header as written in the file (公民身份号码), or the column letter. */
  columnLabel: z.string(),
  /** The cell's value; ID numbers and phones with their middle hidden. */
  value: z.string(),
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  message: z.string(),
});
export type ImportIssueView = z.infer<typeof importIssue>;

/** A row whose ID number is already registered: the user chooses to update or skip. */
export const importDuplicate = z.object({
  line: z.number().int(),
  name: z.string(),
  idMasked: z.string(),
  areaCode: z.string(),
  areaName: z.string(),
  /** false: registered outside the importer's area, so it is skipped even when updating. */
  inScope: z.boolean(),
});
export type ImportDuplicateView = z.infer<typeof importDuplicate>;

export const importReport = z.object({
  issues: z.array(importIssue),
  /** More issues exist than are listed (the first 1,000 are kept). */
  issuesTruncated: z.boolean(),
  duplicates: z.array(importDuplicate),
  duplicatesTruncated: z.boolean(),
});

export const importSummary = z.object({
  id: z.string(),
  kind: z.string(),
  fileName: z.string(),
  status: z.enum(IMPORT_STATUSES),
  totalRows: z.number().int(),
  processedRows: z.number().int(),
  badRows: z.number().int(),
  duplicateRows: z.number().int(),
  insertedRows: z.number().int(),
  updatedRows: z.number().int(),
  skippedRows: z.number().int(),
  onDuplicate: z.enum(DUPLICATE_ACTIONS).nullable(),
  areaCode: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Validated without bad rows, not yet committed, and this reader started it. */
  canCommit: z.boolean(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type ImportSummary = z.infer<typeof importSummary>;

export const importView = importSummary.extend({ report: importReport.nullable() });
export type ImportView = z.infer<typeof importView>;

export const importList = z.object({ items: z.array(importSummary) });

export const commitImportBody = z.object({
  onDuplicate: z.enum(DUPLICATE_ACTIONS, { message: 'FIELD_ENUM' }).default('skip'),
});

export const importIdParams = z.object({ id: z.string().uuid({ message: 'IMPORT_NOT_FOUND' }) });
