import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Locator,
  type Page,
} from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { buildApp } from '../server/app.ts';
import { DEMO_PASSWORD, ensureDemoUsers, generateDemoDistrict } from '../server/modules/demo/index.ts';
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

/** Signs in on the login page with the demo password and waits until the page has left it. */
export async function logIn(page: Page, url: string, username: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/**
 * A button by the end of its name: antd writes two-character Chinese labels with a space between
 * them ("发 布"), and an icon before the label adds its own name.
 */
export const label = (text: string) => new RegExp(`${[...text].join('\\s*')}\\s*$`);

/** Waits until the text shows somewhere visible in the page or the part of it. */
export async function seeText(scope: Page | Locator, text: string | RegExp, timeout = 20_000) {
  await expect
    .poll(() => scope.getByText(text).filter({ visible: true }).first().isVisible(), { timeout })
    .toBe(true);
}

export type Device = 'laptop' | 'phone';

/** The product a journey runs on, and the browsers its people use. */
export interface Journey {
  readonly ctx: Ctx;
  readonly app: App;
  readonly url: string;
  readonly browser: Browser;
  /** A browser in Hangzhou (zh-CN, Asia/Shanghai); closed after the journey, pictured if a step fails. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /**
   * A signed-in page as its user has it: the workers' laptops and the volunteers' phones are in
   * Hangzhou, so the page's clock (date pickers, "today") is Asia/Shanghai.
   */
  signIn(username: string, device?: Device): Promise<Page>;
  /** Rows of a query on the product's database. */
  rows<T>(query: string): Promise<T[]>;
}

/**
 * A journey's product: started before its first step (startProduct) and closed after its last,
 * with the browsers it opened. A failed step leaves a picture of every open page in
 * test-results/<name>-failed-…, to see what the user saw.
 */
export function setUpJourney(name: string, residents?: number): Journey {
  let running: Running | undefined;
  const contexts: BrowserContext[] = [];
  const product = (): Running => {
    if (!running) throw new Error('the product starts before the first step');
    return running;
  };

  beforeAll(async () => {
    running = await startProduct(residents);
    mkdirSync('test-results', { recursive: true });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await running?.close();
  });
  afterEach(async (t) => {
    if (t.task.result?.state !== 'fail') return;
    let i = 0;
    for (const c of contexts)
      for (const p of c.pages())
        await p
          .screenshot({ path: `test-results/${name}-failed-${t.task.name.slice(0, 20)}-${i++}.png` })
          .catch(() => undefined);
  });

  const newContext = async (options: BrowserContextOptions = {}) => {
    const context = await product().browser.newContext({
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      ...options,
    });
    contexts.push(context);
    return context;
  };
  return {
    get ctx() {
      return product().ctx;
    },
    get app() {
      return product().app;
    },
    get url() {
      return product().url;
    },
    get browser() {
      return product().browser;
    },
    newContext,
    async signIn(username, device = 'laptop') {
      const context = await newContext(
        device === 'phone'
          ? { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
          : { viewport: { width: 1366, height: 768 } },
      );
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      await logIn(page, product().url, username);
      return page;
    },
    async rows<T>(query: string) {
      return ((await product().ctx.database.db.execute(query)) as unknown as { rows: T[] }).rows;
    },
  };
}
