import ExcelJS from 'exceljs';
import {
  RECORD_SOURCE_LABELS,
  RECORD_STATUS_LABELS,
  type ServiceRecord,
} from '../../../contracts/api/activities.ts';
import { NEED_CATEGORY_LABELS, type NeedCategory } from '../../../contracts/api/needs.ts';
import type { Lang } from '../../../contracts/messages/index.ts';
import { shanghaiTime } from './activities.access.ts';
import type { VolunteerBrief } from './activities.ports.ts';

/**
 * A volunteer's service records as a spreadsheet, one row per record with the fields of
 * 民政部《志愿服务记录与证明出具办法》: who, what, when, how long, where, recorded and reviewed by
 * whom. Hours are numbers (one decimal) so they can be summed.
 */

const L = {
  'zh-CN': {
    sheet: '志愿服务记录',
    title: '志愿服务记录',
    volunteer: '志愿者',
    volunteerNo: '志愿者编号',
    period: '期间',
    all: '全部',
    total: '已确认时长合计（小时）',
    no: '序号',
    date: '服务日期',
    start: '开始时间',
    end: '结束时间',
    hours: '服务时长（小时）',
    content: '服务内容',
    category: '服务类别',
    place: '服务地点',
    activityNo: '活动编号',
    org: '记录组织',
    source: '记录方式',
    status: '状态',
    reviewer: '审核人',
    reviewedAt: '审核时间',
    peopleServed: '服务人数',
  },
  en: {
    sheet: 'Service records',
    title: 'Volunteer service records',
    volunteer: 'Volunteer',
    volunteerNo: 'Volunteer no.',
    period: 'Period',
    all: 'all',
    total: 'Confirmed hours',
    no: 'No.',
    date: 'Date',
    start: 'Start',
    end: 'End',
    hours: 'Hours',
    content: 'Service',
    category: 'Category',
    place: 'Place',
    activityNo: 'Activity no.',
    org: 'Recorded by',
    source: 'Source',
    status: 'Status',
    reviewer: 'Reviewer',
    reviewedAt: 'Reviewed at',
    peopleServed: 'People served',
  },
} as const;

const hours = (minutes: number) => Math.round((minutes / 60) * 10) / 10;

export async function recordsWorkbook(
  volunteer: VolunteerBrief,
  records: ServiceRecord[],
  period: { from?: string; to?: string },
  lang: Lang,
): Promise<Buffer> {
  const t = L[lang];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(t.sheet);
  ws.addRow([t.title]).font = { bold: true, size: 14 };
  ws.addRow([t.volunteer, volunteer.name, t.volunteerNo, volunteer.volunteerNo]);
  ws.addRow([t.period, period.from || period.to ? `${period.from ?? ''} ~ ${period.to ?? ''}` : t.all]);
  const confirmed = records.filter((r) => r.status === 'confirmed').reduce((s, r) => s + r.minutes, 0);
  const totalRow = ws.addRow([t.total, hours(confirmed)]);
  totalRow.getCell(2).numFmt = '0.0';
  ws.addRow([]);
  const header = ws.addRow([
    t.no,
    t.date,
    t.start,
    t.end,
    t.hours,
    t.content,
    t.category,
    t.place,
    t.activityNo,
    t.org,
    t.source,
    t.status,
    t.reviewer,
    t.reviewedAt,
    t.peopleServed,
  ]);
  header.font = { bold: true };
  records.forEach((r, i) => {
    const start = shanghaiTime(new Date(r.startedAt));
    const row = ws.addRow([
      i + 1,
      start.slice(0, 10),
      start.slice(11),
      shanghaiTime(new Date(r.endedAt)).slice(11),
      hours(r.minutes),
      r.content,
      NEED_CATEGORY_LABELS[r.category as NeedCategory]?.[lang] ?? r.category,
      r.place ?? '',
      r.activityNo ?? '',
      r.orgName,
      RECORD_SOURCE_LABELS[r.source][lang],
      RECORD_STATUS_LABELS[r.status][lang],
      r.reviewedByName ?? '',
      r.reviewedAt ? shanghaiTime(new Date(r.reviewedAt)) : '',
      r.peopleServed,
    ]);
    row.getCell(5).numFmt = '0.0';
  });
  ws.columns.forEach((c, i) => {
    c.width = [6, 12, 8, 8, 10, 36, 10, 28, 16, 24, 10, 8, 12, 18, 8][i] ?? 12;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
