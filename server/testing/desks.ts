import { afterAll, beforeAll } from 'vitest';
import type { Ctx } from '../platform/context.ts';
import type { App } from '../platform/http/types.ts';
import { COMMUNITY_HUBIN, DISTRICT, STREET_HUBIN } from './builders.ts';
import { createTestContext } from './context.ts';
import { type Client, createTestApp, signInAs } from './http.ts';

/** The three desks most tests act from: the district's admin, 湖滨街道's staff, 涌金门社区's worker. */
export interface Desks {
  admin: Client;
  street: Client;
  worker: Client;
}

/** Signs in the three desks as `<prefix>_admin`, `<prefix>_street` and `<prefix>_worker`. */
export async function signInDesks(app: App, ctx: Ctx, prefix: string): Promise<Desks> {
  return {
    admin: await signInAs(app, ctx, 'district_admin', DISTRICT, `${prefix}_admin`),
    street: await signInAs(app, ctx, 'street_staff', STREET_HUBIN, `${prefix}_street`),
    worker: await signInAs(app, ctx, 'community_worker', COMMUNITY_HUBIN, `${prefix}_worker`),
  };
}

export interface DeskApp extends Desks {
  ctx: Ctx;
  app: App;
}

/**
 * A test file's app on a fresh database with the three desks signed in: opened before the
 * file's tests, closed after them. The fields are set once the file's beforeAll has run.
 */
export function setUpDesks(prefix: string): DeskApp {
  const t = {} as DeskApp;
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const opened = await createTestContext();
    close = opened.close;
    t.ctx = opened.ctx;
    t.app = await createTestApp(t.ctx);
    Object.assign(t, await signInDesks(t.app, t.ctx, prefix));
  });
  afterAll(async () => {
    await t.app?.close();
    await close?.();
  });
  return t;
}
