import { parseCreditCode } from '../../../contracts/credit-code.ts';
import type { OrgKind } from '../../../contracts/domain.ts';
import type { FieldIssue } from '../../../contracts/errors.ts';
import { type Actor, narrowScope, requireAnywhere, requireIn } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import type { Ctx } from '../../platform/context.ts';
import { toDateOrNull } from '../../platform/db/rows.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { areaNameMap, requireOpenArea } from '../areas/index.ts';
import { checkPhone } from '../registry/index.ts';
import * as repo from './orgs.repo.ts';

const who = (a: Actor) => ({ id: a.id, name: a.username });

export async function presentOrgs(ctx: Ctx, rows: repo.OrgRow[]) {
  const areas = await areaNameMap(ctx.db);
  return rows.map((o) => ({
    id: o.id,
    name: o.name,
    kind: o.kind as OrgKind,
    creditCode: o.creditCode,
    areaCode: o.areaCode,
    areaName: areas.get(o.areaCode)?.name ?? o.areaCode,
    address: o.address,
    contactName: o.contactName,
    contactPhone: o.contactPhone,
    closedOn: toDateOrNull(o.closedOn),
    version: o.version,
  }));
}

export function checkOrgFields(input: { creditCode?: string; contactPhone?: string | null }) {
  const issues: FieldIssue[] = [];
  let creditCode: string | undefined;
  if (input.creditCode !== undefined) {
    const cc = parseCreditCode(input.creditCode);
    if (!cc.ok)
      issues.push({
        field: 'creditCode',
        code: cc.problem,
        params: cc.expected ? { expected: cc.expected } : {},
      });
    else creditCode = cc.value;
  }
  let contactPhone: string | null | undefined;
  if (input.contactPhone !== undefined) {
    const ph = checkPhone(input.contactPhone, 'contactPhone');
    if (!ph.ok) issues.push(ph.issue);
    else contactPhone = ph.value;
  }
  if (issues.length) throw new AppError('VALIDATION_FAILED', {}, issues);
  return { creditCode, contactPhone };
}

export async function listOrgs(
  ctx: Ctx,
  actor: Actor,
  q: { q?: string; area?: string; kind?: string; page: number; pageSize: number },
) {
  const scope = narrowScope(requireAnywhere(actor, 'org.read'), q.area);
  const { rows, total } = await repo.searchOrgs(ctx.db, {
    scope,
    q: q.q,
    kind: q.kind,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return {
    items: await presentOrgs(ctx, rows),
    total,
    totalIsLowerBound: false,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getOrg(ctx: Ctx, actor: Actor, id: string) {
  const row = await repo.findOrg(ctx.db, requireAnywhere(actor, 'org.read'), id);
  if (!row) throw new AppError('ORG_NOT_FOUND');
  return (await presentOrgs(ctx, [row]))[0]!;
}

export interface OrgInput {
  name: string;
  kind: OrgKind;
  creditCode: string;
  areaCode: string;
  address?: string;
  contactName?: string;
  contactPhone?: string;
}

export async function createOrg(ctx: Ctx, actor: Actor, input: OrgInput) {
  requireIn(actor, 'org.write', input.areaCode);
  const { creditCode, contactPhone } = checkOrgFields(input);
  const id = newId(ctx.clock.now().getTime());
  await ctx.db.transaction(async (tx) => {
    await requireOpenArea(tx, input.areaCode);
    const dup = await repo.findOrgByCreditCode(tx, creditCode!);
    if (dup)
      throw new AppError('VALIDATION_FAILED', {}, [
        { field: 'creditCode', code: 'ORG_DUPLICATE_CREDIT_CODE', params: { name: dup.name } },
      ]);
    const row = {
      id,
      name: input.name,
      kind: input.kind,
      creditCode: creditCode!,
      areaCode: input.areaCode,
      address: input.address ?? null,
      contactName: input.contactName ?? null,
      contactPhone: contactPhone ?? null,
    };
    await repo.insertOrgs(tx, [row]);
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'org.create',
      entityType: 'org',
      entityId: id,
      areaCode: input.areaCode,
      after: row,
    });
  });
  return getOrg(ctx, actor, id);
}

export async function updateOrg(
  ctx: Ctx,
  actor: Actor,
  id: string,
  input: Partial<OrgInput> & { version: number },
) {
  const scope = requireAnywhere(actor, 'org.write');
  await ctx.db.transaction(async (tx) => {
    const before = await repo.findOrg(tx, scope, id, true);
    if (!before) throw new AppError('ORG_NOT_FOUND');
    if (before.version !== input.version) throw new AppError('VERSION_CONFLICT');
    const { creditCode, contactPhone } = checkOrgFields(input);
    if (input.areaCode && input.areaCode !== before.areaCode) {
      requireIn(actor, 'org.write', input.areaCode);
      await requireOpenArea(tx, input.areaCode);
    }
    if (creditCode && creditCode !== before.creditCode) {
      const dup = await repo.findOrgByCreditCode(tx, creditCode);
      if (dup)
        throw new AppError('VALIDATION_FAILED', {}, [
          { field: 'creditCode', code: 'ORG_DUPLICATE_CREDIT_CODE', params: { name: dup.name } },
        ]);
    }
    const patch = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.kind !== undefined ? { kind: input.kind } : {}),
      ...(creditCode ? { creditCode } : {}),
      ...(input.areaCode ? { areaCode: input.areaCode } : {}),
      ...(input.address !== undefined ? { address: input.address } : {}),
      ...(input.contactName !== undefined ? { contactName: input.contactName } : {}),
      ...(contactPhone !== undefined ? { contactPhone } : {}),
    };
    const after = await repo.updateOrgRow(tx, id, patch);
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'org.update',
      entityType: 'org',
      entityId: id,
      areaCode: after.areaCode,
      before,
      after,
    });
  });
  return getOrg(ctx, actor, id);
}

export async function orgNames(ctx: Ctx, ids: string[]) {
  return repo.findOrgNames(ctx.db, ids);
}

/** The operator of a service point must be an organisation the actor can see. */
export async function requireOrgExists(ctx: Ctx, actor: Actor, id: string) {
  const row = await repo.findOrg(ctx.db, requireAnywhere(actor, 'org.read'), id);
  if (!row) throw new AppError('VALIDATION_FAILED', {}, [{ field: 'orgId', code: 'ORG_NOT_FOUND' }]);
  return row;
}
