import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCreditCode } from '../../../contracts/credit-code.ts';
import { DISABILITY_CATEGORIES } from '../../../contracts/domain.ts';
import { ageOn, parseIdNumber } from '../../../contracts/id-number.ts';
import type { Ctx } from '../../platform/context.ts';
import { queryOne, queryRows } from '../../platform/db/rows.ts';
import type { App } from '../../platform/http/types.ts';
import { createTestContext } from '../../testing/context.ts';
import { createTestApp, loginAs } from '../../testing/http.ts';
import { STREETS, streetCode } from '../areas/index.ts';
import { DEMO_LOGINS, ensureDemoDistrict, generateDemoDistrict } from './index.ts';

const RESIDENTS = 2_000;
const SEED = 7;

let ctx: Ctx;
let close: () => Promise<void>;
let app: App;
const progress: string[] = [];

beforeAll(async () => {
  ({ ctx, close } = await createTestContext());
  expect(
    await ensureDemoDistrict(ctx, { residents: RESIDENTS, seed: SEED, onProgress: (m) => progress.push(m) }),
  ).toBe(true);
  app = await createTestApp(ctx);
});
afterAll(async () => {
  await app?.close();
  await close?.();
});

interface PersonRow {
  id: string;
  name: string;
  id_enc: string;
  id_hash: string;
  birth_date: string;
  sex: string;
  street_code: string;
  household_id: string;
  relation: string;
  deceased_on: string | null;
}
const persons = (c: Ctx) =>
  queryRows<PersonRow>(
    c.db,
    sql`select id, name, id_enc, id_hash, birth_date::text, sex, street_code, household_id, relation, deceased_on::text from persons order by id`,
  );

describe('demo district on a real database', () => {
  it('generates once, reports progress, and leaves a non-empty registry alone', async () => {
    expect(progress.some((m) => m.includes(`${RESIDENTS}/${RESIDENTS}`))).toBe(true);
    expect(await ensureDemoDistrict(ctx, { residents: RESIDENTS, seed: SEED })).toBe(false);
    await expect(generateDemoDistrict(ctx, { residents: 10, seed: 1 })).rejects.toThrow(/already holds/);
    const n = await queryOne<{ n: number }>(ctx.db, sql`select count(*)::int n from persons`);
    expect(n?.n).toBe(RESIDENTS);
    const audit = await queryRows<{ action: string; entity_type: string }>(
      ctx.db,
      sql`select action, entity_type from audit_log where action = 'demo.generate'`,
    );
    expect(audit).toEqual([{ action: 'demo.generate', entity_type: 'district' }]);
  });

  it('stores every ID number encrypted; each decrypts to a valid, unique number matching birth date, sex and lookup hash', async () => {
    const rows = await persons(ctx);
    const seen = new Set<string>();
    for (const r of rows) {
      const id = ctx.crypto.decrypt(r.id_enc);
      const parsed = parseIdNumber(id, ctx.clock.today());
      expect(parsed.ok, id).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.birthDate).toBe(r.birth_date);
      expect(parsed.sex).toBe(r.sex);
      expect(ctx.crypto.lookupHash(id)).toBe(r.id_hash);
      expect(r.id_enc).not.toContain(id.slice(6, 14));
      seen.add(id);
    }
    expect(seen.size).toBe(rows.length);
  });

  it('keeps the published age structure among the living (table 17)', async () => {
    const today = ctx.clock.today();
    const living = (await persons(ctx)).filter((p) => !p.deceased_on);
    const share = (lo: number, hi: number) =>
      living.filter((p) => ageOn(p.birth_date, today) >= lo && ageOn(p.birth_date, today) <= hi).length /
      living.length;
    expect(share(0, 17)).toBeCloseTo(0.182, 1);
    expect(Math.abs(share(0, 17) - 0.182)).toBeLessThan(0.02);
    expect(Math.abs(share(18, 34) - 0.189)).toBeLessThan(0.02);
    expect(Math.abs(share(35, 59) - 0.367)).toBeLessThan(0.02);
    expect(Math.abs(share(60, 200) - 0.262)).toBeLessThan(0.02);
    expect(share(80, 200)).toBeGreaterThan(0.03);
  });

  it('splits residents over the streets in proportion to the registered population', async () => {
    const rows = await queryRows<{ street_code: string; n: number }>(
      ctx.db,
      sql`select street_code, count(*)::int n from persons group by 1`,
    );
    const total = STREETS.reduce((s, x) => s + x.registered, 0);
    STREETS.forEach((s, i) => {
      const n = rows.find((r) => r.street_code === streetCode(i).slice(0, 9))?.n ?? 0;
      expect(Math.abs(n - (RESIDENTS * s.registered) / total)).toBeLessThan(1);
    });
  });

  it('forms households of about three with one head each, spread over every community and village', async () => {
    const hh = await queryRows<{ household_id: string; n: number; heads: number }>(
      ctx.db,
      sql`select household_id, count(*)::int n, count(*) filter (where relation = 'head')::int heads from persons group by 1`,
    );
    const avg = RESIDENTS / hh.length;
    expect(avg).toBeGreaterThan(2.6);
    expect(avg).toBeLessThan(3.4);
    for (const h of hh) expect(h.heads).toBe(1);
    const areas = await queryOne<{ n: number }>(
      ctx.db,
      sql`select count(distinct area_code)::int n from persons`,
    );
    expect(areas?.n).toBeGreaterThan(150);
  });

  it('records facts without overlaps, disability cards matching the ID number, deaths on the person', async () => {
    // Medical costs are events: several may fall on one day.
    const overlaps = await queryOne<{ n: number }>(
      ctx.db,
      sql`select count(*)::int n from person_facts a join person_facts b
          on a.person_id = b.person_id and a.kind = b.kind and a.id < b.id
          where a.kind <> 'medical_expense'
            and a.valid_from <= coalesce(b.valid_to, '9999-12-31') and b.valid_from <= coalesce(a.valid_to, '9999-12-31')`,
    );
    expect(overlaps?.n).toBe(0);
    const cards = await queryRows<{
      id_enc: string;
      value: { category: (typeof DISABILITY_CATEGORIES)[number]; grade: number; cardNumber: string };
    }>(
      ctx.db,
      sql`select p.id_enc, f.value from person_facts f join persons p on p.id = f.person_id where f.kind = 'disability'`,
    );
    expect(cards.length).toBeGreaterThan(0);
    for (const c of cards)
      expect(c.value.cardNumber).toBe(
        `${ctx.crypto.decrypt(c.id_enc)}${DISABILITY_CATEGORIES.indexOf(c.value.category) + 1}${c.value.grade}`,
      );
    const deaths = await queryOne<{ persons: number; facts: number; mismatched: number }>(
      ctx.db,
      sql`select count(*)::int persons,
            count(f.person_id)::int facts,
            count(*) filter (where f.valid_from is distinct from p.deceased_on)::int mismatched
          from persons p left join person_facts f on f.person_id = p.id and f.kind = 'death' where p.deceased_on is not null`,
    );
    expect(deaths?.facts).toBe(deaths?.persons);
    expect(deaths?.mismatched).toBe(0);
    const kinds = await queryRows<{ kind: string }>(ctx.db, sql`select distinct kind from person_facts`);
    for (const k of ['ability_grade', 'living_arrangement', 'pension', 'disability'])
      expect(kinds.map((r) => r.kind)).toContain(k);
  });

  it('records incomes, hospital stays and medical costs in plausible proportions', async () => {
    const today = ctx.clock.today();
    const row = await queryOne<{
      working_age: number;
      with_income: number;
      dropped: number;
      elders: number;
      in_hospital: number;
      open_stays: number;
      paying: number;
      expenses: number;
      single_day: number;
      recent: number;
    }>(
      ctx.db,
      sql`with living as (
            select id, extract(year from age(${today}::date, birth_date))::int age from persons where deceased_on is null)
          select
            count(*) filter (where l.age between 18 and 59)::int working_age,
            count(*) filter (where l.age between 18 and 59 and exists (
              select 1 from person_facts f where f.person_id = l.id and f.kind = 'income' and f.valid_to is null))::int with_income,
            count(*) filter (where (select count(*) from person_facts f where f.person_id = l.id and f.kind = 'income') = 2)::int dropped,
            count(*) filter (where l.age >= 60)::int elders,
            count(*) filter (where exists (select 1 from person_facts f where f.person_id = l.id and f.kind = 'hospital_stay'))::int in_hospital,
            (select count(*) from person_facts where kind = 'hospital_stay' and valid_to is null)::int open_stays,
            count(*) filter (where exists (select 1 from person_facts f where f.person_id = l.id and f.kind = 'medical_expense'))::int paying,
            (select count(*) from person_facts where kind = 'medical_expense')::int expenses,
            (select count(*) from person_facts where kind = 'medical_expense' and valid_to = valid_from)::int single_day,
            (select count(*) from person_facts where kind in ('hospital_stay', 'medical_expense')
              and valid_from between ${today}::date - 90 and ${today}::date)::int recent
          from living l`,
    );
    expect(row).toBeDefined();
    const r = row!;
    // Six households in ten record the incomes of their working-age members.
    expect(r.with_income / r.working_age).toBeGreaterThan(0.45);
    expect(r.with_income / r.working_age).toBeLessThan(0.75);
    expect(r.dropped / r.working_age).toBeLessThan(0.02);
    expect(r.in_hospital).toBeGreaterThan(0);
    expect(r.in_hospital / r.elders).toBeLessThan(0.04);
    expect(r.open_stays).toBeLessThanOrEqual(r.in_hospital);
    expect(r.paying).toBeGreaterThan(0);
    expect(r.paying / r.elders).toBeLessThan(0.03);
    expect(r.single_day).toBe(r.expenses);
    const stays = await queryOne<{ n: number }>(
      ctx.db,
      sql`select count(*)::int n from person_facts where kind = 'hospital_stay'`,
    );
    expect(r.recent).toBe(stays!.n + r.expenses);
  });

  it('shows history in the as-of view: an earlier ability grade on a date it held', async () => {
    const closed = await queryOne<{ person_id: string; valid_from: string; grade: string }>(
      ctx.db,
      sql`select person_id, valid_from::text, value->>'grade' grade from person_facts where kind = 'ability_grade' and valid_to is not null order by id limit 1`,
    );
    expect(closed).toBeDefined();
    const admin = await loginAs(app, 'admin', DEMO_LOGINS[0]!.password);
    const res = await admin.get(`/api/persons/${closed!.person_id}?asOf=${closed!.valid_from}`);
    expect(res.statusCode, res.body).toBe(200);
    const grades = res.json().facts.filter((f: { kind: string }) => f.kind === 'ability_grade');
    expect(grades).toHaveLength(1);
    expect(grades[0].value.grade).toBe(closed!.grade);
    expect(grades[0].validTo).not.toBeNull();
  });

  it('adds organisations with valid unique credit codes and service points in every community', async () => {
    const orgs = await queryRows<{ credit_code: string }>(ctx.db, sql`select credit_code from organisations`);
    expect(orgs.length).toBeGreaterThan(300);
    for (const o of orgs) expect(parseCreditCode(o.credit_code).ok).toBe(true);
    const homes = await queryOne<{ n: number }>(
      ctx.db,
      sql`select count(distinct area_code)::int n from service_points where type = 'volunteer_home'`,
    );
    const communities = STREETS.reduce((s, x) => s + x.communities.length + x.villages.length, 0);
    expect(homes?.n).toBe(communities);
  });

  it('lets every demo user log in, each seeing their own area', async () => {
    for (const l of DEMO_LOGINS) await loginAs(app, l.username, l.password);
    const worker = await loginAs(
      app,
      'yongjinmen',
      DEMO_LOGINS.find((l) => l.username === 'yongjinmen')!.password,
    );
    const list = await worker.get('/api/persons?pageSize=50');
    expect(list.statusCode, list.body).toBe(200);
    const page = list.json();
    expect(page.total).toBeGreaterThan(0);
    for (const p of page.items) expect(p.areaCode).toBe('330102001001');
  });

  it('gives the same district for the same seed, and another for another seed', async () => {
    const again = await createTestContext();
    const other = await createTestContext();
    try {
      await generateDemoDistrict(again.ctx, { residents: RESIDENTS, seed: SEED });
      await generateDemoDistrict(other.ctx, { residents: 500, seed: SEED + 1 });
      const strip = (rows: PersonRow[]) => rows.map(({ id_enc: _enc, ...rest }) => rest);
      expect(strip(await persons(again.ctx))).toEqual(strip(await persons(ctx)));
      const facts = (c: Ctx) =>
        queryRows(
          c.db,
          sql`select id, person_id, kind, value, valid_from::text, valid_to::text, source from person_facts order by id`,
        );
      expect(await facts(again.ctx)).toEqual(await facts(ctx));
      const names = (await persons(other.ctx)).map((p) => p.id_hash);
      const mine = new Set((await persons(ctx)).map((p) => p.id_hash));
      expect(names.filter((h) => mine.has(h)).length).toBeLessThan(names.length * 0.05);
    } finally {
      await again.close();
      await other.close();
    }
  }, 180_000);
});
