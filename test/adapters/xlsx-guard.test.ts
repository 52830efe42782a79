// The xlsx guard: the decompression budget comes from the bytes that really inflate, not from what
// the archive claims; reading stops at the row limit; empty rows are not rows.
import { Buffer } from 'node:buffer';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { guardXlsx } from '../../shared/adapters/files/zip-guard.js';
import { parseBatch } from '../../shared/adapters/files/uploads.js';
import { CANDIDATE_HEADERS } from '../../shared/domain/import/spec.js';
import { CANDIDATES } from '../fixtures/import/people.js';
import { file, xlsx } from '../domain/import/helpers.js';

/** A zip of the given entries, deflated, whose end-of-central-directory claims `claimedEntries`. */
function craftedZip(entries: Array<{ name: string; data: Buffer }>, claimedEntries: number): Uint8Array {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const compressed = deflateRawSync(e.data);
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(1, 22); // the archive claims 1 byte
    local.writeUInt16LE(name.length, 26);
    parts.push(local, name, compressed);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(compressed.length, 20);
    dir.writeUInt32LE(1, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    central.push(dir, name);
    offset += 30 + name.length + compressed.length;
  }
  const centralBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(claimedEntries, 8);
  end.writeUInt16LE(claimedEntries, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...parts, centralBytes, end]));
}

const LIMITS = { maxInflatedBytes: 100 * 1024 * 1024, maxRowsPerSheet: 5001 };

describe('the xlsx decompression budget', () => {
  it('refuses entries that really inflate past 100 MB even when the archive claims 0 entries of 1 byte', async () => {
    const bomb = craftedZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(101 * 1024 * 1024, 0x20) }], 0);
    expect(bomb.length).toBeLessThan(200 * 1024);
    expect(await guardXlsx(bomb, LIMITS)).toMatchObject({ ok: false, reason: 'tooLarge' });
    const errors = await parseBatch({ candidates: file(bomb, 'bomb.xlsx') });
    expect(errors.ok ? [] : errors.errors.map((e) => e.code)).toEqual(['FILE_TOO_LARGE']);
  });

  it('counts across entries: many small entries that add up past the budget are refused', async () => {
    const entries = Array.from({ length: 11 }, (_, i) => ({ name: `xl/media/image${i}.bin`, data: Buffer.alloc(10 * 1024 * 1024) }));
    expect(await guardXlsx(craftedZip(entries, 11), LIMITS)).toMatchObject({ ok: false, reason: 'tooLarge' });
  });

  it('reads a real workbook whose central directory lies about its sizes: only what really inflates counts', async () => {
    const upload = await xlsx({ 候选人: [CANDIDATE_HEADERS, CANDIDATE_HEADERS.map((h) => CANDIDATES[1]?.[h] ?? '')] });
    const bytes = upload.bytes.slice();
    const view = new DataView(bytes.buffer);
    let eocd = bytes.length - 22;
    while (view.getUint32(eocd, true) !== 0x06054b50) eocd--;
    view.setUint32(view.getUint32(eocd + 16, true) + 24, 200 * 1024 * 1024, true);
    view.setUint16(eocd + 8, 0, true);
    view.setUint16(eocd + 10, 0, true);
    const result = await parseBatch({ candidates: file(bytes, 'lying.xlsx'), today: '2026-11-22' });
    expect(result.ok).toBe(true);
  });
});

describe('the row limit', () => {
  async function workbook(dataRows: number, emptyFormattedRows = 0): Promise<Uint8Array> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('候选人');
    ws.addRow(['序号', '姓名']);
    for (let i = 1; i <= dataRows; i++) ws.addRow([i, `人选${i}`]);
    for (let i = 0; i < emptyFormattedRows; i++) {
      const row = ws.getRow(dataRows + 2 + i);
      row.getCell(1).numFmt = '@';
      row.getCell(2).border = { top: { style: 'thin' } };
      row.commit();
    }
    return new Uint8Array(await wb.xlsx.writeBuffer());
  }

  it('stops reading a sheet as soon as it passes the limit', async () => {
    const result = await guardXlsx(await workbook(2000), { ...LIMITS, maxRowsPerSheet: 101 });
    expect(result).toMatchObject({ ok: false, reason: 'tooManyRows' });
    // It stopped at the limit instead of counting every row of the sheet.
    expect(result.ok === false && result.reason === 'tooManyRows' && result.rows).toBeLessThan(2000);
  });

  it('empty rows are not rows: a template with 4,999 formatted empty rows and 30 real ones passes', async () => {
    const result = await guardXlsx(await workbook(30, 4999), { ...LIMITS, maxRowsPerSheet: 101 });
    expect(result.ok).toBe(true);
  });

  it('a batch over the limit is refused with FILE_TOO_MANY_ROWS', async () => {
    const big = await workbook(50_010);
    const result = await parseBatch({ candidates: file(big, 'big.xlsx') });
    expect(result.ok ? [] : result.errors.map((e) => e.code)).toEqual(['FILE_TOO_MANY_ROWS']);
  }, 60_000);
});
