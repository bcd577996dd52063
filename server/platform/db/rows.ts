import { type SQL, sql } from 'drizzle-orm';
import type { Db } from './index.ts';

/** Raw SQL through either driver; both return `{ rows }`. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

export async function queryOne<T>(db: Db, query: SQL): Promise<T | undefined> {
  const rows = await queryRows<T>(db, query);
  return rows[0];
}

/** `date` columns come back as strings from pg and as Date objects from some paths; normalise. */
export function toDateString(v: unknown): string {
  if (v == null) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).slice(0, 10);
}
export function toDateOrNull(v: unknown): string | null {
  return v == null ? null : toDateString(v);
}
export function toIso(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  return new Date(String(v)).toISOString();
}

export interface DbErrorInfo {
  code?: string;
  message: string;
  detail?: string;
  constraint?: string;
}

/** The database's own error under whatever the driver or ORM wrapped it in (pg and PGlite alike). */
export function dbErrorOf(err: unknown): DbErrorInfo | undefined {
  let e: unknown = err;
  for (let i = 0; i < 5 && e && typeof e === 'object'; i++) {
    const o = e as {
      code?: unknown;
      message?: unknown;
      detail?: unknown;
      constraint?: unknown;
      cause?: unknown;
    };
    if (typeof o.code === 'string' && /^[0-9A-Z]{5}$/.test(o.code))
      return {
        code: o.code,
        message: String(o.message ?? ''),
        detail: typeof o.detail === 'string' ? o.detail : undefined,
        constraint: typeof o.constraint === 'string' ? o.constraint : undefined,
      };
    e = o.cause;
  }
  return undefined;
}

/**
 * One array parameter (`$1::uuid[]`). Interpolating a JS array directly would spread it into a
 * list of parameters.
 */
export function pgArray(values: readonly unknown[], type: string): SQL {
  return sql`${sql.param(values)}::${sql.raw(type)}[]`;
}

/** A column of an `unnest(…)` insert: its name and SQL type, and how to read it off a row. */
export type UnnestColumn<R> = readonly [name: string, type: string, read: (row: R) => unknown];

/**
 * Many rows in one statement with one array parameter per column, whatever the number of rows:
 * `INSERT INTO t (${names}) SELECT * FROM unnest(${arrays})`. The table of columns keeps each
 * name beside its type and value, where two lists would have to be kept in the same order.
 */
export function unnestColumns<R>(
  rows: readonly R[],
  columns: readonly UnnestColumn<R>[],
): { names: SQL; arrays: SQL } {
  return {
    names: sql.raw(columns.map(([name]) => name).join(', ')),
    arrays: sql.join(
      columns.map(([, type, read]) => pgArray(rows.map(read), type)),
      sql`, `,
    ),
  };
}
