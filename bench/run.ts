/** `npm run bench -- <name> [options]` */
export {};

const [name, ...args] = process.argv.slice(2);
const benches: Record<string, () => Promise<{ run(args: string[]): Promise<void> }>> = {
  registry: () => import('./registry.ts'),
  ledger: () => import('./ledger.ts'),
  matching: () => import('./matching.ts'),
  eligibility: () => import('./eligibility.ts'),
};

if (!name || !benches[name]) {
  console.error(`usage: npm run bench -- <${Object.keys(benches).join('|')}> [options]`);
  process.exit(2);
}
const mod = await benches[name]!();
await mod.run(args);
