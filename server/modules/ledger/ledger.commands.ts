import { PROGRAMME_LABELS } from '../../../contracts/api/ledger.ts';
import type { Unit } from '../../../contracts/money.ts';
import { type Actor, narrowScope, requireAnywhere, requireIn } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { orgNames } from '../orgs/index.ts';
import { findPersonNames } from '../registry/index.ts';
import type { Account, OwnerType, Transfer } from './ledger.repo.ts';
import * as repo from './ledger.repo.ts';
import { accountEntries, checkLedger, getTransfer, postTransfer, reverseTransfer } from './ledger.service.ts';

/**
 * The ledger as people use it: accounts and statements within the actor's area, manual
 * adjustments and reversals by district staff with a reason and an audit row.
 */

const who = (a: Actor) => ({ id: a.id, name: a.username });

async function ownerNames(ctx: Ctx, accounts: Account[]): Promise<Map<string, string>> {
  const persons = accounts.filter((a) => a.ownerType === 'person').map((a) => a.ownerId);
  const orgs = accounts.filter((a) => a.ownerType === 'org').map((a) => a.ownerId);
  const [pn, on] = await Promise.all([
    findPersonNames(ctx.db, [...new Set(persons)]),
    orgNames(ctx, [...new Set(orgs)]),
  ]);
  const out = new Map<string, string>();
  for (const a of accounts) {
    const name =
      a.ownerType === 'person'
        ? pn.get(a.ownerId)?.name
        : a.ownerType === 'org'
          ? on.get(a.ownerId)
          : a.ownerType === 'programme'
            ? PROGRAMME_LABELS[a.ownerId]?.['zh-CN']
            : '上城区';
    out.set(a.id, name ?? a.ownerId);
  }
  return out;
}

function view(a: Account, names: Map<string, string>) {
  return {
    id: a.id,
    ownerType: a.ownerType,
    ownerId: a.ownerId,
    ownerName: names.get(a.id) ?? a.ownerId,
    unit: a.unit,
    kind: a.kind,
    areaCode: a.areaCode,
    allowNegative: a.allowNegative,
    balance: a.balance,
    available: a.available,
    held: a.debitsPending,
    seq: a.seq,
    closedAt: a.closedAt,
  };
}

export function transferView(t: Transfer) {
  return {
    id: t.id,
    idempotencyKey: t.idempotencyKey,
    debitAccountId: t.debitAccountId,
    creditAccountId: t.creditAccountId,
    amount: t.amount,
    unit: t.unit,
    flag: t.flag,
    code: t.code,
    pendingId: t.pendingId,
    reversalOf: t.reversalOf,
    expiresAt: t.expiresAt,
    refType: t.refType,
    refId: t.refId,
    memo: t.memo,
    at: t.at,
  };
}

/** Accounts are seen where their area is in the actor's scope (programme funds: district level). */
async function scopedAccount(ctx: Ctx, actor: Actor, id: string): Promise<Account> {
  const scope = requireAnywhere(actor, 'ledger.read');
  const a = await repo.findAccountById(ctx.db, id);
  if (!a || !scope.some((p) => a.areaCode.startsWith(p))) throw new AppError('LEDGER_ACCOUNT_NOT_FOUND');
  return a;
}

export async function listAccounts(
  ctx: Ctx,
  actor: Actor,
  q: {
    ownerType?: OwnerType;
    ownerId?: string;
    kind?: string;
    area?: string;
    page: number;
    pageSize: number;
  },
) {
  const scope = narrowScope(requireAnywhere(actor, 'ledger.read'), q.area);
  const { rows, total } = await repo.searchAccounts(ctx.db, {
    scope,
    ownerType: q.ownerType,
    ownerId: q.ownerId,
    kind: q.kind,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  const names = await ownerNames(ctx, rows);
  return {
    items: rows.map((a) => view(a, names)),
    total,
    totalIsLowerBound: false,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function listEntries(
  ctx: Ctx,
  actor: Actor,
  accountId: string,
  q: { limit: number; beforeSeq?: number },
) {
  const account = await scopedAccount(ctx, actor, accountId);
  const entries = await accountEntries(ctx.db, accountId, q);
  const others = await repo.findAccountsByIds(ctx.db, [
    ...new Set(
      entries.map((e) => (e.direction === 'debit' ? e.transfer.creditAccountId : e.transfer.debitAccountId)),
    ),
  ]);
  const names = await ownerNames(ctx, [account, ...others]);
  return {
    account: view(account, names),
    entries: entries.map((e) => {
      const other = e.direction === 'debit' ? e.transfer.creditAccountId : e.transfer.debitAccountId;
      return {
        seq: e.seq,
        direction: e.direction,
        delta: e.delta,
        balance: e.balance,
        counterpartyId: other,
        counterpartyName: names.get(other) ?? other,
        transfer: transferView(e.transfer),
      };
    }),
  };
}

export async function adjust(
  ctx: Ctx,
  actor: Actor,
  body: {
    key: string;
    debitAccountId: string;
    creditAccountId: string;
    amount: number;
    unit: Unit;
    reason: string;
  },
) {
  requireIn(actor, 'ledger.adjust', '330102000000');
  return ctx.db.transaction(async (tx) => {
    const r = await postTransfer(tx, ctx.clock, {
      key: `ledger.adjust:${body.key}`,
      debitAccountId: body.debitAccountId,
      creditAccountId: body.creditAccountId,
      amount: body.amount,
      unit: body.unit,
      code: 'ledger.adjust',
      memo: body.reason,
      actorId: actor.id,
    });
    if (!r.replayed)
      await recordAudit(tx, ctx.clock, who(actor), {
        action: 'ledger.adjust',
        entityType: 'ledger_transfer',
        entityId: r.transfer.id,
        areaCode: '330102000000',
        after: transferView(r.transfer),
        reason: body.reason,
      });
    return { transfer: transferView(r.transfer), replayed: r.replayed };
  });
}

export async function reverse(
  ctx: Ctx,
  actor: Actor,
  transferId: string,
  body: { key: string; reason: string },
) {
  requireIn(actor, 'ledger.adjust', '330102000000');
  return ctx.db.transaction(async (tx) => {
    const original = await getTransfer(tx, transferId);
    const r = await reverseTransfer(tx, ctx.clock, {
      key: `ledger.reverse:${body.key}`,
      transferId,
      code: `${original.code}.reversal`,
      memo: body.reason,
      actorId: actor.id,
    });
    if (!r.replayed)
      await recordAudit(tx, ctx.clock, who(actor), {
        action: 'ledger.reverse',
        entityType: 'ledger_transfer',
        entityId: r.transfer.id,
        areaCode: '330102000000',
        before: transferView(original),
        after: transferView(r.transfer),
        reason: body.reason,
      });
    return { transfer: transferView(r.transfer), replayed: r.replayed };
  });
}

export async function runLedgerCheck(ctx: Ctx, actor: Actor) {
  requireIn(actor, 'ledger.adjust', '330102000000');
  return checkLedger(ctx.db);
}
