import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { idCheckCharacter } from '../contracts/id-number.ts';
import { setUpJourney } from './support.ts';

const r = setUpJourney('community-worker', 3000);
let page: Page;

/** A valid ID number not in the demo district (born in 1948, sequence from the test). */
function freshId(seq: number): string {
  const body = `330102194805${String(10 + seq).padStart(2, '0')}${String(500 + seq).padStart(3, '0')}`;
  return body + idCheckCharacter(body);
}

async function pickOption(p: Page, label: string, option: string) {
  await p.getByLabel(label, { exact: true }).click();
  await p
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
    .first()
    .click();
}

describe('a community worker’s day', () => {
  it('signs in and sees only the residents of 涌金门社区', async () => {
    page = await r.signIn('yongjinmen');
    await page.waitForURL(/\/residents/);
    await expect.poll(() => page.locator('.ant-table-row').count()).toBeGreaterThan(0);
    const communities = await page.locator('.ant-table-row td:nth-child(6)').allInnerTexts();
    expect(communities.length).toBeGreaterThan(0);
    for (const c of communities) expect(c).toContain('涌金门社区');
    // Server-side paging shows the total the API counted.
    await expect
      .poll(() =>
        page
          .getByText(/共 \d+\+? 条/)
          .first()
          .isVisible(),
      )
      .toBe(true);
  });

  it('finds a resident by name and opens the resident page', async () => {
    // A resident of the worker's community, read from the database the product runs on.
    const [resident] = await r.rows<{ name: string }>(
      "select name from persons p where area_code = '330102001001' and deceased_on is null and not exists (select 1 from person_facts f where f.person_id = p.id and f.kind = 'ability_grade') and (select count(*) from persons q where q.name = p.name) = 1 order by birth_date limit 1",
    );
    const name = resident!.name;
    const search = page.getByPlaceholder('姓名 / 身份证号 / 手机号 / 后4位');
    await search.fill(name);
    await search.press('Enter');
    await expect.poll(() => page.locator('.ant-table-row').first().textContent()).toContain(name);
    await page.locator('.ant-table-row').first().getByText(name, { exact: true }).click();
    await page.waitForURL(/\/residents\/[0-9a-f-]{36}/);
    await expect.poll(() => page.getByText('信息记录').first().isVisible()).toBe(true);
    await expect
      .poll(async () =>
        (await page.locator('h1, h2, h3, h4, .ant-page-header, header').allInnerTexts()).join(' '),
      )
      .toContain(name);
  });

  it('adds an ability assessment and sees it in the timeline', async () => {
    await page.getByRole('button', { name: '新增信息' }).click();
    const drawer = page.locator('.ant-drawer-content-wrapper:visible');
    await pickOption(page, '信息类别', '能力评估');
    await pickOption(page, '评估等级', '中度失能');
    const from = page.getByLabel('开始日期', { exact: true });
    await from.click();
    await from.fill('2026-01-05');
    await from.press('Enter');
    await page.getByLabel('信息来源', { exact: true }).fill('老年人能力评估报告（2026）');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => page.getByText('已新增信息').isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.getByText('中度失能').first().isVisible()).toBe(true);
    await expect.poll(() => page.getByText('老年人能力评估报告（2026）').first().isVisible()).toBe(true);
    await page.screenshot({ path: 'test-results/resident-page.png' });
  });

  it('imports a file with two bad rows and sees both reported, with nothing written', async () => {
    const good = freshId(1);
    const badCheck = freshId(2).slice(0, 17) + (freshId(2).endsWith('1') ? '2' : '1');
    const csv = [
      '姓名,身份证号,联系电话,户籍,居住社区,居住地址',
      `陈导入,${good},13900001111,本区,涌金门社区,涌金门社区 3 幢 201 室`,
      `李校验,${badCheck},13900002222,本区,涌金门社区,涌金门社区 3 幢 202 室`,
      `周未知,${freshId(3)},13900003333,本区,不存在社区,某处`,
    ].join('\n');
    const file = 'test-results/two-bad-rows.csv';
    writeFileSync(file, `${csv}\n`);
    await page.goto(`${r.url}/import`);
    await page.locator('input[type=file]').setInputFiles(file);
    await expect
      .poll(() => page.getByText('2 行有误，未写入任何数据').isVisible(), { timeout: 30_000 })
      .toBe(true);
    const rows = page.locator('.ant-table-row');
    const text = (await rows.allInnerTexts()).join('\n');
    expect(text).toMatch(/3\s+身份证号[\s\S]*校验位错误/);
    expect(text).toMatch(/4\s+居住社区[\s\S]*不存在社区/);
    await page.screenshot({ path: 'test-results/import-report.png' });
    // Nothing was written: the good row is not in the registry either.
    const [count] = await r.rows<{ n: number }>(
      "select count(*)::int as n from persons where name = '陈导入'",
    );
    expect(count!.n).toBe(0);
  });
});
