import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { FieldCrypto } from './crypto.ts';
import type { Database, Db } from './db/index.ts';

/** What every service receives from the composition root. */
export interface Ctx {
  db: Db;
  database: Database;
  clock: Clock;
  crypto: FieldCrypto;
  config: Config;
}
