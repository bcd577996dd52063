import { char, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** One row per upload: its validation report and progress, so a page can poll and a crash is visible. */
export const imports = pgTable(
  'imports',
  {
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
    /** The area the rows fall in (their common prefix), so "imports of my area" is a prefix match. */
    areaCode: char('area_code', { length: 12 }),
    /**
     * The parsed rows, AES-GCM encrypted like every ID number at rest, kept only between a clean
     * validation and its commit (the commit re-validates them against the registry of that moment).
     */
    payloadEnc: text('payload_enc'),
    onDuplicate: text('on_duplicate'),
    /** Touched on every progress step: a "validating" row that stops moving was orphaned by a crash. */
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('imports_area_created_idx').on(t.areaCode, t.createdAt),
    index('imports_created_by_idx').on(t.createdBy, t.createdAt),
  ],
);
