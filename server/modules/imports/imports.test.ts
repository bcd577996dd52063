import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import {
  communityCode,
  communityFullName,
  DISTRICT,
  STREETS,
  streetCode,
  villageCode,
} from '../areas/index.ts';
import {
  columnLetter,
  columnOfHeader,
  decodeText,
  detectFormat,
  mapHeaders,
  parseCsv,
  parseResidentFile,
  readXlsx,
  templateCsv,
} from './imports.parse.ts';
import {
  type AreaLite,
  buildAreaIndex,
  commonArea,
  maskEcho,
  parseHukou,
  parseRelation,
  resolveCommunity,
} from './imports.rules.ts';
import { type ExistingPerson, planCommit, type ValidRow } from './imports.service.ts';

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

async function rejected(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('header mapping', () => {
  it.each([
    ['姓名', 'name'],
    [' 姓名* ', 'name'],
    ['身份证号', 'idNumber'],
    ['公民身份号码', 'idNumber'],
    ['身份证号码（18位）', 'idNumber'],
    ['联系电话', 'phone'],
    ['手机号', 'phone'],
    ['电话', 'phone'],
    ['户籍', 'hukou'],
    ['户籍(本区/非本区)', 'hukou'],
    ['居住社区', 'community'],
    ['社区', 'community'],
    ['社区（村）', 'community'],
    ['所属街道', 'street'],
    ['街道', 'street'],
    ['居住地址', 'address'],
    ['地址', 'address'],
    ['与户主关系', 'relation'],
    ['关系', 'relation'],
    ['户号', 'householdNo'],
    ['ID number', 'idNumber'],
    ['Household no.', 'householdNo'],
    ['\uFEFF姓名', 'name'],
  ])('%s → %s', (header, column) => {
    expect(columnOfHeader(header)).toBe(column);
  });

  it('does not guess unknown headers', () => {
    expect(columnOfHeader('出生日期')).toBeUndefined();
    expect(columnOfHeader('备注')).toBeUndefined();
  });

  const sheet = (...rows: string[][]) => ({ rows: rows.map((cells, i) => ({ line: i + 1, cells })) });

  it('maps a header row and keeps the file’s own header text', () => {
    const m = mapHeaders(sheet(['姓名', '公民身份号码', '户籍', '社区'], ['张三', '1', '本区', '涌金门']));
    expect(m.columns).toEqual(['name', 'idNumber', 'hukou', 'community']);
    expect(m.headers.idNumber).toBe('公民身份号码');
    expect(m.rows).toHaveLength(1);
    expect(m.headerLine).toBe(1);
  });

  it('names an unknown column', () => {
    const e = thrown(() =>
      mapHeaders(sheet(['姓名', '身份证号', '户籍', '居住社区', '出生日期'], ['a', 'b', 'c', 'd', 'e'])),
    );
    expect(e.code).toBe('IMPORT_UNKNOWN_COLUMN');
    expect(e.params.column).toBe('出生日期');
  });

  it('names a missing required column', () => {
    const e = thrown(() => mapHeaders(sheet(['姓名', '户籍', '居住社区'], ['a', 'c', 'd'])));
    expect(e.code).toBe('IMPORT_MISSING_COLUMN');
    expect(e.params.column).toBe('身份证号');
  });

  it('reports every header problem at once', () => {
    const e = thrown(() => mapHeaders(sheet(['姓名', '手机号', '电话', '备注'], ['a', 'b', 'c', 'd'])));
    expect(e.issues?.map((i) => i.code)).toEqual([
      'IMPORT_DUPLICATE_COLUMN',
      'IMPORT_UNKNOWN_COLUMN',
      'IMPORT_MISSING_COLUMN',
      'IMPORT_MISSING_COLUMN',
      'IMPORT_MISSING_COLUMN',
    ]);
  });

  it('skips a title row above the header', () => {
    const m = mapHeaders({
      rows: [
        { line: 1, cells: ['上城区居民信息登记表'] },
        { line: 2, cells: ['姓名', '身份证号', '户籍', '居住社区'] },
        { line: 3, cells: ['张三', '1', '本区', '涌金门'] },
      ],
    });
    expect(m.headerLine).toBe(2);
    expect(m.rows[0]!.line).toBe(3);
  });

  it('maps a column without header to nothing (its filled cells are row errors)', () => {
    const m = mapHeaders(sheet(['姓名', '身份证号', '', '户籍', '居住社区'], ['a', 'b', 'x', 'c', 'd', 'e']));
    expect(m.columns).toEqual(['name', 'idNumber', null, 'hukou', 'community', null]);
  });

  it('refuses a file with a header and no rows', () => {
    expect(thrown(() => mapHeaders(sheet(['姓名', '身份证号', '户籍', '居住社区']))).code).toBe(
      'IMPORT_EMPTY',
    );
    expect(thrown(() => mapHeaders({ rows: [] })).code).toBe('IMPORT_EMPTY');
  });

  it('letters columns as Excel does', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });

  it('serves a template whose headers map back to every column', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const text = templateCsv(lang);
      expect(text.startsWith('\uFEFF')).toBe(true);
      const m = mapHeaders({ rows: [...parseCsv(text).rows, { line: 2, cells: Array(9).fill('x') }] });
      expect(m.columns).toEqual([
        'name',
        'idNumber',
        'phone',
        'hukou',
        'community',
        'street',
        'address',
        'relation',
        'householdNo',
      ]);
    }
  });
});

describe('CSV', () => {
  it('reads quoted fields, doubled quotes and line breaks inside quotes, keeping the lines the user sees', () => {
    const text =
      '\uFEFF姓名,地址\r\n张三,"1 幢, 101 室"\r\n\r\n李四,"说""你好"""\n王五,"第一行\n第二行"\n赵六,末行';
    const { rows } = parseCsv(text);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 4, 5, 7]);
    expect(rows[1]!.cells).toEqual(['张三', '1 幢, 101 室']);
    expect(rows[2]!.cells).toEqual(['李四', '说"你好"']);
    expect(rows[3]!.cells).toEqual(['王五', '第一行\n第二行']);
    expect(rows[4]!.cells).toEqual(['赵六', '末行']);
  });

  it('trims unquoted cells and reads tab-separated text', () => {
    const { rows } = parseCsv('姓名\t身份证号\n 张三 \t　330102\n');
    expect(rows[1]!.cells).toEqual(['张三', '330102']);
  });

  it('reports an unclosed quote with its line', () => {
    const e = thrown(() => parseCsv('姓名,地址\n张三,"1 幢\n李四,2 幢\n', 'zh-CN'));
    expect(e.code).toBe('IMPORT_FILE_UNREADABLE');
    expect(e.params.reason).toContain('第 2 行');
    expect(thrown(() => parseCsv('a,b\n"x', 'en')).params.reason).toContain('line 2');
  });

  it('decodes UTF-8 with or without BOM, and GBK', () => {
    expect(decodeText(Buffer.from('\uFEFF姓名', 'utf8'))).toBe('姓名');
    expect(decodeText(Buffer.from('姓名', 'utf8'))).toBe('姓名');
    // 姓名 in GBK
    expect(decodeText(Buffer.from([0xd0, 0xd5, 0xc3, 0xfb]))).toBe('姓名');
  });

  it('refuses binary content', () => {
    expect(thrown(() => decodeText(Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01]))).code).toBe(
      'IMPORT_FILE_UNREADABLE',
    );
  });

  it('accepts .csv and .xlsx only', () => {
    expect(detectFormat('居民.CSV')).toBe('csv');
    expect(detectFormat('居民.xlsx')).toBe('xlsx');
    expect(thrown(() => detectFormat('居民.xls')).code).toBe('IMPORT_FILE_TYPE');
    expect(thrown(() => detectFormat('居民.pdf')).code).toBe('IMPORT_FILE_TYPE');
  });
});

describe('XLSX', () => {
  async function workbook(rows: unknown[][]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('居民');
    for (const r of rows) ws.addRow(r);
    wb.addWorksheet('说明').addRow(['不读这一页']);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('reads the first sheet with Excel row numbers, rich text and formula results', async () => {
    const buf = await workbook([
      ['姓名', '身份证号', '联系电话', '户籍', '居住社区'],
      ['张三', '330102195001010017', 13900000001, '本区', { richText: [{ text: '涌金' }, { text: '门' }] }],
      [],
      // biome-ignore lint/correctness/noPrecisionLoss: the point: Excel cannot hold this number either
      ['李四', 330102195001010017, '', { formula: '"本"&"区"', result: '本区' }, '涌金门'],
    ]);
    const { rows } = await readXlsx(buf);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 4]);
    expect(rows[1]!.cells).toEqual(['张三', '330102195001010017', '13900000001', '本区', '涌金门']);
    expect(rows[2]!.cells[3]).toBe('本区');
    // An ID number typed as a number has already lost digits in Excel.
    expect(rows[2]!.lossy).toEqual([1]);
  });

  it('refuses a file that is not a workbook', async () => {
    const e = await rejected(readXlsx(Buffer.from('姓名,身份证号\n')));
    expect(e.code).toBe('IMPORT_FILE_UNREADABLE');
    const zipNotXlsx = await rejected(
      readXlsx(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8])),
    );
    expect(zipNotXlsx.code).toBe('IMPORT_FILE_UNREADABLE');
  });

  it('parses a whole resident file', async () => {
    const buf = await workbook([
      ['姓名', '身份证号', '户籍', '居住社区'],
      ['张三', '330102195001010017', '本区', '涌金门'],
    ]);
    const f = await parseResidentFile(buf, '居民.xlsx');
    expect(f.format).toBe('xlsx');
    expect(f.rows).toHaveLength(1);
    expect((await rejected(parseResidentFile(buf, '居民.txt'))).code).toBe('IMPORT_FILE_TYPE');
  });
});

describe('values', () => {
  it.each([
    ['本区', true],
    ['是', true],
    ['杭州市上城区', true],
    ['浙江省杭州市上城区湖滨街道', true],
    ['Y', true],
    ['非本区', false],
    ['否', false],
    ['非上城区', false],
    ['浙江省杭州市西湖区', false],
    ['安徽省合肥市', false],
    ['', undefined],
    ['也许', undefined],
  ])('户籍 %s → %s', (v, expected) => {
    expect(parseHukou(v)).toBe(expected);
  });

  it.each([
    ['本人', 'head'],
    ['户主', 'head'],
    ['配偶', 'spouse'],
    ['妻', 'spouse'],
    ['子女', 'child'],
    ['长女', 'child'],
    ['父母', 'parent'],
    ['孙子女', 'grandchild'],
    ['兄弟姐妹', 'sibling'],
    ['其他', 'other'],
    ['Spouse', 'spouse'],
    ['邻居', undefined],
  ])('关系 %s → %s', (v, expected) => {
    expect(parseRelation(v)).toBe(expected);
  });

  it('masks ID numbers and phones echoed in a report', () => {
    expect(maskEcho('idNumber', '33010219500101001Z')).toBe('330102********001Z');
    expect(maskEcho('idNumber', '3301021')).toBe('3301021');
    expect(maskEcho('phone', '1390000123')).toBe('139***0123');
    expect(maskEcho('name', '张三')).toBe('张三');
  });

  it('finds the area rows have in common', () => {
    expect(commonArea(['330102001001', '330102001001'])).toBe('330102001001');
    expect(commonArea(['330102001001', '330102001002'])).toBe('330102001000');
    expect(commonArea(['330102001001', '330102002001'])).toBe('330102000000');
    expect(commonArea([])).toBeUndefined();
  });
});

describe('居住社区', () => {
  const areas: AreaLite[] = [
    { code: DISTRICT.code, parentCode: null, level: 'district', name: DISTRICT.name, closedOn: null },
  ];
  STREETS.forEach((s, si) => {
    areas.push({
      code: streetCode(si),
      parentCode: DISTRICT.code,
      level: 'street',
      name: s.name,
      closedOn: null,
    });
    s.communities.forEach((c, ci) => {
      areas.push({
        code: communityCode(si, ci),
        parentCode: streetCode(si),
        level: 'community',
        name: communityFullName(c),
        closedOn: null,
      });
    });
    s.villages.forEach((v, vi) => {
      areas.push({
        code: villageCode(si, vi),
        parentCode: streetCode(si),
        level: 'village',
        name: v,
        closedOn: null,
      });
    });
  });
  // A community closed in a merger, with a name no open community carries.
  areas.push({
    code: '330102001099',
    parentCode: '330102001000',
    level: 'community',
    name: '旧城社区',
    closedOn: '2022-01-01',
  });
  const index = buildAreaIndex(areas);
  const wangjiang = STREETS.findIndex((s) => s.name === '望江街道');
  const pengbu = STREETS.findIndex((s) => s.name === '彭埠街道');
  const xinglong = (si: number) => communityCode(si, STREETS[si]!.communities.indexOf('兴隆'));

  it.each([
    ['涌金门社区', ''],
    ['涌金门', ''],
    ['湖滨街道涌金门社区', ''],
    ['湖滨街道/涌金门', ''],
    ['上城区湖滨街道 涌金门社区', ''],
    ['330102001001', ''],
    ['涌金门', '湖滨街道'],
    ['涌金门', '湖滨'],
    ['涌金门', '330102001'],
  ])('%s (街道 %s) → 涌金门社区', (value, street) => {
    const r = resolveCommunity(index, value, street);
    expect(r.ok && r.area.code).toBe('330102001001');
  });

  it('refuses a name found in two streets unless the street is given', () => {
    const r = resolveCommunity(index, '兴隆');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('IMPORT_AREA_AMBIGUOUS');
      expect(r.params.streets).toBe('望江街道、彭埠街道');
    }
    const p = resolveCommunity(index, '兴隆', '彭埠街道');
    expect(p.ok && p.area.code).toBe(xinglong(pengbu));
    const w = resolveCommunity(index, '望江街道兴隆社区');
    expect(w.ok && w.area.code).toBe(xinglong(wangjiang));
  });

  it('explains what is wrong otherwise', () => {
    const code = (value: string, street = '') => {
      const r = resolveCommunity(index, value, street);
      return r.ok ? 'ok' : `${r.column}:${r.code}`;
    };
    expect(code('不存在社区')).toBe('community:AREA_UNKNOWN');
    expect(code('涌金门', '清波街道')).toBe('community:IMPORT_AREA_STREET_MISMATCH');
    expect(code('涌金门', '火星街道')).toBe('street:AREA_UNKNOWN');
    expect(code('湖滨街道')).toBe('community:AREA_NOT_LEAF');
    expect(code('330102001000')).toBe('community:AREA_NOT_LEAF');
    expect(code('330102099001')).toBe('community:AREA_UNKNOWN');
    expect(code('旧城社区')).toBe('community:AREA_CLOSED');
    expect(code('330102001001', '清波街道')).toBe('community:IMPORT_AREA_STREET_MISMATCH');
    expect(code('三村村')).toBe('ok');
    expect(code('三村')).toBe('ok');
  });
});

describe('commit plan', () => {
  let n = 0;
  const row = (over: Partial<ValidRow> & { hash: string; area?: string }): ValidRow => ({
    line: ++n,
    relation: 'head',
    householdNo: null,
    phoneGiven: true,
    addressGiven: true,
    ...over,
    person: {
      id: `p${n}`,
      name: `人${n}`,
      idHash: over.hash,
      idEnc: 'e',
      idMasked: 'm',
      idTail: '0000',
      birthDate: '1950-01-01',
      sex: 'M',
      phoneHash: 'ph',
      phoneEnc: 'pe',
      phoneMasked: 'pm',
      phoneTail: '0001',
      hukouLocal: true,
      areaCode: over.area ?? '330102001001',
      streetCode: (over.area ?? '330102001001').slice(0, 9),
      address: '1 幢',
      householdId: null,
      relation: null,
    },
  });
  const dup = (hash: string, over: Partial<ExistingPerson> = {}): [string, ExistingPerson] => [
    hash,
    {
      id: `old-${hash}`,
      idHash: hash,
      areaCode: '330102001001',
      version: 1,
      householdId: `hh-${hash}`,
      ...over,
    },
  ];
  let h = 0;
  const newHh = () => `new${++h}`;
  const all = () => true;

  it('inserts new people, each heading a new household when no 户号 is given', () => {
    const plan = planCommit([row({ hash: 'a' }), row({ hash: 'b' })], new Map(), 'skip', all, newHh);
    expect(plan.inserts).toHaveLength(2);
    expect(plan.households).toHaveLength(2);
    expect(plan.inserts.every((i) => i.person.relation === 'head' && i.person.householdId)).toBe(true);
  });

  it('puts rows sharing a 户号 into one household', () => {
    const plan = planCommit(
      [row({ hash: 'a', householdNo: 'H1' }), row({ hash: 'b', householdNo: 'H1', relation: 'spouse' })],
      new Map(),
      'skip',
      all,
      newHh,
    );
    expect(plan.households).toHaveLength(1);
    expect(new Set(plan.inserts.map((i) => i.person.householdId)).size).toBe(1);
    expect(plan.inserts.map((i) => i.person.relation)).toEqual(['head', 'spouse']);
  });

  it('skips duplicates, or updates them in place', () => {
    const rows = [row({ hash: 'a' }), row({ hash: 'b' })];
    const existing = new Map([dup('a')]);
    const skip = planCommit(rows, existing, 'skip', all, newHh);
    expect([skip.inserts.length, skip.updates.length, skip.skipped]).toEqual([1, 0, 1]);
    const update = planCommit(rows, existing, 'update', all, newHh);
    expect([update.inserts.length, update.updates.length, update.skipped]).toEqual([1, 1, 0]);
    // Same community, no 户号: the person keeps their household.
    expect(update.updates[0]!.patch.householdId).toBeUndefined();
    expect(update.updates[0]!.before.id).toBe('old-a');
  });

  it('keeps what the registry holds when an optional cell is blank', () => {
    const plan = planCommit(
      [row({ hash: 'a', phoneGiven: false, addressGiven: false })],
      new Map([dup('a')]),
      'update',
      all,
      newHh,
    );
    expect(plan.updates[0]!.patch).not.toHaveProperty('phoneHash');
    expect(plan.updates[0]!.patch).not.toHaveProperty('address');
  });

  it('moves an updated person to a new household when the community changes', () => {
    const plan = planCommit(
      [row({ hash: 'a', area: '330102001002' })],
      new Map([dup('a')]),
      'update',
      all,
      newHh,
    );
    expect(plan.households).toHaveLength(1);
    expect(plan.updates[0]!.patch).toMatchObject({
      areaCode: '330102001002',
      householdId: plan.households[0]!.id,
      relation: 'head',
    });
  });

  it('adds new members to the household of a registered head in the same community', () => {
    const rows = [
      row({ hash: 'a', householdNo: 'H1' }),
      row({ hash: 'b', householdNo: 'H1', relation: 'child' }),
    ];
    const plan = planCommit(rows, new Map([dup('a')]), 'skip', all, newHh);
    expect(plan.households).toHaveLength(0);
    expect(plan.inserts[0]!.person).toMatchObject({ householdId: 'hh-a', relation: 'child' });
  });

  it('never updates a person registered outside the actor’s area', () => {
    const plan = planCommit(
      [row({ hash: 'a' })],
      new Map([dup('a', { areaCode: '330102002001' })]),
      'update',
      (c) => c.startsWith('330102001'),
      newHh,
    );
    expect([plan.updates.length, plan.skipped]).toEqual([0, 1]);
  });
});
