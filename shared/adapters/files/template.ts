// Excel templates for the two upload formats: headers, drop-downs, an example row, instructions.
import ExcelJS from 'exceljs';
import {
  EDUCATIONS,
  NOMINATION_TYPES,
  POLITICAL_STATUSES,
  POSTS,
  RELATIONS,
  SEXES,
  UNIT_KINDS,
  type Category,
  type Policy,
} from '../../domain/model.js';
import {
  CANDIDATE_HEADERS,
  CANDIDATE_SHEET,
  EXAMPLE_CANDIDATE,
  EXAMPLE_ID,
  EXAMPLE_RELATIVE,
  EXAMPLE_UNITS,
  INSTRUCTIONS_SHEET,
  MAX_BATCH_ROWS,
  OPTIONS_SHEET,
  RECORD_HEADERS,
  RECORDS_SHEET,
  RELATIVE_HEADERS,
  RELATIVES_SHEET,
  UNIT_HEADERS,
  UNITS_SHEET,
} from '../../domain/import/spec.js';
import { MAX_TOWNSHIPS, MAX_VILLAGES, TOWNSHIP_CODE_RULE } from '../../domain/units.js';

/** Rows that carry drop-downs and text formatting, below the header. */
export const TEMPLATE_ROWS = MAX_BATCH_ROWS;
const LAST_ROW = TEMPLATE_ROWS + 1;

export const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
export const EXAMPLE_FONT: Partial<ExcelJS.Font> = { italic: true, color: { argb: 'FF808080' } };

export function inlineList(values: readonly string[]): string {
  return `"${values.join(',')}"`;
}

export function listValidation(formula: string, column: string): ExcelJS.DataValidation {
  return {
    type: 'list',
    allowBlank: true,
    formulae: [formula],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: '输入值无效',
    error: `"${column}"请从下拉列表中选择。`,
  };
}

export function addHeader(ws: ExcelJS.Worksheet, headers: readonly string[], widths: readonly number[]): void {
  const row = ws.getRow(1);
  headers.forEach((h, i) => {
    const cell = row.getCell(i + 1);
    cell.value = h;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', horizontal: 'center' };
    ws.getColumn(i + 1).width = widths[i] ?? 12;
  });
  row.commit();
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}

/** Text format, so Excel keeps 18-digit ID numbers and dates exactly as typed; new cells take the column's format. */
function textColumn(ws: ExcelJS.Worksheet, column: number): void {
  ws.getColumn(column).numFmt = '@';
}

function validateColumn(ws: ExcelJS.Worksheet, column: number, validation: ExcelJS.DataValidation): void {
  for (let r = 2; r <= LAST_ROW; r++) ws.getCell(r, column).dataValidation = validation;
}

function columnOf(headers: readonly string[], header: string): number {
  return headers.indexOf(header) + 1;
}

function addExample(ws: ExcelJS.Worksheet, values: ReadonlyArray<string | number>): void {
  values.forEach((v, i) => {
    const cell = ws.getCell(2, i + 1);
    cell.value = v;
    cell.font = EXAMPLE_FONT;
  });
}

export interface InstructionSection {
  heading: string;
  columns?: readonly [string, string, string];
  rows: ReadonlyArray<readonly [string, string, string]>;
}

export function addInstructions(
  ws: ExcelJS.Worksheet,
  title: string,
  sections: readonly InstructionSection[],
  notes: readonly string[],
  notesHeading = '常见错误',
): void {
  ws.getColumn(1).width = 18;
  ws.getColumn(2).width = 8;
  ws.getColumn(3).width = 90;
  const titleCell = ws.getCell(1, 1);
  titleCell.value = title;
  titleCell.font = { bold: true, size: 14 };
  let r = 3;
  for (const section of sections) {
    ws.getCell(r, 1).value = section.heading;
    ws.getCell(r, 1).font = { bold: true, size: 12 };
    r++;
    (section.columns ?? ['列名', '必填', '填写要求']).forEach((h, i) => {
      const c = ws.getCell(r, i + 1);
      c.value = h;
      c.font = { bold: true };
      c.fill = HEADER_FILL;
    });
    r++;
    for (const [column, required, rule] of section.rows) {
      ws.getCell(r, 1).value = column;
      ws.getCell(r, 2).value = required;
      const c = ws.getCell(r, 3);
      c.value = rule;
      c.alignment = { wrapText: true, vertical: 'top' };
      r++;
    }
    r++;
  }
  ws.getCell(r, 1).value = notesHeading;
  ws.getCell(r, 1).font = { bold: true, size: 12 };
  r++;
  notes.forEach((note, i) => {
    ws.mergeCells(r, 1, r, 3);
    const c = ws.getCell(r, 1);
    c.value = `${i + 1}. ${note}`;
    c.alignment = { wrapText: true, vertical: 'top' };
    ws.getRow(r).height = 36;
    r++;
  });
}

const ID_NOTE =
  '身份证号变成 4.10102E+17 这样的科学计数法，或最后三位变成 000：这是 Excel 把号码当成了数字，只保留了15位有效数字，丢掉的数字无法恢复。' +
  '请保持该列为"文本"格式（模板已设好），粘贴时用"选择性粘贴 → 数值"；如果列格式已被改成数字，请先改回"文本"再重新输入，或在号码前加英文单引号 \'。';

export async function toBytes(workbook: ExcelJS.Workbook): Promise<Uint8Array> {
  const written = await workbook.xlsx.writeBuffer();
  return new Uint8Array(written);
}

/** The township batch template: 候选人, 近亲属 and 填写说明 sheets. */
export async function buildBatchTemplate(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'lianshen';

  const ws = workbook.addWorksheet(CANDIDATE_SHEET);
  addHeader(ws, CANDIDATE_HEADERS, [6, 10, 6, 8, 22, 12, 8, 14, 14, 14, 18, 10, 10]);
  const col = (h: (typeof CANDIDATE_HEADERS)[number]): number => columnOf(CANDIDATE_HEADERS, h);
  textColumn(ws, col('身份证号'));
  textColumn(ws, col('出生年月'));
  const lists: ReadonlyArray<readonly [(typeof CANDIDATE_HEADERS)[number], readonly string[]]> = [
    ['性别', SEXES],
    ['学历', EDUCATIONS],
    ['政治面貌', POLITICAL_STATUSES],
    ['拟任职务', POSTS],
    ['人选类型', NOMINATION_TYPES],
    ['是否现任', ['是', '否']],
  ];
  for (const [header, values] of lists) validateColumn(ws, col(header), listValidation(inlineList(values), header));
  validateColumn(ws, col('序号'), {
    type: 'whole',
    operator: 'greaterThan',
    formulae: [0],
    allowBlank: true,
    showErrorMessage: true,
    errorTitle: '输入值无效',
    error: '"序号"应为正整数。',
  });
  validateColumn(ws, col('身份证号'), {
    type: 'textLength',
    operator: 'equal',
    formulae: [18],
    allowBlank: true,
    showErrorMessage: true,
    errorTitle: '输入值无效',
    error: '"身份证号"应为18位。',
  });
  addExample(
    ws,
    CANDIDATE_HEADERS.map((h) => (h === '序号' ? Number(EXAMPLE_CANDIDATE[h]) : EXAMPLE_CANDIDATE[h])),
  );

  const rel = workbook.addWorksheet(RELATIVES_SHEET);
  addHeader(rel, RELATIVE_HEADERS, [22, 12, 10, 22]);
  textColumn(rel, columnOf(RELATIVE_HEADERS, '候选人身份证号'));
  textColumn(rel, columnOf(RELATIVE_HEADERS, '亲属身份证号'));
  validateColumn(rel, columnOf(RELATIVE_HEADERS, '关系'), listValidation(inlineList(RELATIONS), '关系'));
  addExample(
    rel,
    RELATIVE_HEADERS.map((h) => EXAMPLE_RELATIVE[h]),
  );

  addInstructions(
    workbook.addWorksheet(INSTRUCTIONS_SHEET),
    '村（社区）"两委"换届候选人资格联审：批量导入模板填写说明',
    [
      {
        heading: `"${CANDIDATE_SHEET}"工作表（每位候选人一行，每批最多 ${MAX_BATCH_ROWS} 行）`,
        rows: [
          ['序号', '是', '正整数，从 1 开始。'],
          [
            '姓名',
            '是',
            '与身份证一致。少数民族姓名中间的间隔号用"·"（如 阿依古丽·买买提），藏文、维吾尔文等民族文字可以直接填写；不能有数字和其他符号。',
          ],
          ['性别', '是', '下拉选择：男、女。必须与身份证号第17位一致（奇数为男，偶数为女）。'],
          ['民族', '是', '民族的规范名称，如 汉族、藏族、维吾尔族（写"汉""藏"也会自动补全）。'],
          [
            '身份证号',
            '是',
            '18位公民身份号码，最后一位可以是 X。本列已设为文本格式，请勿改成数字或常规格式。15位旧号码会自动升级为18位。',
          ],
          ['出生年月', '是', '写成 1990-03 或 1990-03-07（1990.03、1990/03、1990年3月 也可以），必须与身份证号中的出生日期一致。'],
          ['学历', '是', `下拉选择：${EDUCATIONS.join('、')}。`],
          ['政治面貌', '是', `下拉选择：${POLITICAL_STATUSES.join('、')}。`],
          ['乡镇(街道)', '是', '所在乡镇或街道的名称。'],
          ['村(社区)', '是', '所在村或社区的名称。同一个村（社区）每行写法要完全一致：近亲属回避和班子结构按它分组。'],
          ['拟任职务', '是', `下拉选择：${POSTS.join('、')}。`],
          ['人选类型', '是', `下拉选择：${NOMINATION_TYPES.join('、')}。`],
          ['是否现任', '是', '下拉选择：是、否。'],
        ],
      },
      {
        heading: `"${RELATIVES_SHEET}"工作表（候选人的近亲属，每位亲属一行；没有可不填）`,
        rows: [
          ['候选人身份证号', '是', `必须是"${CANDIDATE_SHEET}"工作表中某位候选人的身份证号。`],
          ['亲属姓名', '是', '要求同"姓名"。'],
          ['关系', '是', `下拉选择：${RELATIONS.join('、')}。`],
          ['亲属身份证号', '否', '有就填，用于发现同一村（社区）候选人之间的近亲属关系。'],
        ],
      },
    ],
    [
      `两个工作表的第2行是示例（身份证号 ${EXAMPLE_ID} 是国家标准中的示例号码），上传前请删除示例行。`,
      ID_NOTE,
      '表头必须在第1行，列名和列数不要改动，也不要在表头上方加标题行；列的先后顺序可以调整。',
      '全角数字、全角括号和多余的空格会自动转换，不必手工处理；但单元格里不要写备注性文字。',
      '同一个身份证号在一批中只能出现一次；性别、出生年月必须与身份证号一致。',
      '整批校验：只要有一处错误，整批都不会导入。请按错误清单中的行号和列名逐一改正后重新上传。',
      '文件不超过 10 MB。可以保存为 .xlsx，也可以另存为 CSV（UTF-8 或 Excel 默认的 GBK 编码均可，近亲属另存为单独的 CSV 文件）。',
    ],
  );
  return toBytes(workbook);
}

function describeWindow(category: Category): string {
  const w = category.window;
  switch (w.kind) {
    case 'years':
      return `自终止日期（无终止日期时自起始日期）起 ${w.years} 年内${w.ongoingWithoutEnd === true ? '；无终止日期视为仍在执行' : ''}。起始日期、终止日期至少填一个。`;
    case 'untilEnd':
      return '至终止日期止；无终止日期视为仍在期内。';
    case 'status':
      return `状态${w.negate === true ? '不是' : '为'}${w.statuses.join('、')}时影响资格${w.alsoWithoutEnd === true ? '，无终止日期时也影响' : '；"状态"必填'}。`;
    case 'permanent':
      return '长期影响，无期限。';
  }
}

/** The record extract template for one policy: 部门 and 记录类别 drop-downs from that policy. */
export async function buildRecordsTemplate(policy: Policy): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'lianshen';

  const ws = workbook.addWorksheet(RECORDS_SHEET);
  addHeader(ws, RECORD_HEADERS, [24, 22, 10, 16, 12, 12, 10, 22, 24]);
  const col = (h: (typeof RECORD_HEADERS)[number]): number => columnOf(RECORD_HEADERS, h);
  for (const h of ['身份证号', '起始日期', '终止日期', '文号'] as const) textColumn(ws, col(h));

  const options = workbook.addWorksheet(OPTIONS_SHEET, { state: 'hidden' });
  options.getCell(1, 1).value = '部门';
  options.getCell(1, 2).value = '记录类别';
  for (const [i, d] of policy.departments.entries()) options.getCell(i + 2, 1).value = d.name;
  for (const [i, c] of policy.categories.entries()) options.getCell(i + 2, 2).value = c.label;
  const range = (letter: string, count: number): string => `'${OPTIONS_SHEET}'!$${letter}$2:$${letter}$${count + 1}`;
  validateColumn(ws, col('部门'), listValidation(range('A', policy.departments.length), '部门'));
  validateColumn(ws, col('记录类别'), listValidation(range('B', policy.categories.length), '记录类别'));

  const firstDepartment = policy.departments[0]?.name ?? '';
  const firstCategory = policy.categories[0]?.label ?? '';
  addExample(ws, [
    firstDepartment,
    EXAMPLE_ID,
    '示例人',
    firstCategory,
    '2020-03-07',
    '2021-03-06',
    '',
    '示例〔2020〕1号',
    '示例行，上传前请删除',
  ]);

  addInstructions(
    workbook.addWorksheet(INSTRUCTIONS_SHEET),
    `部门记录导出模板填写说明（${policy.name}，版本 ${policy.version}）`,
    [
      {
        heading: `"${RECORDS_SHEET}"工作表（每条记录一行；没有记录时只保留表头上传，表示"无记录"）`,
        rows: [
          ['部门', '是', `下拉选择本部门名称，必须与政策所列名称完全一致：${policy.departments.map((d) => d.name).join('、')}。`],
          ['身份证号', '是', '18位公民身份号码。系统只按身份证号比对候选人；姓名不一致的记录会交人工核查。'],
          ['姓名', '是', '与身份证一致。'],
          ['记录类别', '是', '下拉选择，见下方类别说明。任何部门都可以报告本政策的任何类别。'],
          ['起始日期', '视类别', '写成 2020-03-07（2020/03/07、2020.03.07 或 Excel 日期也可以），不能晚于今天。'],
          ['终止日期', '视类别', '同上，不能早于起始日期。刑罚执行完毕、处分期满、整改完成等日期填在这里。'],
          ['状态', '视类别', '如 在查、未整改、已整改、已撤销。'],
          ['文号', '否', '判决书、处分决定等文书的文号。'],
          ['备注', '否', '其他说明。'],
        ],
      },
      {
        heading: '记录类别说明',
        columns: ['记录类别', '性质', '分组与影响期'],
        rows: policy.categories.map((c) => [c.label, c.severity === 'bar' ? '不能' : '不宜', `${c.group}。${describeWindow(c)}`] as const),
      },
    ],
    [
      `第2行是示例，上传前请删除。`,
      ID_NOTE,
      '表头必须在第1行，列名不要改动。',
      '整份文件校验：只要有一处错误，整份记录都不会导入。请按错误清单中的行号和列名逐一改正后重新上传。',
      '文件不超过 10 MB。可以保存为 .xlsx 或 CSV（UTF-8 或 GBK 编码）。',
    ],
  );
  return toBytes(workbook);
}

/** The 行政区划 list template: 乡镇(街道), 乡镇代码 (optional), 村(社区), 类型 (drop-down), with instructions. */
export async function buildUnitsTemplate(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'lianshen';
  const ws = workbook.addWorksheet(UNITS_SHEET);
  addHeader(ws, UNIT_HEADERS, [18, 14, 18, 12]);
  const col = (h: (typeof UNIT_HEADERS)[number]): number => columnOf(UNIT_HEADERS, h);
  textColumn(ws, col('乡镇代码'));
  validateColumn(ws, col('类型'), listValidation(inlineList(UNIT_KINDS), '类型'));
  EXAMPLE_UNITS.forEach((example, i) => {
    UNIT_HEADERS.forEach((h, j) => {
      const cell = ws.getCell(i + 2, j + 1);
      cell.value = example[h];
      cell.font = EXAMPLE_FONT;
    });
  });
  addInstructions(
    workbook.addWorksheet(INSTRUCTIONS_SHEET),
    '换届工作行政区划名单（乡镇（街道）及所辖村、社区）填写说明',
    [
      {
        heading: `"${UNITS_SHEET}"工作表（每个村或社区一行，最多 ${MAX_VILLAGES} 行、${MAX_TOWNSHIPS} 个乡镇（街道））`,
        rows: [
          [
            '乡镇(街道)',
            '是',
            '乡镇或街道的名称，与各乡镇（街道）上报候选人名单时"乡镇(街道)"一列的写法一致。同一换届工作中不能有两个同名的乡镇（街道）。',
          ],
          [
            '乡镇代码',
            '否',
            `乡镇（街道）账号与它绑定，一经使用不要更改。${TOWNSHIP_CODE_RULE}；建议填写统计用区划代码的前9位（如 330902001）。留空时由系统按名称生成（t- 加8位字母数字，同一名称始终相同）。同一乡镇（街道）各行填一次即可。`,
          ],
          ['村(社区)', '是', '村或社区的名称，与候选人名单"村(社区)"一列的写法一致。同一乡镇（街道）内不能重名。'],
          ['类型', '是', `下拉选择：${UNIT_KINDS.join('、')}。部分资格条件只适用于某一类（如"农村社区男57周岁以上…"）。`],
        ],
      },
    ],
    [
      '第2、3行是示例，上传前请删除。',
      '表头必须在第1行，列名不要改动。没有乡镇代码时可以删除"乡镇代码"一列。',
      '整份名单校验：只要有一处错误，整份名单都不会导入。请按错误清单中的行号和列名逐一改正后重新上传。',
      '已有乡镇（街道）提交候选人名单后，名单只能新增，不能修改已登记的乡镇代码和村（社区）类型，也不能删除已有候选人的乡镇（街道）、村（社区）。',
      '文件不超过 10 MB。可以保存为 .xlsx 或 CSV（UTF-8 或 GBK 编码）。',
    ],
  );
  return toBytes(workbook);
}
