import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../access.ts';
import { AppError } from '../errors.ts';

export const SESSION_COOKIE = 'ms_session';
export const CSRF_HEADER = 'x-csrf-token';

export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('UNAUTHENTICATED');
  return req.actor;
}

/** Mutations must echo the session's CSRF token in a header (synchroniser token pattern). */
export function checkCsrf(req: FastifyRequest): void {
  if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return;
  if (!req.sessionToken) return; // no session, nothing to forge; auth fails later
  const sent = req.headers[CSRF_HEADER];
  const expected = req.csrfToken ?? '';
  if (
    typeof sent !== 'string' ||
    sent.length !== expected.length ||
    !timingSafeEqual(Buffer.from(sent), Buffer.from(expected))
  )
    throw new AppError('CSRF_INVALID');
}

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date, secure: boolean) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    expires: expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
