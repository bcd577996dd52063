import { NEED_CATEGORIES, NEED_CATEGORY_LABELS } from '../../../contracts/api/needs.ts';
import type {
  AddPointSettingBody,
  ExpiryReport,
  PointEntry,
  PointSetting,
  Redemption,
  VolunteerAccountKind,
  VolunteerBalances,
} from '../../../contracts/api/volunteers.ts';
import { ageOn } from '../../../contracts/id-number.ts';
import {
  type Actor,
  hasAnywhere,
  requireAnywhere,
  requireIn,
  SYSTEM_ACTOR,
  scopeOf,
} from '../../platform/access.ts';
import { recordAudit, recordAudits } from '../../platform/audit/audit.service.ts';
import { type Clock, shanghaiDate, systemClock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { toDateString, toIso } from '../../platform/db/rows.ts';
import { AppError, fieldError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { areaNameMap, DISTRICT } from '../areas/index.ts';
import {
  type Account,
  type AccountSpec,
  accountEntries,
  accountsByIds,
  findAccount,
  getTransfer,
  openAccount,
  openAccounts,
  postTransfer,
  reverseTransfer,
  type TransferResult,
} from '../ledger/index.ts';
import { getOrg, orgIdsOfUser } from '../orgs/index.ts';
import * as repo from './volunteers.repo.ts';
import {
  awardFor,
  checkPriorityElder,
  DEFAULT_POINT_RULES,
  type Earning,
  isMonth,
  lapsedAmount,
  maskName,
  monthOf,
  overflowMinutes,
  type PointRules,
  rulesOn,
} from './volunteers.rules.ts';

/**
 * Points, 红色积分 and the time bank (ADR 0014): dated rules, awards for confirmed service
 * records (called by the activities module in its transaction), corrections, the merchants'
 * redemption till, donations of time to priority elders, and the monthly expiry run.
 */

export const who = (a: Pick<Actor, 'id' | 'username'>) => ({ id: a.id, name: a.username });

// ---- accounts ----------------------------------------------------------------------------------

/** The programme's issuing accounts: they go below zero by what has been earned. */
export const POINTS_FUND: AccountSpec = {
  ownerType: 'programme',
  ownerId: 'volunteer_points',
  unit: 'point',
  kind: 'fund',
  areaCode: DISTRICT.code,
  allowNegative: true,
};
export const RED_POINTS_FUND: AccountSpec = { ...POINTS_FUND, ownerId: 'red_points' };
export const TIME_BANK_FUND: AccountSpec = { ...POINTS_FUND, ownerId: 'time_bank', unit: 'minute' };
/** Time over a volunteer's storage cap goes to the district's donation pool (Nanjing's rule). */
export const TIME_POOL: AccountSpec = {
  ownerType: 'district',
  ownerId: '330102',
  unit: 'minute',
  kind: 'time_bank_pool',
  areaCode: DISTRICT.code,
};

const SPEC: Record<VolunteerAccountKind, { unit: 'point' | 'minute' }> = {
  volunteer_points: { unit: 'point' },
  red_points: { unit: 'point' },
  time_bank: { unit: 'minute' },
};

/** A person's account of one kind (volunteers' points and time; elders' donated time). */
export function personAccount(kind: VolunteerAccountKind, personId: string, areaCode: string): AccountSpec {
  return { ownerType: 'person', ownerId: personId, unit: SPEC[kind].unit, kind, areaCode };
}

/** What a merchant has taken in at its till. */
export function merchantAccount(orgId: string, areaCode: string): AccountSpec {
  return { ownerType: 'org', ownerId: orgId, unit: 'point', kind: 'volunteer_points', areaCode };
}

export const keys = {
  points: (recordId: string) => `vpoints:${recordId}`,
  red: (recordId: string) => `vred:${recordId}`,
  time: (recordId: string) => `vtime:${recordId}`,
  overflow: (recordId: string) => `vtime.overflow:${recordId}`,
  reverse: (key: string) => `${key}:reverse`,
  redeem: (clientKey: string) => `vpoints.redeem:${clientKey}`,
  voidRedemption: (transferId: string) => `vpoints.redeem.void:${transferId}`,
  donate: (clientKey: string) => `vtime.donate:${clientKey}`,
  expire: (month: string, personId: string) => `vpoints.expire:${month}:${personId}`,
};

export async function balancesOf(db: Db, personId: string): Promise<VolunteerBalances> {
  const of = async (kind: VolunteerAccountKind) =>
    (await findAccount(db, { ownerType: 'person', ownerId: personId, unit: SPEC[kind].unit, kind }))
      ?.available ?? 0;
  const [points, redPoints, timeBankMinutes] = await Promise.all([
    of('volunteer_points'),
    of('red_points'),
    of('time_bank'),
  ]);
  return { points, redPoints, timeBankMinutes };
}

/** The person's points, red points and time-bank movements, newest first. */
export async function entriesOf(
  db: Db,
  personId: string,
  opts: { kind?: VolunteerAccountKind; limit: number },
): Promise<PointEntry[]> {
  const kinds = opts.kind ? [opts.kind] : (Object.keys(SPEC) as VolunteerAccountKind[]);
  const out: PointEntry[] = [];
  for (const kind of kinds) {
    const acc = await findAccount(db, {
      ownerType: 'person',
      ownerId: personId,
      unit: SPEC[kind].unit,
      kind,
    });
    if (!acc) continue;
    for (const e of await accountEntries(db, acc.id, { limit: opts.limit }))
      out.push({
        transferId: e.transfer.id,
        kind,
        unit: SPEC[kind].unit,
        code: e.transfer.code,
        delta: e.delta,
        balance: e.balance,
        memo: e.transfer.memo,
        at: toIso(e.transfer.at),
      });
  }
  return out.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, opts.limit);
}

// ---- settings ----------------------------------------------------------------------------------

function toRules(r: repo.SettingRow): PointRules {
  return {
    id: r.id,
    validFrom: toDateString(r.validFrom),
    pointsPerHour: r.pointsPerHour,
    categoryCoefficients: (r.categoryCoefficients ?? {}) as Record<string, number>,
    tierCoefficients: (r.tierCoefficients ?? {}) as Record<string, number>,
    capMinutesPerActivity: r.capMinutesPerActivity,
    redPointsPerHour: r.redPointsPerHour,
    expiryMonths: r.expiryMonths,
    timeBankCapMinutes: r.timeBankCapMinutes,
  };
}

export async function ruleVersions(db: Db): Promise<PointRules[]> {
  return (await repo.findSettings(db)).map(toRules);
}

/**
 * Seeds the default rules when the table is empty (at start-up, in the demo and the tests). A
 * district that has set its own versions keeps them.
 */
export async function ensureVolunteerPointDefaults(db: Db, clock: Clock = systemClock): Promise<void> {
  await db.transaction(async (tx) => {
    const id = newId(clock.now().getTime());
    const inserted = await repo.insertSettingIfNone(tx, {
      id,
      ...DEFAULT_POINT_RULES,
      createdAt: clock.now(),
    });
    if (inserted)
      await recordAudit(
        tx,
        clock,
        { id: null, name: 'system' },
        {
          action: 'volunteer.points.settings.add',
          entityType: 'volunteer_point_setting',
          entityId: id,
          areaCode: DISTRICT.code,
          after: DEFAULT_POINT_RULES,
        },
      );
  });
}

function presentSetting(r: repo.SettingRow): PointSetting {
  const rules = toRules(r);
  return { ...rules, note: r.note, createdAt: toIso(r.createdAt) };
}

/** The rules are public to everyone who works with volunteers or points, volunteers included. */
function requireRulesReader(actor: Actor) {
  const readers = ['points.manage', 'volunteer.read', 'points.redeem', 'activity.join'] as const;
  if (!readers.some((p) => hasAnywhere(actor, p))) throw new AppError('FORBIDDEN');
}

export async function listPointSettings(ctx: Ctx, actor: Actor) {
  requireRulesReader(actor);
  const rows = await repo.findSettings(ctx.db);
  const current = rulesOn(rows.map(toRules), ctx.clock.today());
  return {
    items: rows.map(presentSetting),
    current: current ? presentSetting(rows.find((r) => r.id === current.id)!) : null,
  };
}

const nextDay = (day: string) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

/**
 * A new version from a future day: records already made keep the rules of their own day, so a
 * version may not start today or earlier (a record confirmed later would change its points).
 */
export async function addPointSetting(ctx: Ctx, actor: Actor, body: AddPointSettingBody) {
  requireIn(actor, 'points.manage', DISTRICT.code);
  const earliest = nextDay(ctx.clock.today());
  if (body.validFrom < earliest)
    throw new AppError('VOLUNTEER_POINT_SETTINGS_PAST', { validFrom: body.validFrom, earliest });
  // Coefficients are keyed by the needs catalogue's categories; a typo would silently count ×1.0.
  for (const k of Object.keys(body.categoryCoefficients))
    if (!(NEED_CATEGORIES as readonly string[]).includes(k))
      throw fieldError(`categoryCoefficients.${k}`, 'FIELD_ENUM', { field: 'categoryCoefficients' });
  const id = newId(ctx.clock.now().getTime());
  await ctx.db.transaction(async (tx) => {
    await repo.lockKey(tx, 'volunteer_point_settings');
    if ((await repo.findSettings(tx)).some((r) => toDateString(r.validFrom) === body.validFrom))
      throw new AppError('VOLUNTEER_POINT_SETTINGS_EXISTS', { validFrom: body.validFrom });
    const row = {
      id,
      validFrom: body.validFrom,
      pointsPerHour: body.pointsPerHour,
      categoryCoefficients: body.categoryCoefficients,
      tierCoefficients: body.tierCoefficients,
      capMinutesPerActivity: body.capMinutesPerActivity,
      redPointsPerHour: body.redPointsPerHour,
      expiryMonths: body.expiryMonths,
      timeBankCapMinutes: body.timeBankCapMinutes,
      note: body.note ?? null,
      createdBy: actor.id,
      createdAt: ctx.clock.now(),
    };
    await repo.insertSetting(tx, row);
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'volunteer.points.settings.add',
      entityType: 'volunteer_point_setting',
      entityId: id,
      areaCode: DISTRICT.code,
      after: { ...row, createdAt: undefined },
    });
  });
  return listPointSettings(ctx, actor);
}

// ---- awards for confirmed records --------------------------------------------------------------

export interface RecordToAward {
  id: string;
  volunteerId: string;
  minutes: number;
  category: string;
  tier: number;
  startedAt: Date;
  activityId: string | null;
}

export interface RecordTransfers {
  pointsTransferId: string | null;
  redPointsTransferId: string | null;
  timeBankTransferId: string | null;
}

const transfersOf = (found: Map<string, repo.TransferRef>, recordId: string): RecordTransfers => ({
  pointsTransferId: found.get(keys.points(recordId))?.id ?? null,
  redPointsTransferId: found.get(keys.red(recordId))?.id ?? null,
  timeBankTransferId: found.get(keys.time(recordId))?.id ?? null,
});

/**
 * Turns confirmed service records into points, 红色积分 (party members) and time-bank minutes,
 * and adds their minutes to the volunteers' totals. Runs in the caller's transaction (`ctx.db`
 * is the activities module's transaction). A record is awarded once: its transfers are keyed by
 * the record (`vpoints:<recordId>` …), and a record already awarded returns its transfers and
 * changes nothing. The per-activity cap counts the minutes of the volunteer's earlier records of
 * the same activity (their time-bank deposits carry the activity as reference).
 */
export async function awardPointsForRecords(
  ctx: Ctx,
  actor: Pick<Actor, 'id' | 'username'>,
  records: readonly RecordToAward[],
): Promise<Map<string, RecordTransfers>> {
  const out = new Map<string, RecordTransfers>();
  if (records.length === 0) return out;
  const db = ctx.db;
  const allKeys = records.flatMap((r) => [keys.points(r.id), keys.red(r.id), keys.time(r.id)]);
  const found = await repo.transfersByKeys(db, allKeys);
  const todo = records
    .filter((r) => !found.has(keys.time(r.id)))
    .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || (a.id < b.id ? -1 : 1));
  for (const r of records) if (found.has(keys.time(r.id))) out.set(r.id, transfersOf(found, r.id));
  if (todo.length === 0) return out;

  const vols = new Map(
    (
      await repo.findBriefs(
        db,
        todo.map((r) => r.volunteerId),
      )
    ).map((v) => [v.id, v]),
  );
  for (const r of todo) {
    if (!vols.has(r.volunteerId)) throw new AppError('VOLUNTEER_NOT_FOUND', { volunteerId: r.volunteerId });
    if (!Number.isInteger(r.minutes) || r.minutes <= 0)
      throw new AppError('LEDGER_AMOUNT_INVALID', { amount: r.minutes });
  }
  const versions = await ruleVersions(db);
  const people = [...vols.values()];
  const specs = [
    POINTS_FUND,
    RED_POINTS_FUND,
    TIME_BANK_FUND,
    TIME_POOL,
    ...people.flatMap((v) =>
      (['volunteer_points', 'red_points', 'time_bank'] as const).map((k) =>
        personAccount(k, v.personId, v.areaCode),
      ),
    ),
  ];
  const accounts = await openAccounts(db, ctx.clock, specs);
  const [pointsFund, redFund, timeFund, pool] = accounts as [Account, Account, Account, Account];
  const accountOf = new Map<string, Account>();
  people.forEach((v, i) => {
    accountOf.set(`${v.id}:volunteer_points`, accounts[4 + i * 3]!);
    accountOf.set(`${v.id}:red_points`, accounts[5 + i * 3]!);
    accountOf.set(`${v.id}:time_bank`, accounts[6 + i * 3]!);
  });

  const audits: Parameters<typeof recordAudits>[3] = [];
  for (const r of todo) {
    const v = vols.get(r.volunteerId)!;
    const day = shanghaiDate(r.startedAt);
    const rules = rulesOn(versions, day);
    if (!rules) throw new AppError('VOLUNTEER_POINT_SETTINGS_MISSING', { date: day });
    const timeAcc = accountOf.get(`${v.id}:time_bank`)!;
    const prior = r.activityId ? await repo.depositedForActivity(db, timeAcc.id, r.activityId) : 0;
    const award = awardFor(rules, r, { priorMinutes: prior, partyMember: v.partyMember });
    const ref = r.activityId
      ? { refType: 'activity', refId: r.activityId }
      : { refType: 'service_record', refId: r.id };
    const base = { ...ref, actorId: actor.id };
    // What the volunteer reads in their history: the kind of service and its day.
    const what = `${NEED_CATEGORY_LABELS[r.category as keyof typeof NEED_CATEGORY_LABELS]?.['zh-CN'] ?? r.category} · ${day}`;
    const time = await postTransfer(db, ctx.clock, {
      ...base,
      key: keys.time(r.id),
      debitAccountId: timeFund.id,
      creditAccountId: timeAcc.id,
      amount: r.minutes,
      unit: 'minute',
      code: 'vtime.earn',
      memo: what,
    });
    const over = overflowMinutes(time.transfer.creditBalance, rules.timeBankCapMinutes, r.minutes);
    if (over > 0)
      await postTransfer(db, ctx.clock, {
        ...base,
        key: keys.overflow(r.id),
        debitAccountId: timeAcc.id,
        creditAccountId: pool.id,
        amount: over,
        unit: 'minute',
        code: 'vtime.overflow',
        memo: `时间银行上限 ${rules.timeBankCapMinutes} 分钟`,
      });
    let points: TransferResult | null = null;
    if (award.points > 0)
      points = await postTransfer(db, ctx.clock, {
        ...base,
        key: keys.points(r.id),
        debitAccountId: pointsFund.id,
        creditAccountId: accountOf.get(`${v.id}:volunteer_points`)!.id,
        amount: award.points,
        unit: 'point',
        code: 'vpoints.earn',
        memo: `${what} · 计分 ${award.countedMinutes} 分钟`,
      });
    let red: TransferResult | null = null;
    if (award.redPoints > 0)
      red = await postTransfer(db, ctx.clock, {
        ...base,
        key: keys.red(r.id),
        debitAccountId: redFund.id,
        creditAccountId: accountOf.get(`${v.id}:red_points`)!.id,
        amount: award.redPoints,
        unit: 'point',
        code: 'vred.earn',
        memo: `${what} · 计分 ${award.countedMinutes} 分钟`,
      });
    await repo.addMinutes(db, v.id, r.minutes, r.startedAt, ctx.clock.now());
    out.set(r.id, {
      pointsTransferId: points?.transfer.id ?? null,
      redPointsTransferId: red?.transfer.id ?? null,
      timeBankTransferId: time.transfer.id,
    });
    audits.push({
      action: 'volunteer.points.award',
      entityType: 'volunteer',
      entityId: v.id,
      areaCode: v.areaCode,
      after: {
        recordId: r.id,
        activityId: r.activityId,
        settingId: rules.id,
        minutes: r.minutes,
        priorMinutes: prior,
        countedMinutes: award.countedMinutes,
        points: award.points,
        redPoints: award.redPoints,
        overflowMinutes: over,
      },
    });
  }
  await recordAudits(db, ctx.clock, who(actor), audits);
  return out;
}

function spentError(err: unknown): unknown {
  if (err instanceof AppError && err.code === 'LEDGER_INSUFFICIENT')
    return new AppError('VOLUNTEER_POINTS_SPENT', {
      available: Number(err.params.available ?? 0),
      amount: Number(err.params.amount ?? 0),
      unit: String(err.params.unit ?? 'point'),
    });
  return err;
}

/**
 * Takes back a record's points, red points and minutes (the activities module corrects a
 * confirmed record: the original is reversed, the correction awarded). Refused with
 * VOLUNTEER_POINTS_SPENT when the volunteer has already spent or donated them. Reversing twice
 * changes nothing the second time.
 */
export async function reversePointsForRecord(
  ctx: Ctx,
  actor: Pick<Actor, 'id' | 'username'>,
  recordId: string,
): Promise<{ reversed: boolean; minutes: number }> {
  const db = ctx.db;
  const ks = [keys.points(recordId), keys.red(recordId), keys.overflow(recordId), keys.time(recordId)];
  const found = await repo.transfersByKeys(db, ks);
  const time = found.get(keys.time(recordId));
  if (!time) return { reversed: false, minutes: 0 };
  if (time.reversedBy) return { reversed: false, minutes: time.amount };
  // Points first, then the pool's share back to the volunteer, then the deposit itself.
  for (const k of ks) {
    const t = found.get(k);
    if (!t || t.reversedBy) continue;
    try {
      await reverseTransfer(db, ctx.clock, {
        key: keys.reverse(k),
        transferId: t.id,
        memo: `冲正服务记录 ${recordId}`,
        actorId: actor.id,
      });
    } catch (err) {
      throw spentError(err);
    }
  }
  const [acc] = await accountsByIds(db, [time.creditAccountId]);
  const vol = acc ? await repo.findVolunteerByPerson(db, acc.ownerId) : undefined;
  if (vol) await repo.addMinutes(db, vol.id, -time.amount, null, ctx.clock.now());
  await recordAudit(db, ctx.clock, who(actor), {
    action: 'volunteer.points.reverse',
    entityType: 'volunteer',
    entityId: vol?.id ?? time.creditAccountId,
    areaCode: vol?.areaCode ?? null,
    after: {
      recordId,
      minutes: time.amount,
      points: found.get(keys.points(recordId))?.amount ?? 0,
      redPoints: found.get(keys.red(recordId))?.amount ?? 0,
    },
  });
  return { reversed: true, minutes: time.amount };
}

// ---- redemption till ---------------------------------------------------------------------------

interface Merchant {
  id: string;
  name: string;
  areaCode: string;
  points: { id: string; name: string }[];
}

/**
 * A merchant is an open organisation that runs an open service point; its staff (org_members,
 * with points.redeem) work its till. Outside the actor's points.redeem scope the merchant does
 * not exist for them; inside it, only its own staff act.
 */
async function requireMerchant(ctx: Ctx, actor: Actor, orgId: string): Promise<Merchant> {
  const scope = requireAnywhere(actor, 'points.redeem');
  let org: Awaited<ReturnType<typeof getOrg>>;
  try {
    org = await getOrg(ctx, SYSTEM_ACTOR, orgId);
  } catch (err) {
    if (err instanceof AppError && err.code === 'ORG_NOT_FOUND')
      throw new AppError('VOLUNTEER_MERCHANT_NOT_FOUND');
    throw err;
  }
  if (!scope.some((p) => org.areaCode.startsWith(p))) throw new AppError('VOLUNTEER_MERCHANT_NOT_FOUND');
  if (!(await orgIdsOfUser(ctx.db, actor.id)).includes(orgId)) throw new AppError('FORBIDDEN');
  const today = ctx.clock.today();
  const points = await repo.openPointsOfOrgs(ctx.db, [orgId], today);
  if ((org.closedOn && org.closedOn <= today) || points.length === 0)
    throw new AppError('VOLUNTEER_MERCHANT_NOT_FOUND');
  return { id: org.id, name: org.name, areaCode: org.areaCode, points };
}

/** The merchants the signed-in staff member works for, with what each has taken in. */
export async function tillOverview(ctx: Ctx, actor: Actor) {
  requireAnywhere(actor, 'points.redeem');
  const today = ctx.clock.today();
  const orgIds = await orgIdsOfUser(ctx.db, actor.id);
  const points = await repo.openPointsOfOrgs(ctx.db, orgIds, today);
  const merchants = [];
  for (const orgId of orgIds) {
    const mine = points.filter((p) => p.orgId === orgId);
    if (mine.length === 0) continue;
    const org = await getOrg(ctx, SYSTEM_ACTOR, orgId).catch(() => null);
    if (!org || (org.closedOn && org.closedOn <= today)) continue;
    const acc = await findAccount(ctx.db, {
      ownerType: 'org',
      ownerId: orgId,
      unit: 'point',
      kind: 'volunteer_points',
    });
    merchants.push({
      orgId,
      orgName: org.name,
      areaCode: org.areaCode,
      servicePoints: mine.map((p) => ({ id: p.id, name: p.name })),
      balance: acc?.balance ?? 0,
    });
  }
  return { merchants };
}

async function volunteerByNo(db: Db, no: string): Promise<repo.VolunteerRow> {
  const v = await repo.findVolunteerByNo(db, no.trim().toUpperCase());
  if (!v) throw new AppError('VOLUNTEER_NOT_FOUND');
  return v;
}

/** The till reads the volunteer's card (the number, typed or scanned): masked name and points. */
export async function tillLookup(ctx: Ctx, actor: Actor, no: string) {
  requireAnywhere(actor, 'points.redeem');
  if (!(await orgIdsOfUser(ctx.db, actor.id)).length) throw new AppError('FORBIDDEN');
  const v = await volunteerByNo(ctx.db, no);
  const [person, areas, balances] = await Promise.all([
    repo.findPerson(ctx.db, null, v.personId),
    areaNameMap(ctx.db),
    balancesOf(ctx.db, v.personId),
  ]);
  return {
    id: v.id,
    volunteerNo: v.volunteerNo,
    maskedName: maskName(person?.name ?? ''),
    areaName: areas.get(v.areaCode)?.name ?? v.areaCode,
    status: v.status as 'active' | 'suspended' | 'left',
    available: balances.points,
  };
}

async function presentRedemptions(
  ctx: Ctx,
  orgId: string,
  transfers: repo.TransferRef[],
): Promise<Redemption[]> {
  const reversals = await repo.reversalsOf(
    ctx.db,
    transfers.map((t) => t.id),
  );
  const vols = new Map(
    (
      await repo.findBriefs(
        ctx.db,
        transfers.map((t) => t.refId).filter((x): x is string => !!x),
      )
    ).map((v) => [v.id, v]),
  );
  return transfers.map((t) => {
    const v = t.refId ? vols.get(t.refId) : undefined;
    const rev = reversals.get(t.id);
    return {
      transferId: t.id,
      orgId,
      volunteerNo: v?.volunteerNo ?? '',
      maskedName: maskName(v?.name ?? ''),
      amount: t.amount,
      item: t.memo ?? '',
      at: t.at,
      voided: !!rev,
      voidReason: rev?.memo ?? null,
    };
  });
}

/**
 * Redeems a volunteer's points at a merchant's till: one transfer from the volunteer's points to
 * the merchant's, refused beyond the volunteer's balance (with the balance in the message). The
 * till's key makes a retried request redeem once.
 */
export async function redeemPoints(
  ctx: Ctx,
  actor: Actor,
  body: { orgId: string; volunteerNo: string; amount: number; item: string; key: string },
) {
  const merchant = await requireMerchant(ctx, actor, body.orgId);
  const v = await volunteerByNo(ctx.db, body.volunteerNo);
  const key = keys.redeem(body.key);
  const result = await ctx.db.transaction(async (tx) => {
    const [from, to] = await openAccounts(tx, ctx.clock, [
      personAccount('volunteer_points', v.personId, v.areaCode),
      merchantAccount(merchant.id, merchant.areaCode),
    ]);
    let r: TransferResult;
    try {
      r = await postTransfer(tx, ctx.clock, {
        key,
        debitAccountId: from!.id,
        creditAccountId: to!.id,
        amount: body.amount,
        unit: 'point',
        code: 'vpoints.redeem',
        refType: 'volunteer',
        refId: v.id,
        memo: body.item,
        actorId: actor.id,
      });
    } catch (err) {
      if (err instanceof AppError && err.code === 'LEDGER_INSUFFICIENT')
        throw new AppError('VOLUNTEER_POINTS_INSUFFICIENT', {
          available: Number(err.params.available ?? 0),
          amount: body.amount,
          unit: 'point',
        });
      throw err;
    }
    if (!r.replayed)
      await recordAudit(tx, ctx.clock, who(actor), {
        action: 'volunteer.points.redeem',
        entityType: 'volunteer',
        entityId: v.id,
        areaCode: v.areaCode,
        after: { transferId: r.transfer.id, orgId: merchant.id, amount: body.amount, item: body.item },
      });
    return r;
  });
  const [present] = await presentRedemptions(ctx, merchant.id, [
    (await repo.transfersByKeys(ctx.db, [key])).get(key)!,
  ]);
  return { ...present!, available: (await balancesOf(ctx.db, v.personId)).points, replayed: result.replayed };
}

/** Voids a redemption by its reversal (the merchant gives the goods back or refunds the service). */
export async function voidRedemption(ctx: Ctx, actor: Actor, transferId: string, reason: string) {
  requireAnywhere(actor, 'points.redeem');
  const t = await getTransfer(ctx.db, transferId).catch((err) => {
    if (err instanceof AppError && err.code === 'LEDGER_TRANSFER_NOT_FOUND')
      throw new AppError('VOLUNTEER_REDEMPTION_NOT_FOUND');
    throw err;
  });
  if (t.code !== 'vpoints.redeem') throw new AppError('VOLUNTEER_REDEMPTION_NOT_FOUND');
  const [to] = await accountsByIds(ctx.db, [t.creditAccountId]);
  const merchant = await requireMerchant(ctx, actor, to!.ownerId);
  await ctx.db.transaction(async (tx) => {
    if ((await repo.reversalsOf(tx, [t.id])).size > 0) throw new AppError('VOLUNTEER_REDEMPTION_VOIDED');
    const r = await reverseTransfer(tx, ctx.clock, {
      key: keys.voidRedemption(t.id),
      transferId: t.id,
      memo: reason,
      actorId: actor.id,
    });
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'volunteer.points.redeem.void',
      entityType: 'volunteer',
      entityId: t.refId ?? t.debitAccountId,
      areaCode: merchant.areaCode,
      before: { transferId: t.id, amount: t.amount, item: t.memo },
      after: { reversalId: r.transfer.id },
      reason,
    });
  });
  const [present] = await presentRedemptions(ctx, merchant.id, [
    (await repo.transfersByKeys(ctx.db, [t.idempotencyKey])).get(t.idempotencyKey)!,
  ]);
  return present!;
}

/** A merchant's latest redemptions (voided ones marked). */
export async function listRedemptions(ctx: Ctx, actor: Actor, q: { orgId: string; limit: number }) {
  const merchant = await requireMerchant(ctx, actor, q.orgId);
  const acc = await findAccount(ctx.db, {
    ownerType: 'org',
    ownerId: merchant.id,
    unit: 'point',
    kind: 'volunteer_points',
  });
  if (!acc) return { items: [] };
  const entries = (await accountEntries(ctx.db, acc.id, { limit: q.limit * 2 }))
    .filter((e) => e.transfer.code === 'vpoints.redeem')
    .slice(0, q.limit);
  const refs = await repo.transfersByKeys(
    ctx.db,
    entries.map((e) => e.transfer.idempotencyKey),
  );
  return {
    items: await presentRedemptions(
      ctx,
      merchant.id,
      entries.map((e) => refs.get(e.transfer.idempotencyKey)!),
    ),
  };
}

// ---- donation of time --------------------------------------------------------------------------

/**
 * A volunteer gives stored minutes to a priority elder (Nanjing's time bank: donated time goes
 * to priority elders first): from the volunteer's time bank to the elder's. The worker records it
 * for the volunteer (volunteer.write on the volunteer's area, the elder readable by the worker).
 */
export async function donateTime(
  ctx: Ctx,
  actor: Actor,
  v: repo.VolunteerRow,
  body: { personId: string; minutes: number; note?: string; key: string },
) {
  const elder = await repo.findPerson(ctx.db, scopeOf(actor, 'person.read'), body.personId);
  if (!elder) throw new AppError('PERSON_NOT_FOUND');
  if (elder.id === v.personId) throw new AppError('VOLUNTEER_DONATE_SELF');
  const today = ctx.clock.today();
  const age = ageOn(elder.birthDate, today);
  const check = checkPriorityElder({
    age,
    deceased: elder.deceasedOn != null && elder.deceasedOn <= today,
    arrangement: await repo.livingArrangement(ctx.db, elder.id, today),
  });
  if (!check.ok)
    throw new AppError(
      check.reason === 'deceased'
        ? 'VOLUNTEER_ELDER_DECEASED'
        : check.reason === 'too_young'
          ? 'VOLUNTEER_ELDER_TOO_YOUNG'
          : 'VOLUNTEER_ELDER_NOT_PRIORITY',
      { age },
    );
  const r = await ctx.db.transaction(async (tx) => {
    const [from, to] = await openAccounts(tx, ctx.clock, [
      personAccount('time_bank', v.personId, v.areaCode),
      personAccount('time_bank', elder.id, elder.areaCode),
    ]);
    let res: TransferResult;
    try {
      res = await postTransfer(tx, ctx.clock, {
        key: keys.donate(body.key),
        debitAccountId: from!.id,
        creditAccountId: to!.id,
        amount: body.minutes,
        unit: 'minute',
        code: 'vtime.donate',
        refType: 'person',
        refId: elder.id,
        memo: body.note ?? null,
        actorId: actor.id,
      });
    } catch (err) {
      if (err instanceof AppError && err.code === 'LEDGER_INSUFFICIENT')
        throw new AppError('VOLUNTEER_TIME_INSUFFICIENT', {
          available: Number(err.params.available ?? 0),
          amount: body.minutes,
          unit: 'minute',
        });
      throw err;
    }
    if (!res.replayed)
      await recordAudit(tx, ctx.clock, who(actor), {
        action: 'volunteer.time.donate',
        entityType: 'volunteer',
        entityId: v.id,
        areaCode: v.areaCode,
        after: {
          transferId: res.transfer.id,
          personId: elder.id,
          minutes: body.minutes,
          note: body.note ?? null,
        },
      });
    return res;
  });
  return {
    transferId: r.transfer.id,
    minutes: r.transfer.amount,
    elderName: elder.name,
    available: (await balancesOf(ctx.db, v.personId)).timeBankMinutes,
    replayed: r.replayed,
  };
}

// ---- expiry ------------------------------------------------------------------------------------

export const EXPIRE_CHUNK = 1_000;

export interface ExpiryOptions {
  month: string;
  chunkSize?: number;
  onProgress?: (r: ExpiryReport) => void | Promise<void>;
  /** Stops after this many chunks as if the process had died (tests of the rerun). */
  stopAfterChunks?: number;
}

/**
 * Moves lapsed points back to the programme (code vpoints.expire), FIFO like 重阳分 (ADR 0009):
 * for each volunteer's points account with something available, what is available beyond the
 * points earned within their expiry lapses. Accounts are walked in owner order in chunks, each
 * chunk one transaction with its audit row; the transfers are keyed by month and person, so the
 * run can be repeated or resumed after a crash and expires each account once a month.
 */
export async function expirePoints(ctx: Ctx, actor: Actor, opts: ExpiryOptions): Promise<ExpiryReport> {
  requireIn(actor, 'points.manage', DISTRICT.code);
  if (!isMonth(opts.month)) throw new AppError('VOLUNTEER_MONTH_INVALID', { month: opts.month });
  const m = opts.month;
  if (`${m}-01` > ctx.clock.today()) throw new AppError('VOLUNTEER_MONTH_FUTURE', { month: m });
  const versions = await ruleVersions(ctx.db);
  const chunkSize = opts.chunkSize ?? EXPIRE_CHUNK;
  const fund = await openAccount(ctx.db, ctx.clock, POINTS_FUND);
  const report: ExpiryReport = {
    month: m,
    accounts: await repo.countPointsAccountsWithCredit(ctx.db),
    posted: 0,
    amount: 0,
    alreadyDone: 0,
    chunks: 0,
  };
  let cursor: string | null = null;
  let processed = 0;
  for (;;) {
    if (opts.stopAfterChunks !== undefined && report.chunks >= opts.stopAfterChunks) break;
    const next: ExpiryReport = await ctx.db.transaction(async (tx) => {
      const accounts = await repo.pointsAccountsWithCredit(tx, cursor, chunkSize);
      if (!accounts.length) return report;
      const done = await repo.transfersByKeys(
        tx,
        accounts.map((a) => keys.expire(m, a.personId)),
      );
      const todo = accounts.filter((a) => !done.has(keys.expire(m, a.personId)));
      const available = await repo.lockAvailable(tx, [fund.id, ...todo.map((a) => a.accountId)]);
      const earnings = new Map<string, Earning[]>();
      for (const e of await repo.earningsOf(
        tx,
        todo.map((a) => a.accountId),
      )) {
        const day = shanghaiDate(e.at);
        const list = earnings.get(e.accountId) ?? [];
        list.push({
          month: monthOf(day),
          amount: e.amount,
          expiryMonths: rulesOn(versions, day)?.expiryMonths ?? 0,
        });
        earnings.set(e.accountId, list);
      }
      let posted = 0;
      let amount = 0;
      for (const a of todo) {
        const lapsed = lapsedAmount(available.get(a.accountId) ?? 0, earnings.get(a.accountId) ?? [], m);
        if (lapsed <= 0) continue;
        await postTransfer(tx, ctx.clock, {
          key: keys.expire(m, a.personId),
          debitAccountId: a.accountId,
          creditAccountId: fund.id,
          amount: lapsed,
          unit: 'point',
          code: 'vpoints.expire',
          refType: 'volunteer_points_expiry',
          refId: m,
          memo: `积分到期 ${m}`,
          actorId: actor.id,
        });
        posted++;
        amount += lapsed;
      }
      await recordAudit(tx, ctx.clock, who(actor), {
        action: 'volunteer.points.expire.chunk',
        entityType: 'volunteer_points_expiry',
        entityId: m,
        areaCode: DISTRICT.code,
        after: {
          month: m,
          chunk: report.chunks + 1,
          firstPersonId: accounts[0]!.personId,
          lastPersonId: accounts.at(-1)!.personId,
          accounts: accounts.length,
          posted,
          amount,
        },
      });
      cursor = accounts.at(-1)!.personId;
      processed += accounts.length;
      return {
        ...report,
        posted: report.posted + posted,
        amount: report.amount + amount,
        alreadyDone: report.alreadyDone + accounts.length - todo.length,
        chunks: report.chunks + 1,
      };
    });
    if (next === report) break;
    Object.assign(report, next);
    await opts.onProgress?.({ ...report });
  }
  report.accounts = Math.max(report.accounts, processed);
  return report;
}
