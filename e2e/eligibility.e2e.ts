import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { idCheckCharacter } from '../contracts/id-number.ts';
import { DEMO_PASSWORD } from '../server/modules/demo/index.ts';
import { shanghaiDate } from '../server/platform/clock.ts';
import { type Client, loginAs } from '../server/testing/http.ts';
import { label, seeText, setUpJourney } from './support.ts';

/**
 * Issue 5 end to end, as the people who do it meet it: the district edits a draft rule of the
 * old-age allowance (80–89 becomes 79–89), simulates it, publishes it and runs a screening; the
 * community worker of 涌金门社区 opens the new 政策找人 item, reads the explanation and applies;
 * the street approves and the resident is enrolled. On the way, the worker visits a red alert
 * and escalates it to the street.
 */

const r = setUpJourney('eligibility');
const { signIn, rows } = r;

/** The product's calendar day (Asia/Shanghai), not the test machine's. */
const today = () => shanghaiDate(new Date());

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The birth date of someone exactly `age` today (born on this day; 29 Feb falls back to 28 Feb). */
function bornAged(age: number, on: string): string {
  const year = Number(on.slice(0, 4)) - age;
  const md = on.slice(5);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return `${year}-${md === '02-29' && !leap ? '02-28' : md}`;
}

/** Registers a resident of 涌金门社区 with 本区户籍 through the API, as the district's admin would. */
async function registerResident(admin: Client, name: string, birth: string): Promise<string> {
  // Sequence numbers the demo generator does not use first; another one if the number is taken.
  for (let seq = 871; seq < 999; seq += 2) {
    const body = `330102${birth.replaceAll('-', '')}${seq}`;
    const res = await admin.post('/api/persons', {
      name,
      idNumber: body + idCheckCharacter(body),
      hukouLocal: true,
      areaCode: '330102001001',
      address: '涌金门社区 9 幢 901 室',
    });
    if (res.statusCode === 201) return res.json().id as string;
    if (res.statusCode !== 409) throw new Error(`registering ${name}: ${res.statusCode} ${res.body}`);
  }
  throw new Error(`no free ID number for ${birth}`);
}

/** Picks an option of a filter select (by its aria-label) and waits for the URL to carry it. */
async function pickFilter(page: Page, selectLabel: string, option: string, urlPart: string) {
  await expect
    .poll(
      async () => {
        await page.getByLabel(selectLabel, { exact: true }).click();
        await page
          .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
          .first()
          .click({ timeout: 5_000 })
          .catch(() => undefined);
        return page.url();
      },
      { timeout: 30_000 },
    )
    .toContain(urlPart);
}

describe('programmes and rules as code: from a draft rule to an approved application', () => {
  const on = today();
  const elder = { name: '岑望秋', id: '' };
  const patient = { name: '郁安澜', id: '' };
  let applicationUrl = '';

  it('the district registers a resident who is 79 today and one back from a hospital stay', async () => {
    const admin = await loginAs(r.app, 'admin', DEMO_PASSWORD, { remoteAddress: '10.55.0.1' });
    elder.id = await registerResident(admin, elder.name, bornAged(79, on));
    patient.id = await registerResident(admin, patient.name, bornAged(75, on));
    // 16 days in hospital within the last 30: a red 住院预警 (3 days to act) for the community.
    const fact = await admin.post(`/api/persons/${patient.id}/facts`, {
      kind: 'hospital_stay',
      value: { hospital: '浙江省人民医院' },
      validFrom: addDays(on, -20),
      validTo: addDays(on, -5),
      source: '医保住院结算记录',
    });
    expect(fact.statusCode, fact.body).toBe(201);
    const [person] = await rows<{ birth_date: string }>(
      `select to_char(birth_date, 'YYYY-MM-DD') as birth_date from persons where id = '${elder.id}'`,
    );
    expect(person?.birth_date).toBe(bornAged(79, on));
  });

  it('the district edits a draft of 高龄津贴 to start at 79, simulates and publishes it', async () => {
    const page = await signIn('admin');
    await page.goto(`${r.url}/programmes`);
    await page.getByRole('link', { name: '高龄津贴', exact: true }).click();
    await page.waitForURL(/\/programmes\/longevity$/);
    await page.getByRole('button', { name: label('新建草稿') }).click();
    await page.waitForURL(/\/programmes\/longevity\/versions\/[0-9a-f-]{36}$/);

    const editor = page.getByTestId('rule-editor');
    await expect.poll(() => editor.inputValue()).toContain('年龄 介于 80 和 89 之间');
    const text = await editor.inputValue();
    await editor.fill(text.replace('年龄 介于 80 和 89 之间', '年龄 介于 79 和 89 之间'));
    await seeText(page, '有未保存的修改');
    // The live check runs on the changed text (after its pause) and passes.
    const status = page.getByTestId('rule-check');
    await expect
      .poll(async () => {
        const s = (await status.textContent()) ?? '';
        return s.includes('检查通过') && !s.includes('检查中');
      })
      .toBe(true);
    expect(await status.textContent()).toContain('年龄');

    await page.getByRole('button', { name: label('模拟') }).click();
    const result = page.getByTestId('simulation-result');
    await expect.poll(() => result.isVisible(), { timeout: 60_000 }).toBe(true);
    const gain = Number(await page.getByTestId('simulation-gain').getAttribute('data-value'));
    // At least the elder registered above, who is 79 today.
    expect(gain).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: 'test-results/eligibility-simulation.png', fullPage: true });

    await page.getByRole('button', { name: label('发布') }).click();
    await page
      .locator('.ant-modal-confirm:visible')
      .getByRole('button', { name: label('确认发布') })
      .click();
    await page.waitForURL(/\/programmes\/longevity$/);
    await seeText(page, /v\d+ 已发布/);
    await seeText(page, /年龄 介于 79 和 89 之间/);
  });

  it('the district screens everyone as of today', async () => {
    const page = await signIn('admin');
    await page.getByRole('menuitem', { name: '政策筛查' }).click();
    await page.waitForURL(/\/screening/);
    const before = await rows<{ n: number }>('select count(*)::int as n from screening_runs');
    await page.getByRole('button', { name: label('开始筛查') }).click();
    await seeText(page, '筛查已开始');
    const first = page.locator('.ant-table-row').first();
    await expect
      .poll(
        async () => {
          const [{ n } = { n: 0 }] = await rows<{ n: number }>(
            'select count(*)::int as n from screening_runs',
          );
          const row = (await first.textContent()) ?? '';
          return n > (before[0]?.n ?? 0) && row.includes(on) && row.includes('已完成');
        },
        { timeout: 120_000 },
      )
      .toBe(true);
    const [run] = await rows<{ status: string; as_of: string; area_code: string }>(
      "select status, to_char(as_of, 'YYYY-MM-DD') as as_of, trim(area_code) as area_code from screening_runs order by started_at desc limit 1",
    );
    expect(run).toEqual({ status: 'done', as_of: on, area_code: '330102000000' });
  });

  it('the community worker opens the new item, reads why and applies', async () => {
    const page = await signIn('yongjinmen');
    // The resident's card shows the allowance as due and not received, with a way to apply.
    await page.goto(`${r.url}/residents/${elder.id}`);
    const card = page.locator('.ant-card', { hasText: '待遇资格' });
    const allowance = card.locator('.ant-table-row', { hasText: '高龄津贴' });
    await expect.poll(() => allowance.textContent()).toContain('未享受');
    expect(await allowance.getByRole('button', { name: label('申请') }).isVisible()).toBe(true);

    await page.getByRole('menuitem', { name: '政策找人' }).click();
    await page.waitForURL(/\/worklist/);
    await pickFilter(page, '项目', '高龄津贴', 'programme=longevity');
    const row = page.locator('.ant-table-row', { hasText: elder.name });
    await expect.poll(() => row.count()).toBe(1);
    await expect.poll(() => row.textContent()).toContain('政策找人');
    await row.locator('td').nth(2).click();
    await page.waitForURL(/\/worklist\/[0-9a-f-]{36}$/);

    const why = page.locator('.ant-card', { hasText: '资格说明' });
    await seeText(why, /符合条件/);
    const explanation = await why.textContent();
    expect(explanation).toContain(elder.name);
    expect(explanation).toContain('年龄');
    expect(explanation).toContain('79');

    await page.getByRole('button', { name: label('发起申请') }).click();
    const modal = page.locator('.ant-modal:visible', { hasText: '发起申请' });
    await seeText(modal, '高龄津贴');
    await seeText(modal, /按现行规则符合条件/);
    await modal.getByLabel('申请说明').fill('老人本人同意申请，户口簿已核对');
    await modal.getByRole('button', { name: label('提交申请') }).click();
    await page.waitForURL(/\/applications\/[0-9a-f-]{36}$/);
    applicationUrl = new URL(page.url()).pathname;
    await seeText(page, '待审批');
    await seeText(page, '等待街道审批');
    await seeText(page, '政策找人');
  });

  it('the community worker visits the red alert and escalates it to the street', async () => {
    const page = await signIn('yongjinmen');
    await page.goto(`${r.url}/worklist`);
    await pickFilter(page, '类型', '预警', 'kind=alert');
    const row = page.locator('.ant-table-row', { hasText: patient.name });
    await expect.poll(() => row.count()).toBe(1);
    await expect.poll(() => row.textContent()).toContain('红色');
    await row.locator('td').nth(2).click();
    await page.waitForURL(/\/worklist\/[0-9a-f-]{36}$/);
    const head = page.locator('.ant-card').first();
    await seeText(head, '住院预警');
    await seeText(head, `${addDays(on, 3)} 前`);
    await seeText(head, '尚未走访');
    expect(await head.locator('.ant-descriptions').textContent()).toMatch(/处理层级\s*社区/);
    await page.screenshot({ path: 'test-results/eligibility-alert.png' });

    await page.getByRole('button', { name: label('登记走访') }).click();
    const modal = page.locator('.ant-modal:visible', { hasText: '登记走访' });
    await modal.getByLabel('核查结果').fill('已入户核实：出院后独居，需街道协调居家照护');
    await modal.getByText('上报', { exact: true }).click();
    await expect.poll(() => modal.getByRole('radio', { name: '上报' }).isChecked()).toBe(true);
    await seeText(modal, '上报至街道，处理期限重新计算');
    await page.screenshot({ path: 'test-results/eligibility-visit.png' });
    await modal.getByRole('button', { name: label('登记') }).click();
    await seeText(page, '已上报至街道');
    await expect.poll(() => head.locator('.ant-descriptions').textContent()).toMatch(/处理层级\s*街道/);
    expect(await head.textContent()).toContain('出院后独居');
    await page.screenshot({ path: 'test-results/eligibility-alert-escalated.png' });
    // An application may follow an alert too: the worker picks the benefit (the alert itself is none).
    await page.getByRole('button', { name: label('发起申请') }).click();
    const apply = page.locator('.ant-modal:visible', { hasText: '发起申请' });
    await seeText(apply, `发起申请：${patient.name}`);
    await apply.getByLabel('申请项目').click();
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await expect.poll(() => options.count()).toBeGreaterThan(0);
    // Benefits only: no alert programme is offered.
    expect((await options.allTextContents()).join(' ')).not.toMatch(/预警/);
    await page.waitForTimeout(300); // let the dropdown finish opening for the picture
    await page.screenshot({ path: 'test-results/eligibility-alert-apply.png' });
    await page.keyboard.press('Escape');
    await apply.getByRole('button', { name: label('取消') }).click();
    const [item] = await rows<{ level: string; status: string; visited: boolean }>(`
      select level, status, visited_at is not null as visited from worklist_items
       where person_id = '${patient.id}' and kind = 'alert'`);
    expect(item).toEqual({ level: 'street', status: 'open', visited: true });
  });

  it('the street approves the application and the resident is enrolled', async () => {
    const page = await signIn('hubin');
    await page.getByRole('menuitem', { name: '待遇申请' }).click();
    await page.waitForURL(/\/applications/);
    const row = page.locator('.ant-table-row', { hasText: elder.name });
    await expect.poll(() => row.count()).toBe(1);
    const cells = await row.textContent();
    expect(cells).toContain('高龄津贴');
    expect(cells).toContain('待审批');
    expect(cells).toMatch(/¥50\.00\/月/);
    await row.locator('td').nth(2).click();
    await page.waitForURL((u) => u.pathname === applicationUrl);

    const decision = page.locator('.ant-card', { hasText: '审批意见' });
    await seeText(decision, label('不予批准'));
    await page.screenshot({ path: 'test-results/eligibility-decision.png' });
    await decision.getByLabel('审批意见').fill('年龄及户籍已核实，同意发放');
    await decision
      .getByRole('button', { name: label('批准') })
      .filter({ hasNotText: '不予' })
      .click();
    await seeText(page, '已批准，居民已纳入享受名单');
    await seeText(page, '已批准并享受');
    await seeText(page, /自 \d{4}-\d{2}-\d{2} 起享受/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: 'test-results/eligibility-application.png', fullPage: true });
    await page.getByText('English', { exact: true }).click();
    await seeText(page, 'Approved and enrolled');
    // Names and the explanation come again from the server, in English.
    await seeText(page, `${elder.name} · Old-age allowance`);
    await seeText(page, /Receives it from \d{4}-\d{2}-\d{2}/);
    await page.screenshot({ path: 'test-results/eligibility-application-en.png' });

    const enrolled = await rows<{ amount: number; valid_from: string }>(`
      select amount::int as amount, to_char(valid_from, 'YYYY-MM-DD') as valid_from from programme_enrolments
       where person_id = '${elder.id}' and programme_code = 'longevity'`);
    expect(enrolled).toEqual([{ amount: 5000, valid_from: on }]);
    const [item] = await rows<{ status: string }>(
      `select status from worklist_items where person_id = '${elder.id}' and programme_code = 'longevity'`,
    );
    expect(item?.status).toBe('done');
  });
});
