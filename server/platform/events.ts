import type { Ctx } from './context.ts';

/**
 * In-process domain events, delivered synchronously inside the emitting transaction (ADR 0013).
 * A module that must react to another's change (a need moves to "in progress" when the first
 * volunteer checks in to its activity) subscribes here instead of being imported by the emitter,
 * so modules never import each other in a circle. A handler that throws rolls the whole
 * transaction back, like any other step of the command.
 *
 * Events carry ids and counts, never personal data. Handlers receive the emitter's transaction
 * context (`ctx.db` is the transaction) and the acting user's id.
 */
export interface DomainEvents {
  /** Attendance of an activity changed (sign-up, check-in, check-out, cancellation). */
  'activity.attendance': {
    activityId: string;
    needId: string | null;
    signedUp: number;
    checkedIn: number;
    checkedOut: number;
    at: Date;
  };
  /** Service records were confirmed (points are posted by the volunteers module). */
  'records.confirmed': { recordIds: string[]; at: Date };
  /** A need was rated by its community: the volunteers who served it receive the stars. */
  'need.rated': { needId: string; volunteerIds: string[]; stars: number; at: Date };
  /** A person's registry record or facts changed: their entitlements are evaluated again (ADR 0019). */
  'person.changed': { personIds: string[] };
}

export type DomainEventName = keyof DomainEvents;
type Handler<K extends DomainEventName> = (
  ctx: Ctx,
  actorId: string,
  event: DomainEvents[K],
) => Promise<void>;

const handlers = new Map<DomainEventName, Handler<DomainEventName>[]>();

/** Subscribes a handler; returns a function that removes it (for tests). */
export function onEvent<K extends DomainEventName>(name: K, handler: Handler<K>): () => void {
  const list = handlers.get(name) ?? [];
  list.push(handler as Handler<DomainEventName>);
  handlers.set(name, list);
  return () => {
    const l = handlers.get(name);
    if (l)
      handlers.set(
        name,
        l.filter((h) => h !== handler),
      );
  };
}

/** Runs every handler of the event, in subscription order, in the caller's transaction. */
export async function emitEvent<K extends DomainEventName>(
  ctx: Ctx,
  actorId: string,
  name: K,
  event: DomainEvents[K],
): Promise<void> {
  for (const h of handlers.get(name) ?? []) await h(ctx, actorId, event);
}
