import ExcelJS from 'exceljs';
import { NEED_CATEGORY_LABELS, type NeedCategory } from '../../../contracts/api/needs.ts';
import type { FiguresResponse, UnitRow } from '../../../contracts/api/volunteer-figures.ts';
import type { Lang } from '../../../contracts/messages/index.ts';
import { hoursOf } from './volunteer-figures.rules.ts';

/**
 * The figures as one workbook: volunteers by hours, communities (and streets, for the district)
 * by needs, categories, and a notes sheet with the area, the period, the totals and every
 * definition. Counts and hours are number cells (hours with one decimal, rates as percentages),
 * so the office can sum and sort them; a figure without a denominator is "—", never 0.
 */

const L = {
  'zh-CN': {
    volunteersSheet: '志愿者时长排名',
    communitiesSheet: '社区需求排名',
    streetsSheet: '街道需求排名',
    categoriesSheet: '分类统计',
    notesSheet: '说明',
    volunteersTitle: '志愿者服务时长排名',
    communitiesTitle: '社区需求排名',
    streetsTitle: '街道需求排名',
    categoriesTitle: '需求类别统计',
    rank: '排名',
    volunteerNo: '志愿者编号',
    name: '姓名',
    community: '所在社区',
    hours: '服务时长（小时）',
    records: '服务记录数',
    peopleServed: '服务人数',
    unit: '社区',
    street: '街道',
    streetOf: '所属街道',
    posted: '发布需求数',
    fulfilled: '已满足需求数',
    cancelled: '已取消',
    expired: '已过期',
    open: '进行中',
    rate: '需求满足率',
    claimed: '已认领需求数',
    claimMedian: '认领用时中位数（小时）',
    claimP90: '认领用时90分位（小时）',
    serviceHours: '在本地开展的服务时长（小时）',
    category: '需求类别',
    total: '合计',
    item: '项目',
    value: '内容',
    area: '统计区域',
    period: '统计期间',
    periodValue: '{{from}} 至 {{to}}（北京时间，含首尾两日）',
    exportedAt: '导出时间',
    exportedBy: '导出人',
    totals: '汇总',
    registered: '登记志愿者',
    active: '活跃志愿者（期间内有已确认服务记录）',
    teams: '志愿服务队伍',
    activities: '开展活动',
    truncated: '志愿者排名仅列出前 {{shown}} 名，期间内有服务时长的志愿者共 {{total}} 名',
    names: '姓名仅对有志愿者查看权限的人员显示',
    definitions: '口径说明',
  },
  en: {
    volunteersSheet: 'Volunteer hours',
    communitiesSheet: 'Community needs',
    streetsSheet: 'Street needs',
    categoriesSheet: 'Categories',
    notesSheet: 'Notes',
    volunteersTitle: 'Volunteers by hours of service',
    communitiesTitle: 'Communities by needs',
    streetsTitle: 'Streets by needs',
    categoriesTitle: 'Needs by category',
    rank: 'Rank',
    volunteerNo: 'Volunteer no.',
    name: 'Name',
    community: 'Community',
    hours: 'Hours',
    records: 'Records',
    peopleServed: 'People served',
    unit: 'Community',
    street: 'Street',
    streetOf: 'Street',
    posted: 'Needs posted',
    fulfilled: 'Needs fulfilled',
    cancelled: 'Cancelled',
    expired: 'Expired',
    open: 'Open',
    rate: 'Fulfilment rate',
    claimed: 'Needs claimed',
    claimMedian: 'Median time to claim (hours)',
    claimP90: '90th percentile time to claim (hours)',
    serviceHours: 'Hours served here',
    category: 'Category',
    total: 'Total',
    item: 'Item',
    value: 'Value',
    area: 'Area',
    period: 'Period',
    periodValue: '{{from}} to {{to}} (Beijing time, both days included)',
    exportedAt: 'Exported at',
    exportedBy: 'Exported by',
    totals: 'Totals',
    registered: 'Registered volunteers',
    active: 'Active volunteers (a confirmed record in the period)',
    teams: 'Volunteer teams',
    activities: 'Activities held',
    truncated: 'The ranking lists the first {{shown}} of {{total}} volunteers with hours in the period',
    names: 'Names show only to staff who may read volunteers',
    definitions: 'Definitions',
  },
} as const;

/** Every definition the figures use (ADR 0018), as the notes sheet and the page's tooltips state them. */
export const DEFINITIONS: Record<Lang, string[]> = {
  'zh-CN': [
    '只统计已确认的服务记录；待审核、已驳回和被更正取代的记录不计入。',
    '服务记录按开始时间归入统计期间；需求按发布时间归入统计期间，其状态为导出时的状态。',
    '志愿者时长排名：本区域登记的志愿者（按其所在社区）在期间内的已确认服务时长，不论服务在何处开展；时长相同者名次并列。',
    '已满足需求：社区已确认或已评价的需求。',
    '需求满足率 = 已满足需求数 ÷（已满足需求数 + 已过期需求数），即发布需求数减去已取消和进行中的需求；分母为 0 时显示“—”。',
    '认领用时：从需求发布到首次被认领（含部分认领）的时间；只统计已被认领过的需求，列出中位数和 90 分位。',
    '服务人数 = 已满足需求登记的服务人数 + 非需求类活动（如文明集市、节日岗）服务记录登记的服务人数，避免重复计算。',
    '在本地开展的服务时长：服务地点在该社区的已确认服务记录时长，不论志愿者来自何处。',
    '社区排名：按已满足需求数排序，相同时按发布需求数排序，两者都相同者名次并列。',
    '登记志愿者：期间结束前登记、目前未退出的志愿者；活跃志愿者：期间内至少有一条已确认服务记录的本区域志愿者。',
    '开展活动：在本区域、期间内且已开始、未取消的活动。',
  ],
  en: [
    'Only confirmed service records count; pending, rejected and superseded records do not.',
    'A record belongs to the period in which it started; a need to the period in which it was published, with its status at the time of export.',
    'Volunteers by hours: volunteers registered in the area (by their community), with their confirmed hours in the period wherever they served; equal hours share a rank.',
    'Fulfilled need: confirmed or rated by the community.',
    'Fulfilment rate = fulfilled ÷ (fulfilled + expired), i.e. needs posted less those cancelled and those still open; "—" when that is 0.',
    'Time to claim: from publication to the first claim (a partial claim counts); over needs claimed at least once, as median and 90th percentile.',
    'People served = people recorded on fulfilled needs + people recorded on records of activities that were not needs (markets, holiday posts), so nobody is counted twice.',
    'Hours served here: confirmed hours of records whose place is in the community, wherever the volunteer comes from.',
    'Communities rank by needs fulfilled, then needs posted; equal on both share a rank.',
    'Registered volunteers: registered before the period ended and not since left. Active volunteers: volunteers of the area with at least one confirmed record in the period.',
    'Activities held: in the area, started in the period and before now, not cancelled.',
  ],
};

const HOURS = '0.0';
const RATE = '0.0%';
const DASH = '—';

const fill = (s: string, params: Record<string, string | number>) =>
  s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(params[k] ?? ''));

function titleRow(ws: ExcelJS.Worksheet, text: string, width: number) {
  const row = ws.addRow([text]);
  row.font = { bold: true, size: 14 };
  ws.mergeCells(row.number, 1, row.number, width);
}

function header(ws: ExcelJS.Worksheet, cols: { label: string; width: number }[], title: string) {
  ws.columns = cols.map((c) => ({ width: c.width }));
  titleRow(ws, title, cols.length);
  ws.addRow(cols.map((c) => c.label)).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 2 }];
}

/** A number cell with its format, or "—" when there is no number. */
function setNumber(row: ExcelJS.Row, col: number, value: number | null, fmt: string) {
  const cell = row.getCell(col);
  if (value === null) {
    cell.value = DASH;
    cell.alignment = { horizontal: 'right' };
  } else {
    cell.value = value;
    cell.numFmt = fmt;
  }
}

/** The figures of a unit or of the whole area. */
type UnitFigures = Omit<UnitRow, 'rank' | 'areaCode' | 'areaName' | 'level' | 'streetName'>;

const hoursOrNull = (minutes: number | null) => (minutes === null ? null : hoursOf(minutes));

function unitSheet(
  wb: ExcelJS.Workbook,
  name: string,
  title: string,
  rows: UnitRow[],
  total: FiguresResponse['totals'],
  t: (typeof L)[Lang],
  withStreet: boolean,
) {
  const ws = wb.addWorksheet(name);
  const cols = [
    { label: t.rank, width: 8 },
    { label: withStreet ? t.unit : t.street, width: 24 },
    ...(withStreet ? [{ label: t.streetOf, width: 16 }] : []),
    { label: t.posted, width: 12 },
    { label: t.fulfilled, width: 14 },
    { label: t.cancelled, width: 10 },
    { label: t.expired, width: 10 },
    { label: t.open, width: 10 },
    { label: t.rate, width: 12 },
    { label: t.claimed, width: 14 },
    { label: t.claimMedian, width: 22 },
    { label: t.claimP90, width: 22 },
    { label: t.peopleServed, width: 12 },
    { label: t.serviceHours, width: 24 },
    { label: t.records, width: 12 },
  ];
  header(ws, cols, title);
  const off = withStreet ? 1 : 0;
  const put = (row: ExcelJS.Row, u: UnitFigures) => {
    setNumber(row, 8 + off, u.fulfilmentRate, RATE);
    setNumber(row, 10 + off, hoursOrNull(u.claimMedianMinutes), HOURS);
    setNumber(row, 11 + off, hoursOrNull(u.claimP90Minutes), HOURS);
    setNumber(row, 13 + off, u.hours, HOURS);
  };
  const values = (u: UnitFigures) => [
    u.needsPosted,
    u.needsFulfilled,
    u.needsCancelled,
    u.needsExpired,
    u.needsOpen,
    null,
    u.needsClaimed,
    null,
    null,
    u.peopleServed,
    null,
    u.records,
  ];
  for (const u of rows) {
    const row = ws.addRow([u.rank, u.areaName, ...(withStreet ? [u.streetName ?? ''] : []), ...values(u)]);
    put(row, u);
  }
  const sum = ws.addRow(['', t.total, ...(withStreet ? [''] : []), ...values(total)]);
  sum.font = { bold: true };
  put(sum, total);
}

export async function figuresWorkbook(
  f: FiguresResponse,
  opts: { lang?: Lang; volunteersTotal: number; exportedAt: string; exportedBy: string },
): Promise<Buffer> {
  const lang = opts.lang ?? 'zh-CN';
  const t = L[lang];
  const wb = new ExcelJS.Workbook();
  wb.creator = 'minsheng';
  const period = `${f.from} — ${f.to}`;

  // 志愿者时长排名
  const vs = wb.addWorksheet(t.volunteersSheet);
  header(
    vs,
    [
      { label: t.rank, width: 8 },
      { label: t.volunteerNo, width: 18 },
      { label: t.name, width: 12 },
      { label: t.community, width: 24 },
      { label: t.hours, width: 16 },
      { label: t.records, width: 12 },
      { label: t.peopleServed, width: 12 },
    ],
    `${f.area.name} ${t.volunteersTitle} ${period}`,
  );
  for (const v of f.volunteers) {
    const row = vs.addRow([
      v.rank,
      v.volunteerNo,
      v.name ?? '',
      v.areaName,
      v.hours,
      v.records,
      v.peopleServed,
    ]);
    row.getCell(5).numFmt = HOURS;
  }

  // 社区需求排名 (and 街道需求排名 for the district)
  unitSheet(
    wb,
    t.communitiesSheet,
    `${f.area.name} ${t.communitiesTitle} ${period}`,
    f.communities,
    f.totals,
    t,
    true,
  );
  if (f.streets.length)
    unitSheet(
      wb,
      t.streetsSheet,
      `${f.area.name} ${t.streetsTitle} ${period}`,
      f.streets,
      f.totals,
      t,
      false,
    );

  // 分类统计
  const cs = wb.addWorksheet(t.categoriesSheet);
  header(
    cs,
    [
      { label: t.category, width: 14 },
      { label: t.posted, width: 12 },
      { label: t.fulfilled, width: 14 },
      { label: t.rate, width: 12 },
      { label: t.hours, width: 16 },
      { label: t.records, width: 12 },
    ],
    `${f.area.name} ${t.categoriesTitle} ${period}`,
  );
  const categoryRow = (
    label: string,
    c: {
      needsPosted: number;
      needsFulfilled: number;
      fulfilmentRate: number | null;
      hours: number;
      records: number;
    },
  ) => {
    const row = cs.addRow([label, c.needsPosted, c.needsFulfilled, null, null, c.records]);
    setNumber(row, 4, c.fulfilmentRate, RATE);
    setNumber(row, 5, c.hours, HOURS);
    return row;
  };
  for (const c of f.categories)
    categoryRow(NEED_CATEGORY_LABELS[c.category as NeedCategory]?.[lang] ?? c.category, c);
  categoryRow(t.total, f.totals).font = { bold: true };

  // 说明
  const ns = wb.addWorksheet(t.notesSheet);
  ns.columns = [{ width: 36 }, { width: 100 }];
  titleRow(ns, `${f.area.name} ${t.volunteersTitle} · ${t.communitiesTitle}`, 2);
  ns.addRow([t.item, t.value]).font = { bold: true };
  const kv = (k: string, v: string | number) => {
    const row = ns.addRow([k, v]);
    row.getCell(1).font = { bold: true };
    return row;
  };
  kv(t.area, `${f.area.name}（${f.area.code}）`);
  kv(t.period, fill(t.periodValue, { from: f.from, to: f.to }));
  kv(t.exportedAt, opts.exportedAt);
  kv(t.exportedBy, opts.exportedBy);
  ns.addRow([]);
  ns.addRow([t.totals]).font = { bold: true };
  kv(t.registered, f.totals.registeredVolunteers);
  kv(t.active, f.totals.activeVolunteers);
  kv(t.teams, f.totals.teams);
  setNumber(kv(t.hours, 0), 2, f.totals.hours, HOURS);
  kv(t.records, f.totals.records);
  kv(t.posted, f.totals.needsPosted);
  kv(t.fulfilled, f.totals.needsFulfilled);
  setNumber(kv(t.rate, 0), 2, f.totals.fulfilmentRate, RATE);
  setNumber(kv(t.claimMedian, 0), 2, hoursOrNull(f.totals.claimMedianMinutes), HOURS);
  setNumber(kv(t.claimP90, 0), 2, hoursOrNull(f.totals.claimP90Minutes), HOURS);
  kv(t.peopleServed, f.totals.peopleServed);
  kv(t.activities, f.totals.activitiesHeld);
  ns.addRow([]);
  ns.addRow([t.definitions]).font = { bold: true };
  DEFINITIONS[lang].forEach((d, i) => {
    const row = ns.addRow([i + 1, d]);
    row.getCell(1).alignment = { horizontal: 'left' };
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  });
  if (opts.volunteersTotal > f.volunteers.length)
    ns.addRow(['', fill(t.truncated, { shown: f.volunteers.length, total: opts.volunteersTotal })]);
  if (!f.names) ns.addRow(['', t.names]);
  ns.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
