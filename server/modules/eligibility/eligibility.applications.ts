import type { z } from 'zod';
import type {
  ApplicationView,
  applicationsQuery,
  createApplicationBody,
  decideBody,
  ExplanationView,
} from '../../../contracts/api/eligibility.ts';
import type { Lang } from '../../../contracts/messages/index.ts';
import { formatYuan } from '../../../contracts/money.ts';
import { ROLE_PERMISSIONS } from '../../../contracts/roles.ts';
import { type Actor, areaPrefix, narrowScope, requireAnywhere, scopeOf } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { shanghaiDate } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { dbErrorOf, toIso } from '../../platform/db/rows.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { DISTRICT } from '../areas/index.ts';
import { elderAccounts, enrol, isEnrolled, monthOf } from '../care-credits/index.ts';
import { openAccounts, postTransfer } from '../ledger/index.ts';
import * as arepo from './eligibility.applications.repo.ts';
import { benefitAccount, programmeFund } from './eligibility.payments.ts';
import * as repo from './eligibility.repo.ts';
import { explanationView, factLabel } from './eligibility.rules.ts';
import { factsOf, loadParams, rulesOn, today } from './eligibility.service.ts';
import { type Explanation, explainRule, paramValueOn, rowOf } from './engine/index.ts';

/**
 * Applications and approval within delegated limits (R29, seed 003:47061–47077). A worker
 * applies for a resident from a worklist item, an alert or at the counter; the rule in force
 * decides whether the resident is entitled and to how much. Streets approve within their
 * delegation — 低保/低边/特困 and one-off aid up to the street limit (3,000 yuan "以下", the limit
 * itself included) — and the district approves the rest. Approval enrols the resident and, for
 * one-off aid, moves the money in the ledger, in one transaction with its audit row.
 */

type Level = 'street' | 'district';
const RANK: Record<Level, number> = { street: 1, district: 2 };

const who = (a: Actor) => ({ id: a.id, name: a.displayName });

/** The 重阳分 programme keeps its own enrolment list, which feeds the monthly grant (ADR 0009). */
const CHONGYANG = 'chongyang';
/** The parameter of the street's delegated limit for one-off aid (R29). */
const STREET_LIMIT_PARAM = 'street_approval_limit';

/**
 * The level at which the actor may approve in the area: the highest of their grants that carry
 * application.approve and cover it (a district code = district, a street code = street). A grant
 * on a single community approves nothing: delegation stops at the street (R29).
 */
export function approverLevelOf(actor: Actor, areaCode: string): Level | null {
  let best: Level | null = null;
  for (const g of actor.grants) {
    if (!ROLE_PERMISSIONS[g.role].includes('application.approve')) continue;
    const prefix = areaPrefix(g.areaCode);
    if (!areaCode.startsWith(prefix)) continue;
    const level: Level | null = prefix.length <= 6 ? 'district' : prefix.length === 9 ? 'street' : null;
    if (level && (!best || RANK[level] > RANK[best])) best = level;
  }
  return best;
}

/**
 * Who must approve: the district for a programme it keeps, or for one-off aid above the street's
 * limit on the day. Without a limit on the day nothing is delegated (before 2021-10-01).
 */
export function requiredLevel(
  programmeApprover: string,
  period: string | null,
  amount: number,
  limit: number | undefined,
): Level {
  if (programmeApprover === 'district') return 'district';
  if (period === 'once' && (limit === undefined || amount > limit)) return 'district';
  return 'street';
}

async function streetLimitOn(db: Db, on: string): Promise<number | undefined> {
  const p = (await loadParams(db)).find((x) => x.code === STREET_LIMIT_PARAM);
  return p ? paramValueOn(p, on) : undefined;
}

function levelError(
  programme: repo.ProgrammeRow,
  lang: Lang,
  amount: number,
  limit: number | undefined,
): AppError {
  if (programme.approver === 'district')
    return new AppError('APPLICATION_DISTRICT_ONLY', { programme: nameOf(programme, lang) });
  return new AppError('APPLICATION_ABOVE_LIMIT', {
    amount: formatYuan(amount),
    limit: formatYuan(limit ?? 0),
  });
}

const nameOf = (p: repo.ProgrammeRow, lang: Lang) => (lang === 'zh-CN' ? p.nameZh : p.nameEn);

function union(a: string[], b: string[]): string[] {
  const out: string[] = [];
  for (const p of [...a, ...b].sort((x, y) => x.length - y.length))
    if (!out.some((o) => p.startsWith(o))) out.push(p);
  return out;
}

const within = (scope: string[], areaCode: string) => scope.some((p) => areaCode.startsWith(p));

async function benefitProgramme(db: Db, code: string): Promise<repo.ProgrammeRow> {
  const p = await repo.findProgramme(db, code);
  // Triggers raise alerts for workers; nobody applies for one.
  if (p?.kind !== 'benefit') throw new AppError('PROGRAMME_NOT_FOUND', { code });
  return p;
}

interface Evaluation {
  x: Explanation;
  zh: ExplanationView;
  en: ExplanationView;
  period: string | null;
}

/** The rule in force on the day for one person, explained in both languages. */
async function evaluate(
  db: Db,
  programme: repo.ProgrammeRow,
  person: arepo.PersonBrief,
  on: string,
): Promise<Evaluation> {
  const [rule] = await rulesOn(db, on, [programme.code]);
  const table = await factsOf(db, on, { ids: [person.id] });
  if (!rule || table.size === 0) throw new AppError('PERSON_NOT_FOUND', { id: person.id });
  const x = explainRule(rule.rule, rowOf(table, 0), on);
  const meta = {
    programmeCode: programme.code,
    versionId: rule.version.id,
    version: rule.version.version,
    asOf: on,
    person: person.name,
  };
  const zh = explanationView(rule.rule, x, { ...meta, programmeName: programme.nameZh }, 'zh-CN');
  const en = explanationView(rule.rule, x, { ...meta, programmeName: programme.nameEn }, 'en');
  return { x, zh, en, period: zh.period };
}

/** Refuses an application the rule does not support, with the rule's own words. */
function requireEntitled(ev: Evaluation, programme: repo.ProgrammeRow, lang: Lang): void {
  const view = lang === 'zh-CN' ? ev.zh : ev.en;
  if (view.verdict === 'unknown') {
    const missing = ev.x.missing.map((m) => factLabel(m, lang));
    throw new AppError('APPLICATION_UNKNOWN_FACTS', {
      missing: missing.join(lang === 'zh-CN' ? '、' : ', '),
    });
  }
  if (view.verdict !== 'entitled')
    throw new AppError('APPLICATION_NOT_ENTITLED', {
      programme: nameOf(programme, lang),
      summary: view.summary,
    });
}

async function personInScope(db: Db, actor: Actor, personId: string): Promise<arepo.PersonBrief> {
  const scope = requireAnywhere(actor, 'application.submit');
  const p = await arepo.findPersonBrief(db, personId);
  if (!p || !within(scope, p.areaCode)) throw new AppError('PERSON_NOT_FOUND', { id: personId });
  return p;
}

async function refuseIfEnrolled(
  ctx: Ctx,
  actor: Actor,
  personId: string,
  programme: repo.ProgrammeRow,
  on: string,
  lang: Lang,
): Promise<void> {
  const e = await arepo.findEnrolmentOn(ctx.db, personId, programme.code, on);
  if (e)
    throw new AppError('APPLICATION_ALREADY_ENROLLED', {
      programme: nameOf(programme, lang),
      validFrom: String(e.validFrom).slice(0, 10),
    });
  if (programme.code !== CHONGYANG) return;
  const month = monthOf(on);
  if (!(await isEnrolled(ctx.db, personId, month))) return;
  // Enrolled on the 重阳分 list by hand (ADR 0009): name the month the enrolment began.
  const spans = (await elderAccounts(ctx, actor, personId)).enrolments;
  const span = spans.find((s) => s.fromMonth <= month && (!s.toMonth || s.toMonth >= month));
  throw new AppError('APPLICATION_ALREADY_ENROLLED', {
    programme: nameOf(programme, lang),
    validFrom: span?.fromMonth ?? month,
  });
}

// ── Views ──

function view(row: arepo.ApplicationListRow, actor: Actor, lang: Lang): ApplicationView {
  const areaCode = String(row.area_code).trim();
  const level = approverLevelOf(actor, areaCode);
  const required = row.approver_level as Level;
  return {
    id: row.id,
    personId: row.person_id,
    personName: row.person_name,
    idMasked: row.id_masked,
    areaCode,
    areaName: String(row.area_name),
    programmeCode: row.programme_code,
    programmeName: String((lang === 'zh-CN' ? row.programme_zh : row.programme_en) ?? row.programme_code),
    source: row.source as ApplicationView['source'],
    worklistItemId: row.worklist_item_id,
    status: row.status as ApplicationView['status'],
    ruleAmount: Number(row.rule_amount),
    amount: Number(row.amount),
    period: row.period,
    approverLevel: required,
    canDecide: row.status === 'submitted' && !!level && RANK[level] >= RANK[required],
    note: row.note,
    decisionNote: row.decision_note,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at ? toIso(row.decided_at) : null,
    enrolmentId: row.enrolment_id,
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
  };
}

function readScope(actor: Actor): string[] {
  const scope = union(scopeOf(actor, 'application.submit'), scopeOf(actor, 'application.approve'));
  if (scope.length === 0) throw new AppError('FORBIDDEN');
  return scope;
}

export async function listApplications(
  ctx: Ctx,
  actor: Actor,
  q: z.infer<typeof applicationsQuery>,
  lang: Lang,
) {
  const scope = narrowScope(readScope(actor), q.areaCode);
  const { rows, total } = await arepo.listApplications(
    ctx.db,
    scope,
    { programme: q.programme, status: q.status },
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  return {
    items: rows.map((r) => view(r, actor, lang)),
    total,
    totalIsLowerBound: total >= 2000,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function applicationDetail(ctx: Ctx, actor: Actor, id: string, lang: Lang) {
  const scope = readScope(actor);
  const row = await arepo.findApplicationView(ctx.db, id);
  if (!row || !within(scope, String(row.area_code))) throw new AppError('APPLICATION_NOT_FOUND', { id });
  const stored = row.explanation as { zh: ExplanationView; en: ExplanationView };
  return { application: view(row, actor, lang), explanation: lang === 'zh-CN' ? stored.zh : stored.en };
}

// ── Submitting ──

export async function createApplication(
  ctx: Ctx,
  actor: Actor,
  body: z.infer<typeof createApplicationBody>,
  lang: Lang,
) {
  const person = await personInScope(ctx.db, actor, body.personId);
  const programme = await benefitProgramme(ctx.db, body.programmeCode);
  const on = today(ctx.clock);
  const item = body.worklistItemId ? await repo.findItem(ctx.db, body.worklistItemId) : undefined;
  if (body.worklistItemId) {
    // The item must be this resident's (and so within the worker's area) and still open.
    if (!item || item.person_id !== person.id)
      throw new AppError('WORKLIST_ITEM_NOT_FOUND', { id: body.worklistItemId });
    if (item.status !== 'open' && item.status !== 'in_progress')
      throw new AppError('WORKLIST_ITEM_CLOSED', { status: String(item.status) });
  }
  const open = await arepo.findOpenApplication(ctx.db, person.id, programme.code);
  if (open)
    throw new AppError('APPLICATION_OPEN', {
      programme: nameOf(programme, lang),
      createdAt: shanghaiDate(new Date(open.createdAt)),
    });
  await refuseIfEnrolled(ctx, actor, person.id, programme, on, lang);
  const ev = await evaluate(ctx.db, programme, person, on);
  requireEntitled(ev, programme, lang);
  const ruleAmount = ev.x.amount;
  const amount = body.amount ?? ruleAmount;
  if (amount > ruleAmount)
    throw new AppError('APPLICATION_AMOUNT_ABOVE_RULE', {
      amount: formatYuan(amount),
      ruleAmount: formatYuan(ruleAmount),
    });
  const limit = await streetLimitOn(ctx.db, on);
  const approverLevel = requiredLevel(programme.approver, ev.period, amount, limit);
  const source = item ? (item.kind === 'alert' ? 'alert' : 'outreach') : body.source;
  const now = ctx.clock.now();
  const id = newId(now.getTime());
  await ctx.db.transaction(async (tx) => {
    try {
      await arepo.insertApplication(tx, {
        personId: person.id,
        id,
        programmeCode: programme.code,
        areaCode: person.areaCode,
        source,
        worklistItemId: item ? String(item.id) : null,
        status: 'submitted',
        ruleAmount,
        amount,
        period: ev.period,
        approverLevel,
        explanation: { zh: ev.zh, en: ev.en },
        note: body.note ?? null,
        createdBy: actor.displayName,
        createdAt: now,
        updatedAt: now,
      });
    } catch (err) {
      // A concurrent application for the same resident and programme committed first.
      if (dbErrorOf(err)?.code === '23505')
        throw new AppError('APPLICATION_OPEN', {
          programme: nameOf(programme, lang),
          createdAt: on,
        });
      throw err;
    }
    if (item)
      await repo.updateItem(tx, person.id, String(item.id), {
        status: 'in_progress',
        assignedTo: actor.displayName,
        updatedAt: now,
        closedAt: null,
      });
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'application.submit',
      entityType: 'application',
      entityId: id,
      areaCode: person.areaCode,
      after: {
        personId: person.id,
        programme: programme.code,
        source,
        worklistItemId: item ? String(item.id) : null,
        ruleAmount,
        amount,
        period: ev.period,
        approverLevel,
        versionId: ev.zh.versionId,
      },
      reason: body.note ?? null,
    });
  });
  return applicationDetail(ctx, actor, id, lang);
}

// ── Deciding ──

async function closeItem(
  db: Db,
  itemId: string | null,
  personId: string,
  result: string,
  actor: Actor,
  now: Date,
): Promise<void> {
  if (!itemId) return;
  const item = await repo.findItem(db, itemId);
  // A worker may have closed it meanwhile; a closed item keeps its own result.
  if (!item || (item.status !== 'open' && item.status !== 'in_progress')) return;
  await repo.updateItem(db, personId, itemId, {
    status: 'done',
    result,
    assignedTo: actor.displayName,
    updatedAt: now,
    closedAt: now,
  });
}

/**
 * Approves or rejects. Refusals (outside the delegation, decided already, no longer entitled,
 * amount raised) change nothing: every write is in the one transaction they abort.
 */
export async function decideApplication(
  ctx: Ctx,
  actor: Actor,
  id: string,
  body: z.infer<typeof decideBody>,
  lang: Lang,
) {
  const scope = requireAnywhere(actor, 'application.approve');
  const on = today(ctx.clock);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const app = await arepo.findApplicationRow(tx, id, true);
    const areaCode = app?.areaCode.trim() ?? '';
    if (!app || !within(scope, areaCode)) {
      if (app && within(readScope(actor), areaCode)) throw new AppError('FORBIDDEN');
      throw new AppError('APPLICATION_NOT_FOUND', { id });
    }
    const level = approverLevelOf(actor, areaCode);
    if (!level) throw new AppError('FORBIDDEN');
    if (app.status !== 'submitted') throw new AppError('APPLICATION_DECIDED', { status: app.status });
    const programme = await benefitProgramme(tx, app.programmeCode);
    const limit = await streetLimitOn(tx, on);
    if (RANK[level] < RANK[app.approverLevel as Level]) throw levelError(programme, lang, app.amount, limit);

    if (body.decision === 'reject') {
      await arepo.updateApplication(tx, app.personId, id, {
        status: 'rejected',
        decisionNote: body.note,
        decidedBy: actor.displayName,
        decidedAt: now,
        updatedAt: now,
      });
      await closeItem(tx, app.worklistItemId, app.personId, `申请未获批准：${body.note}`, actor, now);
      await recordAudit(tx, ctx.clock, who(actor), {
        action: 'application.reject',
        entityType: 'application',
        entityId: id,
        areaCode,
        before: { status: 'submitted' },
        after: { status: 'rejected', level },
        reason: body.note,
      });
      return;
    }

    // The facts may have changed since the application: the rule decides again on the day.
    const person = await arepo.findPersonBrief(tx, app.personId);
    if (!person) throw new AppError('PERSON_NOT_FOUND', { id: app.personId });
    const ev = await evaluate(tx, programme, person, on);
    requireEntitled(ev, programme, lang);
    const ruleAmount = ev.x.amount;
    // What was asked for caps the approval; asked for in full, the rule's amount on the day.
    const cap = app.amount >= app.ruleAmount ? ruleAmount : Math.min(app.amount, ruleAmount);
    const amount = body.amount ?? cap;
    if (amount > cap)
      throw new AppError('APPLICATION_AMOUNT_ABOVE_RULE', {
        amount: formatYuan(amount),
        ruleAmount: formatYuan(cap),
      });
    const required = requiredLevel(programme.approver, ev.period, amount, limit);
    const approverLevel = RANK[required] > RANK[app.approverLevel as Level] ? required : app.approverLevel;
    if (RANK[level] < RANK[approverLevel as Level]) throw levelError(programme, lang, amount, limit);

    const enrolmentId = newId(now.getTime());
    const once = ev.period === 'once';
    await repo.insertEnrolments(tx, [
      {
        personId: person.id,
        id: enrolmentId,
        programmeCode: programme.code,
        areaCode: person.areaCode,
        validFrom: on,
        // A one-off benefit is received on the day it is paid.
        // A one-off grant counts as received for a year: screening does not offer it again, and a
        // second application within the year is refused as already enrolled.
        validTo: once
          ? new Date(Date.parse(`${on}T00:00:00Z`) + 364 * 86_400_000).toISOString().slice(0, 10)
          : null,
        amount,
        source: `application:${id}`,
        createdBy: actor.displayName,
        createdAt: now,
      },
    ]);
    if (programme.code === CHONGYANG)
      // The 重阳分 list feeds the monthly grant batch (ADR 0009); its own checks (age, death,
      // overlapping months) and audit row run inside this transaction.
      await enrol({ ...ctx, db: tx }, actor, {
        personId: person.id,
        fromMonth: monthOf(on),
        reason: `申请获批（${id}）`,
      });
    let transferId: string | null = null;
    if (once && amount > 0) {
      const [fund, account] = await openAccounts(tx, ctx.clock, [
        programmeFund(programme.code),
        benefitAccount(person.id, person.areaCode),
      ]);
      const { transfer } = await postTransfer(tx, ctx.clock, {
        key: `application.grant:${id}`,
        debitAccountId: fund!.id,
        creditAccountId: account!.id,
        amount,
        unit: 'fen',
        code: `${programme.code}.grant`,
        refType: 'application',
        refId: id,
        memo: programme.nameZh,
        actorId: actor.id,
      });
      transferId = transfer.id;
    }
    await arepo.updateApplication(tx, person.id, id, {
      status: 'enrolled',
      ruleAmount,
      amount,
      period: ev.period,
      approverLevel,
      explanation: { zh: ev.zh, en: ev.en },
      decisionNote: body.note,
      decidedBy: actor.displayName,
      decidedAt: now,
      enrolmentId,
      transferId,
      updatedAt: now,
    });
    await closeItem(tx, app.worklistItemId, person.id, '已申请并获批', actor, now);
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'application.approve',
      entityType: 'application',
      entityId: id,
      areaCode: person.areaCode,
      before: { status: 'submitted', amount: app.amount, ruleAmount: app.ruleAmount },
      after: {
        status: 'enrolled',
        level,
        amount,
        ruleAmount,
        period: ev.period,
        enrolmentId,
        transferId,
        versionId: ev.zh.versionId,
      },
      reason: body.note,
    });
    // Other outreach items for this programme are answered by the enrolment (a walk-in while
    // one was open): resolved as a screening would resolve them (ADR 0019).
    const answered = (await repo.openItems(tx, areaPrefix(DISTRICT.code), [programme.code], [person.id]))
      .filter((i) => i.kind === 'outreach')
      .map((i) => i.id);
    await repo.resolveItems(tx, answered, now, '已申请并获批');
  });
  return applicationDetail(ctx, actor, id, lang);
}
