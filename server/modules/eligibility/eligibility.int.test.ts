import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/access.ts';
import { auditLog } from '../../platform/audit/audit.schema.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import type { App } from '../../platform/http/types.ts';
import { newId } from '../../platform/ids.ts';
import {
  buildPersonBody,
  COMMUNITY_HUBIN,
  COMMUNITY_QINGBO,
  DISTRICT,
  STREET_HUBIN,
} from '../../testing/builders.ts';
import { createTestContext } from '../../testing/context.ts';
import { type Client, createTestApp, nextRemoteAddress, signIn } from '../../testing/http.ts';
import { programmeEnrolments, programmeVersions, worklistItems } from './eligibility.schema.ts';
import { runScreening, startScreening, sweepOverdueAlerts } from './index.ts';

const clock = fixedClock('2026-06-15T02:00:00Z');
let ctx: Ctx;
let close: () => Promise<void>;
let app: App;
let admin: Client;
let street: Client;
let worker: Client;

const codeOf = (res: { json(): unknown }) => (res.json() as { error?: { code: string } }).error?.code;

async function person(extra: Record<string, unknown> = {}): Promise<string> {
  const res = await admin.post('/api/persons', buildPersonBody({ age: 75, ...extra }));
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

async function fact(
  personId: string,
  kind: string,
  value: Record<string, unknown>,
  validFrom = '2026-01-01',
  validTo?: string,
) {
  const res = await admin.post(`/api/persons/${personId}/facts`, {
    kind,
    value,
    validFrom,
    validTo,
    source: '测试',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function items(personId: string, programme?: string) {
  const rows = await ctx.db.select().from(worklistItems).where(eq(worklistItems.personId, personId));
  return rows.filter((r) => !programme || r.programmeCode === programme);
}

async function audits() {
  const [r] = await ctx.db.select({ n: count() }).from(auditLog);
  return Number(r?.n ?? 0);
}

beforeAll(async () => {
  ({ ctx, close } = await createTestContext({ clock }));
  app = await createTestApp(ctx);
  const login = (role: Parameters<typeof signIn>[2][number]['role'], area: string, name: string) =>
    signIn(app, ctx, [{ role, areaCode: area }], name, { remoteAddress: nextRemoteAddress() });
  admin = await login('district_admin', DISTRICT, 'el_admin');
  street = await login('street_staff', STREET_HUBIN, 'el_street');
  worker = await login('community_worker', COMMUNITY_HUBIN, 'el_worker');
});
afterAll(async () => {
  await app?.close();
  await close?.();
});

describe('programmes and versions', () => {
  it('seeds every programme of the seeds with a published version 1 that checks', async () => {
    const res = await worker.get('/api/programmes');
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json().items as { code: string; kind: string; current: { version: number } | null }[];
    expect(list.filter((p) => p.kind === 'benefit')).toHaveLength(13);
    expect(list.filter((p) => p.kind === 'alert')).toHaveLength(6);
    expect(list.every((p) => p.current?.version === 1)).toBe(true);
  });

  it('refuses a draft with errors, each with its line and a translated reason, and saves nothing', async () => {
    const before = await audits();
    const res = await admin.post('/api/programmes/family_bed/versions', {
      ruleText:
        '如果 年纪 在 60 周岁以上\n则 发放 600元 每月 依据 "R1"\n否则如果 出生日期 > 600元 则 符合 依据 "x"',
      validFrom: '2027-01-01',
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(codeOf(res)).toBe('RULE_INVALID');
    const issues = res.json().error.issues as { code: string; line: number; message: string }[];
    expect(issues.map((i) => [i.code, i.line])).toEqual([
      ['RULE_UNKNOWN_NAME', 1],
      ['RULE_TYPE_MISMATCH', 3],
    ]);
    expect(issues[0]?.message).toContain('年纪');
    expect(issues[1]?.message).toContain('日期');
    expect(await audits()).toBe(before);
  });

  it('refuses an empty validity', async () => {
    const res = await admin.post('/api/programmes/family_bed/versions', {
      ruleText: '如果 年龄 在 60 周岁以上 则 符合 依据 "x"',
      validFrom: '2027-01-01',
      validTo: '2026-12-31',
    });
    expect(codeOf(res)).toBe('PROGRAMME_VALIDITY_EMPTY');
  });

  it('checks a rule as the officer types, with warnings for overlapping branches', async () => {
    const res = await worker.post('/api/rules/check', {
      kind: 'alert',
      validFrom: '2026-01-01',
      ruleText:
        '如果 年龄 在 80 周岁以上 则 红色预警 3天 依据 "a"\n否则如果 年龄 在 70 周岁以上 则 黄色预警 7天 依据 "b"',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, errors: [] });
    expect(res.json().warnings.map((w: { code: string }) => w.code)).toEqual(['RULE_OVERLAP']);
    expect(res.json().warnings[0].message).toContain('年龄 ≥ 80');
    const overlap = await worker.post('/api/rules/check', {
      kind: 'alert',
      validFrom: '2026-01-01',
      ruleText:
        '如果 年龄 在 70 周岁以上 则 黄色预警 7天 依据 "a"\n否则如果 年龄 在 80 周岁以上 则 红色预警 3天 依据 "b"',
    });
    expect(overlap.json().errors[0].code).toBe('RULE_UNREACHABLE');
  });

  it('publishes a draft: the open-ended version in force ends the day before; a bounded overlap is refused', async () => {
    const draft = await admin.post('/api/programmes/medical_travel/versions', {
      ruleText: '如果 年龄 在 65 周岁以上 则 发放 助老就医出行补贴 每年 依据 "R19 003:77932"\n否则 不符合',
      validFrom: '2026-07-01',
    });
    expect(draft.statusCode, draft.body).toBe(201);
    expect(draft.json()).toMatchObject({ status: 'draft', version: 2 });
    const street403 = await street.post(`/api/programme-versions/${draft.json().id}/publish`, {});
    expect(street403.statusCode).toBe(403);
    const pub = await admin.post(`/api/programme-versions/${draft.json().id}/publish`, {});
    expect(pub.statusCode, pub.body).toBe(200);
    const versions = await ctx.db
      .select()
      .from(programmeVersions)
      .where(eq(programmeVersions.programmeCode, 'medical_travel'));
    const v1 = versions.find((v) => v.version === 1);
    expect(String(v1?.validTo).slice(0, 10)).toBe('2026-06-30');
    // A bounded draft inside the new version's time is refused, and the draft stays a draft.
    const bounded = await admin.post('/api/programmes/medical_travel/versions', {
      ruleText: '如果 年龄 在 60 周岁以上 则 发放 助老就医出行补贴 每年 依据 "R19"\n否则 不符合',
      validFrom: '2026-08-01',
      validTo: '2026-08-31',
    });
    const refused = await admin.post(`/api/programme-versions/${bounded.json().id}/publish`, {});
    expect(codeOf(refused)).toBe('PROGRAMME_VERSION_OVERLAP');
    const again = await admin.get('/api/programmes/medical_travel');
    expect(again.json().versions.find((v: { id: string }) => v.id === bounded.json().id).status).toBe(
      'draft',
    );
    // A published version cannot be edited.
    const edit = await admin.request('PUT', `/api/programme-versions/${draft.json().id}`, {
      ruleText: '如果 年龄 在 60 周岁以上 则 符合 依据 "x"',
      validFrom: '2026-07-01',
    });
    expect(codeOf(edit)).toBe('PROGRAMME_VERSION_NOT_DRAFT');
  });
});

describe('incremental screening and explanations', () => {
  it('raises an outreach item in the same transaction as the fact that makes a resident entitled, and resolves it when the fact ends', async () => {
    const id = await person({ age: 66 });
    expect(await items(id, 'family_bed')).toHaveLength(0);
    await fact(id, 'ability_grade', { grade: 'moderate' });
    const [item] = await items(id, 'family_bed');
    expect(item).toMatchObject({
      kind: 'outreach',
      status: 'open',
      decision: 1,
      amount: 60_000,
      areaCode: COMMUNITY_HUBIN,
    });
    // The worker reads why, in plain words.
    const res = await worker.get(`/api/worklist/${item?.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().explanation.summary).toContain('符合条件');
    expect(res.json().explanation.summary).toContain('600.00');
    // The assessment is corrected: the item is resolved, not left behind.
    const facts = (await admin.get(`/api/persons/${id}`)).json().facts as { id: string; kind: string }[];
    const ability = facts.find((f) => f.kind === 'ability_grade');
    const closed = await admin.post(`/api/persons/${id}/facts/${ability?.id}/close`, {
      validTo: '2026-06-14',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const after = await items(id, 'family_bed');
    expect(after.map((i) => i.status)).toEqual(['resolved']);
  });

  it('says "unknown because …" for a fact the rule needs, never a silent no', async () => {
    const id = await person({ age: 72 });
    await fact(id, 'ability_grade', { grade: 'severe' });
    await fact(id, 'living_arrangement', { arrangement: 'alone' });
    const res = await worker.get(`/api/persons/${id}/eligibility`);
    expect(res.statusCode, res.body).toBe(200);
    const cy = (
      res.json().items as { programmeCode: string; verdict: string; missing: string[]; summary: string }[]
    ).find((i) => i.programmeCode === 'chongyang');
    expect(cy?.verdict).toBe('unknown');
    expect(cy?.missing).toEqual(['月退休金']);
    expect(cy?.summary).toContain('月退休金');
    // With the pension recorded at exactly 3000 yuan (以下 includes it) the resident is found.
    await fact(id, 'pension', { monthlyFen: 300_000 });
    expect((await items(id, 'chongyang')).map((i) => i.kind)).toEqual(['outreach']);
  });

  it('keeps a person outside the worker’s community out of reach', async () => {
    const id = await person({ age: 81, areaCode: COMMUNITY_QINGBO });
    const res = await worker.get(`/api/persons/${id}/eligibility`);
    expect(res.statusCode).toBe(404);
    const [item] = await items(id, 'longevity');
    expect((await worker.get(`/api/worklist/${item?.id}`)).statusCode).toBe(404);
    expect((await street.get(`/api/worklist/${item?.id}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/worklist/${item?.id}`)).statusCode).toBe(200);
  });
});

describe('whole-registry screening', () => {
  it('finds the entitled who are not enrolled, reviews the enrolled who no longer qualify, and does not repeat itself', async () => {
    const entitled = await person({ age: 85 });
    const enrolledOk = await person({ age: 86 });
    const enrolledNot = await person({ age: 40 });
    await ctx.db.delete(worklistItems);
    const enrol = (personId: string) =>
      ctx.db.insert(programmeEnrolments).values({
        personId,
        id: newId(),
        programmeCode: 'longevity',
        areaCode: COMMUNITY_HUBIN,
        validFrom: '2025-01-01',
        amount: 5000,
        source: 'test',
        createdBy: 'test',
      });
    await enrol(enrolledOk);
    await enrol(enrolledNot);
    const opts = { asOf: '2026-06-15', programmes: ['longevity'] };
    const run = await startScreening(ctx, SYSTEM_ACTOR, opts);
    await runScreening(ctx, SYSTEM_ACTOR, run, opts);
    const kinds = async (id: string) =>
      (await items(id, 'longevity')).filter((i) => i.status === 'open').map((i) => i.kind);
    expect(await kinds(entitled)).toEqual(['outreach']);
    expect(await kinds(enrolledOk)).toEqual([]);
    expect(await kinds(enrolledNot)).toEqual(['review']);
    const res = await street.get(`/api/screening-runs/${run}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'done' });
    const all = res.json().counts.longevity.all;
    expect(all.entitledNotEnrolled).toBeGreaterThanOrEqual(1);
    expect(all.enrolledNotEntitled).toBe(1);
    // A second run adds nothing that is already open.
    const before = (await ctx.db.select().from(worklistItems)).length;
    const again = await startScreening(ctx, SYSTEM_ACTOR, opts);
    await runScreening(ctx, SYSTEM_ACTOR, again, opts);
    expect((await ctx.db.select().from(worklistItems)).length).toBe(before);
    // Enrolling the found resident resolves the outreach item at the next run.
    await enrol(entitled);
    const third = await startScreening(ctx, SYSTEM_ACTOR, opts);
    await runScreening(ctx, SYSTEM_ACTOR, third, opts);
    expect(await kinds(entitled)).toEqual([]);
  });

  it('simulates a draft by street before it is published, and publishes nothing', async () => {
    await person({ age: 79 });
    const draft = await admin.post('/api/programmes/longevity/versions', {
      ruleText: (await admin.get('/api/programmes/longevity'))
        .json()
        .programme.current.ruleText.replace('介于 80 和 89', '介于 79 和 89'),
      validFrom: '2026-07-01',
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const res = await admin.post(`/api/programme-versions/${draft.json().id}/simulate`, {
      asOf: '2026-06-15',
    });
    expect(res.statusCode, res.body).toBe(200);
    const sim = res.json();
    expect(sim.total.gain).toBeGreaterThanOrEqual(1);
    expect(sim.total.lose).toBe(0);
    expect(sim.total.monthlyCostAfter).toBeGreaterThan(sim.total.monthlyCostBefore);
    expect(
      sim.byStreet.find((s: { areaCode: string }) => s.areaCode === STREET_HUBIN).gain,
    ).toBeGreaterThanOrEqual(1);
    const detail = await admin.get('/api/programmes/longevity');
    expect(detail.json().versions.find((v: { id: string }) => v.id === draft.json().id).status).toBe('draft');
  });
});

describe('early warning', () => {
  it('raises a tiered alert from a hospital stay, records the visit, and escalates overdue alerts by itself', async () => {
    const id = await person({ age: 78 });
    await fact(id, 'hospital_stay', { hospital: '浙大一院' }, '2026-05-20', '2026-06-10');
    const [alert] = await items(id, 'alert_hospital');
    expect(alert).toMatchObject({ kind: 'alert', tier: 'red', level: 'community' });
    expect(String(alert?.dueOn).slice(0, 10)).toBe('2026-06-18');
    // Outreach items cannot be "visited" as alerts.
    const other = await person({ age: 88 });
    const [outreach] = await items(other, 'longevity');
    expect(
      codeOf(await worker.post(`/api/worklist/${outreach?.id}/visit`, { result: 'x', outcome: 'close' })),
    ).toBe('WORKLIST_NOT_ALERT');
    // Nobody visits: three days later the street has it, then the district.
    clock.set('2026-06-19T02:00:00Z');
    expect(await sweepOverdueAlerts(ctx)).toBeGreaterThanOrEqual(1);
    const [up] = await ctx.db
      .select()
      .from(worklistItems)
      .where(and(eq(worklistItems.id, alert!.id)));
    expect(up).toMatchObject({ level: 'street', status: 'open' });
    expect(String(up?.dueOn).slice(0, 10)).toBe('2026-06-22');
    // The street visits and closes it (four days on, with a fresh session).
    const streetNow = await signIn(
      app,
      ctx,
      [{ role: 'street_staff', areaCode: STREET_HUBIN }],
      'el_street_later',
      {
        remoteAddress: nextRemoteAddress(),
      },
    );
    const visit = await streetNow.post(`/api/worklist/${alert?.id}/visit`, {
      result: '已上门，女儿接回同住',
      outcome: 'close',
    });
    expect(visit.statusCode, visit.body).toBe(200);
    expect(visit.json().item.status).toBe('done');
    clock.set('2026-06-30T02:00:00Z');
    await sweepOverdueAlerts(ctx);
    const [done] = await ctx.db.select().from(worklistItems).where(eq(worklistItems.id, alert!.id));
    expect(done?.level).toBe('street');
    clock.set('2026-06-15T02:00:00Z');
  });
});
