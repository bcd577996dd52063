import type { Clock } from '../clock.ts';
import type { Db } from '../db/index.ts';
import { newId } from '../ids.ts';
import { insertAuditRow, insertAuditRows } from './audit.repo.ts';

export interface AuditActor {
  id: string | null;
  name: string;
}

export interface AuditEvent {
  action: string;
  entityType: string;
  entityId: string;
  areaCode?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/** Call inside the mutation's own transaction: the audit row commits or rolls back with it. */
export async function recordAudit(db: Db, clock: Clock, actor: AuditActor, e: AuditEvent): Promise<void> {
  await insertAuditRow(db, {
    id: newId(clock.now().getTime()),
    at: clock.now(),
    actorId: actor.id,
    actorName: actor.name,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    areaCode: e.areaCode ?? null,
    before: e.before ?? null,
    after: e.after ?? null,
    reason: e.reason ?? null,
  });
}

/** Many audit rows at once, in the caller's transaction (bulk commits such as an import). */
export async function recordAudits(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  events: AuditEvent[],
): Promise<void> {
  const at = clock.now();
  await insertAuditRows(
    db,
    events.map((e) => ({
      id: newId(at.getTime()),
      at,
      actorId: actor.id,
      actorName: actor.name,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      areaCode: e.areaCode ?? null,
      before: e.before ?? null,
      after: e.after ?? null,
      reason: e.reason ?? null,
    })),
  );
}
