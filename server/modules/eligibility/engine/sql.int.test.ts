import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../platform/db/rows.ts';
import { openTestDatabase, type TestDb } from '../../../testing/context.ts';
import { checkRule, type TypedRule } from './check.ts';
import { enumIndex, FACTS, type FactDef, type PersonFacts, tableOf } from './facts.ts';
import { compileKernel, runKernel } from './kernel.ts';
import { SEED_PARAMS, SEED_PROGRAMMES } from './programmes.ts';
import { PROBE_RULES, randomResidents, residentOn } from './random-residents.ts';
import { ruleSql } from './sql.ts';

/**
 * The database decides as the kernel does: 1,000 random residents as a facts relation (one
 * column per fact, coded as the kernel's columns, NULL for not recorded), every seed programme's
 * `ruleSql` evaluated by the database, compared person by person.
 */

const DATES = ['2021-03-01', '2024-06-30', '2024-07-01', '2026-06-15'];
const RESIDENTS = randomResidents(1000, 61520, DATES, SEED_PARAMS);
const PEOPLE = new Map(DATES.map((on) => [on, RESIDENTS.map((r) => residentOn(r, on))]));

const RULES = [
  ...SEED_PROGRAMMES.map((p) => ({ code: p.code, kind: p.kind, rule: p.rule })),
  ...PROBE_RULES,
].map((r) => {
  const checked = checkRule(r.rule, r.kind, SEED_PARAMS, DATES[DATES.length - 1]!);
  if (!checked.ok) throw new Error(`${r.code}: ${JSON.stringify(checked.errors)}`);
  return { code: r.code, rule: checked.rule };
});

/** A fact as the relation holds it: small integers for yes/no and enums, fen, yyyymmdd, NULL. */
function sqlValue(def: FactDef, v: PersonFacts[keyof PersonFacts]): string {
  if (v === null || v === undefined) return 'null';
  if (def.type === 'bool') return v ? '1' : '0';
  if (def.type === 'enum') {
    const i = enumIndex(def, String(v));
    if (i < 0) throw new Error(`${def.code}: no value ${String(v)}`);
    return String(i);
  }
  return String(Number(v));
}

let t: TestDb;

beforeAll(async () => {
  t = await openTestDatabase();
  const columns = FACTS.map((f) => `${f.code} ${f.type === 'money' ? 'bigint' : 'int'}`).join(', ');
  await t.database.exec(
    `create table engine_facts (as_of date not null, id text not null, ${columns}, primary key (as_of, id))`,
  );
  for (const [on, people] of PEOPLE) {
    for (let from = 0; from < people.length; from += 250) {
      const rows = people
        .slice(from, from + 250)
        .map((p) => `('${on}', '${p.id}', ${FACTS.map((f) => sqlValue(f, p[f.code])).join(', ')})`);
      await t.database.exec(
        `insert into engine_facts (as_of, id, ${FACTS.map((f) => f.code).join(', ')}) values ${rows.join(',\n')}`,
      );
    }
  }
});

afterAll(async () => {
  await t?.drop();
});

async function firstMismatch(code: string, rule: TypedRule, on: string) {
  const people = PEOPLE.get(on)!;
  const { decision, amount } = ruleSql(rule, on);
  const rows = await queryRows<{ id: string; decision: number | string; amount: number | string | bigint }>(
    t.database.db,
    sql.raw(
      `select f.id, ${decision} as decision, ${amount} as amount from engine_facts f where f.as_of = '${on}'`,
    ),
  );
  const byId = new Map(rows.map((r) => [r.id, [Number(r.decision), Number(r.amount)] as [number, number]]));
  const kernel = runKernel(compileKernel(rule, on), tableOf(people));
  const decisions = new Set<number>();
  expect(rows).toHaveLength(people.length);
  for (let i = 0; i < people.length; i++) {
    const p = people[i]!;
    const k: [number, number] = [kernel.decision[i]!, kernel.amount[i]!];
    const s = byId.get(p.id);
    decisions.add(k[0]);
    if (!s || s[0] !== k[0] || s[1] !== k[1])
      return { mismatch: { programme: code, on, person: p, kernel: k, sql: s ?? null }, decisions };
  }
  return { mismatch: null, decisions };
}

describe(`SQL and kernel decide alike (${process.env.MINSHENG_TEST_DB === 'pg' ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('loaded every resident on every date', async () => {
    const rows = await queryRows<{ n: number | string }>(
      t.database.db,
      sql`select count(*) as n from engine_facts`,
    );
    expect(Number(rows[0]!.n)).toBe(RESIDENTS.length * DATES.length);
    const nulls = await queryRows<{ n: number | string }>(
      t.database.db,
      sql`select count(*) as n from engine_facts where pension is null`,
    );
    expect(Number(nulls[0]!.n)).toBeGreaterThan(0);
  });

  it.each(RULES.map((r) => [r.code, r] as const))('%s', async (_, { code, rule }) => {
    const seen = new Set<number>();
    for (const on of DATES) {
      const { mismatch, decisions } = await firstMismatch(code, rule, on);
      expect(mismatch).toBeNull();
      for (const d of decisions) seen.add(d);
    }
    // Every branch and the otherwise outcome decide for someone, so agreeing is not trivial.
    for (let b = 0; b <= rule.branches.length; b++) expect([code, b, seen.has(b)]).toEqual([code, b, true]);
  });
});
