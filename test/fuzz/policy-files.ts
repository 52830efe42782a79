// Policy uploads for the fuzz suite: the workbook a county writes (every sheet, with cells edited,
// sheets dropped or renamed, rows emptied), YAML and JSON texts of a shipped policy cut, edited and
// retyped, and broken bytes. The upload route must refuse each bad one in Chinese with a code, a
// workbook error naming its sheet, and store nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { builtInPoliciesDir, builtInPolicy } from '../../shared/adapters/files/policy-files.js';
import { policyWorkbook } from '../../shared/adapters/files/policy-workbook.js';
import { HOSTILE_STRINGS } from './arbitraries.js';
import { type FuzzFile, ODD_CELLS, xlsxFile } from './files.js';

const POLICY = builtInPolicy('county-2017');
const YAML_TEXT = readFileSync(join(builtInPoliciesDir(), 'county-2017.yaml'), 'utf8');
const JSON_TEXT = JSON.stringify(POLICY, null, 2);

type SheetEdit =
  | { kind: 'cell'; sheet: number; row: number; column: number; value: number }
  | { kind: 'drop'; sheet: number }
  | { kind: 'rename'; sheet: number; name: string }
  | { kind: 'emptyRow'; sheet: number; row: number };

async function editedBook(base: Uint8Array, edits: readonly SheetEdit[]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(base.slice().buffer);
  for (const edit of edits) {
    const sheets = book.worksheets;
    const sheet = sheets[edit.sheet % Math.max(sheets.length, 1)];
    if (sheet === undefined) continue;
    if (edit.kind === 'drop') book.removeWorksheet(sheet.id);
    else if (edit.kind === 'rename') {
      if (book.getWorksheet(edit.name) === undefined) sheet.name = edit.name;
    } else {
      const row = sheet.getRow(1 + (edit.row % Math.max(sheet.rowCount, 1)));
      if (edit.kind === 'emptyRow') row.values = [];
      else row.getCell(1 + (edit.column % Math.max(sheet.columnCount, 1))).value = ODD_CELLS[edit.value % ODD_CELLS.length] ?? null;
    }
  }
  return new Uint8Array(await book.xlsx.writeBuffer());
}

const sheetEdit: fc.Arbitrary<SheetEdit> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('cell' as const), sheet: fc.nat(), row: fc.nat(), column: fc.nat(), value: fc.nat() }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const), sheet: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('rename' as const),
      sheet: fc.nat(),
      name: fc.constantFrom('Sheet1', '负面清单 ', '部门2', '政策'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('emptyRow' as const), sheet: fc.nat(), row: fc.nat() }) },
);

/** Real workbooks: the valid one, and one per edit list drawn with a fixed seed (fast-check needs them ready). */
export async function policyWorkbookPool(size = 24): Promise<Uint8Array[]> {
  const base = await policyWorkbook(POLICY);
  const edits = fc.sample(fc.array(sheetEdit, { minLength: 1, maxLength: 3 }), { numRuns: size, seed: 20261202 });
  return [base, ...(await Promise.all(edits.map((e) => editedBook(base, e))))];
}

type TextEdit =
  | { kind: 'cut'; at: number }
  | { kind: 'dropLine'; line: number }
  | { kind: 'replace'; line: number; text: string }
  | { kind: 'retype'; line: number };

function editText(text: string, edit: TextEdit): string {
  if (edit.kind === 'cut') return text.slice(0, edit.at % text.length);
  const lines = text.split('\n');
  const i = edit.line % lines.length;
  const line = lines[i] ?? '';
  if (edit.kind === 'dropLine') lines.splice(i, 1);
  else if (edit.kind === 'replace') lines[i] = line.replace(/:\s*(.+)$/, `: ${edit.text}`);
  // A number where text belongs, text where a number belongs, a list where a value belongs.
  else lines[i] = line.replace(/:\s*(.+)$/, (_m, v: string) => `: ${/^\d/.test(v.trim()) ? '"十"' : '[1, 2]'}`);
  return lines.join('\n');
}

const textEdit: fc.Arbitrary<TextEdit> = fc.oneof(
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('dropLine' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), line: fc.nat(), text: fc.constantFrom(...HOSTILE_STRINGS, '"x"', '-1', 'null', '{') }),
  fc.record({ kind: fc.constant('retype' as const), line: fc.nat() }),
);

const policyText: fc.Arbitrary<FuzzFile> = fc
  .tuple(
    fc.constantFrom(
      { filename: '负面清单.yaml', text: YAML_TEXT },
      { filename: 'policy.json', text: JSON_TEXT },
      { filename: 'a.yml', text: YAML_TEXT },
    ),
    fc.array(textEdit, { maxLength: 3 }),
  )
  .map(([file, edits]) => ({ filename: file.filename, bytes: Buffer.from(edits.reduce(editText, file.text), 'utf8') }));

/** Any policy upload: workbooks real and broken, YAML and JSON texts, bytes of no format. */
export function anyPolicyFile(pool: readonly Uint8Array[]): fc.Arbitrary<FuzzFile> {
  return fc.oneof(
    { weight: 3, arbitrary: xlsxFile(pool) },
    { weight: 3, arbitrary: policyText },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ filename: 'policy.yaml', bytes })) },
  );
}
