import { describe, expect, it } from 'vitest';
import {
  buildCreditCode,
  buildOrgBody,
  COMMUNITY_HUBIN,
  COMMUNITY_HUBIN_2,
  COMMUNITY_QINGBO,
  STREET_HUBIN,
} from '../../testing/builders.ts';
import { setUpDesks } from '../../testing/desks.ts';
import type { Client } from '../../testing/http.ts';

const t = setUpDesks('orgs');

/** A code with the wrong check character, and the character it should have. */
function wrongCheck(): { code: string; expected: string } {
  const good = buildCreditCode();
  const wrong = good[17] === 'A' ? 'B' : 'A';
  return { code: good.slice(0, 17) + wrong, expected: good[17]! };
}
const count = async (client: Client, q: string) =>
  (await client.get(`/api/orgs?q=${encodeURIComponent(q)}`)).json().total as number;

describe('registering an organisation', () => {
  it('stores the credit code normalised and answers with the area name', async () => {
    const body = buildOrgBody({ name: '涌金门志愿者协会' });
    const res = await t.admin.post('/api/orgs', {
      ...body,
      creditCode: ` ${body.creditCode.toLowerCase()} `,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      name: '涌金门志愿者协会',
      kind: 'social_org',
      creditCode: body.creditCode,
      areaCode: COMMUNITY_HUBIN,
      areaName: '涌金门社区',
      contactPhone: body.contactPhone,
      closedOn: null,
      version: 1,
    });
    const audit = (await t.admin.get(`/api/audit?entityType=org&entityId=${res.json().id}`)).json();
    expect(audit.items.map((i: { action: string }) => i.action)).toEqual(['org.create']);
  });

  it('reports a wrong check character on the creditCode field with the expected character, in both languages', async () => {
    const { code, expected } = wrongCheck();
    const body = buildOrgBody({ name: '校验位错误的组织', creditCode: code });
    const res = await t.admin.post('/api/orgs', body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.issues).toEqual([
      expect.objectContaining({ field: 'creditCode', code: 'CREDIT_CODE_CHECKSUM', params: { expected } }),
    ]);
    expect(res.json().error.issues[0].message).toBe(`统一社会信用代码校验位错误（应为 ${expected}）`);
    const en = await t.admin.request('POST', '/api/orgs', body, { 'accept-language': 'en' });
    expect(en.json().error.issues[0].message).toBe(
      `Wrong check character in the credit code (should be ${expected})`,
    );
    expect(await count(t.admin, '校验位错误的组织')).toBe(0);
  });

  it.each([
    [
      'a forbidden letter (I)',
      () => `${buildCreditCode().slice(0, 10)}I${buildCreditCode().slice(11)}`,
      'CREDIT_CODE_CHARACTERS',
    ],
    ['a forbidden letter (O)', () => `${buildCreditCode().slice(0, 17)}O`, 'CREDIT_CODE_CHARACTERS'],
    ['17 characters', () => buildCreditCode().slice(0, 17), 'CREDIT_CODE_LENGTH'],
    ['19 characters', () => `${buildCreditCode()}1`, 'CREDIT_CODE_LENGTH'],
    ['an empty code', () => '', 'CREDIT_CODE_EMPTY'],
  ])('refuses %s on the creditCode field', async (_label, make, code) => {
    const res = await t.admin.post('/api/orgs', buildOrgBody({ name: '错码组织', creditCode: make() }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues.map((i: { field: string; code: string }) => [i.field, i.code])).toEqual([
      ['creditCode', code],
    ]);
    expect(await count(t.admin, '错码组织')).toBe(0);
  });

  it('refuses a credit code already registered, naming the holder, whatever its spelling', async () => {
    const first = buildOrgBody({ name: '先登记的社工站' });
    expect((await t.admin.post('/api/orgs', first)).statusCode).toBe(201);
    for (const spelling of [first.creditCode, first.creditCode.toLowerCase(), ` ${first.creditCode} `]) {
      const res = await t.street.post(
        '/api/orgs',
        buildOrgBody({ name: '后登记的社工站', creditCode: spelling, areaCode: COMMUNITY_HUBIN_2 }),
      );
      expect(res.statusCode, spelling).toBe(400);
      expect(res.json().error.issues[0]).toMatchObject({
        field: 'creditCode',
        code: 'ORG_DUPLICATE_CREDIT_CODE',
        params: { name: '先登记的社工站' },
      });
    }
    expect(await count(t.admin, '后登记的社工站')).toBe(0);
  });

  it('names a duplicate held outside the caller’s area too (the code is unique district-wide)', async () => {
    const other = buildOrgBody({ name: '清波的组织', areaCode: COMMUNITY_QINGBO });
    expect((await t.admin.post('/api/orgs', other)).statusCode).toBe(201);
    const res = await t.street.post(
      '/api/orgs',
      buildOrgBody({ name: '湖滨的组织', creditCode: other.creditCode }),
    );
    expect(res.json().error.issues[0].code).toBe('ORG_DUPLICATE_CREDIT_CODE');
  });

  it('checks the contact phone and the area', async () => {
    const phone = await t.admin.post('/api/orgs', buildOrgBody({ contactPhone: '12345' }));
    expect(phone.json().error.issues[0]).toMatchObject({ field: 'contactPhone', code: 'PHONE_INVALID' });
    const unknown = await t.admin.post('/api/orgs', buildOrgBody({ areaCode: '330102099001' }));
    expect(unknown.json().error.issues[0]).toMatchObject({ field: 'areaCode', code: 'AREA_UNKNOWN' });
    const both = await t.admin.post(
      '/api/orgs',
      buildOrgBody({ contactPhone: '12345', creditCode: wrongCheck().code }),
    );
    expect(
      both
        .json()
        .error.issues.map((i: { field: string }) => i.field)
        .sort(),
    ).toEqual(['contactPhone', 'creditCode']);
  });
});

describe('updating an organisation', () => {
  it('changes fields, bumps the version and refuses a stale version', async () => {
    const o = (await t.admin.post('/api/orgs', buildOrgBody({ name: '改名前的组织' }))).json();
    const res = await t.admin.patch(`/api/orgs/${o.id}`, { name: '改名后的组织', version: o.version });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      name: '改名后的组织',
      creditCode: o.creditCode,
      version: o.version + 1,
    });
    const stale = await t.admin.patch(`/api/orgs/${o.id}`, { name: '又一个名字', version: o.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    expect((await t.admin.get(`/api/orgs/${o.id}`)).json().name).toBe('改名后的组织');
  });

  it('refuses another organisation’s credit code and a wrong check character, keeping its own', async () => {
    const a = (await t.admin.post('/api/orgs', buildOrgBody())).json();
    const b = (await t.admin.post('/api/orgs', buildOrgBody())).json();
    const dup = await t.admin.patch(`/api/orgs/${b.id}`, { creditCode: a.creditCode, version: b.version });
    expect(dup.json().error.issues[0]).toMatchObject({
      field: 'creditCode',
      code: 'ORG_DUPLICATE_CREDIT_CODE',
      params: { name: a.name },
    });
    const { code, expected } = wrongCheck();
    const bad = await t.admin.patch(`/api/orgs/${b.id}`, { creditCode: code, version: b.version });
    expect(bad.json().error.issues[0]).toMatchObject({
      field: 'creditCode',
      code: 'CREDIT_CODE_CHECKSUM',
      params: { expected },
    });
    expect((await t.admin.get(`/api/orgs/${b.id}`)).json()).toMatchObject({
      creditCode: b.creditCode,
      version: b.version,
    });
    const same = await t.admin.patch(`/api/orgs/${b.id}`, {
      creditCode: b.creditCode.toLowerCase(),
      version: b.version,
    });
    expect(same.statusCode, same.body).toBe(200);
  });

  it('writes before and after to the audit log', async () => {
    const o = (await t.admin.post('/api/orgs', buildOrgBody({ contactName: '张三' }))).json();
    await t.admin.patch(`/api/orgs/${o.id}`, { contactName: '李四', version: o.version });
    const audit = (await t.admin.get(`/api/audit?entityId=${o.id}&action=org.update`)).json();
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ before: { contactName: '张三' }, after: { contactName: '李四' } });
  });
});

describe('scope', () => {
  it('a street worker registers and edits organisations in their street only', async () => {
    const inside = await t.street.post('/api/orgs', buildOrgBody({ areaCode: COMMUNITY_HUBIN_2 }));
    expect(inside.statusCode, inside.body).toBe(201);
    const atStreet = await t.street.post('/api/orgs', buildOrgBody({ areaCode: STREET_HUBIN }));
    expect(atStreet.statusCode, atStreet.body).toBe(201);
    const outside = await t.street.post(
      '/api/orgs',
      buildOrgBody({ name: '越界组织', areaCode: COMMUNITY_QINGBO }),
    );
    expect(outside.statusCode).toBe(403);
    expect(await count(t.admin, '越界组织')).toBe(0);

    const theirs = (await t.admin.post('/api/orgs', buildOrgBody({ areaCode: COMMUNITY_QINGBO }))).json();
    expect((await t.street.get(`/api/orgs/${theirs.id}`)).statusCode).toBe(404);
    const edit = await t.street.patch(`/api/orgs/${theirs.id}`, { name: '被改了', version: theirs.version });
    expect(edit.statusCode).toBe(404);
    expect(edit.json().error.code).toBe('ORG_NOT_FOUND');
    expect((await t.admin.get(`/api/orgs/${theirs.id}`)).json().name).toBe(theirs.name);
  });

  it('a community worker reads organisations in their community but registers none', async () => {
    const res = await t.worker.post('/api/orgs', buildOrgBody());
    expect(res.statusCode).toBe(403);
    const list = (await t.worker.get('/api/orgs?pageSize=200')).json();
    expect(list.items.length).toBeGreaterThan(0);
    for (const o of list.items) expect(o.areaCode).toBe(COMMUNITY_HUBIN);
    expect(list.total).toBe(list.items.length);
  });

  it('lists filter by name, credit code, kind and area, inside the scope', async () => {
    const school = (
      await t.admin.post(
        '/api/orgs',
        buildOrgBody({ name: '湖滨实验小学', kind: 'school', areaCode: COMMUNITY_HUBIN_2 }),
      )
    ).json();
    const names = async (client: Client, q: string) =>
      (await client.get(`/api/orgs?${q}`)).json().items.map((o: { id: string }) => o.id);
    expect(await names(t.street, `q=${encodeURIComponent('实验小学')}`)).toEqual([school.id]);
    expect(await names(t.street, `q=${school.creditCode.toLowerCase()}`)).toEqual([school.id]);
    expect(await names(t.street, 'kind=school')).toEqual([school.id]);
    expect(await names(t.street, `area=${COMMUNITY_QINGBO}`)).toEqual([]);
    expect(await names(t.worker, `q=${encodeURIComponent('实验小学')}`)).toEqual([]);
    const all = (await t.street.get('/api/orgs?pageSize=200')).json();
    for (const o of all.items) expect(o.areaCode.startsWith('330102001')).toBe(true);
  });
});
