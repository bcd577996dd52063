import type { AreaLevel } from '../../../contracts/domain.ts';
import { type Actor, areaPrefix, requireAnywhere, requireIn } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError, fieldError } from '../../platform/errors.ts';
import * as repo from './areas.repo.ts';
import {
  communityCode,
  communityFullName,
  DISTRICT,
  DISTRICT_OPENED_ON,
  STREETS,
  streetCode,
  villageCode,
} from './shangcheng.ts';

export type AreaView = ReturnType<typeof repo.presentArea>;
export type AreaTree = AreaView & { children: AreaTree[] };

/** Creates the district's org tree when the table is empty (first start, fresh test database). */
export async function seedOrgTree(db: Db): Promise<boolean> {
  if ((await repo.countAreas(db)) > 0) return false;
  const rows: Parameters<typeof repo.insertAreas>[1] = [
    {
      code: DISTRICT.code,
      parentCode: null,
      level: 'district',
      name: DISTRICT.name,
      openedOn: DISTRICT_OPENED_ON,
    },
  ];
  STREETS.forEach((s, si) => {
    const sc = streetCode(si);
    rows.push({
      code: sc,
      parentCode: DISTRICT.code,
      level: 'street',
      name: s.name,
      formerJianggan: s.formerJianggan,
      openedOn: DISTRICT_OPENED_ON,
    });
    s.communities.forEach((name, ci) => {
      rows.push({
        code: communityCode(si, ci),
        parentCode: sc,
        level: 'community',
        name: communityFullName(name),
        formerJianggan: s.formerJianggan,
        openedOn: DISTRICT_OPENED_ON,
      });
    });
    s.villages.forEach((name, vi) => {
      rows.push({
        code: villageCode(si, vi),
        parentCode: sc,
        level: 'village',
        name,
        formerJianggan: s.formerJianggan,
        openedOn: DISTRICT_OPENED_ON,
      });
    });
  });
  await db.transaction(async (tx) => {
    await repo.insertAreas(tx, rows);
    await repo.insertAreaNames(
      tx,
      rows.map((r) => ({ code: r.code, name: r.name, validFrom: r.openedOn })),
    );
  });
  return true;
}

const caches = new WeakMap<object, { at: number; gen: number; rows: repo.AreaRow[] }>();
let generation = 0;

/**
 * Areas are small reference data (about 220 rows); a short per-database cache spares every
 * list a join. Changes made through this module clear it at once.
 */
export async function allAreas(db: Db): Promise<repo.AreaRow[]> {
  const hit = caches.get(db);
  if (hit && hit.gen === generation && Date.now() - hit.at < 30_000) return hit.rows;
  const rows = await repo.findAllAreas(db);
  caches.set(db, { at: Date.now(), gen: generation, rows });
  return rows;
}

function invalidate() {
  generation++;
}

export async function areaNameMap(db: Db): Promise<Map<string, repo.AreaRow>> {
  return new Map((await allAreas(db)).map((a) => [a.code, a]));
}

/** The area tree the actor may see: every grant's subtree, with the path to it. */
export async function getAreaTree(ctx: Ctx, actor: Actor, includeClosed = false): Promise<AreaTree[]> {
  const scope = requireAnywhere(actor, 'area.read');
  const rows = (await allAreas(ctx.db)).filter((r) => includeClosed || !r.closedOn);
  const visible = rows.filter((r) =>
    scope.some((p) => r.code.startsWith(p) || p.startsWith(areaPrefix(r.code))),
  );
  const nodes = new Map<string, AreaTree>(
    visible.map((r) => [r.code, { ...repo.presentArea(r), children: [] }]),
  );
  const roots: AreaTree[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentCode ? nodes.get(n.parentCode) : undefined;
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  return roots;
}

export async function getArea(ctx: Ctx, actor: Actor, code: string) {
  const row = await repo.findArea(ctx.db, code);
  if (!row) throw new AppError('AREA_NOT_FOUND');
  const scope = requireAnywhere(actor, 'area.read');
  if (!scope.some((p) => row.code.startsWith(p) || p.startsWith(areaPrefix(row.code))))
    throw new AppError('AREA_NOT_FOUND');
  const history = await repo.findNameHistory(ctx.db, code);
  return {
    ...repo.presentArea(row),
    names: history.map((h) => ({
      name: h.name,
      validFrom: String(h.validFrom).slice(0, 10),
      validTo: h.validTo ? String(h.validTo).slice(0, 10) : null,
    })),
  };
}

/** An area that exists and is open; residence areas must also be communities or villages. */
export async function requireOpenArea(
  db: Db,
  code: string,
  opts: { residence?: boolean; field?: string } = {},
) {
  const field = opts.field ?? 'areaCode';
  const row = await repo.findArea(db, code);
  if (!row) throw fieldError(field, 'AREA_UNKNOWN', { area: code });
  if (row.closedOn) throw fieldError(field, 'AREA_CLOSED', { area: row.name });
  if (opts.residence && row.level !== 'community' && row.level !== 'village')
    throw fieldError(field, 'AREA_NOT_LEAF');
  return row;
}

const CHILD_LEVEL: Record<AreaLevel, AreaLevel[]> = {
  district: ['street'],
  street: ['community', 'village'],
  community: [],
  village: [],
};

function nextCode(parent: repo.AreaRow, level: AreaLevel, siblings: repo.AreaRow[]): string {
  // Codes are never reused: the next number follows the highest ever issued, closed ones included.
  const prefix = areaPrefix(parent.code);
  const [lo, hi] = level === 'village' ? [201, 399] : level === 'community' ? [1, 199] : [1, 999];
  const used = siblings
    .map((s) => Number(s.code.slice(prefix.length, prefix.length + 3)))
    .filter((n) => n >= lo && n <= hi);
  const next = used.length ? Math.max(...used) + 1 : lo;
  if (next > hi) throw new AppError('AREA_CODES_EXHAUSTED');
  return `${prefix}${String(next).padStart(3, '0')}`.padEnd(12, '0');
}

export async function createArea(
  ctx: Ctx,
  actor: Actor,
  input: { parentCode: string; name: string; level: 'street' | 'community' | 'village'; openedOn?: string },
) {
  requireIn(actor, 'area.manage', input.parentCode);
  const openedOn = input.openedOn ?? ctx.clock.today();
  const created = await ctx.db.transaction(async (tx) => {
    const parent = await repo.lockArea(tx, input.parentCode);
    if (!parent) throw fieldError('parentCode', 'AREA_UNKNOWN', { area: input.parentCode });
    if (parent.closedOn) throw fieldError('parentCode', 'AREA_CLOSED', { area: parent.name });
    if (!CHILD_LEVEL[parent.level as AreaLevel].includes(input.level))
      throw fieldError('level', 'AREA_LEVEL_INVALID');
    const code = nextCode(parent, input.level, await repo.findChildren(tx, parent.code));
    const row = {
      code,
      parentCode: parent.code,
      level: input.level,
      name: input.name,
      formerJianggan: parent.formerJianggan,
      openedOn,
    };
    await repo.insertAreas(tx, [row]);
    await repo.insertAreaNames(tx, [{ code, name: input.name, validFrom: openedOn }]);
    await recordAudit(
      tx,
      ctx.clock,
      { id: actor.id, name: actor.username },
      { action: 'area.create', entityType: 'area', entityId: code, areaCode: code, after: row },
    );
    return code;
  });
  invalidate();
  return getArea(ctx, actor, created);
}

export async function renameArea(
  ctx: Ctx,
  actor: Actor,
  code: string,
  input: { name: string; validFrom?: string },
) {
  requireIn(actor, 'area.manage', code);
  const validFrom = input.validFrom ?? ctx.clock.today();
  await ctx.db.transaction(async (tx) => {
    const row = await repo.lockArea(tx, code);
    if (!row) throw new AppError('AREA_NOT_FOUND');
    if (row.closedOn) throw new AppError('AREA_CLOSED', { area: row.name });
    const current = await repo.findCurrentName(tx, code);
    const since = current ? String(current.validFrom).slice(0, 10) : undefined;
    if (since && validFrom < since) throw fieldError('validFrom', 'AREA_RENAME_DATE', { since });
    if (since === validFrom) {
      // A second rename on the same day corrects that day's name rather than adding a one-day name.
      await repo.replaceCurrentName(tx, code, input.name);
    } else {
      const last = new Date(`${validFrom}T00:00:00Z`);
      last.setUTCDate(last.getUTCDate() - 1);
      await repo.closeCurrentName(tx, code, last.toISOString().slice(0, 10));
      await repo.insertAreaNames(tx, [{ code, name: input.name, validFrom }]);
    }
    await repo.updateAreaName(tx, code, input.name);
    await recordAudit(
      tx,
      ctx.clock,
      { id: actor.id, name: actor.username },
      {
        action: 'area.rename',
        entityType: 'area',
        entityId: code,
        areaCode: code,
        before: { name: row.name },
        after: { name: input.name, validFrom },
      },
    );
  });
  invalidate();
  return getArea(ctx, actor, code);
}

export async function closeArea(
  ctx: Ctx,
  actor: Actor,
  code: string,
  input: { closedOn?: string; reason: string },
) {
  requireIn(actor, 'area.manage', code);
  const closedOn = input.closedOn ?? ctx.clock.today();
  await ctx.db.transaction(async (tx) => {
    const row = await repo.lockArea(tx, code);
    if (!row) throw new AppError('AREA_NOT_FOUND');
    if (row.closedOn) throw new AppError('AREA_CLOSED', { area: row.name });
    if ((await repo.findChildren(tx, code)).some((c) => !c.closedOn)) throw new AppError('AREA_HAS_CHILDREN');
    await repo.setAreaClosed(tx, code, closedOn);
    await repo.closeCurrentName(tx, code, closedOn);
    await recordAudit(
      tx,
      ctx.clock,
      { id: actor.id, name: actor.username },
      {
        action: 'area.close',
        entityType: 'area',
        entityId: code,
        areaCode: code,
        before: { closedOn: null },
        after: { closedOn },
        reason: input.reason,
      },
    );
  });
  invalidate();
  return getArea(ctx, actor, code);
}
