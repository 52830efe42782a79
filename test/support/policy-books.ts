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

/**
 * One mistake each, with the one error it must give: [what, edits, [sheet, row, column, code]]. The
 * reader's tests and `lianshen policy validate`'s both go through every case.
 */
export const BAD_WORKBOOKS: ReadonlyArray<readonly [string, readonly CellEdit[], readonly [string, number, string, string]]> = [
  ['an unknown department in 负面清单', [['负面清单', 'I2', '县法院']], ['负面清单', 2, '负责部门', 'POLICY_DEPARTMENT_UNKNOWN']],
  [
    'an unknown category in 部门.负责类别',
    [['部门', 'E2', '刑事处罚、醉驾、拖欠集体租金']],
    ['部门', 2, '负责类别', 'POLICY_CATEGORY_UNKNOWN'],
  ],
  ['a category answered by no department', [['部门', 'E3', '']], ['负面清单', 3, '类别', 'POLICY_CATEGORY_UNANSWERED']],
  ['a window (时限) without an anchor (起算日)', [['负面清单', 'E2', '']], ['负面清单', 2, '起算日', 'POLICY_WINDOW_NO_ANCHOR']],
  ['an anchor without a window', [['负面清单', 'E4', '终止日期']], ['负面清单', 4, '起算日', 'POLICY_ANCHOR_WITHOUT_WINDOW']],
  ['an anchor outside the list', [['负面清单', 'E2', '释放日']], ['负面清单', 2, '起算日', 'POLICY_ANCHOR_INVALID']],
  ['an unreadable window', [['负面清单', 'D2', '五年']], ['负面清单', 2, '时限(年)', 'POLICY_WINDOW_INVALID']],
  ['a window and a status at once', [['负面清单', 'G2', '在查']], ['负面清单', 2, '适用状态', 'POLICY_WINDOW_CONFLICT']],
  ['无终止日期时 where it means nothing', [['负面清单', 'E2', '起始日期']], ['负面清单', 2, '无终止日期时', 'POLICY_WITHOUT_END_INVALID']],
  ['a duplicate department code', [['部门', 'A3', 'police']], ['部门', 3, '部门编码', 'POLICY_DUPLICATE']],
  ['a duplicate department name', [['部门', 'B3', '县公安局']], ['部门', 3, '部门名称', 'POLICY_DUPLICATE']],
  ['a department code that is not one', [['部门', 'A2', '公安局']], ['部门', 2, '部门编码', 'POLICY_CODE_INVALID']],
  ['an empty 依据原文', [['负面清单', 'K2', '']], ['负面清单', 2, '依据原文', 'POLICY_QUOTE_EMPTY']],
  ['an empty 依据条款', [['回避', 'G2', '']], ['回避', 2, '依据条款', 'POLICY_CLAUSE_EMPTY']],
  ['a 结论 outside the list', [['负面清单', 'C2', '不能']], ['负面清单', 2, '结论', 'POLICY_SEVERITY_INVALID']],
  ['a bad date', [['政策', 'B7', '2027-02-30']], ['政策', 7, '内容', 'DATE_FORMAT']],
  ['a bad 答复方式', [['部门', 'C2', '手工']], ['部门', 2, '答复方式', 'POLICY_MODE_INVALID']],
  ['a bad 答复时限', [['部门', 'D2', '三天']], ['部门', 2, '答复时限(工作日)', 'POLICY_SLA_INVALID']],
  ['an unknown 学历', [['人选条件', 'I2', '大学']], ['人选条件', 2, '最低学历', 'POLICY_EDUCATION_UNKNOWN']],
  ['an unknown 职务', [['人选条件', 'D2', '村长']], ['人选条件', 2, '适用职务', 'POLICY_POST_UNKNOWN']],
  ['an unknown 关系', [['回避', 'C2', '配偶、表兄弟']], ['回避', 2, '关系', 'POLICY_RELATION_UNKNOWN']],
  ['an unknown 职务 of an avoidance side', [['回避', 'E2', '村民小组']], ['回避', 2, '另一方职务', 'POLICY_BODY_UNKNOWN']],
  [
    'an 适用状态 conflict: an exception the category never reaches',
    [['负面清单', 'G5', '已清偿']],
    ['负面清单', 5, '适用状态', 'POLICY_STATUS_CONFLICT'],
  ],
  [
    'an 适用状态 conflict: 除…外 on an exception',
    [['负面清单', 'G5', '除分期清偿中外']],
    ['负面清单', 5, '适用状态', 'POLICY_STATUS_CONFLICT'],
  ],
  ['an exception that changes its category’s window', [['负面清单', 'D5', 3]], ['负面清单', 5, '时限(年)', 'POLICY_EXCEPTION_FIELD']],
  ['a second row of a category without a status', [['负面清单', 'G5', '']], ['负面清单', 5, '类别', 'POLICY_DUPLICATE']],
  ['a 性别 outside the list', [['人选条件', 'F2', '男性']], ['人选条件', 2, '性别', 'POLICY_SEX_INVALID']],
  ['an 适用人选 outside the list', [['人选条件', 'E2', '现任']], ['人选条件', 2, '适用人选', 'POLICY_NOMINEE_INVALID']],
  ['an age that is not a whole number', [['人选条件', 'G2', '四十五']], ['人选条件', 2, '年龄上限(周岁,含本数)', 'POLICY_AGE_INVALID']],
  [
    'a candidate condition without any condition',
    [
      ['人选条件', 'E2', '全部'],
      ['人选条件', 'G2', ''],
    ],
    ['人选条件', 2, '条件名称', 'POLICY_CONDITION_EMPTY'],
  ],
  ['an unknown 回避方式', [['回避', 'F2', '自行回避']], ['回避', 2, '回避方式', 'POLICY_GIVES_WAY_INVALID']],
  ['an unknown structure target', [['班子结构', 'A2', '党员至少']], ['班子结构', 2, '目标', 'POLICY_TARGET_UNKNOWN']],
  ['a structure target that is not a number', [['班子结构', 'B2', '一名']], ['班子结构', 2, '要求', 'POLICY_TARGET_INVALID']],
  ['an unknown 政策 item', [['政策', 'A8', '印发单位']], ['政策', 8, '项目', 'POLICY_FIELD_UNKNOWN']],
  ['a required 政策 item left empty', [['政策', 'B9', '']], ['政策', 9, '内容', 'POLICY_FIELD_MISSING']],
  ['a bad 政策编号', [['政策', 'B2', '示例县']], ['政策', 2, '内容', 'POLICY_ID_INVALID']],
  ['a version that is not MAJOR.MINOR.PATCH', [['政策', 'B3', '2027版']], ['政策', 3, '内容', 'POLICY_VERSION_INVALID']],
  ['a missing header', [['负面清单', 'K1', '']], ['负面清单', 1, '依据原文', 'COLUMN_MISSING']],
  ['an 询问范围 outside the list', [['部门', 'F2', '党员']], ['部门', 2, '询问范围', 'POLICY_SCOPE_INVALID']],
  ['a 终止日期含义 outside the list', [['负面清单', 'H2', '次日']], ['负面清单', 2, '终止日期含义', 'POLICY_END_DATE_INVALID']],
  ['an unknown 单位类型', [['人选条件', 'J2', '街道']], ['人选条件', 2, '单位类型', 'POLICY_UNIT_KIND_UNKNOWN']],
  ['garbled text (�) in a cell', [['负面清单', 'K3', '受到党纪处分\uFFFD\uFFFD']], ['负面清单', 3, '依据原文', 'POLICY_TEXT_INVALID']],
];
