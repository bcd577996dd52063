import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOME_SERVICE_LABELS, type HomeServiceCode } from '../contracts/api/home-services.ts';
import { formatYuan } from '../contracts/money.ts';
import { shanghaiDate } from '../server/platform/clock.ts';
import { label, logIn, newPage, type Running, seeText, startProduct } from './support.ts';

/** The product's calendar day (Asia/Shanghai), not the database server's `current_date`. */
const today = () => shanghaiDate(new Date());

/**
 * The elderly services end to end, as the people who run them meet them: a community worker takes
 * a phone order, the provider serves it, the worker confirms it; a canteen cashier sells a
 * subsidised meal by card; district staff draw up last month's statements and approve one.
 */

let r: Running;

beforeAll(async () => {
  r = await startProduct(3000);
});
afterAll(async () => {
  await r?.close();
});

const yuan = (fen: number) => `¥${formatYuan(fen)}`;

async function rows<T>(query: string): Promise<T[]> {
  return ((await r.ctx.database.db.execute(query)) as unknown as { rows: T[] }).rows;
}

async function signIn(username: string): Promise<Page> {
  const page = await newPage(r);
  await logIn(page, r.url, username);
  return page;
}

async function pickOption(scope: Page | Locator, page: Page, fieldLabel: string, option: string) {
  await scope.getByLabel(fieldLabel, { exact: true }).click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
    .first()
    .click();
}

async function confirmPopover(page: Page, button: string) {
  await page
    .locator('.ant-popconfirm:visible')
    .getByRole('button', { name: label(button) })
    .click();
}

describe('elderly services: a phone order, a canteen meal and the month’s statement', () => {
  let orderNo = '';
  let orderId = '';
  let worker: Page;
  let order: { service: string; serviceCode: string; priceFen: number; orgName: string };
  let elder: { id: string; name: string; availableFen: number };

  it('a community worker takes a phone order for an elder of 涌金门社区', async () => {
    // The provider login acts for its organisation (org_members); take one of its per-visit prices.
    const [offer] = await rows<{ org_name: string; service_code: string; price_fen: number }>(`
      select o.name as org_name, p.service_code, p.price_fen::int as price_fen
        from org_members m
        join users u on u.id = m.user_id and u.username = 'provider'
        join organisations o on o.id = m.org_id
        join home_service_prices p on p.org_id = m.org_id
        join home_service_catalogue c on c.code = p.service_code and c.unit = 'per_visit'
       where p.valid_from <= '${today()}'::date and (p.valid_to is null or p.valid_to >= '${today()}'::date)
       order by p.service_code limit 1`);
    expect(offer, 'the demo gives the provider login an organisation with prices').toBeDefined();
    order = {
      service: HOME_SERVICE_LABELS[offer!.service_code as HomeServiceCode]['zh-CN'],
      serviceCode: offer!.service_code,
      priceFen: offer!.price_fen,
      orgName: offer!.org_name,
    };
    // An elder (60+) of the worker's community with a name nobody else has; those with credits first.
    const [e] = await rows<{ id: string; name: string; available: number }>(`
      select p.id, p.name,
             coalesce(a.credits_posted - a.debits_posted - a.debits_pending, 0)::int as available
        from persons p
        left join ledger_accounts a on a.owner_type = 'person' and a.owner_id = p.id::text and a.kind = 'elder_care'
       where p.area_code = '330102001001' and p.deceased_on is null
         and p.birth_date <= '${today()}'::date - interval '61 years'
         and (select count(*) from persons q where q.name = p.name) = 1
       order by available desc, p.birth_date limit 1`);
    expect(e, 'the demo has elders in 涌金门社区').toBeDefined();
    elder = { id: e!.id, name: e!.name, availableFen: e!.available };

    worker = await signIn('yongjinmen');
    await worker.goto(`${r.url}/orders`);
    await worker.getByRole('button', { name: /电话下单/ }).click();
    const drawer = worker.locator('.ant-drawer-content-wrapper:visible');
    await drawer.getByLabel('老人', { exact: true }).fill(elder.name);
    await worker
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: elder.name })
      .first()
      .click();
    await pickOption(drawer, worker, '服务项目', order.service);
    await pickOption(drawer, worker, '服务机构', order.orgName);
    // The estimate is the provider's price for one visit, to the fen.
    await seeText(drawer, yuan(order.priceFen));
    await drawer.getByRole('button', { name: /提交订单/ }).click();
    await seeText(worker, /已下单，订单号/);

    // The new order opens with its number and state.
    const title = worker.locator('.ant-drawer-title .ms-mono');
    await expect.poll(() => title.textContent()).toMatch(/\S+/);
    orderNo = (await title.textContent())!.trim();
    orderId = new URL(worker.url()).searchParams.get('order')!;
    expect(orderId).toMatch(/^[0-9a-f-]{36}$/);
    await seeText(worker.locator('.ant-drawer-content-wrapper:visible'), '待接单');
  });

  it('the provider accepts, checks in and checks out', async () => {
    const provider = await signIn('provider');
    await provider.goto(`${r.url}/orders?order=${orderId}`);
    const drawer = provider.locator('.ant-drawer-content-wrapper:visible');
    await seeText(drawer, orderNo);
    await drawer.getByRole('button', { name: label('接单') }).click();
    await confirmPopover(provider, '接单');
    await seeText(provider, '已接单');
    await drawer.getByRole('button', { name: /上门签到/ }).click();
    await seeText(drawer, '服务中');
    await drawer.getByRole('button', { name: /服务签退/ }).click();
    const checkOut = provider.locator('.ant-modal:visible');
    await checkOut.getByLabel('服务时长').fill('45');
    await checkOut.getByRole('button', { name: /服务签退/ }).click();
    await seeText(drawer, '待确认');
    await seeText(drawer, '45 分钟');
    // Credits are held for the order while it waits for confirmation.
    const held = Math.min(order.priceFen, elder.availableFen);
    if (held > 0) await seeText(drawer, '冻结');
    await provider.context().close();
  });

  it('the worker confirms the service and the credits are paid, to the fen', async () => {
    await worker.goto(`${r.url}/orders?order=${orderId}`);
    const drawer = worker.locator('.ant-drawer-content-wrapper:visible');
    await seeText(drawer, '待确认');
    await drawer.getByRole('button', { name: /确认服务完成/ }).click();
    await confirmPopover(worker, '确认服务完成');
    await seeText(worker, '已确认，重阳分已支付');
    await seeText(drawer, '已确认');
    const credits = Math.min(order.priceFen, elder.availableFen);
    const stats = drawer.locator('.ant-statistic');
    await expect
      .poll(() => stats.allInnerTexts())
      .toEqual([
        `服务金额\n${yuan(order.priceFen)}`,
        `重阳分支付\n${yuan(credits)}`,
        `老人自付\n${yuan(order.priceFen - credits)}`,
      ]);
    // The order is in the ledger as the elder's payment to the provider.
    const [paid] = await rows<{ amount: number }>(
      `select amount::int as amount from ledger_transfers where idempotency_key = 'order.capture:${orderId}'`,
    );
    if (credits > 0) expect(paid?.amount).toBe(credits);
    await worker.context().close();
  });

  it('a canteen cashier opens the till and sells a subsidised lunch by card', async () => {
    // The canteen login's organisation runs canteens; take one with a lunch menu.
    const [canteen] = await rows<{ id: string; name: string; item: string; price: number }>(`
      select sp.id, sp.name, i.name as item, i.price_fen::int as price
        from org_members m
        join users u on u.id = m.user_id and u.username = 'canteen'
        join service_points sp on sp.org_id = m.org_id and sp.closed_on is null
        join meal_menu_items i on i.service_point_id = sp.id and i.sitting = 'lunch' and i.active
       order by sp.name, i.price_fen desc limit 1`);
    expect(canteen, 'the demo gives the canteen login a canteen with a lunch menu').toBeDefined();
    // An elder with a card, 60 or over, not yet subsidised for today's lunch.
    const [holder] = await rows<{ card_no: string; name: string }>(`
      select c.card_no, p.name
        from elder_cards c join persons p on p.id = c.person_id
       where c.revoked_on is null and p.deceased_on is null
         and p.birth_date <= '${today()}'::date - interval '61 years'
         and not exists (select 1 from meal_sales s where s.person_id = p.id and s.day = '${today()}'::date)
       order by c.card_no limit 1`);
    expect(holder, 'the demo issues cards to elders').toBeDefined();

    const cashier = await signIn('canteen');
    await cashier.goto(`${r.url}/canteen?canteen=${canteen!.id}`);
    await cashier.getByText('午餐', { exact: true }).click();
    await cashier.getByRole('button', { name: /开始收银/ }).click();
    const input = cashier.getByLabel('刷卡或输入身份证号，按回车');
    await input.fill(holder!.card_no);
    await input.press('Enter');
    await seeText(cashier, holder!.name);
    await seeText(cashier, /享受助餐补贴/);
    await cashier.getByRole('button', { name: new RegExp(canteen!.item) }).click();
    const stats = cashier.locator('.ant-statistic');
    await expect.poll(() => stats.count()).toBeGreaterThan(1);
    await cashier.getByRole('button', { name: label('收款') }).click();
    await seeText(cashier, new RegExp(`已收款：${holder!.name}`));

    // What the till showed is what was recorded, to the fen, and the subsidy went to the ledger.
    const [sale] = await rows<{ id: string; price: number; subsidy: number; paid: number }>(`
      select s.id, s.price_fen::int as price, s.subsidy_fen::int as subsidy, s.paid_fen::int as paid
        from meal_sales s join elder_cards c on c.person_id = s.person_id
       where s.service_point_id = '${canteen!.id}' and s.day = '${today()}'::date and c.card_no = '${holder!.card_no}'
       order by s.at desc limit 1`);
    expect(sale!.price).toBe(canteen!.price);
    expect(sale!.subsidy).toBeGreaterThan(0);
    expect(sale!.subsidy + sale!.paid).toBe(sale!.price);
    await seeText(
      cashier,
      `上一笔：${holder!.name} · ${canteen!.item} · 老人付 ${yuan(sale!.paid)}（补贴 ${yuan(sale!.subsidy)}）`,
    );
    const [subsidy] = await rows<{ amount: number }>(
      `select amount::int as amount from ledger_transfers where idempotency_key = 'meal.subsidy:${sale!.id}'`,
    );
    expect(subsidy?.amount).toBe(sale!.subsidy);

    // The sitting's sales list, then the Z report when the till closes.
    await seeText(cashier.locator('.ant-table'), holder!.name);
    await cashier.getByRole('button', { name: /结束收银/ }).click();
    await confirmPopover(cashier, '结束收银');
    const report = cashier.locator('.ant-modal:visible');
    await seeText(report, '收银汇总');
    await seeText(report, yuan(sale!.subsidy));
    await cashier.context().close();
  });

  it('district staff draw up last month’s statements and approve one', async () => {
    const admin = await signIn('admin');
    const [{ month }] = (await rows<{ month: string }>(
      "select to_char(date_trunc('month', now() at time zone 'Asia/Shanghai') - interval '1 month', 'YYYY-MM') as month",
    )) as [{ month: string }];
    await admin.goto(`${r.url}/settlement?month=${month}`);
    await admin.getByRole('button', { name: /生成结算单/ }).click();
    await confirmPopover(admin, '生成结算单');
    await seeText(admin, new RegExp(`${month}：新生成 \\d+ 张`));
    // The generated drafts are listed; open the one of the provider owed the most.
    const [s] = await rows<{ id: string; org: string; total: number }>(`
      select s.id, o.name as org, s.total_fen::int as total
        from settlement_statements s join organisations o on o.id = s.org_id
       where s.month = '${month}-01' and s.status = 'draft'
       order by s.total_fen desc, o.name limit 1`);
    expect(s, 'last month has provider movements to settle').toBeDefined();
    expect(s!.total).toBeGreaterThan(0);
    await expect.poll(() => admin.locator('.ant-table-row').count()).toBeGreaterThan(0);
    const row = admin.locator('.ant-table-row', { hasText: s!.org });
    if (await row.count()) await row.first().getByRole('button', { name: s!.org }).click();
    else await admin.goto(`${r.url}/settlement?month=${month}&statement=${s!.id}`);
    const statementId = s!.id;
    const drawer = admin.locator('.ant-drawer-content-wrapper:visible');
    await seeText(drawer, '待审核');
    await seeText(drawer, yuan(s!.total));
    await drawer.getByRole('button', { name: /审核通过/ }).click();
    await confirmPopover(admin, '审核通过');
    await seeText(admin, '已审核');
    await expect
      .poll(
        async () =>
          (
            await rows<{ status: string }>(
              `select status from settlement_statements where id = '${statementId}'`,
            )
          )[0]?.status,
      )
      .toBe('approved');
    await admin.context().close();
  });
});
