import { and, desc, eq, or, sql } from 'drizzle-orm';
import { scopeSql } from '../../platform/access.ts';
import type { Db } from '../../platform/db/index.ts';
import { imports } from './imports.schema.ts';

export type ImportRow = typeof imports.$inferSelect;
export type ImportInsert = typeof imports.$inferInsert;

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
