import type {
  AddSettingBody,
  CareCreditSetting,
  EndEnrolmentBody,
  EnrolBody,
} from '../../../contracts/api/care-credits.ts';
import { ageOn } from '../../../contracts/id-number.ts';
import {
  type Actor,
  areaPrefix,
  canIn,
  narrowScope,
  requireAnywhere,
  requireIn,
  scopeOf,
} from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { type MonthBatchReport, monthBatchView } from '../../platform/batches/batch-table.ts';
import { type Clock, systemClock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { toDateString, toIso } from '../../platform/db/rows.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { areaNameMap, DISTRICT } from '../areas/index.ts';
import {
  type AccountSpec,
  accountEntries,
  accountsByIds,
  accountsOfOwner,
  findAccount,
} from '../ledger/index.ts';
import { orgNames } from '../orgs/index.ts';
import { getPerson } from '../registry/index.ts';
import * as repo from './care-credits.repo.ts';
import {
  addMonths,
  ageInMonth,
  isMonth,
  isOldEnough,
  type Month,
  monthOf,
  monthStart,
  monthsOverlap,
  settingFor,
} from './care-credits.rules.ts';

export const who = (a: Actor) => ({ id: a.id, name: a.username });

/** The programme's issuing account (ADR 0008): it goes negative by what has been granted. */
export const CHONGYANG_FUND: AccountSpec = {
  ownerType: 'programme',
  ownerId: 'chongyang',
  unit: 'fen',
  kind: 'fund',
  areaCode: DISTRICT.code,
  allowNegative: true,
};

/** An elder's 养老服务专户 (R5, seed 003:70991–71000). */
export function elderCareAccount(personId: string, areaCode: string): AccountSpec {
  return { ownerType: 'person', ownerId: personId, unit: 'fen', kind: 'elder_care', areaCode };
}

/**
 * The default version (ADR 0009). The seeds give only totals: 43,262,500 重阳分 over 445,100
 * top-ups in 2021 ≈ 97 per monthly top-up (seed-requirements figure 31, 003:70979–70981), so
 * 100 重阳分 a month; 1 重阳分 = 1 yuan is our assumption, hence 10,000 fen. Credits lapse 12
 * months after the month they were granted for.
 */
export const DEFAULT_SETTING = {
  validFrom: '2020-01-01',
  monthlyAmount: 10_000,
  expiryMonths: 12,
  note: '默认标准：每人每月 100 重阳分（1 重阳分 = 1 元），发放月后 12 个月到期（ADR 0009）',
} as const;

export const grantKey = (m: Month, personId: string) => `chongyang.grant:${m}:${personId}`;
export const expireKey = (m: Month, personId: string) => `chongyang.expire:${m}:${personId}`;

export function checkMonth(m: string): Month {
  if (!isMonth(m)) throw new AppError('CARE_CREDIT_MONTH_INVALID', { month: m });
  return m;
}

const currentMonth = (ctx: Pick<Ctx, 'clock'>) => monthOf(ctx.clock.today());
const asMonth = (date: unknown) => monthOf(toDateString(date));

// ---- settings ---------------------------------------------------------------------------------

function presentSetting(r: repo.SettingRow): CareCreditSetting {
  return {
    id: r.id,
    validFrom: asMonth(r.validFrom),
    monthlyAmount: r.monthlyAmount,
    expiryMonths: r.expiryMonths,
    note: r.note,
    createdAt: toIso(r.createdAt),
  };
}

export async function settingVersions(db: Db) {
  return (await repo.findSettings(db)).map((r) => ({
    ...r,
    validFrom: toDateString(r.validFrom),
  }));
}

/**
 * Seeds the default version when the table is empty. Idempotent: the demo, the tests and the
 * first grant call it; a district that has set its own versions keeps them.
 */
export async function ensureCareCreditDefaults(db: Db, clock: Clock = systemClock): Promise<void> {
  await db.transaction(async (tx) => {
    const id = newId(clock.now().getTime());
    const inserted = await repo.insertSettingIfNone(tx, { id, ...DEFAULT_SETTING, createdAt: clock.now() });
    if (inserted)
      await recordAudit(
        tx,
        clock,
        { id: null, name: 'system' },
        {
          action: 'care_credit.settings.add',
          entityType: 'care_credit_setting',
          entityId: id,
          areaCode: DISTRICT.code,
          after: DEFAULT_SETTING,
        },
      );
  });
}

export async function listSettings(ctx: Ctx, actor: Actor) {
  requireAnywhere(actor, 'care_credit.enrol');
  const rows = await repo.findSettings(ctx.db);
  const versions = rows.map((r) => ({ ...r, validFrom: toDateString(r.validFrom) }));
  const current = settingFor(versions, currentMonth(ctx));
  return {
    items: rows.map(presentSetting),
    current: current ? presentSetting(rows.find((r) => r.id === current.id)!) : null,
  };
}

/** A new dated version; it may not reach back into a month already granted. */
export async function addSetting(ctx: Ctx, actor: Actor, body: AddSettingBody) {
  requireIn(actor, 'care_credit.grant', DISTRICT.code);
  const from = checkMonth(body.validFrom);
  const id = newId(ctx.clock.now().getTime());
  await ctx.db.transaction(async (tx) => {
    await repo.lockKey(tx, 'care_credit.settings');
    const last = await repo.lastGrantMonth(tx);
    if (last && from <= asMonth(last))
      throw new AppError('CARE_CREDIT_SETTINGS_GRANTED', {
        month: asMonth(last),
        next: addMonths(asMonth(last), 1),
      });
    const row = {
      id,
      validFrom: monthStart(from),
      monthlyAmount: body.monthlyAmount,
      expiryMonths: body.expiryMonths,
      note: body.note ?? null,
      createdBy: actor.id,
      createdAt: ctx.clock.now(),
    };
    if (!(await repo.insertSetting(tx, row)))
      throw new AppError('CARE_CREDIT_SETTINGS_EXISTS', { validFrom: from });
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'care_credit.settings.add',
      entityType: 'care_credit_setting',
      entityId: id,
      areaCode: DISTRICT.code,
      after: {
        validFrom: from,
        monthlyAmount: body.monthlyAmount,
        expiryMonths: body.expiryMonths,
        note: row.note,
      },
    });
  });
  return listSettings(ctx, actor);
}

// ---- enrolments -------------------------------------------------------------------------------

/** Whether the person is enrolled for the month (YYYY-MM): the front door for other modules. */
export async function isEnrolled(db: Db, personId: string, month: Month): Promise<boolean> {
  return repo.isEnrolled(db, personId, monthStart(checkMonth(month)));
}

/** Throws CARE_CREDIT_NOT_ENROLLED for an elder outside the programme in that month. */
export async function requireEnrolled(db: Db, personId: string, month: Month): Promise<void> {
  if (!(await isEnrolled(db, personId, month))) throw new AppError('CARE_CREDIT_NOT_ENROLLED', { month });
}

/**
 * The registry's view of the person, for a worker who may act on 重阳分 in the person's area.
 * A person outside that area is "not found", as every read outside the scope is.
 */
async function personFor(ctx: Ctx, actor: Actor, personId: string, permission: 'care_credit.enrol') {
  requireAnywhere(actor, permission);
  const p = await getPerson(ctx, actor, personId);
  if (!canIn(actor, permission, p.areaCode)) throw new AppError('PERSON_NOT_FOUND');
  return p;
}

function deceasedOn(p: Awaited<ReturnType<typeof getPerson>>): string | null {
  if (!p.deceased) return null;
  return p.facts.find((f) => f.kind === 'death')?.validFrom ?? '—';
}

interface EnrolmentView {
  id: string;
  personId: string;
  name: string;
  idMasked: string;
  age: number;
  areaCode: string;
  areaName: string;
  fromMonth: string;
  toMonth: string | null;
  reason: string | null;
  endReason: string | null;
  current: boolean;
  createdAt: string;
}

async function presentEnrolments(ctx: Ctx, rows: repo.EnrolmentListRow[]): Promise<EnrolmentView[]> {
  const areas = await areaNameMap(ctx.db);
  const today = ctx.clock.today();
  const now = currentMonth(ctx);
  return rows.map((r) => {
    const from = asMonth(r.fromMonth);
    const to = r.toMonth ? asMonth(r.toMonth) : null;
    return {
      id: r.id,
      personId: r.personId,
      name: r.name,
      idMasked: r.idMasked,
      age: ageOn(r.birthDate, today),
      areaCode: r.areaCode,
      areaName: areas.get(r.areaCode)?.name ?? r.areaCode,
      fromMonth: from,
      toMonth: to,
      reason: r.reason,
      endReason: r.endReason,
      current: monthsOverlap({ from, to }, { from: now, to: now }),
      createdAt: r.createdAt,
    };
  });
}

export async function listEnrolments(
  ctx: Ctx,
  actor: Actor,
  q: { area?: string; month?: string; q?: string; page: number; pageSize: number },
) {
  const scope = narrowScope(requireAnywhere(actor, 'care_credit.enrol'), q.area);
  const { rows, total } = await repo.searchEnrolments(ctx.db, {
    scope,
    month: q.month ? monthStart(checkMonth(q.month)) : undefined,
    name: q.q || undefined,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return {
    items: await presentEnrolments(ctx, rows),
    total,
    totalIsLowerBound: false,
    page: q.page,
    pageSize: q.pageSize,
  };
}

async function enrolmentView(ctx: Ctx, scope: string[], id: string): Promise<EnrolmentView> {
  const row = await repo.findEnrolmentListRow(ctx.db, scope, id);
  if (!row) throw new AppError('CARE_CREDIT_ENROLMENT_NOT_FOUND');
  return (await presentEnrolments(ctx, [row]))[0]!;
}

/**
 * Puts an elder on the list from `fromMonth` (R4 is screened by the worker for now; the
 * eligibility engine of a later issue will feed this list). The person must exist in the
 * worker's area, be alive and be 60 in the from-month; months may not overlap an enrolment the
 * elder already has.
 */
export async function enrol(ctx: Ctx, actor: Actor, body: EnrolBody) {
  const from = checkMonth(body.fromMonth);
  const p = await personFor(ctx, actor, body.personId, 'care_credit.enrol');
  const died = deceasedOn(p);
  if (died) throw new AppError('CARE_CREDIT_PERSON_DECEASED', { deceasedOn: died });
  if (!isOldEnough(p.birthDate, from))
    throw new AppError('CARE_CREDIT_TOO_YOUNG', { month: from, age: ageInMonth(p.birthDate, from) });
  const id = newId(ctx.clock.now().getTime());
  await ctx.db.transaction(async (tx) => {
    // Serialises enrolments of one person: two overlapping ones cannot both pass the check.
    await repo.lockKey(tx, `care_credit.enrol:${p.id}`);
    const clash = (await repo.findEnrolmentsOfPerson(tx, p.id)).find((e) =>
      monthsOverlap(
        { from: asMonth(e.fromMonth), to: e.toMonth ? asMonth(e.toMonth) : null },
        { from, to: null },
      ),
    );
    if (clash) throw new AppError('CARE_CREDIT_ALREADY_ENROLLED', { fromMonth: asMonth(clash.fromMonth) });
    const row = {
      personId: p.id,
      id,
      areaCode: p.areaCode,
      fromMonth: monthStart(from),
      toMonth: null,
      reason: body.reason ?? null,
      enrolledBy: actor.id,
      createdAt: ctx.clock.now(),
    };
    await repo.insertEnrolments(tx, [row]);
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'care_credit.enrol',
      entityType: 'person',
      entityId: p.id,
      areaCode: p.areaCode,
      after: { enrolmentId: id, fromMonth: from, reason: row.reason },
    });
  });
  return enrolmentView(ctx, scopeOf(actor, 'care_credit.enrol'), id);
}

/** Ends an open enrolment after `toMonth` (the last month granted). */
export async function endEnrolment(ctx: Ctx, actor: Actor, id: string, body: EndEnrolmentBody) {
  const scope = requireAnywhere(actor, 'care_credit.enrol');
  const to = checkMonth(body.toMonth);
  await ctx.db.transaction(async (tx) => {
    const row = await repo.findEnrolment(tx, scope, id, true);
    if (!row) throw new AppError('CARE_CREDIT_ENROLMENT_NOT_FOUND');
    if (row.toMonth) throw new AppError('CARE_CREDIT_ENROLMENT_ENDED', { toMonth: asMonth(row.toMonth) });
    const from = asMonth(row.fromMonth);
    if (to < from) throw new AppError('CARE_CREDIT_END_BEFORE_START', { toMonth: to, fromMonth: from });
    await repo.endEnrolmentRow(tx, row.personId, row.id, monthStart(to), body.endReason);
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'care_credit.enrolment.end',
      entityType: 'person',
      entityId: row.personId,
      areaCode: row.areaCode,
      before: { enrolmentId: id, toMonth: null },
      after: { enrolmentId: id, toMonth: to },
      reason: body.endReason,
    });
  });
  return enrolmentView(ctx, scope, id);
}

// ---- an elder's accounts ----------------------------------------------------------------------

async function elderInScope(ctx: Ctx, actor: Actor, personId: string) {
  const scope = requireAnywhere(actor, 'ledger.read');
  const p = await repo.findPersonBrief(ctx.db, scope, personId);
  if (!p) throw new AppError('PERSON_NOT_FOUND');
  return p;
}

/** The elder's accounts (balance, available, held) and enrolments, for a worker of the elder's area. */
export async function elderAccounts(ctx: Ctx, actor: Actor, personId: string) {
  const p = await elderInScope(ctx, actor, personId);
  const [accounts, enrolments] = await Promise.all([
    accountsOfOwner(ctx.db, 'person', p.id),
    repo.findEnrolmentsOfPerson(ctx.db, p.id),
  ]);
  const now = currentMonth(ctx);
  const spans = enrolments.map((e) => ({
    id: e.id,
    fromMonth: asMonth(e.fromMonth),
    toMonth: e.toMonth ? asMonth(e.toMonth) : null,
    endReason: e.endReason,
  }));
  return {
    personId: p.id,
    name: p.name,
    areaCode: p.areaCode,
    enrolled: spans.some((s) => monthsOverlap({ from: s.fromMonth, to: s.toMonth }, { from: now, to: now })),
    enrolments: spans,
    accounts: accounts.map((a) => ({
      id: a.id,
      kind: a.kind,
      unit: a.unit,
      balance: a.balance,
      available: a.available,
      held: a.debitsPending,
      seq: a.seq,
      createdAt: a.createdAt,
    })),
  };
}

/** One account's statement, newest first, with the other side of each transfer described. */
export async function elderAccountEntries(
  ctx: Ctx,
  actor: Actor,
  personId: string,
  q: { limit: number; beforeSeq?: number; accountId?: string },
) {
  const p = await elderInScope(ctx, actor, personId);
  const accounts = await accountsOfOwner(ctx.db, 'person', p.id);
  const account = q.accountId
    ? accounts.find((a) => a.id === q.accountId)
    : accounts.find((a) => a.kind === 'elder_care' && a.unit === 'fen');
  if (q.accountId && !account) throw new AppError('LEDGER_ACCOUNT_NOT_FOUND', { account: q.accountId });
  if (!account) return { accountId: null, entries: [], nextBeforeSeq: null };
  const entries = await accountEntries(ctx.db, account.id, { limit: q.limit, beforeSeq: q.beforeSeq });
  const otherIds = [
    ...new Set(
      entries.map((e) => (e.direction === 'debit' ? e.transfer.creditAccountId : e.transfer.debitAccountId)),
    ),
  ];
  const others = new Map((await accountsByIds(ctx.db, otherIds)).map((a) => [a.id, a]));
  const orgIds = [...others.values()].filter((a) => a.ownerType === 'org').map((a) => a.ownerId);
  const orgs = await orgNames(ctx, [...new Set(orgIds)]);
  const last = entries.at(-1);
  return {
    accountId: account.id,
    entries: entries.map((e) => {
      const otherId = e.direction === 'debit' ? e.transfer.creditAccountId : e.transfer.debitAccountId;
      const o = others.get(otherId);
      return {
        seq: e.seq,
        transferId: e.transfer.id,
        at: e.transfer.at,
        code: e.transfer.code,
        flag: e.transfer.flag,
        amount: e.delta,
        gross: e.transfer.amount,
        balanceAfter: e.balance,
        counterparty: {
          ownerType: o?.ownerType ?? 'unknown',
          ownerId: o?.ownerId ?? otherId,
          kind: o?.kind ?? 'unknown',
          name: o?.ownerType === 'org' ? (orgs.get(o.ownerId) ?? null) : null,
        },
        memo: e.transfer.memo,
        refType: e.transfer.refType,
        refId: e.transfer.refId,
      };
    }),
    nextBeforeSeq: entries.length === q.limit && last && last.seq > 1 ? last.seq : null,
  };
}

/** The programme's money at a glance, for district staff. */
export async function fundsOverview(ctx: Ctx, actor: Actor) {
  requireIn(actor, 'care_credit.grant', DISTRICT.code);
  const fund = await findAccount(ctx.db, CHONGYANG_FUND);
  const totals = await repo.elderCareTotals(ctx.db);
  // The fund is debited by grants and credited by expiries (and by reversals of grants).
  const issued = fund?.debitsPosted ?? 0;
  const expired = fund?.creditsPosted ?? 0;
  const last = await repo.lastDoneGrant(ctx.db);
  return {
    unit: 'fen' as const,
    issued,
    expired,
    spent: issued - expired - totals.balance,
    outstanding: totals.balance,
    held: totals.held,
    elderAccounts: totals.accounts,
    enrolledThisMonth: await repo.countEnrolledForMonth(ctx.db, monthStart(currentMonth(ctx))),
    lastGrant: last ? presentBatch(last) : null,
  };
}

// ---- batches (views) --------------------------------------------------------------------------

/** What a 重阳分 run's report holds besides what the shared runner writes (ADR 0009). */
export interface StoredReport extends MonthBatchReport {
  elders?: number;
  monthlyAmount?: number | null;
  settingId?: string | null;
}

export function presentBatch(b: repo.BatchRow) {
  const r = (b.report ?? {}) as StoredReport;
  const v = monthBatchView(b);
  return {
    id: b.id,
    kind: b.kind as 'grant' | 'expire',
    month: asMonth(b.month),
    ...v.head,
    report: {
      elders: r.elders ?? b.processed,
      ...v.moved,
      monthlyAmount: r.monthlyAmount ?? null,
      settingId: r.settingId ?? null,
      ...v.run,
    },
    ...v.times,
  };
}

export async function listBatches(
  ctx: Ctx,
  actor: Actor,
  q: { kind?: 'grant' | 'expire'; month?: string; page: number; pageSize: number },
) {
  requireIn(actor, 'care_credit.grant', DISTRICT.code);
  const { rows, total } = await repo.searchBatches(ctx.db, {
    key: q.kind,
    month: q.month ? monthStart(checkMonth(q.month)) : undefined,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return {
    items: rows.map(presentBatch),
    total,
    totalIsLowerBound: false,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getBatch(ctx: Ctx, actor: Actor, id: string) {
  requireIn(actor, 'care_credit.grant', DISTRICT.code);
  const row = await repo.findBatch(ctx.db, id);
  if (!row) throw new AppError('CARE_CREDIT_BATCH_NOT_FOUND');
  return presentBatch(row);
}

// ---- elder cards ------------------------------------------------------------------------------

/** An active card and its holder, if the holder lives within `scope` (the meals till uses this). */
export async function findElderByCard(db: Db, scope: string[], cardNo: string) {
  return repo.findCardHolder(db, scope, cardNo.trim());
}

/** Union of area scopes, without prefixes another one covers. */
function unionScope(...scopes: string[][]): string[] {
  const all = scopes.flat().sort((a, b) => a.length - b.length);
  const out: string[] = [];
  for (const p of all) if (!out.some((o) => p.startsWith(o))) out.push(p);
  return out;
}

async function presentCard(ctx: Ctx, h: repo.CardHolder) {
  const areas = await areaNameMap(ctx.db);
  const today = ctx.clock.today();
  return {
    cardNo: h.cardNo,
    personId: h.personId,
    name: h.name,
    age: ageOn(h.birthDate, today),
    areaCode: h.areaCode,
    areaName: areas.get(h.areaCode)?.name ?? h.areaCode,
    issuedOn: h.issuedOn,
    deceased: h.deceasedOn != null && h.deceasedOn <= today,
    enrolled: await repo.isEnrolled(ctx.db, h.personId, monthStart(currentMonth(ctx))),
  };
}

/** Who holds a card: a canteen till (meal.sell) or a worker (person.read) in the holder's area. */
export async function getElderCard(ctx: Ctx, actor: Actor, cardNo: string) {
  const scope = unionScope(scopeOf(actor, 'meal.sell'), scopeOf(actor, 'person.read'));
  if (!scope.length) throw new AppError('FORBIDDEN');
  const h = await findElderByCard(ctx.db, scope, cardNo);
  if (!h) throw new AppError('ELDER_CARD_NOT_FOUND', { cardNo: cardNo.trim() });
  return presentCard(ctx, h);
}

/**
 * Registers a card number to an elder. A new card replaces the elder's active one (a lost card
 * is revoked the same day); a number ever given to someone else is refused.
 */
export async function issueCard(
  ctx: Ctx,
  actor: Actor,
  personId: string,
  body: { cardNo: string; issuedOn?: string },
) {
  const p = await personFor(ctx, actor, personId, 'care_credit.enrol');
  const died = deceasedOn(p);
  if (died) throw new AppError('CARE_CREDIT_PERSON_DECEASED', { deceasedOn: died });
  const cardNo = body.cardNo.trim();
  const on = body.issuedOn ?? ctx.clock.today();
  await ctx.db.transaction(async (tx) => {
    await repo.lockKey(tx, `elder_card:${cardNo}`);
    await repo.lockKey(tx, `elder_card.person:${p.id}`);
    const taken = await repo.findCard(tx, cardNo);
    if (taken) {
      if (taken.personId === p.id && !taken.revokedOn) return;
      throw new AppError('ELDER_CARD_TAKEN', { cardNo });
    }
    const active = await repo.findActiveCard(tx, p.id);
    if (active) await repo.revokeCard(tx, active.cardNo, on);
    await repo.insertCard(tx, {
      cardNo,
      personId: p.id,
      areaCode: p.areaCode,
      issuedOn: on,
      revokedOn: null,
    });
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'elder_card.issue',
      entityType: 'person',
      entityId: p.id,
      areaCode: p.areaCode,
      before: active ? { cardNo: active.cardNo } : null,
      after: { cardNo, issuedOn: on },
    });
  });
  const h = await repo.findCardHolder(ctx.db, [areaPrefix(DISTRICT.code)], cardNo);
  return presentCard(ctx, h!);
}

/** Which of these persons are on the 重阳分 list in the month of `date` (read by screening, ADR 0019). */
export async function enrolledOnDate(db: Db, personIds: string[], date: string): Promise<Set<string>> {
  return repo.enrolledAmong(db, personIds, monthStart(monthOf(date)));
}

/**
 * Everyone on the 重阳分 list in the month of `date`: one read for a whole screening (a street
 * looks its own people up in it), not one list of ids per street.
 */
export async function enrolledInMonthOf(db: Db, date: string): Promise<Set<string>> {
  return repo.enrolledInMonth(db, monthStart(monthOf(date)));
}
