// An uploaded .xlsx is a zip that the reader would inflate in full. This guard inflates it first,
// entry by entry from the local headers, counting the bytes that really come out (never the sizes
// the archive claims) and stopping at the budget; it also counts worksheet rows that hold a value
// and stops at the row limit. What passes is rebuilt as a plain stored zip, so the spreadsheet
// reader sees exactly the entries that were counted, whatever the original central directory says.
import { Buffer } from 'node:buffer';
import { crc32, createInflateRaw } from 'node:zlib';

export type ZipGuardResult =
  | { ok: true; zip: Uint8Array; inflatedBytes: number }
  | { ok: false; reason: 'tooLarge'; inflatedBytes: number }
  | { ok: false; reason: 'tooManyRows'; sheet: string; rows: number }
  | { ok: false; reason: 'corrupt' | 'encrypted' };

export interface ZipGuardLimits {
  /** Total inflated bytes allowed across all entries. */
  maxInflatedBytes: number;
  /** Rows with a value allowed per worksheet (the header included). */
  maxRowsPerSheet: number;
}

const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/;

interface Entry {
  name: Uint8Array;
  data: Buffer;
}

/**
 * Counts <row> elements that contain a value (<v> or an inline string), across chunk boundaries.
 * A self-closed <row/> never closes, so it never counts: an empty row is not a row.
 */
class RowCounter {
  rows = 0;
  private tail = '';
  private inRow = false;
  private rowHasValue = false;

  push(chunk: string): void {
    const text = this.tail + chunk;
    const re = /<row[\s>]|<\/row>|<v>|<is>/g;
    let last = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const tag = m[0];
      if (tag.startsWith('<row')) {
        this.inRow = true;
        this.rowHasValue = false;
      } else if (tag === '</row>') {
        if (this.inRow && this.rowHasValue) this.rows += 1;
        this.inRow = false;
      } else if (this.inRow) {
        this.rowHasValue = true;
      }
      last = re.lastIndex;
    }
    // Keep a short tail so a tag split across chunks is still seen.
    this.tail = text.slice(Math.max(last, text.length - 16));
  }
}

/** Inflates one raw-deflate stream, counting output; resolves with the input bytes it consumed. */
function inflateCounted(
  input: Buffer,
  budget: number,
  onChunk: (chunk: Buffer) => boolean,
): Promise<{ consumed: number; out: Buffer[]; outBytes: number } | 'overBudget' | 'stopped' | 'corrupt'> {
  return new Promise((resolve) => {
    const inflater = createInflateRaw();
    const out: Buffer[] = [];
    let outBytes = 0;
    let settled = false;
    const finish = (value: Awaited<ReturnType<typeof inflateCounted>>) => {
      if (settled) return;
      settled = true;
      inflater.removeAllListeners();
      inflater.on('error', () => undefined);
      inflater.destroy();
      resolve(value);
    };
    inflater.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > budget) return finish('overBudget');
      if (!onChunk(chunk)) return finish('stopped');
      out.push(chunk);
      return undefined;
    });
    inflater.on('error', () => finish('corrupt'));
    inflater.on('end', () => finish({ consumed: inflater.bytesWritten, out, outBytes }));
    inflater.end(input);
  });
}

/** The stored (uncompressed) zip of the given entries. */
function storedZip(entries: readonly Entry[]): Uint8Array {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(e.name.length, 26);
    parts.push(local, Buffer.from(e.name), e.data);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(e.data.length, 20);
    dir.writeUInt32LE(e.data.length, 24);
    dir.writeUInt16LE(e.name.length, 28);
    dir.writeUInt32LE(offset, 42);
    central.push(dir, Buffer.from(e.name));
    offset += 30 + e.name.length + e.data.length;
  }
  const centralBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...parts, centralBytes, end]));
}

export async function guardXlsx(bytes: Uint8Array, limits: ZipGuardLimits): Promise<ZipGuardResult> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries: Entry[] = [];
  let inflatedBytes = 0;
  let p = 0;
  while (p + 30 <= buf.length && buf.readUInt32LE(p) === LOCAL_HEADER) {
    const flags = buf.readUInt16LE(p + 6);
    const method = buf.readUInt16LE(p + 8);
    const compressedSize = buf.readUInt32LE(p + 18);
    const nameLength = buf.readUInt16LE(p + 26);
    const extraLength = buf.readUInt16LE(p + 28);
    const start = p + 30 + nameLength + extraLength;
    if (start > buf.length) return { ok: false, reason: 'corrupt' };
    if ((flags & 0x1) !== 0) return { ok: false, reason: 'encrypted' };
    const name = buf.subarray(p + 30, p + 30 + nameLength);
    const nameText = name.toString('utf8');
    const isSheet = WORKSHEET.test(nameText);
    const counter = new RowCounter();
    const sizeKnown = (flags & 0x8) === 0;
    let data: Buffer;
    let end: number;
    if (method === 0) {
      if (!sizeKnown && compressedSize === 0) return { ok: false, reason: 'corrupt' };
      end = start + compressedSize;
      if (end > buf.length) return { ok: false, reason: 'corrupt' };
      data = buf.subarray(start, end);
      inflatedBytes += data.length;
      if (inflatedBytes > limits.maxInflatedBytes) return { ok: false, reason: 'tooLarge', inflatedBytes };
      if (isSheet) counter.push(data.toString('utf8'));
    } else if (method === 8) {
      const budget = limits.maxInflatedBytes - inflatedBytes;
      const input = sizeKnown ? buf.subarray(start, Math.min(buf.length, start + compressedSize)) : buf.subarray(start);
      const result = await inflateCounted(input, budget, (chunk) => {
        if (!isSheet) return true;
        counter.push(chunk.toString('latin1'));
        return counter.rows <= limits.maxRowsPerSheet;
      });
      if (result === 'overBudget') return { ok: false, reason: 'tooLarge', inflatedBytes: limits.maxInflatedBytes + 1 };
      if (result === 'stopped') return { ok: false, reason: 'tooManyRows', sheet: nameText, rows: counter.rows };
      if (result === 'corrupt') return { ok: false, reason: 'corrupt' };
      inflatedBytes += result.outBytes;
      data = Buffer.concat(result.out, result.outBytes);
      end = start + (sizeKnown ? compressedSize : result.consumed);
    } else {
      return { ok: false, reason: 'corrupt' };
    }
    if (isSheet && counter.rows > limits.maxRowsPerSheet) return { ok: false, reason: 'tooManyRows', sheet: nameText, rows: counter.rows };
    if (!sizeKnown) {
      // The sizes follow the data, with or without a signature.
      end += end + 4 <= buf.length && buf.readUInt32LE(end) === DATA_DESCRIPTOR ? 16 : 12;
    }
    entries.push({ name, data });
    p = end;
  }
  if (entries.length === 0) return { ok: false, reason: 'corrupt' };
  return { ok: true, zip: storedZip(entries), inflatedBytes };
}
