import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium, type Page } from 'playwright-core';
import { buildApp } from '../server/app.ts';
import { ensureDemoUsers, generateDemoDistrict } from '../server/modules/demo/index.ts';
import { systemClock } from '../server/platform/clock.ts';
import type { Ctx } from '../server/platform/context.ts';
import type { App } from '../server/platform/http/types.ts';
import { createTestContext } from '../server/testing/context.ts';

/** Debian's Chromium: CHROMIUM_PATH, else `chromium` on the PATH. */
export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (existsSync(p)) return p;
  return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
}

export interface Running {
  ctx: Ctx;
  app: App;
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * The product as a worker meets it: a fresh database with a small demo district, the API and
 * the built web app on one port, and Chromium.
 */
export async function startProduct(residents = 400): Promise<Running> {
  if (!existsSync('web/dist/index.html'))
    throw new Error('web/dist is missing: run `npm run build:web` first');
  const { ctx, close } = await createTestContext({ clock: systemClock });
  await generateDemoDistrict(ctx, { residents, seed: 7 });
  await ensureDemoUsers(ctx);
  const app = await buildApp(ctx, { serveWeb: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
  return {
    ctx,
    app,
    url,
    browser,
    close: async () => {
      await browser.close();
      await app.close();
      await close();
    },
  };
}

export async function newPage(r: Running): Promise<Page> {
  const context = await r.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return page;
}
