/**
 * `npm run bench -- registry [--residents 870000] [--engines pg,pglite] [--duration 15]
 *   [--connections 50] [--import-rows 100000] [--reuse]`
 *
 * On the generated district, per engine: generation time; import of N rows (rows/s); p50/p99
 * latency of the residents search (name prefix within one street) and of the resident page
 * under 50 concurrent clients (autocannon against the real server in its own process), beside
 * the same SQL run straight through the driver (the floor, named `raw-sql`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import autocannon from 'autocannon';
import pg from 'pg';
import { idCheckCharacter } from '../contracts/id-number.ts';
import { createUser } from '../server/modules/identity/index.ts';
import { importResidentsFile } from '../server/modules/imports/index.ts';
import { prefixRange } from '../server/modules/registry/index.ts';
import { SYSTEM_ACTOR } from '../server/platform/access.ts';
import type { Ctx } from '../server/platform/context.ts';
import {
  databaseUrlFor,
  dbNameOf,
  type Engine,
  log,
  percentile,
  printTable,
  type Result,
  watched,
  withDistrict,
  writeResults,
} from './lib.ts';

const BENCH_KEY = '2a'.repeat(32);
const STREET = '330102014000'; // 丁兰街道, one of the two most populous streets
const STREET_PREFIX = STREET.slice(0, 9);
const USER = 'bench_street';
const PASSWORD = 'BenchStreet2026';
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split(
    '',
  );

interface Options {
  residents: number;
  engines: Engine[];
  duration: number;
  connections: number;
  importRows: number;
  reuse: boolean;
  seed: number;
}

/** Generates the district (or reuses one of the right size), then creates the bench user and measures the import. */
async function prepare(engine: Engine, o: Options, results: Result[]): Promise<void> {
  const url = databaseUrlFor(engine, o.residents);
  const { residents, seed, reuse } = o;
  const district = { engine, url, residents, seed, reuse, dataKey: BENCH_KEY, progressEvery: 2000 };
  await withDistrict({ ...district, metrics: ['duration_s', 'residents_per_s'] }, results, async (ctx) => {
    try {
      await createUser(ctx, {
        username: USER,
        displayName: '基准测试',
        password: PASSWORD,
        grants: [{ role: 'street_staff', areaCode: STREET }],
      });
    } catch {
      // already there from an earlier run
    }
    await benchImport(engine, ctx, o, results);
  });
}

/** A CSV of N new residents with valid, unique ID numbers (born elsewhere, so no clash). */
function importCsv(n: number, runTag: number): Buffer {
  const communities = ['丁兰社区', '蕙兰社区', '明珠社区', '美辰社区', '勤丰社区', '长虹社区'];
  const lines = ['姓名,身份证号,联系电话,户籍,所属街道,居住社区,居住地址,与户主关系,户号'];
  for (let i = 0; i < n; i++) {
    const year = 1940 + (i % 70);
    const day = String(1 + ((i >> 3) % 28)).padStart(2, '0');
    const month = String(1 + ((i >> 8) % 12)).padStart(2, '0');
    // Area 1101xx (Beijing) with a run tag keeps the numbers apart from the demo district's.
    const area = `1101${String(runTag % 100).padStart(2, '0')}`;
    const seq = String(i % 1000).padStart(3, '0');
    const body = `${area}${year}${month}${day}${seq}`;
    const id = body + idCheckCharacter(body);
    const hh = Math.floor(i / 3);
    lines.push(
      `${SURNAMES[i % SURNAMES.length]}导${'一二三四五六七八九'[i % 9]},${id},139${String(i).padStart(8, '0')},本区,丁兰街道,${communities[hh % communities.length]},丁兰路${hh % 500}号,${i % 3 === 0 ? '本人' : '配偶'},H${runTag}-${hh}`,
    );
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

async function benchImport(engine: Engine, ctx: Ctx, o: Options, results: Result[]) {
  if (o.importRows <= 0) return;
  const runTag = Math.floor(Date.now() / 1000) % 100;
  // The generated ID numbers must be unique within the file: 70 years × 28 days × 12 months × 1000.
  const buffer = importCsv(o.importRows, runTag);
  const started = Date.now();
  let last = 0;
  const { validation, result } = await importResidentsFile(ctx, SYSTEM_ACTOR, {
    buffer,
    fileName: 'bench.csv',
    lang: 'zh-CN',
    dryRun: false,
    onDuplicate: 'skip',
    onProgress: (p) => {
      if (Date.now() - last > 2000) {
        last = Date.now();
        log(`  [${engine}] import ${JSON.stringify(p)}`);
      }
    },
  });
  const seconds = (Date.now() - started) / 1000;
  if (validation.badRows > 0) throw new Error(`bench import file has ${validation.badRows} bad rows`);
  const written = (result?.inserted ?? 0) + (result?.updated ?? 0) + (result?.skipped ?? 0);
  log(`  [${engine}] imported ${written} rows in ${seconds.toFixed(1)} s`);
  results.push({
    system: 'minsheng',
    engine,
    case: `import-${o.importRows}-rows`,
    metric: 'rows_per_s',
    value: o.importRows / seconds,
  });
  // Leave the district as it was, so runs with --reuse measure the same data: remove exactly the
  // rows this import created (the demo district has people born in 1101xx too).
  const since = new Date(started).toISOString();
  await ctx.database.exec(`
    delete from persons where created_at >= '${since}';
    delete from households where created_at >= '${since}';`);
  // The latency cases then measure the district as autovacuum would soon leave it.
  await ctx.database.exec('VACUUM ANALYZE persons');
  await ctx.database.exec('VACUUM ANALYZE households');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function startServer(
  engine: Engine,
  o: Options,
): Promise<{ child: ChildProcess; base: string; cookie: string }> {
  const port = await freePort();
  // `npm start`'s defaults: LOG_LEVEL unset means no request log (a shell that happens to export
  // it would otherwise add two log lines to every request measured).
  const { LOG_LEVEL: _logLevel, ...env } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrlFor(engine, o.residents),
      MINSHENG_DATA_KEY: BENCH_KEY,
      DEMO_RESIDENTS: '1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: USER, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`bench login failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return { child, base, cookie };
}

function searchPrefixes(): string[] {
  // Single surnames and the most common two-character prefixes of given names' first character.
  return SURNAMES.slice(0, 40);
}

async function load(base: string, cookie: string, paths: string[], o: Options) {
  let i = 0;
  const r = await autocannon({
    url: base,
    connections: o.connections,
    duration: o.duration,
    headers: { cookie, 'accept-language': 'zh-CN' },
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }) }],
  });
  if (r.non2xx > 0 || r.errors > 0) log(`  warning: ${r.non2xx} non-2xx and ${r.errors} errors`);
  return { p50: r.latency.p50, p99: r.latency.p99, rps: r.requests.average };
}

/** The repository's SQL, run straight through the driver by 50 concurrent clients (the floor). */
interface RawRunner {
  query(text: string, params: unknown[]): Promise<unknown>;
  close(): Promise<void>;
}

async function rawRunner(engine: Engine, o: Options): Promise<RawRunner> {
  const url = databaseUrlFor(engine, o.residents);
  if (engine === 'pg') {
    const pool = new pg.Pool({ connectionString: url, max: o.connections });
    // Named statements, as the server's hot queries are: parsed and planned once per connection.
    const names = new Map<string, string>();
    const nameOf = (t: string) => {
      if (!names.has(t)) names.set(t, `raw_${names.size}`);
      return names.get(t)!;
    };
    return { query: (t, p) => pool.query({ name: nameOf(t), text: t, values: p }), close: () => pool.end() };
  }
  const db = await PGlite.create(url);
  return { query: (t, p) => db.query(t, p), close: () => db.close() };
}

const SUMMARY =
  'id, name, id_masked, sex, birth_date, phone_masked, hukou_local, area_code, street_code, address, deceased_on';
// The residents search's single round trip, as the repository issues it: the count (capped at
// 2,001) with the page of 20 joined laterally, the same parameters as the prepared statement.
const NAME_RANGE = (p: string, lo: string, hi: string) =>
  `street_code = ${p} and name collate "C" >= ${lo} and name collate "C" < ${hi}`;
const SEARCH_SQL = `select n, page.* from (select count(*)::int as n from (select 1 from persons
  where ${NAME_RANGE('$1', '$2', '$3')} limit $4) matched) counted
  left join lateral (select ${SUMMARY} from persons where ${NAME_RANGE('$5', '$6', '$7')}
    order by name collate "C", id limit $8 offset $9) page on true`;
// The resident page's single round trip, as the repository issues it.
const PAGE_SQL = `select ${SUMMARY}, household_id, relation, version, created_at, updated_at,
  coalesce((select json_agg(json_build_object('id', m.id, 'name', m.name, 'idMasked', m.id_masked, 'sex', m.sex,
    'birthDate', m.birth_date, 'relation', m.relation, 'deceasedOn', m.deceased_on) order by m.birth_date, m.id)
    from persons m where m.household_id = p.household_id and m.street_code = $2), '[]'::json) as members,
  coalesce((select json_agg(json_build_object('personId', f.person_id, 'id', f.id, 'kind', f.kind, 'value', f.value,
    'validFrom', f.valid_from, 'validTo', f.valid_to, 'source', f.source, 'recordedBy', f.recorded_by,
    'recordedAt', f.recorded_at, 'closedBy', f.closed_by) order by f.kind, f.valid_from)
    from person_facts f where f.person_id = p.id), '[]'::json) as facts
  from persons p where p.id = $1 and p.street_code = $2`;

async function rawLoad(o: Options, op: (i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  const until = Date.now() + o.duration * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: o.connections }, async () => {
      while (Date.now() < until) {
        const i = n++;
        const t = performance.now();
        await op(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    rps: latencies.length / o.duration,
  };
}

async function samplePeople(run: RawRunner): Promise<{ id: string; household_id: string }[]> {
  const r = (await run.query(
    'select id, household_id from persons where street_code = $1 order by md5(id::text) limit 2000',
    [STREET_PREFIX],
  )) as { rows: { id: string; household_id: string }[] };
  return r.rows;
}

/**
 * Runs one measured case and warns when other processes on the machine took CPU meanwhile (the
 * bench database's server processes and our own children count as ours).
 */
async function measured<T>(
  engine: Engine,
  o: Options,
  label: string,
  serverPid: number | undefined,
  fn: () => Promise<T>,
) {
  const dbName = engine === 'pg' ? dbNameOf(databaseUrlFor(engine, o.residents)) : undefined;
  return watched(
    label,
    (pid, cmdline) =>
      pid === process.pid || pid === serverPid || (dbName !== undefined && cmdline.includes(` ${dbName} `)),
    fn,
  );
}

const WARM_UP_S = 3;

async function benchLatency(engine: Engine, o: Options, results: Result[]) {
  const prefixes = searchPrefixes();
  // The floor first: PGlite is one process's database, so the raw run and the server take turns.
  // Both sides get the same warm-up before each case (JIT, plans, connections), then measure.
  const run = await rawRunner(engine, o);
  const people = await samplePeople(run);
  const rawSearchOp = async (i: number) => {
    const { lo, hi } = prefixRange(prefixes[i % prefixes.length]!);
    await run.query(SEARCH_SQL, [STREET_PREFIX, lo, hi, 2001, STREET_PREFIX, lo, hi, 20, 0]);
  };
  const rawPageOp = async (i: number) => {
    const p = people[i % people.length]!;
    await run.query(PAGE_SQL, [p.id, STREET_PREFIX]);
  };
  await rawLoad({ ...o, duration: WARM_UP_S }, rawSearchOp);
  const rawSearch = await measured(engine, o, 'raw-sql search', undefined, () => rawLoad(o, rawSearchOp));
  await rawLoad({ ...o, duration: WARM_UP_S }, rawPageOp);
  const rawPage = await measured(engine, o, 'raw-sql page', undefined, () => rawLoad(o, rawPageOp));
  await run.close();

  const server = await startServer(engine, o);
  try {
    const searchPaths = prefixes.map(
      (s) => `/api/persons?q=${encodeURIComponent(s)}&area=${STREET}&pageSize=20`,
    );
    const pagePaths = people.map((p) => `/api/persons/${p.id}`);
    const warmUp = { ...o, duration: WARM_UP_S };
    await load(server.base, server.cookie, searchPaths, warmUp);
    const search = await measured(engine, o, 'minsheng search', server.child.pid, () =>
      load(server.base, server.cookie, searchPaths, o),
    );
    await load(server.base, server.cookie, pagePaths, warmUp);
    const page = await measured(engine, o, 'minsheng page', server.child.pid, () =>
      load(server.base, server.cookie, pagePaths, o),
    );
    for (const [c, mine, raw] of [
      ['residents-search-50-clients', search, rawSearch],
      ['resident-page-50-clients', page, rawPage],
    ] as const) {
      const name = c.replace('-50-', `-${o.connections}-`);
      results.push({ system: 'minsheng', engine, case: name, metric: 'p50_ms', value: mine.p50 });
      results.push({ system: 'raw-sql', engine, case: name, metric: 'p50_ms', value: raw.p50 });
      results.push({ system: 'minsheng', engine, case: name, metric: 'p99_ms', value: mine.p99 });
      results.push({ system: 'raw-sql', engine, case: name, metric: 'p99_ms', value: raw.p99 });
      results.push({ system: 'minsheng', engine, case: name, metric: 'requests_per_s', value: mine.rps });
      results.push({ system: 'raw-sql', engine, case: name, metric: 'requests_per_s', value: raw.rps });
    }
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
  }
}

export async function run(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      residents: { type: 'string', default: '870000' },
      engines: { type: 'string', default: 'pg,pglite' },
      duration: { type: 'string', default: '15' },
      connections: { type: 'string', default: '50' },
      'import-rows': { type: 'string', default: '100000' },
      seed: { type: 'string', default: '2021' },
      reuse: { type: 'boolean', default: false },
    },
  });
  const o: Options = {
    residents: Number(values.residents),
    engines: values.engines!.split(',') as Engine[],
    duration: Number(values.duration),
    connections: Number(values.connections),
    importRows: Number(values['import-rows']),
    seed: Number(values.seed),
    reuse: values.reuse!,
  };
  const results: Result[] = [];
  for (const engine of o.engines) {
    log(`\n▶ ${engine}: district of ${o.residents} residents`);
    await prepare(engine, o, results);
    await benchLatency(engine, o, results);
  }
  console.log(
    `\nregistry · ${o.residents} residents · ${o.connections} clients · ${o.duration} s per case\n`,
  );
  printTable(results);
  const file = writeResults(
    'registry',
    { residents: o.residents, connections: o.connections, import_rows: o.importRows },
    results,
  );
  console.log(`\n→ ${file}`);
}
