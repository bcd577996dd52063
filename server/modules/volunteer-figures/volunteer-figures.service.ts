import { NEED_CATEGORIES } from '../../../contracts/api/needs.ts';
import {
  type CategoryRow,
  FIGURES_EXPORT_MAX_ROWS,
  FIGURES_TOP_DEFAULT,
  type FiguresResponse,
  type FiguresTotals,
  type MyRankResponse,
  type UnitRow,
  type VolunteerRankRow,
} from '../../../contracts/api/volunteer-figures.ts';
import { type Actor, areaPrefix, canIn, requireAnywhere } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, fieldError } from '../../platform/errors.ts';
import { areaNameMap } from '../areas/index.ts';
import { findPersonNames } from '../registry/index.ts';
import * as repo from './volunteer-figures.repo.ts';
import {
  checkPeriod,
  competitionRanks,
  fulfilmentRate,
  hoursOf,
  needBucket,
  percentile,
  periodBounds,
  roundMinutes,
  streetOf,
  yearOf,
} from './volunteer-figures.rules.ts';

/**
 * Rankings and figures of volunteer service for an area and a period (ADR 0018). Reads only;
 * the one write is the audit row of a workbook download, which carries volunteers' names.
 */

type AreaMap = Awaited<ReturnType<typeof areaNameMap>>;

export interface FiguresInput {
  area?: string;
  from?: string;
  to?: string;
  top?: number;
}

interface Resolved {
  area: { code: string; name: string; level: string };
  prefix: string;
  from: string;
  to: string;
  areas: AreaMap;
}

/**
 * The period (this calendar year by default; a lone `from` runs to the end of its year, a lone
 * `to` from the start of its year) and the area (the reader's own by default), both checked.
 */
async function resolve(ctx: Ctx, actor: Actor, q: FiguresInput): Promise<Resolved> {
  const scope = requireAnywhere(actor, 'figures.read');
  const today = ctx.clock.today();
  const from = q.from ?? yearOf(q.to ?? today).from;
  const to = q.to ?? yearOf(q.from ?? today).to;
  const problem = checkPeriod(from, to);
  if (problem) throw fieldError('to', problem, { from, to });
  const code = q.area ?? scope[0]!.padEnd(12, '0');
  const areas = await areaNameMap(ctx.db);
  const row = areas.get(code);
  if (!row) throw fieldError('area', 'AREA_UNKNOWN', { area: code });
  if (!canIn(actor, 'figures.read', code)) throw new AppError('FORBIDDEN');
  return {
    area: { code, name: row.name, level: row.level },
    prefix: areaPrefix(code),
    from,
    to,
    areas,
  };
}

interface Acc {
  posted: number;
  fulfilled: number;
  cancelled: number;
  expired: number;
  open: number;
  needPeople: number;
  claimMinutes: number[];
  minutes: number;
  records: number;
  recordPeople: number;
}
const emptyAcc = (): Acc => ({
  posted: 0,
  fulfilled: 0,
  cancelled: 0,
  expired: 0,
  open: 0,
  needPeople: 0,
  claimMinutes: [],
  minutes: 0,
  records: 0,
  recordPeople: 0,
});

function addNeeds(acc: Acc, g: repo.NeedGroupRaw) {
  const bucket = needBucket(g.status);
  acc.posted += g.count;
  acc[bucket] += g.count;
  // People served by a need are those the community recorded when confirming it.
  if (bucket === 'fulfilled') acc.needPeople += g.peopleServed;
  for (const m of g.claimMinutes) acc.claimMinutes.push(m);
}
function addRecords(acc: Acc, g: repo.RecordGroupRaw) {
  acc.minutes += g.minutes;
  acc.records += g.records;
  acc.recordPeople += g.peopleServed;
}

function figuresOf(acc: Acc) {
  return {
    needsPosted: acc.posted,
    needsFulfilled: acc.fulfilled,
    needsCancelled: acc.cancelled,
    needsExpired: acc.expired,
    needsOpen: acc.open,
    fulfilmentRate: fulfilmentRate(acc),
    needsClaimed: acc.claimMinutes.length,
    claimMedianMinutes: roundMinutes(percentile(acc.claimMinutes, 0.5)),
    claimP90Minutes: roundMinutes(percentile(acc.claimMinutes, 0.9)),
    peopleServed: acc.needPeople + acc.recordPeople,
    minutes: acc.minutes,
    hours: hoursOf(acc.minutes),
    records: acc.records,
  };
}

function accOf(map: Map<string, Acc>, key: string): Acc {
  let acc = map.get(key);
  if (!acc) {
    acc = emptyAcc();
    map.set(key, acc);
  }
  return acc;
}

/** Units ranked by needs fulfilled, then needs posted; equal on both share a rank. */
function rankUnits(codes: string[], accs: Map<string, Acc>, areas: AreaMap): UnitRow[] {
  const rows = codes.map((code) => {
    const a = areas.get(code);
    const level = a?.level ?? 'community';
    const street = level === 'community' || level === 'village' ? areas.get(streetOf(code)) : undefined;
    return {
      areaCode: code,
      areaName: a?.name ?? code,
      level,
      streetName: street?.name ?? null,
      ...figuresOf(accs.get(code) ?? emptyAcc()),
    };
  });
  rows.sort(
    (x, y) =>
      y.needsFulfilled - x.needsFulfilled ||
      y.needsPosted - x.needsPosted ||
      x.areaCode.localeCompare(y.areaCode),
  );
  const ranks = competitionRanks(
    rows,
    (x, y) => x.needsFulfilled === y.needsFulfilled && x.needsPosted === y.needsPosted,
  );
  return rows.map((row, i) => ({ rank: ranks[i]!, ...row }));
}

/**
 * The units a table lists: the area's open units of the given levels (so a community with
 * nothing yet shows, at the bottom, with "—"), and any other code the data carries (a street
 * that posts needs itself, or a unit closed since).
 */
function unitCodes(areas: AreaMap, prefix: string, levels: string[], withData: Iterable<string>): string[] {
  const codes = new Set<string>();
  for (const a of areas.values())
    if (a.code.startsWith(prefix) && levels.includes(a.level) && !a.closedOn) codes.add(a.code);
  for (const c of withData) codes.add(c);
  return [...codes];
}

interface Computed extends FiguresResponse {
  /** Volunteers with hours in the period (the list may hold fewer). */
  volunteersTotal: number;
}

async function compute(ctx: Ctx, actor: Actor, res: Resolved, limit: number): Promise<Computed> {
  const bounds = periodBounds(res.from, res.to);
  const own = await repo.findVolunteerOfUser(ctx.db, actor.id);
  const [ranking, needGroups, recordGroups, stock] = await Promise.all([
    repo.findVolunteerRanking(ctx.db, { prefix: res.prefix, bounds, limit, meId: own?.id ?? null }),
    repo.findNeedGroups(ctx.db, { prefix: res.prefix, bounds }),
    repo.findRecordGroups(ctx.db, { prefix: res.prefix, bounds }),
    repo.countStock(ctx.db, { prefix: res.prefix, bounds, now: ctx.clock.now().toISOString() }),
  ]);

  // Needs and records by the unit they belong to, by street, by category and in total.
  const units = new Map<string, Acc>();
  const streets = new Map<string, Acc>();
  const categories = new Map<string, Acc>();
  const total = emptyAcc();
  for (const g of needGroups) {
    for (const acc of [
      accOf(units, g.areaCode),
      accOf(streets, streetOf(g.areaCode)),
      accOf(categories, g.category),
      total,
    ])
      addNeeds(acc, g);
  }
  for (const g of recordGroups) {
    for (const acc of [
      accOf(units, g.areaCode),
      accOf(streets, streetOf(g.areaCode)),
      accOf(categories, g.category),
      total,
    ])
      addRecords(acc, g);
  }

  const isDistrict = res.area.level === 'district';
  const isUnit = res.area.level === 'community' || res.area.level === 'village';
  const communityCodes = isUnit
    ? [res.area.code, ...[...units.keys()].filter((c) => c !== res.area.code)]
    : unitCodes(res.areas, res.prefix, ['community', 'village'], units.keys());
  const streetCodes = isDistrict ? unitCodes(res.areas, res.prefix, ['street'], streets.keys()) : [];

  const categoryKeys = [
    ...NEED_CATEGORIES,
    ...[...categories.keys()].filter((c) => !(NEED_CATEGORIES as readonly string[]).includes(c)).sort(),
  ];
  const categoryRows: CategoryRow[] = categoryKeys.map((category) => {
    const f = figuresOf(categories.get(category) ?? emptyAcc());
    return {
      category,
      needsPosted: f.needsPosted,
      needsFulfilled: f.needsFulfilled,
      fulfilmentRate: f.fulfilmentRate,
      minutes: f.minutes,
      hours: f.hours,
      records: f.records,
    };
  });

  // Names for staff who read volunteers here (all roles with figures.read do, but ask anyway).
  const names = canIn(actor, 'volunteer.read', res.area.code);
  const personNames = names
    ? await findPersonNames(ctx.db, [...new Set(ranking.rows.map((x) => x.personId))])
    : new Map<string, { name: string }>();
  const present = (x: repo.VolunteerRankRaw): VolunteerRankRow => ({
    rank: x.rank,
    volunteerId: x.volunteerId,
    volunteerNo: x.volunteerNo,
    name: names ? (personNames.get(x.personId)?.name ?? null) : null,
    areaCode: x.areaCode,
    areaName: res.areas.get(x.areaCode)?.name ?? x.areaCode,
    minutes: x.minutes,
    hours: hoursOf(x.minutes),
    records: x.records,
    peopleServed: x.peopleServed,
  });
  const meRow = own ? ranking.rows.find((x) => x.volunteerId === own.id) : undefined;

  const totals: FiguresTotals = {
    ...figuresOf(total),
    registeredVolunteers: stock.registeredVolunteers,
    activeVolunteers: ranking.total,
    teams: stock.teams,
    activitiesHeld: stock.activitiesHeld,
  };
  return {
    area: res.area,
    from: res.from,
    to: res.to,
    names,
    totals,
    volunteers: ranking.rows.filter((x) => x.pos <= limit).map(present),
    volunteersTotal: ranking.total,
    me: meRow ? present(meRow) : null,
    communities: rankUnits(communityCodes, units, res.areas),
    streets: rankUnits(streetCodes, streets, res.areas),
    categories: categoryRows,
  };
}

export async function getFigures(ctx: Ctx, actor: Actor, q: FiguresInput): Promise<FiguresResponse> {
  const res = await resolve(ctx, actor, q);
  const { volunteersTotal: _, ...figures } = await compute(ctx, actor, res, q.top ?? FIGURES_TOP_DEFAULT);
  return figures;
}

/**
 * The figures for the workbook: up to 10,000 volunteers. The download carries names, so it is
 * audited (who, which area, which period, how many rows) like any other read of personal data
 * in bulk.
 */
export async function figuresForExport(ctx: Ctx, actor: Actor, q: Omit<FiguresInput, 'top'>) {
  const res = await resolve(ctx, actor, q);
  const figures = await compute(ctx, actor, res, FIGURES_EXPORT_MAX_ROWS);
  return {
    figures,
    volunteersTotal: figures.volunteersTotal,
    audit: () =>
      recordAudit(
        ctx.db,
        ctx.clock,
        { id: actor.id, name: actor.username },
        {
          action: 'volunteer_figures.export',
          entityType: 'volunteer_figures',
          entityId: `${res.area.code}:${res.from}:${res.to}`,
          areaCode: res.area.code,
          after: {
            area: res.area.code,
            from: res.from,
            to: res.to,
            volunteers: figures.volunteers.length,
            volunteersTotal: figures.volunteersTotal,
            communities: figures.communities.length,
            names: figures.names,
          },
        },
      ),
  };
}

/**
 * The signed-in volunteer's place by confirmed hours in a calendar year, among the volunteers
 * of their street and of their district who have hours that year (their hours count wherever
 * they served). Answers only for the user's own volunteer record.
 */
export async function getMyRank(ctx: Ctx, actor: Actor, q: { year?: number }): Promise<MyRankResponse> {
  const own = await repo.findVolunteerOfUser(ctx.db, actor.id);
  if (!own) throw new AppError('FIGURES_VOLUNTEER_NOT_FOUND');
  const year = q.year ?? Number(ctx.clock.today().slice(0, 4));
  const bounds = periodBounds(`${year}-01-01`, `${year}-12-31`);
  const street = own.areaCode.slice(0, 9);
  const district = own.areaCode.slice(0, 6);
  const c = await repo.countRankPlaces(ctx.db, { volunteerId: own.id, street, district, bounds });
  const areas = await areaNameMap(ctx.db);
  const place = (code: string, of: number, above: number) => ({
    areaCode: code,
    name: areas.get(code)?.name ?? code,
    rank: c.minutes > 0 ? above + 1 : null,
    of,
  });
  return {
    year,
    volunteerId: own.id,
    volunteerNo: own.volunteerNo,
    minutes: c.minutes,
    hours: hoursOf(c.minutes),
    street: place(street.padEnd(12, '0'), c.streetOf, c.streetAbove),
    district: place(district.padEnd(12, '0'), c.districtOf, c.districtAbove),
  };
}
