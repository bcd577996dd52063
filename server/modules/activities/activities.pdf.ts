import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { hoursText } from './activities.rules.ts';

/**
 * The 志愿服务证明 as a PDF in Chinese (ADR 0016). The text is set in Noto Sans CJK SC, embedded
 * as a subset of the glyphs used (pdfkit writes a ToUnicode map, so the text can be searched and
 * copied). The font comes from Debian's fonts-noto-cjk when installed; otherwise from the npm
 * package @expo-google-fonts/noto-sans-sc, so a fresh checkout after `npm ci` works without it.
 */

export interface FontSource {
  path: string;
  /** PostScript name of the face inside a collection (.ttc). */
  family?: string;
  origin: 'system' | 'package';
}

const SYSTEM_FONTS: FontSource[] = [
  {
    path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
    family: 'NotoSansCJKsc-Regular',
    origin: 'system',
  },
  {
    path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc',
    family: 'NotoSerifCJKsc-Regular',
    origin: 'system',
  },
];

export function packageFont(): FontSource {
  const require = createRequire(import.meta.url);
  return {
    path: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
    origin: 'package',
  };
}

let chosen: FontSource | undefined;

/** The system font when present, else the packaged one (decided once per process). */
export function cjkFont(): FontSource {
  chosen ??= SYSTEM_FONTS.find((f) => existsSync(f.path)) ?? packageFont();
  return chosen;
}

export interface CertificatePrint {
  certNo: string;
  volunteerName: string;
  volunteerNo: string;
  /** Masked, as the registry shows it; left out when unknown. */
  idNumberMasked?: string | null;
  issuerName: string;
  personInCharge: string;
  handler: string;
  contact: string;
  periodFrom: string;
  periodTo: string;
  totalMinutes: number;
  recordCount: number;
  content: string;
  issuedOn: string;
  revoked: boolean;
  verifyUrl: string;
  records: { date: string; content: string; place: string | null; minutes: number }[];
}

const chineseDate = (d: string) =>
  `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/** At most this many records are listed; the rest are counted. */
const LISTED = 18;

export function certificatePdf(c: CertificatePrint, font: FontSource = cjkFont()): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 64, bottom: 56, left: 64, right: 64 },
    info: {
      Title: `志愿服务证明 ${c.certNo}`,
      Author: c.issuerName,
      Subject: '志愿服务证明',
      Keywords: c.certNo,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.registerFont('cjk', font.path, font.family);
  doc.font('cjk');
  const width = doc.page.width - 128;
  const left = 64;

  doc.fontSize(10).fillColor('#555').text(`证明编号：${c.certNo}`, left, 40, { width, align: 'right' });
  doc
    .fillColor('#000')
    .fontSize(26)
    .text('志愿服务证明', left, 84, { width, align: 'center', characterSpacing: 6 });
  if (c.revoked)
    doc.fontSize(14).fillColor('#c00').text('（本证明已作废）', { width, align: 'center' }).fillColor('#000');

  doc.moveDown(1.2).fontSize(13);
  const who = c.idNumberMasked
    ? `${c.volunteerName}（志愿者编号：${c.volunteerNo}，身份证号：${c.idNumberMasked}）`
    : `${c.volunteerName}（志愿者编号：${c.volunteerNo}）`;
  doc.text(
    `兹证明 ${who}于 ${chineseDate(c.periodFrom)}至${chineseDate(c.periodTo)}期间参加${c.issuerName}组织的志愿服务活动，` +
      `经本组织记录并审核确认，累计志愿服务 ${c.recordCount} 次，服务时长 ${hoursText(c.totalMinutes)} 小时。`,
    left,
    undefined,
    { width, lineGap: 6, indent: 26 },
  );
  doc.moveDown(0.6).text(`服务内容：${c.content}`, { width, lineGap: 6, indent: 26 });
  doc.moveDown(0.6).text('特此证明。', { width, indent: 26 });

  // The records behind the hours.
  doc.moveDown(1).fontSize(11);
  const cols = [
    { title: '服务日期', w: 76 },
    { title: '服务内容', w: width - 76 - 136 - 44 },
    { title: '服务地点', w: 136 },
    { title: '小时', w: 44 },
  ];
  const row = (cells: string[], bold = false) => {
    const y = doc.y;
    let x = left;
    let height = 0;
    cells.forEach((text, i) => {
      const w = cols[i]!.w;
      const h = doc.heightOfString(text, { width: w - 6 });
      height = Math.max(height, h);
      doc.text(text, x + 3, y + 3, { width: w - 6, lineBreak: true });
      x += w;
    });
    const bottom = y + height + 6;
    doc
      .moveTo(left, bottom)
      .lineTo(left + width, bottom)
      .lineWidth(bold ? 1 : 0.4)
      .strokeColor('#888')
      .stroke();
    doc.x = left;
    doc.y = bottom;
  };
  doc
    .moveTo(left, doc.y)
    .lineTo(left + width, doc.y)
    .lineWidth(1)
    .strokeColor('#888')
    .stroke();
  row(
    cols.map((c) => c.title),
    true,
  );
  let listed = 0;
  for (const r of c.records.slice(0, LISTED)) {
    if (doc.y > doc.page.height - 300) break;
    row([r.date, r.content, r.place ?? '', hoursText(r.minutes)]);
    listed++;
  }
  if (c.records.length > listed)
    doc.moveDown(0.4).text(`……共 ${c.records.length} 条服务记录`, left, undefined, { width });

  // Who issues it (民政部《志愿服务记录与证明出具办法》: 出具组织、负责人、经办人、联系方式、日期).
  const footY = Math.max(doc.y + 20, doc.page.height - 270);
  doc.fontSize(12);
  const lines = [
    `出具组织：${c.issuerName}（盖章）`,
    `负责人：${c.personInCharge}`,
    `经办人：${c.handler}`,
    `联系方式：${c.contact}`,
    `出具日期：${chineseDate(c.issuedOn)}`,
  ];
  // Each line follows the one before, so a long organisation name wraps without overlapping.
  lines.forEach((l, i) => {
    doc.text(l, left + width / 2 - 40, i === 0 ? footY : undefined, { width: width / 2 + 40, lineGap: 6 });
  });
  doc
    .fontSize(9)
    .fillColor('#555')
    .text(
      `查验网址：${c.verifyUrl}（凭证明编号 ${c.certNo} 查验真伪）。本证明依据民政部《志愿服务记录与证明出具办法》出具，服务时长以本组织确认的志愿服务记录为准。`,
      left,
      doc.page.height - 96,
      { width, lineGap: 3 },
    );
  doc.end();
  return done;
}
