import {
  type RegisterVolunteerBody,
  type UpdateVolunteerBody,
  VOLUNTEER_SKILLS,
  type VolunteerAccountKind,
  type VolunteerCertificate,
  type VolunteerDetail,
  type VolunteerStatus,
} from '../../../contracts/api/volunteers.ts';
import type { FieldIssue } from '../../../contracts/errors.ts';
import { ageOn } from '../../../contracts/id-number.ts';
import {
  type Actor,
  canIn,
  narrowScope,
  requireAnywhere,
  requireIn,
  scopeOf,
} from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { dbErrorOf, toIso } from '../../platform/db/rows.ts';
import { AppError, fieldError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { areaNameMap, requireOpenArea } from '../areas/index.ts';
import { findGrants, findUserByUsername } from '../identity/index.ts';
import { createPerson } from '../registry/index.ts';
import { checkCoordinates } from '../service-points/index.ts';
import { balancesOf, donateTime, entriesOf, who } from './volunteers.points.ts';
import * as repo from './volunteers.repo.ts';
import { nextVolunteerNo } from './volunteers.rules.ts';

/**
 * Volunteers (ADR 0013): a volunteer is a person of the registry, registered in one transaction
 * with the person when the person is new. Personal data stays in the registry; what volunteers
 * lists show is its masked copy. Area-scoped by the community the volunteer serves from.
 */

/** What the other modules read of a volunteer (matching, needs, activities). */
export interface VolunteerBrief {
  id: string;
  personId: string;
  volunteerNo: string;
  name: string;
  areaCode: string;
  skills: string[];
  partyMember: boolean;
  status: VolunteerStatus;
  userId: string | null;
  lat: number | null;
  lng: number | null;
  availability: number;
  totalMinutes: number;
}

const toBrief = (r: repo.BriefRow): VolunteerBrief => ({ ...r, status: r.status as VolunteerStatus });

// ---- front door for the other modules ----------------------------------------------------------

export async function findVolunteers(db: Db, ids: string[]): Promise<Map<string, VolunteerBrief>> {
  return new Map((await repo.findBriefs(db, ids)).map((r) => [r.id, toBrief(r)]));
}

export async function volunteerOfUser(db: Db, userId: string): Promise<VolunteerBrief | null> {
  const r = await repo.findBriefOfUser(db, userId);
  return r ? toBrief(r) : null;
}

/** Open claims and sign-ups (the load matching spreads): += delta, never below 0. */
export async function adjustCommitments(ctx: Ctx, volunteerIds: string[], delta: number): Promise<void> {
  if (!Number.isInteger(delta)) throw new AppError('FIELD_RANGE', { field: 'delta' });
  await repo.addCommitments(ctx.db, volunteerIds, delta, ctx.clock.now());
}

/** A rating of a confirmed need given to each volunteer who served it. */
export async function addRating(ctx: Ctx, volunteerIds: string[], stars: number): Promise<void> {
  if (!Number.isInteger(stars) || stars < 1 || stars > 5) throw new AppError('ORDER_RATING_INVALID');
  await repo.addRatings(ctx.db, volunteerIds, stars, ctx.clock.now());
}

// ---- validation helpers ------------------------------------------------------------------------

const invalid = (issues: FieldIssue[]) => new AppError('VALIDATION_FAILED', {}, issues);

/** Catalogue order, each skill once. */
function normaliseSkills(skills: readonly string[]): string[] {
  const set = new Set(skills);
  return VOLUNTEER_SKILLS.filter((s) => set.has(s));
}

function normaliseCertificates(list: readonly VolunteerCertificate[]) {
  return list.map((c) => ({
    skill: c.skill,
    name: c.name.trim(),
    number: c.number?.trim() || null,
    validTo: c.validTo ?? null,
  }));
}

/** The login to link: a user holding the volunteer role, not linked to another volunteer. */
async function resolveLogin(
  db: Db,
  input: { userId?: string | null; username?: string },
  self: string | null,
): Promise<string | null | undefined> {
  let userId: string | null | undefined = input.userId;
  let label = input.userId ?? '';
  if (input.username !== undefined) {
    const u = await findUserByUsername(db, input.username);
    label = input.username;
    if (!u) throw fieldError('username', 'VOLUNTEER_USER_NOT_VOLUNTEER', { username: label });
    userId = u.id;
  }
  if (!userId) return userId;
  const grants = await findGrants(db, userId);
  if (!grants.some((g) => g.role === 'volunteer'))
    throw fieldError(input.username !== undefined ? 'username' : 'userId', 'VOLUNTEER_USER_NOT_VOLUNTEER', {
      username: label,
    });
  const taken = await repo.findVolunteerByUser(db, userId);
  if (taken && taken.id !== self)
    throw new AppError('VOLUNTEER_USER_TAKEN', { volunteerNo: taken.volunteerNo });
  return userId;
}

/** Coordinates given, or the community's centre (null when it has no located service point). */
async function position(
  ctx: Ctx,
  db: Db,
  areaCode: string,
  lat: number | null | undefined,
  lng: number | null | undefined,
): Promise<{ lat: number | null; lng: number | null }> {
  if (lat != null || lng != null) {
    const issues = checkCoordinates(lat, lng);
    if (issues.length) throw invalid(issues);
    return { lat: lat!, lng: lng! };
  }
  const c = (await repo.communityCentres(db, [areaCode], ctx.clock.today())).get(areaCode);
  return { lat: c?.lat ?? null, lng: c?.lng ?? null };
}

/** A unique index the database refused: which one, as our error. */
function uniqueError(err: unknown, existing?: () => Promise<AppError>): Promise<unknown> | unknown {
  const e = dbErrorOf(err);
  if (e?.code !== '23505') return err;
  if (e.constraint === 'volunteers_person_uq' && existing) return existing();
  if (e.constraint === 'volunteers_user_uq') return new AppError('VOLUNTEER_USER_TAKEN', { volunteerNo: '' });
  return err;
}

function auditView(v: Partial<repo.VolunteerRow>) {
  return {
    volunteerNo: v.volunteerNo,
    personId: v.personId,
    areaCode: v.areaCode,
    userId: v.userId,
    skills: v.skills,
    certificates: v.certificates,
    availability: v.availability,
    partyMember: v.partyMember,
    lat: v.lat,
    lng: v.lng,
    status: v.status,
    statusReason: v.statusReason,
  };
}

// ---- register, update, status ------------------------------------------------------------------

export async function registerVolunteer(ctx: Ctx, actor: Actor, body: RegisterVolunteerBody) {
  requireAnywhere(actor, 'volunteer.write');
  const id = newId(ctx.clock.now().getTime());
  const today = ctx.clock.today();
  let personId = body.personId;
  try {
    await ctx.db.transaction(async (tx) => {
      let person: repo.PersonFacts | undefined;
      if (body.person) {
        // The registry's own rules (ID number, phone, household) in this transaction.
        const created = await createPerson({ ...ctx, db: tx }, actor, body.person);
        personId = created.id;
        person = await repo.findPerson(tx, null, created.id);
      } else {
        person = await repo.findPerson(tx, scopeOf(actor, 'person.read'), body.personId!);
        if (!person) throw new AppError('PERSON_NOT_FOUND');
      }
      if (!person) throw new AppError('PERSON_NOT_FOUND');
      if (person.deceasedOn && person.deceasedOn <= today) throw new AppError('VOLUNTEER_PERSON_DECEASED');
      const existing = await repo.findVolunteerByPerson(tx, person.id);
      if (existing) throw new AppError('VOLUNTEER_ALREADY_REGISTERED', { volunteerNo: existing.volunteerNo });
      const areaCode = body.areaCode ?? person.areaCode;
      requireIn(actor, 'volunteer.write', areaCode);
      await requireOpenArea(tx, areaCode, { residence: true });
      const userId = await resolveLogin(tx, body, null);
      const at = await position(ctx, tx, areaCode, body.lat, body.lng);
      const district = areaCode.slice(0, 6);
      await repo.lockKey(tx, `volunteer_no:${district}`);
      let volunteerNo: string;
      try {
        volunteerNo = nextVolunteerNo(district, await repo.highestVolunteerNo(tx, district));
      } catch {
        throw new AppError('VOLUNTEER_NUMBERS_EXHAUSTED');
      }
      const now = ctx.clock.now();
      const row: repo.VolunteerInsert = {
        id,
        personId: person.id,
        volunteerNo,
        areaCode,
        userId: userId ?? null,
        skills: normaliseSkills(body.skills ?? []),
        certificates: normaliseCertificates(body.certificates ?? []),
        availability: body.availability ?? 0,
        partyMember: body.partyMember ?? false,
        lat: at.lat,
        lng: at.lng,
        status: 'active',
        registeredBy: actor.id,
        registeredAt: now,
        updatedAt: now,
      };
      await repo.insertVolunteers(tx, [row]);
      await recordAudit(tx, ctx.clock, who(actor), {
        action: 'volunteer.register',
        entityType: 'volunteer',
        entityId: id,
        areaCode,
        after: auditView(row as repo.VolunteerRow),
      });
    });
  } catch (err) {
    throw await uniqueError(err, async () => {
      const v = personId ? await repo.findVolunteerByPerson(ctx.db, personId) : undefined;
      return new AppError('VOLUNTEER_ALREADY_REGISTERED', { volunteerNo: v?.volunteerNo ?? '' });
    });
  }
  return getVolunteer(ctx, actor, id);
}

async function writable(db: Db, actor: Actor, id: string, version?: number) {
  const v = await repo.findVolunteer(db, requireAnywhere(actor, 'volunteer.read'), id, true);
  if (!v) throw new AppError('VOLUNTEER_NOT_FOUND');
  requireIn(actor, 'volunteer.write', v.areaCode);
  if (version !== undefined && v.version !== version) throw new AppError('VERSION_CONFLICT');
  return v;
}

export async function updateVolunteer(ctx: Ctx, actor: Actor, id: string, body: UpdateVolunteerBody) {
  requireAnywhere(actor, 'volunteer.write');
  try {
    await ctx.db.transaction(async (tx) => {
      const v = await writable(tx, actor, id, body.version);
      const patch: Partial<repo.VolunteerInsert> = {};
      if (body.skills !== undefined) patch.skills = normaliseSkills(body.skills);
      if (body.certificates !== undefined) patch.certificates = normaliseCertificates(body.certificates);
      if (body.availability !== undefined) patch.availability = body.availability;
      if (body.partyMember !== undefined) patch.partyMember = body.partyMember;
      if (body.areaCode !== undefined && body.areaCode !== v.areaCode) {
        requireIn(actor, 'volunteer.write', body.areaCode);
        await requireOpenArea(tx, body.areaCode, { residence: true });
        patch.areaCode = body.areaCode;
      }
      const area = patch.areaCode ?? v.areaCode;
      if (body.lat !== undefined || body.lng !== undefined || patch.areaCode) {
        const at = await position(ctx, tx, area, body.lat, body.lng);
        patch.lat = at.lat;
        patch.lng = at.lng;
      }
      if (body.userId !== undefined || body.username !== undefined) {
        const userId = await resolveLogin(tx, body, v.id);
        patch.userId = userId ?? null;
      }
      const after = await repo.updateVolunteerRow(tx, id, patch, ctx.clock.now());
      await recordAudit(tx, ctx.clock, who(actor), {
        action: 'volunteer.update',
        entityType: 'volunteer',
        entityId: id,
        areaCode: after.areaCode,
        before: auditView(v),
        after: auditView(after),
      });
    });
  } catch (err) {
    throw await uniqueError(err);
  }
  return getVolunteer(ctx, actor, id);
}

/**
 * Active, suspended (with a reason) or left (with a reason). A volunteer who leaves leaves their
 * teams too; their number, records and points stay.
 */
export async function setVolunteerStatus(
  ctx: Ctx,
  actor: Actor,
  id: string,
  body: { status: VolunteerStatus; reason?: string; version: number },
) {
  requireAnywhere(actor, 'volunteer.write');
  const reason = body.reason?.trim() || null;
  await ctx.db.transaction(async (tx) => {
    const v = await writable(tx, actor, id, body.version);
    if (v.status === body.status) throw new AppError('VOLUNTEER_STATUS_UNCHANGED', { status: body.status });
    if (body.status !== 'active' && !reason) throw fieldError('reason', 'VOLUNTEER_STATUS_REASON_REQUIRED');
    const after = await repo.updateVolunteerRow(
      tx,
      id,
      { status: body.status, statusReason: reason },
      ctx.clock.now(),
    );
    let leftTeams: string[] = [];
    if (body.status === 'left') {
      leftTeams = (await repo.findTeamsOfVolunteer(tx, id)).map((t) => t.id);
      for (const t of leftTeams) {
        await repo.findTeam(tx, null, t, true);
        await repo.deleteMember(tx, t, id);
      }
      await repo.recountMembers(tx, leftTeams);
    }
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'volunteer.status',
      entityType: 'volunteer',
      entityId: id,
      areaCode: v.areaCode,
      before: { status: v.status, statusReason: v.statusReason },
      after: { status: after.status, statusReason: after.statusReason, leftTeams },
      reason,
    });
  });
  return getVolunteer(ctx, actor, id);
}

// ---- reads -------------------------------------------------------------------------------------

export async function listVolunteers(
  ctx: Ctx,
  actor: Actor,
  q: {
    area?: string;
    skill?: string;
    partyMember?: 'true' | 'false';
    status?: VolunteerStatus;
    q?: string;
    page: number;
    pageSize: number;
  },
) {
  const scope = narrowScope(requireAnywhere(actor, 'volunteer.read'), q.area);
  const text = q.q?.trim() ?? '';
  const isNo = /^V\d*$/i.test(text);
  const [{ rows, total }, areas] = await Promise.all([
    repo.searchVolunteers(ctx.db, {
      scope,
      skill: q.skill,
      partyMember: q.partyMember === undefined ? undefined : q.partyMember === 'true',
      status: q.status,
      noPrefix: isNo ? text.toUpperCase() : undefined,
      name: !isNo && text ? text : undefined,
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    }),
    areaNameMap(ctx.db),
  ]);
  const today = ctx.clock.today();
  return {
    items: rows.map((r) => ({
      id: r.id,
      volunteerNo: r.volunteerNo,
      personId: r.personId,
      name: r.name,
      idMasked: r.idMasked,
      sex: r.sex,
      age: ageOn(r.birthDate, today),
      areaCode: r.areaCode,
      areaName: areas.get(r.areaCode)?.name ?? r.areaCode,
      skills: r.skills,
      partyMember: r.partyMember,
      status: r.status as VolunteerStatus,
      totalMinutes: r.totalMinutes,
      registeredAt: r.registeredAt,
    })),
    total,
    totalIsLowerBound: false,
    page: q.page,
    pageSize: q.pageSize,
  };
}

async function present(ctx: Ctx, v: repo.VolunteerRow, canWrite: boolean): Promise<VolunteerDetail> {
  const [person, areas, teams, balances, usernames] = await Promise.all([
    repo.findPerson(ctx.db, null, v.personId),
    areaNameMap(ctx.db),
    repo.findTeamsOfVolunteer(ctx.db, v.id),
    balancesOf(ctx.db, v.personId),
    repo.findUsernames(ctx.db, v.userId ? [v.userId] : []),
  ]);
  if (!person) throw new AppError('VOLUNTEER_NOT_FOUND');
  const today = ctx.clock.today();
  const area = areas.get(v.areaCode);
  const street = areas.get(v.areaCode.slice(0, 9).padEnd(12, '0'));
  return {
    id: v.id,
    volunteerNo: v.volunteerNo,
    personId: v.personId,
    areaCode: v.areaCode,
    areaName: area?.name ?? v.areaCode,
    streetName: street?.name ?? '',
    person: {
      name: person.name,
      idMasked: person.idMasked,
      sex: person.sex,
      age: ageOn(person.birthDate, today),
      phoneMasked: person.phoneMasked,
      areaCode: person.areaCode,
      areaName: areas.get(person.areaCode)?.name ?? person.areaCode,
      deceased: person.deceasedOn != null && person.deceasedOn <= today,
    },
    skills: v.skills,
    certificates: (v.certificates ?? []) as VolunteerDetail['certificates'],
    availability: v.availability,
    partyMember: v.partyMember,
    lat: v.lat,
    lng: v.lng,
    status: v.status as VolunteerStatus,
    statusReason: v.statusReason,
    userId: v.userId,
    username: v.userId ? (usernames.get(v.userId) ?? null) : null,
    totalMinutes: v.totalMinutes,
    ratingSum: v.ratingSum,
    ratingCount: v.ratingCount,
    openCommitments: v.openCommitments,
    lastServedAt: v.lastServedAt ? toIso(v.lastServedAt) : null,
    registeredAt: toIso(v.registeredAt),
    updatedAt: toIso(v.updatedAt),
    version: v.version,
    teams: teams.map((t) => ({
      id: t.id,
      name: t.name,
      level: t.level as VolunteerDetail['teams'][number]['level'],
      role: t.role as 'leader' | 'member',
      status: t.status as 'active' | 'closed',
    })),
    balances,
    canWrite,
  };
}

async function readable(ctx: Ctx, actor: Actor, id: string) {
  const v = await repo.findVolunteer(ctx.db, requireAnywhere(actor, 'volunteer.read'), id);
  if (!v) throw new AppError('VOLUNTEER_NOT_FOUND');
  return v;
}

export async function getVolunteer(ctx: Ctx, actor: Actor, id: string) {
  const v = await readable(ctx, actor, id);
  return present(ctx, v, canIn(actor, 'volunteer.write', v.areaCode));
}

export async function volunteerPoints(
  ctx: Ctx,
  actor: Actor,
  id: string,
  q: { kind?: VolunteerAccountKind; limit: number },
) {
  const v = await readable(ctx, actor, id);
  const [balances, entries] = await Promise.all([
    balancesOf(ctx.db, v.personId),
    entriesOf(ctx.db, v.personId, q),
  ]);
  return { balances, entries };
}

/** A worker records a volunteer's donation of stored time to a priority elder. */
export async function donateVolunteerTime(
  ctx: Ctx,
  actor: Actor,
  id: string,
  body: { personId: string; minutes: number; note?: string; key: string },
) {
  requireAnywhere(actor, 'volunteer.write');
  const v = await readable(ctx, actor, id);
  requireIn(actor, 'volunteer.write', v.areaCode);
  return donateTime(ctx, actor, v, body);
}

// ---- the volunteer's own view ------------------------------------------------------------------

async function mine(ctx: Ctx, actor: Actor) {
  const v = await repo.findVolunteerByUser(ctx.db, actor.id);
  if (!v) throw new AppError('VOLUNTEER_NOT_FOUND');
  return v;
}

/** The signed-in volunteer's profile, teams and balances (their phone pages). */
export async function myVolunteer(ctx: Ctx, actor: Actor) {
  return present(ctx, await mine(ctx, actor), false);
}

export async function myPoints(ctx: Ctx, actor: Actor, q: { kind?: VolunteerAccountKind; limit: number }) {
  const v = await mine(ctx, actor);
  const [balances, entries] = await Promise.all([
    balancesOf(ctx.db, v.personId),
    entriesOf(ctx.db, v.personId, q),
  ]);
  return { balances, entries };
}
