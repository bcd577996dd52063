import { existsSync } from 'node:fs';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyRequest } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { activityRoutes } from './modules/activities/index.ts';
import { areaRoutes } from './modules/areas/index.ts';
import { careCreditRoutes } from './modules/care-credits/index.ts';
import { applicationRoutes, benefitPaymentRoutes, eligibilityRoutes } from './modules/eligibility/index.ts';
import { homeServiceRoutes } from './modules/home-services/index.ts';
import {
  cachedSession,
  identityRoutes,
  type ResolvedSession,
  resolveSession,
} from './modules/identity/index.ts';
import { importRoutes } from './modules/imports/index.ts';
import { ledgerRoutes } from './modules/ledger/index.ts';
import { matchingRoutes } from './modules/matching/index.ts';
import { mealRoutes } from './modules/meals/index.ts';
import { needRoutes } from './modules/needs/index.ts';
import { notificationRoutes } from './modules/notifications/index.ts';
import { orgRoutes } from './modules/orgs/index.ts';
import { registryRoutes } from './modules/registry/index.ts';
import { servicePointRoutes } from './modules/service-points/index.ts';
import { settlementRoutes } from './modules/settlement/index.ts';
import { volunteerFiguresRoutes } from './modules/volunteer-figures/index.ts';
import { volunteerRoutes } from './modules/volunteers/index.ts';
import { auditRoutes } from './platform/audit/audit.routes.ts';
import type { Ctx } from './platform/context.ts';
import { AppError } from './platform/errors.ts';
import { checkCsrf, SESSION_COOKIE } from './platform/http/auth.ts';
import { handleError } from './platform/http/error-handler.ts';
import type { App } from './platform/http/types.ts';

export interface BuildOptions {
  /** Serve the built web app from config.webDist when present. */
  serveWeb?: boolean;
  logger?: boolean;
}

/** The composition root: every module gets the same context; nothing else is global. */
export async function buildApp(ctx: Ctx, opts: BuildOptions = {}): Promise<App> {
  const app = Fastify({
    logger: opts.logger ? { level: ctx.config.logLevel } : false,
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: true,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyMultipart, {
    limits: { fileSize: ctx.config.uploadMaxMb * 1024 * 1024, files: 1 },
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'minsheng API', description: '民生 — district livelihood services', version: '0.1.0' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, async () =>
    app.swagger(),
  );
  app.get('/api/health', { schema: { hide: true }, config: { public: true } }, async () => ({
    ok: true,
    db: ctx.database.kind,
  }));

  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('csrfToken', null);
  // Authentication and CSRF run before validation: an anonymous or forged request learns nothing.
  // A callback hook, not an async one: a session this process resolved a moment ago (almost
  // every request) is admitted without a promise or a turn of the microtask queue.
  const admit = (req: FastifyRequest, token: string | undefined, s: ResolvedSession | undefined) => {
    if (token && s) {
      req.actor = s.actor;
      req.sessionToken = token;
      req.csrfToken = s.csrfToken;
    }
    checkCsrf(req);
    const isPublic = req.routeOptions.config?.public === true || req.url.startsWith('/api/docs');
    if (!isPublic && !req.actor) throw new AppError('UNAUTHENTICATED');
  };
  app.addHook('preValidation', (req, _reply, done) => {
    if (!req.url.startsWith('/api/')) return done();
    const token = req.cookies[SESSION_COOKIE];
    const cached = token ? cachedSession(ctx, token) : undefined;
    if (!token || cached) {
      try {
        admit(req, token, cached);
      } catch (err) {
        return done(err as FastifyError);
      }
      return done();
    }
    resolveSession(ctx, token).then(
      (s) => {
        try {
          admit(req, token, s);
        } catch (err) {
          return done(err as FastifyError);
        }
        done();
      },
      (err: FastifyError) => done(err),
    );
  });

  app.register(async (scoped) => {
    const api = scoped as unknown as App;
    identityRoutes(api, ctx);
    areaRoutes(api, ctx);
    registryRoutes(api, ctx);
    careCreditRoutes(api, ctx);
    eligibilityRoutes(api, ctx);
    applicationRoutes(api, ctx);
    benefitPaymentRoutes(api, ctx);
    orgRoutes(api, ctx);
    servicePointRoutes(api, ctx);
    settlementRoutes(api, ctx);
    ledgerRoutes(api, ctx);
    mealRoutes(api, ctx);
    homeServiceRoutes(api, ctx);
    importRoutes(api, ctx);
    auditRoutes(api, ctx);
    // ── issue 4 modules register here ──
    activityRoutes(api, ctx);
    volunteerRoutes(api, ctx);
    needRoutes(api, ctx);
    notificationRoutes(api, ctx);
    volunteerFiguresRoutes(api, ctx);
    matchingRoutes(api, ctx);
  });

  if (opts.serveWeb && existsSync(ctx.config.webDist)) {
    // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
    await app.register(fastifyStatic, { root: ctx.config.webDist, wildcard: true });
    // Client-side routes fall back to index.html; unknown /api paths stay JSON 404s.
    app.setNotFoundHandler((req, reply) => {
      if (req.url.startsWith('/api/') || req.method !== 'GET')
        return handleError(new AppError('NOT_FOUND'), req, reply);
      return reply.sendFile('index.html');
    });
  } else {
    app.setNotFoundHandler((req, reply) => handleError(new AppError('NOT_FOUND'), req, reply));
  }
  return app as unknown as App;
}
