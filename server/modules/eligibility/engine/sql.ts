import { paramValueOn, type TCond, type TExpr, type TOutcome, type TypedRule } from './check.ts';
import { FACTS, type FactDef } from './facts.ts';

/**
 * The SQL backend (ADR 0019). `factsSql` turns the registry into one row per living person
 * with one column per fact, coded exactly as the kernel's typed columns (enums and booleans as
 * small integers, money in fen, dates as yyyymmdd) with NULL for "not recorded". `ruleSql`
 * compiles a checked rule to a CASE over those columns: SQL's three-valued logic is the rule
 * language's, so an unknown fact gives an unknown decision here too. The screening loads the
 * facts query into the kernel; the SQL form runs the same decision inside the database, and the
 * tests hold the two (and the explainer) equal on random residents.
 */

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

function enumCase(def: FactDef, expr: string, fallback: number | null): string {
  const arms = (def.values ?? []).map((v, i) => `when ${quote(v.code)} then ${i}`).join(' ');
  return `(case ${expr} ${arms} else ${fallback ?? 'null'} end)::int`;
}

const byCode = (code: string): FactDef => FACTS.find((f) => f.code === code) as FactDef;

/**
 * One person's fact rows grouped into the columns the rules read, as of the date `d` (a SQL date
 * expression): the aggregate list every fact query shares.
 */
export function factAggregates(d: string): string {
  const valid = `pf.valid_from <= ${d} and (pf.valid_to is null or pf.valid_to >= ${d})`;
  return `
    max((pf.value->>'monthlyFen')::bigint) filter (where pf.kind = 'pension' and ${valid}) as pension,
    max((pf.value->>'monthlyFen')::bigint) filter (where pf.kind = 'income' and ${valid}) as income,
    max((pf.value->>'monthlyFen')::bigint) filter (where pf.kind = 'income'
      and pf.valid_from <= ${d} - 90 and (pf.valid_to is null or pf.valid_to >= ${d} - 90)) as income_before,
    max(pf.value->>'grade') filter (where pf.kind = 'ability_grade' and ${valid}) as ability,
    max(pf.value->>'arrangement') filter (where pf.kind = 'living_arrangement' and ${valid}) as living,
    min((pf.value->>'grade')::int) filter (where pf.kind = 'disability' and ${valid}) as disability_grade,
    min(pf.value->>'category') filter (where pf.kind = 'disability' and ${valid}) as disability_category,
    bool_or(pf.kind = 'disability' and ${valid} and pf.valid_from > ${d} - 90) as newly_disabled,
    max(pf.value->>'status') filter (where pf.kind = 'low_income' and ${valid}) as low_income,
    max(pf.value->>'type') filter (where pf.kind = 'veteran' and ${valid}) as veteran,
    max(pf.value->>'type') filter (where pf.kind = 'special_family' and ${valid}) as special_family,
    sum(least(coalesce(pf.valid_to, ${d}), ${d}) - greatest(pf.valid_from, ${d} - 29) + 1)
      filter (where pf.kind = 'hospital_stay' and pf.valid_from <= ${d} and coalesce(pf.valid_to, ${d}) >= ${d} - 29) as hospital_days,
    sum((pf.value->>'amountFen')::bigint)
      filter (where pf.kind = 'medical_expense' and pf.valid_from between ${d} - 89 and ${d}) as medical_spend`;
}

/**
 * The facts of every living person (or of the given ids) as of a date. Parameters: $1 = the
 * date (yyyy-mm-dd); with `byIds`, $2 = uuid[] of persons.
 */
export function factsSql(opts: { byIds?: boolean; areaPrefix?: boolean; byStreet?: boolean } = {}): string {
  const d = '$1::date';
  const aggregates = factAggregates(d);
  const none = (code: string) => (byCode(code).values?.length ?? 1) - 1;
  const personFilter = [
    `(p.deceased_on is null or p.deceased_on > ${d})`,
    `p.birth_date <= ${d}`,
    opts.byIds ? 'p.id = any($2::uuid[])' : '',
    opts.areaPrefix ? `p.area_code like ${opts.byIds ? '$3' : '$2'} || '%'` : '',
    opts.byStreet ? `p.street_code = ${opts.byIds || opts.areaPrefix ? '$4' : '$2'}` : '',
  ]
    .filter(Boolean)
    .join(' and ');
  // The whole registry: every fact row counts, so no scope to join against (a hash join of
  // 870,000 ids costs more than it saves).
  const whole = !opts.byIds && !opts.areaPrefix && !opts.byStreet;
  // A household member counts on the date when born by then and not dead before it.
  const alive = `(m.deceased_on is null or m.deceased_on > ${d}) and m.birth_date <= ${d}`;
  return `
with sel as (
  select p.id, p.household_id from persons p where ${personFilter}
),
homes as (
  select distinct household_id from sel where household_id is not null
),
-- The selected people and everyone in their households (household facts read the members).
scope as (
  select id from sel
  union
  select m.id from persons m join homes h on h.household_id = m.household_id
),
f as (
  ${
    whole
      ? `select pf.person_id,
${aggregates}
  from person_facts pf
  where pf.valid_from <= ${d}
  group by pf.person_id`
      : `select s.id as person_id, x.* from scope s cross join lateral (
    select
${aggregates}
    from person_facts pf where pf.person_id = s.id and pf.valid_from <= ${d}) x`
  }
),
hh as (
  select m.household_id,
    count(*) filter (where ${alive}) as size,
    sum(coalesce(f.income, 0) + coalesce(f.pension, 0)) filter (where ${alive}) as total,
    -- Income per head is known only when every living adult's income or pension is recorded.
    bool_and(f.income is not null or f.pension is not null or m.birth_date > (${d} - interval '18 years')::date)
      filter (where ${alive}) as any_income,
    count(*) filter (where f.disability_grade in (1, 2) and ${alive}) as severe,
    bool_or(m.relation = 'spouse' and m.deceased_on between ${d} - 89 and ${d}) as spouse_died,
    bool_or(m.relation = 'head' and m.deceased_on between ${d} - 89 and ${d}) as head_died
  from persons m ${whole ? '' : 'join homes h on h.household_id = m.household_id'} left join f on f.person_id = m.id
  ${whole ? 'where m.household_id is not null' : ''}
  group by m.household_id
)
select p.id, p.area_code,
  a.age,
  (${d} - (p.birth_date + make_interval(years => a.age))::date
    - case when to_char(p.birth_date, 'MMDD') = '0229'
             and to_char((p.birth_date + make_interval(years => a.age))::date, 'MMDD') = '0228' then 1 else 0 end) as days_since_birthday,
  to_char(p.birth_date, 'YYYYMMDD')::int as birth_date,
  p.birth_date::text as birth_iso,
  case p.sex when 'M' then 0 else 1 end as sex,
  p.hukou_local::int as hukou_local,
  coalesce(st.former_jianggan, false)::int as former_jianggan,
  f.pension,
  ${enumCase(byCode('ability'), 'f.ability', null)} as ability,
  ${enumCase(byCode('living'), 'f.living', null)} as living,
  coalesce(f.disability_grade, 0) as disability_grade,
  ${enumCase(byCode('disability_category'), 'f.disability_category', none('disability_category'))} as disability_category,
  coalesce(f.newly_disabled, false)::int as newly_disabled,
  ${enumCase(byCode('low_income'), 'f.low_income', none('low_income'))} as low_income,
  ${enumCase(byCode('veteran'), 'f.veteran', none('veteran'))} as veteran,
  ${enumCase(byCode('special_family'), 'f.special_family', none('special_family'))} as special_family,
  coalesce(hh.size, 1)::int as household_size,
  case when p.household_id is null then (case when f.income is null and f.pension is null and p.birth_date <= (${d} - interval '18 years')::date then null else coalesce(f.income, 0) + coalesce(f.pension, 0) end)
       when hh.any_income then round(hh.total::numeric / greatest(hh.size, 1))::bigint else null end as household_income,
  ((coalesce(hh.severe, 0) - case when f.disability_grade in (1, 2) then 1 else 0 end) > 0)::int as household_severe_disabled,
  coalesce(f.hospital_days, 0)::int as hospital_days,
  coalesce(f.medical_spend, 0)::bigint as medical_spend,
  case when f.income is not null and f.income_before > 0
       then greatest(0, floor((f.income_before - f.income) * 100.0 / f.income_before))::int end as income_drop,
  ((p.relation = 'head' and coalesce(hh.spouse_died, false)) or (p.relation = 'spouse' and coalesce(hh.head_died, false)))::int as recently_widowed
from persons p
cross join lateral (select extract(year from ${d})::int - extract(year from p.birth_date)::int
    - case when to_char(p.birth_date, 'MMDD') > to_char(${d}, 'MMDD') then 1 else 0 end as age) a
left join f on f.person_id = p.id
left join hh on hh.household_id = p.household_id
left join areas st on st.code = p.street_code || '000'
where ${personFilter}`;
}

class SqlGen {
  constructor(private readonly asOf: string) {}

  value(e: TExpr): string {
    switch (e.k) {
      case 'fact':
        return `f.${e.fact.code}`;
      case 'const':
        return String(e.value);
      case 'param': {
        const v = paramValueOn(e.param, this.asOf);
        if (v === undefined) throw new Error(`parameter ${e.param.code} has no value on ${this.asOf}`);
        return String(v);
      }
      case 'bin': {
        const l = this.value(e.left);
        const r = this.value(e.right);
        if (e.percent)
          return e.op === '*'
            ? `((${l})::numeric * (${r}) / 100)`
            : `((${l})::numeric / nullif(${r}, 0) * 100)`;
        if (e.op === '/') return `((${l})::numeric / nullif(${r}, 0))`;
        return `((${l})::numeric ${e.op} (${r}))`;
      }
      case 'call': {
        // least/greatest skip NULLs; the rule language's min of an unknown is unknown.
        const args = e.args.map((a) => this.value(a));
        const anyNull = args.map((a) => `(${a}) is null`).join(' or ');
        return `(case when ${anyNull} then null else ${e.fn === 'min' ? 'least' : 'greatest'}(${args.join(', ')}) end)`;
      }
    }
  }

  cond(c: TCond): string {
    switch (c.k) {
      case 'truth':
        return `(${this.value(c.subject)} = 1)`;
      case 'in':
        return `(${this.value(c.subject)} ${c.negated ? 'not in' : 'in'} (${c.set.join(', ')}))`;
      case 'cmp':
        return `(${this.value(c.left)} ${c.op === '!=' ? '<>' : c.op} ${this.value(c.right)})`;
      case 'not':
        return `(not ${this.cond(c.item)})`;
      case 'and':
      case 'or':
        return `(${c.items.map((i) => this.cond(i)).join(` ${c.k} `)})`;
    }
  }

  amount(o: TOutcome): string {
    if (o.k !== 'benefit') return '0';
    // greatest() skips NULLs: an unknown amount must stay NULL, so `decision` can say -1.
    const v = this.value(o.amount);
    return `(case when (${v}) is null then null else greatest(0, round(${v})) end)::bigint`;
  }

  decision(o: TOutcome, n: number): string {
    return o.k === 'benefit' ? `case when ${this.amount(o)} is null then -1 else ${n} end` : String(n);
  }
}

/**
 * `decision` and `amount` expressions over a facts relation aliased `f` (as `factsSql` gives).
 * Decisions: branch number, 0 = otherwise, -1 = unknown; amounts in fen (0 when undecided).
 */
export function ruleSql(rule: TypedRule, asOf: string): { decision: string; amount: string } {
  const g = new SqlGen(asOf);
  const conds = rule.branches.map((b) => g.cond(b.cond));
  const dArms = rule.branches
    .map((b, i) => `when ${conds[i]} then ${g.decision(b.outcome, i + 1)} when ${conds[i]} is null then -1`)
    .join(' ');
  const aArms = rule.branches
    .map(
      (b, i) => `when ${conds[i]} then coalesce(${g.amount(b.outcome)}, 0) when ${conds[i]} is null then 0`,
    )
    .join(' ');
  return {
    decision: `(case ${dArms} else ${g.decision(rule.otherwise, 0)} end)::int`,
    amount: `(case ${aArms} else coalesce(${g.amount(rule.otherwise)}, 0) end)::bigint`,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `factsSql` with its parameters written in as literals (validated first), for drivers and
 * call sites that cannot bind them: a date, and optionally person ids, an area prefix or a street.
 */
export function factsQuery(
  asOf: string,
  filter: { ids?: string[]; areaPrefix?: string; streetCode?: string } = {},
): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new Error(`not a date: ${asOf}`);
  if (filter.ids?.some((id) => !UUID.test(id))) throw new Error('not a uuid');
  if (filter.areaPrefix !== undefined && !/^\d{6,12}$/.test(filter.areaPrefix))
    throw new Error('not an area prefix');
  if (filter.streetCode !== undefined && !/^\d{9}$/.test(filter.streetCode))
    throw new Error('not a street code');
  let text = factsSql({
    byIds: !!filter.ids,
    areaPrefix: filter.areaPrefix !== undefined,
    byStreet: filter.streetCode !== undefined,
  });
  text = text.replaceAll('$1::date', `'${asOf}'::date`);
  if (filter.streetCode !== undefined) text = text.replace(/\$[24](?!\d)/g, `'${filter.streetCode}'`);
  if (filter.areaPrefix !== undefined)
    text = text.replaceAll(filter.ids ? '$3' : '$2', `'${filter.areaPrefix}'`);
  if (filter.ids)
    text = text.replaceAll('$2::uuid[]', `array[${filter.ids.map((id) => `'${id}'`).join(',')}]::uuid[]`);
  return text;
}

/**
 * The whole registry's facts (or one street's), for the batch path (ADR 0019): the same facts
 * as `factsSql`, but the database only groups each person's fact rows; ages, enum codes and the
 * household facts (size, income per head, a severely disabled member, a spouse's recent death)
 * are worked out by `tableFromRaw` in the process, which is several times cheaper than doing it
 * in SQL for 870,000 people. The tests hold the two paths equal on a generated district.
 */
export function rawFactsQuery(asOf: string, streetCode?: string): { persons: string; deaths: string } {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new Error(`not a date: ${asOf}`);
  if (streetCode !== undefined && !/^\d{9}$/.test(streetCode)) throw new Error('not a street code');
  const d = `'${asOf}'::date`;
  const aggregates = factAggregates(d);
  const deaths = `select household_id, relation from persons
where household_id is not null and deceased_on between ${d} - 89 and ${d}`;
  const alive = (p: string) =>
    `(${p}.deceased_on is null or ${p}.deceased_on > ${d}) and ${p}.birth_date <= ${d}`;
  const columns = `p.id, p.area_code, p.birth_date::text as birth, p.sex, p.hukou_local, p.household_id, p.relation,
  p.street_code in (select left(st.code, 9) from areas st
    where st.former_jianggan and st.code like '_________000') as former_jianggan,
  f.pension, f.income, f.income_before, f.ability, f.living, f.disability_grade, f.disability_category,
  f.newly_disabled, f.low_income, f.veteran, f.special_family, f.hospital_days, f.medical_spend`;
  if (streetCode === undefined)
    return {
      persons: `
select ${columns}
from persons p
left join (
  select pf.person_id,
${aggregates}
  from person_facts pf
  where pf.valid_from <= ${d}
  group by pf.person_id
) f on f.person_id = p.id
where ${alive('p')}`,
      deaths,
    };
  // One street: its people, then the living members registered elsewhere of their households
  // (the household facts sum over every member), each person's fact rows grouped through the
  // person's index. The caller keeps the street's own rows.
  const facts = `cross join lateral (
  select
${aggregates}
  from person_facts pf where pf.person_id = p.id and pf.valid_from <= ${d}
) f`;
  const street = `'${streetCode}'`;
  return {
    persons: `
select ${columns} from persons p
${facts}
where p.street_code = ${street} and ${alive('p')}
union all
select ${columns} from persons p
${facts}
where p.street_code <> ${street} and ${alive('p')} and p.household_id = any(array(
  select distinct h.household_id from persons h
  where h.street_code = ${street} and h.household_id is not null and ${alive('h')}))`,
    deaths,
  };
}
