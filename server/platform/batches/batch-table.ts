import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import {
  bigint,
  date,
  integer,
  jsonb,
  type PgColumn,
  type PgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Db } from '../db/index.ts';
import { toIso } from '../db/rows.ts';
import type { MonthBatchKind, MonthBatchRow } from './month-batch.ts';
import type { Runner } from './runner.ts';

/**
 * The table every resumable monthly batch keeps (ADR 0009, 0020): one row per run of one key
 * (a 重阳分 run's kind, a benefit programme's code) and month, with its progress and report. The
 * owning module declares the table, its id and key columns, and spreads these in; the generic
 * repository below is all the SQL the shared runner needs of it.
 */

/**
 * The columns after the id and the key, in the order the tables have them. A function, so each
 * table gets its own column builders.
 */
export function monthBatchColumns() {
  return {
    month: date('month').notNull(),
    status: text('status').notNull(), // running | done | failed
    total: integer('total').notNull().default(0),
    processed: integer('processed').notNull().default(0),
    credited: integer('credited').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    amount: bigint('amount', { mode: 'number' }).notNull().default(0),
    report: jsonb('report'),
    startedBy: uuid('started_by'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  };
}

/** A batch table as the repository reads it: the shared columns and an id. */
export type MonthBatchTable = PgTable & {
  id: PgColumn;
  month: PgColumn;
  status: PgColumn;
  startedAt: PgColumn;
};

/** What a search of runs filters by: the key (kind, programme) and the month's first day. */
export interface MonthBatchSearch {
  key?: string;
  month?: string;
  limit: number;
  offset: number;
}

/**
 * The SQL of a batch table, parameterised by the table and the name of its key column (`kind`,
 * `programmeCode`).
 */
export function monthBatchRepo<T extends MonthBatchTable, K extends keyof T & string>(table: T, keyName: K) {
  type Row = T['$inferSelect'];
  type Insert = T['$inferInsert'];
  // Drizzle cannot infer a generic table's row types; the casts restate the table's own.
  const t = table as MonthBatchTable;
  const key = table[keyName] as PgColumn;
  const select = (db: Db) => db.select().from(t);
  const repo = {
    async insert(db: Db, row: Insert): Promise<void> {
      await db.insert(t).values(row as MonthBatchTable['$inferInsert']);
    },

    async update(db: Db, id: string, patch: Partial<Insert>): Promise<void> {
      await db
        .update(t)
        .set(patch as Partial<MonthBatchTable['$inferInsert']>)
        .where(eq(t.id, id));
    },

    async find(db: Db, id: string): Promise<Row | undefined> {
      const [row] = await select(db).where(eq(t.id, id));
      return row as Row | undefined;
    },

    /** The runs of this key and month left 'running' (live, or abandoned by a runner gone). */
    async findRunning(db: Db, keyValue: string, month: string): Promise<Row[]> {
      const rows = await select(db).where(
        and(eq(key, keyValue), eq(t.month, month), eq(t.status, 'running')),
      );
      return rows as Row[];
    },

    /** Newest first. */
    async search(db: Db, s: MonthBatchSearch): Promise<{ rows: Row[]; total: number }> {
      const conds: SQL[] = [];
      if (s.key) conds.push(eq(key, s.key));
      if (s.month) conds.push(eq(t.month, s.month));
      const where = conds.length ? and(...conds) : undefined;
      const rows = await select(db)
        .where(where)
        .orderBy(desc(t.startedAt), desc(t.id))
        .limit(s.limit)
        .offset(s.offset);
      const [c] = await db.select({ n: sql<number>`count(*)::int` }).from(t).where(where);
      return { rows: rows as Row[], total: Number(c?.n ?? 0) };
    },

    /** The table part of a batch kind for the shared runner: the runs of one key and month. */
    kindTable(
      keyValue: string,
      month: string,
    ): Pick<MonthBatchKind<Row & MonthBatchRow>, 'findRunning' | 'insert' | 'update' | 'find'> {
      return {
        findRunning: (db) => repo.findRunning(db, keyValue, month) as Promise<(Row & MonthBatchRow)[]>,
        insert: (db, row) => repo.insert(db, { ...row, [keyName]: keyValue, month } as Insert),
        update: (db, id, patch) => repo.update(db, id, patch as Partial<Insert>),
        find: (db, id) => repo.find(db, id) as Promise<(Row & MonthBatchRow) | undefined>,
      };
    },
  };
  return repo;
}

/** What the runner writes into every run's report (the kind adds its own keys beside these). */
export interface MonthBatchReport {
  postedNow?: number;
  alreadyDone?: number;
  skipped?: number;
  amountNow?: number;
  chunks?: number;
  chunkSize?: number;
  heartbeatAt?: string | null;
  seconds?: number | null;
  error?: string | null;
  runner?: Runner | null;
  cursor?: string | null;
}

export type MonthBatchStatus = 'running' | 'done' | 'failed';

/**
 * The parts of a run's view every batch kind shows alike, in the order the views list them:
 * `head` after the kind's own identity, `moved` after the report's count of rows walked,
 * `run` after the report's own keys, `times` last. A report written before a counter existed
 * reads as what the row's columns say.
 */
export function monthBatchView(b: {
  status: string;
  total: number;
  processed: number;
  credited: number;
  skipped: number;
  amount: number;
  report: unknown;
  startedBy: string | null;
  startedAt: Date | string;
  finishedAt: Date | string | null;
}) {
  const r = (b.report ?? {}) as MonthBatchReport;
  return {
    head: {
      status: b.status as MonthBatchStatus,
      total: b.total,
      processed: b.processed,
      credited: b.credited,
      skipped: b.skipped,
      amount: b.amount,
    },
    moved: {
      postedNow: r.postedNow ?? b.credited,
      alreadyDone: r.alreadyDone ?? 0,
      skipped: r.skipped ?? 0,
      amountNow: r.amountNow ?? b.amount,
    },
    run: {
      chunks: r.chunks ?? 0,
      chunkSize: r.chunkSize ?? 0,
      heartbeatAt: r.heartbeatAt ?? null,
      seconds: r.seconds ?? null,
      error: r.error ?? null,
    },
    times: {
      startedBy: b.startedBy,
      startedAt: toIso(b.startedAt),
      finishedAt: b.finishedAt ? toIso(b.finishedAt) : null,
    },
  };
}
