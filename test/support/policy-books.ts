// Policy workbooks for tests: a valid one exported from a policy, then changed cell by cell the way a
// person would get it wrong.
import ExcelJS from 'exceljs';
import { policyWorkbook } from '../../shared/adapters/files/policy-workbook.js';
import { examplePolicy } from './policies.js';

/** [sheet, cell address, new value ('' clears the cell)]. */
export type CellEdit = readonly [sheet: string, address: string, value: string | number];

export async function editedWorkbook(
  edits: readonly CellEdit[],
  options: { removeSheets?: readonly string[]; base?: Uint8Array } = {},
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((options.base ?? (await policyWorkbook(examplePolicy()))).slice().buffer);
  for (const [sheet, address, value] of edits) {
    const ws = workbook.getWorksheet(sheet);
    if (ws === undefined) throw new Error(`no sheet ${sheet}`);
    ws.getCell(address).value = value === '' ? null : value;
  }
  for (const name of options.removeSheets ?? []) {
    const ws = workbook.getWorksheet(name);
    if (ws !== undefined) workbook.removeWorksheet(ws.id);
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** Mistakes in every sheet at once, each with the error it must give: [edit, [sheet, row, column, code]]. */
export const MANY_MISTAKES: ReadonlyArray<readonly [CellEdit, readonly [string, number, string, string]]> = [
  [
    ['政策', 'B2', 'Example County'],
    ['政策', 2, '内容', 'POLICY_ID_INVALID'],
  ],
  [
    ['政策', 'B3', 'v1'],
    ['政策', 3, '内容', 'POLICY_VERSION_INVALID'],
  ],
  [
    ['政策', 'B7', '2027年13月1日'],
    ['政策', 7, '内容', 'DATE_FORMAT'],
  ],
  [
    ['部门', 'C2', '自动答复'],
    ['部门', 2, '答复方式', 'POLICY_MODE_INVALID'],
  ],
  [
    ['部门', 'A3', 'police'],
    ['部门', 3, '部门编码', 'POLICY_DUPLICATE'],
  ],
  [
    ['部门', 'E2', '刑事处罚、拖欠集体租金、醉驾'],
    ['部门', 2, '负责类别', 'POLICY_CATEGORY_UNKNOWN'],
  ],
  [
    ['负面清单', 'C2', '不宜'],
    ['负面清单', 2, '结论', 'POLICY_SEVERITY_INVALID'],
  ],
  [
    ['负面清单', 'E2', ''],
    ['负面清单', 2, '起算日', 'POLICY_WINDOW_NO_ANCHOR'],
  ],
  [
    ['负面清单', 'I3', '县法院'],
    ['负面清单', 3, '负责部门', 'POLICY_DEPARTMENT_UNKNOWN'],
  ],
  [
    ['负面清单', 'K3', ''],
    ['负面清单', 3, '依据原文', 'POLICY_QUOTE_EMPTY'],
  ],
  [
    ['负面清单', 'G5', '已清偿'],
    ['负面清单', 5, '适用状态', 'POLICY_STATUS_CONFLICT'],
  ],
  [
    ['人选条件', 'D2', '书记'],
    ['人选条件', 2, '适用职务', 'POLICY_POST_UNKNOWN'],
  ],
  [
    ['人选条件', 'I2', '大学'],
    ['人选条件', 2, '最低学历', 'POLICY_EDUCATION_UNKNOWN'],
  ],
  [
    ['人选条件', 'H2', '1960年'],
    ['人选条件', 2, '出生日期不早于', 'DATE_FORMAT'],
  ],
  [
    ['回避', 'C2', '表兄弟'],
    ['回避', 2, '关系', 'POLICY_RELATION_UNKNOWN'],
  ],
  [
    ['回避', 'F2', '都回避'],
    ['回避', 2, '回避方式', 'POLICY_GIVES_WAY_INVALID'],
  ],
];
