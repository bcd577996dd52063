import { buildApp } from './app.ts';
import { describeDatabase, openContext } from './bootstrap.ts';
import { DEMO_LOGINS, ensureDemoDistrict } from './modules/demo/index.ts';
import { sweepOverdueAlerts } from './modules/eligibility/index.ts';
import { expireHolds } from './modules/ledger/index.ts';
import { sweepNeeds } from './modules/needs/index.ts';
import { loadConfig } from './platform/config.ts';
import { startPeriodic } from './platform/jobs.ts';

/**
 * `npm start`: migrate, generate the demo district when the registry is empty, then serve the
 * API and the web app on one port.
 */
async function main() {
  const config = loadConfig();
  const started = Date.now();
  console.log(`minsheng · ${describeDatabase(config.databaseUrl)}`);
  const ctx = await openContext(config);
  const generated = await ensureDemoDistrict(ctx, {
    residents: config.demoResidents,
    seed: config.demoSeed,
    onProgress: (msg) => process.stdout.write(`\r${msg}`.padEnd(80)),
  });
  if (generated) {
    process.stdout.write('\n');
    // Fresh statistics after the bulk load, so the planner picks the name and street indexes.
    await ctx.database.exec('ANALYZE');
  }
  const app = await buildApp(ctx, { serveWeb: true, logger: process.env.LOG_LEVEL !== undefined });
  await app.listen({ port: config.port, host: config.host });
  // Holds past their expiry (an order accepted but never served) give the elder's credits back.
  const sweep = startPeriodic('ledger.expire', 60_000, () => expireHolds(ctx.db, ctx.clock));
  // Needs whose start passed unscheduled expire; reminders that are due go out, each once.
  const needsSweep = startPeriodic('needs.sweep', 60_000, () => sweepNeeds(ctx));
  // Early-warning alerts past their deadline move up a level (community → street → district).
  const alertSweep = startPeriodic('alerts.escalate', 60_000, () => sweepOverdueAlerts(ctx));
  const url = `http://localhost:${config.port}`;
  console.log(`\nminsheng 已启动 / is running (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  console.log(`  网页 Web:      ${url}`);
  console.log(`  API 文档 docs: ${url}/api/docs`);
  console.log('\n演示账号 Demo logins (password for all: see below)');
  for (const l of DEMO_LOGINS)
    console.log(`  ${l.username.padEnd(16)} ${l.roleLabel.padEnd(20)} ${l.areaLabel}`);
  console.log(`  密码 password:   ${DEMO_LOGINS[0]?.password ?? ''}\n`);
  const stop = async () => {
    await sweep.stop();
    await needsSweep.stop();
    await alertSweep.stop();
    await app.close();
    await ctx.database.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
