import type { LightMyRequestResponse } from 'fastify';
import type { Role } from '../../contracts/roles.ts';
import { buildApp } from '../app.ts';
import { createUser } from '../modules/identity/index.ts';
import type { Grant } from '../platform/access.ts';
import type { Ctx } from '../platform/context.ts';
import type { App } from '../platform/http/types.ts';

export const TEST_PASSWORD = 'Minsheng2026';

export interface Client {
  username: string;
  csrf: string;
  /** The session cookie's value, for requests that must leave out the CSRF header. */
  cookie: string;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  request(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
}

export async function createTestApp(ctx: Ctx): Promise<App> {
  const app = await buildApp(ctx);
  await app.ready();
  return app;
}

let counter = 0;

export interface LoginOptions {
  /** The client's address; the login route is rate-limited per address, so many sign-ins can spread out. */
  remoteAddress?: string;
}

/** Creates a user with these grants and signs in, returning a client that sends cookie and CSRF token. */
export async function signIn(
  app: App,
  ctx: Ctx,
  grants: Grant[],
  username = `user${++counter}`,
  opts: LoginOptions = {},
): Promise<Client> {
  await createUser(ctx, { username, displayName: username, password: TEST_PASSWORD, grants });
  return loginAs(app, username, TEST_PASSWORD, opts);
}

let addressCounter = 0;

/** A distinct private client address per call, for tests that sign in many users. */
export function nextRemoteAddress(): string {
  addressCounter++;
  return `10.77.${Math.floor(addressCounter / 250) % 250}.${(addressCounter % 250) + 1}`;
}

/**
 * Creates a user with one role on one area and signs in from an address of its own (the login
 * route is rate-limited per address).
 */
export function signInAs(
  app: App,
  ctx: Ctx,
  role: Role,
  areaCode: string,
  username: string,
): Promise<Client> {
  return signIn(app, ctx, [{ role, areaCode }], username, { remoteAddress: nextRemoteAddress() });
}

export async function loginAs(
  app: App,
  username: string,
  password = TEST_PASSWORD,
  opts: LoginOptions = {},
): Promise<Client> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
    ...(opts.remoteAddress ? { remoteAddress: opts.remoteAddress } : {}),
  });
  if (res.statusCode !== 200) throw new Error(`login failed for ${username}: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'ms_session');
  const csrf = res.json().csrfToken as string;
  const request: Client['request'] = (method, url, body, headers = {}) =>
    app.inject({
      method,
      url,
      cookies: { ms_session: cookie!.value },
      headers: { 'x-csrf-token': csrf, ...headers },
      ...(body !== undefined ? { payload: body as never } : {}),
    });
  return {
    username,
    csrf,
    cookie: cookie!.value,
    request,
    get: (url) => request('GET', url),
    post: (url, body) => request('POST', url, body ?? {}),
    patch: (url, body) => request('PATCH', url, body ?? {}),
  };
}
