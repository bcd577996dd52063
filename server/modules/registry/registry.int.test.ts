import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../../platform/context.ts';
import type { App } from '../../platform/http/types.ts';
import {
  buildIdNumber,
  buildPersonBody,
  COMMUNITY_HUBIN,
  COMMUNITY_QINGBO,
  STREET_HUBIN,
} from '../../testing/builders.ts';
import { createTestContext } from '../../testing/context.ts';
import { type Client, createTestApp, signIn } from '../../testing/http.ts';

let ctx: Ctx;
let close: () => Promise<void>;
let app: App;
let worker: Client;

beforeAll(async () => {
  ({ ctx, close } = await createTestContext());
  app = await createTestApp(ctx);
  worker = await signIn(app, ctx, [{ role: 'community_worker', areaCode: COMMUNITY_HUBIN }]);
});
afterAll(async () => {
  await app?.close();
  await close?.();
});

describe('registry over HTTP', () => {
  it('registers a resident, masks the ID and derives birth date and sex', async () => {
    const body = buildPersonBody({
      idNumber: ` ${buildIdNumber({ birthDate: '1950-03-01', sex: 'F' }).toLowerCase()} `,
    });
    const res = await worker.post('/api/persons', body);
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    expect(p.birthDate).toBe('1950-03-01');
    expect(p.sex).toBe('F');
    expect(p.idMasked).toMatch(/^330102\*{8}\d{3}[\dX]$/);
    expect(res.body).not.toContain(`${body.idNumber.trim().slice(6, 14)}0`);
    expect(p.relation).toBe('head');
    expect(p.household).toHaveLength(1);
  });

  it('shows each household with its own members only', async () => {
    const a = (await worker.post('/api/persons', buildPersonBody({ age: 75 }))).json();
    const spouse = await worker.post(
      '/api/persons',
      buildPersonBody({ age: 73, householdId: a.householdId, relation: 'spouse' }),
    );
    expect(spouse.statusCode, spouse.body).toBe(201);
    const b = (await worker.post('/api/persons', buildPersonBody({ age: 40 }))).json();
    const pageA = (await worker.get(`/api/persons/${a.id}`)).json();
    expect(pageA.household.map((m: { id: string }) => m.id).sort()).toEqual([a.id, spouse.json().id].sort());
    expect(pageA.household.find((m: { id: string }) => m.id === spouse.json().id).relation).toBe('spouse');
    const pageB = (await worker.get(`/api/persons/${b.id}`)).json();
    expect(pageB.household.map((m: { id: string }) => m.id)).toEqual([b.id]);
  });

  it('rejects a wrong check character with the expected one, in Chinese and in English', async () => {
    const good = buildIdNumber({ age: 80 });
    const bad = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    const res = await worker.post('/api/persons', buildPersonBody({ idNumber: bad }));
    expect(res.statusCode).toBe(400);
    const issue = res.json().error.issues[0];
    expect(issue.field).toBe('idNumber');
    expect(issue.code).toBe('ID_NUMBER_CHECKSUM');
    expect(issue.message).toContain(`应为 ${good[17]}`);
    const en = await worker.request('POST', '/api/persons', buildPersonBody({ idNumber: bad }), {
      'accept-language': 'en',
    });
    expect(en.json().error.issues[0].message).toContain(`should be ${good[17]}`);
  });

  it('refuses a duplicate person and writes nothing', async () => {
    const body = buildPersonBody();
    expect((await worker.post('/api/persons', body)).statusCode).toBe(201);
    const again = await worker.post('/api/persons', { ...body, name: '另一个' });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.issues[0].code).toBe('PERSON_DUPLICATE');
    const list = await worker.get(`/api/persons?q=${encodeURIComponent('另一个')}`);
    expect(list.json().total).toBe(0);
  });

  it('keeps a worker inside their community', async () => {
    const res = await worker.post('/api/persons', buildPersonBody({ areaCode: COMMUNITY_QINGBO }));
    expect(res.statusCode).toBe(403);
    const street = await signIn(app, ctx, [{ role: 'street_staff', areaCode: STREET_HUBIN }]);
    const other = await street.post('/api/persons', buildPersonBody({ areaCode: '330102001002' }));
    expect(other.statusCode).toBe(201);
    expect((await worker.get(`/api/persons/${other.json().id}`)).statusCode).toBe(404);
    expect((await street.get(`/api/persons/${other.json().id}`)).statusCode).toBe(200);
  });

  it('adds facts, refuses overlaps and reports as-of history', async () => {
    const p = (await worker.post('/api/persons', buildPersonBody({ age: 82 }))).json();
    const add = (b: object) => worker.post(`/api/persons/${p.id}/facts`, b);
    const a = await add({
      kind: 'ability_grade',
      value: { grade: 'mild' },
      validFrom: '2024-01-01',
      validTo: '2025-12-31',
      source: '评估报告',
    });
    expect(a.statusCode, a.body).toBe(201);
    const overlap = await add({
      kind: 'ability_grade',
      value: { grade: 'severe' },
      validFrom: '2025-06-01',
      source: '评估报告',
    });
    expect(overlap.statusCode).toBe(400);
    expect(overlap.json().error.issues[0].code).toBe('FACT_OVERLAP');
    const b = await add({
      kind: 'ability_grade',
      value: { grade: 'severe' },
      validFrom: '2026-01-01',
      source: '评估报告',
    });
    expect(b.statusCode).toBe(201);
    const backwards = await add({
      kind: 'pension',
      value: { monthlyFen: 250000 },
      validFrom: '2026-01-01',
      validTo: '2025-01-01',
      source: '社保',
    });
    expect(backwards.json().error.issues[0].code).toBe('FACT_ENDS_BEFORE_START');
    const in2025 = (await worker.get(`/api/persons/${p.id}?asOf=2025-03-01`)).json();
    expect(in2025.facts.map((f: { value: { grade: string } }) => f.value.grade)).toEqual(['mild']);
    const in2026 = (await worker.get(`/api/persons/${p.id}?asOf=2026-03-01`)).json();
    expect(in2026.facts.map((f: { value: { grade: string } }) => f.value.grade)).toEqual(['severe']);
    const open = in2026.facts[0];
    const closed = await worker.post(`/api/persons/${p.id}/facts/${open.id}/close`, {
      validTo: '2026-05-31',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const twice = await worker.post(`/api/persons/${p.id}/facts/${open.id}/close`, { validTo: '2026-05-31' });
    expect(twice.json().error.code).toBe('FACT_ALREADY_CLOSED');
  });

  it('records income, hospital stays and medical costs by their own rules', async () => {
    const p = (await worker.post('/api/persons', buildPersonBody({ age: 58 }))).json();
    const add = (b: object, lang = 'zh-CN') =>
      worker.request(
        'POST',
        `/api/persons/${p.id}/facts`,
        { source: '社区走访', ...b },
        {
          'accept-language': lang,
        },
      );
    const issue = (res: { json(): { error: { issues: { code: string; message: string }[] } } }) =>
      res.json().error.issues[0]!;

    // Income: one span at a time; a new amount follows once the old one is closed.
    const wage = await add({ kind: 'income', value: { monthlyFen: 680_000 }, validFrom: '2025-01-01' });
    expect(wage.statusCode, wage.body).toBe(201);
    const second = await add({ kind: 'income', value: { monthlyFen: 120_000 }, validFrom: '2026-04-01' });
    expect(second.statusCode).toBe(400);
    expect(issue(second).code).toBe('FACT_OVERLAP');
    expect(issue(second).message).toContain('收入');
    const wageId = wage.json().facts.find((f: { kind: string }) => f.kind === 'income').id;
    const ended = await worker.post(`/api/persons/${p.id}/facts/${wageId}/close`, { validTo: '2026-03-31' });
    expect(ended.statusCode, ended.body).toBe(200);
    const dropped = await add({ kind: 'income', value: { monthlyFen: 120_000 }, validFrom: '2026-04-01' });
    expect(dropped.statusCode, dropped.body).toBe(201);
    const negative = await add({ kind: 'income', value: { monthlyFen: -1 }, validFrom: '2027-01-01' });
    expect(issue(negative)).toMatchObject({ code: 'FACT_VALUE_INVALID', message: '月收入的取值不正确' });
    const inEnglish = await add(
      { kind: 'income', value: { monthlyFen: 1.5 }, validFrom: '2027-01-01' },
      'en',
    );
    expect(issue(inEnglish).message).toBe('Monthly income has an invalid value');

    // Hospital stays: several, never overlapping; an open stay is closed on discharge.
    const first = await add({
      kind: 'hospital_stay',
      value: { hospital: ' 浙江大学医学院附属第二医院 ' },
      validFrom: '2026-02-01',
      validTo: '2026-02-12',
    });
    expect(first.statusCode, first.body).toBe(201);
    const clash = await add({ kind: 'hospital_stay', value: {}, validFrom: '2026-02-12' });
    expect(issue(clash).code).toBe('FACT_OVERLAP');
    const again = await add({ kind: 'hospital_stay', value: {}, validFrom: '2026-05-20' });
    expect(again.statusCode, again.body).toBe(201);
    const stays = again.json().facts.filter((f: { kind: string }) => f.kind === 'hospital_stay');
    expect(stays.map((f: { value: object; validTo: string | null }) => [f.value, f.validTo])).toEqual([
      [{ hospital: '浙江大学医学院附属第二医院' }, '2026-02-12'],
      [{}, null],
    ]);
    const discharged = await worker.post(`/api/persons/${p.id}/facts/${stays[1].id}/close`, {
      validTo: '2026-06-02',
    });
    expect(discharged.statusCode, discharged.body).toBe(200);

    // Medical costs: events on one day, any number of them, the end date set to the day.
    for (const amountFen of [48_000, 1_250_050]) {
      const paid = await add({
        kind: 'medical_expense',
        value: { amountFen, note: '门诊自付' },
        validFrom: '2026-06-02',
      });
      expect(paid.statusCode, paid.body).toBe(201);
    }
    const sameDay = await add({
      kind: 'medical_expense',
      value: { amountFen: 3_000 },
      validFrom: '2026-06-02',
      validTo: '2026-06-02',
    });
    expect(sameDay.statusCode, sameDay.body).toBe(201);
    const spanning = await add({
      kind: 'medical_expense',
      value: { amountFen: 3_000 },
      validFrom: '2026-06-02',
      validTo: '2026-06-05',
    });
    expect(spanning.statusCode).toBe(400);
    expect(issue(spanning)).toMatchObject({ code: 'FACT_SINGLE_DAY_ONLY' });
    expect(issue(spanning).message).toContain('自付医疗费');
    for (const amountFen of [0, -500, 99.5]) {
      const bad = await add({ kind: 'medical_expense', value: { amountFen }, validFrom: '2026-06-02' });
      expect(issue(bad).code, String(amountFen)).toBe('FACT_VALUE_INVALID');
    }
    const page = (await worker.get(`/api/persons/${p.id}`)).json();
    const costs = page.facts.filter((f: { kind: string }) => f.kind === 'medical_expense');
    expect(costs).toHaveLength(3);
    for (const f of costs) expect([f.validFrom, f.validTo]).toEqual(['2026-06-02', '2026-06-02']);
    const closeCost = await worker.post(`/api/persons/${p.id}/facts/${costs[0].id}/close`, {
      validTo: '2026-06-03',
    });
    expect(closeCost.json().error.code).toBe('FACT_ALREADY_CLOSED');
    // The as-of view on the day shows the stay's last day and the day's costs.
    const onDay = (await worker.get(`/api/persons/${p.id}?asOf=2026-06-02`)).json();
    expect(onDay.facts.map((f: { kind: string }) => f.kind).sort()).toEqual([
      'hospital_stay',
      'income',
      'medical_expense',
      'medical_expense',
      'medical_expense',
    ]);
  });

  it('hides income, medical costs and hospital stays from a reader without person.sensitive_read, and from the audit log', async () => {
    const p = (await worker.post('/api/persons', buildPersonBody({ age: 66 }))).json();
    const add = (b: object) => worker.post(`/api/persons/${p.id}/facts`, { source: '民政台账', ...b });
    for (const b of [
      { kind: 'income', value: { monthlyFen: 345_678 }, validFrom: '2026-01-01' },
      { kind: 'medical_expense', value: { amountFen: 987_654, note: '住院自付' }, validFrom: '2026-05-03' },
      {
        kind: 'hospital_stay',
        value: { hospital: '杭州市红十字会医院' },
        validFrom: '2026-04-20',
        validTo: '2026-05-03',
      },
    ])
      expect((await add(b)).statusCode).toBe(201);
    const provider = await signIn(app, ctx, [{ role: 'service_provider', areaCode: COMMUNITY_HUBIN }]);
    const seen = await provider.get(`/api/persons/${p.id}`);
    expect(seen.statusCode).toBe(200);
    const values = Object.fromEntries(
      (seen.json().facts as { kind: string; value: unknown }[]).map((f) => [f.kind, f.value]),
    );
    expect(values).toEqual({
      income: null,
      medical_expense: null,
      hospital_stay: null,
    });
    expect(seen.body).not.toContain('345678');
    expect(seen.body).not.toContain('987654');
    expect(seen.body).not.toContain('住院自付');
    const own = (await worker.get(`/api/persons/${p.id}`)).json();
    expect(own.facts.find((f: { kind: string }) => f.kind === 'income').value).toEqual({
      monthlyFen: 345_678,
    });
    // The provider cannot narrow a list by a sensitive kind: the filter is ignored.
    const all = (await provider.get('/api/persons?pageSize=200')).json().total;
    expect((await provider.get('/api/persons?pageSize=200&fact=income')).json().total).toBe(all);
    expect(
      (await worker.get(`/api/persons?pageSize=200&fact=medical_expense&asOf=2026-05-03`)).json().items,
    ).toEqual([expect.objectContaining({ id: p.id })]);
    const admin = await signIn(app, ctx, [{ role: 'district_admin', areaCode: '330102000000' }]);
    const audit = (await admin.get(`/api/audit?entityId=${p.id}&action=fact.add`)).json();
    expect(audit.items).toHaveLength(3);
    const logged = JSON.stringify(audit.items);
    expect(logged).not.toContain('345678');
    expect(logged).not.toContain('987654');
    expect(logged).not.toContain('杭州市红十字会医院');
  });

  it('reveals the full ID only with an audited reason', async () => {
    const body = buildPersonBody();
    const p = (await worker.post('/api/persons', body)).json();
    const res = await worker.post(`/api/persons/${p.id}/reveal`, { reason: '核对低保材料' });
    expect(res.json().idNumber).toBe(body.idNumber);
    const admin = await signIn(app, ctx, [{ role: 'district_admin', areaCode: '330102000000' }]);
    const audit = (await admin.get(`/api/audit?entityId=${p.id}&action=person.reveal_id`)).json();
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0].reason).toBe('核对低保材料');
    expect(audit.items[0].actorName).toBe(worker.username);
  });

  it('finds residents by name prefix, masked ID, phone and last four', async () => {
    const body = buildPersonBody({ name: '欧阳测试' });
    const p = (await worker.post('/api/persons', body)).json();
    const q = async (s: string) =>
      (await worker.get(`/api/persons?q=${encodeURIComponent(s)}`))
        .json()
        .items.map((i: { id: string }) => i.id);
    expect(await q('欧阳')).toContain(p.id);
    expect(await q(p.idMasked)).toContain(p.id);
    expect(await q(body.phone)).toContain(p.id);
    expect(await q(body.idNumber)).toContain(p.id);
    expect(await q(body.idNumber.slice(-4))).toContain(p.id);
  });

  it('pages a name search with exact totals at every scope level, and treats % and _ literally', async () => {
    for (let i = 0; i < 25; i++)
      expect(
        (
          await worker.post(
            '/api/persons',
            buildPersonBody({ name: `司马${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${i}号`.replace(/\d/g, '') }),
          )
        ).statusCode,
      ).toBe(201);
    const street = await signIn(app, ctx, [{ role: 'street_staff', areaCode: STREET_HUBIN }]);
    const admin = await signIn(app, ctx, [{ role: 'district_admin', areaCode: '330102000000' }]);
    for (const c of [worker, street, admin]) {
      const p1 = (await c.get(`/api/persons?q=${encodeURIComponent('司马')}&pageSize=20`)).json();
      expect(p1.total).toBe(25);
      expect(p1.items).toHaveLength(20);
      const p2 = (await c.get(`/api/persons?q=${encodeURIComponent('司马')}&pageSize=20&page=2`)).json();
      expect(p2.items).toHaveLength(5);
      expect(new Set([...p1.items, ...p2.items].map((i: { id: string }) => i.id)).size).toBe(25);
      // Past the last page: no rows, and still the total (the count comes with the page).
      const p3 = (await c.get(`/api/persons?q=${encodeURIComponent('司马')}&pageSize=20&page=3`)).json();
      expect(p3.items).toHaveLength(0);
      expect(p3.total).toBe(25);
      expect((await c.get(`/api/persons?q=${encodeURIComponent('%')}`)).json().total).toBe(0);
      expect((await c.get(`/api/persons?q=${encodeURIComponent('司_')}`)).json().total).toBe(0);
    }
  });
});
