/**
 * The authorisation matrix: every endpoint of the app, every role, three areas. Each role is
 * granted on one area (the district, 湖滨街道, or 涌金门社区) and must reach exactly that area:
 * a record in its own community, in a sibling community of the same street (青年路社区) and in
 * another street (清波街道 清河坊社区). A route that is not in the matrix fails the build.
 */
import { and, count, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../contracts/roles.ts';
import { openAccount, postTransfer } from './modules/ledger/index.ts';
import { areaPrefix } from './platform/access.ts';
import { auditLog } from './platform/audit/audit.schema.ts';
import { fixedClock } from './platform/clock.ts';
import type { Ctx } from './platform/context.ts';
import type { App } from './platform/http/types.ts';
import {
  buildIdNumber,
  buildOrgBody,
  buildPersonBody,
  buildServicePointBody,
  COMMUNITY_HUBIN,
  COMMUNITY_HUBIN_2,
  COMMUNITY_QINGBO,
  DISTRICT,
  STREET_HUBIN,
  STREET_QINGBO,
} from './testing/builders.ts';
import { createTestContext } from './testing/context.ts';
import {
  type Client,
  createTestApp,
  loginAs,
  nextRemoteAddress,
  signIn,
  TEST_PASSWORD,
} from './testing/http.ts';

const AREA = { own: COMMUNITY_HUBIN, sibling: COMMUNITY_HUBIN_2, otherStreet: COMMUNITY_QINGBO } as const;
type Target = keyof typeof AREA;
const TARGETS: Target[] = ['own', 'sibling', 'otherStreet'];
const STREET_OF: Record<Target, string> = {
  own: STREET_HUBIN,
  sibling: STREET_HUBIN,
  otherStreet: STREET_QINGBO,
};

const ROLE_ORDER: Role[] = [
  'district_admin',
  'street_staff',
  'community_worker',
  'service_provider',
  'volunteer',
];
const GRANT: Record<Role, string> = {
  district_admin: DISTRICT,
  street_staff: STREET_HUBIN,
  community_worker: COMMUNITY_HUBIN,
  service_provider: COMMUNITY_HUBIN,
  volunteer: COMMUNITY_HUBIN,
};
/** Which of [own, sibling, other street] each role's grant covers. */
const REACH: Record<Role, readonly [boolean, boolean, boolean]> = {
  district_admin: [true, true, true],
  street_staff: [true, true, false],
  community_worker: [true, false, false],
  service_provider: [true, false, false],
  volunteer: [true, false, false],
};
const reaches = (role: Role, t: Target) => REACH[role][TARGETS.indexOf(t)]!;
const inScope = (role: Role, areaCode: string) => areaCode.startsWith(areaPrefix(GRANT[role]));

/** Routes open without a session. Everything else under /api/ must be in the matrix. */
const PUBLIC_ROUTES = [
  'POST /api/auth/login',
  'GET /api/health',
  'GET /api/openapi.json',
  // activities: anyone checks a volunteer certificate by its number
  'GET /api/public/certificates/:certNo',
];
const isPublic = (route: string) => PUBLIC_ROUTES.includes(route) || / \/api\/docs(\/|$)/.test(route);

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT';
interface Req {
  method: Method;
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}
type Row = readonly [number, number, number];
interface Endpoint {
  /** HTTP status per role for a target in [own community, sibling community, other street]. */
  expect: Record<Role, Row>;
  /** Builds the request aimed at the target; may first create what it needs (as the fixture admin, or as the role). */
  request(target: Target, role: Role): Promise<Req>;
  /** Status for a caller without a session (401 unless the route is public by design). */
  anonymous?: number;
  /** The route is not about an area: each role calls it once (the first status of its row counts). */
  unscoped?: boolean;
  /** More checks on a 2xx response. */
  check?(res: LightMyRequestResponse, c: { role: Role; target: Target }): void | Promise<void>;
  /** Use another session than the role's main one (logout must not end the session the matrix uses). */
  client?(role: Role): Promise<Client>;
}
type Matrix = Record<string, Endpoint>;

let ctx: Ctx;
let close: () => Promise<void>;
let app: App;
let fixtures: Client;
const clients = {} as Record<Role, Client>;

/** Every response body seen, to prove no plaintext ID number or phone ever leaves except by reveal. */
const seen: { route: string; body: string }[] = [];
/** Plaintext ID numbers and phones of every person created here, by person id. */
const plain = new Map<string, { idNumber: string; phone: string }>();

async function call(client: Client | null, req: Req, headers: Record<string, string | undefined> = {}) {
  const withCsrf = client && !('x-csrf-token' in headers) ? { 'x-csrf-token': client.csrf } : {};
  const merged = Object.fromEntries(
    Object.entries({ ...withCsrf, ...req.headers, ...headers }).filter(([, v]) => v !== undefined),
  ) as Record<string, string>;
  const res = await app.inject({
    method: req.method,
    url: req.url,
    headers: merged,
    ...(client ? { cookies: { ms_session: client.cookie } } : {}),
    ...(req.body !== undefined ? { payload: req.body as never } : {}),
  });
  seen.push({ route: `${req.method} ${req.url}`, body: res.body });
  return res;
}

async function created(req: Req, status = 201) {
  const res = await call(fixtures, req);
  expect(res.statusCode, `${req.method} ${req.url}: ${res.body}`).toBe(status);
  return res.json();
}

let ages = 30;
async function newPerson(
  target: Target,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; version: number }> {
  ages = ages >= 95 ? 30 : ages + 1;
  const body = buildPersonBody({ areaCode: AREA[target], age: ages, ...extra });
  const p = await created({ method: 'POST', url: '/api/persons', body });
  plain.set(p.id, { idNumber: body.idNumber, phone: body.phone });
  return p;
}
const newOrg = (target: Target) =>
  created({ method: 'POST', url: '/api/orgs', body: buildOrgBody({ areaCode: AREA[target] }) });
const newPoint = (target: Target) =>
  created({
    method: 'POST',
    url: '/api/service-points',
    body: buildServicePointBody({ areaCode: AREA[target] }),
  });
let communities = 0;
// Opened earlier in the year, so that renaming it today is an ordinary rename.
const newCommunity = (target: Target) =>
  created({
    method: 'POST',
    url: '/api/areas',
    body: {
      parentCode: STREET_OF[target],
      level: 'community',
      name: `矩阵测试${++communities}`,
      openedOn: '2026-01-01',
    },
  });
async function newFact(personId: string): Promise<string> {
  const p = await created({
    method: 'POST',
    url: `/api/persons/${personId}/facts`,
    body: {
      kind: 'living_arrangement',
      value: { arrangement: 'alone' },
      validFrom: '2025-01-01',
      source: '入户走访',
    },
  });
  return p.facts.find((f: { kind: string }) => f.kind === 'living_arrangement').id;
}
const personVersion = async (id: string) =>
  (await created({ method: 'GET', url: `/api/persons/${id}` }, 200)).version;

const seeded = {
  person: {} as Record<Target, { id: string }>,
  org: {} as Record<Target, { id: string }>,
  point: {} as Record<Target, { id: string }>,
  import: {} as Record<Target, { id: string }>,
};
/** Plaintext ID numbers and phones that went in through import files. */
const importedSecrets: string[] = [];
/** The ID number in each uploaded file, by import id. */
const importedId = new Map<string, string>();

const CSV_HEADER = [
  '姓名',
  '身份证号',
  '联系电话',
  '户籍',
  '居住社区',
  '所属街道',
  '居住地址',
  '与户主关系',
  '户号',
];
/** A one-resident CSV upload (multipart, as the browser sends it) for the target's community. */
function residentUpload(target: Target): Req {
  const p = buildPersonBody({ areaCode: AREA[target], age: 75 });
  importedSecrets.push(p.idNumber, p.phone);
  const csv = `\uFEFF${[
    CSV_HEADER,
    [p.name, p.idNumber, p.phone, '本区', AREA[target], '', p.address, '本人', ''],
  ]
    .map((r) => r.join(','))
    .join('\r\n')}\r\n`;
  const boundary = '----minsheng-matrix';
  const body = [
    `--${boundary}`,
    'Content-Disposition: form-data; name="file"; filename="residents.csv"',
    'Content-Type: text/csv',
    '',
    csv,
    `--${boundary}--`,
    '',
  ].join('\r\n');
  return {
    method: 'POST',
    url: '/api/imports/residents',
    body,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** Uploads as `client` and waits for the background validation to finish. */
async function uploadSettled(
  client: Client,
  target: Target,
): Promise<{ id: string; status: string; report: unknown }> {
  const up = await call(client, residentUpload(target));
  expect(up.statusCode, up.body).toBe(202);
  importedId.set(up.json().id, importedSecrets.at(-2)!);
  return settled(client, up.json().id);
}

async function settled(client: Client, id: string): Promise<{ id: string; status: string; report: unknown }> {
  for (let i = 0; i < 3000; i++) {
    const r = await call(client, { method: 'GET', url: `/api/imports/${id}` });
    expect(r.statusCode, r.body).toBe(200);
    if (r.json().status !== 'validating') return r.json();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`import ${id} is still validating`);
}

async function auditCount(where: { entityId?: string; action?: string; actorName?: string }) {
  const conds = [
    ...(where.entityId ? [eq(auditLog.entityId, where.entityId)] : []),
    ...(where.action ? [eq(auditLog.action, where.action)] : []),
    ...(where.actorName ? [eq(auditLog.actorName, where.actorName)] : []),
  ];
  const [r] = await ctx.db
    .select({ n: count() })
    .from(auditLog)
    .where(conds.length ? and(...conds) : undefined);
  return Number(r?.n ?? 0);
}

beforeAll(async () => {
  ({ ctx, close } = await createTestContext());
  app = await createTestApp(ctx);
  fixtures = await signIn(app, ctx, [{ role: 'district_admin', areaCode: DISTRICT }], 'fixtures', {
    remoteAddress: nextRemoteAddress(),
  });
  for (const role of ROLE_ORDER)
    clients[role] = await signIn(app, ctx, [{ role, areaCode: GRANT[role] }], `m_${role}`, {
      remoteAddress: nextRemoteAddress(),
    });
  for (const t of TARGETS) {
    seeded.person[t] = await newPerson(t);
    seeded.org[t] = await newOrg(t);
    seeded.point[t] = await newPoint(t);
  }
  for (const t of TARGETS) {
    const v = await uploadSettled(fixtures, t);
    expect(v.status).toBe('validated');
    seeded.import[t] = v;
  }
});
afterAll(async () => {
  await app?.close();
  await close?.();
});

// ---------------------------------------------------------------------------------------------
// Checks shared by the list endpoints
// ---------------------------------------------------------------------------------------------

function checkListed(res: LightMyRequestResponse, role: Role, target: Target, seededId: string) {
  const items = res.json().items as { id: string; areaCode: string }[];
  for (const i of items) expect(inScope(role, i.areaCode), `${role} listed ${i.areaCode}`).toBe(true);
  // Filtered to the target's area: the target's record shows exactly when the role reaches it.
  for (const i of items) expect(i.areaCode).toBe(AREA[target]);
  expect(items.some((i) => i.id === seededId)).toBe(reaches(role, target));
}

function treeCodes(nodes: { code: string; children: unknown[] }[]): string[] {
  return nodes.flatMap((n) => [n.code, ...treeCodes(n.children as never)]);
}

// ---------------------------------------------------------------------------------------------
// The matrix
// ---------------------------------------------------------------------------------------------

const AUTH: Matrix = {
  'GET /api/auth/me': {
    unscoped: true,
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 200],
      community_worker: [200, 200, 200],
      service_provider: [200, 200, 200],
      volunteer: [200, 200, 200],
    },
    request: async () => ({ method: 'GET', url: '/api/auth/me' }),
    check: (res, { role }) => {
      expect(res.json().grants).toEqual([expect.objectContaining({ role, areaCode: GRANT[role] })]);
    },
  },
  'POST /api/auth/logout': {
    unscoped: true,
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 200],
      community_worker: [200, 200, 200],
      service_provider: [200, 200, 200],
      volunteer: [200, 200, 200],
    },
    client: (role) => loginAs(app, `m_${role}`, TEST_PASSWORD, { remoteAddress: nextRemoteAddress() }),
    request: async () => ({ method: 'POST', url: '/api/auth/logout', body: {} }),
    check: async (_res, { role }) => {
      // The role's main session is untouched.
      expect((await call(clients[role], { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
    },
  },
};

const AREAS: Matrix = {
  'GET /api/areas/tree': {
    unscoped: true,
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 200],
      community_worker: [200, 200, 200],
      service_provider: [200, 200, 200],
      volunteer: [200, 200, 200],
    },
    request: async () => ({ method: 'GET', url: '/api/areas/tree' }),
    check: (res, { role }) => {
      const codes = treeCodes(res.json());
      const grant = areaPrefix(GRANT[role]);
      // Only the grant's subtree and the path down to it.
      for (const c of codes)
        expect(c.startsWith(grant) || grant.startsWith(areaPrefix(c)), `${role} sees ${c}`).toBe(true);
      expect(codes).toContain(GRANT[role]);
      for (const t of TARGETS) expect(codes.includes(AREA[t]), `${role} → ${t}`).toBe(reaches(role, t));
    },
  },
  'GET /api/areas/:code': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 404],
      community_worker: [200, 404, 404],
      service_provider: [200, 404, 404],
      volunteer: [200, 404, 404],
    },
    request: async (t) => ({ method: 'GET', url: `/api/areas/${AREA[t]}` }),
    check: (res, { target }) => {
      expect(res.json().code).toBe(AREA[target]);
    },
  },
  // Managing the tree is the district's alone; the targets are new communities in the target's street.
  'POST /api/areas': {
    expect: {
      district_admin: [201, 201, 201],
      street_staff: [403, 403, 403],
      community_worker: [403, 403, 403],
      service_provider: [403, 403, 403],
      volunteer: [403, 403, 403],
    },
    request: async (t) => ({
      method: 'POST',
      url: '/api/areas',
      body: { parentCode: STREET_OF[t], level: 'community', name: `矩阵新增${++communities}` },
    }),
    check: (res, { target }) => {
      expect(res.json().parentCode).toBe(STREET_OF[target]);
    },
  },
  'POST /api/areas/:code/rename': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [403, 403, 403],
      community_worker: [403, 403, 403],
      service_provider: [403, 403, 403],
      volunteer: [403, 403, 403],
    },
    request: async (t) => ({
      method: 'POST',
      url: `/api/areas/${(await newCommunity(t)).code}/rename`,
      body: { name: `改名${communities}` },
    }),
  },
  'POST /api/areas/:code/close': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [403, 403, 403],
      community_worker: [403, 403, 403],
      service_provider: [403, 403, 403],
      volunteer: [403, 403, 403],
    },
    request: async (t) => ({
      method: 'POST',
      url: `/api/areas/${(await newCommunity(t)).code}/close`,
      body: { reason: '矩阵测试撤销' },
    }),
    check: (res) => {
      expect(res.json().closedOn).toBe('2026-06-15');
    },
  },
};

const PERSONS: Matrix = {
  'GET /api/persons': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 200],
      community_worker: [200, 200, 200],
      service_provider: [200, 200, 200],
      volunteer: [403, 403, 403],
    },
    request: async (t) => ({ method: 'GET', url: `/api/persons?area=${AREA[t]}&pageSize=200` }),
    check: (res, { role, target }) => checkListed(res, role, target, seeded.person[target].id),
  },
  'POST /api/persons': {
    expect: {
      district_admin: [201, 201, 201],
      street_staff: [201, 201, 403],
      community_worker: [201, 403, 403],
      service_provider: [403, 403, 403],
      volunteer: [403, 403, 403],
    },
    request: async (t) => {
      const body = buildPersonBody({ areaCode: AREA[t], age: 66 + TARGETS.indexOf(t) });
      return { method: 'POST', url: '/api/persons', body };
    },
    check: (res, { target }) => {
      expect(res.json().areaCode).toBe(AREA[target]);
    },
  },
  'GET /api/persons/:id': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 404],
      community_worker: [200, 404, 404],
      service_provider: [200, 404, 404],
      volunteer: [403, 403, 403],
    },
    request: async (t) => ({ method: 'GET', url: `/api/persons/${seeded.person[t].id}` }),
    check: (res, { role, target }) => {
      const p = res.json();
      expect(p.areaCode).toBe(AREA[target]);
      expect(p.idMasked).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
      const mayWrite = ['district_admin', 'street_staff', 'community_worker'].includes(role);
      expect(p.canRevealId).toBe(mayWrite);
      expect(p.canWrite).toBe(mayWrite);
    },
  },
  'PATCH /api/persons/:id': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 404],
      community_worker: [200, 404, 404],
      service_provider: [403, 403, 403],
      volunteer: [403, 403, 403],
    },
    request: async (t) => {
      const p = await newPerson(t);
      return {
        method: 'PATCH',
        url: `/api/persons/${p.id}`,
        body: { address: '新地址 8 号', version: p.version },
      };
    },
    check: (res) => {
      expect(res.json().address).toBe('新地址 8 号');
    },
  },
  'POST /api/persons/:id/reveal': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 404],
      community_worker: [200, 404, 404],
      // Providers read residents in their community but may not reveal the full ID.
      service_provider: [403, 404, 404],
      volunteer: [403, 403, 403],
    },
    request: async (t) => ({
      method: 'POST',
      url: `/api/persons/${seeded.person[t].id}/reveal`,
      body: { reason: '核对材料' },
    }),
    check: (res, { target }) => {
      expect(res.json().idNumber).toBe(plain.get(seeded.person[target].id)!.idNumber);
    },
  },
  'POST /api/persons/:id/facts': {
    expect: {
      district_admin: [201, 201, 201],
      street_staff: [201, 201, 404],
      community_worker: [201, 404, 404],
      service_provider: [403, 403, 403],
      volunteer: [403, 403, 403],
    },
    request: async (t) => ({
      method: 'POST',
      url: `/api/persons/${(await newPerson(t)).id}/facts`,
      body: {
        kind: 'ability_grade',
        value: { grade: 'moderate' },
        validFrom: '2026-01-01',
        source: '能力评估',
      },
    }),
    check: (res) => {
      expect(res.json().facts.map((f: { kind: string }) => f.kind)).toEqual(['ability_grade']);
    },
  },
  'POST /api/persons/:id/facts/:factId/close': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 404],
      community_worker: [200, 404, 404],
      service_provider: [403, 403, 403],
      volunteer: [403, 403, 403],
    },
    request: async (t) => {
      const p = await newPerson(t);
      const factId = await newFact(p.id);
      return {
        method: 'POST',
        url: `/api/persons/${p.id}/facts/${factId}/close`,
        body: { validTo: '2026-05-31' },
      };
    },
    check: (res) => {
      expect(res.json().facts[0].validTo).toBe('2026-05-31');
    },
  },
};

const ORGS: Matrix = {
  'GET /api/orgs': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 200],
      community_worker: [200, 200, 200],
      service_provider: [200, 200, 200],
      volunteer: [200, 200, 200],
    },
    request: async (t) => ({ method: 'GET', url: `/api/orgs?area=${AREA[t]}&pageSize=200` }),
    check: (res, { role, target }) => checkListed(res, role, target, seeded.org[target].id),
  },
  'POST /api/orgs': {
    expect: {
      district_admin: [201, 201, 201],
      street_staff: [201, 201, 403],
      community_worker: [403, 403, 403],
      service_provider: [403, 403, 403],
      volunteer: [403, 403, 403],
    },
    request: async (t) => ({ method: 'POST', url: '/api/orgs', body: buildOrgBody({ areaCode: AREA[t] }) }),
  },
  'GET /api/orgs/:id': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 404],
      community_worker: [200, 404, 404],
      service_provider: [200, 404, 404],
      volunteer: [200, 404, 404],
    },
    request: async (t) => ({ method: 'GET', url: `/api/orgs/${seeded.org[t].id}` }),
    check: (res, { target }) => {
      expect(res.json().id).toBe(seeded.org[target].id);
    },
  },
  'PATCH /api/orgs/:id': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 404],
      community_worker: [403, 403, 403],
      service_provider: [403, 403, 403],
      volunteer: [403, 403, 403],
    },
    request: async (t) => {
      const o = await newOrg(t);
      return {
        method: 'PATCH',
        url: `/api/orgs/${o.id}`,
        body: { contactName: '新联系人', version: o.version },
      };
    },
    check: (res) => {
      expect(res.json().contactName).toBe('新联系人');
    },
  },
};

const SERVICE_POINTS: Matrix = {
  'GET /api/service-points': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 200],
      community_worker: [200, 200, 200],
      service_provider: [200, 200, 200],
      volunteer: [200, 200, 200],
    },
    request: async (t) => ({ method: 'GET', url: `/api/service-points?area=${AREA[t]}&pageSize=200` }),
    check: (res, { role, target }) => checkListed(res, role, target, seeded.point[target].id),
  },
  'POST /api/service-points': {
    expect: {
      district_admin: [201, 201, 201],
      street_staff: [201, 201, 403],
      community_worker: [403, 403, 403],
      service_provider: [403, 403, 403],
      volunteer: [403, 403, 403],
    },
    request: async (t) => ({
      method: 'POST',
      url: '/api/service-points',
      body: buildServicePointBody({ areaCode: AREA[t] }),
    }),
  },
  'GET /api/service-points/:id': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 404],
      community_worker: [200, 404, 404],
      service_provider: [200, 404, 404],
      volunteer: [200, 404, 404],
    },
    request: async (t) => ({ method: 'GET', url: `/api/service-points/${seeded.point[t].id}` }),
    check: (res, { target }) => {
      expect(res.json().id).toBe(seeded.point[target].id);
    },
  },
  'PATCH /api/service-points/:id': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 404],
      community_worker: [403, 403, 403],
      service_provider: [403, 403, 403],
      volunteer: [403, 403, 403],
    },
    request: async (t) => {
      const s = await newPoint(t);
      return {
        method: 'PATCH',
        url: `/api/service-points/${s.id}`,
        body: { address: '新址 9 号', version: s.version },
      };
    },
    check: (res) => {
      expect(res.json().address).toBe('新址 9 号');
    },
  },
  'POST /api/service-points/:id/close': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 404],
      community_worker: [403, 403, 403],
      service_provider: [403, 403, 403],
      volunteer: [403, 403, 403],
    },
    request: async (t) => ({
      method: 'POST',
      url: `/api/service-points/${(await newPoint(t)).id}/close`,
      body: { reason: '场地改造' },
    }),
    check: (res) => {
      expect(res.json().closedOn).toBe('2026-06-15');
    },
  },
};

const AUDIT: Matrix = {
  // Filtered to the target's seeded person: its rows show exactly when the role reaches it.
  'GET /api/audit': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 200],
      community_worker: [403, 403, 403],
      service_provider: [403, 403, 403],
      volunteer: [403, 403, 403],
    },
    request: async (t) => ({ method: 'GET', url: `/api/audit?entityId=${seeded.person[t].id}&pageSize=200` }),
    check: (res, { role, target }) => {
      const items = res.json().items as { areaCode: string | null; action: string }[];
      expect(items.length > 0, `${role} → ${target}`).toBe(reaches(role, target));
      if (role !== 'district_admin')
        for (const i of items) expect(inScope(role, i.areaCode ?? '')).toBe(true);
    },
  },
};

/**
 * /api/imports. A file is refused outright without import.run and person.write; rows for an
 * area outside the importer's scope are refused row by row (IMPORT_AREA_OUT_OF_SCOPE), so such
 * an upload validates as "invalid" and its commit answers 409 IMPORT_HAS_ERRORS, writing nothing.
 * A new route here fails the coverage test until it has an entry.
 */
const IMPORTS: Matrix = {
  // Listed first: until here only the three seeded imports (one per target, by the fixture admin) exist.
  'GET /api/imports': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 200],
      community_worker: [200, 200, 200],
      service_provider: [403, 403, 403],
      volunteer: [403, 403, 403],
    },
    request: async () => ({ method: 'GET', url: '/api/imports' }),
    check: (res, { role, target }) => {
      const items = res.json().items as { id: string; areaCode: string | null; createdBy: string | null }[];
      for (const i of items)
        expect(inScope(role, i.areaCode ?? ''), `${role} lists import in ${i.areaCode}`).toBe(true);
      expect(items.some((i) => i.id === seeded.import[target].id)).toBe(reaches(role, target));
    },
  },
  'GET /api/imports/:id': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 404],
      community_worker: [200, 404, 404],
      service_provider: [403, 403, 403],
      volunteer: [403, 403, 403],
    },
    request: async (t) => ({ method: 'GET', url: `/api/imports/${seeded.import[t].id}` }),
    check: (res, { target }) => {
      expect(res.json()).toMatchObject({
        id: seeded.import[target].id,
        areaCode: AREA[target],
        status: 'validated',
      });
    },
  },
  'GET /api/imports/template.csv': {
    unscoped: true,
    anonymous: 200,
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 200],
      community_worker: [200, 200, 200],
      service_provider: [200, 200, 200],
      volunteer: [200, 200, 200],
    },
    request: async () => ({ method: 'GET', url: '/api/imports/template.csv' }),
    check: (res) => {
      // A header row and nothing else: public because it holds no data.
      expect(res.body.trim().split(/\r?\n/)).toHaveLength(1);
      expect(res.body).toContain('身份证号');
    },
  },
  'POST /api/imports/residents': {
    expect: {
      district_admin: [202, 202, 202],
      street_staff: [202, 202, 202],
      community_worker: [202, 202, 202],
      service_provider: [403, 403, 403],
      volunteer: [403, 403, 403],
    },
    request: async (t) => residentUpload(t),
    check: async (res, { role, target }) => {
      const v = await settled(clients[role], res.json().id);
      if (reaches(role, target)) expect(v.status).toBe('validated');
      else {
        expect(v.status).toBe('invalid');
        expect(JSON.stringify(v.report)).toContain('IMPORT_AREA_OUT_OF_SCOPE');
      }
    },
  },
  'POST /api/imports/:id/commit': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 409],
      community_worker: [200, 409, 409],
      service_provider: [403, 403, 403],
      volunteer: [403, 403, 403],
    },
    request: async (t, role) => {
      // Only the uploader commits: importers upload their own file; the others try the seeded one.
      const mayImport = ['district_admin', 'street_staff', 'community_worker'].includes(role);
      const id = mayImport ? (await uploadSettled(clients[role], t)).id : seeded.import[t].id;
      return { method: 'POST', url: `/api/imports/${id}/commit`, body: { onDuplicate: 'skip' } };
    },
    check: async (res, { target }) => {
      expect(res.json()).toMatchObject({ status: 'committed', insertedRows: 1 });
      const idNumber = importedId.get(res.json().id)!;
      const found = (await call(fixtures, { method: 'GET', url: `/api/persons?q=${idNumber}` })).json();
      expect(found.items.map((i: { areaCode: string }) => i.areaCode)).toEqual([AREA[target]]);
    },
  },
};

/**
 * /api/ledger. An elder's account is seen where the elder's area is in scope; adjustments,
 * reversals and the whole-ledger check are for district staff only.
 */
const elderAccount = async (t: Target) => {
  const fund = await openAccount(ctx.db, ctx.clock, {
    ownerType: 'programme',
    ownerId: 'authz-fund',
    unit: 'fen',
    kind: 'fund',
    areaCode: DISTRICT,
    allowNegative: true,
  });
  const acc = await openAccount(ctx.db, ctx.clock, {
    ownerType: 'person',
    ownerId: seeded.person[t].id,
    unit: 'fen',
    kind: 'elder_care',
    areaCode: AREA[t],
  });
  return { fund, acc };
};
let ledgerKeys = 0;
const LEDGER: Matrix = {
  'GET /api/ledger/accounts': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 200],
      community_worker: [200, 200, 200],
      service_provider: [403, 403, 403],
      volunteer: [403, 403, 403],
    },
    request: async (t) => {
      const { acc } = await elderAccount(t);
      return { method: 'GET', url: `/api/ledger/accounts?ownerType=person&ownerId=${acc.ownerId}` };
    },
    check: (res, { role, target }) => {
      expect(res.json().items.length > 0, `${role} → ${target}`).toBe(reaches(role, target));
    },
  },
  'GET /api/ledger/accounts/:id/entries': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 404],
      community_worker: [200, 404, 404],
      service_provider: [403, 403, 403],
      volunteer: [403, 403, 403],
    },
    request: async (t) => {
      const { fund, acc } = await elderAccount(t);
      await postTransfer(ctx.db, ctx.clock, {
        key: `authz-ledger-${++ledgerKeys}`,
        debitAccountId: fund.id,
        creditAccountId: acc.id,
        amount: 100,
        unit: 'fen',
        code: 'chongyang.grant',
      });
      return { method: 'GET', url: `/api/ledger/accounts/${acc.id}/entries` };
    },
    check: (res) => {
      expect(res.json().entries.length).toBeGreaterThan(0);
    },
  },
  'POST /api/ledger/adjustments': {
    expect: {
      district_admin: [201, 201, 201],
      street_staff: [403, 403, 403],
      community_worker: [403, 403, 403],
      service_provider: [403, 403, 403],
      volunteer: [403, 403, 403],
    },
    request: async (t) => {
      const { fund, acc } = await elderAccount(t);
      return {
        method: 'POST',
        url: '/api/ledger/adjustments',
        body: {
          key: `authz-adjust-${++ledgerKeys}`,
          debitAccountId: fund.id,
          creditAccountId: acc.id,
          amount: 50,
          unit: 'fen',
          reason: '补发',
        },
      };
    },
  },
  'POST /api/ledger/transfers/:id/reverse': {
    expect: {
      district_admin: [201, 201, 201],
      street_staff: [403, 403, 403],
      community_worker: [403, 403, 403],
      service_provider: [403, 403, 403],
      volunteer: [403, 403, 403],
    },
    request: async (t) => {
      const { fund, acc } = await elderAccount(t);
      const r = await postTransfer(ctx.db, ctx.clock, {
        key: `authz-rev-${++ledgerKeys}`,
        debitAccountId: fund.id,
        creditAccountId: acc.id,
        amount: 70,
        unit: 'fen',
        code: 'chongyang.grant',
      });
      return {
        method: 'POST',
        url: `/api/ledger/transfers/${r.transfer.id}/reverse`,
        body: { key: `authz-rev-key-${ledgerKeys}`, reason: '错发' },
      };
    },
  },
  'GET /api/ledger/check': {
    unscoped: true,
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [403, 403, 403],
      community_worker: [403, 403, 403],
      service_provider: [403, 403, 403],
      volunteer: [403, 403, 403],
    },
    request: async () => ({ method: 'GET', url: '/api/ledger/check' }),
    check: (res) => {
      expect(res.json().violations).toEqual([]);
    },
  },
};

/**
 * /api/settlement. A statement belongs to a provider: staff read those of providers registered
 * in their area, a provider's staff those of the organisation they act for (here the provider
 * acts for the seeded organisation in its own community). Drawing up, approving, paying and the
 * reconciliation are the district's. Statements are for May, ended on the matrix's 15 June.
 */
const SETTLEMENT_MONTH = '2026-05';
let settlementSeq = 0;
const seededStatement = {} as Record<Target, { id: string; version: number }>;
async function providerActsForOwnOrg() {
  const me = (await call(clients.service_provider, { method: 'GET', url: '/api/auth/me' })).json();
  await ctx.database.exec(
    `INSERT INTO org_members (user_id, org_id) VALUES ('${me.id}', '${seeded.org.own.id}') ON CONFLICT DO NOTHING`,
  );
}
/** A May statement of `orgId` (a new organisation by default): one meal subsidy, drawn up. */
async function newStatement(
  t: Target,
  opts: { orgId?: string; approved?: boolean } = {},
): Promise<{ id: string; version: number }> {
  const orgId = opts.orgId ?? (await newOrg(t)).id;
  const fund = await openAccount(ctx.db, ctx.clock, {
    ownerType: 'programme',
    ownerId: 'authz-meal-fund',
    unit: 'fen',
    kind: 'fund',
    areaCode: DISTRICT,
    allowNegative: true,
  });
  const receivable = await openAccount(ctx.db, ctx.clock, {
    ownerType: 'org',
    ownerId: orgId,
    unit: 'fen',
    kind: 'receivable',
    areaCode: AREA[t],
  });
  await postTransfer(ctx.db, fixedClock('2026-05-20T04:00:00Z'), {
    key: `authz-settlement-${++settlementSeq}`,
    debitAccountId: fund.id,
    creditAccountId: receivable.id,
    amount: 360,
    unit: 'fen',
    code: 'meal.subsidy',
  });
  await created(
    { method: 'POST', url: '/api/settlement/statements/generate', body: { month: SETTLEMENT_MONTH, orgId } },
    200,
  );
  const list = await created(
    { method: 'GET', url: `/api/settlement/statements?org=${orgId}&month=${SETTLEMENT_MONTH}` },
    200,
  );
  const s = list.items[0];
  if (!opts.approved) return s;
  const approved = await created(
    { method: 'POST', url: `/api/settlement/statements/${s.id}/approve`, body: { version: s.version } },
    200,
  );
  return approved.statement;
}
async function seededStatementOf(t: Target) {
  await providerActsForOwnOrg();
  seededStatement[t] ??= await newStatement(t, { orgId: seeded.org[t].id });
  return seededStatement[t];
}
const DISTRICT_ONLY = {
  district_admin: [200, 200, 200],
  street_staff: [403, 403, 403],
  community_worker: [403, 403, 403],
  service_provider: [403, 403, 403],
  volunteer: [403, 403, 403],
} as const;
const READ_ONE = {
  district_admin: [200, 200, 200],
  street_staff: [200, 200, 404],
  community_worker: [403, 403, 403],
  service_provider: [200, 404, 404],
  volunteer: [403, 403, 403],
} as const;
const SETTLEMENT: Matrix = {
  'GET /api/settlement/statements': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 200],
      community_worker: [403, 403, 403],
      service_provider: [200, 200, 200],
      volunteer: [403, 403, 403],
    },
    request: async (t) => {
      await seededStatementOf(t);
      return { method: 'GET', url: `/api/settlement/statements?org=${seeded.org[t].id}&pageSize=200` };
    },
    check: (res, { role, target }) => {
      const items = res.json().items as { id: string }[];
      expect(
        items.some((i) => i.id === seededStatement[target].id),
        `${role} → ${target}`,
      ).toBe(reaches(role, target));
    },
  },
  'POST /api/settlement/statements/generate': {
    expect: DISTRICT_ONLY,
    request: async (t) => ({
      method: 'POST',
      url: '/api/settlement/statements/generate',
      body: { month: SETTLEMENT_MONTH, orgId: (await newOrg(t)).id },
    }),
    check: (res) => {
      expect(res.json()).toMatchObject({ created: 1, statementIds: [expect.any(String)] });
    },
  },
  'GET /api/settlement/statements/:id': {
    expect: READ_ONE,
    request: async (t) => ({
      method: 'GET',
      url: `/api/settlement/statements/${(await seededStatementOf(t)).id}`,
    }),
    check: (res, { target }) => {
      expect(res.json().statement).toMatchObject({ orgId: seeded.org[target].id, totalFen: 360 });
    },
  },
  'POST /api/settlement/statements/:id/recompute': {
    expect: DISTRICT_ONLY,
    request: async (t) => ({
      method: 'POST',
      url: `/api/settlement/statements/${(await newStatement(t)).id}/recompute`,
      body: {},
    }),
  },
  'POST /api/settlement/statements/:id/approve': {
    expect: DISTRICT_ONLY,
    request: async (t) => {
      const s = await newStatement(t);
      return {
        method: 'POST',
        url: `/api/settlement/statements/${s.id}/approve`,
        body: { version: s.version },
      };
    },
    check: (res) => {
      expect(res.json().statement.status).toBe('approved');
    },
  },
  'POST /api/settlement/statements/:id/pay': {
    expect: DISTRICT_ONLY,
    request: async (t) => {
      const s = await newStatement(t, { approved: true });
      return { method: 'POST', url: `/api/settlement/statements/${s.id}/pay`, body: { version: s.version } };
    },
    check: (res) => {
      expect(res.json().statement).toMatchObject({ status: 'paid', payoutTransferId: expect.any(String) });
    },
  },
  'GET /api/settlement/statements/:id/export.xlsx': {
    expect: READ_ONE,
    request: async (t) => ({
      method: 'GET',
      url: `/api/settlement/statements/${(await seededStatementOf(t)).id}/export.xlsx`,
    }),
    check: (res) => {
      expect(res.headers['content-type']).toContain('spreadsheetml');
    },
  },
  'GET /api/settlement/months/:month/export.xlsx': {
    unscoped: true,
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 200],
      community_worker: [403, 403, 403],
      service_provider: [200, 200, 200],
      volunteer: [403, 403, 403],
    },
    request: async () => ({ method: 'GET', url: `/api/settlement/months/${SETTLEMENT_MONTH}/export.xlsx` }),
    check: (res) => {
      expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    },
  },
  'GET /api/settlement/months/:month/reconciliation': {
    unscoped: true,
    expect: DISTRICT_ONLY,
    request: async () => ({
      method: 'GET',
      url: `/api/settlement/months/${SETTLEMENT_MONTH}/reconciliation`,
    }),
    check: (res) => {
      expect(res.json().month).toBe(SETTLEMENT_MONTH);
    },
  },
};

// ---- 重阳分 (care-credits): settings and batches are the district's; the list, an elder's
// accounts and cards follow the person's area. Seeded lazily by the fixture admin.
const CC_DISTRICT_ONLY = (ok: number): Record<Role, Row> => ({
  district_admin: [ok, ok, ok],
  street_staff: [403, 403, 403],
  community_worker: [403, 403, 403],
  service_provider: [403, 403, 403],
  volunteer: [403, 403, 403],
});
const CC_BY_PERSON = (ok: number): Record<Role, Row> => ({
  district_admin: [ok, ok, ok],
  street_staff: [ok, ok, 404],
  community_worker: [ok, 404, 404],
  service_provider: [403, 403, 403],
  volunteer: [403, 403, 403],
});
let ccSerial = 0;
let ccSettingsReady = false;
/** The programme's settings from 2020 (what ensureCareCreditDefaults seeds in the demo). */
async function ccSettings() {
  if (ccSettingsReady) return;
  const res = await call(fixtures, {
    method: 'POST',
    url: '/api/care-credits/settings',
    body: { validFrom: '2020-01', monthlyAmount: 10_000, expiryMonths: 12 },
  });
  expect([201, 409], res.body).toContain(res.statusCode);
  ccSettingsReady = true;
}
async function ccEnrol(t: Target): Promise<{ personId: string; enrolmentId: string }> {
  const p = await newPerson(t, { age: 72 });
  const e = await created({
    method: 'POST',
    url: '/api/care-credits/enrolments',
    body: { personId: p.id, fromMonth: '2026-06' },
  });
  return { personId: p.id, enrolmentId: e.id };
}
const ccEnrolled: Partial<Record<Target, { personId: string; enrolmentId: string }>> = {};
const ccCards: Partial<Record<Target, { personId: string; cardNo: string }>> = {};
async function ccCard(t: Target) {
  if (!ccCards[t]) {
    const p = await newPerson(t, { age: 81 });
    const cardNo = `MX${String(++ccSerial).padStart(10, '0')}`;
    await created({ method: 'POST', url: `/api/persons/${p.id}/cards`, body: { cardNo } });
    ccCards[t] = { personId: p.id, cardNo };
  }
  return ccCards[t]!;
}
let ccBatchId: string | undefined;
const CARE_CREDITS: Matrix = {
  'GET /api/care-credits/settings': {
    unscoped: true,
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 200],
      community_worker: [200, 200, 200],
      service_provider: [403, 403, 403],
      volunteer: [403, 403, 403],
    },
    request: async () => ({ method: 'GET', url: '/api/care-credits/settings' }),
  },
  'POST /api/care-credits/settings': {
    unscoped: true,
    expect: CC_DISTRICT_ONLY(201),
    request: async () => {
      const n = ++ccSerial;
      return {
        method: 'POST',
        url: '/api/care-credits/settings',
        body: {
          validFrom: `${2030 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`,
          monthlyAmount: 10_000,
          expiryMonths: 12,
        },
      };
    },
  },
  'GET /api/care-credits/enrolments': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 200],
      community_worker: [200, 200, 200],
      service_provider: [403, 403, 403],
      volunteer: [403, 403, 403],
    },
    request: async (t) => {
      ccEnrolled[t] ??= await ccEnrol(t);
      return { method: 'GET', url: `/api/care-credits/enrolments?area=${AREA[t]}&pageSize=200` };
    },
    check: (res, { role, target }) => {
      const items = res.json().items as { personId: string; areaCode: string }[];
      for (const i of items) {
        expect(inScope(role, i.areaCode), `${role} listed ${i.areaCode}`).toBe(true);
        expect(i.areaCode).toBe(AREA[target]);
      }
      expect(items.some((i) => i.personId === ccEnrolled[target]!.personId)).toBe(reaches(role, target));
    },
  },
  'POST /api/care-credits/enrolments': {
    expect: CC_BY_PERSON(201),
    request: async (t) => ({
      method: 'POST',
      url: '/api/care-credits/enrolments',
      body: { personId: (await newPerson(t, { age: 70 })).id, fromMonth: '2026-06' },
    }),
    check: (res, { target }) => {
      expect(res.json()).toMatchObject({ areaCode: AREA[target], fromMonth: '2026-06', toMonth: null });
    },
  },
  'PATCH /api/care-credits/enrolments/:id': {
    expect: CC_BY_PERSON(200),
    request: async (t) => ({
      method: 'PATCH',
      url: `/api/care-credits/enrolments/${(await ccEnrol(t)).enrolmentId}`,
      body: { toMonth: '2026-06', endReason: '迁出本区' },
    }),
    check: (res) => {
      expect(res.json()).toMatchObject({ toMonth: '2026-06', endReason: '迁出本区' });
    },
  },
  'GET /api/care-credits/batches': {
    unscoped: true,
    expect: CC_DISTRICT_ONLY(200),
    request: async () => ({ method: 'GET', url: '/api/care-credits/batches' }),
  },
  'POST /api/care-credits/batches': {
    unscoped: true,
    expect: CC_DISTRICT_ONLY(201),
    request: async () => {
      await ccSettings();
      return { method: 'POST', url: '/api/care-credits/batches', body: { month: '2026-06' } };
    },
    check: (res) => {
      expect(res.json()).toMatchObject({ kind: 'grant', month: '2026-06', status: 'done' });
    },
  },
  'GET /api/care-credits/batches/:id': {
    unscoped: true,
    expect: CC_DISTRICT_ONLY(200),
    request: async () => {
      await ccSettings();
      ccBatchId ??= (
        await created({ method: 'POST', url: '/api/care-credits/batches', body: { month: '2026-05' } })
      ).id;
      return { method: 'GET', url: `/api/care-credits/batches/${ccBatchId}` };
    },
  },
  'POST /api/care-credits/expiry': {
    unscoped: true,
    expect: CC_DISTRICT_ONLY(201),
    request: async () => {
      await ccSettings();
      return { method: 'POST', url: '/api/care-credits/expiry', body: { month: '2026-06' } };
    },
    check: (res) => {
      expect(res.json()).toMatchObject({ kind: 'expire', status: 'done' });
    },
  },
  'GET /api/care-credits/funds': {
    unscoped: true,
    expect: CC_DISTRICT_ONLY(200),
    request: async () => ({ method: 'GET', url: '/api/care-credits/funds' }),
  },
  'GET /api/persons/:id/accounts': {
    expect: CC_BY_PERSON(200),
    request: async (t) => ({ method: 'GET', url: `/api/persons/${seeded.person[t].id}/accounts` }),
    check: (res, { target }) => {
      expect(res.json()).toMatchObject({ personId: seeded.person[target].id, areaCode: AREA[target] });
    },
  },
  'GET /api/persons/:id/accounts/entries': {
    expect: CC_BY_PERSON(200),
    request: async (t) => ({ method: 'GET', url: `/api/persons/${seeded.person[t].id}/accounts/entries` }),
  },
  'POST /api/persons/:id/cards': {
    expect: CC_BY_PERSON(201),
    request: async (t) => ({
      method: 'POST',
      url: `/api/persons/${(await newPerson(t, { age: 77 })).id}/cards`,
      body: { cardNo: `MX${String(++ccSerial).padStart(10, '0')}` },
    }),
    check: (res, { target }) => {
      expect(res.json().areaCode).toBe(AREA[target]);
    },
  },
  // A canteen till (meal.sell) or a worker (person.read) finds an elder by card in its area.
  'GET /api/elder-cards/:cardNo': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 404],
      community_worker: [200, 404, 404],
      service_provider: [200, 404, 404],
      volunteer: [403, 403, 403],
    },
    request: async (t) => ({ method: 'GET', url: `/api/elder-cards/${(await ccCard(t)).cardNo}` }),
    check: (res, { target }) => {
      expect(res.json().personId).toBe(ccCards[target]!.personId);
    },
  },
};

/**
 * /api/home-services. An order is the elder's: workers reach it in their area. A provider's
 * staff see and serve the orders of the organisation they act for, in the area they serve;
 * confirming and rating are the taking side's. Each target has its own provider organisation:
 * the matrix's provider acts for the one in its community, and a helper provider granted on the
 * whole district moves orders along for the routes that need them further on.
 */
const hsOrg = {} as Record<Target, { id: string }>;
const hsSeededOrder = {} as Record<Target, { id: string }>;
let hsServe: Client | undefined;
let hsPrices = 0;
async function hsSetup(): Promise<Client> {
  if (hsServe) return hsServe;
  for (const t of TARGETS) {
    hsOrg[t] = await newOrg(t);
    await created({
      method: 'POST',
      url: `/api/home-services/providers/${hsOrg[t].id}/prices`,
      body: { serviceCode: 'bathing', priceFen: 8000, validFrom: '2026-01-01' },
    });
  }
  const serve = await signIn(app, ctx, [{ role: 'service_provider', areaCode: DISTRICT }], 'm_hs_serve', {
    remoteAddress: nextRemoteAddress(),
  });
  const idOf = async (c: Client) => (await call(c, { method: 'GET', url: '/api/auth/me' })).json().id;
  const serveId = await idOf(serve);
  const providerId = await idOf(clients.service_provider);
  const rows = [
    ...TARGETS.map((t) => `('${serveId}', '${hsOrg[t].id}')`),
    `('${providerId}', '${hsOrg.own.id}')`,
  ];
  await ctx.database.exec(
    `INSERT INTO org_members (user_id, org_id) VALUES ${rows.join(', ')} ON CONFLICT DO NOTHING`,
  );
  hsServe = serve;
  return serve;
}
type HsState = 'placed' | 'accepted' | 'in_service' | 'done' | 'confirmed';
/** A bathing order of the target's seeded elder with the target's provider, moved to `state`. */
async function hsOrder(t: Target, state: HsState = 'placed'): Promise<{ id: string; version: number }> {
  const serve = await hsSetup();
  let o = await created({
    method: 'POST',
    url: '/api/home-services/orders',
    body: {
      personId: seeded.person[t].id,
      orgId: hsOrg[t].id,
      serviceCode: 'bathing',
      channel: 'phone',
      scheduledFor: '2026-06-16T10:00:00+08:00',
    },
  });
  const steps: [HsState, Client, string, object][] = [
    ['accepted', serve, 'accept', {}],
    ['in_service', serve, 'check-in', {}],
    ['done', serve, 'check-out', { durationMinutes: 40 }],
    ['confirmed', fixtures, 'confirm', {}],
  ];
  for (const [reached, client, path, body] of steps) {
    if (o.status === state) break;
    const r = await call(client, {
      method: 'POST',
      url: `/api/home-services/orders/${o.id}/${path}`,
      body: { version: o.version, ...body },
    });
    expect(r.statusCode, `${path}: ${r.body}`).toBe(200);
    o = r.json();
    expect(o.status).toBe(reached);
  }
  return o;
}
const hsAct =
  (state: HsState, path: string, body: object = {}) =>
  async (t: Target) => {
    const o = await hsOrder(t, state);
    return {
      method: 'POST' as const,
      url: `/api/home-services/orders/${o.id}/${path}`,
      body: { version: o.version, ...body },
    };
  };
const HS_READ = {
  district_admin: [200, 200, 200],
  street_staff: [200, 200, 200],
  community_worker: [200, 200, 200],
  service_provider: [200, 200, 200],
  volunteer: [403, 403, 403],
} as const;
const HS_PROVIDER_STEP = {
  // The district holds order.serve but works for no provider: the provider's steps are not its.
  district_admin: [403, 403, 403],
  street_staff: [403, 403, 403],
  community_worker: [403, 403, 403],
  service_provider: [200, 404, 404],
  volunteer: [403, 403, 403],
} as const;
const HS_TAKER_STEP = {
  district_admin: [200, 200, 200],
  street_staff: [200, 200, 404],
  community_worker: [200, 404, 404],
  service_provider: [403, 403, 403],
  volunteer: [403, 403, 403],
} as const;
const HOME_SERVICES: Matrix = {
  'GET /api/home-services/catalogue': {
    unscoped: true,
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 200],
      community_worker: [200, 200, 200],
      service_provider: [200, 200, 200],
      volunteer: [200, 200, 200],
    },
    request: async () => ({ method: 'GET', url: '/api/home-services/catalogue' }),
    check: (res) => {
      expect(res.json()).toHaveLength(8);
    },
  },
  // Prices are the providers' public offer, read by everyone who handles orders.
  'GET /api/home-services/offers': {
    unscoped: true,
    expect: HS_READ,
    request: async () => {
      await hsSetup();
      return { method: 'GET', url: '/api/home-services/offers?service=bathing' };
    },
    check: (res) => {
      expect(res.json().map((p: { orgId: string }) => p.orgId)).toContain(hsOrg.own.id);
    },
  },
  'GET /api/home-services/providers/:orgId/prices': {
    expect: HS_READ,
    request: async (t) => {
      await hsSetup();
      return { method: 'GET', url: `/api/home-services/providers/${hsOrg[t].id}/prices` };
    },
    check: (res) => {
      expect(res.json().length).toBeGreaterThan(0);
    },
  },
  // The district, or the provider's own staff (the matrix's provider works for the own one).
  'POST /api/home-services/providers/:orgId/prices': {
    expect: {
      district_admin: [201, 201, 201],
      street_staff: [403, 403, 403],
      community_worker: [403, 403, 403],
      service_provider: [201, 403, 403],
      volunteer: [403, 403, 403],
    },
    request: async (t) => {
      await hsSetup();
      return {
        method: 'POST',
        url: `/api/home-services/providers/${hsOrg[t].id}/prices`,
        body: { serviceCode: 'errands', priceFen: 3000 + ++hsPrices, validFrom: '2026-02-01' },
      };
    },
  },
  'GET /api/home-services/orders': {
    expect: HS_READ,
    request: async (t) => {
      hsSeededOrder[t] ??= await hsOrder(t);
      return { method: 'GET', url: `/api/home-services/orders?area=${AREA[t]}&pageSize=200` };
    },
    check: (res, { role, target }) => checkListed(res, role, target, hsSeededOrder[target].id),
  },
  'POST /api/home-services/orders': {
    expect: {
      district_admin: [201, 201, 201],
      street_staff: [201, 201, 404],
      community_worker: [201, 404, 404],
      service_provider: [201, 404, 404],
      volunteer: [403, 403, 403],
    },
    request: async (t, role) => {
      await hsSetup();
      // A provider enters orders for its own organisation; the others take them by phone.
      const asProvider = role === 'service_provider';
      return {
        method: 'POST',
        url: '/api/home-services/orders',
        body: {
          personId: seeded.person[t].id,
          orgId: asProvider ? hsOrg.own.id : hsOrg[t].id,
          serviceCode: 'bathing',
          channel: asProvider ? 'provider' : 'phone',
          scheduledFor: '2026-06-17T10:00:00+08:00',
        },
      };
    },
    check: (res, { target }) => {
      expect(res.json()).toMatchObject({ status: 'placed', areaCode: AREA[target] });
    },
  },
  'GET /api/home-services/orders/:id': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 404],
      community_worker: [200, 404, 404],
      service_provider: [200, 404, 404],
      volunteer: [403, 403, 403],
    },
    request: async (t) => {
      hsSeededOrder[t] ??= await hsOrder(t);
      return { method: 'GET', url: `/api/home-services/orders/${hsSeededOrder[t].id}` };
    },
    check: (res, { target }) => {
      expect(res.json()).toMatchObject({ id: hsSeededOrder[target].id, events: [expect.anything()] });
    },
  },
  'POST /api/home-services/orders/:id/accept': {
    expect: HS_PROVIDER_STEP,
    request: hsAct('placed', 'accept'),
    check: (res) => {
      expect(res.json().status).toBe('accepted');
    },
  },
  'POST /api/home-services/orders/:id/check-in': {
    expect: HS_PROVIDER_STEP,
    request: hsAct('accepted', 'check-in'),
    check: (res) => {
      expect(res.json().status).toBe('in_service');
    },
  },
  'POST /api/home-services/orders/:id/check-out': {
    expect: HS_PROVIDER_STEP,
    request: hsAct('in_service', 'check-out', { durationMinutes: 45 }),
    check: (res) => {
      expect(res.json()).toMatchObject({ status: 'done', durationMinutes: 45 });
    },
  },
  'POST /api/home-services/orders/:id/confirm': {
    expect: HS_TAKER_STEP,
    request: hsAct('done', 'confirm'),
    check: (res) => {
      expect(res.json().status).toBe('confirmed');
    },
  },
  // Either side may cancel an order not yet started (the provider: its own organisation's).
  'POST /api/home-services/orders/:id/cancel': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 404],
      community_worker: [200, 404, 404],
      service_provider: [200, 404, 404],
      volunteer: [403, 403, 403],
    },
    request: hsAct('placed', 'cancel', { reason: '老人临时外出' }),
    check: (res) => {
      expect(res.json()).toMatchObject({ status: 'cancelled', cancelReason: '老人临时外出' });
    },
  },
  'POST /api/home-services/orders/:id/rate': {
    expect: HS_TAKER_STEP,
    request: hsAct('confirmed', 'rate', { rating: 5 }),
    check: (res) => {
      expect(res.json().rating).toBe(5);
    },
  },
};

/**
 * /api/meals. A canteen's till, menu and sales are its operator's: the provider acts for the
 * matrix's canteen operators (org_members) but only inside its grant, so the sibling's and the
 * other street's canteens answer 404 although it works for their operators too. Rules and
 * settings are the district's; only meal.sell and meal.manage read them.
 */
const mealOrg = {} as Record<Target, { id: string }>;
const mealCanteen = {} as Record<Target, { id: string }>;
const mealItem = {} as Record<Target, { id: string }>;
const mealTill = {} as Record<Target, { id: string }>;
const mealElder = {} as Record<Target, { id: string }>;
let mealReady = false;
let mealRuleAge = 100;
async function mealSetup() {
  if (mealReady) return;
  mealReady = true;
  const rules = (await created({ method: 'GET', url: '/api/meals/rules' }, 200)).items as {
    category: string | null;
    minAge: number;
  }[];
  if (!rules.some((r) => r.category === null && r.minAge <= 60))
    await created({
      method: 'POST',
      url: '/api/meals/rules',
      body: { validFrom: '2020-01-01', minAge: 60, payPermille: 800 },
    });
  const me = (await call(clients.service_provider, { method: 'GET', url: '/api/auth/me' })).json();
  for (const t of TARGETS) {
    mealOrg[t] = await newOrg(t);
    await ctx.database.exec(
      `INSERT INTO org_members (user_id, org_id) VALUES ('${me.id}', '${mealOrg[t].id}') ON CONFLICT DO NOTHING`,
    );
    mealCanteen[t] = await newMealCanteen(t);
    mealItem[t] = await newMealItem(mealCanteen[t].id);
    mealTill[t] = await created({
      method: 'POST',
      url: `/api/meals/canteens/${mealCanteen[t].id}/tills`,
      body: { sitting: 'lunch' },
    });
    mealElder[t] = await newPerson(t, { age: 72 });
    await created({
      method: 'POST',
      url: `/api/meals/tills/${mealTill[t].id}/sales`,
      body: mealSaleBody(t, mealElder[t].id),
    });
  }
}
const newMealCanteen = (t: Target) =>
  created({
    method: 'POST',
    url: '/api/service-points',
    body: buildServicePointBody({ areaCode: AREA[t], type: 'canteen', orgId: mealOrg[t].id }),
  });
const newMealItem = (canteenId: string) =>
  created({
    method: 'POST',
    url: `/api/meals/canteens/${canteenId}/menu`,
    body: { name: '两荤一素套餐', sitting: 'lunch', priceFen: 1500 },
  });
const mealSaleBody = (t: Target, personId: string) => ({
  idNumber: plain.get(personId)!.idNumber,
  menuItemId: mealItem[t].id,
});
async function newMealTill(t: Target): Promise<{ id: string }> {
  const c = await newMealCanteen(t);
  return created({ method: 'POST', url: `/api/meals/canteens/${c.id}/tills`, body: { sitting: 'lunch' } });
}
const MEAL_NONE = {
  street_staff: [403, 403, 403],
  community_worker: [403, 403, 403],
  volunteer: [403, 403, 403],
} as const;
const MEAL_READ = {
  district_admin: [200, 200, 200],
  service_provider: [200, 200, 200],
  ...MEAL_NONE,
} as const;
const MEAL_DISTRICT = {
  district_admin: [200, 200, 200],
  service_provider: [403, 403, 403],
  ...MEAL_NONE,
} as const;
const MEAL_AT = (ok: number) =>
  ({ district_admin: [ok, ok, ok], service_provider: [ok, 404, 404], ...MEAL_NONE }) as const;
const MEALS: Matrix = {
  'GET /api/meals/rules': {
    unscoped: true,
    expect: MEAL_READ,
    request: async () => {
      await mealSetup();
      return { method: 'GET', url: '/api/meals/rules' };
    },
    check: (res) => {
      expect(res.json().items.length).toBeGreaterThan(0);
    },
  },
  'POST /api/meals/rules': {
    unscoped: true,
    expect: { ...MEAL_DISTRICT, district_admin: [201, 201, 201] },
    request: async () => {
      mealRuleAge++;
      return {
        method: 'POST',
        url: '/api/meals/rules',
        body: {
          validFrom: '2030-01-01',
          minAge: mealRuleAge,
          maxAge: mealRuleAge,
          category: 'dibian',
          payPermille: 500,
        },
      };
    },
    check: (res) => {
      expect(res.json()).toMatchObject({ category: 'dibian', payPermille: 500 });
    },
  },
  'POST /api/meals/rules/:id/end': {
    unscoped: true,
    expect: MEAL_DISTRICT,
    request: async () => {
      mealRuleAge++;
      const r = await created({
        method: 'POST',
        url: '/api/meals/rules',
        body: {
          validFrom: '2030-01-01',
          minAge: mealRuleAge,
          maxAge: mealRuleAge,
          category: 'dibian',
          payPermille: 500,
        },
      });
      return { method: 'POST', url: `/api/meals/rules/${r.id}/end`, body: { validTo: '2030-12-31' } };
    },
    check: (res) => {
      expect(res.json().validTo).toBe('2030-12-31');
    },
  },
  'GET /api/meals/settings': {
    unscoped: true,
    expect: MEAL_READ,
    request: async () => ({ method: 'GET', url: '/api/meals/settings' }),
  },
  'PATCH /api/meals/settings': {
    unscoped: true,
    expect: MEAL_DISTRICT,
    request: async () => ({ method: 'PATCH', url: '/api/meals/settings', body: { mealsPerSitting: 1 } }),
  },
  'GET /api/meals/canteens': {
    unscoped: true,
    expect: MEAL_READ,
    request: async () => {
      await mealSetup();
      return { method: 'GET', url: '/api/meals/canteens' };
    },
    check: (res, { role }) => {
      const items = res.json().items as { id: string; areaCode: string }[];
      for (const i of items) expect(inScope(role, i.areaCode), `${role} lists ${i.areaCode}`).toBe(true);
      for (const t of TARGETS)
        expect(
          items.some((i) => i.id === mealCanteen[t].id),
          `${role} → ${t}`,
        ).toBe(reaches(role, t));
    },
  },
  'GET /api/meals/canteens/:id/menu': {
    expect: MEAL_AT(200),
    request: async (t) => {
      await mealSetup();
      return { method: 'GET', url: `/api/meals/canteens/${mealCanteen[t].id}/menu` };
    },
    check: (res, { target }) => {
      expect(res.json().items.map((i: { id: string }) => i.id)).toContain(mealItem[target].id);
    },
  },
  'POST /api/meals/canteens/:id/menu': {
    expect: MEAL_AT(201),
    request: async (t) => {
      await mealSetup();
      return {
        method: 'POST',
        url: `/api/meals/canteens/${mealCanteen[t].id}/menu`,
        body: { name: '素菜套餐', sitting: 'lunch', priceFen: 900 },
      };
    },
  },
  'PATCH /api/meals/menu/:id': {
    expect: MEAL_AT(200),
    request: async (t) => {
      await mealSetup();
      const item = await newMealItem(mealCanteen[t].id);
      return { method: 'PATCH', url: `/api/meals/menu/${item.id}`, body: { priceFen: 1600 } };
    },
    check: (res) => {
      expect(res.json().priceFen).toBe(1600);
    },
  },
  'POST /api/meals/canteens/:id/tills': {
    expect: MEAL_AT(201),
    request: async (t) => {
      await mealSetup();
      const c = await newMealCanteen(t);
      return { method: 'POST', url: `/api/meals/canteens/${c.id}/tills`, body: { sitting: 'lunch' } };
    },
    check: (res) => {
      expect(res.json()).toMatchObject({ isOpen: true, day: '2026-06-15' });
    },
  },
  'GET /api/meals/tills/:id': {
    expect: MEAL_AT(200),
    request: async (t) => {
      await mealSetup();
      return { method: 'GET', url: `/api/meals/tills/${mealTill[t].id}` };
    },
    check: (res) => {
      expect(res.json().sales.length).toBeGreaterThan(0);
    },
  },
  'POST /api/meals/tills/:id/close': {
    expect: MEAL_AT(200),
    request: async (t) => {
      await mealSetup();
      return { method: 'POST', url: `/api/meals/tills/${(await newMealTill(t)).id}/close`, body: {} };
    },
    check: (res) => {
      expect(res.json().isOpen).toBe(false);
    },
  },
  'POST /api/meals/tills/:id/preview': {
    expect: MEAL_AT(200),
    request: async (t) => {
      await mealSetup();
      return {
        method: 'POST',
        url: `/api/meals/tills/${mealTill[t].id}/preview`,
        body: mealSaleBody(t, mealElder[t].id),
      };
    },
    check: (res) => {
      expect(res.json()).toMatchObject({ eligible: true, limitReached: true });
    },
  },
  'POST /api/meals/tills/:id/sales': {
    expect: MEAL_AT(201),
    request: async (t) => {
      await mealSetup();
      const p = await newPerson(t, { age: 70 });
      return { method: 'POST', url: `/api/meals/tills/${mealTill[t].id}/sales`, body: mealSaleBody(t, p.id) };
    },
    check: (res) => {
      expect(res.json()).toMatchObject({ n: 1, subsidyFen: 300 });
    },
  },
  'POST /api/meals/sales/:id/void': {
    expect: MEAL_AT(200),
    request: async (t) => {
      await mealSetup();
      const p = await newPerson(t, { age: 70 });
      const sale = await created({
        method: 'POST',
        url: `/api/meals/tills/${mealTill[t].id}/sales`,
        body: mealSaleBody(t, p.id),
      });
      return { method: 'POST', url: `/api/meals/sales/${sale.id}/void`, body: { reason: '打错菜品' } };
    },
    check: (res) => {
      expect(res.json().voided).toBe(true);
    },
  },
  // Filtered to the target's canteen: its sales show exactly when the role reaches it.
  'GET /api/meals/sales': {
    expect: MEAL_READ,
    request: async (t) => {
      await mealSetup();
      return { method: 'GET', url: `/api/meals/sales?servicePointId=${mealCanteen[t].id}&pageSize=200` };
    },
    check: (res, { role, target }) => {
      expect(res.json().items.length > 0, `${role} → ${target}`).toBe(reaches(role, target));
    },
  },
  'GET /api/meals/summary': {
    expect: MEAL_READ,
    request: async (t) => {
      await mealSetup();
      return { method: 'GET', url: `/api/meals/summary?area=${AREA[t]}` };
    },
    check: (res, { role, target }) => {
      const ids = res.json().items.map((i: { servicePointId: string }) => i.servicePointId);
      expect(ids.includes(mealCanteen[target].id), `${role} → ${target}`).toBe(reaches(role, target));
    },
  },
};

// ── volunteers (issue 4): filled by the volunteers module's work ──
const vm = {
  volunteer: {} as Record<Target, { id: string }>,
  team: {} as Record<Target, { id: string }>,
  merchant: {} as Partial<Record<Target, { id: string }>>,
  settingsDay: 0,
  records: 0,
};
/** A volunteer registered from a new resident of the target's community. */
async function vmVolunteer(
  t: Target,
): Promise<{ id: string; version: number; volunteerNo: string; personId: string }> {
  return created({ method: 'POST', url: '/api/volunteers', body: { personId: (await newPerson(t)).id } });
}
/** A volunteer with 120 confirmed minutes (20 points) in the time bank. */
async function vmVolunteerWithTime(t: Target) {
  const v = await vmVolunteer(t);
  const { awardPointsForRecords } = await import('./modules/volunteers/index.ts');
  const { SYSTEM_ACTOR } = await import('./platform/access.ts');
  await ctx.db.transaction((tx) =>
    awardPointsForRecords({ ...ctx, db: tx }, SYSTEM_ACTOR, [
      {
        id: `00000000-0000-7000-8000-${String(++vm.records).padStart(12, '0')}`,
        volunteerId: v.id,
        minutes: 120,
        category: 'convenience',
        tier: 1,
        startedAt: new Date('2026-06-14T01:00:00Z'),
        activityId: null,
      },
    ]),
  );
  return v;
}
async function vmSeededVolunteer(t: Target) {
  vm.volunteer[t] ??= await vmVolunteer(t);
  return vm.volunteer[t];
}
async function vmTeam(t: Target, member?: { id: string }): Promise<{ id: string; version: number }> {
  const team = await created({
    method: 'POST',
    url: '/api/volunteer-teams',
    body: { name: '矩阵志愿服务队', level: 'community', areaCode: AREA[t], orgId: seeded.org[t].id },
  });
  if (!member) return team;
  return created(
    { method: 'POST', url: `/api/volunteer-teams/${team.id}/members`, body: { volunteerId: member.id } },
    200,
  );
}
/**
 * A redemption merchant in the target's community: an organisation running a service point.
 * The fixtures admin works every merchant's till (to make sales to void); the matrix's provider
 * works the own community's only.
 */
async function vmMerchant(t: Target): Promise<{ id: string }> {
  const known = vm.merchant[t];
  if (known) return known;
  const org = await newOrg(t);
  await created({
    method: 'POST',
    url: '/api/service-points',
    body: buildServicePointBody({ areaCode: AREA[t], type: 'practice_station', orgId: org.id }),
  });
  const idOf = async (c: Client) => (await call(c, { method: 'GET', url: '/api/auth/me' })).json().id;
  const members = [`('${await idOf(fixtures)}', '${org.id}')`];
  if (t === 'own') members.push(`('${await idOf(clients.service_provider)}', '${org.id}')`);
  await ctx.database.exec(
    `INSERT INTO org_members (user_id, org_id) VALUES ${members.join(', ')} ON CONFLICT DO NOTHING`,
  );
  vm.merchant[t] = org;
  return org;
}
async function vmSale(t: Target): Promise<{ transferId: string }> {
  const v = await vmVolunteerWithTime(t);
  return created({
    method: 'POST',
    url: '/api/points/redemptions',
    body: {
      orgId: (await vmMerchant(t)).id,
      volunteerNo: v.volunteerNo,
      amount: 5,
      item: '爱心雨伞',
      key: crypto.randomUUID(),
    },
  });
}
/** The volunteer role's login linked to a volunteer of its community (unless it already is). */
async function vmLinkLogin() {
  const { volunteerOfUser } = await import('./modules/volunteers/index.ts');
  const me = (await call(clients.volunteer, { method: 'GET', url: '/api/auth/me' })).json().id;
  if (await volunteerOfUser(ctx.db, me)) return;
  const v = await vmVolunteer('own');
  await created(
    {
      method: 'PATCH',
      url: `/api/volunteers/${v.id}`,
      body: { username: 'm_volunteer', version: v.version },
    },
    200,
  );
}
const VM_READ = {
  district_admin: [200, 200, 200],
  street_staff: [200, 200, 404],
  community_worker: [200, 404, 404],
  service_provider: [200, 404, 404],
  volunteer: [403, 403, 403],
} as const;
const VM_WRITE = {
  district_admin: [200, 200, 200],
  street_staff: [200, 200, 404],
  community_worker: [200, 404, 404],
  service_provider: [403, 403, 403],
  volunteer: [403, 403, 403],
} as const;
const VM_LIST = {
  district_admin: [200, 200, 200],
  street_staff: [200, 200, 200],
  community_worker: [200, 200, 200],
  service_provider: [200, 200, 200],
  volunteer: [403, 403, 403],
} as const;
/** The merchant's own staff only; other merchants do not exist for a provider of another area. */
const VM_TILL = {
  district_admin: [403, 403, 403],
  street_staff: [403, 403, 403],
  community_worker: [403, 403, 403],
  service_provider: [200, 404, 404],
  volunteer: [403, 403, 403],
} as const;
const VM_ME = {
  district_admin: [404, 404, 404],
  street_staff: [404, 404, 404],
  community_worker: [404, 404, 404],
  service_provider: [404, 404, 404],
  volunteer: [200, 200, 200],
} as const;
const VM_DISTRICT_ONLY = {
  district_admin: [200, 200, 200],
  street_staff: [403, 403, 403],
  community_worker: [403, 403, 403],
  service_provider: [403, 403, 403],
  volunteer: [403, 403, 403],
} as const;
const created201 = <T extends Record<Role, readonly [number, number, number]>>(m: T) =>
  Object.fromEntries(
    Object.entries(m).map(([r, row]) => [r, row.map((s) => (s === 200 ? 201 : s))]),
  ) as unknown as Record<Role, Row>;

const VOLUNTEERS: Matrix = {
  'GET /api/volunteers': {
    expect: VM_LIST,
    request: async (t) => {
      await vmSeededVolunteer(t);
      return { method: 'GET', url: `/api/volunteers?area=${AREA[t]}&pageSize=200` };
    },
    check: (res, { role, target }) => checkListed(res, role, target, vm.volunteer[target].id),
  },
  'POST /api/volunteers': {
    expect: {
      district_admin: [201, 201, 201],
      street_staff: [201, 201, 404],
      community_worker: [201, 404, 404],
      service_provider: [403, 403, 403],
      volunteer: [403, 403, 403],
    },
    request: async (t) => ({
      method: 'POST',
      url: '/api/volunteers',
      body: { personId: (await newPerson(t)).id },
    }),
    check: (res, { target }) => {
      expect(res.json()).toMatchObject({ areaCode: AREA[target], status: 'active' });
      expect(res.json().volunteerNo).toMatch(/^V330102\d{8}$/);
    },
  },
  'GET /api/volunteers/:id': {
    expect: VM_READ,
    request: async (t) => ({ method: 'GET', url: `/api/volunteers/${(await vmSeededVolunteer(t)).id}` }),
    check: (res, { target }) => {
      expect(res.json()).toMatchObject({ id: vm.volunteer[target].id, areaCode: AREA[target] });
    },
  },
  'PATCH /api/volunteers/:id': {
    expect: VM_WRITE,
    request: async (t) => {
      const v = await vmVolunteer(t);
      return {
        method: 'PATCH',
        url: `/api/volunteers/${v.id}`,
        body: { skills: ['first_aid'], version: v.version },
      };
    },
    check: (res) => {
      expect(res.json().skills).toEqual(['first_aid']);
    },
  },
  'POST /api/volunteers/:id/status': {
    expect: VM_WRITE,
    request: async (t) => {
      const v = await vmVolunteer(t);
      return {
        method: 'POST',
        url: `/api/volunteers/${v.id}/status`,
        body: { status: 'suspended', reason: '外出学习', version: v.version },
      };
    },
    check: (res) => {
      expect(res.json().status).toBe('suspended');
    },
  },
  'GET /api/volunteers/:id/points': {
    expect: VM_READ,
    request: async (t) => ({
      method: 'GET',
      url: `/api/volunteers/${(await vmSeededVolunteer(t)).id}/points`,
    }),
  },
  // A worker records a donation for a volunteer of their area, to an elder they can read.
  'POST /api/volunteers/:id/donations': {
    expect: created201(VM_WRITE),
    request: async (t) => {
      const v = await vmVolunteerWithTime(t);
      const elder = await newPerson(t, { age: 85 });
      return {
        method: 'POST',
        url: `/api/volunteers/${v.id}/donations`,
        body: { personId: elder.id, minutes: 30, key: crypto.randomUUID() },
      };
    },
    check: (res) => {
      expect(res.json()).toMatchObject({ minutes: 30, available: 90 });
    },
  },
  // The volunteer's own pages: only a login linked to a volunteer has one.
  'GET /api/me/volunteer': {
    unscoped: true,
    expect: VM_ME,
    request: async () => {
      await vmLinkLogin();
      return { method: 'GET', url: '/api/me/volunteer' };
    },
    check: (res) => {
      expect(res.json()).toMatchObject({ areaCode: AREA.own, canWrite: false });
    },
  },
  'GET /api/me/volunteer/points': {
    unscoped: true,
    expect: VM_ME,
    request: async () => {
      await vmLinkLogin();
      return { method: 'GET', url: '/api/me/volunteer/points' };
    },
  },
  'GET /api/volunteer-teams': {
    expect: VM_LIST,
    request: async (t) => {
      vm.team[t] ??= await vmTeam(t);
      return { method: 'GET', url: `/api/volunteer-teams?area=${AREA[t]}&pageSize=200` };
    },
    check: (res, { role, target }) => checkListed(res, role, target, vm.team[target].id),
  },
  'POST /api/volunteer-teams': {
    expect: {
      district_admin: [201, 201, 201],
      street_staff: [201, 201, 403],
      community_worker: [201, 403, 403],
      service_provider: [403, 403, 403],
      volunteer: [403, 403, 403],
    },
    request: async (t) => ({
      method: 'POST',
      url: '/api/volunteer-teams',
      body: { name: '矩阵新队', level: 'community', areaCode: AREA[t], orgId: seeded.org[t].id },
    }),
    check: (res, { target }) => {
      expect(res.json()).toMatchObject({ areaCode: AREA[target], level: 'community', memberCount: 0 });
    },
  },
  'GET /api/volunteer-teams/:id': {
    expect: VM_READ,
    request: async (t) => {
      vm.team[t] ??= await vmTeam(t);
      return { method: 'GET', url: `/api/volunteer-teams/${vm.team[t].id}` };
    },
  },
  'PATCH /api/volunteer-teams/:id': {
    expect: VM_WRITE,
    request: async (t) => {
      const team = await vmTeam(t);
      return {
        method: 'PATCH',
        url: `/api/volunteer-teams/${team.id}`,
        body: { name: '改名队', version: team.version },
      };
    },
  },
  'POST /api/volunteer-teams/:id/close': {
    expect: VM_WRITE,
    request: async (t) => {
      const team = await vmTeam(t);
      return {
        method: 'POST',
        url: `/api/volunteer-teams/${team.id}/close`,
        body: { version: team.version },
      };
    },
    check: (res) => {
      expect(res.json().status).toBe('closed');
    },
  },
  'POST /api/volunteer-teams/:id/members': {
    expect: VM_WRITE,
    request: async (t) => {
      const team = await vmTeam(t);
      const v = await vmVolunteer(t);
      return { method: 'POST', url: `/api/volunteer-teams/${team.id}/members`, body: { volunteerId: v.id } };
    },
    check: (res) => {
      expect(res.json().memberCount).toBe(1);
    },
  },
  'POST /api/volunteer-teams/:id/members/:volunteerId/role': {
    expect: VM_WRITE,
    request: async (t) => {
      const v = await vmVolunteer(t);
      const team = await vmTeam(t, v);
      return {
        method: 'POST',
        url: `/api/volunteer-teams/${team.id}/members/${v.id}/role`,
        body: { role: 'leader' },
      };
    },
    check: (res) => {
      expect(res.json().members[0].role).toBe('leader');
    },
  },
  'POST /api/volunteer-teams/:id/members/:volunteerId/remove': {
    expect: VM_WRITE,
    request: async (t) => {
      const v = await vmVolunteer(t);
      const team = await vmTeam(t, v);
      return { method: 'POST', url: `/api/volunteer-teams/${team.id}/members/${v.id}/remove`, body: {} };
    },
    check: (res) => {
      expect(res.json().memberCount).toBe(0);
    },
  },
  // Anyone who works with volunteers or their points reads the rules, volunteers included.
  'GET /api/points/settings': {
    unscoped: true,
    expect: { ...VM_LIST, volunteer: [200, 200, 200] },
    request: async () => ({ method: 'GET', url: '/api/points/settings' }),
    check: (res) => {
      expect(res.json().current).not.toBeNull();
    },
  },
  'POST /api/points/settings': {
    unscoped: true,
    expect: created201(VM_DISTRICT_ONLY),
    request: async () => {
      const d = new Date(Date.UTC(2027, 0, 1 + ++vm.settingsDay)).toISOString().slice(0, 10);
      return {
        method: 'POST',
        url: '/api/points/settings',
        body: {
          validFrom: d,
          pointsPerHour: 10,
          categoryCoefficients: { medical: 1500 },
          tierCoefficients: { '1': 1000, '2': 1200, '3': 1500 },
          capMinutesPerActivity: 240,
          redPointsPerHour: 10,
          expiryMonths: 24,
          timeBankCapMinutes: 90000,
        },
      };
    },
  },
  'POST /api/points/expire': {
    unscoped: true,
    expect: VM_DISTRICT_ONLY,
    request: async () => ({ method: 'POST', url: '/api/points/expire', body: { month: '2026-05' } }),
  },
  'GET /api/points/till': {
    unscoped: true,
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [403, 403, 403],
      community_worker: [403, 403, 403],
      service_provider: [200, 200, 200],
      volunteer: [403, 403, 403],
    },
    request: async () => {
      await vmMerchant('own');
      return { method: 'GET', url: '/api/points/till' };
    },
    check: (res, { role }) => {
      // The provider works the own community's merchant; the district works no till.
      expect(res.json().merchants.map((m: { orgId: string }) => m.orgId)).toEqual(
        role === 'service_provider' ? [vm.merchant.own!.id] : [],
      );
    },
  },
  // A merchant's staff read the card of any volunteer of the district.
  'GET /api/points/till/volunteer': {
    expect: {
      district_admin: [403, 403, 403],
      street_staff: [403, 403, 403],
      community_worker: [403, 403, 403],
      service_provider: [200, 200, 200],
      volunteer: [403, 403, 403],
    },
    request: async (t) => {
      await vmMerchant('own');
      const v = await vmVolunteerWithTime(t);
      return { method: 'GET', url: `/api/points/till/volunteer?no=${v.volunteerNo}` };
    },
    check: (res) => {
      expect(res.json()).toMatchObject({ available: 20 });
      expect(res.json().maskedName).toContain('*');
    },
  },
  'GET /api/points/redemptions': {
    expect: VM_TILL,
    request: async (t) => ({
      method: 'GET',
      url: `/api/points/redemptions?orgId=${(await vmMerchant(t)).id}`,
    }),
  },
  'POST /api/points/redemptions': {
    expect: created201(VM_TILL),
    request: async (t) => {
      const v = await vmVolunteerWithTime(t);
      return {
        method: 'POST',
        url: '/api/points/redemptions',
        body: {
          orgId: (await vmMerchant(t)).id,
          volunteerNo: v.volunteerNo,
          amount: 5,
          item: '爱心雨伞',
          key: crypto.randomUUID(),
        },
      };
    },
    check: (res) => {
      expect(res.json()).toMatchObject({ amount: 5, available: 15, voided: false });
    },
  },
  'POST /api/points/redemptions/:id/void': {
    expect: VM_TILL,
    request: async (t) => ({
      method: 'POST',
      url: `/api/points/redemptions/${(await vmSale(t)).transferId}/void`,
      body: { reason: '退货' },
    }),
    check: (res) => {
      expect(res.json()).toMatchObject({ voided: true, voidReason: '退货' });
    },
  },
};

// ── needs (issue 4): filled by the needs module's work ──
const NEEDS_POST = {
  district_admin: [200, 200, 200],
  street_staff: [200, 200, 404],
  community_worker: [200, 404, 404],
  // A published need exists for claimants of its area, who may not act for the community.
  service_provider: [403, 404, 404],
  volunteer: [403, 404, 404],
} as const;
/** Drafts exist only for those who post needs in the area. */
const NEEDS_DRAFT = { ...NEEDS_POST, service_provider: [404, 404, 404], volunteer: [404, 404, 404] } as const;
const NEEDS_READ = {
  district_admin: [200, 200, 200],
  street_staff: [200, 200, 404],
  community_worker: [200, 404, 404],
  service_provider: [200, 404, 404],
  volunteer: [200, 404, 404],
} as const;
const NEEDS_ALL_200 = {
  district_admin: [200, 200, 200],
  street_staff: [200, 200, 200],
  community_worker: [200, 200, 200],
  service_provider: [200, 200, 200],
  volunteer: [200, 200, 200],
} as const;

/**
 * The needs' claimants: the district's and the provider's sessions here act for ndOrg (the
 * matrix's own provider session is left as it is), the volunteer's session is a registered
 * volunteer. Each need is created afresh as the fixture, on its own day.
 */
const nd = {
  ready: false,
  org: { id: '' },
  volunteerId: '',
  spareVolunteers: [] as string[],
  clients: {} as Partial<Record<Role, Client>>,
  seeded: {} as Record<Target, { id: string }>,
  day: 0,
};
async function ndSetup() {
  if (nd.ready) return;
  nd.org = await newOrg('own');
  const login = (role: Role, name: string) =>
    signIn(app, ctx, [{ role, areaCode: GRANT[role] }], name, { remoteAddress: nextRemoteAddress() });
  nd.clients.district_admin = await login('district_admin', 'm_nd_admin');
  nd.clients.service_provider = await login('service_provider', 'm_nd_provider');
  nd.clients.volunteer = await login('volunteer', 'm_nd_volunteer');
  const idOf = async (c: Client) => (await call(c, { method: 'GET', url: '/api/auth/me' })).json().id;
  const members = [nd.clients.district_admin, nd.clients.service_provider];
  const rows = await Promise.all(members.map(async (c) => `('${await idOf(c)}', '${nd.org.id}')`));
  await ctx.database.exec(
    `INSERT INTO org_members (user_id, org_id) VALUES ${rows.join(', ')} ON CONFLICT DO NOTHING`,
  );
  const volunteerRow = async (userId: string | null, n: number) => {
    const p = await newPerson('own');
    const id = crypto.randomUUID();
    await ctx.database.exec(
      `INSERT INTO volunteers (id, person_id, volunteer_no, area_code, user_id, registered_at, updated_at)
       VALUES ('${id}', '${p.id}', 'V33010299${String(n).padStart(6, '0')}', '${AREA.own}', ${userId ? `'${userId}'` : 'NULL'}, now(), now())`,
    );
    return id;
  };
  nd.volunteerId = await volunteerRow(await idOf(nd.clients.volunteer), 1);
  for (let i = 0; i < 3; i++) nd.spareVolunteers.push(await volunteerRow(null, 2 + i));
  for (const t of TARGETS) nd.seeded[t] = await ndNeed(t);
  nd.ready = true;
}
const ndClient = async (role: Role) => {
  await ndSetup();
  return nd.clients[role] ?? clients[role];
};
/** A need in the target's community, published unless told, on a day of its own. */
async function ndNeed(t: Target, opts: { publish?: boolean; headcount?: number } = {}) {
  nd.day++;
  const day = new Date(Date.UTC(2026, 6, 1) + nd.day * 86_400_000).toISOString().slice(0, 10);
  return created({
    method: 'POST',
    url: '/api/needs',
    body: {
      areaCode: AREA[t],
      category: 'convenience',
      title: `矩阵需求${nd.day}`,
      place: '社区服务中心',
      startsAt: `${day}T09:00:00+08:00`,
      endsAt: `${day}T11:00:00+08:00`,
      headcount: opts.headcount ?? 5,
      publish: opts.publish ?? true,
    },
  }) as Promise<{ id: string; version: number }>;
}
/** A claim of one seat by ndOrg, made by the district's session (which acts for it). */
async function ndOrgClaim(needId: string) {
  const res = await call(nd.clients.district_admin!, {
    method: 'POST',
    url: `/api/needs/${needId}/claims`,
    body: { claimantType: 'org', claimantId: nd.org.id, seats: 1 },
  });
  expect(res.statusCode, res.body).toBe(201);
  const need = res.json();
  return {
    need,
    claimId: need.claims.find((c: { claimantId: string }) => c.claimantId === nd.org.id).id as string,
  };
}
async function ndInvitation(t: Target, role: Role) {
  await ndSetup();
  const need = await ndNeed(t);
  const invitee =
    role === 'volunteer' ? { type: 'volunteer', id: nd.volunteerId } : { type: 'org', id: nd.org.id };
  const res = await created({
    method: 'POST',
    url: `/api/needs/${need.id}/invitations`,
    body: { invitees: [invitee] },
  });
  return res.invitations[0].id as string;
}
async function ndStatus(id: string, status: string) {
  await ctx.database.exec(`UPDATE needs SET status = '${status}' WHERE id = '${id}'`);
  return (await created({ method: 'GET', url: `/api/needs/${id}` }, 200)) as { id: string; version: number };
}

const NEEDS: Matrix = {
  'GET /api/needs': {
    expect: NEEDS_ALL_200,
    client: ndClient,
    request: async (t) => {
      await ndSetup();
      return { method: 'GET', url: `/api/needs?area=${AREA[t]}&pageSize=200` };
    },
    check: (res, { role, target }) => checkListed(res, role, target, nd.seeded[target].id),
  },
  'POST /api/needs': {
    expect: {
      district_admin: [201, 201, 201],
      street_staff: [201, 201, 403],
      community_worker: [201, 403, 403],
      service_provider: [403, 403, 403],
      volunteer: [403, 403, 403],
    },
    request: async (t) => ({
      method: 'POST',
      url: '/api/needs',
      body: {
        areaCode: AREA[t],
        category: 'repair',
        title: '修理门锁',
        place: '社区服务中心',
        startsAt: '2026-06-20T09:00:00+08:00',
        endsAt: '2026-06-20T10:00:00+08:00',
        headcount: 1,
      },
    }),
    check: (res, { target }) => {
      expect(res.json()).toMatchObject({ status: 'draft', areaCode: AREA[target] });
    },
  },
  // What claimants may take: published needs of the areas where they claim.
  'GET /api/needs/open': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [403, 403, 403],
      community_worker: [403, 403, 403],
      service_provider: [200, 200, 200],
      volunteer: [200, 200, 200],
    },
    client: ndClient,
    request: async (t) => {
      await ndSetup();
      return { method: 'GET', url: `/api/needs/open?area=${AREA[t]}&pageSize=200` };
    },
    check: (res, { role, target }) => checkListed(res, role, target, nd.seeded[target].id),
  },
  'GET /api/needs/mine': {
    unscoped: true,
    expect: NEEDS_ALL_200,
    client: ndClient,
    request: async () => ({ method: 'GET', url: '/api/needs/mine' }),
  },
  'GET /api/needs/:id': {
    expect: NEEDS_READ,
    client: ndClient,
    request: async (t) => {
      await ndSetup();
      return { method: 'GET', url: `/api/needs/${nd.seeded[t].id}` };
    },
  },
  'PATCH /api/needs/:id': {
    expect: NEEDS_DRAFT,
    request: async (t) => {
      const n = await ndNeed(t, { publish: false });
      return { method: 'PATCH', url: `/api/needs/${n.id}`, body: { version: n.version, headcount: 2 } };
    },
  },
  'POST /api/needs/:id/publish': {
    expect: NEEDS_DRAFT,
    request: async (t) => {
      const n = await ndNeed(t, { publish: false });
      return { method: 'POST', url: `/api/needs/${n.id}/publish`, body: { version: n.version } };
    },
    check: (res) => {
      expect(res.json().status).toBe('published');
    },
  },
  'POST /api/needs/:id/cancel': {
    expect: NEEDS_POST,
    request: async (t) => {
      const n = await ndNeed(t);
      return {
        method: 'POST',
        url: `/api/needs/${n.id}/cancel`,
        body: { version: n.version, reason: '矩阵测试' },
      };
    },
  },
  'POST /api/needs/:id/claims': {
    expect: {
      district_admin: [201, 201, 201],
      street_staff: [403, 403, 403],
      community_worker: [403, 403, 403],
      service_provider: [201, 404, 404],
      volunteer: [201, 404, 404],
    },
    client: ndClient,
    request: async (t, role) => {
      await ndSetup();
      const n = await ndNeed(t);
      const body =
        role === 'volunteer'
          ? { claimantType: 'volunteer' }
          : { claimantType: 'org', claimantId: nd.org.id, seats: 1 };
      return { method: 'POST', url: `/api/needs/${n.id}/claims`, body };
    },
    check: (res) => {
      expect(res.json().claimedSeats).toBe(1);
    },
  },
  // A claimant's own claim is theirs wherever the need is (invitations reach across areas).
  'POST /api/needs/:id/claims/:claimId/withdraw': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [403, 403, 404],
      community_worker: [403, 404, 404],
      service_provider: [200, 200, 200],
      volunteer: [403, 404, 404],
    },
    client: ndClient,
    request: async (t) => {
      await ndSetup();
      const { need, claimId } = await ndOrgClaim((await ndNeed(t)).id);
      return { method: 'POST', url: `/api/needs/${need.id}/claims/${claimId}/withdraw`, body: {} };
    },
  },
  'POST /api/needs/:id/claims/:claimId/volunteers': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 404],
      community_worker: [200, 404, 404],
      service_provider: [200, 200, 200],
      volunteer: [403, 404, 404],
    },
    client: ndClient,
    request: async (t) => {
      await ndSetup();
      const { need, claimId } = await ndOrgClaim((await ndNeed(t)).id);
      return {
        method: 'POST',
        url: `/api/needs/${need.id}/claims/${claimId}/volunteers`,
        body: { volunteerIds: [nd.spareVolunteers[0]] },
      };
    },
  },
  'POST /api/needs/:id/schedule': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 404],
      community_worker: [200, 404, 404],
      service_provider: [200, 200, 200],
      volunteer: [403, 404, 404],
    },
    client: ndClient,
    request: async (t) => {
      await ndSetup();
      const { need, claimId } = await ndOrgClaim((await ndNeed(t, { headcount: 1 })).id);
      return {
        method: 'POST',
        url: `/api/needs/${need.id}/schedule`,
        body: { version: need.version, assignments: [{ claimId, volunteerIds: [nd.spareVolunteers[1]] }] },
      };
    },
    check: (res) => {
      expect(res.json()).toMatchObject({ status: 'scheduled', activityId: expect.any(String) });
    },
  },
  'POST /api/needs/:id/confirm': {
    expect: NEEDS_POST,
    client: ndClient,
    request: async (t) => {
      const n = await ndStatus((await ndNeed(t)).id, 'done');
      return {
        method: 'POST',
        url: `/api/needs/${n.id}/confirm`,
        body: { version: n.version, peopleServed: 1 },
      };
    },
  },
  'POST /api/needs/:id/rate': {
    expect: NEEDS_POST,
    client: ndClient,
    request: async (t) => {
      const n = await ndStatus((await ndNeed(t)).id, 'confirmed');
      return { method: 'POST', url: `/api/needs/${n.id}/rate`, body: { version: n.version, rating: 5 } };
    },
  },
  'POST /api/needs/:id/invitations': {
    expect: {
      district_admin: [201, 201, 201],
      street_staff: [201, 201, 404],
      community_worker: [201, 404, 404],
      service_provider: [403, 404, 404],
      volunteer: [403, 404, 404],
    },
    request: async (t) => {
      await ndSetup();
      const n = await ndNeed(t);
      return {
        method: 'POST',
        url: `/api/needs/${n.id}/invitations`,
        body: { invitees: [{ type: 'volunteer', id: nd.volunteerId }] },
      };
    },
  },
  // The invitation is the invitee's wherever the need is; for anyone else it does not exist.
  'POST /api/need-invitations/:id/accept': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [404, 404, 404],
      community_worker: [404, 404, 404],
      service_provider: [200, 200, 200],
      volunteer: [200, 200, 200],
    },
    client: ndClient,
    request: async (t, role) => ({
      method: 'POST',
      url: `/api/need-invitations/${await ndInvitation(t, role)}/accept`,
      body: {},
    }),
  },
  'POST /api/need-invitations/:id/decline': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [404, 404, 404],
      community_worker: [404, 404, 404],
      service_provider: [200, 200, 200],
      volunteer: [200, 200, 200],
    },
    client: ndClient,
    request: async (t, role) => ({
      method: 'POST',
      url: `/api/need-invitations/${await ndInvitation(t, role)}/decline`,
      body: {},
    }),
  },
};

// ── activities (issue 4): filled by the activities module's work ──
/**
 * Activities of each target's community, organised by an organisation of that community. The
 * provider's session here works for the own community's organisation; the volunteer's session
 * is a registered volunteer of the own community who leads its activity. Everything fresh is
 * made by the fixture admin; days are spread so that no two records overlap.
 */
const ac = {
  ready: false,
  org: {} as Record<Target, { id: string }>,
  vol: {} as Record<Target, string>,
  spare: '',
  activity: {} as Record<Target, { id: string; shiftId: string; postId: string }>,
  record: {} as Record<Target, { id: string }>,
  cert: {} as Record<Target, { id: string }>,
  clients: {} as Partial<Record<Role, Client>>,
  days: { future: 0, past: 0 },
  vno: 0,
};
const AC_MANAGE = {
  district_admin: [200, 200, 200],
  street_staff: [200, 200, 404],
  community_worker: [200, 404, 404],
  service_provider: [200, 404, 404],
  volunteer: [403, 403, 403],
} as const;
const AC_CREATE = {
  district_admin: [201, 201, 201],
  street_staff: [201, 201, 403],
  community_worker: [201, 403, 403],
  service_provider: [201, 403, 403],
  volunteer: [403, 403, 403],
} as const;
const AC_LIST = {
  district_admin: [200, 200, 200],
  street_staff: [200, 200, 200],
  community_worker: [200, 200, 200],
  service_provider: [200, 200, 200],
  volunteer: [403, 403, 403],
} as const;
/** The volunteer's own pages: only a registered volunteer has them (the district holds the permission, not a record). */
const AC_ME = (ok: number) =>
  ({
    district_admin: [404, 404, 404],
    street_staff: [403, 403, 403],
    community_worker: [403, 403, 403],
    service_provider: [403, 403, 403],
    volunteer: [ok, ok, ok],
  }) as const;
const acAt = (day: string, hhmm: string) => `${day}T${hhmm}:00+08:00`;
/** Past days count up from February, future ones from August: each activity has a day of its own. */
const acDay = (when: 'future' | 'past') => {
  const n = ++ac.days[when];
  const base = when === 'future' ? '2026-08-01' : '2026-02-01';
  return new Date(Date.parse(`${base}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
};
async function acVolunteer(t: Target, userId: string | null): Promise<string> {
  const p = await newPerson(t);
  const id = crypto.randomUUID();
  ac.vno++;
  await ctx.database.exec(
    `INSERT INTO volunteers (id, person_id, volunteer_no, area_code, user_id, registered_at, updated_at)
     VALUES ('${id}', '${p.id}', 'V33010298${String(ac.vno).padStart(6, '0')}', '${AREA[t]}', ${userId ? `'${userId}'` : 'NULL'}, now(), now())`,
  );
  return id;
}
/** An activity of the target's organisation: `future` (July on), `now` (around the matrix's 10:00) or `past`. */
async function acActivity(t: Target, when: 'future' | 'now' | 'past', extra: Record<string, unknown> = {}) {
  const day = when === 'now' ? '2026-06-15' : acDay(when);
  const [from, to] = when === 'now' ? ['09:30', '12:00'] : ['08:00', '10:00'];
  const a = await created({
    method: 'POST',
    url: '/api/activities',
    body: {
      kind: 'project',
      title: `矩阵活动${day}`,
      category: 'convenience',
      areaCode: AREA[t],
      orgId: ac.org[t].id,
      place: '社区服务中心',
      startsAt: acAt(day, from),
      endsAt: acAt(day, to),
      shifts: [{ startsAt: acAt(day, from), endsAt: acAt(day, to) }],
      posts: [{ name: '服务岗', category: 'convenience', capacity: 5 }],
      ...extra,
    },
  });
  const d = await created({ method: 'GET', url: `/api/activities/${a.id}` }, 200);
  return {
    id: a.id as string,
    version: d.version as number,
    shiftId: d.shifts[0].id as string,
    postId: d.posts[0].id as string,
    day,
  };
}
async function acSignup(
  a: { id: string; shiftId: string; postId: string },
  volunteerId: string,
): Promise<string> {
  const d = await created(
    {
      method: 'POST',
      url: `/api/activities/${a.id}/signups`,
      body: { shiftId: a.shiftId, postId: a.postId, volunteerIds: [volunteerId] },
    },
    200,
  );
  return d.signups.find((s: { volunteerId: string }) => s.volunteerId === volunteerId).id;
}
/** A record of the target's volunteer for a past activity of the target's organisation, 08:00–09:00. */
async function acRecord(
  t: Target,
  status: 'pending' | 'confirmed' = 'pending',
): Promise<{ id: string; day: string }> {
  const a = await acActivity(t, 'past');
  const id = crypto.randomUUID();
  await ctx.database.exec(
    `INSERT INTO service_records (id, volunteer_id, source, activity_id, org_id, area_code, category, content,
       started_at, ended_at, minutes, status, created_at, updated_at)
     VALUES ('${id}', '${ac.vol[t]}', 'self_report', '${a.id}', '${ac.org[t].id}', '${AREA[t]}', 'convenience', '矩阵服务',
       '${acAt(a.day, '08:00')}', '${acAt(a.day, '09:00')}', 60, '${status}', now(), now())`,
  );
  return { id, day: a.day };
}
const acIssue = (t: Target) =>
  created({
    method: 'POST',
    url: '/api/certificates',
    body: { volunteerId: ac.vol[t], orgId: ac.org[t].id, periodFrom: '2026-01-01', periodTo: '2026-06-15' },
  }) as Promise<{ id: string; certNo: string }>;
async function acSetup() {
  if (ac.ready) return;
  const { ensureVolunteerPointDefaults } = await import('./modules/volunteers/index.ts');
  await ensureVolunteerPointDefaults(ctx.db, ctx.clock);
  const login = (role: Role, name: string) =>
    signIn(app, ctx, [{ role, areaCode: GRANT[role] }], name, { remoteAddress: nextRemoteAddress() });
  ac.clients.service_provider = await login('service_provider', 'm_ac_provider');
  ac.clients.volunteer = await login('volunteer', 'm_ac_volunteer');
  const idOf = async (c: Client) => (await call(c, { method: 'GET', url: '/api/auth/me' })).json().id;
  for (const t of TARGETS) ac.org[t] = await newOrg(t);
  await ctx.database.exec(
    `INSERT INTO org_members (user_id, org_id) VALUES ('${await idOf(ac.clients.service_provider)}', '${ac.org.own.id}')`,
  );
  ac.vol.own = await acVolunteer('own', await idOf(ac.clients.volunteer));
  ac.vol.sibling = await acVolunteer('sibling', null);
  ac.vol.otherStreet = await acVolunteer('otherStreet', null);
  ac.spare = await acVolunteer('own', null);
  for (const t of TARGETS) {
    ac.activity[t] = await acActivity(t, 'future', t === 'own' ? { leaderVolunteerId: ac.vol.own } : {});
    ac.record[t] = await acRecord(t);
    await acRecord(t, 'confirmed');
    ac.cert[t] = await acIssue(t);
  }
  ac.ready = true;
}
const acClient = async (role: Role) => {
  await acSetup();
  return ac.clients[role] ?? clients[role];
};
const acMe = (ok: number, request: (t: Target, role: Role) => Promise<Req>): Endpoint => ({
  unscoped: true,
  expect: AC_ME(ok),
  client: acClient,
  request: async (t, role) => {
    await acSetup();
    return request(t, role);
  },
});

const ACTIVITIES: Matrix = {
  'GET /api/activities': {
    expect: AC_LIST,
    client: acClient,
    request: async (t) => {
      await acSetup();
      return { method: 'GET', url: `/api/activities?area=${AREA[t]}&pageSize=200` };
    },
    check: (res, { role, target }) => checkListed(res, role, target, ac.activity[target].id),
  },
  'POST /api/activities': {
    expect: AC_CREATE,
    client: acClient,
    request: async (t) => {
      await acSetup();
      return {
        method: 'POST',
        url: '/api/activities',
        body: {
          kind: 'project',
          title: '矩阵新活动',
          category: 'health',
          areaCode: AREA[t],
          orgId: ac.org[t].id,
          place: '社区',
          startsAt: '2026-09-01T09:00:00+08:00',
          endsAt: '2026-09-01T11:00:00+08:00',
          shifts: [{ startsAt: '2026-09-01T09:00:00+08:00', endsAt: '2026-09-01T11:00:00+08:00' }],
          posts: [{ name: '岗', category: 'health', capacity: 2 }],
        },
      };
    },
  },
  'POST /api/activities/market': {
    expect: AC_CREATE,
    client: acClient,
    request: async (t) => {
      await acSetup();
      return {
        method: 'POST',
        url: '/api/activities/market',
        body: { areaCode: AREA[t], orgId: ac.org[t].id, place: '社区广场' },
      };
    },
  },
  'POST /api/activities/holiday-posts': {
    expect: AC_CREATE,
    client: acClient,
    request: async (t) => {
      await acSetup();
      return {
        method: 'POST',
        url: '/api/activities/holiday-posts',
        body: {
          orgId: ac.org[t].id,
          servicePointId: seeded.point[t].id,
          title: '国庆文明引导岗',
          from: '2026-10-01',
          to: '2026-10-03',
        },
      };
    },
  },
  'GET /api/activities/:id': {
    // The own community's activity is led by the volunteer's session.
    expect: { ...AC_MANAGE, volunteer: [200, 404, 404] },
    client: acClient,
    request: async (t) => {
      await acSetup();
      return { method: 'GET', url: `/api/activities/${ac.activity[t].id}` };
    },
    check: (res, { role }) => {
      expect(res.json().canManage).toBe(role !== 'volunteer');
      expect(res.body).not.toMatch(/codeSecret|code_secret/);
    },
  },
  'POST /api/activities/:id/cancel': {
    expect: AC_MANAGE,
    client: acClient,
    request: async (t) => {
      await acSetup();
      const a = await acActivity(t, 'future');
      return {
        method: 'POST',
        url: `/api/activities/${a.id}/cancel`,
        body: { version: a.version, reason: '矩阵取消' },
      };
    },
  },
  'POST /api/activities/:id/signups': {
    expect: AC_MANAGE,
    client: acClient,
    request: async (t) => {
      await acSetup();
      const a = await acActivity(t, 'future');
      return {
        method: 'POST',
        url: `/api/activities/${a.id}/signups`,
        body: { shiftId: a.shiftId, postId: a.postId, volunteerIds: [ac.spare] },
      };
    },
  },
  'POST /api/activities/:id/signups/:signupId/cancel': {
    expect: AC_MANAGE,
    client: acClient,
    request: async (t) => {
      await acSetup();
      const a = await acActivity(t, 'future');
      return {
        method: 'POST',
        url: `/api/activities/${a.id}/signups/${await acSignup(a, ac.spare)}/cancel`,
        body: {},
      };
    },
  },
  'POST /api/activities/:id/signups/:signupId/no-show': {
    expect: AC_MANAGE,
    client: acClient,
    request: async (t) => {
      await acSetup();
      const a = await acActivity(t, 'future');
      return {
        method: 'POST',
        url: `/api/activities/${a.id}/signups/${await acSignup(a, ac.spare)}/no-show`,
        body: {},
      };
    },
  },
  'GET /api/activities/:id/shifts/:shiftId/code': {
    expect: { ...AC_MANAGE, volunteer: [200, 404, 404] },
    client: acClient,
    request: async (t) => {
      await acSetup();
      return {
        method: 'GET',
        url: `/api/activities/${ac.activity[t].id}/shifts/${ac.activity[t].shiftId}/code`,
      };
    },
    check: (res) => {
      expect(res.json().code).toMatch(/^\d{6}$/);
    },
  },
  'GET /api/records': {
    expect: AC_LIST,
    client: acClient,
    request: async (t) => {
      await acSetup();
      return { method: 'GET', url: `/api/records?area=${AREA[t]}&status=pending&pageSize=200` };
    },
    check: (res, { role, target }) => checkListed(res, role, target, ac.record[target].id),
  },
  'POST /api/records/confirm': {
    expect: AC_MANAGE,
    client: acClient,
    request: async (t) => ({
      method: 'POST',
      url: '/api/records/confirm',
      body: { recordIds: [(await acRecordFresh(t)).id] },
    }),
  },
  'POST /api/records/:id/reject': {
    expect: AC_MANAGE,
    client: acClient,
    request: async (t) => ({
      method: 'POST',
      url: `/api/records/${(await acRecordFresh(t)).id}/reject`,
      body: { version: 1, reason: '矩阵驳回' },
    }),
  },
  'POST /api/records/:id/correct': {
    expect: AC_MANAGE,
    client: acClient,
    request: async (t) => {
      const r = await acRecordFresh(t);
      return {
        method: 'POST',
        url: `/api/records/${r.id}/correct`,
        body: {
          version: 1,
          startedAt: acAt(r.day, '08:00'),
          endedAt: acAt(r.day, '09:30'),
          reason: '矩阵更正',
        },
      };
    },
  },
  'GET /api/records/export.xlsx': {
    expect: { ...AC_MANAGE, volunteer: [403, 403, 403] },
    client: acClient,
    request: async (t) => {
      await acSetup();
      return { method: 'GET', url: `/api/records/export.xlsx?volunteerId=${ac.vol[t]}` };
    },
    check: (res) => {
      expect(res.headers['content-type']).toContain('spreadsheetml');
    },
  },
  'GET /api/me/activities': acMe(200, async () => ({ method: 'GET', url: '/api/me/activities' })),
  'GET /api/me/activities/open': acMe(200, async () => ({ method: 'GET', url: '/api/me/activities/open' })),
  'POST /api/me/signups': acMe(201, async () => {
    const a = await acActivity('own', 'future');
    return { method: 'POST', url: '/api/me/signups', body: { shiftId: a.shiftId, postId: a.postId } };
  }),
  'POST /api/me/signups/:id/cancel': acMe(200, async () => {
    const a = await acActivity('own', 'future');
    return { method: 'POST', url: `/api/me/signups/${await acSignup(a, ac.vol.own)}/cancel`, body: {} };
  }),
  'POST /api/me/check-in': acMe(200, async () => {
    const a = await acActivity('own', 'now');
    await acSignup(a, ac.vol.own);
    const { code } = await created(
      { method: 'GET', url: `/api/activities/${a.id}/shifts/${a.shiftId}/code` },
      200,
    );
    return { method: 'POST', url: '/api/me/check-in', body: { code, shiftId: a.shiftId } };
  }),
  'POST /api/me/check-out': acMe(200, async () => {
    const a = await acActivity('own', 'now');
    const signupId = await acSignup(a, ac.vol.own);
    // Checked in an hour ago with that window's code.
    const window = Math.floor(ctx.clock.now().getTime() / 60_000) - 60;
    await ctx.database.exec(
      `UPDATE activity_signups SET status = 'checked_in', check_in_at = '${new Date(window * 60_000).toISOString()}',
         check_in_window = ${window} WHERE id = '${signupId}'`,
    );
    const { code } = await created(
      { method: 'GET', url: `/api/activities/${a.id}/shifts/${a.shiftId}/code` },
      200,
    );
    return { method: 'POST', url: '/api/me/check-out', body: { code, shiftId: a.shiftId } };
  }),
  'GET /api/me/records': acMe(200, async () => ({ method: 'GET', url: '/api/me/records' })),
  'POST /api/me/records': acMe(201, async () => {
    const a = await acActivity('own', 'past');
    return {
      method: 'POST',
      url: '/api/me/records',
      body: {
        activityId: a.id,
        startedAt: acAt(a.day, '08:30'),
        endedAt: acAt(a.day, '09:30'),
        content: '矩阵申报',
      },
    };
  }),
  'GET /api/me/records/export.xlsx': acMe(200, async () => ({
    method: 'GET',
    url: '/api/me/records/export.xlsx',
  })),
  'GET /api/me/certificates': acMe(200, async () => ({ method: 'GET', url: '/api/me/certificates' })),
  'GET /api/certificates': {
    expect: AC_LIST,
    client: acClient,
    request: async (t) => {
      await acSetup();
      return { method: 'GET', url: `/api/certificates?volunteerId=${ac.vol[t]}&pageSize=200` };
    },
    check: (res, { role, target }) => {
      const ids = res.json().items.map((c: { id: string }) => c.id);
      expect(ids.includes(ac.cert[target].id), `${role} → ${target}`).toBe(reaches(role, target));
    },
  },
  'POST /api/certificates': {
    expect: AC_CREATE,
    client: acClient,
    request: async (t) => {
      await acSetup();
      return {
        method: 'POST',
        url: '/api/certificates',
        body: {
          volunteerId: ac.vol[t],
          orgId: ac.org[t].id,
          periodFrom: '2026-01-01',
          periodTo: '2026-06-15',
        },
      };
    },
  },
  'GET /api/certificates/:id/pdf': {
    // The own community's certificate is the volunteer's own.
    expect: { ...AC_MANAGE, volunteer: [200, 404, 404] },
    client: acClient,
    request: async (t) => {
      await acSetup();
      return { method: 'GET', url: `/api/certificates/${ac.cert[t].id}/pdf` };
    },
    check: (res) => {
      expect(res.headers['content-type']).toBe('application/pdf');
    },
  },
  'POST /api/certificates/:id/revoke': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 403],
      community_worker: [200, 403, 403],
      service_provider: [200, 403, 403],
      volunteer: [403, 403, 403],
    },
    client: acClient,
    request: async (t) => {
      await acSetup();
      return {
        method: 'POST',
        url: `/api/certificates/${(await acIssue(t)).id}/revoke`,
        body: { reason: '矩阵作废' },
      };
    },
  },
};
async function acRecordFresh(t: Target) {
  await acSetup();
  return acRecord(t);
}

// ── matching (issue 4): filled by the matching module's work ──
/** A fresh published need in the target's community, then the district's proposal for it. */
async function mtProposal(t: Target) {
  await ndSetup();
  await ndNeed(t);
  return created({ method: 'POST', url: '/api/matching/proposals', body: { areaCode: AREA[t] } }) as Promise<{
    id: string;
  }>;
}
const MT_POST_200 = NEEDS_POST;
const MT_POST_201 = {
  district_admin: [201, 201, 201],
  street_staff: [201, 201, 404],
  community_worker: [201, 404, 404],
  service_provider: [403, 404, 404],
  volunteer: [403, 404, 404],
} as const;

const MATCHING: Matrix = {
  'GET /api/needs/:id/candidates': {
    expect: MT_POST_200,
    request: async (t) => {
      await ndSetup();
      return { method: 'GET', url: `/api/needs/${nd.seeded[t].id}/candidates` };
    },
    check: (res) => {
      expect(res.json()).toMatchObject({ volunteers: expect.any(Array), teams: expect.any(Array) });
    },
  },
  'POST /api/needs/:id/candidates/invite': {
    expect: MT_POST_201,
    request: async (t) => {
      await ndSetup();
      const n = await ndNeed(t);
      return {
        method: 'POST',
        url: `/api/needs/${n.id}/candidates/invite`,
        body: { type: 'org', id: nd.org.id },
      };
    },
  },
  // Proposals are the posting workers' working papers: the list is of the caller's areas.
  'GET /api/matching/proposals': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 200],
      community_worker: [200, 200, 200],
      service_provider: [403, 403, 403],
      volunteer: [403, 403, 403],
    },
    request: async (t) => {
      await mtProposal(t);
      return { method: 'GET', url: `/api/matching/proposals?area=${AREA[t]}` };
    },
    check: (res, { role, target }) => {
      const items = res.json().items as { areaCode: string }[];
      for (const i of items) expect(inScope(role, i.areaCode)).toBe(true);
      expect(items.length > 0).toBe(reaches(role, target));
    },
  },
  'POST /api/matching/proposals': {
    expect: {
      district_admin: [201, 201, 201],
      street_staff: [201, 201, 403],
      community_worker: [201, 403, 403],
      service_provider: [403, 403, 403],
      volunteer: [403, 403, 403],
    },
    request: async (t) => {
      await ndSetup();
      await ndNeed(t);
      return { method: 'POST', url: '/api/matching/proposals', body: { areaCode: AREA[t] } };
    },
    check: (res, { target }) => {
      expect(res.json()).toMatchObject({ areaCode: AREA[target], status: 'proposed' });
    },
  },
  'GET /api/matching/proposals/:id': {
    expect: MT_POST_200,
    request: async (t) => ({ method: 'GET', url: `/api/matching/proposals/${(await mtProposal(t)).id}` }),
  },
  'POST /api/matching/proposals/:id/accept': {
    expect: MT_POST_200,
    request: async (t) => ({
      method: 'POST',
      url: `/api/matching/proposals/${(await mtProposal(t)).id}/accept`,
    }),
    check: (res) => {
      expect(res.json().proposal.status).toBe('accepted');
    },
  },
  'POST /api/matching/proposals/:id/discard': {
    expect: MT_POST_200,
    request: async (t) => ({
      method: 'POST',
      url: `/api/matching/proposals/${(await mtProposal(t)).id}/discard`,
    }),
    check: (res) => {
      expect(res.json().status).toBe('discarded');
    },
  },
};

// ── notifications (issue 4): filled by the notifications module's work ──
/** Everyone reads and marks only their own notifications. */
async function ntOwn(role: Role): Promise<string> {
  const me = (await call(clients[role], { method: 'GET', url: '/api/auth/me' })).json().id;
  const id = crypto.randomUUID();
  await ctx.database.exec(
    `INSERT INTO notifications (id, user_id, kind, params, link, created_at)
     VALUES ('${id}', '${me}', 'need.filled', '{"title":"矩阵","needNo":"XQ1"}', '/needs/x', now())`,
  );
  return id;
}
const NOTIFICATIONS: Matrix = {
  'GET /api/notifications': {
    unscoped: true,
    expect: NEEDS_ALL_200,
    request: async (_t, role) => {
      await ntOwn(role);
      return { method: 'GET', url: '/api/notifications' };
    },
    check: (res) => {
      expect(res.json().unread).toBeGreaterThan(0);
    },
  },
  'POST /api/notifications/:id/read': {
    unscoped: true,
    expect: NEEDS_ALL_200,
    request: async (_t, role) => ({ method: 'POST', url: `/api/notifications/${await ntOwn(role)}/read` }),
  },
  'POST /api/notifications/read-all': {
    unscoped: true,
    expect: NEEDS_ALL_200,
    request: async () => ({ method: 'POST', url: '/api/notifications/read-all' }),
  },
};

// ── figures (issue 4): filled by the figures module's work ──
/** The volunteer role's login is a volunteer of its own community: linked here unless it already is. */
async function linkMatrixVolunteer(): Promise<void> {
  const { volunteers } = await import('./modules/volunteers/volunteers.schema.ts');
  const { findUserByUsername } = await import('./modules/identity/index.ts');
  const { newId } = await import('./platform/ids.ts');
  const user = (await findUserByUsername(ctx.db, 'm_volunteer'))!;
  const [linked] = await ctx.db
    .select({ id: volunteers.id })
    .from(volunteers)
    .where(eq(volunteers.userId, user.id));
  if (linked) return;
  const person = await newPerson('own');
  const id = newId();
  await ctx.db.insert(volunteers).values({
    id,
    personId: person.id,
    volunteerNo: `VFIG${id.slice(-10)}`,
    areaCode: AREA.own,
    userId: user.id,
    registeredAt: new Date(),
    updatedAt: new Date(),
  });
}
/** Figures of an area: staff with figures.read over it (district, street, community). */
const FIGURES_OF_AREA = {
  district_admin: [200, 200, 200],
  street_staff: [200, 200, 403],
  community_worker: [200, 403, 403],
  service_provider: [403, 403, 403],
  volunteer: [403, 403, 403],
} as const;
const FIGURES: Matrix = {
  'GET /api/volunteer-figures': {
    expect: FIGURES_OF_AREA,
    request: async (t) => ({ method: 'GET', url: `/api/volunteer-figures?area=${AREA[t]}` }),
    check: (res, { target }) => {
      expect(res.json().area.code).toBe(AREA[target]);
    },
  },
  'GET /api/volunteer-figures/export.xlsx': {
    expect: FIGURES_OF_AREA,
    request: async (t) => ({ method: 'GET', url: `/api/volunteer-figures/export.xlsx?area=${AREA[t]}` }),
    check: (res) => {
      expect(res.headers['content-type']).toContain('spreadsheetml');
    },
  },
  'GET /api/me/volunteer/rank': {
    // Only for the signed-in user's own volunteer record: the others here are no volunteers.
    unscoped: true,
    expect: {
      district_admin: [404, 404, 404],
      street_staff: [404, 404, 404],
      community_worker: [404, 404, 404],
      service_provider: [404, 404, 404],
      volunteer: [200, 200, 200],
    },
    request: async () => {
      await linkMatrixVolunteer();
      return { method: 'GET', url: '/api/me/volunteer/rank' };
    },
    check: (res) => {
      expect(res.json().street.areaCode).toBe(STREET_HUBIN);
    },
  },
};

// ── eligibility (issue 5) ──
const PROGRAMME_READERS = {
  district_admin: [200, 200, 200],
  street_staff: [200, 200, 200],
  community_worker: [200, 200, 200],
  service_provider: [403, 403, 403],
  volunteer: [403, 403, 403],
} as const;
const PROGRAMME_WRITERS = (ok: number) =>
  ({
    district_admin: [ok, ok, ok],
    street_staff: [403, 403, 403],
    community_worker: [403, 403, 403],
    service_provider: [403, 403, 403],
    volunteer: [403, 403, 403],
  }) as const;
const WORKLIST_OF_AREA = {
  district_admin: [200, 200, 200],
  street_staff: [200, 200, 404],
  community_worker: [200, 404, 404],
  service_provider: [403, 403, 403],
  volunteer: [403, 403, 403],
} as const;
const TRAVEL_RULE = `如果 年龄 在 60 周岁以上 则 发放 助老就医出行补贴 每年 依据 "R19 003:77932–77936"\n否则 不符合`;
let draftYear = 2090;
let matrixParams = 0;
async function newDraft(): Promise<string> {
  draftYear += 1;
  const v = await created({
    method: 'POST',
    url: '/api/programmes/medical_travel/versions',
    body: { ruleText: TRAVEL_RULE, validFrom: `${draftYear}-01-01` },
  });
  return v.id;
}
/** An open outreach item for an 85-year-old resident of the target (高龄津贴 and others). */
async function newWorklistItem(target: Target): Promise<string> {
  const { reevaluatePersons } = await import('./modules/eligibility/index.ts');
  const { worklistItems } = await import('./modules/eligibility/eligibility.schema.ts');
  ages = 84;
  const person = await newPerson(target, { hukouLocal: true });
  await reevaluatePersons(ctx.db, ctx.clock, [person.id]);
  const [item] = await ctx.db
    .select({ id: worklistItems.id })
    .from(worklistItems)
    .where(eq(worklistItems.personId, person.id));
  return item!.id;
}

/** An open red/yellow alert: a 70-year-old of the target back from 10 days in hospital (the fact raises it). */
async function newAlertItem(target: Target): Promise<string> {
  const { worklistItems } = await import('./modules/eligibility/eligibility.schema.ts');
  ages = 69;
  const person = await newPerson(target);
  await created({
    method: 'POST',
    url: `/api/persons/${person.id}/facts`,
    body: {
      kind: 'hospital_stay',
      value: {},
      validFrom: '2026-06-01',
      validTo: '2026-06-10',
      source: '医院出院小结',
    },
  });
  const [item] = await ctx.db
    .select({ id: worklistItems.id })
    .from(worklistItems)
    .where(and(eq(worklistItems.personId, person.id), eq(worklistItems.kind, 'alert')));
  return item!.id;
}
async function waitForRun(id: string): Promise<void> {
  const { screeningRuns } = await import('./modules/eligibility/eligibility.schema.ts');
  for (let i = 0; i < 200; i++) {
    const [run] = await ctx.db
      .select({ status: screeningRuns.status })
      .from(screeningRuns)
      .where(eq(screeningRuns.id, id));
    if (run?.status !== 'running') {
      expect(run?.status).toBe('done');
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('screening did not finish');
}
const ELIGIBILITY: Matrix = {
  'GET /api/programmes': {
    unscoped: true,
    expect: PROGRAMME_READERS,
    request: async () => ({ method: 'GET', url: '/api/programmes' }),
    check: (res) => expect(res.json().items.length).toBeGreaterThanOrEqual(12),
  },
  'GET /api/programmes/:code': {
    unscoped: true,
    expect: PROGRAMME_READERS,
    request: async () => ({ method: 'GET', url: '/api/programmes/family_bed' }),
    check: (res) => expect(res.json().programme.nameZh).toBe('家庭养老照护床位'),
  },
  'POST /api/rules/check': {
    unscoped: true,
    expect: PROGRAMME_READERS,
    request: async () => ({
      method: 'POST',
      url: '/api/rules/check',
      body: { kind: 'benefit', ruleText: TRAVEL_RULE, validFrom: '2026-01-01' },
    }),
    check: (res) => expect(res.json().ok).toBe(true),
  },
  'GET /api/rules/vocabulary': {
    unscoped: true,
    expect: PROGRAMME_READERS,
    request: async () => ({ method: 'GET', url: '/api/rules/vocabulary' }),
  },
  'POST /api/programmes/:code/versions': {
    unscoped: true,
    expect: PROGRAMME_WRITERS(201),
    request: async () => ({
      method: 'POST',
      url: '/api/programmes/medical_travel/versions',
      body: { ruleText: TRAVEL_RULE, validFrom: '2080-01-01' },
    }),
  },
  'PUT /api/programme-versions/:id': {
    unscoped: true,
    expect: PROGRAMME_WRITERS(200),
    request: async () => ({
      method: 'PUT',
      url: `/api/programme-versions/${await newDraft()}`,
      body: { ruleText: TRAVEL_RULE, validFrom: '2081-01-01' },
    }),
  },
  'POST /api/programme-versions/:id/publish': {
    unscoped: true,
    expect: PROGRAMME_WRITERS(200),
    request: async () => ({ method: 'POST', url: `/api/programme-versions/${await newDraft()}/publish` }),
    check: (res) => expect(res.json().status).toBe('published'),
  },
  'GET /api/rule-params': {
    unscoped: true,
    expect: PROGRAMME_READERS,
    request: async () => ({ method: 'GET', url: '/api/rule-params' }),
    check: (res) =>
      expect(res.json().items.some((p: { code: string }) => p.code === 'dibao_standard')).toBe(true),
  },
  'POST /api/rule-params': {
    unscoped: true,
    expect: PROGRAMME_WRITERS(201),
    request: async () => {
      matrixParams += 1;
      return {
        method: 'POST',
        url: '/api/rule-params',
        body: {
          code: `matrix_param_${matrixParams}`,
          nameZh: `矩阵参数${matrixParams}`,
          nameEn: `matrix parameter ${matrixParams}`,
          unit: 'days',
          firstValue: { validFrom: '2026-01-01', value: 30 },
        },
      };
    },
    check: (res) => expect(res.json().current).toMatchObject({ value: 30 }),
  },
  'POST /api/rule-params/:code/values': {
    unscoped: true,
    expect: PROGRAMME_WRITERS(200),
    request: async () => ({
      method: 'POST',
      url: '/api/rule-params/travel_subsidy/values',
      body: { validFrom: '2099-01-01', value: 20000 },
    }),
  },
  'POST /api/screening-runs': {
    expect: {
      district_admin: [202, 202, 202],
      street_staff: [202, 202, 403],
      community_worker: [403, 403, 403],
      service_provider: [403, 403, 403],
      volunteer: [403, 403, 403],
    },
    request: async (t) => ({
      method: 'POST',
      url: '/api/screening-runs',
      body: { asOf: '2026-06-01', programmes: ['longevity'], areaCode: AREA[t] },
    }),
    check: async (res) => waitForRun(res.json().id),
  },
  'GET /api/screening-runs': {
    unscoped: true,
    expect: PROGRAMME_READERS,
    request: async () => ({ method: 'GET', url: '/api/screening-runs' }),
  },
  'GET /api/screening-runs/:id': {
    expect: WORKLIST_OF_AREA,
    request: async (t) => {
      const run = await created(
        {
          method: 'POST',
          url: '/api/screening-runs',
          body: { asOf: '2026-06-01', programmes: ['longevity'], areaCode: AREA[t] },
        },
        202,
      );
      await waitForRun(run.id);
      return { method: 'GET', url: `/api/screening-runs/${run.id}` };
    },
  },
  'GET /api/worklist': {
    unscoped: true,
    expect: PROGRAMME_READERS,
    request: async () => ({ method: 'GET', url: '/api/worklist' }),
  },
  'GET /api/worklist/:id': {
    expect: WORKLIST_OF_AREA,
    request: async (t) => ({ method: 'GET', url: `/api/worklist/${await newWorklistItem(t)}` }),
    check: (res) => expect(res.json().explanation.summary).toContain('符合'),
  },
  'PATCH /api/worklist/:id': {
    expect: WORKLIST_OF_AREA,
    request: async (t) => ({
      method: 'PATCH',
      url: `/api/worklist/${await newWorklistItem(t)}`,
      body: { status: 'in_progress' },
    }),
  },
  'POST /api/programme-versions/:id/simulate': {
    unscoped: true,
    expect: PROGRAMME_WRITERS(200),
    request: async () => ({
      method: 'POST',
      url: `/api/programme-versions/${await newDraft()}/simulate`,
      body: {},
    }),
    check: (res) => expect(res.json().byStreet.length).toBeGreaterThan(0),
  },
  'POST /api/worklist/:id/visit': {
    expect: WORKLIST_OF_AREA,
    request: async (t) => ({
      method: 'POST',
      url: `/api/worklist/${await newAlertItem(t)}/visit`,
      body: { result: '已上门核实，家属照护中', outcome: 'close' },
    }),
    check: (res) => expect(res.json().item.status).toBe('done'),
  },
  'POST /api/worklist/:id/escalate': {
    expect: WORKLIST_OF_AREA,
    request: async (t) => ({
      method: 'POST',
      url: `/api/worklist/${await newAlertItem(t)}/escalate`,
      body: { reason: '独居无人照护，需街道协调' },
    }),
    check: (res) => expect(res.json().item.status).toBe('open'),
  },
  'GET /api/persons/:id/eligibility': {
    expect: WORKLIST_OF_AREA,
    request: async (t) => ({ method: 'GET', url: `/api/persons/${(await newPerson(t)).id}/eligibility` }),
    check: (res) => expect(res.json().items.length).toBeGreaterThanOrEqual(12),
  },
};

// ── applications and approval (issue 5, R29) ──
/** An 85-year-old resident of the target, entitled to 高龄津贴 (street-approved). */
async function newElder85(target: Target): Promise<string> {
  ages = 84;
  return (await newPerson(target, { hukouLocal: true })).id;
}
/** A 高龄津贴 application awaiting a street-level decision, submitted by the fixture admin. */
async function newApplication(target: Target): Promise<string> {
  const r = await created({
    method: 'POST',
    url: '/api/applications',
    body: { personId: await newElder85(target), programmeCode: 'longevity' },
  });
  return r.application.id;
}
const APPLICATIONS: Matrix = {
  'POST /api/applications': {
    expect: {
      district_admin: [201, 201, 201],
      street_staff: [201, 201, 404],
      community_worker: [201, 404, 404],
      service_provider: [403, 403, 403],
      volunteer: [403, 403, 403],
    },
    request: async (t) => ({
      method: 'POST',
      url: '/api/applications',
      body: { personId: await newElder85(t), programmeCode: 'longevity' },
    }),
    check: (res) =>
      expect(res.json().application).toMatchObject({ status: 'submitted', approverLevel: 'street' }),
  },
  'GET /api/applications': {
    unscoped: true,
    expect: PROGRAMME_READERS,
    request: async () => {
      await newApplication('own');
      return { method: 'GET', url: '/api/applications?status=all&pageSize=200' };
    },
    check: (res, { role }) => {
      const items = res.json().items as { areaCode: string }[];
      expect(items.length).toBeGreaterThan(0);
      for (const i of items) expect(inScope(role, i.areaCode), i.areaCode).toBe(true);
    },
  },
  'GET /api/applications/:id': {
    expect: WORKLIST_OF_AREA,
    request: async (t) => ({ method: 'GET', url: `/api/applications/${await newApplication(t)}` }),
    check: (res) => expect(res.json().explanation.verdict).toBe('entitled'),
  },
  'POST /api/applications/:id/decision': {
    expect: {
      district_admin: [200, 200, 200],
      street_staff: [200, 200, 404],
      community_worker: [403, 403, 403],
      service_provider: [403, 403, 403],
      volunteer: [403, 403, 403],
    },
    request: async (t) => ({
      method: 'POST',
      url: `/api/applications/${await newApplication(t)}/decision`,
      body: { decision: 'approve', note: '同意' },
    }),
    check: (res) => expect(res.json().application.status).toBe('enrolled'),
  },
  // 待遇发放: the monthly payment of recurring benefits (ADR 0020), district only
  'POST /api/benefit-batches': {
    unscoped: true,
    expect: CC_DISTRICT_ONLY(202),
    request: async () => ({
      method: 'POST',
      url: '/api/benefit-batches',
      body: { programme: 'longevity', month: '2026-05' },
    }),
    check: async (res) => {
      expect(res.json().items[0]).toMatchObject({ programmeCode: 'longevity', month: '2026-05' });
      await waitForBenefitBatch(res.json().items[0].id);
    },
  },
  'GET /api/benefit-batches': {
    unscoped: true,
    expect: CC_DISTRICT_ONLY(200),
    request: async () => ({ method: 'GET', url: '/api/benefit-batches' }),
  },
  'GET /api/benefit-batches/:id': {
    unscoped: true,
    expect: CC_DISTRICT_ONLY(200),
    request: async () => {
      if (!benefitBatchId) {
        const r = await created(
          { method: 'POST', url: '/api/benefit-batches', body: { programme: 'longevity', month: '2026-04' } },
          202,
        );
        benefitBatchId = r.items[0].id as string;
        await waitForBenefitBatch(benefitBatchId);
      }
      return { method: 'GET', url: `/api/benefit-batches/${benefitBatchId}` };
    },
  },
  'GET /api/benefit-programmes': {
    unscoped: true,
    expect: CC_DISTRICT_ONLY(200),
    request: async () => ({ method: 'GET', url: '/api/benefit-programmes' }),
    check: (res) => expect(res.json().items.map((p: { code: string }) => p.code)).toContain('longevity'),
  },
};

let benefitBatchId: string | undefined;
/** A payment answers 202 and goes on in the background: wait until its row is closed. */
async function waitForBenefitBatch(id: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const res = await call(fixtures, { method: 'GET', url: `/api/benefit-batches/${id}` });
    if (res.json().status !== 'running') {
      expect(res.json().status).toBe('done');
      return;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('benefit payment did not finish');
}

const MATRIX: Matrix = {
  ...ELIGIBILITY,
  ...APPLICATIONS,
  ...VOLUNTEERS,
  ...NEEDS,
  ...ACTIVITIES,
  ...MATCHING,
  ...NOTIFICATIONS,
  ...FIGURES,
  ...MEALS,
  ...HOME_SERVICES,
  ...AUTH,
  ...CARE_CREDITS,
  ...SETTLEMENT,
  ...AREAS,
  ...PERSONS,
  ...ORGS,
  ...SERVICE_POINTS,
  ...AUDIT,
  ...IMPORTS,
  ...LEDGER,
};

// ---------------------------------------------------------------------------------------------

/** Every route the app serves, read from Fastify's own route table (HEAD twins of GETs left out). */
function listRoutes(a: App): string[] {
  const out = new Set<string>();
  const stack: string[] = [];
  for (const line of a.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^((?:│ {3}| {4})*)[├└]── (.*?)(?: \(([^)]*)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    const path = (depth > 0 ? stack[depth - 1]! : '') + m[2]!;
    stack[depth] = path;
    stack.length = depth + 1;
    for (const method of (m[3] ?? '').split(',').map((s) => s.trim()))
      if (method && method !== 'HEAD') out.add(`${method} ${path}`);
  }
  return [...out].sort();
}

describe('route coverage', () => {
  it('reads the route table (cross-checked against the OpenAPI document)', () => {
    const routes = listRoutes(app);
    expect(routes).toContain('GET /api/persons/:id');
    expect(routes).toContain('POST /api/persons/:id/facts/:factId/close');
    const doc = app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect(documented.length).toBeGreaterThan(10);
    for (const r of documented) expect(routes, r).toContain(r);
  });

  it('every /api/ route except the public ones has a matrix entry', () => {
    const missing = listRoutes(app).filter(
      (r) => r.split(' ')[1]!.startsWith('/api/') && !isPublic(r) && !(r in MATRIX),
    );
    expect(missing, `routes without a matrix entry (add them to the matrix): ${missing.join(', ')}`).toEqual(
      [],
    );
  });

  it('every matrix entry is a route the app serves', () => {
    const routes = new Set(listRoutes(app));
    expect(Object.keys(MATRIX).filter((k) => !routes.has(k))).toEqual([]);
  });

  it('the public routes answer without a session', async () => {
    for (const url of ['/api/health', '/api/openapi.json'])
      expect((await call(null, { method: 'GET', url })).statusCode, url).toBe(200);
  });

  it('documents every API route in the OpenAPI document, with a docs page', async () => {
    const doc = (await call(null, { method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/persons',
      '/api/persons/{id}',
      '/api/persons/{id}/facts',
      '/api/areas/tree',
      '/api/orgs',
      '/api/service-points',
      '/api/audit',
      '/api/imports/residents',
    ])
      expect(Object.keys(doc.paths), path).toContain(path);
    expect(doc.paths['/api/persons'].post.requestBody).toBeDefined();
    const page = await call(null, { method: 'GET', url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
  });
});

describe.each(Object.entries(MATRIX))('%s', (route, ep) => {
  it.each(ROLE_ORDER)('%s reaches exactly its area', async (role) => {
    const client = ep.client ? await ep.client(role) : clients[role];
    const targets = ep.unscoped ? TARGETS.slice(0, 1) : TARGETS;
    const got: number[] = [];
    const bodies: string[] = [];
    const responses: [LightMyRequestResponse, Target][] = [];
    for (const t of targets) {
      const req = await ep.request(t, role);
      const res = await call(client, req);
      got.push(res.statusCode);
      bodies.push(`${t}: ${res.body.slice(0, 300)}`);
      responses.push([res, t]);
    }
    expect(got, `${role} on ${route}\n${bodies.join('\n')}`).toEqual(
      ep.expect[role].slice(0, targets.length),
    );
    for (const [res, target] of responses) {
      if (res.statusCode === 403) expect(res.json().error.code).toBe('FORBIDDEN');
      if (res.statusCode === 404) expect(res.json().error.code).toMatch(/NOT_FOUND$/);
      if (res.statusCode === 409) expect(res.json().error.code).toBe('IMPORT_HAS_ERRORS');
      if (res.statusCode < 300 && ep.check) await ep.check(res, { role, target });
    }
  });

  it(`an anonymous caller gets ${ep.anonymous ?? 401}`, async () => {
    const res = await call(null, await ep.request('own', 'district_admin'));
    expect(res.statusCode, res.body).toBe(ep.anonymous ?? 401);
    if (res.statusCode === 401) expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });

  if (!route.startsWith('GET '))
    it('without the CSRF header, or with a wrong one, it is refused with CSRF_INVALID and nothing is written', async () => {
      const client = ep.client ? await ep.client('district_admin') : clients.district_admin;
      for (const token of [undefined, 'x'.repeat(client.csrf.length), '']) {
        const req = await ep.request('own', 'district_admin');
        const before = await auditCount({});
        const res = await call(client, req, { 'x-csrf-token': token });
        expect(res.statusCode, res.body).toBe(403);
        expect(res.json().error.code).toBe('CSRF_INVALID');
        expect(await auditCount({})).toBe(before);
      }
      // The session survives a refused request.
      expect((await call(client, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
    });
});

describe('lists return only rows in scope', () => {
  it.each(ROLE_ORDER)('%s, unfiltered', async (role) => {
    for (const [url, kind] of [
      ['/api/persons?pageSize=200', 'person'],
      ['/api/orgs?pageSize=200', 'org'],
      ['/api/service-points?pageSize=200', 'point'],
    ] as const) {
      const res = await call(clients[role], { method: 'GET', url });
      if (kind === 'person' && role === 'volunteer') {
        expect(res.statusCode).toBe(403);
        continue;
      }
      expect(res.statusCode, res.body).toBe(200);
      // Every page: other modules' tests in this file register more than a page of people.
      const items = res.json().items as { id: string; areaCode: string }[];
      for (let page = 2; items.length === (page - 1) * 200; page++) {
        const next = await call(clients[role], { method: 'GET', url: `${url}&page=${page}` });
        expect(next.statusCode, next.body).toBe(200);
        items.push(...(next.json().items as { id: string; areaCode: string }[]));
      }
      expect(items.length).toBeGreaterThan(0);
      for (const i of items)
        expect(inScope(role, i.areaCode), `${role} ${url} listed ${i.areaCode}`).toBe(true);
      for (const t of TARGETS)
        expect(
          items.some((i) => i.id === seeded[kind][t].id),
          `${role} ${url} → ${t}`,
        ).toBe(reaches(role, t));
    }
  });

  it('the audit log of a street shows only its street’s rows', async () => {
    const res = await call(clients.street_staff, { method: 'GET', url: '/api/audit?pageSize=200' });
    const items = res.json().items as { areaCode: string | null; entityId: string }[];
    expect(items.length).toBeGreaterThan(0);
    for (const i of items) expect(i.areaCode ?? '(none)').toMatch(/^330102001/);
    expect(items.some((i) => i.entityId === seeded.person.otherStreet.id)).toBe(false);
  });
});

describe('writes that would move a record out of scope', () => {
  it('a street worker cannot move a resident, an organisation or a service point to another street', async () => {
    const p = await newPerson('own');
    const s = clients.street_staff;
    const moved = await call(s, {
      method: 'PATCH',
      url: `/api/persons/${p.id}`,
      body: { areaCode: COMMUNITY_QINGBO, version: p.version },
    });
    expect(moved.statusCode, moved.body).toBe(403);
    expect((await call(fixtures, { method: 'GET', url: `/api/persons/${p.id}` })).json()).toMatchObject({
      areaCode: COMMUNITY_HUBIN,
      version: p.version,
    });
    const o = await newOrg('sibling');
    expect(
      (
        await call(s, {
          method: 'PATCH',
          url: `/api/orgs/${o.id}`,
          body: { areaCode: COMMUNITY_QINGBO, version: o.version },
        })
      ).statusCode,
    ).toBe(403);
    const sp = await newPoint('sibling');
    expect(
      (
        await call(s, {
          method: 'PATCH',
          url: `/api/service-points/${sp.id}`,
          body: { areaCode: COMMUNITY_QINGBO, version: sp.version },
        })
      ).statusCode,
    ).toBe(403);
    // Inside the street the same move is allowed.
    const inside = await call(s, {
      method: 'PATCH',
      url: `/api/persons/${p.id}`,
      body: { areaCode: COMMUNITY_HUBIN_2, version: p.version },
    });
    expect(inside.statusCode, inside.body).toBe(200);
  });

  it('a community worker cannot move a resident to the sibling community', async () => {
    const p = await newPerson('own');
    const res = await call(clients.community_worker, {
      method: 'PATCH',
      url: `/api/persons/${p.id}`,
      body: { areaCode: COMMUNITY_HUBIN_2, version: p.version },
    });
    expect(res.statusCode).toBe(403);
    expect(await personVersion(p.id)).toBe(p.version);
  });

  it('a household outside the scope cannot be joined', async () => {
    const head = await newPerson('otherStreet');
    const detail = await created({ method: 'GET', url: `/api/persons/${head.id}` }, 200);
    const res = await call(clients.street_staff, {
      method: 'POST',
      url: '/api/persons',
      body: buildPersonBody({
        areaCode: COMMUNITY_QINGBO,
        householdId: detail.householdId,
        relation: 'spouse',
      }),
    });
    expect(res.statusCode).toBe(403);
    const same = await call(clients.street_staff, {
      method: 'POST',
      url: '/api/persons',
      body: buildPersonBody({
        areaCode: COMMUNITY_HUBIN,
        householdId: detail.householdId,
        relation: 'spouse',
      }),
    });
    expect(same.statusCode).toBe(400);
    expect(same.json().error.issues[0]).toMatchObject({ field: 'householdId', code: 'HOUSEHOLD_NOT_FOUND' });
  });
});

describe('imports outside the scope', () => {
  it('a street worker’s file for another street is refused row by row and writes nothing', async () => {
    const v = await uploadSettled(clients.street_staff, 'otherStreet');
    expect(v.status).toBe('invalid');
    const idNumber = importedId.get(v.id)!;
    const commit = await call(clients.street_staff, {
      method: 'POST',
      url: `/api/imports/${v.id}/commit`,
      body: { onDuplicate: 'skip' },
    });
    expect(commit.statusCode).toBe(409);
    expect(commit.json().error.code).toBe('IMPORT_HAS_ERRORS');
    expect((await call(fixtures, { method: 'GET', url: `/api/persons?q=${idNumber}` })).json().total).toBe(0);
  });

  it('another importer cannot commit someone else’s file, and one outside the area cannot see it', async () => {
    const v = await uploadSettled(clients.community_worker, 'own');
    const byStreet = await call(clients.street_staff, {
      method: 'POST',
      url: `/api/imports/${v.id}/commit`,
      body: {},
    });
    expect(byStreet.statusCode).toBe(403);
    const theirs = await uploadSettled(fixtures, 'otherStreet');
    const byWorker = await call(clients.community_worker, {
      method: 'POST',
      url: `/api/imports/${theirs.id}/commit`,
      body: {},
    });
    expect(byWorker.statusCode).toBe(404);
    expect(
      (await call(fixtures, { method: 'GET', url: `/api/persons?q=${importedId.get(v.id)}` })).json().total,
    ).toBe(0);
  });
});

describe('identity numbers', () => {
  it('revealing needs person.reveal_id and writes one audit row per reveal, none when refused', async () => {
    const id = seeded.person.own.id;
    for (const role of ROLE_ORDER) {
      const who = clients[role].username;
      const before = await auditCount({ entityId: id, action: 'person.reveal_id', actorName: who });
      const res = await call(clients[role], {
        method: 'POST',
        url: `/api/persons/${id}/reveal`,
        body: { reason: '核对身份' },
      });
      const allowed = ['district_admin', 'street_staff', 'community_worker'].includes(role);
      expect(res.statusCode, `${role}: ${res.body}`).toBe(allowed ? 200 : 403);
      expect(await auditCount({ entityId: id, action: 'person.reveal_id', actorName: who }), role).toBe(
        before + (allowed ? 1 : 0),
      );
      if (allowed) expect(res.json()).toEqual(plain.get(id));
    }
  });

  it('a reveal needs a reason', async () => {
    const res = await call(clients.community_worker, {
      method: 'POST',
      url: `/api/persons/${seeded.person.own.id}/reveal`,
      body: { reason: ' ' },
    });
    expect(res.statusCode).toBe(400);
  });

  it('no response body carries a plaintext ID number or phone, except a reveal', () => {
    expect(plain.size).toBeGreaterThan(20);
    expect(seen.length).toBeGreaterThan(200);
    const secrets = [
      ...[...plain.values()].flatMap((p) => [p.idNumber, p.phone]),
      ...importedSecrets,
    ].flatMap((x) => (x.length === 18 ? [x, x.slice(0, 17)] : [x]));
    expect(importedSecrets.length).toBeGreaterThan(10);
    const leaks: string[] = [];
    for (const s of seen) {
      if (/^POST \/api\/persons\/[^/]+\/reveal$/.test(s.route)) continue;
      for (const secret of secrets)
        if (s.body.includes(secret)) leaks.push(`${s.route} shows ${secret.slice(0, 6)}…`);
    }
    expect(leaks).toEqual([]);
  });
});

describe('sensitive facts', () => {
  let personId: string;
  let idNumber: string;

  beforeAll(async () => {
    idNumber = buildIdNumber({ birthDate: '1948-09-09', sex: 'F' });
    const body = buildPersonBody({ idNumber, areaCode: COMMUNITY_HUBIN });
    const p = await created({ method: 'POST', url: '/api/persons', body });
    personId = p.id;
    plain.set(p.id, { idNumber, phone: body.phone });
    const add = (body: object) =>
      created({
        method: 'POST',
        url: `/api/persons/${personId}/facts`,
        body: { validFrom: '2025-01-01', source: '民政台账', ...body },
      });
    await add({ kind: 'pension', value: { monthlyFen: 280000 } });
    await add({ kind: 'disability', value: { category: 'physical', grade: 2, cardNumber: `${idNumber}42` } });
    await add({ kind: 'low_income', value: { status: 'dibao' } });
    await add({ kind: 'ability_grade', value: { grade: 'severe' } });
  });

  it.each(ROLE_ORDER.filter((r) => r !== 'volunteer'))(
    '%s sees sensitive values only with person.sensitive_read',
    async (role) => {
      const res = await call(clients[role], { method: 'GET', url: `/api/persons/${personId}` });
      expect(res.statusCode).toBe(200);
      const facts = Object.fromEntries(
        (res.json().facts as { kind: string; value: unknown }[]).map((f) => [f.kind, f.value]),
      );
      expect(Object.keys(facts).sort()).toEqual(['ability_grade', 'disability', 'low_income', 'pension']);
      expect(facts.ability_grade).toEqual({ grade: 'severe' });
      if (role === 'service_provider') {
        expect(facts.pension).toBeNull();
        expect(facts.disability).toBeNull();
        expect(facts.low_income).toBeNull();
        expect(res.body).not.toContain('dibao');
        expect(res.body).not.toContain('280000');
      } else {
        expect(facts.pension).toEqual({ monthlyFen: 280000 });
        expect(facts.low_income).toEqual({ status: 'dibao' });
        expect(facts.disability).toMatchObject({ category: 'physical', grade: 2 });
      }
    },
  );

  it('a provider cannot find residents by a sensitive fact: the filter is ignored', async () => {
    const ids = async (url: string) =>
      ((await call(clients.service_provider, { method: 'GET', url })).json().items as { id: string }[])
        .map((i) => i.id)
        .sort();
    const all = await ids('/api/persons?pageSize=200');
    expect(all).toContain(personId);
    expect(await ids('/api/persons?pageSize=200&fact=low_income&factValue=dibao')).toEqual(all);
    expect(await ids('/api/persons?pageSize=200&fact=pension')).toEqual(all);
    // A worker may filter by it.
    const worker = (
      await call(clients.community_worker, {
        method: 'GET',
        url: '/api/persons?pageSize=200&fact=low_income&factValue=dibao',
      })
    ).json();
    expect(worker.items.map((i: { id: string }) => i.id)).toEqual([personId]);
  });

  it('a sensitive-fact filter applies only where the reader may see sensitive facts (worker here, provider there)', async () => {
    const dibao = await newPerson('otherStreet');
    await created({
      method: 'POST',
      url: `/api/persons/${dibao.id}/facts`,
      body: { kind: 'low_income', value: { status: 'dibao' }, validFrom: '2025-01-01', source: '民政台账' },
    });
    const mixed = await signIn(
      app,
      ctx,
      [
        { role: 'community_worker', areaCode: COMMUNITY_HUBIN },
        { role: 'service_provider', areaCode: COMMUNITY_QINGBO },
      ],
      'm_mixed',
      { remoteAddress: nextRemoteAddress() },
    );
    const detail = (await call(mixed, { method: 'GET', url: `/api/persons/${dibao.id}` })).json();
    expect(detail.facts[0].value).toBeNull();
    const ids = async (url: string) =>
      ((await call(mixed, { method: 'GET', url })).json().items as { id: string }[]).map((i) => i.id).sort();
    const unfiltered = await ids(`/api/persons?area=${COMMUNITY_QINGBO}&pageSize=200`);
    expect(unfiltered.length).toBeGreaterThan(1);
    // Filtering 清河坊 by 低保 would tell a provider there who receives it.
    expect(
      await ids(`/api/persons?area=${COMMUNITY_QINGBO}&pageSize=200&fact=low_income&factValue=dibao`),
    ).toEqual(unfiltered);
  });
});

describe('sessions and sign-in', () => {
  it('refuses an unauthenticated call with 401, and a bogus session cookie likewise', async () => {
    for (const url of ['/api/auth/me', '/api/persons', '/api/audit']) {
      const res = await call(null, { method: 'GET', url });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
    }
    const bogus = await app.inject({
      method: 'GET',
      url: '/api/auth/me',
      cookies: { ms_session: 'not-a-session' },
    });
    expect(bogus.statusCode).toBe(401);
  });

  it('every non-public route refuses an anonymous caller with 401 before looking at its input', async () => {
    const wrong: string[] = [];
    for (const route of listRoutes(app)) {
      if (isPublic(route) || !route.split(' ')[1]!.startsWith('/api/')) continue;
      if (MATRIX[route]?.anonymous !== undefined && MATRIX[route]!.anonymous! < 400) continue;
      const [method, path] = route.split(' ') as [Method, string];
      const url = path
        .replace(/:code\b/g, COMMUNITY_HUBIN)
        .replace(/:\w+/g, '01900000-0000-7000-8000-000000000000')
        .replace('*', 'x');
      const res = await call(null, { method, url, ...(method === 'GET' ? {} : { body: {} }) });
      if (res.statusCode !== 401) wrong.push(`${route} → ${res.statusCode} ${res.body.slice(0, 80)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('logout ends the session', async () => {
    const c = await loginAs(app, 'm_volunteer', TEST_PASSWORD, { remoteAddress: nextRemoteAddress() });
    expect((await call(c, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
    const out = await call(c, { method: 'POST', url: '/api/auth/logout', body: {} });
    expect(out.statusCode).toBe(200);
    expect(out.cookies.find((k) => k.name === 'ms_session')?.value ?? '').toBe('');
    const after = await call(c, { method: 'GET', url: '/api/auth/me' });
    expect(after.statusCode).toBe(401);
    expect((await call(c, { method: 'POST', url: '/api/auth/logout', body: {} })).statusCode).toBe(401);
    expect(await auditCount({ action: 'user.logout', actorName: 'm_volunteer' })).toBeGreaterThan(0);
  });

  it('rate-limits the login route per address: the 10th attempt in a minute is answered, the 11th is not', async () => {
    await signIn(app, ctx, [{ role: 'volunteer', areaCode: COMMUNITY_HUBIN }], 'm_ratelimited', {
      remoteAddress: nextRemoteAddress(),
    });
    const address = nextRemoteAddress();
    const attempt = (password: string, remoteAddress = address) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'nobody-here', password },
        remoteAddress,
      });
    for (let i = 1; i <= 10; i++)
      expect((await attempt('wrong-password-1')).statusCode, `attempt ${i}`).toBe(401);
    const eleventh = await attempt('wrong-password-1');
    expect(eleventh.statusCode).toBe(429);
    expect(eleventh.json().error.code).toBe('RATE_LIMITED');
    // Even the right password of a real user is held back from that address…
    const right = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'm_ratelimited', password: TEST_PASSWORD },
      remoteAddress: address,
    });
    expect(right.statusCode).toBe(429);
    // …while another address is served.
    expect((await attempt('wrong-password-1', nextRemoteAddress())).statusCode).toBe(401);
  });
});

describe('the audit log is append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE on audit_log', async () => {
    const before = await auditCount({});
    expect(before).toBeGreaterThan(10);
    await expect(ctx.database.exec(`UPDATE audit_log SET reason = 'changed'`)).rejects.toThrow();
    await expect(
      ctx.database.exec(`UPDATE audit_log SET actor_name = 'someone' WHERE action = 'person.reveal_id'`),
    ).rejects.toThrow();
    await expect(
      ctx.database.exec(`DELETE FROM audit_log WHERE action = 'person.reveal_id'`),
    ).rejects.toThrow();
    await expect(ctx.database.exec('DELETE FROM audit_log')).rejects.toThrow();
    await expect(ctx.database.exec('TRUNCATE audit_log')).rejects.toThrow();
    expect(await auditCount({})).toBe(before);
    expect(await auditCount({ actorName: 'someone' })).toBe(0);
    // Appending still works.
    await ctx.database.exec(
      `INSERT INTO audit_log (id, at, actor_name, action, entity_type, entity_id) VALUES ('01900000-0000-7000-8000-0000000000aa', now(), 'test', 'test.append', 'test', 'x')`,
    );
    expect(await auditCount({})).toBe(before + 1);
  });
});

// ---------------------------------------------------------------------------------------------
// Time-dependent rules: a separate database whose clock the tests move.
// ---------------------------------------------------------------------------------------------

describe('lock-out and session expiry (test clock)', () => {
  const clock = fixedClock('2026-06-15T02:00:00Z');
  let tctx: Ctx;
  let tclose: () => Promise<void>;
  let tapp: App;

  beforeAll(async () => {
    ({ ctx: tctx, close: tclose } = await createTestContext({ clock }));
    tapp = await createTestApp(tctx);
  });
  afterAll(async () => {
    await tapp?.close();
    await tclose?.();
  });

  const login = (username: string, password: string) =>
    tapp.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
      remoteAddress: nextRemoteAddress(),
    });

  it('4 failures do not lock; the right password then works and resets the count', async () => {
    await signIn(tapp, tctx, [{ role: 'volunteer', areaCode: COMMUNITY_HUBIN }], 'lock_a', {
      remoteAddress: nextRemoteAddress(),
    });
    for (let i = 1; i <= 4; i++) {
      const r = await login('lock_a', 'wrong-password-1');
      expect(r.statusCode, `failure ${i}`).toBe(401);
      expect(r.json().error.code).toBe('AUTH_INVALID_CREDENTIALS');
    }
    expect((await login('lock_a', TEST_PASSWORD)).statusCode).toBe(200);
    // The count started again: four more failures still do not lock.
    for (let i = 1; i <= 4; i++) expect((await login('lock_a', 'wrong-password-1')).statusCode).toBe(401);
    expect((await login('lock_a', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('the 5th failure locks the account, even against the right password, until 15 minutes have passed', async () => {
    clock.set('2026-06-15T03:00:00Z');
    await signIn(tapp, tctx, [{ role: 'volunteer', areaCode: COMMUNITY_HUBIN }], 'lock_b', {
      remoteAddress: nextRemoteAddress(),
    });
    for (let i = 1; i <= 4; i++)
      expect((await login('lock_b', 'wrong-password-1')).json().error.code).toBe('AUTH_INVALID_CREDENTIALS');
    const fifth = await login('lock_b', 'wrong-password-1');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().error.code).toBe('AUTH_LOCKED');
    // Shown in Asia/Shanghai: 03:00Z + 15 min = 11:15 in Hangzhou.
    expect(fifth.json().error.params.until).toBe('2026-06-15 11:15');
    const right = await login('lock_b', TEST_PASSWORD);
    expect(right.statusCode).toBe(423);
    expect(right.json().error.code).toBe('AUTH_LOCKED');
    clock.set('2026-06-15T03:14:59Z');
    expect((await login('lock_b', TEST_PASSWORD)).statusCode).toBe(423);
    clock.set('2026-06-15T03:15:00Z');
    expect((await login('lock_b', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('after a lock-out expires, one wrong password does not lock the account again', async () => {
    clock.set('2026-06-15T05:00:00Z');
    await signIn(tapp, tctx, [{ role: 'volunteer', areaCode: COMMUNITY_HUBIN }], 'lock_c', {
      remoteAddress: nextRemoteAddress(),
    });
    for (let i = 1; i <= 5; i++) await login('lock_c', 'wrong-password-1');
    expect((await login('lock_c', TEST_PASSWORD)).statusCode).toBe(423);
    clock.set('2026-06-15T05:16:00Z');
    const slip = await login('lock_c', 'wrong-password-1');
    expect(slip.json().error.code).toBe('AUTH_INVALID_CREDENTIALS');
    expect((await login('lock_c', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('an unknown user name is refused like a wrong password, and never locks', async () => {
    for (let i = 1; i <= 6; i++) {
      const r = await login('no_such_user', 'wrong-password-1');
      expect(r.statusCode).toBe(401);
      expect(r.json().error.code).toBe('AUTH_INVALID_CREDENTIALS');
    }
  });

  it('a session lives 12 hours: alive a second before, gone at 12 h and after', async () => {
    clock.set('2026-06-16T00:00:00Z');
    const c = await signIn(
      tapp,
      tctx,
      [{ role: 'community_worker', areaCode: COMMUNITY_HUBIN }],
      'expiring',
      {
        remoteAddress: nextRemoteAddress(),
      },
    );
    const me = () => tapp.inject({ method: 'GET', url: '/api/auth/me', cookies: { ms_session: c.cookie } });
    clock.set('2026-06-16T11:59:59Z');
    expect((await me()).statusCode).toBe(200);
    clock.set('2026-06-16T12:00:00Z');
    expect((await me()).statusCode).toBe(401);
    clock.set('2026-06-16T00:00:00Z');
    clock.advance(13 * 3600_000);
    const late = await me();
    expect(late.statusCode).toBe(401);
    expect(late.json().error.code).toBe('UNAUTHENTICATED');
    // A write with the expired session is refused too, and not as a CSRF problem.
    const write = await tapp.inject({
      method: 'POST',
      url: '/api/persons',
      cookies: { ms_session: c.cookie },
      headers: { 'x-csrf-token': c.csrf },
      payload: buildPersonBody(),
    });
    expect(write.statusCode).toBe(401);
  });
});
