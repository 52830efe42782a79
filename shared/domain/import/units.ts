// The campaign's 行政区划 list as the organization department uploads it: one row per village or
// community (乡镇(街道), 村(社区), 类型, and optionally 乡镇代码), validated all or nothing.
import { type CampaignTownship, type CampaignVillage, UNIT_KINDS, type UnitKind } from '../model.js';
import { generatedTownshipCode } from '../township-code.js';
import { isTownshipCode, MAX_TOWNSHIPS, MAX_VILLAGES, TOWNSHIP_CODE_RULE, unitKey } from '../units.js';
import { type CellResult, parseEnum, parseName, plainText } from './cells.js';
import { finishErrors, type ImportError, type ImportErrorCode, importError } from './errors.js';
import { compactText, toHalfWidth } from './normalize.js';
import { displayCell, type BookRead, type Cell, type RawSheet } from './rows.js';
import { type DataRow, openTable, pickSheet } from './sheet.js';
import { EXAMPLE_UNITS, INSTRUCTIONS_SHEET, OPTIONS_SHEET, UNIT_CODE_HEADER, UNIT_HEADERS, UNITS_SHEET, type UnitHeader } from './spec.js';

const EXAMPLE_TOWNSHIPS = new Set(EXAMPLE_UNITS.map((e) => unitKey(e['乡镇(街道)'])));

export interface UnitsBook {
  filename: string;
  read: BookRead;
  /** The campaign's list as stored: a township already listed keeps its code unless the file gives one. */
  existing?: readonly CampaignTownship[];
}

/** A township of the file, with the Excel row it first appears on (for errors found later). */
export interface UploadedTownship extends CampaignTownship {
  villages: CampaignVillage[];
  row: number;
  /** Where the code came from: the 乡镇代码 column, the stored list, or generated from the name. */
  codeFrom: 'file' | 'existing' | 'generated';
}

export type UnitsResult = { ok: true; townships: UploadedTownship[] } | { ok: false; errors: ImportError[] };

/** A name cell: required, readable, and within the text rule. */
function parseUnitName(cell: Cell, column: string): CellResult<string> {
  const parsed = parseName(cell, column, true);
  if (!parsed.ok) return parsed;
  if ([...parsed.value].length > 50) return { ok: false, code: 'TEXT_INVALID', message: `"${column}"超过50个字。` };
  return parsed;
}

function parseCode(cell: Cell): CellResult<string | undefined> {
  const text = compactText(toHalfWidth(plainText(cell)));
  if (text === '') return { ok: true, value: undefined };
  if (isTownshipCode(text)) return { ok: true, value: text };
  const lower = text.toLowerCase();
  const hint = isTownshipCode(lower) ? `是不是想填"${lower}"？` : '';
  return { ok: false, code: 'TOWNSHIP_CODE_INVALID', message: `"乡镇代码"${TOWNSHIP_CODE_RULE}。${hint}可以留空，由系统生成。` };
}

const RESERVED = [INSTRUCTIONS_SHEET, OPTIONS_SHEET];

function hasCodeColumn(sheet: RawSheet): boolean {
  return (sheet.rows[0]?.cells ?? []).some((c) => compactText(displayCell(c)) === UNIT_CODE_HEADER);
}

/** Validates the 行政区划 list, all or nothing: every row/column error is reported at once. */
export function validateUnits(input: UnitsBook): UnitsResult {
  const book = input.read;
  if (!book.ok) return { ok: false, errors: book.errors.map((e) => ({ ...e, sheet: UNITS_SHEET })) };
  const sheet = pickSheet(book.book.sheets, UNITS_SHEET, RESERVED) ?? { name: UNITS_SHEET, rows: [] };
  const headers: readonly UnitHeader[] = hasCodeColumn(sheet) ? UNIT_HEADERS : UNIT_HEADERS.filter((h) => h !== UNIT_CODE_HEADER);
  const opened = openTable(sheet, { title: UNITS_SHEET, headers, maxRows: MAX_VILLAGES, headerOnlyIsValid: false }, input.filename);
  const errors: ImportError[] = [...opened.errors];
  if (!opened.ok) return { ok: false, errors: finishErrors(errors) };

  const report = (code: ImportErrorCode, row: DataRow<UnitHeader>, column: UnitHeader, message: string) =>
    errors.push(importError(code, row.rowNumber, column, row.display(column), message, UNITS_SHEET));
  const take = <T>(row: DataRow<UnitHeader>, column: UnitHeader, result: CellResult<T>): T | undefined => {
    if (result.ok) return result.value;
    report(result.code, row, column, result.message);
    return undefined;
  };

  const existingByName = new Map((input.existing ?? []).map((t) => [unitKey(t.name), t]));
  const townships = new Map<string, UploadedTownship & { codeRow?: number; villageRows: Map<string, number> }>();
  for (const row of opened.table.rows) {
    const township = take(row, '乡镇(街道)', parseUnitName(row.cell('乡镇(街道)'), '乡镇(街道)'));
    const code = headers.includes(UNIT_CODE_HEADER) ? take(row, UNIT_CODE_HEADER, parseCode(row.cell(UNIT_CODE_HEADER))) : undefined;
    const village = take(row, '村(社区)', parseUnitName(row.cell('村(社区)'), '村(社区)'));
    const kind: UnitKind | undefined = take(row, '类型', parseEnum(row.cell('类型'), '类型', UNIT_KINDS));
    if (township === undefined) continue;
    const key = unitKey(township);
    if (EXAMPLE_TOWNSHIPS.has(key)) {
      report('EXAMPLE_ROW', row, '乡镇(街道)', '这是模板里的示例行，请删除后再上传。');
      continue;
    }
    let entry = townships.get(key);
    if (entry === undefined) {
      entry = { code: '', name: township, villages: [], row: row.rowNumber, codeFrom: 'generated', villageRows: new Map() };
      townships.set(key, entry);
    }
    if (code !== undefined) {
      if (entry.codeRow !== undefined && entry.code !== code) {
        report(
          'TOWNSHIP_CODE_CONFLICT',
          row,
          UNIT_CODE_HEADER,
          `"${entry.name}"在第${entry.codeRow}行的乡镇代码是"${entry.code}"，这里是"${code}"：同一乡镇（街道）只能有一个代码。若确是两个同名的乡镇（街道），请在名称上加以区分。`,
        );
      } else if (entry.codeRow === undefined) {
        entry.code = code;
        entry.codeRow = row.rowNumber;
        entry.codeFrom = 'file';
      }
    }
    if (village === undefined || kind === undefined) continue;
    const vKey = unitKey(village);
    const earlier = entry.villageRows.get(vKey);
    if (earlier !== undefined) {
      report(
        'VILLAGE_NAME_DUPLICATE',
        row,
        '村(社区)',
        `与第${earlier}行重复：同一乡镇（街道）内村（社区）名称不能重复，请删除重复的一行。`,
      );
      continue;
    }
    entry.villageRows.set(vKey, row.rowNumber);
    entry.villages.push({ name: village, kind });
  }

  // Codes: the file's, else the stored list's for the same name, else generated from the name.
  const byCode = new Map<string, UploadedTownship & { codeRow?: number }>();
  for (const [key, t] of townships) {
    if (t.codeRow === undefined) {
      const stored = existingByName.get(key);
      t.code = stored?.code ?? generatedTownshipCode(t.name);
      t.codeFrom = stored === undefined ? 'generated' : 'existing';
    }
    const other = byCode.get(t.code);
    if (other !== undefined) {
      errors.push(
        importError(
          'TOWNSHIP_CODE_DUPLICATE',
          t.codeRow ?? t.row,
          t.codeRow === undefined ? '乡镇(街道)' : UNIT_CODE_HEADER,
          t.codeRow === undefined ? t.name : t.code,
          `"${t.name}"的乡镇代码"${t.code}"与"${other.name}"（第${other.codeRow ?? other.row}行）相同：每个乡镇（街道）的代码必须不同。`,
          UNITS_SHEET,
        ),
      );
    } else byCode.set(t.code, t);
  }
  if (townships.size > MAX_TOWNSHIPS) {
    errors.push(
      importError(
        'UNITS_TOO_MANY',
        0,
        '',
        String(townships.size),
        `共 ${townships.size} 个乡镇（街道），超过 ${MAX_TOWNSHIPS} 个的上限。`,
        UNITS_SHEET,
      ),
    );
  }
  if (errors.length > 0) return { ok: false, errors: finishErrors(errors) };
  return {
    ok: true,
    townships: [...townships.values()].map((t) => ({ code: t.code, name: t.name, villages: t.villages, row: t.row, codeFrom: t.codeFrom })),
  };
}
