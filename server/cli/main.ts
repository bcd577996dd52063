import { parseArgs } from 'node:util';
import { describeDatabase, openContext } from '../bootstrap.ts';
import { loadConfig } from '../platform/config.ts';
import { runBenefitsCommand } from './benefits.ts';
import { runChongyangCommand } from './chongyang.ts';
import { runDemoCommand } from './demo.command.ts';
import { runImportCommand } from './import.command.ts';
import { runLedgerCommand } from './ledger.ts';
import { runScreenCommand } from './screen.ts';
import { runUserCommand } from './user.command.ts';
import { runVolunteersCommand } from './volunteers.ts';

const HELP = `minsheng — 民生 district livelihood platform

Usage:
  minsheng serve                         start the web app and API (same as npm start)
  minsheng migrate                       apply database migrations
  minsheng demo --residents N --seed S   generate a demo district (deterministic)
  minsheng import residents <file.csv|file.xlsx> [--dry-run] [--format table|json]
                 [--on-duplicate skip|update] [--user NAME] [--lang zh-CN|en]
  minsheng user create --username U --name N --role ROLE --area CODE [--password P]
  minsheng chongyang grant|expire --month YYYY-MM [--chunk-size N] [--format table|json] [--user NAME]
                                         run the month's 重阳分 grant or expiry (resumable)
  minsheng ledger check [--format table|json]   the ledger's invariant check (exit 1 on violations)
  minsheng volunteers points expire --month YYYY-MM [--chunk-size N] [--format table|json] [--user NAME]
                                         expire the month's lapsed volunteer points (resumable)
  minsheng screen --programme <code|all> --as-of YYYY-MM-DD [--input persons.jsonl] [--format table|jsonl]
                 [--explain]             who is entitled: a file of people without a database, or the registry
  minsheng benefits pay --programme <code|all> --month YYYY-MM [--chunk-size N] [--format table|json]
                 [--user NAME] [--lang zh-CN|en]   pay the month's recurring benefits (resumable)

Environment: DATABASE_URL=postgres://… uses PostgreSQL; otherwise PGlite in ./data/pglite.
`;

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      await import('../main.ts');
      return;
    case 'migrate': {
      const config = loadConfig();
      const ctx = await openContext(config);
      console.log(`migrated: ${describeDatabase(config.databaseUrl)}`);
      await ctx.database.close();
      return;
    }
    case 'demo':
      process.exitCode = await runDemoCommand(rest);
      return;
    case 'import':
      process.exitCode = await runImportCommand(rest);
      return;
    case 'user':
      process.exitCode = await runUserCommand(rest);
      return;
    case 'chongyang':
      process.exitCode = await runChongyangCommand(rest);
      return;
    case 'ledger':
      process.exitCode = await runLedgerCommand(rest);
      return;
    case 'volunteers':
      process.exitCode = await runVolunteersCommand(rest);
      return;
    case 'screen':
      process.exitCode = await runScreenCommand(rest);
      return;
    case 'benefits':
      process.exitCode = await runBenefitsCommand(rest);
      return;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(HELP);
      return;
    default:
      console.error(`unknown command: ${command}\n\n${HELP}`);
      process.exitCode = 2;
  }
}

export { parseArgs };

main(process.argv.slice(2)).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
