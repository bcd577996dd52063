#!/usr/bin/env node
// `npm start`: builds the web app when it is missing or older than its sources, then runs the
// server (migrate → demo district when empty → serve on PORT, default 3000).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const index = 'web/dist/index.html';
const sources = Math.max(newest('web/src'), newest('contracts'), statSync('web/index.html').mtimeMs);
if (!existsSync(index) || statSync(index).mtimeMs < sources) {
  console.log('构建网页 / building the web app …');
  const { build } = await import('vite');
  await build({ configFile: 'web/vite.config.ts', logLevel: 'warn' });
}

const { register } = await import('tsx/esm/api');
register();
await import('../server/main.ts');
