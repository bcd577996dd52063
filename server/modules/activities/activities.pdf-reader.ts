import { inflateSync } from 'node:zlib';

/**
 * A small reader of the PDFs this module writes, for tests: it decodes the text shown on the
 * pages through each font's ToUnicode map (what a viewer's search and copy use) and reports the
 * embedded fonts. It reads pdfkit's output (uncompressed object dictionaries, Flate streams,
 * Identity-H fonts), not PDFs in general.
 */

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

function objects(buf: Buffer): Map<number, PdfObject> {
  const s = buf.toString('latin1');
  const out = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\s*/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const start = m.index + m[0].length;
    const end = s.indexOf('endobj', start);
    const body = s.slice(start, end);
    const at = body.indexOf('stream');
    if (at < 0) {
      out.set(Number(m[1]), { dict: body });
      continue;
    }
    const dict = body.slice(0, at);
    let dataStart = start + at + 'stream'.length;
    if (s[dataStart] === '\r') dataStart++;
    if (s[dataStart] === '\n') dataStart++;
    const dataEnd = s.lastIndexOf('endstream', end);
    let data = buf.subarray(dataStart, dataEnd);
    if (/\/FlateDecode/.test(dict)) data = inflateSync(data);
    out.set(Number(m[1]), { dict, stream: data });
  }
  return out;
}

/** code (hex) → text, from a ToUnicode CMap's bfchar and bfrange sections. */
function toUnicodeMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const hexText = (h: string) => {
    let t = '';
    for (let i = 0; i < h.length; i += 4) t += String.fromCharCode(Number.parseInt(h.slice(i, i + 4), 16));
    return t;
  };
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g))
      map.set(Number.parseInt(m[1]!, 16), hexText(m[2]!));
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    const re = /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g;
    for (const m of block[1]!.matchAll(re)) {
      const lo = Number.parseInt(m[1]!, 16);
      const hi = Number.parseInt(m[2]!, 16);
      const target = m[3]!;
      if (target.startsWith('[')) {
        const items = [...target.matchAll(/<([0-9a-fA-F]+)>/g)].map((x) => hexText(x[1]!));
        for (let c = lo; c <= hi; c++) map.set(c, items[c - lo] ?? '');
      } else {
        const base = Number.parseInt(target.slice(1, -1), 16);
        for (let c = lo; c <= hi; c++) map.set(c, String.fromCharCode(base + c - lo));
      }
    }
  }
  return map;
}

export interface PdfFontInfo {
  baseFont: string;
  /** FontFile2 (TrueType) or FontFile3 (CFF) */
  file: 'FontFile2' | 'FontFile3' | null;
  bytes: number;
  hasToUnicode: boolean;
}

export function readPdf(buf: Buffer): { text: string; fonts: PdfFontInfo[] } {
  const objs = objects(buf);
  const ref = (dict: string, key: string) => {
    const m = new RegExp(`/${key}\\s+(\\d+) 0 R`).exec(dict);
    return m ? Number(m[1]) : undefined;
  };
  // Font resources: /F1 8 0 R in any resource dictionary.
  const fontByName = new Map<string, number>();
  for (const o of objs.values())
    for (const m of o.dict.matchAll(/\/Font\s*<<([^>]*)>>/g))
      for (const f of m[1]!.matchAll(/\/(\w+)\s+(\d+) 0 R/g)) fontByName.set(f[1]!, Number(f[2]));
  const maps = new Map<number, Map<number, string>>();
  const fonts: PdfFontInfo[] = [];
  for (const [id, o] of objs) {
    if (!/\/Type\s*\/Font\b/.test(o.dict) || !/\/Subtype\s*\/Type0/.test(o.dict)) continue;
    const tu = ref(o.dict, 'ToUnicode');
    if (tu !== undefined) maps.set(id, toUnicodeMap(objs.get(tu)?.stream?.toString('latin1') ?? ''));
    const descendant = /\/DescendantFonts\s*\[\s*(\d+) 0 R/.exec(o.dict);
    const cid = descendant ? objs.get(Number(descendant[1])) : undefined;
    const descriptorId = cid ? ref(cid.dict, 'FontDescriptor') : undefined;
    const descriptor = descriptorId !== undefined ? objs.get(descriptorId) : undefined;
    const fileKey =
      descriptor && (['FontFile2', 'FontFile3'] as const).find((k) => ref(descriptor.dict, k) !== undefined);
    const fileId = fileKey ? ref(descriptor!.dict, fileKey) : undefined;
    fonts.push({
      baseFont: /\/BaseFont\s*\/([^\s/>]+)/.exec(o.dict)?.[1] ?? '',
      file: fileKey ?? null,
      bytes: fileId !== undefined ? (objs.get(fileId)?.stream?.length ?? 0) : 0,
      hasToUnicode: tu !== undefined,
    });
  }
  // Page contents, in order: every content stream that shows text.
  let text = '';
  for (const o of objs.values()) {
    const content = o.stream?.toString('latin1');
    if (!content || !/\bBT\b/.test(content) || /\/FontFile/.test(o.dict)) continue;
    let map: Map<number, string> | undefined;
    const ops = /\/(\w+)\s+[\d.]+\s+Tf|\[((?:[^\]]*))\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj|\bET\b/g;
    for (const m of content.matchAll(ops)) {
      if (m[1]) map = maps.get(fontByName.get(m[1]) ?? -1);
      else if (m[0] === 'ET') text += '\n';
      else {
        const hexes =
          m[2] !== undefined ? [...m[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((x) => x[1]!) : [m[3]!];
        for (const h of hexes)
          for (let i = 0; i + 4 <= h.length; i += 4)
            text += map?.get(Number.parseInt(h.slice(i, i + 4), 16)) ?? '?';
      }
    }
  }
  return { text, fonts };
}
