import type { Certificate, PublicCertificate } from '../../../contracts/api/activities.ts';
import { type Actor, canIn, hasAnywhere, requireAnywhere } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { shanghaiDate } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { toDateString, toIso } from '../../platform/db/rows.ts';
import { AppError, fieldError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { orgIdsOfUser } from '../orgs/index.ts';
import { isAreaStaff, requireOrg, staffScopeOf, who } from './activities.access.ts';
import { certificatePdf } from './activities.pdf.ts';
import { findVolunteers, type VolunteerBrief, volunteerOfUser } from './activities.ports.ts';
import { isoOrNull } from './activities.present.ts';
import * as repo from './activities.repo.ts';
import { certificateNo, maskName, summariseContent } from './activities.rules.ts';

/**
 * 志愿服务证明 (ADR 0016): issued by the recording organisation (谁记录谁证明) over confirmed
 * records only, numbered ZM + district + year + sequence, verifiable by anyone by its number.
 */

const DISTRICT_CODE = '330102';

function present(rows: repo.CertificateRow[], vols: Map<string, VolunteerBrief>): Certificate[] {
  return rows.map((c) => ({
    id: c.id,
    certNo: c.certNo,
    volunteerId: c.volunteerId,
    volunteerNo: vols.get(c.volunteerId)?.volunteerNo ?? '',
    volunteerName: vols.get(c.volunteerId)?.name ?? '',
    issuerOrgId: c.issuerOrgId,
    issuerName: c.issuerName,
    personInCharge: c.personInCharge,
    handler: c.handler,
    contact: c.contact,
    periodFrom: toDateString(c.periodFrom),
    periodTo: toDateString(c.periodTo),
    totalMinutes: c.totalMinutes,
    recordCount: c.recordCount,
    content: c.content,
    issuedAt: toIso(c.issuedAt),
    revokedAt: isoOrNull(c.revokedAt),
    revokeReason: c.revokeReason,
  }));
}

async function presentAll(ctx: Ctx, rows: repo.CertificateRow[]) {
  return present(rows, await findVolunteers(ctx.db, [...new Set(rows.map((r) => r.volunteerId))]));
}

/** The organisation's staff, or district, street or community staff of its area. */
async function requireIssuer(db: Db, actor: Actor, org: { id: string; areaCode: string }) {
  requireAnywhere(actor, 'record.review');
  if (isAreaStaff(actor, 'record.review', org.areaCode)) return;
  if (!(await orgIdsOfUser(db, actor.id)).includes(org.id)) throw new AppError('FORBIDDEN');
}

export interface IssueInput {
  volunteerId: string;
  orgId: string;
  periodFrom: string;
  periodTo: string;
  recordIds?: string[];
  personInCharge?: string;
  handler?: string;
  contact?: string;
}

const dayOf = (d: Date) => shanghaiDate(d);

export async function issueCertificate(ctx: Ctx, actor: Actor, input: IssueInput): Promise<Certificate> {
  const org = await requireOrg(ctx, input.orgId);
  await requireIssuer(ctx.db, actor, org);
  const today = ctx.clock.today();
  if (input.periodTo < input.periodFrom || input.periodTo > today)
    throw fieldError('periodTo', 'CERTIFICATE_PERIOD_INVALID');
  const vol = (await findVolunteers(ctx.db, [input.volunteerId])).get(input.volunteerId);
  if (!vol) throw fieldError('volunteerId', 'ACTIVITY_VOLUNTEER_NOT_FOUND');
  const id = await ctx.db.transaction(async (tx) => {
    let records: repo.RecordRow[];
    if (input.recordIds) {
      records = await repo.findRecordsByIds(tx, input.recordIds, true);
      const byId = new Set(records.map((r) => r.id));
      const missing = input.recordIds.find((r) => !byId.has(r));
      if (missing) throw new AppError('RECORD_NOT_FOUND');
      for (const r of records) {
        const day = dayOf(r.startedAt);
        if (r.volunteerId !== vol.id || r.orgId !== org.id || day < input.periodFrom || day > input.periodTo)
          throw new AppError('CERTIFICATE_RECORD_MISMATCH', { date: day });
      }
      const unconfirmed = records.filter((r) => r.status !== 'confirmed');
      if (unconfirmed.length)
        throw new AppError('CERTIFICATE_UNCONFIRMED', {
          count: unconfirmed.length,
          date: dayOf(unconfirmed[0]!.startedAt),
        });
    } else records = await repo.findCertifiableRecords(tx, vol.id, org.id, input.periodFrom, input.periodTo);
    if (records.length === 0)
      throw new AppError('CERTIFICATE_NOTHING_TO_CERTIFY', { from: input.periodFrom, to: input.periodTo });
    const now = ctx.clock.now();
    const year = Number(today.slice(0, 4));
    const prefix = `ZM${DISTRICT_CODE}${year}`;
    const certNo = certificateNo(DISTRICT_CODE, year, (await repo.lastCertificateSeq(tx, prefix)) + 1);
    const row = {
      id: newId(now.getTime()),
      certNo,
      volunteerId: vol.id,
      issuerOrgId: org.id,
      issuerName: org.name,
      personInCharge: input.personInCharge || org.contactName || '—',
      handler: input.handler || actor.displayName,
      contact: input.contact || org.contactPhone || '—',
      periodFrom: input.periodFrom,
      periodTo: input.periodTo,
      totalMinutes: records.reduce((s, r) => s + r.minutes, 0),
      recordCount: records.length,
      recordIds: records.map((r) => r.id),
      content: summariseContent(records),
      issuedBy: actor.id,
      issuedAt: now,
    };
    await repo.insertCertificates(tx, [row]);
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'volunteer_certificate.issue',
      entityType: 'volunteer_certificate',
      entityId: row.id,
      areaCode: vol.areaCode,
      after: { ...row, issuedAt: now.toISOString() },
    });
    return row.id;
  });
  return (await presentAll(ctx, [(await repo.findCertificate(ctx.db, id))!]))[0]!;
}

/**
 * Certificates the actor sees: of their organisations, or covering records in their staff
 * area; with a volunteer named, all of that volunteer's when the actor reads their area.
 */
export async function listCertificates(
  ctx: Ctx,
  actor: Actor,
  q: { volunteerId?: string; orgId?: string; page: number; pageSize: number },
) {
  if (!hasAnywhere(actor, 'record.review') && !hasAnywhere(actor, 'volunteer.read'))
    throw new AppError('FORBIDDEN');
  let visibility: { staffScope: string[]; orgIds: string[] } | null = {
    staffScope: staffScopeOf(actor, 'record.review'),
    orgIds: hasAnywhere(actor, 'record.review') ? await orgIdsOfUser(ctx.db, actor.id) : [],
  };
  if (q.volunteerId) {
    const vol = (await findVolunteers(ctx.db, [q.volunteerId])).get(q.volunteerId);
    if (vol && canIn(actor, 'volunteer.read', vol.areaCode)) visibility = null;
  }
  const { rows, total } = await repo.searchCertificates(ctx.db, {
    visibility,
    volunteerId: q.volunteerId,
    orgId: q.orgId,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return {
    items: await presentAll(ctx, rows),
    total,
    totalIsLowerBound: false,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function myCertificates(ctx: Ctx, actor: Actor): Promise<Certificate[]> {
  requireAnywhere(actor, 'activity.join');
  const vol = await volunteerOfUser(ctx.db, actor.id);
  if (!vol) throw new AppError('ACTIVITY_VOLUNTEER_NOT_FOUND');
  const { rows } = await repo.searchCertificates(ctx.db, {
    visibility: null,
    volunteerId: vol.id,
    limit: 200,
    offset: 0,
  });
  return present(rows, new Map([[vol.id, vol]]));
}

/** Issuer staff, staff of an area with a certified record, or the volunteer themself. */
async function requireReadable(ctx: Ctx, actor: Actor, id: string): Promise<repo.CertificateRow> {
  const c = await repo.findCertificate(ctx.db, id);
  if (!c) throw new AppError('CERTIFICATE_NOT_FOUND');
  if (hasAnywhere(actor, 'record.review')) {
    if ((await orgIdsOfUser(ctx.db, actor.id)).includes(c.issuerOrgId)) return c;
    if (await repo.anyRecordInScope(ctx.db, c.recordIds, staffScopeOf(actor, 'record.review'))) return c;
  }
  if (hasAnywhere(actor, 'activity.join') && (await volunteerOfUser(ctx.db, actor.id))?.id === c.volunteerId)
    return c;
  if (!hasAnywhere(actor, 'record.review') && !hasAnywhere(actor, 'activity.join'))
    throw new AppError('FORBIDDEN');
  throw new AppError('CERTIFICATE_NOT_FOUND');
}

export async function getCertificate(ctx: Ctx, actor: Actor, id: string): Promise<Certificate> {
  return (await presentAll(ctx, [await requireReadable(ctx, actor, id)]))[0]!;
}

/** The certificate as a PDF, with the verification address under `origin`. */
export async function certificatePdfFor(
  ctx: Ctx,
  actor: Actor,
  id: string,
  origin: string,
): Promise<{ certNo: string; pdf: Buffer }> {
  const c = await requireReadable(ctx, actor, id);
  return { certNo: c.certNo, pdf: await renderCertificate(ctx, c, origin) };
}

export async function renderCertificate(ctx: Ctx, c: repo.CertificateRow, origin: string): Promise<Buffer> {
  const vol = (await findVolunteers(ctx.db, [c.volunteerId])).get(c.volunteerId);
  const records = await repo.findRecordsByIds(ctx.db, c.recordIds);
  const places = new Map<string, string>();
  for (const aid of new Set(records.map((r) => r.activityId).filter((x): x is string => !!x))) {
    const a = await repo.findActivity(ctx.db, aid);
    if (a) places.set(aid, a.place);
  }
  return certificatePdf({
    certNo: c.certNo,
    volunteerName: vol?.name ?? '',
    volunteerNo: vol?.volunteerNo ?? '',
    issuerName: c.issuerName,
    personInCharge: c.personInCharge,
    handler: c.handler,
    contact: c.contact,
    periodFrom: toDateString(c.periodFrom),
    periodTo: toDateString(c.periodTo),
    totalMinutes: c.totalMinutes,
    recordCount: c.recordCount,
    content: c.content,
    issuedOn: shanghaiDate(c.issuedAt),
    revoked: !!c.revokedAt,
    verifyUrl: `${origin}/verify/${c.certNo}`,
    records: records.map((r) => ({
      date: shanghaiDate(r.startedAt),
      content: r.content,
      place: r.activityId ? (places.get(r.activityId) ?? null) : null,
      minutes: r.minutes,
    })),
  });
}

export async function revokeCertificate(
  ctx: Ctx,
  actor: Actor,
  id: string,
  reason: string,
): Promise<Certificate> {
  await ctx.db.transaction(async (tx) => {
    const c = await repo.findCertificate(tx, id, true);
    if (!c) throw new AppError('CERTIFICATE_NOT_FOUND');
    const org = await requireOrg({ ...ctx, db: tx }, c.issuerOrgId);
    await requireIssuer(tx, actor, org);
    if (c.revokedAt) throw new AppError('CERTIFICATE_REVOKED', { date: shanghaiDate(c.revokedAt) });
    const now = ctx.clock.now();
    await repo.updateCertificateRow(tx, id, { revokedAt: now, revokeReason: reason });
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'volunteer_certificate.revoke',
      entityType: 'volunteer_certificate',
      entityId: id,
      before: { revokedAt: null },
      after: { revokedAt: now.toISOString(), revokeReason: reason },
      reason,
    });
  });
  return (await presentAll(ctx, [(await repo.findCertificate(ctx.db, id))!]))[0]!;
}

/** The public check by certificate number: the name masked, nothing else personal. */
export async function verifyCertificate(ctx: Ctx, certNo: string): Promise<PublicCertificate> {
  const c = await repo.findCertificateByNo(ctx.db, certNo.trim().toUpperCase());
  if (!c) throw new AppError('CERTIFICATE_NOT_FOUND');
  const vol = (await findVolunteers(ctx.db, [c.volunteerId])).get(c.volunteerId);
  return {
    certNo: c.certNo,
    volunteerName: maskName(vol?.name ?? ''),
    volunteerNo: vol?.volunteerNo ?? '',
    issuerName: c.issuerName,
    totalMinutes: c.totalMinutes,
    periodFrom: toDateString(c.periodFrom),
    periodTo: toDateString(c.periodTo),
    issuedOn: shanghaiDate(c.issuedAt),
    status: c.revokedAt ? 'revoked' : 'valid',
    revokedOn: c.revokedAt ? shanghaiDate(c.revokedAt) : null,
  };
}
