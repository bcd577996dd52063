import { readFileSync } from 'node:fs';
import type { Download, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { label, seeText, setUpJourney } from './support.ts';

/**
 * Issue 4 end to end, as the people who do it meet it: a community worker of 涌金门社区 posts a
 * need, a 湖滨 organisation claims and schedules it with a volunteer, the volunteer checks in and
 * out on a phone with the code on the organiser's screen, the organiser confirms the hours, the
 * community confirms and rates the need, and the organiser's certificate is downloaded by the
 * volunteer and checked on the public page.
 */

const r = setUpJourney('volunteer-service');
const { signIn, rows } = r;

/** Picks an option of a select by its field label, again if a click is lost while things move. */
async function pickOption(scope: Page | Locator, page: Page, fieldLabel: string, option: string) {
  const field = scope.getByLabel(fieldLabel, { exact: true });
  const item = scope.locator('.ant-form-item', { has: page.getByLabel(fieldLabel, { exact: true }) });
  await expect
    .poll(
      async () => {
        await field.click();
        await page
          .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
          .first()
          .click({ timeout: 5_000 })
          .catch(() => undefined);
        return item.textContent();
      },
      { timeout: 30_000 },
    )
    .toContain(option);
}

/** Shanghai wall-clock time of an instant, as the date pickers take it: 2026-06-16 09:00. */
function wallClock(at: number): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(at))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** Types a value into a picker's input and confirms it with Enter. */
async function typeInto(input: Locator, value: string) {
  await input.click();
  await input.press('ControlOrMeta+a');
  await input.pressSequentially(value);
  await input.press('Enter');
}

/** The six digits now on the organiser's code screen. */
async function shownCode(screen: Page): Promise<string> {
  const code = screen.getByTestId('check-in-code');
  await expect.poll(() => code.textContent(), { timeout: 20_000 }).toMatch(/^\d{6}$/);
  return (await code.textContent())!.trim();
}

/**
 * From the phone's home page, the card of the shift open now with this title, and its button to
 * the check-in page for that shift.
 */
async function openShift(phone: Page, activityTitle: string, button: '去签到' | '去签退') {
  const card = phone.locator('.ant-card', { hasText: activityTitle });
  await expect.poll(() => card.count(), { timeout: 20_000 }).toBe(1);
  await card.getByRole('button', { name: label(button) }).click();
  await phone.waitForURL(/\/v\/check-in\?shift=/);
  await seeText(phone, '签到 / 签退');
  await seeText(phone.locator('.ant-card', { hasText: activityTitle }), activityTitle);
}

/** The check-in page's card with the code boxes and its button. */
const codeCard = (phone: Page) => phone.locator('.ant-card', { has: phone.locator('.ant-otp') });

/** Types a code into the check-in page's six boxes. */
async function enterCode(phone: Page, code: string) {
  const boxes = phone.locator('.ant-otp input');
  await expect.poll(() => boxes.count()).toBe(6);
  await boxes.first().click();
  for (let i = 0; i < 6; i++) await boxes.nth(i).press('Backspace');
  await boxes.first().pressSequentially(code);
  await expect
    .poll(async () =>
      (await boxes.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).join(''),
    )
    .toBe(code);
}

/** Clicks something that downloads a file (in the page or in a tab it opens) and returns it. */
async function downloadFrom(page: Page, target: Locator): Promise<Download> {
  const context = page.context();
  const got = new Promise<Download>((resolve) => {
    page.once('download', resolve);
    context.on('page', (p) => p.once('download', resolve));
  });
  await target.click();
  return await Promise.race([
    got,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no download within 30 s')), 30_000)),
  ]);
}

const MINUTE = 60_000;

describe('volunteer service: a need posted, claimed, served with the code, confirmed and certified', () => {
  const suffix = String(Date.now()).slice(-6);
  const title = `陪同独居老人到社区卫生服务站复查 ${suffix}`;
  const place = '涌金门社区卫生服务站（南山路 12 号）';
  let startsAt = 0;
  let endsAt = 0;
  let needId = '';
  let volunteer: { id: string; name: string; no: string };
  let org: { id: string; name: string };
  let worker: Page;
  let provider: Page;
  let phone: Page;
  let activityId = '';
  let certNo = '';

  it('a community worker of 涌金门社区 posts a need for one volunteer, starting shortly', async () => {
    // The demo links the `volunteer` login to a volunteer of 涌金门 and the `provider` login to a
    // 湖滨 organisation.
    const [v] = await rows<{ id: string; name: string; no: string }>(`
      select v.id, p.name, v.volunteer_no as no
        from volunteers v join users u on u.id = v.user_id and u.username = 'volunteer'
        join persons p on p.id = v.person_id`);
    expect(v, 'the demo links the volunteer login to a volunteer').toBeDefined();
    volunteer = v!;
    const [o] = await rows<{ id: string; name: string }>(`
      select o.id, o.name from org_members m
        join users u on u.id = m.user_id and u.username = 'provider'
        join organisations o on o.id = m.org_id order by o.name limit 1`);
    expect(o, 'the demo gives the provider login an organisation').toBeDefined();
    org = o!;

    // The need starts in two minutes or so: time to claim and schedule it first (a need that has
    // started can be neither claimed nor scheduled), and to check in before its start (allowed
    // from 30 minutes before). It runs two hours.
    startsAt = Math.ceil((Date.now() + 1.5 * MINUTE) / MINUTE) * MINUTE;
    endsAt = startsAt + 120 * MINUTE;
    worker = await signIn('yongjinmen');
    await worker.goto(`${r.url}/needs`);
    await worker.getByRole('button', { name: /发布需求/ }).click();
    const drawer = worker.locator('.ant-drawer-content-wrapper:visible');
    await seeText(drawer, '发布服务需求');
    await pickOption(drawer, worker, '需求类别', '助老');
    await drawer.getByLabel('需求标题', { exact: true }).fill(title);
    await drawer
      .getByLabel('需求说明', { exact: true })
      .fill('老人行动不便，需要一名志愿者陪同前往并协助挂号取药。');
    await drawer.getByLabel('服务地点', { exact: true }).fill(place);
    const range = drawer.locator('.ant-picker-range');
    await typeInto(range.locator('input').nth(0), wallClock(startsAt));
    await typeInto(range.locator('input').nth(1), wallClock(endsAt));
    await expect.poll(() => range.locator('input').nth(0).inputValue()).toBe(wallClock(startsAt));
    await expect.poll(() => range.locator('input').nth(1).inputValue()).toBe(wallClock(endsAt));
    await expect.poll(() => drawer.getByLabel('需要人数', { exact: true }).inputValue()).toBe('1');
    await drawer.getByRole('button', { name: label('发布') }).click();
    await seeText(worker, /已发布 XQ\d+/);
    await worker.waitForURL(/\/needs\/[0-9a-f-]{36}$/);
    needId = new URL(worker.url()).pathname.split('/').pop()!;
    await seeText(worker.locator('h4'), title);
    await seeText(worker, '已发布');
    const [n] = await rows<{ status: string; headcount: number; area_code: string; starts_at: Date }>(
      `select status, headcount, area_code, starts_at from needs where id = '${needId}'`,
    );
    expect(n).toMatchObject({ status: 'published', headcount: 1, area_code: '330102001001' });
    expect(new Date(n!.starts_at).getTime()).toBe(startsAt);
  });

  it('the provider claims it for its organisation and schedules it with the demo volunteer', async () => {
    provider = await signIn('provider');
    await provider.goto(`${r.url}/claims`);
    const card = provider.locator('.ant-card', { hasText: title });
    await expect.poll(() => card.count(), { timeout: 20_000 }).toBe(1);
    await card.getByRole('button', { name: label('认领') }).click();
    const modal = provider.locator('.ant-modal:visible');
    await seeText(modal, '认领需求');
    await seeText(modal, `组织 · ${org.name}`);
    await modal.getByRole('button', { name: /确认认领/ }).click();
    await seeText(provider, '认领成功');

    await provider.goto(`${r.url}/needs/${needId}`);
    await seeText(provider.locator('h4'), title);
    await seeText(provider, '已认领');
    await provider.getByRole('button', { name: /安排服务/ }).click();
    const drawer = provider.locator('.ant-drawer-content-wrapper:visible');
    await seeText(drawer, `组织 · ${org.name} · 1 个名额`);
    const picker = drawer.locator('.ant-select').first();
    await picker.click();
    await picker.locator('input').pressSequentially(volunteer.no);
    await provider
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: volunteer.no })
      .first()
      .click();
    await drawer.getByRole('button', { name: /确认安排/ }).click();
    await seeText(provider, '已安排，志愿者将收到通知');
    await seeText(provider, '已生成服务活动，签到签退在活动中进行');
    const [n] = await rows<{ status: string; activity_id: string }>(
      `select status, activity_id from needs where id = '${needId}'`,
    );
    expect(n!.status).toBe('scheduled');
    activityId = n!.activity_id;
    expect(activityId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('the volunteer checks in on a phone with the code on the organiser’s screen; the same code cannot check out', async () => {
    // The organiser finds the activity the need became and opens its code screen.
    await provider.goto(`${r.url}/activities`);
    const search = provider.getByLabel('活动名称或编号');
    await search.fill(suffix);
    await search.press('Enter');
    await provider.locator('.ant-table-row', { hasText: title }).getByRole('link', { name: title }).click();
    await provider.waitForURL(new RegExp(`/activities/${activityId}$`));
    await seeText(provider, volunteer.name);
    await provider.getByRole('button', { name: /显示签到码/ }).click();
    await seeText(provider, /\d+ 秒后刷新/);

    // The volunteer opens the phone pages; the need's shift is open for check-in (from 30 minutes
    // before it), next to whatever else the volunteer is serving at now.
    phone = await signIn('volunteer', 'phone');
    await phone.waitForURL(/\/v$/);
    await openShift(phone, title, '去签到');
    await expect.poll(() => phone.locator('nav a[aria-current="page"]').textContent()).toBe('签到');
    await phone.screenshot({
      path: 'test-results/volunteer-check-in.png',
      fullPage: true,
      animations: 'disabled',
    });

    const code = await shownCode(provider);
    await enterCode(phone, code);
    await codeCard(phone)
      .getByRole('button', { name: label('签到') })
      .click();
    await seeText(phone, /签到成功（\d\d:\d\d）/);
    const [s] = await rows<{ status: string }>(`
      select s.status from activity_signups s
       where s.activity_id = '${activityId}' and s.volunteer_id = '${volunteer.id}'`);
    expect(s!.status).toBe('checked_in');

    // The check-in code again, for the check-out: a replay, refused, nothing changed.
    await expect
      .poll(() =>
        codeCard(phone)
          .getByRole('button', { name: label('签退') })
          .isVisible(),
      )
      .toBe(true);
    await enterCode(phone, code);
    await codeCard(phone)
      .getByRole('button', { name: label('签退') })
      .click();
    await seeText(phone, '签退不能使用签到时的同一个签到码，请等屏幕刷新后使用新码');
    const [after] = await rows<{ status: string; n: number }>(`
      select s.status, (select count(*)::int from service_records r where r.signup_id = s.id) as n
        from activity_signups s
       where s.activity_id = '${activityId}' and s.volunteer_id = '${volunteer.id}'`);
    expect(after).toEqual({ status: 'checked_in', n: 0 });
  });

  it('a minute into the shift, the volunteer checks out with the new code', {
    timeout: 420_000,
  }, async () => {
    // Hours are counted within the shift, in whole minutes: wait until one has been served. The
    // code screen rotates meanwhile (60-second windows).
    const firstCode = await shownCode(provider);
    const readyAt = startsAt + MINUTE + 2_000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, readyAt - Date.now())));
    await expect.poll(() => shownCode(provider), { timeout: 70_000 }).not.toBe(firstCode);
    await phone.goto(`${r.url}/v`);
    await openShift(phone, title, '去签退');
    const code = await shownCode(provider);
    await enterCode(phone, code);
    await codeCard(phone)
      .getByRole('button', { name: label('签退') })
      .click();
    await seeText(phone, /签退成功：服务 \d+ 分钟，待组织方确认/);
    const [rec] = await rows<{ status: string; minutes: number; org_id: string }>(`
      select r.status, r.minutes, r.org_id from service_records r
       where r.activity_id = '${activityId}' and r.volunteer_id = '${volunteer.id}'`);
    expect(rec).toMatchObject({ status: 'pending', org_id: org.id });
    expect(rec!.minutes).toBeGreaterThanOrEqual(1);
    // Every sign-up checked out: the need is done, waiting for the community.
    const [n] = await rows<{ status: string }>(`select status from needs where id = '${needId}'`);
    expect(n!.status).toBe('done');
  });

  it('the organiser confirms the hours; the community confirms the need and rates it', async () => {
    await provider.keyboard.press('Escape');
    await provider.reload();
    const records = provider.locator('.ant-card', { hasText: '服务记录' });
    const row = records.locator('.ant-table-row', { hasText: volunteer.name });
    await seeText(row, '待审核');
    await row.getByRole('button', { name: label('确认') }).click();
    await seeText(provider, '已确认 1 条记录');
    await seeText(row, '已确认');
    const [rec] = await rows<{ status: string }>(`
      select status from service_records
       where activity_id = '${activityId}' and volunteer_id = '${volunteer.id}'`);
    expect(rec!.status).toBe('confirmed');

    await worker.goto(`${r.url}/needs/${needId}`);
    await seeText(worker, '服务完成待确认');
    await worker.getByRole('button', { name: /确认完成/ }).click();
    let modal = worker.locator('.ant-modal:visible');
    await seeText(modal, '确认服务完成');
    await modal.getByLabel('服务人数', { exact: true }).fill('1');
    await modal.getByRole('button', { name: label('确认') }).click();
    await seeText(worker, '社区已确认');
    await worker.getByRole('button', { name: label('评价') }).click();
    modal = worker.locator('.ant-modal:visible');
    await seeText(modal, '评价本次服务');
    // Five stars are offered already (clicking the fifth again would clear them).
    await expect.poll(() => modal.locator('.ant-rate-star-full').count()).toBe(5);
    await modal.getByLabel('评价内容', { exact: true }).fill('志愿者准时到达，耐心细致，老人很满意。');
    await modal.getByRole('button', { name: /提交评价/ }).click();
    await seeText(worker, '已评价');
    const [n] = await rows<{ status: string; rating: number; people_served: number }>(
      `select status, rating, people_served from needs where id = '${needId}'`,
    );
    expect(n).toEqual({ status: 'rated', rating: 5, people_served: 1 });
    // The need as the community now sees it: claimed, served, confirmed and rated, step by step.
    await worker.evaluate(() => window.scrollTo(0, 0));
    await worker.screenshot({ path: 'test-results/need-detail.png', fullPage: true, animations: 'disabled' });
  });

  it('the organiser issues a certificate; the volunteer downloads it and anyone can verify it', async () => {
    const records = provider.locator('.ant-card', { hasText: '服务记录' });
    const row = records.locator('.ant-table-row', { hasText: volunteer.name });
    await row.getByRole('button', { name: /出具证明/ }).click();
    const modal = provider.locator('.ant-modal:visible');
    await seeText(modal, '出具志愿服务证明');
    await modal.getByRole('button', { name: /出具证明/ }).click();
    await seeText(provider, /已出具证明 ZM\d+/);
    // It covers the hours just confirmed (with the organisation's earlier ones this year).
    const [c] = await rows<{ cert_no: string }>(`
      select c.cert_no from volunteer_certificates c
        join service_records r on r.id = any(c.record_ids)
       where c.volunteer_id = '${volunteer.id}' and c.issuer_org_id = '${org.id}'
         and r.activity_id = '${activityId}' and r.status = 'confirmed'`);
    expect(c, 'the certificate covers the confirmed record').toBeDefined();
    certNo = c!.cert_no;
    expect(certNo).toMatch(/^ZM330102\d{4}\d{5,}$/);

    await phone.goto(`${r.url}/v/certificates`);
    const card = phone.locator('.ant-card', { hasText: certNo });
    await seeText(card, org.name);
    const download = await downloadFrom(phone, card.getByRole('link', { name: /下载证明/ }));
    const path = await download.path();
    expect(path).toBeTruthy();
    const pdf = readFileSync(path!);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toContain(certNo);
    expect(download.suggestedFilename()).toContain(certNo);

    // The public page, without a session.
    const anonymous = await r.newContext();
    const visitor = await anonymous.newPage();
    await visitor.goto(`${r.url}/verify/${certNo}`);
    await seeText(visitor, '志愿服务证明查验');
    await seeText(visitor, '有效');
    await seeText(visitor, certNo);
    await seeText(visitor, org.name);
    await seeText(visitor, volunteer.no);
    // The name is masked on the public page.
    expect(await visitor.getByText(volunteer.name, { exact: true }).count()).toBe(0);
    await visitor.screenshot({
      path: 'test-results/certificate-verify.png',
      fullPage: true,
      animations: 'disabled',
    });
  });
});
