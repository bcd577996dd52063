import { and, desc, eq, or, sql } from 'drizzle-orm';
import { scopeSql } from '../../platform/access.ts';
import { auditLog } from '../../platform/audit/audit.schema.ts';
import type { Db } from '../../platform/db/index.ts';
import { imports } from './imports.schema.ts';

export type ImportRow = typeof imports.$inferSelect;
export type ImportInsert = typeof imports.$inferInsert;
export type AuditInsert = typeof auditLog.$inferInsert;

export async function insertImport(db: Db, row: ImportInsert): Promise<void> {
  await db.insert(imports).values(row);
}

export async function findImport(db: Db, id: string): Promise<ImportRow | undefined> {
  const [row] = await db.select().from(imports).where(eq(imports.id, id));
  return row;
}

/** Locks the import for its commit, so two clicks on 确认导入 cannot both write. */
export async function lockImport(db: Db, id: string): Promise<ImportRow | undefined> {
  const [row] = await db.select().from(imports).where(eq(imports.id, id)).for('update');
  return row;
}

export async function updateImport(db: Db, id: string, patch: Partial<ImportInsert>): Promise<void> {
  await db
    .update(imports)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(imports.id, id));
}

/** Progress only moves forward and only while validating (a late write cannot undo a finish). */
export async function setProgress(db: Db, id: string, processedRows: number): Promise<void> {
  await db
    .update(imports)
    .set({ processedRows, updatedAt: sql`now()` })
    .where(and(eq(imports.id, id), eq(imports.status, 'validating')));
}

/** Recent imports the reader may see: their own, and those whose rows fall in their area. */
export async function listImports(
  db: Db,
  scope: string[],
  userId: string,
  limit: number,
): Promise<ImportRow[]> {
  return db
    .select()
    .from(imports)
    .where(or(eq(imports.createdBy, userId), scopeSql(scope, imports.areaCode)))
    .orderBy(desc(imports.createdAt), desc(imports.id))
    .limit(limit);
}

/**
 * Bulk audit insert for a commit: the rows `recordAudit` writes (same table, same transaction),
 * 5,000 per statement as one array per column through unnest(). One round trip per person, or
 * Drizzle's row-by-row VALUES builder, would make the audit cost more than the persons
 * themselves (100,000 rows: about 25 s with VALUES against 10 s with unnest on PGlite).
 */
export async function insertAuditRows(db: Db, rows: AuditInsert[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 5_000) {
    const part = rows.slice(i, i + 5_000);
    const col = (type: string, pick: (r: AuditInsert) => unknown) =>
      sql`${sql.param(part.map(pick))}::${sql.raw(type)}[]`;
    const json = (v: unknown) => (v == null ? null : JSON.stringify(v));
    await db.execute(sql`
      insert into ${auditLog} (id, at, actor_id, actor_name, action, entity_type, entity_id, area_code, before, after, reason)
      select * from unnest(
        ${col('uuid', (r) => r.id)}, ${col('timestamptz', (r) => (r.at instanceof Date ? r.at.toISOString() : r.at))},
        ${col('uuid', (r) => r.actorId ?? null)}, ${col('text', (r) => r.actorName)}, ${col('text', (r) => r.action)},
        ${col('text', (r) => r.entityType)}, ${col('text', (r) => r.entityId)}, ${col('char(12)', (r) => r.areaCode ?? null)},
        ${col('jsonb', (r) => json(r.before))}, ${col('jsonb', (r) => json(r.after))}, ${col('text', (r) => r.reason ?? null)})`);
  }
}
