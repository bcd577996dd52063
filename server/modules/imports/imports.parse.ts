import ExcelJS from 'exceljs';
import type { FieldIssue } from '../../../contracts/errors.ts';
import type { Lang } from '../../../contracts/messages/index.ts';
import { AppError } from '../../platform/errors.ts';

/**
 * Reading a resident file: CSV (UTF-8 with or without BOM, or GB18030/GBK as older Excel saves
 * it) or XLSX (first sheet), a header row mapped through synonyms to our columns, and the data
 * rows with the line numbers the user sees (CSV physical line where the record starts, Excel row
 * number). No database here: these are pure functions the unit tests drive.
 */

export const RESIDENT_COLUMNS = [
  'name',
  'idNumber',
  'phone',
  'hukou',
  'community',
  'street',
  'address',
  'relation',
  'householdNo',
] as const;
export type ResidentColumn = (typeof RESIDENT_COLUMNS)[number];
export const REQUIRED_COLUMNS: readonly ResidentColumn[] = ['name', 'idNumber', 'hukou', 'community'];

/** The headers of the downloadable template, in the order a worker fills them in. */
export const TEMPLATE_HEADERS: Record<Lang, Record<ResidentColumn, string>> = {
  'zh-CN': {
    name: '姓名',
    idNumber: '身份证号',
    phone: '联系电话',
    hukou: '户籍',
    community: '居住社区',
    street: '所属街道',
    address: '居住地址',
    relation: '与户主关系',
    householdNo: '户号',
  },
  en: {
    name: 'Name',
    idNumber: 'ID number',
    phone: 'Phone',
    hukou: 'Hukou',
    community: 'Community',
    street: 'Street',
    address: 'Address',
    relation: 'Relation to head',
    householdNo: 'Household no',
  },
};

/** Headers as found in district spreadsheets (公安 exports, 社区 ledgers, our own template). */
const SYNONYMS: Record<ResidentColumn, string[]> = {
  name: ['姓名', '名字', '居民姓名', '人员姓名', 'name', 'full name'],
  idNumber: [
    '身份证号',
    '身份证号码',
    '公民身份号码',
    '公民身份证号码',
    '身份证',
    '证件号码',
    '证件号',
    'id number',
    'id no',
    'id',
  ],
  phone: [
    '联系电话',
    '手机号',
    '手机号码',
    '电话',
    '电话号码',
    '手机',
    '联系方式',
    'phone',
    'mobile',
    'phone number',
  ],
  hukou: [
    '户籍',
    '户籍地',
    '户籍所在地',
    '户口',
    '户口所在地',
    '是否本区户籍',
    '本区户籍',
    'hukou',
    'household registration',
  ],
  community: [
    '居住社区',
    '社区',
    '所在社区',
    '所属社区',
    '社区村',
    '居住社区村',
    '村社区',
    'community',
    'community village',
  ],
  street: ['所属街道', '街道', '所在街道', '居住街道', 'street'],
  address: ['居住地址', '地址', '现居住地址', '现住址', '住址', '详细地址', '居住地', 'address'],
  relation: [
    '与户主关系',
    '与户主的关系',
    '关系',
    '家庭关系',
    'relation',
    'relation to head',
    'relationship',
  ],
  householdNo: ['户号', '户编号', '家庭编号', '户口簿编号', 'household no', 'household number', 'household'],
};

/** Strips what people add around a header: spaces, a required-mark *, notes in brackets, punctuation. */
export function normaliseHeader(raw: string): string {
  return raw
    .replace(/^\uFEFF/, '')
    .replace(/[（(【[][^）)】\]]*[）)】\]]/g, '')
    .replace(/[\s\u3000*＊:：._\-/\\·、]/g, '')
    .toLowerCase();
}

const HEADER_INDEX = new Map<string, ResidentColumn>();
for (const col of RESIDENT_COLUMNS) for (const s of SYNONYMS[col]) HEADER_INDEX.set(normaliseHeader(s), col);
for (const lang of Object.keys(TEMPLATE_HEADERS) as Lang[])
  for (const col of RESIDENT_COLUMNS) HEADER_INDEX.set(normaliseHeader(TEMPLATE_HEADERS[lang][col]), col);

export function columnOfHeader(raw: string): ResidentColumn | undefined {
  return HEADER_INDEX.get(normaliseHeader(raw));
}

/** A, B, … Z, AA — how Excel (and a CSV opened in it) names a column. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export interface SheetRow {
  /** The line (CSV) or row (Excel) number the user sees. */
  line: number;
  cells: string[];
  /** Cell indexes holding a number too long for Excel to keep exactly (an ID number typed as a number). */
  lossy?: number[];
}

export interface Sheet {
  rows: SheetRow[];
}

export interface ResidentFile {
  fileName: string;
  format: 'csv' | 'xlsx';
  /** The header text as written in the file, per mapped column. */
  headers: Partial<Record<ResidentColumn, string>>;
  /** For each cell position, the column it feeds (null: an empty, ignored column). */
  columns: (ResidentColumn | null)[];
  headerLine: number;
  rows: SheetRow[];
}

/** Reasons for IMPORT_FILE_UNREADABLE, in the language of the request or the command line. */
const UNREADABLE: Record<string, Record<Lang, string>> = {
  notZip: { 'zh-CN': '不是有效的 Excel（.xlsx）文件', en: 'not a valid Excel (.xlsx) workbook' },
  noSheet: { 'zh-CN': '工作簿中没有工作表', en: 'the workbook has no worksheet' },
  notText: { 'zh-CN': '不是文本格式的 CSV 文件', en: 'not a text CSV file' },
  quote: { 'zh-CN': '第 {line} 行的引号没有闭合', en: 'the quote opened on line {line} is never closed' },
};

function unreadable(reason: keyof typeof UNREADABLE, lang: Lang, line?: number): AppError {
  return new AppError('IMPORT_FILE_UNREADABLE', {
    reason: UNREADABLE[reason]![lang].replace('{line}', String(line ?? '')),
  });
}

export function detectFormat(fileName: string): 'csv' | 'xlsx' {
  const lower = fileName.trim().toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.xlsx')) return 'xlsx';
  throw new AppError('IMPORT_FILE_TYPE');
}

/** UTF-8 (a BOM is dropped); bytes that are not UTF-8 are read as GB18030, a superset of GBK. */
export function decodeText(buf: Buffer, lang: Lang = 'zh-CN'): string {
  const head = buf.subarray(0, 8192);
  if (head.includes(0)) throw unreadable('notText', lang);
  const body = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return new TextDecoder('gb18030').decode(body);
  }
}

function pickDelimiter(text: string): string {
  const end = text.indexOf('\n');
  const first = end < 0 ? text : text.slice(0, end);
  const counts = [',', '\t', ';'].map((d) => [d, first.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ',';
}

const trimCell = (s: string) => s.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');

/**
 * RFC 4180 CSV: quoted fields may hold the delimiter, doubled quotes and line breaks. Each record
 * carries the physical line it starts on; blank records are dropped.
 */
export function parseCsv(text: string, lang: Lang = 'zh-CN'): Sheet {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delim = pickDelimiter(src);
  const rows: SheetRow[] = [];
  let cells: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let inQuotes = false;
  let quoteLine = 0;
  let fieldQuoted = false;
  const endField = () => {
    cells.push(fieldQuoted ? field : trimCell(field));
    field = '';
    fieldQuoted = false;
  };
  const endRecord = () => {
    endField();
    if (cells.some((c) => c !== '')) rows.push({ line: recordLine, cells });
    cells = [];
  };
  const n = src.length;
  for (let i = 0; i < n; i++) {
    const ch = src[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === '\n') line++;
        else if (ch === '\r' && src[i + 1] !== '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && trimCell(field) === '') {
      inQuotes = true;
      fieldQuoted = true;
      quoteLine = line;
      field = '';
    } else if (ch === delim) endField();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else field += ch;
  }
  if (inQuotes) throw unreadable('quote', lang, quoteLine);
  if (field !== '' || cells.length) endRecord();
  return { rows };
}

function cellText(v: unknown): { text: string; lossy?: boolean } {
  if (v == null) return { text: '' };
  if (typeof v === 'string') return { text: trimCell(v) };
  if (typeof v === 'number') {
    // Excel keeps 15 significant digits: an 18-digit ID number typed as a number is already damaged.
    if (Math.abs(v) >= 1e15) return { text: BigInt(Math.round(v)).toString(), lossy: true };
    return { text: String(v) };
  }
  if (typeof v === 'boolean') return { text: v ? 'TRUE' : 'FALSE' };
  if (v instanceof Date) return { text: v.toISOString().slice(0, 10) };
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (Array.isArray(o.richText)) return { text: trimCell(o.richText.map((r) => r.text).join('')) };
    if ('result' in o) return cellText(o.result);
    if ('text' in o) return cellText(o.text);
    if (o.error) return { text: o.error };
  }
  return { text: trimCell(String(v)) };
}

/**
 * The first worksheet of an .xlsx (styles ignored: numbers stay numbers). The whole workbook is
 * loaded: exceljs's streaming reader races between its zip entries and now and then loses the
 * workbook part, so it would refuse a good file about once in a hundred reads.
 */
export async function readXlsx(buf: Buffer, lang: Lang = 'zh-CN'): Promise<Sheet> {
  if (!(buf[0] === 0x50 && buf[1] === 0x4b)) throw unreadable('notZip', lang);
  const rows: SheetRow[] = [];
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(
      buf as unknown as ArrayBuffer,
      { ignoreNodes: ['dataValidations', 'conditionalFormatting'] } as never,
    );
  } catch {
    throw unreadable('notZip', lang);
  }
  const sheet = wb.worksheets[0];
  if (!sheet) throw unreadable('noSheet', lang);
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values = Array.isArray(row.values) ? row.values.slice(1) : [];
    const cells: string[] = [];
    const lossy: number[] = [];
    for (let i = 0; i < values.length; i++) {
      const c = cellText(values[i]);
      cells.push(c.text);
      if (c.lossy) lossy.push(i);
    }
    if (cells.some((c) => c !== ''))
      rows.push({ line: row.number, cells, ...(lossy.length ? { lossy } : {}) });
  });
  return { rows };
}

/**
 * Finds the header row (a title row above it, with a single filled cell, is skipped) and maps
 * each header to a column. Unknown, missing and repeated headers are errors naming the column;
 * a column without a header maps to null, and the validation reports any cell filled in it.
 */
export function mapHeaders(sheet: Sheet): Omit<ResidentFile, 'fileName' | 'format'> {
  const nonEmpty = sheet.rows;
  if (nonEmpty.length === 0) throw new AppError('IMPORT_EMPTY');
  let headerIdx = 0;
  for (let i = 0; i < Math.min(nonEmpty.length, 5); i++) {
    // A title above the table ("上城区居民信息登记表") fills one cell; the header fills several.
    if (nonEmpty[i]!.cells.filter((c) => c !== '').length > 1) {
      headerIdx = i;
      break;
    }
  }
  const headerRow = nonEmpty[headerIdx]!;
  const dataRows = nonEmpty.slice(headerIdx + 1);
  let width = headerRow.cells.length;
  for (const r of dataRows) if (r.cells.length > width) width = r.cells.length;
  const issues: FieldIssue[] = [];
  const columns: (ResidentColumn | null)[] = [];
  const headers: Partial<Record<ResidentColumn, string>> = {};
  const seen = new Map<ResidentColumn, string>();
  for (let i = 0; i < width; i++) {
    const raw = headerRow.cells[i] ?? '';
    if (raw === '') {
      // Cells under no header (often an unquoted comma shifting a row) are reported per row.
      columns.push(null);
      continue;
    }
    const col = columnOfHeader(raw);
    if (!col) {
      columns.push(null);
      issues.push({
        field: 'file',
        code: 'IMPORT_UNKNOWN_COLUMN',
        params: { column: raw },
        line: headerRow.line,
      });
      continue;
    }
    if (seen.has(col)) {
      columns.push(null);
      issues.push({
        field: 'file',
        code: 'IMPORT_DUPLICATE_COLUMN',
        params: { column: raw },
        line: headerRow.line,
      });
      continue;
    }
    seen.set(col, raw);
    headers[col] = raw;
    columns.push(col);
  }
  for (const col of REQUIRED_COLUMNS)
    if (!seen.has(col))
      issues.push({
        field: 'file',
        code: 'IMPORT_MISSING_COLUMN',
        params: { column: TEMPLATE_HEADERS['zh-CN'][col] },
        line: headerRow.line,
      });
  if (issues.length) {
    const first = issues[0]!;
    throw new AppError(first.code, first.params ?? {}, issues);
  }
  if (dataRows.length === 0) throw new AppError('IMPORT_EMPTY');
  return { headers, columns, headerLine: headerRow.line, rows: dataRows };
}

export async function parseResidentFile(
  buf: Buffer,
  fileName: string,
  lang: Lang = 'zh-CN',
): Promise<ResidentFile> {
  const format = detectFormat(fileName);
  const sheet = format === 'csv' ? parseCsv(decodeText(buf, lang), lang) : await readXlsx(buf, lang);
  return { fileName, format, ...mapHeaders(sheet) };
}

/** The template a worker downloads: the header row only (allowed values are shown on the page). */
export function templateCsv(lang: Lang): string {
  const h = TEMPLATE_HEADERS[lang];
  // A BOM so Excel opens the UTF-8 file with the right encoding.
  return `\uFEFF${RESIDENT_COLUMNS.map((c) => csvQuote(h[c])).join(',')}\r\n`;
}

export function csvQuote(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
