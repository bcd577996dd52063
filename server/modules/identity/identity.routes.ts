import { loginBody, meSchema } from '../../../contracts/api/auth.ts';
import { okResponse } from '../../../contracts/api/common.ts';
import { permissionsOf } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { clearSessionCookie, requireActor, setSessionCookie } from '../../platform/http/auth.ts';
import type { App } from '../../platform/http/types.ts';
import { grantsWithNames, login, logout } from './identity.service.ts';

const tags = ['auth'];

export function identityRoutes(app: App, ctx: Ctx) {
  app.post(
    '/api/auth/login',
    {
      config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Sign in; sets the session cookie',
        body: loginBody,
        response: { 200: meSchema },
      },
    },
    async (req, reply) => {
      const s = await login(ctx, req.body.username, req.body.password, {
        ip: req.ip,
        userAgent: req.headers['user-agent'],
      });
      setSessionCookie(reply, s.token, s.expiresAt, ctx.config.secureCookies);
      const grants = await grantsWithNames(ctx, s.actor.id);
      return {
        id: s.actor.id,
        username: s.actor.username,
        displayName: s.actor.displayName,
        grants: grants.map((g) => ({
          role: g.role as never,
          areaCode: g.areaCode,
          areaName: g.areaName ?? g.areaCode,
        })),
        permissions: permissionsOf(s.actor),
        csrfToken: s.csrfToken,
      };
    },
  );
  app.post('/api/auth/logout', { schema: { tags, response: { 200: okResponse } } }, async (req, reply) => {
    const actor = requireActor(req);
    await logout(ctx, req.sessionToken!, actor);
    clearSessionCookie(reply);
    return { ok: true as const };
  });
  app.get('/api/auth/me', { schema: { tags, response: { 200: meSchema } } }, async (req) => {
    const actor = requireActor(req);
    const grants = await grantsWithNames(ctx, actor.id);
    return {
      id: actor.id,
      username: actor.username,
      displayName: actor.displayName,
      grants: grants.map((g) => ({
        role: g.role as never,
        areaCode: g.areaCode,
        areaName: g.areaName ?? g.areaCode,
      })),
      permissions: permissionsOf(actor),
      csrfToken: req.csrfToken!,
    };
  });
}
