import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/access.ts';
import { auditLog } from '../../platform/audit/audit.schema.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import type { App } from '../../platform/http/types.ts';
import { buildPersonBody, COMMUNITY_HUBIN, DISTRICT, STREET_HUBIN } from '../../testing/builders.ts';
import { createTestContext } from '../../testing/context.ts';
import { type Client, createTestApp, nextRemoteAddress, signIn } from '../../testing/http.ts';
import { ruleParams, ruleParamValues, worklistItems } from './eligibility.schema.ts';
import { runScreening, startScreening } from './index.ts';

/** Creating rule parameters (ADR 0019): usable in a rule at once, and refused precisely. */

const clock = fixedClock('2026-06-15T02:00:00Z');
let ctx: Ctx;
let close: () => Promise<void>;
let app: App;
let admin: Client;
let street: Client;
let worker: Client;

type ErrorJson = {
  error: {
    code: string;
    message: string;
    issues?: { field: string; code: string; message: string; params?: Record<string, unknown> }[];
  };
};

/** A valid body; each refusal below changes one thing. */
function paramBody(extra: Record<string, unknown> = {}) {
  return {
    code: 'escort_allowance',
    nameZh: '陪护补贴标准',
    nameEn: 'escort allowance',
    unit: 'yuan_month',
    source: '区民政局2026年第3号文（测试）',
    firstValue: { validFrom: '2026-01-01', value: 30_000, note: '首次设定' },
    ...extra,
  };
}

async function counts() {
  const [p] = await ctx.db.select({ n: count() }).from(ruleParams);
  const [v] = await ctx.db.select({ n: count() }).from(ruleParamValues);
  const [a] = await ctx.db.select({ n: count() }).from(auditLog);
  return { params: Number(p?.n), values: Number(v?.n), audits: Number(a?.n) };
}

/** Posts a refused body: the code at the top, the field in the issue, and nothing written. */
async function refused(
  body: unknown,
  status: number,
  code: string,
  field: string,
  who: Client = admin,
  headers: Record<string, string> = {},
) {
  const before = await counts();
  const res = await who.request('POST', '/api/rule-params', body, headers);
  expect(res.statusCode, res.body).toBe(status);
  const err = (res.json() as ErrorJson).error;
  expect(err.code).toBe(code);
  expect(err.issues?.map((i) => [i.field, i.code])).toEqual([[field, code]]);
  expect(await counts()).toEqual(before);
  return err;
}

beforeAll(async () => {
  ({ ctx, close } = await createTestContext({ clock }));
  app = await createTestApp(ctx);
  const login = (role: Parameters<typeof signIn>[2][number]['role'], area: string, name: string) =>
    signIn(app, ctx, [{ role, areaCode: area }], name, { remoteAddress: nextRemoteAddress() });
  admin = await login('district_admin', DISTRICT, 'pa_admin');
  street = await login('street_staff', STREET_HUBIN, 'pa_street');
  worker = await login('community_worker', COMMUNITY_HUBIN, 'pa_worker');
});
afterAll(async () => {
  await app?.close();
  await close?.();
});

describe('creating a parameter', () => {
  it('creates it with its first value and an audit row, and lists it with the value in force', async () => {
    const before = await counts();
    const res = await admin.post('/api/rule-params', paramBody());
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({
      code: 'escort_allowance',
      nameZh: '陪护补贴标准',
      nameEn: 'escort allowance',
      unit: 'yuan_month',
      source: '区民政局2026年第3号文（测试）',
      values: [{ validFrom: '2026-01-01', value: 30_000, note: '首次设定' }],
      current: { validFrom: '2026-01-01', value: 30_000 },
    });
    expect(await counts()).toEqual({
      params: before.params + 1,
      values: before.values + 1,
      audits: before.audits + 1,
    });
    const [audit] = await ctx.db.select().from(auditLog).where(eq(auditLog.entityId, 'escort_allowance'));
    expect(audit).toMatchObject({ action: 'rule_param.create', entityType: 'rule_param' });

    // A community worker reads the list (programme.read) with today's value of each parameter.
    const list = await worker.get('/api/rule-params');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().asOf).toBe('2026-06-15');
    const items = list.json().items as { code: string; current: { value: number } | null }[];
    expect(items.find((p) => p.code === 'escort_allowance')?.current?.value).toBe(30_000);
    expect(items.find((p) => p.code === 'dibao_standard')?.current?.value).toBe(128_500);
    const vocabulary = await worker.get('/api/rules/vocabulary');
    expect(vocabulary.json().params.map((p: { code: string }) => p.code)).toContain('escort_allowance');
  });

  it('is usable at once: a draft using it checks, publishes and screens with its value', async () => {
    const ruleText = '如果 年龄 在 95 周岁以上 则 发放 陪护补贴标准 依据 "测试 2026"\n否则 不符合';
    const check = await admin.post('/api/rules/check', {
      kind: 'benefit',
      ruleText,
      validFrom: '2026-07-01',
    });
    expect(check.json()).toMatchObject({ ok: true, errors: [] });
    // By its code too, and with its unit: 元/月 carries the period, a number of days does not fit it.
    const byCode = await admin.post('/api/rules/check', {
      kind: 'benefit',
      ruleText: ruleText.replace('陪护补贴标准', 'escort_allowance'),
      validFrom: '2026-07-01',
    });
    expect(byCode.json()).toMatchObject({ ok: true });
    const wrongUnit = await admin.post('/api/rules/check', {
      kind: 'alert',
      ruleText: '如果 近30天住院天数 超过 陪护补贴标准 则 红色预警 3天 依据 "x"',
      validFrom: '2026-07-01',
    });
    expect(wrongUnit.json().errors.map((e: { code: string }) => e.code)).toEqual(['RULE_TYPE_MISMATCH']);

    const draft = await admin.post('/api/programmes/medical_travel/versions', {
      ruleText,
      validFrom: '2026-07-01',
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const pub = await admin.post(`/api/programme-versions/${draft.json().id}/publish`, {});
    expect(pub.statusCode, pub.body).toBe(200);

    const res = await admin.post('/api/persons', buildPersonBody({ age: 96 }));
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    // Version 1 (60 周岁以上) raised an item as the record was created: it goes, so that the
    // run's own item shows what version 2 pays.
    await ctx.db.delete(worklistItems).where(eq(worklistItems.personId, id));
    const opts = { asOf: '2026-07-01', programmes: ['medical_travel'] };
    const run = await startScreening(ctx, SYSTEM_ACTOR, opts);
    await runScreening(ctx, SYSTEM_ACTOR, run, opts);
    const items = await ctx.db.select().from(worklistItems).where(eq(worklistItems.personId, id));
    expect(items.filter((i) => i.programmeCode === 'medical_travel')).toMatchObject([
      { kind: 'outreach', status: 'open', amount: 30_000 },
    ]);
    const eligibility = await worker.get(`/api/persons/${id}/eligibility?asOf=2026-07-01`);
    const travel = eligibility
      .json()
      .items.find((i: { programmeCode: string }) => i.programmeCode === 'medical_travel');
    expect(travel).toMatchObject({ verdict: 'entitled', amount: 30_000, period: 'month' });

    // A new dated value is what the rule pays from its date on.
    const value = await admin.post('/api/rule-params/escort_allowance/values', {
      validFrom: '2026-08-01',
      value: 40_000,
    });
    expect(value.statusCode, value.body).toBe(200);
    const later = await worker.get(`/api/persons/${id}/eligibility?asOf=2026-08-01`);
    expect(
      later.json().items.find((i: { programmeCode: string }) => i.programmeCode === 'medical_travel').amount,
    ).toBe(40_000);
  });
});

describe('refusals: each names its field, with a translated reason, and changes nothing', () => {
  it('refuses a parameter without a unit (PARAM_UNIT_MISSING), in Chinese and in English', async () => {
    const { unit: _, ...withoutUnit } = paramBody({ code: 'no_unit', nameZh: '无单位参数' });
    const zh = await refused(withoutUnit, 400, 'PARAM_UNIT_MISSING', 'unit');
    expect(zh.message).toBe('参数“no_unit”缺少单位：请选择 元/月、元/年、元、周岁、天、人或 %');
    const en = await refused(withoutUnit, 400, 'PARAM_UNIT_MISSING', 'unit', admin, {
      'accept-language': 'en',
    });
    expect(en.message).toContain("Parameter 'no_unit' has no unit");
    // The empty choice of the page's select, and null, are missing too.
    await refused(
      paramBody({ code: 'no_unit', nameZh: '无单位参数', unit: '' }),
      400,
      'PARAM_UNIT_MISSING',
      'unit',
    );
    await refused(
      paramBody({ code: 'no_unit', nameZh: '无单位参数', unit: null }),
      400,
      'PARAM_UNIT_MISSING',
      'unit',
    );
  });

  it('refuses a unit the engine does not know, listing the allowed ones', async () => {
    const err = await refused(
      paramBody({ code: 'odd_unit', nameZh: '奇怪单位参数', unit: '元/月' }),
      400,
      'PARAM_UNIT_UNKNOWN',
      'unit',
    );
    expect(err.message).toContain('元/月、元/年、元、周岁、天、人或 %');
    expect(err.message).toContain('yuan_month, yuan_year, yuan, years, days, persons, percent');
  });

  it('refuses a code a rule could not write', async () => {
    for (const code of ['Escort', 'escort-allowance', '2escort', 'e', '陪护', `a${'b'.repeat(40)}`]) {
      const err = await refused(paramBody({ code, nameZh: '陪护补贴丁' }), 400, 'PARAM_CODE_FORMAT', 'code');
      expect(err.message).toContain(code);
    }
    const { code: _, ...withoutCode } = paramBody({ nameZh: '陪护补贴丁' });
    await refused(withoutCode, 400, 'PARAM_CODE_FORMAT', 'code');
  });

  it('refuses a Chinese name a rule could not read as one name', async () => {
    for (const nameZh of ['escort', '陪护 补贴', '“陪护”补贴', '（陪护）补贴', '3岁以下补贴', '#补贴'])
      await refused(paramBody({ code: 'escort_x', nameZh }), 400, 'PARAM_NAME_FORMAT', 'nameZh');
  });

  it('refuses a duplicate code or Chinese name (PARAM_EXISTS)', async () => {
    const code = await refused(
      paramBody({ code: 'dibao_standard', nameZh: '另一个低保标准' }),
      409,
      'PARAM_EXISTS',
      'code',
    );
    expect(code.message).toBe('已有参数“低保标准”（dibao_standard）使用了参数代码“dibao_standard”，不能重复');
    const name = await refused(
      paramBody({ code: 'dibao_standard_2', nameZh: '低保标准' }),
      409,
      'PARAM_EXISTS',
      'nameZh',
      admin,
      { 'accept-language': 'en' },
    );
    expect(name.message).toBe(
      "Parameter '低保标准' (dibao_standard) already uses the Chinese name '低保标准'",
    );
  });

  it('refuses a name or code the rule language already reads as a fact, keyword, unit or value', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ nameZh: '年龄' }, 'nameZh', '事实名称'],
      [{ nameZh: '满' }, 'nameZh', '关键字'],
      [{ nameZh: '不符合' }, 'nameZh', '关键字'],
      [{ nameZh: '周岁' }, 'nameZh', '单位'],
      [{ nameZh: '独居' }, 'nameZh', '选项值'],
      [{ code: 'age' }, 'code', '事实名称'],
      [{ code: 'max' }, 'code', '关键字'],
      [{ code: 'alone' }, 'code', '选项值'],
    ];
    for (const [extra, field, clash] of cases) {
      const err = await refused(
        paramBody({ code: 'escort_y', nameZh: '陪护补贴乙', ...extra }),
        400,
        'PARAM_NAME_RESERVED',
        field,
      );
      expect(err.message).toContain(clash);
    }
  });

  it('refuses a value out of its unit’s range', async () => {
    const cases: [string, number, string][] = [
      ['percent', 1001, '取值须在 0 至 1000（%）之间，收到 1001'],
      ['yuan_month', -100, '取值须在 0.00 至 10,000,000.00（元/月）之间，收到 -1.00'],
      ['years', 151, '取值须在 0 至 150（周岁）之间，收到 151'],
    ];
    for (const [unit, value, message] of cases) {
      const err = await refused(
        paramBody({
          code: 'escort_z',
          nameZh: '陪护补贴丙',
          unit,
          firstValue: { validFrom: '2026-01-01', value },
        }),
        400,
        'PARAM_VALUE_RANGE',
        'firstValue.value',
      );
      expect(err.message).toBe(message);
    }
    // A dated value added later is held to the same range.
    const before = await counts();
    const res = await admin.post('/api/rule-params/dibian_multiple/values', {
      validFrom: '2027-01-01',
      value: 5000,
    });
    expect([res.statusCode, (res.json() as ErrorJson).error.issues?.[0]?.field]).toEqual([400, 'value']);
    expect((res.json() as ErrorJson).error.code).toBe('PARAM_VALUE_RANGE');
    expect(await counts()).toEqual(before);
  });

  it('refuses a name that would change how a rule already written reads', async () => {
    // Chinese has no spaces: "年龄在60周岁以上" reads 年龄 · 在 · 60周岁 · 以上 today.
    const draft = await admin.post('/api/programmes/family_bed/versions', {
      ruleText: '如果 年龄在60周岁以上 则 符合 依据 "测试"',
      validFrom: '2031-01-01',
    });
    expect(draft.statusCode, draft.body).toBe(201);
    for (const unit of ['years', 'days']) {
      const err = await refused(
        paramBody({
          code: 'age_at',
          nameZh: '年龄在',
          unit,
          firstValue: { validFrom: '2026-01-01', value: 60 },
        }),
        409,
        'PARAM_NAME_BREAKS_RULE',
        'nameZh',
      );
      expect(err.message).toContain('“家庭养老照护床位”第 2 版第 1 行');
    }
  });

  it('refuses street staff (programme.write is the district’s) and reports several problems at once', async () => {
    const before = await counts();
    const res = await street.post(
      '/api/rule-params',
      paramBody({ code: 'street_param', nameZh: '街道参数' }),
    );
    expect(res.statusCode).toBe(403);
    expect((res.json() as ErrorJson).error.code).toBe('FORBIDDEN');
    expect((await worker.post('/api/rule-params', paramBody())).statusCode).toBe(403);
    expect(await counts()).toEqual(before);

    const several = await admin.post(
      '/api/rule-params',
      paramBody({ code: 'Bad', nameZh: '年龄', unit: '' }),
    );
    expect(several.statusCode).toBe(400);
    const err = (several.json() as ErrorJson).error;
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.issues?.map((i) => [i.field, i.code])).toEqual([
      ['code', 'PARAM_CODE_FORMAT'],
      ['nameZh', 'PARAM_NAME_RESERVED'],
      ['unit', 'PARAM_UNIT_MISSING'],
    ]);
    expect(await counts()).toEqual(before);
  });
});
