import { describe, expect, it } from 'vitest';
import {
  buildOrgBody,
  buildServicePointBody,
  COMMUNITY_HUBIN,
  COMMUNITY_HUBIN_2,
  COMMUNITY_QINGBO,
} from '../../testing/builders.ts';
import { setUpDesks } from '../../testing/desks.ts';
import type { Client } from '../../testing/http.ts';

const t = setUpDesks('sp');

const issuesOf = (res: { json(): { error: { issues?: { field: string; code: string }[] } } }) =>
  (res.json().error.issues ?? []).map((i) => [i.field, i.code]);
const ids = async (client: Client, query = '') =>
  ((await client.get(`/api/service-points?pageSize=200${query}`)).json().items as { id: string }[]).map(
    (i) => i.id,
  );

describe('registering a service point', () => {
  it('stores opening hours, coordinates and the running organisation', async () => {
    const org = (await t.admin.post('/api/orgs', buildOrgBody({ name: '湖滨助餐服务中心' }))).json();
    const body = buildServicePointBody({
      name: '涌金门老年食堂',
      orgId: org.id,
      openingHours: [
        { days: [1, 2, 3, 4, 5], open: '10:30', close: '13:00' },
        { days: [1, 2, 3, 4, 5], open: '16:30', close: '18:30' },
        { days: [6, 7], open: '11:00', close: '24:00' },
      ],
    });
    const res = await t.street.post('/api/service-points', body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      name: '涌金门老年食堂',
      type: 'canteen',
      areaCode: COMMUNITY_HUBIN,
      areaName: '涌金门社区',
      lat: body.lat,
      lng: body.lng,
      openingHours: body.openingHours,
      orgId: org.id,
      orgName: '湖滨助餐服务中心',
      closedOn: null,
      version: 1,
    });
  });

  it('accepts a point without coordinates', async () => {
    const res = await t.admin.post('/api/service-points', buildServicePointBody({ lat: null, lng: null }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ lat: null, lng: null });
    const omitted = buildServicePointBody();
    delete (omitted as { lat?: number }).lat;
    delete (omitted as { lng?: number }).lng;
    expect((await t.admin.post('/api/service-points', omitted)).statusCode).toBe(201);
  });

  it('refuses closing hours that do not follow the opening, naming the entry, in both languages', async () => {
    const body = buildServicePointBody({
      name: '时间错误的站点',
      openingHours: [
        { days: [1], open: '08:00', close: '12:00' },
        { days: [2], open: '17:00', close: '08:00' },
      ],
    });
    const res = await t.admin.post('/api/service-points', body);
    expect(res.statusCode).toBe(400);
    expect(issuesOf(res)).toEqual([['openingHours.1.close', 'OPENING_HOURS_INVALID']]);
    expect(res.json().error.issues[0].message).toBe('开放时间不正确：17:00–08:00');
    const en = await t.admin.request('POST', '/api/service-points', body, { 'accept-language': 'en' });
    expect(en.json().error.issues[0].message).toBe('Invalid opening hours: 17:00–08:00');
    const same = await t.admin.post(
      '/api/service-points',
      buildServicePointBody({ openingHours: [{ days: [3], open: '09:00', close: '09:00' }] }),
    );
    expect(issuesOf(same)).toEqual([['openingHours.0.close', 'OPENING_HOURS_INVALID']]);
    expect(await ids(t.admin, `&q=${encodeURIComponent('时间错误的站点')}`)).toEqual([]);
  });

  it('refuses a day listed twice with overlapping times, and allows back-to-back spans', async () => {
    const overlap = await t.admin.post(
      '/api/service-points',
      buildServicePointBody({
        openingHours: [
          { days: [1, 2], open: '08:00', close: '12:00' },
          { days: [2], open: '11:00', close: '14:00' },
        ],
      }),
    );
    expect(issuesOf(overlap)).toEqual([['openingHours.1.days', 'OPENING_HOURS_INVALID']]);
    const touching = await t.admin.post(
      '/api/service-points',
      buildServicePointBody({
        openingHours: [
          { days: [2], open: '08:00', close: '12:00' },
          { days: [2], open: '12:00', close: '14:00' },
        ],
      }),
    );
    expect(touching.statusCode, touching.body).toBe(201);
  });

  it('refuses malformed times as OPENING_HOURS_INVALID on the time in question', async () => {
    for (const [label, entry, field] of [
      ['an hour without a leading zero', { days: [1], open: '8:00', close: '12:00' }, 'openingHours.0.open'],
      ['hour 25', { days: [1], open: '08:00', close: '25:00' }, 'openingHours.0.close'],
      ['opening at 24:00', { days: [1], open: '24:00', close: '24:00' }, 'openingHours.0.open'],
    ] as const) {
      const res = await t.admin.post('/api/service-points', buildServicePointBody({ openingHours: [entry] }));
      expect(res.statusCode, label).toBe(400);
      expect(issuesOf(res), label).toContainEqual([field, 'OPENING_HOURS_INVALID']);
    }
  });

  it('refuses day 0 and day 8 (days run 1 = Monday to 7 = Sunday)', async () => {
    for (const d of [0, 8]) {
      const res = await t.admin.post(
        '/api/service-points',
        buildServicePointBody({ openingHours: [{ days: [d], open: '08:00', close: '12:00' }] }),
      );
      expect(res.statusCode, `day ${d}`).toBe(400);
    }
    for (const d of [1, 7])
      expect(
        (
          await t.admin.post(
            '/api/service-points',
            buildServicePointBody({ openingHours: [{ days: [d], open: '08:00', close: '12:00' }] }),
          )
        ).statusCode,
      ).toBe(201);
  });

  it.each([
    ['north of the district', 30.43, 120.2, ['lat']],
    ['south of the district', 30.14, 120.2, ['lat']],
    ['west of the district', 30.25, 120.04, ['lng']],
    ['east of the district', 30.25, 120.41, ['lng']],
    ['in Beijing', 39.9042, 116.4074, ['lat', 'lng']],
    ['with latitude and longitude swapped', 120.1635, 30.2555, ['lat', 'lng']],
  ] as const)('refuses coordinates %s with COORDINATES_INVALID', async (_label, lat, lng, fields) => {
    const res = await t.admin.post(
      '/api/service-points',
      buildServicePointBody({ name: '坐标错误的站点', lat, lng }),
    );
    expect(res.statusCode).toBe(400);
    // Each coordinate out of range is reported on its own field.
    expect(res.json().error.issues.map((i: { field: string; code: string }) => [i.field, i.code])).toEqual(
      fields.map((f) => [f, 'COORDINATES_INVALID']),
    );
    expect(res.json().error.issues[0].message).toBe('坐标不在上城区范围内');
  });

  it('accepts coordinates on the edge of the bounds', async () => {
    for (const [lat, lng] of [
      [30.15, 120.05],
      [30.42, 120.4],
    ])
      expect(
        (await t.admin.post('/api/service-points', buildServicePointBody({ lat, lng }))).statusCode,
      ).toBe(201);
    expect(await ids(t.admin, `&q=${encodeURIComponent('坐标错误的站点')}`)).toEqual([]);
  });

  it('wants both coordinates or neither', async () => {
    const onlyLat = await t.admin.post('/api/service-points', buildServicePointBody({ lng: null }));
    expect(issuesOf(onlyLat)).toEqual([['lng', 'FIELD_REQUIRED']]);
    const onlyLng = await t.admin.post('/api/service-points', buildServicePointBody({ lat: null }));
    expect(issuesOf(onlyLng)).toEqual([['lat', 'FIELD_REQUIRED']]);
  });

  it('reports coordinates and opening hours together', async () => {
    const res = await t.admin.post(
      '/api/service-points',
      buildServicePointBody({
        lat: 31,
        lng: 121,
        openingHours: [{ days: [1], open: '12:00', close: '08:00' }],
      }),
    );
    expect(
      issuesOf(res)
        .map((i) => i[1])
        .sort(),
    ).toEqual(['COORDINATES_INVALID', 'COORDINATES_INVALID', 'OPENING_HOURS_INVALID']);
  });

  it('refuses an organisation that does not exist', async () => {
    const res = await t.admin.post(
      '/api/service-points',
      buildServicePointBody({ orgId: '01900000-0000-7000-8000-000000000001' }),
    );
    expect(res.statusCode).toBe(400);
    expect(issuesOf(res)).toEqual([['orgId', 'ORG_NOT_FOUND']]);
  });
});

describe('updating', () => {
  it('checks a new latitude against the longitude already held', async () => {
    const sp = (await t.admin.post('/api/service-points', buildServicePointBody())).json();
    const bad = await t.admin.patch(`/api/service-points/${sp.id}`, { lat: 31.5, version: sp.version });
    expect(issuesOf(bad)).toEqual([['lat', 'COORDINATES_INVALID']]);
    const good = await t.admin.patch(`/api/service-points/${sp.id}`, { lat: 30.26, version: sp.version });
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json()).toMatchObject({ lat: 30.26, lng: sp.lng, version: sp.version + 1 });
    const dropOne = await t.admin.patch(`/api/service-points/${sp.id}`, {
      lng: null,
      version: sp.version + 1,
    });
    expect(issuesOf(dropOne)).toEqual([['lng', 'FIELD_REQUIRED']]);
  });

  it('checks new opening hours and refuses a stale version', async () => {
    const sp = (await t.admin.post('/api/service-points', buildServicePointBody())).json();
    const bad = await t.admin.patch(`/api/service-points/${sp.id}`, {
      openingHours: [{ days: [1], open: '18:00', close: '09:00' }],
      version: sp.version,
    });
    expect(issuesOf(bad)).toEqual([['openingHours.0.close', 'OPENING_HOURS_INVALID']]);
    const hours = [{ days: [1, 3, 5], open: '09:00', close: '11:30' }];
    expect(
      (
        await t.admin.patch(`/api/service-points/${sp.id}`, { openingHours: hours, version: sp.version })
      ).json().openingHours,
    ).toEqual(hours);
    const stale = await t.admin.patch(`/api/service-points/${sp.id}`, {
      name: '旧版本',
      version: sp.version,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
  });
});

describe('closing', () => {
  it('closes with a reason, dated today unless a date is given, and audits the reason', async () => {
    const sp = (
      await t.admin.post('/api/service-points', buildServicePointBody({ name: '将关闭的站点' }))
    ).json();
    const res = await t.street.post(`/api/service-points/${sp.id}/close`, { reason: '场地到期' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: sp.id, closedOn: '2026-06-15', version: sp.version + 1 });
    const audit = (await t.admin.get(`/api/audit?entityId=${sp.id}&action=service_point.close`)).json();
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({
      reason: '场地到期',
      actorName: 'sp_street',
      after: { closedOn: '2026-06-15' },
    });
    const dated = (await t.admin.post('/api/service-points', buildServicePointBody())).json();
    expect(
      (
        await t.admin.post(`/api/service-points/${dated.id}/close`, {
          reason: '搬迁',
          closedOn: '2026-06-30',
        })
      ).json().closedOn,
    ).toBe('2026-06-30');
  });

  it('refuses to close a point twice, keeping the first closing date', async () => {
    const sp = (await t.admin.post('/api/service-points', buildServicePointBody())).json();
    expect(
      (await t.admin.post(`/api/service-points/${sp.id}/close`, { reason: '停业', closedOn: '2026-06-20' }))
        .statusCode,
    ).toBe(200);
    const again = await t.admin.post(`/api/service-points/${sp.id}/close`, {
      reason: '再次关闭',
      closedOn: '2026-07-01',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({
      code: 'SERVICE_POINT_CLOSED',
      message: '该服务阵地已于 2026-06-20 关闭',
    });
    expect((await t.admin.get(`/api/service-points/${sp.id}`)).json().closedOn).toBe('2026-06-20');
  });

  it('needs a reason', async () => {
    const sp = (await t.admin.post('/api/service-points', buildServicePointBody())).json();
    for (const body of [{}, { reason: '' }, { reason: '   ' }]) {
      const res = await t.admin.post(`/api/service-points/${sp.id}/close`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await t.admin.get(`/api/service-points/${sp.id}`)).json().closedOn).toBeNull();
  });

  it('hides closed points from lists by default, shows them on request, and still opens them by id', async () => {
    const open = (
      await t.admin.post('/api/service-points', buildServicePointBody({ areaCode: COMMUNITY_HUBIN_2 }))
    ).json();
    const shut = (
      await t.admin.post('/api/service-points', buildServicePointBody({ areaCode: COMMUNITY_HUBIN_2 }))
    ).json();
    await t.admin.post(`/api/service-points/${shut.id}/close`, { reason: '停办' });
    const area = `&area=${COMMUNITY_HUBIN_2}`;
    expect(await ids(t.admin, area)).toContain(open.id);
    expect(await ids(t.admin, area)).not.toContain(shut.id);
    expect(await ids(t.admin, `${area}&includeClosed=true`)).toEqual(
      expect.arrayContaining([open.id, shut.id]),
    );
    const list = (await t.admin.get(`/api/service-points?pageSize=200${area}`)).json();
    expect(list.total).toBe(list.items.length);
    for (const i of list.items) expect(i.closedOn).toBeNull();
    expect((await t.admin.get(`/api/service-points/${shut.id}`)).json().closedOn).toBe('2026-06-15');
  });

  it('includeClosed=false hides closed points', async () => {
    const shut = (await t.admin.post('/api/service-points', buildServicePointBody())).json();
    await t.admin.post(`/api/service-points/${shut.id}/close`, { reason: '停办' });
    expect(await ids(t.admin, '&includeClosed=false')).not.toContain(shut.id);
  });
});

describe('scope', () => {
  it('a community worker reads the points of their community and changes none', async () => {
    const mine = (await t.admin.post('/api/service-points', buildServicePointBody())).json();
    const sibling = (
      await t.admin.post('/api/service-points', buildServicePointBody({ areaCode: COMMUNITY_HUBIN_2 }))
    ).json();
    expect((await t.worker.get(`/api/service-points/${mine.id}`)).statusCode).toBe(200);
    expect((await t.worker.get(`/api/service-points/${sibling.id}`)).statusCode).toBe(404);
    expect((await t.worker.post('/api/service-points', buildServicePointBody())).statusCode).toBe(403);
    expect(
      (await t.worker.patch(`/api/service-points/${mine.id}`, { name: '改', version: mine.version }))
        .statusCode,
    ).toBe(403);
    expect((await t.worker.post(`/api/service-points/${mine.id}/close`, { reason: '越权' })).statusCode).toBe(
      403,
    );
    expect((await t.admin.get(`/api/service-points/${mine.id}`)).json()).toMatchObject({
      closedOn: null,
      version: mine.version,
    });
    const listed = await ids(t.worker);
    expect(listed).toContain(mine.id);
    expect(listed).not.toContain(sibling.id);
  });

  it('a street worker manages points in their street and cannot reach another street', async () => {
    expect(
      (await t.street.post('/api/service-points', buildServicePointBody({ areaCode: COMMUNITY_HUBIN_2 })))
        .statusCode,
    ).toBe(201);
    const outside = await t.street.post(
      '/api/service-points',
      buildServicePointBody({ areaCode: COMMUNITY_QINGBO }),
    );
    expect(outside.statusCode).toBe(403);
    const theirs = (
      await t.admin.post('/api/service-points', buildServicePointBody({ areaCode: COMMUNITY_QINGBO }))
    ).json();
    const closeIt = await t.street.post(`/api/service-points/${theirs.id}/close`, { reason: '越权' });
    expect(closeIt.statusCode).toBe(404);
    expect(closeIt.json().error.code).toBe('SERVICE_POINT_NOT_FOUND');
    expect((await t.admin.get(`/api/service-points/${theirs.id}`)).json().closedOn).toBeNull();
    expect(await ids(t.street)).not.toContain(theirs.id);
    expect(await ids(t.street, `&area=${COMMUNITY_QINGBO}`)).toEqual([]);
  });
});
