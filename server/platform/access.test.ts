import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import {
  PERMISSIONS,
  type Permission,
  ROLE_PERMISSIONS,
  ROLES,
  type Role,
  roleHas,
} from '../../contracts/roles.ts';
import { persons } from '../modules/registry/registry.schema.ts';
import {
  type Actor,
  areaPrefix,
  canIn,
  type Grant,
  hasAnywhere,
  narrowScope,
  permissionsOf,
  requireAnywhere,
  requireIn,
  SYSTEM_ACTOR,
  scopeOf,
  scopeSql,
} from './access.ts';
import { AppError } from './errors.ts';

const DISTRICT = '330102000000';
const HUBIN = '330102001000';
const QINGBO = '330102002000';
const YONGJINMEN = '330102001001';
const QINGNIANLU = '330102001002';
const QINGHEFANG = '330102002001';

const actor = (...grants: Grant[]): Actor => ({ id: 'u', username: 'u', displayName: 'u', grants });

describe('areaPrefix', () => {
  it.each([
    [DISTRICT, '330102'],
    [HUBIN, '330102001'],
    ['330102014000', '330102014'],
    ['330102010000', '330102010'],
    ['330102100000', '330102100'],
    [YONGJINMEN, YONGJINMEN],
    ['330102013201', '330102013201'],
    ['330102001100', '330102001100'],
    ['330102001010', '330102001010'],
    ['330102', '330102'],
  ])('%s → %s', (code, prefix) => {
    expect(areaPrefix(code)).toBe(prefix);
  });
});

/** The policy, written out: ✓ where the role holds the permission. Columns: D S C P V. */
const POLICY = `
  area.read              ✓ ✓ ✓ ✓ ✓
  area.manage            ✓ · · · ·
  person.read            ✓ ✓ ✓ ✓ ·
  person.write           ✓ ✓ ✓ · ·
  person.reveal_id       ✓ ✓ ✓ · ·
  person.sensitive_read  ✓ ✓ ✓ · ·
  org.read               ✓ ✓ ✓ ✓ ✓
  org.write              ✓ ✓ · · ·
  service_point.read     ✓ ✓ ✓ ✓ ✓
  service_point.write    ✓ ✓ · · ·
  import.run             ✓ ✓ ✓ · ·
  audit.read             ✓ ✓ · · ·
  user.manage            ✓ · · · ·
  ledger.read            ✓ ✓ ✓ · ·
  ledger.adjust          ✓ · · · ·
  care_credit.enrol      ✓ ✓ ✓ · ·
  care_credit.grant      ✓ · · · ·
  order.read             ✓ ✓ ✓ ✓ ·
  order.take             ✓ ✓ ✓ · ·
  order.serve            ✓ · · ✓ ·
  meal.sell              ✓ · · ✓ ·
  meal.manage            ✓ · · · ·
  settlement.read        ✓ ✓ · ✓ ·
  settlement.approve     ✓ · · · ·
  volunteer.read         ✓ ✓ ✓ ✓ ·
  volunteer.write        ✓ ✓ ✓ · ·
  need.read              ✓ ✓ ✓ ✓ ✓
  need.post              ✓ ✓ ✓ · ·
  need.claim             ✓ · · ✓ ✓
  activity.manage        ✓ ✓ ✓ ✓ ·
  activity.join          ✓ · · · ✓
  record.review          ✓ ✓ ✓ ✓ ·
  points.redeem          ✓ · · ✓ ·
  points.manage          ✓ · · · ·
  figures.read           ✓ ✓ ✓ · ·
  programme.read         ✓ ✓ ✓ · ·
  programme.write        ✓ · · · ·
  screening.run          ✓ ✓ · · ·
  worklist.read          ✓ ✓ ✓ · ·
  worklist.work          ✓ ✓ ✓ · ·
  application.submit     ✓ ✓ ✓ · ·
  application.approve    ✓ ✓ · · ·
  benefit.pay            ✓ · · · ·
`;
const COLUMNS: Role[] = [
  'district_admin',
  'street_staff',
  'community_worker',
  'service_provider',
  'volunteer',
];
const POLICY_ROWS = POLICY.trim()
  .split('\n')
  .map((line) => line.trim().split(/\s+/))
  .map(([permission, ...marks]) => ({ permission: permission as Permission, marks }));

describe('permissions per role', () => {
  it('the written policy names every permission and every role once', () => {
    expect(POLICY_ROWS.map((r) => r.permission).sort()).toEqual([...PERMISSIONS].sort());
    expect([...COLUMNS].sort()).toEqual([...ROLES].sort());
    for (const r of POLICY_ROWS) expect(r.marks).toHaveLength(COLUMNS.length);
  });

  const cases = POLICY_ROWS.flatMap((r) =>
    COLUMNS.map((role, i) => [role, r.permission, r.marks[i] === '✓'] as const),
  );
  it.each(cases)('%s holds %s: %s', (role, permission, holds) => {
    expect(roleHas(role, permission)).toBe(holds);
    expect(ROLE_PERMISSIONS[role].includes(permission)).toBe(holds);
    expect(permissionsOf(actor({ role, areaCode: YONGJINMEN })).includes(permission)).toBe(holds);
  });

  it('a user with several grants holds the union', () => {
    const p = permissionsOf(
      actor({ role: 'volunteer', areaCode: YONGJINMEN }, { role: 'community_worker', areaCode: QINGHEFANG }),
    );
    expect(p).toContain('person.write');
    expect(p).not.toContain('org.write');
  });

  it('the system actor is a district administrator', () => {
    expect(scopeOf(SYSTEM_ACTOR, 'user.manage')).toEqual(['330102']);
  });
});

describe('scopeOf', () => {
  it('turns each grant into its prefix', () => {
    expect(scopeOf(actor({ role: 'district_admin', areaCode: DISTRICT }), 'person.read')).toEqual(['330102']);
    expect(scopeOf(actor({ role: 'street_staff', areaCode: HUBIN }), 'person.read')).toEqual(['330102001']);
    expect(scopeOf(actor({ role: 'community_worker', areaCode: YONGJINMEN }), 'person.read')).toEqual([
      YONGJINMEN,
    ]);
  });

  it('drops prefixes already covered by a wider grant, whatever the order', () => {
    const a = actor(
      { role: 'community_worker', areaCode: YONGJINMEN },
      { role: 'street_staff', areaCode: HUBIN },
      { role: 'community_worker', areaCode: QINGHEFANG },
    );
    expect(scopeOf(a, 'person.read').sort()).toEqual(['330102001', QINGHEFANG].sort());
    const all = actor(
      { role: 'street_staff', areaCode: QINGBO },
      { role: 'district_admin', areaCode: DISTRICT },
      { role: 'street_staff', areaCode: HUBIN },
    );
    expect(scopeOf(all, 'person.read')).toEqual(['330102']);
  });

  it('keeps siblings apart and drops duplicates', () => {
    const a = actor(
      { role: 'community_worker', areaCode: YONGJINMEN },
      { role: 'community_worker', areaCode: QINGNIANLU },
      { role: 'community_worker', areaCode: YONGJINMEN },
    );
    expect(scopeOf(a, 'person.read').sort()).toEqual([YONGJINMEN, QINGNIANLU]);
  });

  it('counts only grants whose role holds the permission', () => {
    const a = actor(
      { role: 'volunteer', areaCode: HUBIN },
      { role: 'community_worker', areaCode: QINGHEFANG },
    );
    expect(scopeOf(a, 'person.read')).toEqual([QINGHEFANG]);
    expect(scopeOf(a, 'org.read').sort()).toEqual(['330102001', QINGHEFANG]);
    expect(scopeOf(a, 'org.write')).toEqual([]);
    // A wide grant without the permission does not swallow a narrow one with it.
    const b = actor(
      { role: 'volunteer', areaCode: DISTRICT },
      { role: 'service_provider', areaCode: YONGJINMEN },
    );
    expect(scopeOf(b, 'person.read')).toEqual([YONGJINMEN]);
  });

  it('is empty without grants', () => {
    expect(scopeOf(actor(), 'area.read')).toEqual([]);
    expect(hasAnywhere(actor(), 'area.read')).toBe(false);
  });
});

describe('canIn, requireIn, requireAnywhere', () => {
  const street = actor({ role: 'street_staff', areaCode: HUBIN });
  const community = actor({ role: 'community_worker', areaCode: YONGJINMEN });
  const volunteer = actor({ role: 'volunteer', areaCode: YONGJINMEN });

  const who = { street, community, volunteer };
  it.each([
    ['street', 'person.write', YONGJINMEN, true],
    ['street', 'person.write', QINGNIANLU, true],
    ['street', 'person.write', HUBIN, true],
    ['street', 'person.write', QINGHEFANG, false],
    ['street', 'person.write', DISTRICT, false],
    ['street', 'area.manage', YONGJINMEN, false],
    ['community', 'person.write', YONGJINMEN, true],
    ['community', 'person.write', QINGNIANLU, false],
    ['community', 'person.write', HUBIN, false],
    ['community', 'org.write', YONGJINMEN, false],
    ['volunteer', 'person.read', YONGJINMEN, false],
    ['volunteer', 'org.read', YONGJINMEN, true],
  ] as const)('%s: %s in %s → %s', (name, permission, area, allowed) => {
    const a = who[name];
    expect(canIn(a, permission, area)).toBe(allowed);
    if (allowed) expect(() => requireIn(a, permission, area)).not.toThrow();
    else
      expect(() => requireIn(a, permission, area)).toThrowError(
        expect.objectContaining({ code: 'FORBIDDEN' }),
      );
  });

  it('does not confuse a street prefix with a longer street number', () => {
    // Street 001's prefix must not reach street 010 or 011 (codes are fixed-width).
    const s1 = actor({ role: 'street_staff', areaCode: HUBIN });
    expect(canIn(s1, 'person.read', '330102010001')).toBe(false);
    expect(canIn(s1, 'person.read', '330102011001')).toBe(false);
  });

  it('requireAnywhere returns the scope or refuses with FORBIDDEN', () => {
    expect(requireAnywhere(street, 'audit.read')).toEqual(['330102001']);
    let caught: unknown;
    try {
      requireAnywhere(community, 'audit.read');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('FORBIDDEN');
    expect((caught as AppError).status).toBe(403);
  });
});

describe('narrowScope', () => {
  it.each([
    ['no filter keeps the scope', ['330102001'], undefined, ['330102001']],
    ['a community inside a street scope', ['330102001'], YONGJINMEN, [YONGJINMEN]],
    ['the street itself', ['330102001'], HUBIN, ['330102001']],
    ['the street given as a 9-digit prefix', ['330102001'], '330102001', ['330102001']],
    ['a community in another street', ['330102001'], QINGHEFANG, []],
    ['another street', ['330102001'], QINGBO, []],
    ['the district, wider than the scope, narrows to the scope', ['330102001'], DISTRICT, ['330102001']],
    ['the district as a 6-digit prefix', ['330102001'], '330102', ['330102001']],
    ['a sibling community', [YONGJINMEN], QINGNIANLU, []],
    ['the own community', [YONGJINMEN], YONGJINMEN, [YONGJINMEN]],
    ['the own street, wider than a community scope', [YONGJINMEN], HUBIN, [YONGJINMEN]],
    ['a street in a two-community scope', [YONGJINMEN, QINGHEFANG], HUBIN, [YONGJINMEN]],
    ['the district in a district scope', ['330102'], QINGBO, ['330102002']],
    ['another district entirely', ['330102'], '330103000000', []],
    ['an empty scope stays empty', [], YONGJINMEN, []],
  ])('%s', (_label, scope, requested, narrowed) => {
    expect(narrowScope(scope, requested)).toEqual(narrowed);
  });
});

describe('scopeSql', () => {
  const dialect = new PgDialect();
  const render = (s: ReturnType<typeof scopeSql>) => dialect.sqlToQuery(s);

  it('an empty scope matches nothing', () => {
    expect(render(scopeSql([], persons.areaCode)).sql).toBe('false');
  });

  it('a community is an equality on the area code', () => {
    expect(render(scopeSql([YONGJINMEN], persons.areaCode, persons.streetCode))).toMatchObject({
      sql: '"persons"."area_code" = $1',
      params: [YONGJINMEN],
    });
  });

  it('a street is an equality on the street column when there is one, otherwise a prefix match', () => {
    expect(render(scopeSql(['330102001'], persons.areaCode, persons.streetCode))).toMatchObject({
      sql: '"persons"."street_code" = $1',
      params: ['330102001'],
    });
    expect(render(scopeSql(['330102001'], persons.areaCode))).toMatchObject({
      sql: '"persons"."area_code" like $1',
      params: ['330102001%'],
    });
  });

  it('the district is a prefix match; several prefixes are or-ed in brackets', () => {
    expect(render(scopeSql(['330102'], sql`x.area`))).toMatchObject({
      sql: 'x.area like $1',
      params: ['330102%'],
    });
    expect(render(scopeSql(['330102001', QINGHEFANG], persons.areaCode, persons.streetCode))).toMatchObject({
      sql: '("persons"."street_code" = $1 or "persons"."area_code" = $2)',
      params: ['330102001', QINGHEFANG],
    });
  });
});
