import ExcelJS from 'exceljs';
import {
  LINE_KIND_LABELS,
  STATEMENT_STATUS_LABELS,
  type StatementLineView,
  type StatementView,
} from '../../../contracts/api/settlement.ts';
import type { Lang } from '../../../contracts/messages/index.ts';

/**
 * Spreadsheets of settlement: one statement (header block, totals, lines) and a month's overview
 * across providers. Amounts are yuan as numbers formatted '#,##0.00' (a finance office sums them;
 * strings it could not), converted from integer fen only here, at the edge.
 */

const L = {
  'zh-CN': {
    statementTitle: '上城区养老服务结算单',
    overviewTitle: '上城区养老服务结算汇总',
    summarySheet: '结算单',
    linesSheet: '明细',
    overviewSheet: '汇总',
    org: '服务机构',
    creditCode: '统一社会信用代码',
    area: '所在区域',
    month: '结算月份',
    status: '状态',
    computedAt: '计算时间',
    approvedBy: '审核人',
    approvedAt: '审核时间',
    paidAt: '付款时间',
    payout: '付款流水号',
    item: '项目',
    count: '笔数',
    amount: '金额（元）',
    orders: '居家服务（重阳分）',
    ordersCopay: '居家服务个人自付（不计入应付）',
    meals: '助餐补贴',
    mealsPaid: '助餐个人自付（不计入应付）',
    adjustments: '调整',
    total: '应付合计',
    no: '序号',
    at: '时间',
    kind: '类别',
    description: '说明',
    ref: '业务编号',
    copay: '个人自付（元）',
    transfer: '账本流水号',
    sum: '合计',
    ordersCount: '居家服务笔数',
    ordersAmount: '居家服务金额（元）',
    mealsCount: '助餐笔数',
    mealsAmount: '助餐补贴（元）',
    adjustmentsAmount: '调整（元）',
    totalAmount: '应付合计（元）',
  },
  en: {
    statementTitle: 'Shangcheng elderly-services settlement statement',
    overviewTitle: 'Shangcheng elderly-services settlement overview',
    summarySheet: 'Statement',
    linesSheet: 'Lines',
    overviewSheet: 'Overview',
    org: 'Provider',
    creditCode: 'Unified social credit code',
    area: 'Area',
    month: 'Month',
    status: 'Status',
    computedAt: 'Computed at',
    approvedBy: 'Approved by',
    approvedAt: 'Approved at',
    paidAt: 'Paid at',
    payout: 'Payout transfer',
    item: 'Item',
    count: 'Count',
    amount: 'Amount (yuan)',
    orders: 'Home services (Chongyang credits)',
    ordersCopay: 'Home services, paid by elders (not owed)',
    meals: 'Meal subsidies',
    mealsPaid: 'Meals, paid by elders (not owed)',
    adjustments: 'Adjustments',
    total: 'Total owed',
    no: 'No.',
    at: 'Time',
    kind: 'Kind',
    description: 'Description',
    ref: 'Reference',
    copay: 'Paid by elder (yuan)',
    transfer: 'Ledger transfer',
    sum: 'Total',
    ordersCount: 'Home services',
    ordersAmount: 'Home services (yuan)',
    mealsCount: 'Meals',
    mealsAmount: 'Meal subsidies (yuan)',
    adjustmentsAmount: 'Adjustments (yuan)',
    totalAmount: 'Total owed (yuan)',
  },
} as const;

const MONEY = '#,##0.00';
/** Fen → yuan for a number cell. Totals are summed in integer fen first and divided once. */
export const yuan = (fen: number) => fen / 100;
/** An instant as people in Hangzhou read it: YYYY-MM-DD HH:mm, +08:00. */
export function shanghaiDateTime(iso: string | null): string {
  if (!iso) return '';
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

function titleRow(ws: ExcelJS.Worksheet, text: string, width: number) {
  const row = ws.addRow([text]);
  row.font = { bold: true, size: 14 };
  ws.mergeCells(row.number, 1, row.number, width);
}

function boldRow(row: ExcelJS.Row) {
  row.font = { bold: true };
}

async function toBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function statementWorkbook(
  s: StatementView,
  lines: StatementLineView[],
  lang: Lang = 'zh-CN',
): Promise<Buffer> {
  const t = L[lang];
  const wb = new ExcelJS.Workbook();
  wb.creator = 'minsheng';
  const sum = wb.addWorksheet(t.summarySheet);
  sum.columns = [{ width: 34 }, { width: 44 }, { width: 16 }];
  titleRow(sum, t.statementTitle, 3);
  sum.addRow([]);
  const header: [string, string | number][] = [
    [t.org, s.orgName],
    [t.creditCode, s.orgCreditCode],
    [t.area, s.areaName],
    [t.month, s.month],
    [t.status, STATEMENT_STATUS_LABELS[s.status][lang]],
    [t.computedAt, shanghaiDateTime(s.computedAt)],
    [t.approvedBy, s.approvedByName ?? ''],
    [t.approvedAt, shanghaiDateTime(s.approvedAt)],
    [t.paidAt, shanghaiDateTime(s.paidAt)],
    [t.payout, s.payoutTransferId ?? ''],
  ];
  for (const [k, v] of header) sum.addRow([k, v]).getCell(1).font = { bold: true };
  sum.addRow([]);
  boldRow(sum.addRow([t.item, t.count, t.amount]));
  const totals: [string, number | null, number][] = [
    [t.orders, s.ordersCount, s.ordersCreditsFen],
    [t.ordersCopay, null, s.ordersCopayFen],
    [t.meals, s.mealsCount, s.mealsSubsidyFen],
    [t.mealsPaid, null, s.mealsPaidFen],
    [t.adjustments, null, s.adjustmentsFen],
  ];
  for (const [label, count, fen] of totals) sum.addRow([label, count, yuan(fen)]).getCell(3).numFmt = MONEY;
  const total = sum.addRow([t.total, s.lineCount, yuan(s.totalFen)]);
  boldRow(total);
  total.getCell(3).numFmt = MONEY;

  const ls = wb.addWorksheet(t.linesSheet);
  ls.columns = [
    { header: t.no, width: 8 },
    { header: t.at, width: 18 },
    { header: t.kind, width: 12 },
    { header: t.description, width: 48 },
    { header: t.ref, width: 40 },
    { header: t.amount, width: 14 },
    { header: t.copay, width: 16 },
    { header: t.transfer, width: 38 },
  ];
  boldRow(ls.getRow(1));
  lines.forEach((l, i) => {
    const row = ls.addRow([
      i + 1,
      shanghaiDateTime(l.at),
      LINE_KIND_LABELS[l.kind][lang],
      l.description,
      l.refType && l.refId ? `${l.refType}/${l.refId}` : '',
      yuan(l.amountFen),
      yuan(l.copayFen),
      l.transferId,
    ]);
    row.getCell(6).numFmt = MONEY;
    row.getCell(7).numFmt = MONEY;
  });
  const linesTotal = ls.addRow([
    t.sum,
    '',
    '',
    '',
    '',
    yuan(lines.reduce((n, l) => n + l.amountFen, 0)),
    yuan(lines.reduce((n, l) => n + l.copayFen, 0)),
    '',
  ]);
  boldRow(linesTotal);
  linesTotal.getCell(6).numFmt = MONEY;
  linesTotal.getCell(7).numFmt = MONEY;
  ls.views = [{ state: 'frozen', ySplit: 1 }];
  return toBuffer(wb);
}

export async function monthWorkbook(month: string, statements: StatementView[], lang: Lang = 'zh-CN') {
  const t = L[lang];
  const wb = new ExcelJS.Workbook();
  wb.creator = 'minsheng';
  const ws = wb.addWorksheet(t.overviewSheet);
  const cols = [
    { label: t.org, width: 32 },
    { label: t.creditCode, width: 22 },
    { label: t.area, width: 16 },
    { label: t.status, width: 10 },
    { label: t.ordersCount, width: 14 },
    { label: t.ordersAmount, width: 18 },
    { label: t.mealsCount, width: 12 },
    { label: t.mealsAmount, width: 16 },
    { label: t.adjustmentsAmount, width: 14 },
    { label: t.totalAmount, width: 16 },
    { label: t.approvedAt, width: 18 },
    { label: t.paidAt, width: 18 },
  ];
  ws.columns = cols.map((c) => ({ width: c.width }));
  titleRow(ws, `${t.overviewTitle} ${month}`, cols.length);
  boldRow(ws.addRow(cols.map((c) => c.label)));
  const money = [6, 8, 9, 10];
  for (const s of statements) {
    const row = ws.addRow([
      s.orgName,
      s.orgCreditCode,
      s.areaName,
      STATEMENT_STATUS_LABELS[s.status][lang],
      s.ordersCount,
      yuan(s.ordersCreditsFen),
      s.mealsCount,
      yuan(s.mealsSubsidyFen),
      yuan(s.adjustmentsFen),
      yuan(s.totalFen),
      shanghaiDateTime(s.approvedAt),
      shanghaiDateTime(s.paidAt),
    ]);
    for (const c of money) row.getCell(c).numFmt = MONEY;
  }
  const add = (f: (s: StatementView) => number) => statements.reduce((n, s) => n + f(s), 0);
  const total = ws.addRow([
    t.sum,
    '',
    '',
    '',
    add((s) => s.ordersCount),
    yuan(add((s) => s.ordersCreditsFen)),
    add((s) => s.mealsCount),
    yuan(add((s) => s.mealsSubsidyFen)),
    yuan(add((s) => s.adjustmentsFen)),
    yuan(add((s) => s.totalFen)),
    '',
    '',
  ]);
  boldRow(total);
  for (const c of money) total.getCell(c).numFmt = MONEY;
  ws.views = [{ state: 'frozen', ySplit: 2 }];
  return toBuffer(wb);
}
