import { z } from 'zod';
import {
  addMemberBody,
  addPointSettingBody,
  closeTeamBody,
  createTeamBody,
  donateTimeBody,
  donationResponse,
  expireBody,
  expiryReport,
  listTeamsQuery,
  listVolunteersQuery,
  memberRoleBody,
  pointEntriesQuery,
  pointEntriesResponse,
  pointSettingsResponse,
  redeemBody,
  redemptionResult,
  redemptionSchema,
  redemptionsQuery,
  redemptionsResponse,
  registerVolunteerBody,
  teamDetail,
  teamsPage,
  tillResponse,
  tillVolunteer,
  tillVolunteerQuery,
  updateTeamBody,
  updateVolunteerBody,
  voidRedemptionBody,
  volunteerDetail,
  volunteerStatusBody,
  volunteersPage,
} from '../../../contracts/api/volunteers.ts';
import type { Ctx } from '../../platform/context.ts';
import { requireActor } from '../../platform/http/auth.ts';
import { entityRoutes } from '../../platform/http/routes.ts';
import type { App } from '../../platform/http/types.ts';
import {
  addPointSetting,
  ensureVolunteerPointDefaults,
  expirePoints,
  listPointSettings,
  listRedemptions,
  redeemPoints,
  tillLookup,
  tillOverview,
  voidRedemption,
} from './volunteers.points.ts';
import {
  donateVolunteerTime,
  getVolunteer,
  listVolunteers,
  myPoints,
  myVolunteer,
  registerVolunteer,
  setVolunteerStatus,
  updateVolunteer,
  volunteerPoints,
} from './volunteers.service.ts';
import {
  addMember,
  closeTeam,
  createTeam,
  getTeam,
  listTeams,
  removeMember,
  setMemberRole,
  updateTeam,
} from './volunteers.teams.ts';

const tags = ['volunteers'];
const volunteerParams = z.object({ id: z.string().uuid({ message: 'VOLUNTEER_NOT_FOUND' }) });
const teamParams = z.object({ id: z.string().uuid({ message: 'VOLUNTEER_TEAM_NOT_FOUND' }) });
const memberParams = teamParams.extend({
  volunteerId: z.string().uuid({ message: 'VOLUNTEER_TEAM_MEMBER_NOT_FOUND' }),
});
const transferParams = z.object({ id: z.string().uuid({ message: 'VOLUNTEER_REDEMPTION_NOT_FOUND' }) });

export function volunteerRoutes(app: App, ctx: Ctx) {
  // The default point rules are reference data the module brings with it.
  app.addHook('onReady', async () => ensureVolunteerPointDefaults(ctx.db, ctx.clock));

  // ---- volunteers ----
  app.get(
    '/api/volunteers',
    { schema: { tags, querystring: listVolunteersQuery, response: { 200: volunteersPage } } },
    async (req) => listVolunteers(ctx, requireActor(req), req.query),
  );
  app.post(
    '/api/volunteers',
    { schema: { tags, body: registerVolunteerBody, response: { 201: volunteerDetail } } },
    async (req, reply) => reply.status(201).send(await registerVolunteer(ctx, requireActor(req), req.body)),
  );
  const volunteer = entityRoutes(app, ctx, { tags, params: volunteerParams, response: volunteerDetail });
  volunteer.get('/api/volunteers/:id', getVolunteer);
  volunteer.patch('/api/volunteers/:id', { body: updateVolunteerBody }, updateVolunteer);
  volunteer.post('/api/volunteers/:id/status', { body: volunteerStatusBody }, setVolunteerStatus);
  app.get(
    '/api/volunteers/:id/points',
    {
      schema: {
        tags,
        params: volunteerParams,
        querystring: pointEntriesQuery,
        response: { 200: pointEntriesResponse },
      },
    },
    async (req) => volunteerPoints(ctx, requireActor(req), req.params.id, req.query),
  );
  app.post(
    '/api/volunteers/:id/donations',
    { schema: { tags, params: volunteerParams, body: donateTimeBody, response: { 201: donationResponse } } },
    async (req, reply) =>
      reply.status(201).send(await donateVolunteerTime(ctx, requireActor(req), req.params.id, req.body)),
  );

  // ---- the volunteer's own view (phone pages) ----
  app.get('/api/me/volunteer', { schema: { tags, response: { 200: volunteerDetail } } }, async (req) =>
    myVolunteer(ctx, requireActor(req)),
  );
  app.get(
    '/api/me/volunteer/points',
    { schema: { tags, querystring: pointEntriesQuery, response: { 200: pointEntriesResponse } } },
    async (req) => myPoints(ctx, requireActor(req), req.query),
  );

  // ---- teams ----
  app.get(
    '/api/volunteer-teams',
    { schema: { tags, querystring: listTeamsQuery, response: { 200: teamsPage } } },
    async (req) => listTeams(ctx, requireActor(req), req.query),
  );
  app.post(
    '/api/volunteer-teams',
    { schema: { tags, body: createTeamBody, response: { 201: teamDetail } } },
    async (req, reply) => reply.status(201).send(await createTeam(ctx, requireActor(req), req.body)),
  );
  const team = entityRoutes(app, ctx, { tags, params: teamParams, response: teamDetail });
  team.get('/api/volunteer-teams/:id', getTeam);
  team.patch('/api/volunteer-teams/:id', { body: updateTeamBody }, updateTeam);
  team.post('/api/volunteer-teams/:id/close', { body: closeTeamBody }, closeTeam);
  team.post('/api/volunteer-teams/:id/members', { body: addMemberBody }, addMember);
  app.post(
    '/api/volunteer-teams/:id/members/:volunteerId/role',
    { schema: { tags, params: memberParams, body: memberRoleBody, response: { 200: teamDetail } } },
    async (req) =>
      setMemberRole(ctx, requireActor(req), req.params.id, req.params.volunteerId, req.body.role),
  );
  app.post(
    '/api/volunteer-teams/:id/members/:volunteerId/remove',
    { schema: { tags, params: memberParams, response: { 200: teamDetail } } },
    async (req) => removeMember(ctx, requireActor(req), req.params.id, req.params.volunteerId),
  );

  // ---- points: rules, expiry ----
  app.get(
    '/api/points/settings',
    { schema: { tags, response: { 200: pointSettingsResponse } } },
    async (req) => listPointSettings(ctx, requireActor(req)),
  );
  app.post(
    '/api/points/settings',
    { schema: { tags, body: addPointSettingBody, response: { 201: pointSettingsResponse } } },
    async (req, reply) => reply.status(201).send(await addPointSetting(ctx, requireActor(req), req.body)),
  );
  app.post(
    '/api/points/expire',
    { schema: { tags, body: expireBody, response: { 200: expiryReport } } },
    async (req) => expirePoints(ctx, requireActor(req), { month: req.body.month }),
  );

  // ---- points: the merchants' redemption till ----
  app.get('/api/points/till', { schema: { tags, response: { 200: tillResponse } } }, async (req) =>
    tillOverview(ctx, requireActor(req)),
  );
  app.get(
    '/api/points/till/volunteer',
    { schema: { tags, querystring: tillVolunteerQuery, response: { 200: tillVolunteer } } },
    async (req) => tillLookup(ctx, requireActor(req), req.query.no),
  );
  app.get(
    '/api/points/redemptions',
    { schema: { tags, querystring: redemptionsQuery, response: { 200: redemptionsResponse } } },
    async (req) => listRedemptions(ctx, requireActor(req), req.query),
  );
  app.post(
    '/api/points/redemptions',
    { schema: { tags, body: redeemBody, response: { 201: redemptionResult } } },
    async (req, reply) => reply.status(201).send(await redeemPoints(ctx, requireActor(req), req.body)),
  );
  app.post(
    '/api/points/redemptions/:id/void',
    {
      schema: { tags, params: transferParams, body: voidRedemptionBody, response: { 200: redemptionSchema } },
    },
    async (req) => voidRedemption(ctx, requireActor(req), req.params.id, req.body.reason),
  );
}
