import { TRANSFER_CODE_LABELS } from '../../../contracts/api/ledger.ts';
import type {
  Reconciliation,
  StatementLineView,
  StatementStatus,
  StatementView,
} from '../../../contracts/api/settlement.ts';
import { type Actor, areaPrefix } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { areaNameMap } from '../areas/index.ts';
import { type Account, findAccount, openAccount, postTransfer } from '../ledger/index.ts';
import { orgNames } from '../orgs/index.ts';
import { findPersonNames } from '../registry/index.ts';
import {
  approverVisibility,
  isEmpty,
  notFound,
  readerVisibility,
  requireDistrictApprover,
} from './settlement.policy.ts';
import * as repo from './settlement.repo.ts';
import {
  buildLine,
  isMonthEnded,
  monthWindow,
  payoutAmount,
  type StatementTotals,
  summarise,
} from './settlement.rules.ts';

/**
 * Monthly provider settlement (ADR 0012): a statement per provider and month drawn from the
 * posted movements of its receivable, approved by district staff after a check against the
 * ledger, paid by one transfer to the district's payout account, reconciled to the fen.
 */

/** District 330102: it settles with providers and owns the payout account (ADR 0008). */
export const DISTRICT_AREA = '330102000000';
const PAYOUT_ACCOUNT = {
  ownerType: 'district',
  ownerId: '330102',
  unit: 'fen',
  kind: 'payout',
  areaCode: DISTRICT_AREA,
} as const;

const who = (a: Actor) => ({ id: a.id, name: a.username });
const codeLabel = (code: string) => TRANSFER_CODE_LABELS[code]?.['zh-CN'] ?? code;
const totalsOf = (s: StatementTotals): StatementTotals => ({
  ordersCount: s.ordersCount,
  ordersCreditsFen: s.ordersCreditsFen,
  ordersCopayFen: s.ordersCopayFen,
  mealsCount: s.mealsCount,
  mealsSubsidyFen: s.mealsSubsidyFen,
  mealsPaidFen: s.mealsPaidFen,
  adjustmentsFen: s.adjustmentsFen,
  totalFen: s.totalFen,
});

async function present(ctx: Ctx, rows: repo.StatementRow[]): Promise<StatementView[]> {
  const areas = rows.length ? await areaNameMap(ctx.db) : new Map();
  return rows.map((s) => ({
    id: s.id,
    orgId: s.orgId,
    orgName: s.orgName,
    orgCreditCode: s.orgCreditCode,
    areaCode: s.areaCode,
    areaName: areas.get(s.areaCode)?.name ?? s.areaCode,
    month: s.month,
    status: s.status,
    ...totalsOf(s),
    lineCount: s.lineCount,
    computedAt: s.computedAt,
    approvedBy: s.approvedBy,
    approvedByName: s.approvedByName,
    approvedAt: s.approvedAt,
    payoutTransferId: s.payoutTransferId,
    paidAt: s.paidAt,
    version: s.version,
  }));
}

const presentLine = (l: repo.LineRow): StatementLineView => ({ ...l });

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

export async function listStatements(
  ctx: Ctx,
  actor: Actor,
  q: {
    month?: string;
    org?: string;
    status?: StatementStatus;
    area?: string;
    page: number;
    pageSize: number;
  },
) {
  const visibility = await readerVisibility(ctx.db, actor);
  // The area filter is ANDed with what the reader may see: it narrows, never widens.
  const { rows, total } = isEmpty(visibility)
    ? { rows: [], total: 0 }
    : await repo.searchStatements(
        ctx.db,
        {
          visibility,
          month: q.month,
          orgId: q.org,
          status: q.status,
          areas: q.area ? [areaPrefix(q.area.padEnd(12, '0'))] : undefined,
        },
        { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
      );
  return {
    items: await present(ctx, rows),
    total,
    totalIsLowerBound: false,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getStatement(
  ctx: Ctx,
  actor: Actor,
  id: string,
  page: { page: number; pageSize: number } = { page: 1, pageSize: 100 },
) {
  const row = await repo.findStatement(ctx.db, await readerVisibility(ctx.db, actor), id);
  if (!row) throw notFound();
  const items = await repo.findLines(ctx.db, id, {
    limit: page.pageSize,
    offset: (page.page - 1) * page.pageSize,
  });
  const [statement] = await present(ctx, [row]);
  return {
    statement: statement!,
    lines: {
      items: items.map(presentLine),
      total: row.lineCount,
      totalIsLowerBound: false,
      page: page.page,
      pageSize: page.pageSize,
    },
  };
}

/** A statement with all its lines, for the spreadsheet. */
export async function statementForExport(ctx: Ctx, actor: Actor, id: string) {
  const row = await repo.findStatement(ctx.db, await readerVisibility(ctx.db, actor), id);
  if (!row) throw notFound();
  const [statement] = await present(ctx, [row]);
  return { statement: statement!, lines: (await repo.findLines(ctx.db, id)).map(presentLine) };
}

/** Every statement of a month the actor may see, one per provider. */
export async function monthForExport(ctx: Ctx, actor: Actor, month: string) {
  const visibility = await readerVisibility(ctx.db, actor);
  const rows = isEmpty(visibility) ? [] : await repo.allStatements(ctx.db, { visibility, month });
  return { month, statements: await present(ctx, rows) };
}

// ---------------------------------------------------------------------------------------------
// Drawing up
// ---------------------------------------------------------------------------------------------

/** Replaces a draft's lines with the month's movements as the ledger has them now. */
async function compute(
  ctx: Ctx,
  tx: Db,
  s: { id: string; orgId: string; month: string },
): Promise<{ totals: StatementTotals; lineCount: number }> {
  const { from, to } = monthWindow(s.month);
  const at = ctx.clock.now();
  const movements = await repo.findMovements(tx, s.orgId, from, to);
  const personIds = [
    ...new Set(
      movements.flatMap((m) => [m.order?.personId, m.meal?.personId]).filter((x): x is string => !!x),
    ),
  ];
  const persons = await findPersonNames(tx, personIds);
  const names = new Map([...persons].map(([id, p]) => [id, p.name]));
  const lines = movements.map((m) => ({ id: newId(at.getTime()), ...buildLine(m, names, codeLabel) }));
  const totals = summarise(lines);
  await repo.deleteLines(tx, s.id);
  await repo.insertLines(tx, s.id, lines);
  await repo.updateStatementTotals(tx, s.id, totals, at);
  return { totals, lineCount: lines.length };
}

export interface Balance {
  ok: boolean;
  ledgerNetFen: number;
  ledgerCount: number;
  linesTotalFen: number;
  unlisted: number;
}

/**
 * Does the statement still say what the ledger says? Checked on a separate path from the one
 * that built it: the ledger's sums for the window, the lines' own sum, and no movement unlisted.
 * Equal counts and nothing unlisted mean the same set of transfers (lines are unique per transfer).
 */
async function balanceOf(tx: Db, s: repo.StatementRow): Promise<Balance> {
  const { from, to } = monthWindow(s.month);
  const sums = (await repo.ledgerSumsByOrg(tx, from, to, [s.orgId])).get(s.orgId);
  const lines = (await repo.lineSums(tx, [s.id])).get(s.id) ?? { sum: 0, n: 0 };
  const ledgerNetFen = (sums?.creditsFen ?? 0) - (sums?.debitsFen ?? 0);
  const ledgerCount = sums?.count ?? 0;
  const unlisted = await repo.countUnlisted(tx, s.id, s.orgId, from, to);
  return {
    ok: ledgerNetFen === s.totalFen && lines.sum === s.totalFen && ledgerCount === lines.n && unlisted === 0,
    ledgerNetFen,
    ledgerCount,
    linesTotalFen: lines.sum,
    unlisted,
  };
}

function requireEnded(ctx: Ctx, month: string) {
  if (!isMonthEnded(month, ctx.clock.now())) throw new AppError('STATEMENT_MONTH_OPEN', { month });
}

/**
 * Draws up the month's drafts: for every provider in the actor's area with posted movements on
 * its receivable in the month, or for one provider (then even a month without movements gets a
 * draft, showing ¥0.00). A draft that already matches the ledger is left alone; approved and
 * paid statements are frozen. Each provider is its own transaction, so a rerun picks up where a
 * failed run stopped.
 */
export async function generateStatements(ctx: Ctx, actor: Actor, input: { month: string; orgId?: string }) {
  const vis = approverVisibility(actor);
  requireEnded(ctx, input.month);
  const { from, to } = monthWindow(input.month);
  let orgs: { id: string; areaCode: string }[];
  if (input.orgId) {
    orgs = await repo.orgsInAreas(ctx.db, [input.orgId], vis.areas);
    if (!orgs.length) throw new AppError('ORG_NOT_FOUND');
  } else {
    const moved = await repo.ledgerSumsByOrg(ctx.db, from, to);
    orgs = await repo.orgsInAreas(ctx.db, [...moved.keys()], vis.areas);
  }
  const out = {
    month: input.month,
    created: 0,
    refreshed: 0,
    unchanged: 0,
    frozen: 0,
    statementIds: [] as string[],
  };
  for (const org of orgs) {
    const outcome = await ctx.db.transaction(async (tx) => {
      let s = await repo.lockStatementOf(tx, org.id, input.month);
      const newIdValue = newId(ctx.clock.now().getTime());
      if (!s) {
        await repo.insertDraft(tx, {
          id: newIdValue,
          orgId: org.id,
          month: input.month,
          at: ctx.clock.now(),
        });
        s = await repo.lockStatementOf(tx, org.id, input.month);
      }
      if (!s) throw new AppError('INTERNAL');
      const created = s.id === newIdValue;
      if (s.status !== 'draft') return { id: s.id, outcome: 'frozen' as const };
      if (!created && (await balanceOf(tx, s)).ok) return { id: s.id, outcome: 'unchanged' as const };
      const { totals, lineCount } = await compute(ctx, tx, s);
      await recordAudit(tx, ctx.clock, who(actor), {
        action: created ? 'settlement.statement.create' : 'settlement.statement.recompute',
        entityType: 'settlement_statement',
        entityId: s.id,
        areaCode: org.areaCode,
        before: created ? null : { ...totalsOf(s), lineCount: s.lineCount },
        after: { orgId: org.id, month: input.month, ...totals, lineCount },
      });
      return { id: s.id, outcome: created ? ('created' as const) : ('refreshed' as const) };
    });
    out[outcome.outcome]++;
    out.statementIds.push(outcome.id);
  }
  return out;
}

/** Rebuilds a draft from the ledger (after a late refund, or to refresh descriptions). */
export async function recomputeStatement(ctx: Ctx, actor: Actor, id: string) {
  const vis = approverVisibility(actor);
  await ctx.db.transaction(async (tx) => {
    const s = await repo.findStatement(tx, vis, id, true);
    if (!s) throw notFound();
    if (s.status !== 'draft')
      throw new AppError('STATEMENT_STATE_INVALID', { status: s.status, action: 'recomputed' });
    const { totals, lineCount } = await compute(ctx, tx, s);
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'settlement.statement.recompute',
      entityType: 'settlement_statement',
      entityId: s.id,
      areaCode: s.areaCode,
      before: { ...totalsOf(s), lineCount: s.lineCount },
      after: { ...totals, lineCount },
    });
  });
  return getStatement(ctx, actor, id);
}

// ---------------------------------------------------------------------------------------------
// Approving and paying
// ---------------------------------------------------------------------------------------------

/**
 * District staff approve a draft. The statement is checked against the ledger first: a movement
 * posted into the month after the draft was computed (a transfer stamped before midnight that
 * committed after it, a late refund) makes it STATEMENT_OUT_OF_BALANCE until recomputed.
 */
export async function approveStatement(ctx: Ctx, actor: Actor, id: string, version: number) {
  const vis = approverVisibility(actor);
  await ctx.db.transaction(async (tx) => {
    const s = await repo.findStatement(tx, vis, id, true);
    if (!s) throw notFound();
    if (s.status !== 'draft')
      throw new AppError('STATEMENT_STATE_INVALID', { status: s.status, action: 'approved' });
    if (s.version !== version) throw new AppError('VERSION_CONFLICT');
    const balance = await balanceOf(tx, s);
    if (!balance.ok)
      throw new AppError('STATEMENT_OUT_OF_BALANCE', {
        statement: s.totalFen,
        ledger: balance.ledgerNetFen,
        unit: 'fen',
      });
    const at = ctx.clock.now();
    await repo.markApproved(tx, s.id, actor.id, at);
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'settlement.statement.approve',
      entityType: 'settlement_statement',
      entityId: s.id,
      areaCode: s.areaCode,
      before: { status: s.status, version: s.version },
      after: {
        status: 'approved',
        totalFen: s.totalFen,
        lineCount: s.lineCount,
        ledgerNetFen: balance.ledgerNetFen,
      },
    });
  });
  return getStatement(ctx, actor, id);
}

/**
 * Pays an approved statement: one transfer from the provider's receivable to the district's
 * payout account (key settlement.payout:<id>). Approved statements of the same provider whose
 * total is zero or negative are offset in the same payout and marked paid with it (ADR 0012).
 * Paying a paid statement again answers it as it is: one statement, one payout.
 */
export async function payStatement(ctx: Ctx, actor: Actor, id: string, version: number) {
  const vis = approverVisibility(actor);
  await ctx.db.transaction(async (tx) => {
    const s = await repo.findStatement(tx, vis, id, true);
    if (!s) throw notFound();
    if (s.status === 'paid') return;
    if (s.status !== 'approved')
      throw new AppError('STATEMENT_STATE_INVALID', { status: s.status, action: 'paid' });
    if (s.version !== version) throw new AppError('VERSION_CONFLICT');
    if (s.totalFen <= 0) throw new AppError('STATEMENT_NOT_PAYABLE', { amount: s.totalFen, unit: 'fen' });
    const offsets = await repo.lockOffsets(tx, s.orgId, s.id);
    const amount = payoutAmount(s.totalFen, offsets);
    if (amount <= 0) throw new AppError('STATEMENT_NOT_PAYABLE', { amount, unit: 'fen' });
    const receivable = await findAccount(tx, {
      ownerType: 'org',
      ownerId: s.orgId,
      unit: 'fen',
      kind: 'receivable',
    });
    if (!receivable) throw new AppError('LEDGER_ACCOUNT_NOT_FOUND', { account: `org/${s.orgId}/receivable` });
    const payouts: Account = await openAccount(tx, ctx.clock, { ...PAYOUT_ACCOUNT });
    const months = [s.month, ...offsets.map((o) => o.month)].join(', ');
    const { transfer } = await postTransfer(tx, ctx.clock, {
      key: `settlement.payout:${s.id}`,
      debitAccountId: receivable.id,
      creditAccountId: payouts.id,
      amount,
      unit: 'fen',
      code: 'settlement.payout',
      refType: 'settlement_statement',
      refId: s.id,
      memo: `${s.orgName} ${months}`,
      actorId: actor.id,
    });
    const at = ctx.clock.now();
    await repo.markPaid(tx, [s.id, ...offsets.map((o) => o.id)], transfer.id, at);
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'settlement.statement.pay',
      entityType: 'settlement_statement',
      entityId: s.id,
      areaCode: s.areaCode,
      before: { status: s.status, version: s.version },
      after: {
        status: 'paid',
        amountFen: amount,
        totalFen: s.totalFen,
        transferId: transfer.id,
        offsets: offsets.map((o) => ({ id: o.id, month: o.month, totalFen: o.totalFen })),
      },
    });
    for (const o of offsets)
      await recordAudit(tx, ctx.clock, who(actor), {
        action: 'settlement.statement.offset',
        entityType: 'settlement_statement',
        entityId: o.id,
        areaCode: o.areaCode,
        before: { status: o.status, version: o.version },
        after: { status: 'paid', totalFen: o.totalFen, transferId: transfer.id, offsetAgainst: s.id },
      });
  });
  return getStatement(ctx, actor, id);
}

// ---------------------------------------------------------------------------------------------
// Reconciliation
// ---------------------------------------------------------------------------------------------

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Proves the month's statements equal the ledger to the fen, each side computed on its own path:
 * per provider (statement header, its lines, and the ledger's sums over the window), district
 * wide (all statements = receivable credits − debits, payouts excluded), and every payout
 * (statements it paid = the transfer's amount, and the transfer is the right shape).
 */
export async function reconcile(ctx: Ctx, actor: Actor, input: { month: string }): Promise<Reconciliation> {
  requireDistrictApprover(actor, DISTRICT_AREA);
  const { from, to } = monthWindow(input.month);
  const statements = await repo.allStatements(ctx.db, {
    visibility: { areas: ['330102'], orgIds: [] },
    month: input.month,
  });
  const lines = await repo.lineSums(
    ctx.db,
    statements.map((s) => s.id),
  );
  const ledger = await repo.ledgerSumsByOrg(ctx.db, from, to);
  const byOrg = new Map(statements.map((s) => [s.orgId, s]));
  const orgIds = [...new Set([...byOrg.keys(), ...ledger.keys()])];
  const names = await orgNames(
    ctx,
    orgIds.filter((id) => UUID.test(id)),
  );

  const orgs = orgIds.map((orgId) => {
    const s = byOrg.get(orgId);
    const l = ledger.get(orgId) ?? { creditsFen: 0, debitsFen: 0, count: 0 };
    const ls = s ? (lines.get(s.id) ?? { sum: 0, n: 0 }) : null;
    const ledgerNetFen = l.creditsFen - l.debitsFen;
    const differenceFen = (s?.totalFen ?? 0) - ledgerNetFen;
    return {
      orgId,
      orgName: s?.orgName ?? names.get(orgId) ?? orgId,
      statementId: s?.id ?? null,
      status: s?.status ?? null,
      statementTotalFen: s?.totalFen ?? null,
      linesTotalFen: ls?.sum ?? null,
      lineCount: ls?.n ?? 0,
      ledgerCreditsFen: l.creditsFen,
      ledgerDebitsFen: l.debitsFen,
      ledgerNetFen,
      ledgerCount: l.count,
      differenceFen,
      ok: !!s && differenceFen === 0 && ls!.sum === s.totalFen && ls!.n === l.count,
    };
  });
  orgs.sort((a, b) => Number(a.ok) - Number(b.ok) || a.orgName.localeCompare(b.orgName, 'zh-CN'));

  const statementsTotalFen = statements.reduce((n, s) => n + s.totalFen, 0);
  const ledgerCreditsFen = [...ledger.values()].reduce((n, l) => n + l.creditsFen, 0);
  const ledgerDebitsFen = [...ledger.values()].reduce((n, l) => n + l.debitsFen, 0);
  const orgsWithoutStatement = orgs.filter((o) => !o.statementId).length;
  const districtDifference = statementsTotalFen - (ledgerCreditsFen - ledgerDebitsFen);

  // Payouts: each transfer against every statement it paid.
  const checks = await repo.payoutChecks(ctx.db, input.month);
  const byTransfer = new Map<string, repo.PayoutCheckRow[]>();
  const payouts: Reconciliation['payouts'] = [];
  const nameOf = (orgId: string) => byOrg.get(orgId)?.orgName ?? names.get(orgId) ?? orgId;
  for (const c of checks) {
    if (!c.payoutTransferId) {
      payouts.push({
        transferId: null,
        orgId: c.orgId,
        orgName: nameOf(c.orgId),
        statementIds: [c.statementId],
        statementsTotalFen: c.totalFen,
        transferAmountFen: null,
        differenceFen: c.totalFen,
        ok: false,
      });
      continue;
    }
    byTransfer.set(c.payoutTransferId, [...(byTransfer.get(c.payoutTransferId) ?? []), c]);
  }
  for (const [transferId, group] of byTransfer) {
    const statementsTotal = group.reduce((n, c) => n + c.totalFen, 0);
    const amount = group[0]!.transferAmount;
    const differenceFen = statementsTotal - (amount ?? 0);
    payouts.push({
      transferId,
      orgId: group[0]!.orgId,
      orgName: nameOf(group[0]!.orgId),
      statementIds: group.map((c) => c.statementId),
      statementsTotalFen: statementsTotal,
      transferAmountFen: amount,
      differenceFen,
      ok:
        amount !== null &&
        differenceFen === 0 &&
        group.every((c) => c.transferShapeOk && c.status === 'paid' && c.orgId === group[0]!.orgId),
    });
  }
  for (const o of await repo.orphanPayouts(ctx.db, input.month))
    payouts.push({
      transferId: o.transferId,
      orgId: o.orgId,
      orgName: nameOf(o.orgId),
      statementIds: [],
      statementsTotalFen: 0,
      transferAmountFen: o.amount,
      differenceFen: -o.amount,
      ok: false,
    });

  const district = {
    statementsTotalFen,
    ledgerCreditsFen,
    ledgerDebitsFen,
    ledgerNetFen: ledgerCreditsFen - ledgerDebitsFen,
    differenceFen: districtDifference,
    orgsWithoutStatement,
    ok: districtDifference === 0 && orgsWithoutStatement === 0,
  };
  return {
    month: input.month,
    at: ctx.clock.now().toISOString(),
    ok: district.ok && orgs.every((o) => o.ok) && payouts.every((p) => p.ok),
    orgs,
    district,
    payouts,
  };
}
