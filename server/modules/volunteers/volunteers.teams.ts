import {
  TEAM_POINT_TYPES,
  type TeamDetail,
  type TeamLevel,
  type TeamRole,
  type TeamStatus,
  teamLevelOf,
  VOLUNTEER_SKILLS,
  type VolunteerStatus,
} from '../../../contracts/api/volunteers.ts';
import {
  type Actor,
  canIn,
  narrowScope,
  requireAnywhere,
  requireIn,
  SYSTEM_ACTOR,
  scopeOf,
} from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { toIso } from '../../platform/db/rows.ts';
import { AppError, fieldError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { areaNameMap, requireOpenArea } from '../areas/index.ts';
import { getOrg, orgNames } from '../orgs/index.ts';
import { getServicePoint } from '../service-points/index.ts';
import { who } from './volunteers.points.ts';
import * as repo from './volunteers.repo.ts';

/**
 * Teams at district, street and community level (三级志愿服务队伍架构, S5), each owned by an
 * organisation and optionally based at a volunteer home or V-station. Managed by whoever holds
 * volunteer.write on the team's area; member_count follows the members in the same transaction.
 */

export interface TeamBrief {
  id: string;
  name: string;
  level: TeamLevel;
  areaCode: string;
  orgId: string;
  status: TeamStatus;
  memberIds: string[];
  leaderIds: string[];
}

/** Front door: a team and its members (the needs module's claims by a team). */
export async function teamBrief(db: Db, teamId: string): Promise<TeamBrief | null> {
  const t = await repo.findTeam(db, null, teamId);
  if (!t) return null;
  const members = await repo.findMemberIds(db, teamId);
  return {
    id: t.id,
    name: t.name,
    level: t.level as TeamLevel,
    areaCode: t.areaCode,
    orgId: t.orgId,
    status: t.status as TeamStatus,
    memberIds: members.map((m) => m.volunteerId),
    leaderIds: members.filter((m) => m.role === 'leader').map((m) => m.volunteerId),
  };
}

const normaliseSkills = (skills: readonly string[]) => {
  const set = new Set(skills);
  return VOLUNTEER_SKILLS.filter((s) => set.has(s));
};

/** The owning organisation: it must exist and be open. */
async function requireOpenOrg(ctx: Ctx, orgId: string) {
  const org = await getOrg(ctx, SYSTEM_ACTOR, orgId).catch((err) => {
    if (err instanceof AppError && err.code === 'ORG_NOT_FOUND') throw fieldError('orgId', 'ORG_NOT_FOUND');
    throw err;
  });
  if (org.closedOn && org.closedOn <= ctx.clock.today())
    throw new AppError('VOLUNTEER_TEAM_ORG_CLOSED', { org: org.name });
  return org;
}

/** A team's base: an open volunteer home or V-station. */
async function requireBase(ctx: Ctx, servicePointId: string) {
  const p = await getServicePoint(ctx, SYSTEM_ACTOR, servicePointId).catch((err) => {
    if (err instanceof AppError && err.code === 'SERVICE_POINT_NOT_FOUND')
      throw fieldError('servicePointId', 'SERVICE_POINT_NOT_FOUND');
    throw err;
  });
  if (p.closedOn && p.closedOn <= ctx.clock.today())
    throw fieldError('servicePointId', 'SERVICE_POINT_CLOSED', { name: p.name });
  if (!(TEAM_POINT_TYPES as readonly string[]).includes(p.type))
    throw fieldError('servicePointId', 'VOLUNTEER_TEAM_POINT_TYPE', { type: p.type });
  return p;
}

function auditView(t: Partial<repo.TeamRow>) {
  return {
    name: t.name,
    level: t.level,
    areaCode: t.areaCode,
    orgId: t.orgId,
    servicePointId: t.servicePointId,
    skills: t.skills,
    description: t.description,
    status: t.status,
  };
}

export async function createTeam(
  ctx: Ctx,
  actor: Actor,
  body: {
    name: string;
    level: TeamLevel;
    areaCode: string;
    orgId: string;
    servicePointId?: string | null;
    skills?: string[];
    description?: string;
  },
) {
  requireIn(actor, 'volunteer.write', body.areaCode);
  const id = newId(ctx.clock.now().getTime());
  await ctx.db.transaction(async (tx) => {
    const area = await requireOpenArea(tx, body.areaCode);
    if (teamLevelOf(area.level) !== body.level) throw fieldError('level', 'VOLUNTEER_TEAM_LEVEL_MISMATCH');
    // Reads inside the transaction go through it (PGlite has one connection).
    const inTx = { ...ctx, db: tx };
    await requireOpenOrg(inTx, body.orgId);
    if (body.servicePointId) await requireBase(inTx, body.servicePointId);
    const now = ctx.clock.now();
    const row: repo.TeamInsert = {
      id,
      name: body.name.trim(),
      level: body.level,
      areaCode: body.areaCode,
      orgId: body.orgId,
      servicePointId: body.servicePointId ?? null,
      skills: normaliseSkills(body.skills ?? []),
      description: body.description?.trim() || null,
      status: 'active',
      memberCount: 0,
      createdBy: actor.id,
      createdAt: now,
      updatedAt: now,
    };
    await repo.insertTeams(tx, [row]);
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'volunteer_team.create',
      entityType: 'volunteer_team',
      entityId: id,
      areaCode: body.areaCode,
      after: auditView(row as repo.TeamRow),
    });
  });
  return getTeam(ctx, actor, id);
}

/** The team under lock, writable by the actor, open, at the version given. */
async function writableTeam(db: Db, actor: Actor, id: string, version?: number) {
  requireAnywhere(actor, 'volunteer.write');
  const t = await repo.findTeam(db, requireAnywhere(actor, 'volunteer.read'), id, true);
  if (!t) throw new AppError('VOLUNTEER_TEAM_NOT_FOUND');
  requireIn(actor, 'volunteer.write', t.areaCode);
  if (version !== undefined && t.version !== version) throw new AppError('VERSION_CONFLICT');
  if (t.status === 'closed') throw new AppError('VOLUNTEER_TEAM_CLOSED');
  return t;
}

export async function updateTeam(
  ctx: Ctx,
  actor: Actor,
  id: string,
  body: {
    name?: string;
    servicePointId?: string | null;
    skills?: string[];
    description?: string | null;
    version: number;
  },
) {
  await ctx.db.transaction(async (tx) => {
    const t = await writableTeam(tx, actor, id, body.version);
    const inTx = { ...ctx, db: tx };
    await requireOpenOrg(inTx, t.orgId);
    const patch: Partial<repo.TeamInsert> = {};
    if (body.name !== undefined) patch.name = body.name.trim();
    if (body.servicePointId !== undefined) {
      if (body.servicePointId) await requireBase(inTx, body.servicePointId);
      patch.servicePointId = body.servicePointId;
    }
    if (body.skills !== undefined) patch.skills = normaliseSkills(body.skills);
    if (body.description !== undefined) patch.description = body.description?.trim() || null;
    const after = await repo.updateTeamRow(tx, id, patch, ctx.clock.now());
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'volunteer_team.update',
      entityType: 'volunteer_team',
      entityId: id,
      areaCode: t.areaCode,
      before: auditView(t),
      after: auditView(after),
    });
  });
  return getTeam(ctx, actor, id);
}

/** Closing keeps the team and its members as they were (history); nothing can change after. */
export async function closeTeam(
  ctx: Ctx,
  actor: Actor,
  id: string,
  body: { reason?: string; version: number },
) {
  await ctx.db.transaction(async (tx) => {
    const t = await writableTeam(tx, actor, id, body.version);
    await repo.updateTeamRow(tx, id, { status: 'closed' }, ctx.clock.now());
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'volunteer_team.close',
      entityType: 'volunteer_team',
      entityId: id,
      areaCode: t.areaCode,
      before: { status: t.status },
      after: { status: 'closed' },
      reason: body.reason ?? null,
    });
  });
  return getTeam(ctx, actor, id);
}

export async function addMember(
  ctx: Ctx,
  actor: Actor,
  teamId: string,
  body: { volunteerId: string; role: TeamRole },
) {
  await ctx.db.transaction(async (tx) => {
    const t = await writableTeam(tx, actor, teamId);
    const v = await repo.findVolunteer(tx, scopeOf(actor, 'volunteer.read'), body.volunteerId);
    if (!v) throw fieldError('volunteerId', 'VOLUNTEER_NOT_FOUND');
    if (v.status !== 'active') throw new AppError('VOLUNTEER_NOT_ACTIVE', { status: v.status });
    if (await repo.findMember(tx, teamId, v.id)) throw new AppError('VOLUNTEER_TEAM_MEMBER_EXISTS');
    await repo.insertMembers(tx, [{ teamId, volunteerId: v.id, role: body.role, joinedAt: ctx.clock.now() }]);
    await repo.recountMembers(tx, [teamId]);
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'volunteer_team.member.add',
      entityType: 'volunteer_team',
      entityId: teamId,
      areaCode: t.areaCode,
      after: { volunteerId: v.id, volunteerNo: v.volunteerNo, role: body.role },
    });
  });
  return getTeam(ctx, actor, teamId);
}

async function existingMember(db: Db, teamId: string, volunteerId: string) {
  const m = await repo.findMember(db, teamId, volunteerId);
  if (!m) throw new AppError('VOLUNTEER_TEAM_MEMBER_NOT_FOUND');
  return m;
}

export async function setMemberRole(
  ctx: Ctx,
  actor: Actor,
  teamId: string,
  volunteerId: string,
  role: TeamRole,
) {
  await ctx.db.transaction(async (tx) => {
    const t = await writableTeam(tx, actor, teamId);
    const m = await existingMember(tx, teamId, volunteerId);
    await repo.setMemberRole(tx, teamId, volunteerId, role);
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'volunteer_team.member.role',
      entityType: 'volunteer_team',
      entityId: teamId,
      areaCode: t.areaCode,
      before: { volunteerId, role: m.role },
      after: { volunteerId, role },
    });
  });
  return getTeam(ctx, actor, teamId);
}

export async function removeMember(ctx: Ctx, actor: Actor, teamId: string, volunteerId: string) {
  await ctx.db.transaction(async (tx) => {
    const t = await writableTeam(tx, actor, teamId);
    const m = await existingMember(tx, teamId, volunteerId);
    await repo.deleteMember(tx, teamId, volunteerId);
    await repo.recountMembers(tx, [teamId]);
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'volunteer_team.member.remove',
      entityType: 'volunteer_team',
      entityId: teamId,
      areaCode: t.areaCode,
      before: { volunteerId, role: m.role },
    });
  });
  return getTeam(ctx, actor, teamId);
}

async function pointNames(ctx: Ctx, ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const id of new Set(ids)) {
    const p = await getServicePoint(ctx, SYSTEM_ACTOR, id).catch(() => null);
    if (p) out.set(id, p.name);
  }
  return out;
}

async function presentTeams(ctx: Ctx, rows: repo.TeamRow[]) {
  const [areas, orgs, points] = await Promise.all([
    areaNameMap(ctx.db),
    orgNames(ctx, [...new Set(rows.map((r) => r.orgId))]),
    pointNames(
      ctx,
      rows.map((r) => r.servicePointId).filter((x): x is string => !!x),
    ),
  ]);
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    level: t.level as TeamLevel,
    areaCode: t.areaCode,
    areaName: areas.get(t.areaCode)?.name ?? t.areaCode,
    orgId: t.orgId,
    orgName: orgs.get(t.orgId) ?? t.orgId,
    servicePointId: t.servicePointId,
    servicePointName: t.servicePointId ? (points.get(t.servicePointId) ?? null) : null,
    skills: t.skills,
    status: t.status as TeamStatus,
    memberCount: t.memberCount,
  }));
}

export async function listTeams(
  ctx: Ctx,
  actor: Actor,
  q: {
    area?: string;
    level?: TeamLevel;
    status?: TeamStatus;
    orgId?: string;
    q?: string;
    page: number;
    pageSize: number;
  },
) {
  const scope = narrowScope(requireAnywhere(actor, 'volunteer.read'), q.area);
  const { rows, total } = await repo.searchTeams(ctx.db, {
    scope,
    level: q.level,
    status: q.status,
    orgId: q.orgId,
    q: q.q,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return {
    items: await presentTeams(ctx, rows),
    total,
    totalIsLowerBound: false,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getTeam(ctx: Ctx, actor: Actor, id: string): Promise<TeamDetail> {
  const t = await repo.findTeam(ctx.db, requireAnywhere(actor, 'volunteer.read'), id);
  if (!t) throw new AppError('VOLUNTEER_TEAM_NOT_FOUND');
  const [[item], members, areas] = await Promise.all([
    presentTeams(ctx, [t]),
    repo.findMembers(ctx.db, id),
    areaNameMap(ctx.db),
  ]);
  return {
    ...item!,
    description: t.description,
    version: t.version,
    createdAt: toIso(t.createdAt),
    canWrite: canIn(actor, 'volunteer.write', t.areaCode) && t.status === 'active',
    members: members.map((m) => ({
      volunteerId: m.volunteerId,
      volunteerNo: m.volunteerNo,
      name: m.name,
      areaCode: m.areaCode,
      areaName: areas.get(m.areaCode)?.name ?? m.areaCode,
      role: m.role as TeamRole,
      status: m.status as VolunteerStatus,
      joinedAt: m.joinedAt,
    })),
  };
}
