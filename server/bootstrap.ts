import { seedOrgTree } from './modules/areas/index.ts';
import { ensureCareCreditDefaults } from './modules/care-credits/index.ts';
import { ensureEligibilityDefaults } from './modules/eligibility/index.ts';
import { ensureHomeServiceCatalogue } from './modules/home-services/index.ts';
import { ensureMealDefaults } from './modules/meals/index.ts';
import { ensureVolunteerPointDefaults } from './modules/volunteers/index.ts';
import { type Clock, systemClock } from './platform/clock.ts';
import { type Config, loadConfig } from './platform/config.ts';
import type { Ctx } from './platform/context.ts';
import { createFieldCrypto } from './platform/crypto.ts';
import { migrateDatabase, openDatabase } from './platform/db/index.ts';

/**
 * Opens the configured database, applies migrations and makes sure the reference data exists:
 * the org tree, the 重阳分 default setting, the home-service catalogue, the meal-subsidy rules,
 * the volunteer point rules.
 */
export async function openContext(config: Config = loadConfig(), clock: Clock = systemClock): Promise<Ctx> {
  const database = await openDatabase(config.databaseUrl);
  await migrateDatabase(database);
  await seedOrgTree(database.db);
  await ensureCareCreditDefaults(database.db, clock);
  await ensureEligibilityDefaults(database.db, clock);
  await ensureHomeServiceCatalogue(database.db);
  await ensureMealDefaults(database.db);
  await ensureVolunteerPointDefaults(database.db, clock);
  return { db: database.db, database, clock, crypto: createFieldCrypto(config.dataKey), config };
}

/** A URL safe to print: the password of a postgres:// URL is hidden. */
export function describeDatabase(url: string): string {
  if (!/^postgres/.test(url)) return `PGlite (${url})`;
  const u = new URL(url);
  if (u.password) u.password = '***';
  return `PostgreSQL (${u.toString()})`;
}
