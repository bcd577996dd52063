import type { SQL } from 'drizzle-orm';
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
