// Reads an uploaded CSV or .xlsx in the browser, only to SHOW its rows next to the server's
// errors. Validation itself is the server's (the same domain import as the CLI): this reader
// never decides whether a file is acceptable. No library: .xlsx is a zip of XML, and browsers
// ship both an inflater (DecompressionStream) and an XML parser.

export interface SheetRow {
  /** As Excel shows it: the header is row 1. */
  rowNumber: number;
  cells: string[];
}

export interface Sheet {
  name: string;
  rows: SheetRow[];
}

export type ReadResult = { ok: true; format: 'csv' | 'xlsx'; sheets: Sheet[] } | { ok: false; message: string };

const MAX_PREVIEW_ROWS = 60_000;

export async function readSheets(bytes: Uint8Array, filename: string): Promise<ReadResult> {
  const lower = filename.toLowerCase();
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  try {
    if (isZip || lower.endsWith('.xlsx')) {
      if (!isZip) return { ok: false, message: '文件扩展名是 .xlsx，但内容不是 Excel 工作簿' };
      return { ok: true, format: 'xlsx', sheets: await readXlsx(bytes) };
    }
    if (lower.endsWith('.xls')) return { ok: false, message: '不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后上传' };
    return { ok: true, format: 'csv', sheets: [{ name: filename, rows: parseCsv(decodeText(bytes)) }] };
  } catch (e) {
    return { ok: false, message: `无法读取文件内容：${e instanceof Error ? e.message : '格式有误'}` };
  }
}

// ---------------------------------------------------------------- CSV

function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Excel on Chinese Windows saves CSV as GBK/GB18030.
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n/) === -1 ? text.length : text.search(/\r?\n/));
  const counts = [',', '\t', ';', '，'].map((d) => ({ d, n: firstLine.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0] && counts[0].n > 0 ? counts[0].d : ',';
}

/** The line ending of the first line is the record delimiter for the whole file (as csv-parse does). */
function detectLineEnding(text: string): '\r\n' | '\n' | '\r' {
  const m = /\r\n|\n|\r/.exec(text);
  return m ? (m[0] as '\r\n' | '\n' | '\r') : '\n';
}

/** RFC 4180 with lenient quotes; row numbers count records (blank ones too), as the server does. */
export function parseCsv(text: string): SheetRow[] {
  const delimiter = detectDelimiter(text);
  const eol = detectLineEnding(text);
  const rows: SheetRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let record = 0;
  const endRecord = () => {
    cells.push(cell);
    record += 1;
    if (cells.some((c) => c.trim() !== '')) rows.push({ rowNumber: record, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 1;
        } else quoted = false;
      } else cell += ch;
      continue;
    }
    if (ch === '"' && cell === '') quoted = true;
    else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (text.startsWith(eol, i)) {
      i += eol.length - 1;
      endRecord();
      if (rows.length > MAX_PREVIEW_ROWS) break;
    } else cell += ch;
  }
  if (cell !== '' || cells.length > 0) endRecord();
  return rows;
}

// ---------------------------------------------------------------- XLSX

interface ZipEntry {
  method: number;
  compressedSize: number;
  localOffset: number;
}

function u16(b: Uint8Array, at: number): number {
  return (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
}
function u32(b: Uint8Array, at: number): number {
  return (u16(b, at) | (u16(b, at + 2) << 16)) >>> 0;
}

function zipEntries(b: Uint8Array): Map<string, ZipEntry> {
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65_535); i -= 1) {
    if (u32(b, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('不是有效的 .xlsx 文件（压缩包目录缺失）');
  const count = u16(b, eocd + 10);
  let at = u32(b, eocd + 16);
  const names = new TextDecoder('utf-8');
  const entries = new Map<string, ZipEntry>();
  for (let i = 0; i < count; i += 1) {
    if (u32(b, at) !== 0x02014b50) throw new Error('不是有效的 .xlsx 文件（压缩包目录损坏）');
    const nameLen = u16(b, at + 28);
    const extraLen = u16(b, at + 30);
    const commentLen = u16(b, at + 32);
    const name = names.decode(b.subarray(at + 46, at + 46 + nameLen));
    entries.set(name, { method: u16(b, at + 10), compressedSize: u32(b, at + 20), localOffset: u32(b, at + 42) });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

async function inflate(data: Uint8Array): Promise<Uint8Array> {
  const copy = new Uint8Array(data.length);
  copy.set(data);
  const stream = new Blob([copy]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function entryText(b: Uint8Array, entries: Map<string, ZipEntry>, name: string): Promise<string | undefined> {
  const e = entries.get(name);
  if (!e) return undefined;
  const start = e.localOffset + 30 + u16(b, e.localOffset + 26) + u16(b, e.localOffset + 28);
  const raw = b.subarray(start, start + e.compressedSize);
  const data = e.method === 0 ? raw : e.method === 8 ? await inflate(raw) : undefined;
  if (!data) throw new Error('工作簿使用了不支持的压缩方式');
  return new TextDecoder('utf-8').decode(data);
}

function xml(text: string): Document {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length > 0) throw new Error('工作簿内容损坏');
  return doc;
}

function byLocalName(parent: Document | Element, name: string): Element[] {
  return Array.from(parent.getElementsByTagNameNS('*', name));
}

function children(parent: Element, name: string): Element[] {
  return Array.from(parent.children).filter((c) => c.localName === name);
}

/** Text of an <si> or <is>: its runs, without phonetic guides. */
function richText(el: Element): string {
  return byLocalName(el, 't')
    .filter((t) => t.parentElement?.localName !== 'rPh')
    .map((t) => t.textContent ?? '')
    .join('');
}

const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 57, 58]);
const BUILTIN_MONTH_ONLY = new Set([17, 29, 30, 35, 36, 51, 52, 54]);

interface DateStyle {
  isDate: boolean;
  hasDay: boolean;
}

function dateStyles(stylesXml: string | undefined): DateStyle[] {
  if (!stylesXml) return [];
  const doc = xml(stylesXml);
  const custom = new Map<number, string>();
  for (const f of byLocalName(doc, 'numFmt')) custom.set(Number(f.getAttribute('numFmtId')), f.getAttribute('formatCode') ?? '');
  const cellXfs = byLocalName(doc, 'cellXfs')[0];
  if (!cellXfs) return [];
  return children(cellXfs, 'xf').map((xf) => {
    const id = Number(xf.getAttribute('numFmtId') ?? '0');
    const code = custom.get(id);
    if (code !== undefined) {
      const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '').toLowerCase();
      const isDate = /[ymd]/.test(bare) && !/^[#0.,%e+\-\s]*$/.test(bare);
      return { isDate, hasDay: /d/.test(bare) };
    }
    return { isDate: BUILTIN_DATE_FORMATS.has(id), hasDay: !BUILTIN_MONTH_ONLY.has(id) };
  });
}

function serialToDate(serial: number, hasDay: boolean): string {
  const ms = Math.round((serial - 25_569) * 86_400_000);
  const iso = new Date(ms).toISOString();
  return hasDay ? iso.slice(0, 10) : iso.slice(0, 7);
}

function columnIndex(ref: string): number {
  const letters = /^[A-Z]+/.exec(ref)?.[0] ?? '';
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function displayNumber(v: string): string {
  // A styled cell without a value (the template formats and validates 5,000 empty rows) is empty, not 0.
  if (v.trim() === '') return '';
  const n = Number(v);
  if (!Number.isFinite(n)) return v;
  // Long integers as Excel shows them in a General cell (ID numbers typed as numbers lose digits).
  if (Number.isInteger(n) && Math.abs(n) >= 1e11) return n.toExponential(5).replace('e+', 'E+');
  return String(n);
}

async function readXlsx(b: Uint8Array): Promise<Sheet[]> {
  const entries = zipEntries(b);
  const workbookXml = await entryText(b, entries, 'xl/workbook.xml');
  if (!workbookXml) throw new Error('不是有效的 .xlsx 文件（缺少工作簿）');
  const relsXml = await entryText(b, entries, 'xl/_rels/workbook.xml.rels');
  const targets = new Map<string, string>();
  if (relsXml) {
    for (const rel of byLocalName(xml(relsXml), 'Relationship')) {
      const target = rel.getAttribute('Target') ?? '';
      targets.set(rel.getAttribute('Id') ?? '', target.startsWith('/') ? target.slice(1) : `xl/${target}`);
    }
  }
  const sstXml = await entryText(b, entries, 'xl/sharedStrings.xml');
  const shared = sstXml ? byLocalName(xml(sstXml), 'si').map(richText) : [];
  const styles = dateStyles(await entryText(b, entries, 'xl/styles.xml'));

  const sheets: Sheet[] = [];
  for (const s of byLocalName(xml(workbookXml), 'sheet')) {
    const name = s.getAttribute('name') ?? '';
    const rid =
      s.getAttributeNS('http://schemas.openxmlformats.org/officeDocument/2006/relationships', 'id') ?? s.getAttribute('r:id') ?? '';
    const path = targets.get(rid);
    const text = path ? await entryText(b, entries, path) : undefined;
    if (!text) continue;
    const rows: SheetRow[] = [];
    let lastRow = 0;
    for (const row of byLocalName(xml(text), 'row')) {
      const rowNumber = Number(row.getAttribute('r') ?? lastRow + 1);
      lastRow = rowNumber;
      const cells: string[] = [];
      let lastCol = -1;
      for (const c of children(row, 'c')) {
        const ref = c.getAttribute('r');
        const col = ref ? columnIndex(ref) : lastCol + 1;
        lastCol = col;
        const type = c.getAttribute('t') ?? 'n';
        const v = children(c, 'v')[0]?.textContent ?? '';
        let value: string;
        if (type === 's') value = shared[Number(v)] ?? '';
        else if (type === 'inlineStr') value = children(c, 'is')[0] ? richText(children(c, 'is')[0] as Element) : '';
        else if (type === 'b') value = v === '1' ? 'TRUE' : v === '0' ? 'FALSE' : v;
        else if (type === 'str' || type === 'e') value = v;
        else {
          const style = styles[Number(c.getAttribute('s') ?? '0')];
          value = v !== '' && style?.isDate ? serialToDate(Number(v), style.hasDay) : displayNumber(v);
        }
        while (cells.length < col) cells.push('');
        cells[col] = value;
      }
      if (cells.some((x) => x.trim() !== '')) rows.push({ rowNumber, cells });
      if (rows.length > MAX_PREVIEW_ROWS) break;
    }
    sheets.push({ name, rows });
  }
  return sheets;
}

/** Header text as the server compares it: no spaces, ASCII parentheses. */
export function compactHeader(text: string): string {
  return text.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')');
}
