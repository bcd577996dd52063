#!/usr/bin/env node
// `npm test`: type check and lint, unit tests, integration tests on PGlite and on PostgreSQL 15, then the browser
// journeys in Chromium against a built web app. Stops at the first failing stage.
import { spawnSync } from 'node:child_process';

const stages = [
  { name: 'types', cmd: ['npx', 'tsc', '--noEmit', '-p', 'tsconfig.json'] },
  { name: 'lint', cmd: ['npx', 'biome', 'check', '.'] },
  { name: 'unit', cmd: ['npx', 'vitest', 'run', '--project', 'unit'] },
  {
    name: 'integration · PGlite',
    cmd: ['npx', 'vitest', 'run', '--project', 'int'],
    env: { MINSHENG_TEST_DB: 'pglite' },
  },
  {
    name: 'integration · PostgreSQL 15',
    cmd: ['npx', 'vitest', 'run', '--project', 'int'],
    env: { MINSHENG_TEST_DB: 'pg' },
  },
  {
    name: 'web build',
    cmd: ['npx', 'vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
  },
  { name: 'browser · Chromium', cmd: ['npx', 'vitest', 'run', '--project', 'e2e', '--no-file-parallelism'] },
];

const only = process.argv.slice(2);
for (const s of stages) {
  if (only.length && !only.some((o) => s.name.startsWith(o))) continue;
  console.log(`\n━━ ${s.name} ━━`);
  const started = Date.now();
  const r = spawnSync(s.cmd[0], s.cmd.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, ...(s.env ?? {}) },
  });
  console.log(
    `━━ ${s.name}: ${r.status === 0 ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(0)} s)`,
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
}
