import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../../platform/context.ts';
import type { App } from '../../platform/http/types.ts';
import {
  buildPersonBody,
  COMMUNITY_HUBIN,
  COMMUNITY_QINGBO,
  DISTRICT,
  STREET_HUBIN,
  STREET_QINGBO,
} from '../../testing/builders.ts';
import { createTestContext } from '../../testing/context.ts';
import { type Client, createTestApp, nextRemoteAddress, signIn } from '../../testing/http.ts';

interface Node {
  code: string;
  parentCode: string | null;
  level: 'district' | 'street' | 'community' | 'village';
  name: string;
  formerJianggan: boolean;
  closedOn: string | null;
  children: Node[];
}

const JIUBAO = '330102013000';
const DINGLAN = '330102014000';
/** The streets that belonged to the former Jianggan district before the 2021 merger. */
const FORMER_JIANGGAN = [
  '闸弄口街道',
  '凯旋街道',
  '采荷街道',
  '四季青街道',
  '笕桥街道',
  '彭埠街道',
  '九堡街道',
  '丁兰街道',
];

let ctx: Ctx;
let close: () => Promise<void>;
let app: App;
let admin: Client;
let street: Client;
let worker: Client;

const flatten = (nodes: Node[]): Node[] => nodes.flatMap((n) => [n, ...flatten(n.children)]);
async function tree(client: Client, query = ''): Promise<Node[]> {
  const res = await client.get(`/api/areas/tree${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return flatten(res.json());
}
async function addArea(body: Record<string, unknown>, client = admin) {
  return client.post('/api/areas', { level: 'community', ...body });
}
/** No name in an area's history may end before it starts, and only the last may be open. */
function expectConsistentHistory(names: { name: string; validFrom: string; validTo: string | null }[]) {
  for (const n of names)
    if (n.validTo) expect(n.validTo >= n.validFrom, `${n.name} ${n.validFrom}–${n.validTo}`).toBe(true);
  expect(names.filter((n) => n.validTo === null).length).toBeLessThanOrEqual(1);
  for (let i = 1; i < names.length; i++)
    expect(names[i]!.validFrom > (names[i - 1]!.validTo ?? '9999-12-31')).toBe(true);
}

beforeAll(async () => {
  ({ ctx, close } = await createTestContext());
  app = await createTestApp(ctx);
  admin = await signIn(app, ctx, [{ role: 'district_admin', areaCode: DISTRICT }], 'areas_admin', {
    remoteAddress: nextRemoteAddress(),
  });
  street = await signIn(app, ctx, [{ role: 'street_staff', areaCode: STREET_HUBIN }], 'areas_street', {
    remoteAddress: nextRemoteAddress(),
  });
  worker = await signIn(app, ctx, [{ role: 'community_worker', areaCode: COMMUNITY_HUBIN }], 'areas_worker', {
    remoteAddress: nextRemoteAddress(),
  });
});
afterAll(async () => {
  await app?.close();
  await close?.();
});

describe('the seeded org tree of 上城区', () => {
  it('has 14 streets, 197 communities and 4 villages under district 330102', async () => {
    const all = await tree(admin);
    const byLevel = (l: Node['level']) => all.filter((n) => n.level === l);
    expect(byLevel('district').map((n) => [n.code, n.name])).toEqual([[DISTRICT, '上城区']]);
    expect(byLevel('street')).toHaveLength(14);
    expect(byLevel('community')).toHaveLength(197);
    expect(byLevel('village')).toHaveLength(4);
    expect(new Set(all.map((n) => n.code)).size).toBe(all.length);
    for (const n of all) expect(n.code).toMatch(/^330102\d{6}$/);
  });

  it('numbers streets 001–014, communities from 001 and villages from 201 within their street', async () => {
    const all = await tree(admin);
    const streets = all.filter((n) => n.level === 'street');
    expect(streets.map((s) => s.code)).toEqual(
      Array.from({ length: 14 }, (_, i) => `330102${String(i + 1).padStart(3, '0')}000`),
    );
    expect(streets.slice(0, 2).map((s) => s.name)).toEqual(['湖滨街道', '清波街道']);
    for (const s of streets) {
      expect(s.parentCode).toBe(DISTRICT);
      const communities = s.children.filter((c) => c.level === 'community').map((c) => c.code);
      expect(communities).toEqual(
        communities.map((_, i) => `${s.code.slice(0, 9)}${String(i + 1).padStart(3, '0')}`),
      );
      const villages = s.children.filter((c) => c.level === 'village').map((c) => c.code);
      expect(villages).toEqual(
        villages.map((_, i) => `${s.code.slice(0, 9)}${String(201 + i).padStart(3, '0')}`),
      );
      for (const c of s.children) expect(c.parentCode).toBe(s.code);
    }
    const byCode = new Map(all.map((n) => [n.code, n]));
    expect(byCode.get(COMMUNITY_HUBIN)?.name).toBe('涌金门社区');
    expect(byCode.get('330102001002')?.name).toBe('青年路社区');
    expect(byCode.get(COMMUNITY_QINGBO)?.name).toBe('清河坊社区');
  });

  it('puts the 4 villages in 九堡 and 丁兰', async () => {
    const villages = (await tree(admin)).filter((n) => n.level === 'village');
    expect(villages.map((v) => [v.parentCode, v.name]).sort()).toEqual(
      [
        [JIUBAO, '三村村'],
        [JIUBAO, '宣家埠村'],
        [DINGLAN, '皋城村'],
        [DINGLAN, '沿山村'],
      ].sort(),
    );
  });

  it('flags the 8 former Jianggan streets, and their communities and villages with them', async () => {
    const all = await tree(admin);
    const streets = all.filter((n) => n.level === 'street');
    expect(
      streets
        .filter((s) => s.formerJianggan)
        .map((s) => s.name)
        .sort(),
    ).toEqual([...FORMER_JIANGGAN].sort());
    expect(streets.filter((s) => !s.formerJianggan)).toHaveLength(6);
    for (const s of streets)
      for (const c of s.children) expect(c.formerJianggan, c.name).toBe(s.formerJianggan);
    expect(all.find((n) => n.level === 'district')!.formerJianggan).toBe(false);
  });

  it('shows a street worker their street and the path to it, a community worker their community', async () => {
    const s = await tree(street);
    expect(s.filter((n) => n.level === 'street').map((n) => n.code)).toEqual([STREET_HUBIN]);
    expect(s.filter((n) => n.level === 'community').every((n) => n.parentCode === STREET_HUBIN)).toBe(true);
    expect(s.map((n) => n.code)).toContain(DISTRICT);
    expect((await tree(worker)).map((n) => n.code).sort()).toEqual(
      [DISTRICT, STREET_HUBIN, COMMUNITY_HUBIN].sort(),
    );
  });

  it('gives an area with its name history; unknown codes are 404, malformed ones 400', async () => {
    const res = await admin.get(`/api/areas/${COMMUNITY_QINGBO}`);
    expect(res.json()).toMatchObject({
      code: COMMUNITY_QINGBO,
      parentCode: STREET_QINGBO,
      level: 'community',
      name: '清河坊社区',
      openedOn: '2021-03-15',
      closedOn: null,
      names: [{ name: '清河坊社区', validFrom: '2021-03-15', validTo: null }],
    });
    const missing = await admin.get('/api/areas/330102099001');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('AREA_NOT_FOUND');
    expect((await admin.get('/api/areas/3301')).statusCode).toBe(400);
  });
});

describe('adding areas', () => {
  it('gives a new community the next code in its street', async () => {
    const res = await addArea({ parentCode: STREET_HUBIN, name: '西湖新社区', openedOn: '2026-01-01' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      code: '330102001007',
      parentCode: STREET_HUBIN,
      level: 'community',
      name: '西湖新社区',
      formerJianggan: false,
      openedOn: '2026-01-01',
      closedOn: null,
      names: [{ name: '西湖新社区', validFrom: '2026-01-01', validTo: null }],
    });
    const again = await addArea({ parentCode: STREET_HUBIN, name: '西湖二社区' });
    expect(again.json()).toMatchObject({ code: '330102001008', openedOn: '2026-06-15' });
  });

  it('numbers communities and villages separately, and inherits the Jianggan flag', async () => {
    // 九堡 has 21 communities (001–021) and villages 201–202.
    const community = await addArea({ parentCode: JIUBAO, name: '九堡新社区' });
    expect(community.json()).toMatchObject({ code: '330102013022', formerJianggan: true });
    const village = await addArea({ parentCode: JIUBAO, name: '九堡新村', level: 'village' });
    expect(village.json()).toMatchObject({ code: '330102013203', level: 'village', formerJianggan: true });
    // A street without villages starts at 201.
    const first = await addArea({ parentCode: STREET_QINGBO, name: '清波新村', level: 'village' });
    expect(first.json()).toMatchObject({ code: '330102002201', formerJianggan: false });
  });

  it('gives a new street the next street code', async () => {
    const res = await addArea({ parentCode: DISTRICT, name: '测试街道', level: 'street' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ code: '330102015000', parentCode: DISTRICT, level: 'street' });
    const under = await addArea({ parentCode: '330102015000', name: '测试街道第一社区' });
    expect(under.json().code).toBe('330102015001');
  });

  it('refuses a level that cannot sit under the parent, and an unknown parent', async () => {
    const underCommunity = await addArea({ parentCode: COMMUNITY_HUBIN, name: '楼道' });
    expect(underCommunity.statusCode).toBe(400);
    expect(underCommunity.json().error.issues[0]).toMatchObject({
      field: 'level',
      code: 'AREA_LEVEL_INVALID',
    });
    const streetUnderStreet = await addArea({ parentCode: STREET_HUBIN, name: '街中街', level: 'street' });
    expect(streetUnderStreet.json().error.issues[0]).toMatchObject({
      field: 'level',
      code: 'AREA_LEVEL_INVALID',
    });
    const unknown = await addArea({ parentCode: '330102099000', name: '无' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.issues[0]).toMatchObject({ field: 'parentCode', code: 'AREA_UNKNOWN' });
  });

  it('names the fields of a malformed request', async () => {
    const res = await admin.post('/api/areas', { parentCode: '3301', name: '', level: 'hamlet' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    const fields = (res.json().error.issues as { field: string }[]).map((i) => i.field).sort();
    expect(fields).toEqual(['level', 'name', 'parentCode']);
    const parent = res.json().error.issues.find((i: { field: string }) => i.field === 'parentCode');
    expect(parent.code).toBe('AREA_UNKNOWN');
  });

  it('writes an audit row for each change', async () => {
    const res = await addArea({ parentCode: STREET_QINGBO, name: '审计社区' });
    const code = res.json().code;
    const audit = (await admin.get(`/api/audit?entityType=area&entityId=${code}`)).json();
    expect(audit.items.map((i: { action: string }) => i.action)).toEqual(['area.create']);
    expect(audit.items[0]).toMatchObject({ actorName: 'areas_admin', areaCode: code });
  });
});

describe('renaming', () => {
  it('keeps the old name in the history, ending the day before the new one starts', async () => {
    const res = await admin.post(`/api/areas/${COMMUNITY_QINGBO}/rename`, {
      name: '清河坊历史街区社区',
      validFrom: '2026-06-01',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      name: '清河坊历史街区社区',
      names: [
        { name: '清河坊社区', validFrom: '2021-03-15', validTo: '2026-05-31' },
        { name: '清河坊历史街区社区', validFrom: '2026-06-01', validTo: null },
      ],
    });
    // The code stays; residents there now show the new name.
    const p = await admin.post('/api/persons', buildPersonBody({ areaCode: COMMUNITY_QINGBO }));
    expect(p.json()).toMatchObject({ areaCode: COMMUNITY_QINGBO, areaName: '清河坊历史街区社区' });
    const audit = (await admin.get(`/api/audit?entityId=${COMMUNITY_QINGBO}&action=area.rename`)).json();
    expect(audit.items[0]).toMatchObject({
      before: { name: '清河坊社区' },
      after: { name: '清河坊历史街区社区', validFrom: '2026-06-01' },
    });
  });

  it('a rename dated in the future is recorded now and shown from its date on', async () => {
    const code = (await addArea({ parentCode: STREET_HUBIN, name: '丙社区', openedOn: '2024-01-01' })).json()
      .code;
    const res = await admin.post(`/api/areas/${code}/rename`, { name: '丁社区', validFrom: '2099-01-01' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().name).toBe('丙社区');
    expect(res.json().names.at(-1)).toEqual({ name: '丁社区', validFrom: '2099-01-01', validTo: null });
  });

  it('renames twice over the years, each name closing the one before', async () => {
    const code = (await addArea({ parentCode: STREET_HUBIN, name: '甲社区', openedOn: '2024-01-01' })).json()
      .code;
    await admin.post(`/api/areas/${code}/rename`, { name: '乙社区', validFrom: '2025-01-01' });
    const res = await admin.post(`/api/areas/${code}/rename`, { name: '丙社区', validFrom: '2026-01-01' });
    expect(res.json().names).toEqual([
      { name: '甲社区', validFrom: '2024-01-01', validTo: '2024-12-31' },
      { name: '乙社区', validFrom: '2025-01-01', validTo: '2025-12-31' },
      { name: '丙社区', validFrom: '2026-01-01', validTo: null },
    ]);
  });

  it('renames a community on the day it opened (a typo fixed at once) without a server error', async () => {
    const code = (await addArea({ parentCode: STREET_HUBIN, name: '错字社区' })).json().code;
    const res = await admin.post(`/api/areas/${code}/rename`, { name: '正字社区' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().name).toBe('正字社区');
    expectConsistentHistory(res.json().names);
    const detail = (await admin.get(`/api/areas/${code}`)).json();
    expect(detail.name).toBe('正字社区');
  });

  it('never leaves a name that ends before it starts, even when the new name is dated before the current one', async () => {
    const code = (
      await addArea({ parentCode: STREET_HUBIN, name: '日期社区', openedOn: '2025-06-01' })
    ).json().code;
    const res = await admin.post(`/api/areas/${code}/rename`, {
      name: '日期新社区',
      validFrom: '2025-01-01',
    });
    expect(res.statusCode).toBeLessThan(500);
    expectConsistentHistory((await admin.get(`/api/areas/${code}`)).json().names);
  });

  it('refuses to rename a closed area', async () => {
    const code = (
      await addArea({ parentCode: STREET_HUBIN, name: '将撤社区', openedOn: '2025-01-01' })
    ).json().code;
    expect((await admin.post(`/api/areas/${code}/close`, { reason: '合并' })).statusCode).toBe(200);
    const res = await admin.post(`/api/areas/${code}/rename`, { name: '新名' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('AREA_CLOSED');
  });
});

describe('closing', () => {
  it('refuses to close an area with open children', async () => {
    const res = await admin.post(`/api/areas/${STREET_HUBIN}/close`, { reason: '撤并' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('AREA_HAS_CHILDREN');
    expect((await admin.get(`/api/areas/${STREET_HUBIN}`)).json().closedOn).toBeNull();
  });

  it('closes a leaf with its reason, ends its name, and then the parent once all children are closed', async () => {
    const streetCode = (
      await addArea({ parentCode: DISTRICT, name: '待撤街道', level: 'street', openedOn: '2025-01-01' })
    ).json().code;
    const a = (await addArea({ parentCode: streetCode, name: '待撤一社区', openedOn: '2025-01-01' })).json()
      .code;
    const b = (await addArea({ parentCode: streetCode, name: '待撤二社区', openedOn: '2025-01-01' })).json()
      .code;
    const closedA = await admin.post(`/api/areas/${a}/close`, {
      reason: '并入相邻社区',
      closedOn: '2026-06-30',
    });
    expect(closedA.statusCode, closedA.body).toBe(200);
    expect(closedA.json()).toMatchObject({
      closedOn: '2026-06-30',
      names: [{ name: '待撤一社区', validTo: '2026-06-30' }],
    });
    expect((await admin.post(`/api/areas/${streetCode}/close`, { reason: '撤并' })).json().error.code).toBe(
      'AREA_HAS_CHILDREN',
    );
    expect((await admin.post(`/api/areas/${b}/close`, { reason: '并入相邻社区' })).statusCode).toBe(200);
    const street = await admin.post(`/api/areas/${streetCode}/close`, { reason: '撤并' });
    expect(street.statusCode, street.body).toBe(200);
    const audit = (await admin.get(`/api/audit?entityId=${a}&action=area.close`)).json();
    expect(audit.items[0]).toMatchObject({ reason: '并入相邻社区', after: { closedOn: '2026-06-30' } });
  });

  it('needs a reason, and closes only once', async () => {
    const code = (
      await addArea({ parentCode: STREET_QINGBO, name: '一次社区', openedOn: '2025-01-01' })
    ).json().code;
    expect((await admin.post(`/api/areas/${code}/close`, {})).statusCode).toBe(400);
    expect((await admin.post(`/api/areas/${code}/close`, { reason: ' ' })).statusCode).toBe(400);
    expect((await admin.get(`/api/areas/${code}`)).json().closedOn).toBeNull();
    expect((await admin.post(`/api/areas/${code}/close`, { reason: '撤销' })).statusCode).toBe(200);
    const twice = await admin.post(`/api/areas/${code}/close`, { reason: '撤销' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('AREA_CLOSED');
  });

  it('hides closed areas from the tree unless asked, and refuses new residents and children there', async () => {
    const code = (
      await addArea({ parentCode: STREET_QINGBO, name: '隐藏社区', openedOn: '2025-01-01' })
    ).json().code;
    await admin.post(`/api/areas/${code}/close`, { reason: '撤销' });
    expect((await tree(admin)).some((n) => n.code === code)).toBe(false);
    expect((await tree(admin, '?includeClosed=true')).find((n) => n.code === code)?.closedOn).toBe(
      '2026-06-15',
    );
    const person = await admin.post('/api/persons', buildPersonBody({ areaCode: code }));
    expect(person.statusCode).toBe(400);
    expect(person.json().error.issues[0]).toMatchObject({ field: 'areaCode', code: 'AREA_CLOSED' });
    const streetCode = (
      await addArea({ parentCode: DISTRICT, name: '已撤街道', level: 'street', openedOn: '2025-01-01' })
    ).json().code;
    await admin.post(`/api/areas/${streetCode}/close`, { reason: '撤销' });
    const child = await addArea({ parentCode: streetCode, name: '撤后新社区' });
    expect(child.statusCode).toBe(400);
    expect(child.json().error.issues[0]).toMatchObject({ field: 'parentCode', code: 'AREA_CLOSED' });
  });

  it('includeClosed=false means what it says', async () => {
    const code = (
      await addArea({ parentCode: STREET_QINGBO, name: '假值社区', openedOn: '2025-01-01' })
    ).json().code;
    await admin.post(`/api/areas/${code}/close`, { reason: '撤销' });
    expect((await tree(admin, '?includeClosed=false')).some((n) => n.code === code)).toBe(false);
  });

  it('never reuses a closed code: the next community follows the highest ever issued', async () => {
    const first = (
      await addArea({ parentCode: STREET_QINGBO, name: '末位社区', openedOn: '2025-01-01' })
    ).json().code as string;
    expect((await admin.post(`/api/areas/${first}/close`, { reason: '撤销' })).statusCode).toBe(200);
    const next = (await addArea({ parentCode: STREET_QINGBO, name: '接位社区' })).json().code as string;
    expect(next).not.toBe(first);
    expect(Number(next.slice(9))).toBe(Number(first.slice(9)) + 1);
    const all = await tree(admin, '?includeClosed=true');
    expect(all.filter((n) => n.code === first)).toHaveLength(1);
  });
});

describe('only the district administrator manages the tree', () => {
  it.each([
    ['street staff in their own street', () => street, STREET_HUBIN, '330102001001'],
    ['a community worker in their own community', () => worker, STREET_HUBIN, COMMUNITY_HUBIN],
  ])('%s may not add, rename or close', async (_label, who, parent, code) => {
    const c = who();
    const added = await c.post('/api/areas', { parentCode: parent, name: '越权社区', level: 'community' });
    expect(added.statusCode).toBe(403);
    expect(added.json().error.code).toBe('FORBIDDEN');
    const renamed = await c.post(`/api/areas/${code}/rename`, { name: '越权改名' });
    expect(renamed.statusCode).toBe(403);
    const closed = await c.post(`/api/areas/${code}/close`, { reason: '越权撤销' });
    expect(closed.statusCode).toBe(403);
    const detail = (await admin.get(`/api/areas/${code}`)).json();
    expect(detail.closedOn).toBeNull();
    expect(detail.names).toHaveLength(1);
    expect((await tree(admin)).some((n) => n.name === '越权社区')).toBe(false);
  });

  it('a street worker does not see another street’s areas', async () => {
    expect((await street.get(`/api/areas/${STREET_QINGBO}`)).statusCode).toBe(404);
    expect((await street.get(`/api/areas/${COMMUNITY_QINGBO}`)).statusCode).toBe(404);
    expect((await street.get(`/api/areas/${COMMUNITY_HUBIN}`)).statusCode).toBe(200);
    expect((await worker.get('/api/areas/330102001002')).statusCode).toBe(404);
    expect((await worker.get(`/api/areas/${STREET_HUBIN}`)).statusCode).toBe(200);
  });
});
