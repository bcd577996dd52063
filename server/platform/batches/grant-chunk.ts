import type { ChunkResult, Counters } from './month-batch.ts';

/**
 * One chunk of a keyed grant to persons (the 重阳分 grant, ADR 0009; benefit payments, ADR
 * 0020): the rule both apply, with the ledger reached through the steps the caller binds to the
 * chunk's transaction (the platform does not reach into the ledger module).
 */

/** A person the grant walks, with the facts the rule reads. */
export interface Grantee {
  personId: string;
  /** The person's current area: a new account opens there. */
  areaCode: string;
  deceasedOn: string | null;
  /** The account paid into, once a first grant has opened it. */
  accountId: string | null;
}

export interface GrantItem {
  key: string;
  creditAccountId: string;
  amount: number;
}

export interface GrantSteps<P extends Grantee> {
  /** The month's first day (YYYY-MM-DD). */
  first: string;
  /** The report's and audit's key for the count of persons walked ('elders', 'persons'). */
  countKey: string;
  /** What the chunk's audit row says before the persons it walked. */
  audit?: Record<string, unknown>;
  /** The idempotency key of the person's grant for the month. */
  key(personId: string): string;
  amount(p: P): number;
  /** Which of these keys the ledger already holds. */
  existingKeys(keys: string[]): Promise<Set<string>>;
  /** Opens the accounts of persons granted for the first time; their ids, in the same order. */
  openAccounts(persons: P[]): Promise<string[]>;
  /** Posts one transfer per item from the fund; how many it posted and their sum. */
  post(items: GrantItem[]): Promise<{ posted: number; total: number }>;
}

/** Grants the chunk's persons (in person-id order); null when there are none left. */
export async function grantChunk<P extends Grantee>(
  c: Readonly<Counters>,
  persons: P[],
  s: GrantSteps<P>,
): Promise<ChunkResult | null> {
  if (!persons.length) return null;
  // Died before the month began: nothing is granted for it (deceased_on is the day of death).
  const alive = persons.filter((p) => !p.deceasedOn || p.deceasedOn >= s.first);
  // A rerun finds most keys posted: one indexed lookup spares their accounts and row locks.
  // postBatch skips known keys by itself too; this only keeps the rerun cheap.
  const posted = await s.existingKeys(alive.map((p) => s.key(p.personId)));
  const todo = alive.filter((p) => !posted.has(s.key(p.personId)));
  // Accounts open on a person's first grant, all of a chunk's at once.
  const fresh = todo.filter((p) => !p.accountId);
  const opened = await s.openAccounts(fresh);
  const accountOf = new Map(fresh.map((p, i) => [p.personId, opened[i]!]));
  const res = await s.post(
    todo.map((p) => ({
      key: s.key(p.personId),
      creditAccountId: p.accountId ?? accountOf.get(p.personId)!,
      amount: s.amount(p),
    })),
  );
  const last = persons.at(-1)!.personId;
  return {
    next: {
      processed: c.processed + persons.length,
      postedNow: c.postedNow + res.posted,
      alreadyDone: c.alreadyDone + alive.length - res.posted,
      skipped: c.skipped + persons.length - alive.length,
      amountNow: c.amountNow + res.total,
      chunks: c.chunks + 1,
      cursor: last,
    },
    audit: {
      ...s.audit,
      firstPersonId: persons[0]!.personId,
      lastPersonId: last,
      [s.countKey]: persons.length,
      posted: res.posted,
      amount: res.total,
    },
  };
}
