#!/usr/bin/env node
// Adds the platform packages npm leaves out of package-lock.json (npm/cli#4828): packages such as
// esbuild, rollup and biome name one optional binary per platform, npm records only the ones it
// could resolve, and `npm ci` then refuses the lock as out of sync. The missing entries carry the
// platform (os, cpu, libc) read from the package name, so `npm ci` skips them on every other
// machine without fetching anything. Run after `npm install` changes the lock.
import { readFileSync, writeFileSync } from 'node:fs';

const OSES = [
  'android',
  'darwin',
  'linux',
  'win32',
  'freebsd',
  'openbsd',
  'netbsd',
  'sunos',
  'aix',
  'openharmony',
];
const CPUS = ['arm64', 'x64', 'ia32', 'arm', 'loong64', 'ppc64', 'riscv64', 's390x', 'mips64el', 'wasm32'];

/** '@rollup/rollup-linux-arm-musleabihf' → { os: ['linux'], cpu: ['arm'], libc: ['musl'] } */
function platformOf(name) {
  const tokens = name.split('/').pop().split('-');
  const os = tokens.find((t) => OSES.includes(t));
  const cpu = tokens.find((t) => CPUS.includes(t));
  const libc = tokens.some((t) => t.startsWith('musl'))
    ? 'musl'
    : tokens.some((t) => t.startsWith('gnu'))
      ? 'glibc'
      : undefined;
  if (!cpu) return undefined;
  return { ...(os ? { os: [os] } : {}), cpu: [cpu], ...(libc && os === 'linux' ? { libc: [libc] } : {}) };
}

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const packages = lock.packages;
const missing = new Map();
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${path ? `${path}/` : ''}node_modules/${name}`;
    if (packages[nested] || packages[`node_modules/${name}`]) continue;
    if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(range)) continue; // platform binaries are pinned exactly
    missing.set(`node_modules/${name}`, { name, version: range, dev: entry.dev === true });
  }
}
let added = 0;
for (const [key, m] of missing) {
  const platform = platformOf(m.name);
  if (!platform) {
    console.warn(`skipped ${m.name}: no platform in its name`);
    continue;
  }
  packages[key] = { version: m.version, ...(m.dev ? { dev: true } : {}), optional: true, ...platform };
  added++;
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
);
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: added ${added} platform packages`);
