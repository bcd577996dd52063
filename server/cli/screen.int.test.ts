import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrgTree } from '../modules/areas/index.ts';
import { insertFacts, insertPersons, preparePerson } from '../modules/registry/index.ts';
import { testConfig } from '../platform/config.ts';
import { createFieldCrypto } from '../platform/crypto.ts';
import { type Database, migrateDatabase } from '../platform/db/index.ts';
import { queryRows } from '../platform/db/rows.ts';
import { newId } from '../platform/ids.ts';
import { buildIdNumber, COMMUNITY_HUBIN, COMMUNITY_QINGBO } from '../testing/builders.ts';
import { type CliDatabase, createCliDatabase } from '../testing/cli.ts';
import { testEngine } from '../testing/context.ts';

const AS_OF = '2026-06-15';
const FILLERS = 40;

let dir: string;
let cliDb: CliDatabase;
let peopleFile: string;

interface Built {
  key: string;
  birthDate: string;
  areaCode: string;
  hukouLocal: boolean;
  pensionFen?: number;
  ability?: string;
  living?: string;
}

/** Elders at the thresholds of 重阳分, 家庭养老照护床位 and 高龄津贴, in two streets, and younger people. */
const PEOPLE: Built[] = [
  // Entitled to 重阳分: 80, pension under the line, moderately disabled, living alone.
  {
    key: 'e1',
    birthDate: '1946-03-01',
    areaCode: COMMUNITY_HUBIN,
    hukouLocal: true,
    pensionFen: 280_000,
    ability: 'moderate',
    living: 'alone',
  },
  // Unknown: no pension recorded, nothing else failing.
  {
    key: 'e2',
    birthDate: '1956-01-01',
    areaCode: COMMUNITY_HUBIN,
    hukouLocal: true,
    ability: 'moderate',
    living: 'alone',
  },
  // Not: pension above the line.
  { key: 'e3', birthDate: '1960-01-01', areaCode: COMMUNITY_QINGBO, hukouLocal: true, pensionFen: 350_000 },
  // 85 and mildly disabled (家庭养老照护床位 R2), living with family.
  {
    key: 'e4',
    birthDate: '1941-06-15',
    areaCode: COMMUNITY_QINGBO,
    hukouLocal: true,
    ability: 'mild',
    living: 'with_family',
  },
  // Not registered in the district.
  { key: 'e5', birthDate: '1930-01-01', areaCode: COMMUNITY_QINGBO, hukouLocal: false, pensionFen: 100_000 },
  ...Array.from({ length: FILLERS }, (_, i) => ({
    key: `f${i}`,
    birthDate: `${1976 + (i % 20)}-0${1 + (i % 9)}-1${i % 10}`,
    areaCode: i % 2 ? COMMUNITY_HUBIN : COMMUNITY_QINGBO,
    hukouLocal: i % 3 !== 0,
  })),
];

const withDb = <T>(fn: (db: Database) => Promise<T>) => cliDb.withDb(fn);
const cli = (...args: string[]) => cliDb.start('screen', ...args).done;

const jsonLines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

beforeAll(async () => {
  cliDb = await createCliDatabase('screen');
  dir = cliDb.dir;
  const crypto = createFieldCrypto(testConfig().dataKey);
  await withDb(async (database) => {
    await migrateDatabase(database);
    await seedOrgTree(database.db);
    const rows = [];
    const facts: Parameters<typeof insertFacts>[1] = [];
    for (const p of PEOPLE) {
      const id = newId();
      const prepared = preparePerson(
        { crypto },
        {
          name: `筛查${p.key}`,
          idNumber: buildIdNumber({ birthDate: p.birthDate }),
          hukouLocal: p.hukouLocal,
          areaCode: p.areaCode,
        },
        AS_OF,
        id,
      );
      if (!prepared.ok) throw new Error(JSON.stringify(prepared.issues));
      rows.push(prepared.value.row);
      const fact = (kind: string, value: Record<string, unknown>) =>
        facts.push({
          personId: id,
          id: newId(),
          kind,
          value,
          validFrom: '2024-01-01',
          validTo: null,
          source: '测试',
          recordedBy: 'test',
        });
      if (p.pensionFen !== undefined) fact('pension', { monthlyFen: p.pensionFen });
      if (p.ability) fact('ability_grade', { grade: p.ability });
      if (p.living) fact('living_arrangement', { arrangement: p.living });
    }
    await insertPersons(database.db, rows);
    await insertFacts(database.db, facts);
  });
  // The same people as a file. Without a household, the registry's income per head is the
  // person's own pension, so the file says so too.
  peopleFile = join(dir, 'people.jsonl');
  await writeFile(
    peopleFile,
    PEOPLE.map((p) =>
      JSON.stringify({
        id: p.key,
        birthDate: p.birthDate,
        areaCode: p.areaCode,
        hukou_local: p.hukouLocal,
        ...(p.pensionFen !== undefined ? { pension: p.pensionFen, household_income: p.pensionFen } : {}),
        ...(p.ability ? { ability: p.ability } : {}),
        ...(p.living ? { living: p.living } : {}),
      }),
    ).join('\n'),
  );
}, 300_000);

afterAll(async () => {
  await cliDb?.drop();
});

describe(`minsheng screen over the registry (${testEngine() === 'pg' ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('screens street by street, writes the worklist and counts as the file path does', async () => {
    const run = await cli('--programme', 'all', '--as-of', AS_OF, '--format', 'jsonl');
    expect(run.code, run.stderr).toBe(0);
    // Progress per street on stderr, in street order, with the running total of people.
    const progress = run.stderr.trim().split('\n');
    expect(progress).toHaveLength(2);
    expect(progress[0]).toMatch(/^筛查 \[1\/14\] 湖滨街道：累计 \d+ 人，用时 [\d.]+ 秒$/);
    expect(progress[1]).toMatch(
      new RegExp(`^筛查 \\[2/14\\] 清波街道：累计 ${PEOPLE.length} 人，用时 [\\d.]+ 秒$`),
    );

    const counts = jsonLines(run.stdout);
    const byCode = new Map(counts.map((c) => [c.programme, c]));
    expect(byCode.get('chongyang')).toMatchObject({
      asOf: AS_OF,
      programmeName: '重阳分',
      screened: PEOPLE.length,
      entitled: 1,
      enrolled: 0,
      entitledNotEnrolled: 1,
      enrolledNotEntitled: 0,
      unknown: 1,
      newItems: 1,
      monthlyAmount: 10_000,
    });
    // e3 and e5 have no ability grade: unknown for the bed, whatever else holds.
    expect(byCode.get('family_bed')).toMatchObject({
      entitled: 3,
      unknown: 2,
      monthlyAmount: 60_000 * 2 + 20_000,
    });

    // The worklist holds what the counts say, and the run row is done.
    const runId = counts[0].runId as string;
    await withDb(async (db) => {
      const items = await queryRows<{ programme_code: string; kind: string; n: number }>(
        db.db,
        sql`select programme_code, kind, count(*)::int as n from worklist_items where run_id = ${runId}
            group by 1, 2 order by 1, 2`,
      );
      for (const c of counts) {
        const mine = items.filter((i) => i.programme_code === c.programme).reduce((s, i) => s + i.n, 0);
        expect([c.programme, mine]).toEqual([c.programme, c.newItems]);
      }
      expect(items.find((i) => i.programme_code === 'chongyang')).toEqual({
        programme_code: 'chongyang',
        kind: 'outreach',
        n: 1,
      });
      const [row] = await queryRows<{ status: string; processed: number }>(
        db.db,
        sql`select status, processed from screening_runs where id = ${runId}`,
      );
      expect(row).toEqual({ status: 'done', processed: PEOPLE.length });
    });

    // The same people from a file, without the database: the same verdicts.
    const file = await cli(
      '--programme',
      'all',
      '--as-of',
      AS_OF,
      '--input',
      peopleFile,
      '--format',
      'jsonl',
    );
    expect(file.code, file.stderr).toBe(0);
    const verdicts = jsonLines(file.stdout);
    for (const c of counts) {
      const mine = verdicts.filter((v) => v.programme === c.programme);
      const granted = mine.filter((v) => v.verdict === 'entitled' || v.verdict === 'alert');
      expect([
        c.programme,
        mine.length,
        granted.length,
        mine.filter((v) => v.verdict === 'unknown').length,
      ]).toEqual([c.programme, c.screened, c.entitled, c.unknown]);
    }
  }, 180_000);

  it('prints the counts as a table, and a second run finds nothing new', async () => {
    const run = await cli('--programme', 'chongyang,longevity', '--as-of', AS_OF, '--area', '330102001000');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^筛查 \[1\/1\] 湖滨街道：累计 \d+ 人/);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^筛查批次 \\S+：截至 ${AS_OF}，共筛查 \\d+ 人，用时 [\\d.]+ 秒$`));
    expect(lines[1]?.split(/\s{2,}/)).toEqual([
      '项目',
      '筛查',
      '符合/预警',
      '已享受',
      '应享未享（政策找人）',
      '待复核',
      '未知',
      '新建事项',
      '每月金额',
    ]);
    // 湖滨: e1 entitled (its outreach item already open), e2 unknown.
    const hubin = PEOPLE.filter((p) => p.areaCode === COMMUNITY_HUBIN).length;
    expect(lines.find((l) => l.startsWith('重阳分'))?.split(/\s+/)).toEqual([
      '重阳分',
      String(hubin),
      '1',
      '0',
      '1',
      '0',
      '1',
      '0',
      '¥100.00',
    ]);
    expect(lines.find((l) => l.startsWith('高龄津贴'))?.split(/\s+/)).toEqual([
      '高龄津贴',
      String(hubin),
      '1',
      '0',
      '1',
      '0',
      '0',
      '0',
      '¥50.00',
    ]);
  }, 120_000);

  it('refuses an unknown programme, an unknown user and a screening already running', async () => {
    const unknown = await cli('--programme', 'chongyang,nope', '--as-of', AS_OF, '--lang', 'en');
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(
      /^Unknown programme code 'nope'; known codes: .*\bchongyang, family_bed\b/,
    );

    const user = await cli('--programme', 'all', '--as-of', AS_OF, '--user', 'nobody');
    expect([user.code, user.stderr.trim()]).toEqual([2, '找不到用户：nobody']);

    const runId = newId();
    await withDb((db) =>
      db.exec(
        `insert into screening_runs (id, as_of, programmes, area_code, status, started_by, started_at)
         values ('${runId}', '${AS_OF}', '{}', '330102000000', 'running', 'test', now())`,
      ),
    );
    try {
      const busy = await cli('--programme', 'all', '--as-of', AS_OF, '--format', 'jsonl');
      expect(busy.code).toBe(1);
      expect(busy.stderr).toContain('已有一次筛查正在进行');
      expect(JSON.parse(busy.stdout)).toMatchObject({ error: { code: 'SCREENING_RUNNING' } });
    } finally {
      await withDb((db) => db.exec(`update screening_runs set status = 'failed' where id = '${runId}'`));
    }
  }, 120_000);
});
