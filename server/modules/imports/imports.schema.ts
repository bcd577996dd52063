import { integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** One row per upload: its validation report and progress, so a page can poll and a crash is visible. */
export const imports = pgTable('imports', {
  id: uuid('id').primaryKey(),
  kind: text('kind').notNull(),
  fileName: text('file_name').notNull(),
  status: text('status').notNull(),
  totalRows: integer('total_rows').notNull().default(0),
  processedRows: integer('processed_rows').notNull().default(0),
  badRows: integer('bad_rows').notNull().default(0),
  duplicateRows: integer('duplicate_rows').notNull().default(0),
  insertedRows: integer('inserted_rows').notNull().default(0),
  updatedRows: integer('updated_rows').notNull().default(0),
  skippedRows: integer('skipped_rows').notNull().default(0),
  report: jsonb('report'),
  error: jsonb('error'),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});
