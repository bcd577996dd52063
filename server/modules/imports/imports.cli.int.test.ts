import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIdNumber } from '../../testing/builders.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'minsheng-import-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs the real command line on its own PGlite data folder. */
function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, MINSHENG_DATA_DIR: join(dir, 'data') };
  delete env.DATABASE_URL;
  delete env.MINSHENG_DATA_KEY;
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'server/cli/main.ts', 'import', ...args], { env, cwd: process.cwd() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function file(name: string, lines: string[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `${['姓名,身份证号,联系电话,户籍,居住社区', ...lines].join('\n')}\n`);
  return path;
}

describe('minsheng import residents', () => {
  it('prints only JSON on a dry run with bad rows and exits 1', async () => {
    const good = buildIdNumber({ age: 70 });
    const bad = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    const path = await file('bad.csv', [
      `张测一,${buildIdNumber({ age: 71 })},,本区,涌金门`,
      `李测二,${bad},,本区,涌金门`,
    ]);
    const r = await run('residents', path, '--dry-run', '--format', 'json');
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      file: 'bad.csv',
      dryRun: true,
      status: 'invalid',
      totalRows: 2,
      badRows: 1,
    });
    expect(report.issues).toEqual([
      expect.objectContaining({
        line: 3,
        column: 'idNumber',
        code: 'ID_NUMBER_CHECKSUM',
        message: `身份证号校验位错误（按前 17 位应为 ${good[17]}）`,
      }),
    ]);
    expect(r.stderr).toContain('校验 2/2');
  }, 120_000);

  it('writes nothing on a clean dry run, then commits, then reports the rows as duplicates', async () => {
    const path = await file('ok.csv', [
      `王测三,${buildIdNumber({ age: 60 })},13900000003,本区,涌金门`,
      `赵测四,${buildIdNumber({ age: 61 })},,非本区,青年路`,
    ]);
    const dry = await run('residents', path, '--dry-run', '--format', 'json');
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({
      status: 'dry-run',
      badRows: 0,
      duplicateRows: 0,
      result: null,
    });

    const commit = await run('residents', path, '--lang', 'en');
    expect(commit.code, commit.stderr).toBe(0);
    expect(commit.stdout).toContain('Imported: 2 added, 0 updated, 0 skipped');

    const again = await run('residents', path, '--dry-run', '--format', 'json');
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'dry-run', duplicateRows: 2 });
  }, 120_000);

  it('exits 2 on usage errors', async () => {
    expect((await run('residents')).code).toBe(2);
    expect((await run('residents', 'x.csv', '--format', 'xml')).code).toBe(2);
    expect((await run('households', 'x.csv')).code).toBe(2);
    expect((await run('residents', join(dir, 'missing.csv'))).code).toBe(2);
    const path = await file('u.csv', [`王测五,${buildIdNumber({ age: 62 })},,本区,涌金门`]);
    const user = await run('residents', path, '--user', 'nobody');
    expect(user.code).toBe(2);
    expect(user.stderr).toContain('找不到用户：nobody');
  }, 120_000);
});
