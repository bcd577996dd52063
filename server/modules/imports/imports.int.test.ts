import { randomBytes } from 'node:crypto';
import { and, eq, like } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/audit/audit.schema.ts';
import type { Ctx } from '../../platform/context.ts';
import type { App } from '../../platform/http/types.ts';
import { buildIdNumber, buildPersonBody, COMMUNITY_HUBIN, STREET_HUBIN } from '../../testing/builders.ts';
import { createTestContext } from '../../testing/context.ts';
import { type Client, createTestApp, nextRemoteAddress, signIn } from '../../testing/http.ts';
import { countPersons } from '../registry/index.ts';

let ctx: Ctx;
let close: () => Promise<void>;
let app: App;
let street: Client;
let worker: Client;

beforeAll(async () => {
  ({ ctx, close } = await createTestContext());
  app = await createTestApp(ctx);
  street = await signIn(app, ctx, [{ role: 'street_staff', areaCode: STREET_HUBIN }], undefined, {
    remoteAddress: nextRemoteAddress(),
  });
  worker = await signIn(app, ctx, [{ role: 'community_worker', areaCode: COMMUNITY_HUBIN }], undefined, {
    remoteAddress: nextRemoteAddress(),
  });
});
afterAll(async () => {
  await app?.close();
  await close?.();
});

const HEADER = '姓名,身份证号,联系电话,户籍,居住社区,居住地址,与户主关系,户号';
const csv = (...lines: string[]) => Buffer.from(`\uFEFF${[HEADER, ...lines].join('\r\n')}\r\n`, 'utf8');
let nameSeq = 0;
/** A unique name per row, so a registry search finds exactly the rows of one test. */
const uniqueName = () =>
  `导${'甲乙丙丁戊己庚辛壬癸'[nameSeq % 10]}${'子丑寅卯辰巳午未申酉'[Math.floor(nameSeq++ / 10) % 10]}${'一二三四五六七八九十'[Math.floor(nameSeq / 100) % 10]}`;

function multipart(fileName: string, content: Buffer, type = 'text/csv') {
  const boundary = `----minsheng${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`,
    'utf8',
  );
  return {
    payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

function upload(client: Client, fileName: string, content: Buffer, lang = 'zh-CN', type?: string) {
  const m = multipart(fileName, content, type);
  return client.request('POST', '/api/imports/residents', m.payload, {
    ...m.headers,
    'accept-language': lang,
  });
}

async function settled(client: Client, id: string, lang = 'zh-CN') {
  for (let i = 0; i < 400; i++) {
    const res = await client.request('GET', `/api/imports/${id}`, undefined, { 'accept-language': lang });
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json();
    if (view.status !== 'validating') return view;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('validation did not finish');
}

async function uploadAndSettle(client: Client, fileName: string, content: Buffer, lang = 'zh-CN') {
  const res = await upload(client, fileName, content, lang);
  expect(res.statusCode, res.body).toBe(202);
  expect(res.json().totalRows).toBeGreaterThan(0);
  return settled(client, res.json().id, lang);
}

async function findByName(client: Client, name: string) {
  const res = await client.get(`/api/persons?q=${encodeURIComponent(name)}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as { id: string; name: string; areaCode: string; phoneMasked: string | null }[];
}

describe('resident import over HTTP', () => {
  it('validates, then commits a clean file in one go with households and audit rows', async () => {
    const [a, b, c] = [uniqueName(), uniqueName(), uniqueName()];
    const file = csv(
      `${a},${buildIdNumber({ age: 72 })},13900000001,本区,涌金门社区,"涌金门社区 1 幢, 101 室",本人,H1`,
      `${b},${buildIdNumber({ age: 70, sex: 'F' })},,是,涌金门,,配偶,H1`,
      `${c},${buildIdNumber({ age: 40 })},0571-87000000,非本区,湖滨街道青年路社区,,,`,
    );
    const before = await countPersons(ctx.db);
    const view = await uploadAndSettle(street, '居民.csv', file);
    expect(view.fileName).toBe('居民.csv');
    expect(view).toMatchObject({
      status: 'validated',
      totalRows: 3,
      processedRows: 3,
      badRows: 0,
      duplicateRows: 0,
      canCommit: true,
    });
    expect(view.report.issues).toEqual([]);
    // Validation writes nothing to the registry.
    expect(await countPersons(ctx.db)).toBe(before);

    const commit = await street.post(`/api/imports/${view.id}/commit`, { onDuplicate: 'skip' });
    expect(commit.statusCode, commit.body).toBe(200);
    expect(commit.json()).toMatchObject({
      status: 'committed',
      insertedRows: 3,
      updatedRows: 0,
      skippedRows: 0,
      canCommit: false,
    });
    expect(await countPersons(ctx.db)).toBe(before + 3);

    const [pa] = await findByName(street, a);
    const [pb] = await findByName(street, b);
    const [pc] = await findByName(street, c);
    expect(pc!.areaCode).toBe('330102001002');
    const detail = (await street.get(`/api/persons/${pa!.id}`)).json();
    expect(detail.relation).toBe('head');
    expect(detail.hukouLocal).toBe(true);
    expect(detail.address).toBe('涌金门社区 1 幢, 101 室');
    expect(detail.household.map((m: { id: string; relation: string }) => [m.id, m.relation]).sort()).toEqual(
      [
        [pa!.id, 'head'],
        [pb!.id, 'spouse'],
      ].sort(),
    );
    expect((await street.get(`/api/persons/${pc!.id}`)).json().hukouLocal).toBe(false);

    const audits = await ctx.db
      .select()
      .from(auditLog)
      .where(like(auditLog.reason, `import ${view.id}%`));
    expect(audits.map((r) => r.action).sort()).toEqual(['person.create', 'person.create', 'person.create']);
    expect(audits.every((r) => r.actorName === street.username)).toBe(true);
    expect(JSON.stringify(audits)).not.toContain('13900000001');
    const summary = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'import.commit'), eq(auditLog.entityId, view.id)));
    expect(summary).toHaveLength(1);
    expect(summary[0]!.after).toMatchObject({ insertedRows: 3, households: 2 });

    const again = await street.post(`/api/imports/${view.id}/commit`, { onDuplicate: 'skip' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('IMPORT_ALREADY_COMMITTED');
  });

  it('reports exactly the two bad rows, in Chinese and in English, and writes nothing', async () => {
    const good = buildIdNumber({ age: 66 });
    const badCheck = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    const file = csv(
      `${uniqueName()},${buildIdNumber({ age: 50 })},,本区,涌金门社区,,,`,
      `${uniqueName()},${badCheck},,本区,涌金门社区,,,`,
      `${uniqueName()},${buildIdNumber({ age: 51 })},,本区,青年路社区,,,`,
      `${uniqueName()},${buildIdNumber({ age: 52 })},,本区,不存在社区,,,`,
    );
    const before = await countPersons(ctx.db);
    const view = await uploadAndSettle(street, 'bad.csv', file);
    expect(view).toMatchObject({ status: 'invalid', totalRows: 4, badRows: 2, canCommit: false });
    expect(view.report.issues).toHaveLength(2);
    const [first, second] = view.report.issues;
    expect(first).toMatchObject({
      line: 3,
      column: 'idNumber',
      columnLabel: '身份证号',
      code: 'ID_NUMBER_CHECKSUM',
    });
    expect(first.message).toContain(`应为 ${good[17]}`);
    expect(first.value).toBe(`${badCheck.slice(0, 6)}********${badCheck.slice(14)}`);
    expect(second).toMatchObject({
      line: 5,
      column: 'community',
      columnLabel: '居住社区',
      value: '不存在社区',
      code: 'AREA_UNKNOWN',
    });
    expect(second.message).toBe('未知的区域：不存在社区');

    const en = await street.request('GET', `/api/imports/${view.id}`, undefined, { 'accept-language': 'en' });
    expect(en.json().report.issues[0].message).toContain(`should be ${good[17]}`);
    expect(en.json().report.issues[1].message).toBe('Unknown area: 不存在社区');

    const commit = await street.post(`/api/imports/${view.id}/commit`, { onDuplicate: 'skip' });
    expect(commit.statusCode).toBe(409);
    expect(commit.json().error).toMatchObject({
      code: 'IMPORT_HAS_ERRORS',
      message: '文件中有 2 行错误，请改正后重新上传，未写入任何数据',
    });
    expect(await countPersons(ctx.db)).toBe(before);
  });

  it('checks names, 户籍, relations and households row by row', async () => {
    const id = buildIdNumber({ age: 30 });
    const file = csv(
      `张3,${buildIdNumber({ age: 31 })},139,也许,涌金门,,,`,
      `${uniqueName()},${id},,本区,涌金门,,邻居,`,
      `${uniqueName()},${id},,本区,涌金门,,,`,
      `${uniqueName()},${buildIdNumber({ age: 32 })},,本区,涌金门,,子女,`,
      `${uniqueName()},${buildIdNumber({ age: 33 })},,本区,涌金门,,子女,H9`,
      `${uniqueName()},${buildIdNumber({ age: 34 })},,本区,青年路,,配偶,H9`,
      `${uniqueName()},${buildIdNumber({ age: 35 })},,本区,兴隆,,,`,
      // An unquoted comma in the address shifts the row: 101 室 lands under 与户主关系, H10 under no header.
      `${uniqueName()},${buildIdNumber({ age: 36 })},,本区,涌金门,1 幢,101 室,本人,H10`,
    );
    const view = await uploadAndSettle(street, 'rows.csv', file);
    const got = view.report.issues.map(
      (i: { line: number; column: string; code: string }) => `${i.line}:${i.column}:${i.code}`,
    );
    expect(got).toEqual([
      '2:name:NAME_INVALID',
      '2:phone:PHONE_INVALID',
      '2:hukou:HUKOU_INVALID',
      '3:relation:RELATION_INVALID',
      '4:idNumber:IMPORT_DUPLICATE_IN_FILE',
      '5:householdNo:IMPORT_HOUSEHOLD_REQUIRED',
      '6:householdNo:IMPORT_HOUSEHOLD_NO_HEAD',
      '7:community:IMPORT_HOUSEHOLD_AREA',
      '8:community:IMPORT_AREA_AMBIGUOUS',
      '9:relation:RELATION_INVALID',
      '9::IMPORT_UNKNOWN_COLUMN',
    ]);
    expect(view.report.issues[10]).toMatchObject({
      columnLabel: 'I',
      value: 'H10',
      message: '不认识的列“I”',
    });
    expect(view.report.issues[7].value).toBe('青年路');
    expect(view.report.issues[4].message).toBe('与第 3 行的身份证号重复');
    expect(view.report.issues[8].message).toContain('望江街道、彭埠街道');
  });

  it('refuses unknown and missing columns with the column named, and stores nothing', async () => {
    const res = await upload(
      street,
      'cols.csv',
      Buffer.from(`姓名,身份证号,户籍,居住社区,出生日期\n张三,${buildIdNumber()},本区,涌金门,1950-01-01\n`),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'IMPORT_UNKNOWN_COLUMN',
      message: '不认识的列“出生日期”',
    });
    const missing = await upload(
      street,
      'cols.csv',
      Buffer.from(`姓名,户籍,居住社区\n张三,本区,涌金门\n`),
      'en',
    );
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatchObject({
      code: 'IMPORT_MISSING_COLUMN',
      message: 'Required column “身份证号” is missing',
    });
    const list = (await street.get('/api/imports')).json().items;
    expect(list.some((i: { fileName: string }) => i.fileName === 'cols.csv')).toBe(false);
  });

  it('lets the user skip or update people already registered', async () => {
    const existing = buildPersonBody({ age: 75 });
    expect((await street.post('/api/persons', existing)).statusCode).toBe(201);
    const [renamed, fresh] = [uniqueName(), uniqueName()];
    const file = csv(
      `${renamed},${existing.idNumber},13911112222,本区,涌金门社区,,,`,
      `${fresh},${buildIdNumber({ age: 20 })},,本区,涌金门社区,,,`,
    );
    const view = await uploadAndSettle(street, 'dup.csv', file);
    expect(view).toMatchObject({ status: 'validated', duplicateRows: 1, canCommit: true });
    expect(view.report.duplicates).toEqual([
      {
        line: 2,
        name: renamed,
        idMasked: expect.stringMatching(/^330102\*{8}/),
        areaCode: COMMUNITY_HUBIN,
        areaName: '涌金门社区',
        inScope: true,
      },
    ]);
    const skip = await street.post(`/api/imports/${view.id}/commit`, { onDuplicate: 'skip' });
    expect(skip.json()).toMatchObject({
      status: 'committed',
      insertedRows: 1,
      updatedRows: 0,
      skippedRows: 1,
    });
    expect(await findByName(street, renamed)).toHaveLength(0);
    expect(await findByName(street, existing.name as string)).toHaveLength(1);

    // Updates and a new row in one commit; an address with quotes and a backslash survives the bulk audit insert.
    const newcomer = uniqueName();
    const address = '清波门 3 幢 "东" 单元\\101';
    const extra = `${newcomer},${buildIdNumber({ age: 21 })},,本区,涌金门社区,"${address.replace(/"/g, '""')}",,\r\n`;
    const second = await uploadAndSettle(street, 'dup.csv', Buffer.concat([file, Buffer.from(extra)]));
    expect(second.duplicateRows).toBe(2);
    const update = await street.post(`/api/imports/${second.id}/commit`, { onDuplicate: 'update' });
    expect(update.json()).toMatchObject({
      status: 'committed',
      insertedRows: 1,
      updatedRows: 2,
      skippedRows: 0,
      onDuplicate: 'update',
    });
    const [person] = await findByName(street, renamed);
    expect(person!.phoneMasked).toBe('139****2222');
    const audits = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'person.update'), eq(auditLog.entityId, person!.id)));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.after).toMatchObject({ name: renamed, areaCode: COMMUNITY_HUBIN });
    expect(audits[0]!.before).toMatchObject({ areaCode: COMMUNITY_HUBIN, version: 1 });
    const [added] = await findByName(street, newcomer);
    const created = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'person.create'), eq(auditLog.entityId, added!.id)));
    expect(created[0]!.after).toMatchObject({ name: newcomer, address });
    expect(created[0]!.before).toBeNull();
    expect(created[0]!.reason).toBe(`import ${second.id}, line 4`);
  });

  it('makes a community outside the worker’s community a row error', async () => {
    const file = csv(
      `${uniqueName()},${buildIdNumber({ age: 44 })},,本区,涌金门社区,,,`,
      `${uniqueName()},${buildIdNumber({ age: 45 })},,本区,清河坊社区,,,`,
    );
    const view = await uploadAndSettle(worker, 'scope.csv', file);
    expect(view.badRows).toBe(1);
    expect(view.report.issues).toEqual([
      expect.objectContaining({
        line: 3,
        column: 'community',
        code: 'IMPORT_AREA_OUT_OF_SCOPE',
        message: '您无权在“清河坊社区”登记居民',
      }),
    ]);
    // The worker's import is theirs and their community's; another community's worker cannot see it.
    const other = await signIn(
      app,
      ctx,
      [{ role: 'community_worker', areaCode: '330102001002' }],
      undefined,
      { remoteAddress: nextRemoteAddress() },
    );
    expect((await other.get(`/api/imports/${view.id}`)).statusCode).toBe(404);
    expect((await other.get('/api/imports')).json().items.some((i: { id: string }) => i.id === view.id)).toBe(
      false,
    );
    expect(
      (await worker.get('/api/imports')).json().items.some((i: { id: string }) => i.id === view.id),
    ).toBe(true);
    expect(
      (await street.get('/api/imports')).json().items.some((i: { id: string }) => i.id === view.id),
    ).toBe(true);
  });

  it('imports an .xlsx workbook', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('居民');
    const name = uniqueName();
    ws.addRow(['姓名', '公民身份号码', '手机号', '户籍', '社区', '所属街道']);
    ws.addRow([name, buildIdNumber({ age: 61 }), 13900001111, '杭州市上城区', '兴隆', '彭埠街道']);
    // 兴隆 is in 望江 and in 彭埠: the street column decides. A district admin may write there.
    const district = await admin();
    const view = await uploadAndSettle(district, '居民.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(view).toMatchObject({ status: 'validated', totalRows: 1, badRows: 0 });
    const commit = await district.post(`/api/imports/${view.id}/commit`, {});
    expect(commit.json()).toMatchObject({ status: 'committed', insertedRows: 1 });
    const [p] = await findByName(district, name);
    expect(p).toMatchObject({ areaCode: '330102012007', phoneMasked: '139****1111' });
  });

  it('refuses an oversized upload with 413 and a translated code', async () => {
    const big = Buffer.concat([
      csv(`${uniqueName()},${buildIdNumber()},,本区,涌金门,,,`),
      Buffer.alloc((ctx.config.uploadMaxMb + 1) * 1024 * 1024, 0x20),
    ]);
    const res = await upload(street, 'big.csv', big);
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({
      code: 'IMPORT_FILE_TOO_LARGE',
      message: `文件过大（最大 ${ctx.config.uploadMaxMb} MB）`,
    });
  });

  it('refuses a wrong type with 415, and an unreadable workbook with 400', async () => {
    const pdf = await upload(street, 'residents.pdf', Buffer.from('%PDF-1.4'), 'en', 'application/pdf');
    expect(pdf.statusCode).toBe(415);
    expect(pdf.json().error).toMatchObject({
      code: 'IMPORT_FILE_TYPE',
      message: 'Only .csv and .xlsx files can be imported',
    });
    const json = await street.post('/api/imports/residents', { file: 'x' });
    expect(json.statusCode).toBe(415);
    const fake = await upload(street, 'fake.xlsx', Buffer.from(HEADER));
    expect(fake.statusCode).toBe(400);
    expect(fake.json().error).toMatchObject({
      code: 'IMPORT_FILE_UNREADABLE',
      message: '无法读取文件：不是有效的 Excel（.xlsx）文件',
    });
  });

  it('requires import.run and person.write', async () => {
    const volunteer = await signIn(app, ctx, [{ role: 'volunteer', areaCode: COMMUNITY_HUBIN }], undefined, {
      remoteAddress: nextRemoteAddress(),
    });
    const res = await upload(volunteer, 'a.csv', csv(`${uniqueName()},${buildIdNumber()},,本区,涌金门,,,`));
    expect(res.statusCode).toBe(403);
  });

  it('serves the template with the headers it accepts', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/imports/template.csv' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.body.replace(/^\uFEFF/, '').trim()).toBe(
      '姓名,身份证号,联系电话,户籍,居住社区,所属街道,居住地址,与户主关系,户号',
    );
    const en = await app.inject({ method: 'GET', url: '/api/imports/template.csv?lang=en' });
    expect(en.body).toContain('ID number');
  });
});

let adminClient: Client | undefined;
async function admin(): Promise<Client> {
  adminClient ??= await signIn(app, ctx, [{ role: 'district_admin', areaCode: '330102000000' }], undefined, {
    remoteAddress: nextRemoteAddress(),
  });
  return adminClient;
}
