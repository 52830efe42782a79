// Every mistake a county can make in its policy workbook has its own code and lands on its sheet,
// row (as Excel shows it) and column, all at once and nothing accepted.
import { describe, expect, it } from 'vitest';
import { readPolicyFile } from '../../../shared/adapters/files/policy-files.js';
import type { ImportError } from '../../../shared/domain/import/errors.js';
import { type CellEdit, editedWorkbook, MANY_MISTAKES } from '../../support/policy-books.js';
import { examplePolicy } from '../../support/policies.js';

async function errorsOf(edits: readonly CellEdit[], removeSheets: readonly string[] = []): Promise<ImportError[]> {
  const result = await readPolicyFile({ bytes: await editedWorkbook(edits, { removeSheets }), filename: '政策.xlsx' });
  return result.ok ? [] : result.errors;
}
const placed = (errors: readonly ImportError[]) => errors.map((e) => [e.sheet, e.row, e.column, e.code]);

describe('reading a policy workbook', () => {
  it('reads the unchanged workbook', async () => {
    const result = await readPolicyFile({ bytes: await editedWorkbook([]), filename: '政策.xlsx' });
    expect(result).toEqual({ ok: true, policy: examplePolicy() });
  });

  it.each([
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
    [
      '无终止日期时 where it means nothing',
      [['负面清单', 'E2', '起始日期']],
      ['负面清单', 2, '无终止日期时', 'POLICY_WITHOUT_END_INVALID'],
    ],
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
  ] as const)('gives %s its own code, on its sheet, row and column', async (_what, edits, expected) => {
    expect(placed(await errorsOf(edits))).toEqual([expected]);
  });

  it('gives a missing sheet its own code', async () => {
    expect(placed(await errorsOf([], ['回避']))).toEqual([['回避', 0, '', 'POLICY_SHEET_MISSING']]);
    expect(placed(await errorsOf([], ['班子结构']))).toEqual([]);
  });

  it('reports every mistake of a workbook with many at once, each on its row and column, in sheet order', async () => {
    const errors = await errorsOf(MANY_MISTAKES.map(([edit]) => edit));
    expect(placed(errors)).toEqual(expect.arrayContaining(MANY_MISTAKES.map(([, expected]) => expected)));
    expect(errors.every((e) => /[\u4e00-\u9fff]/.test(e.message))).toBe(true);
    const sheets = errors.map((e) => e.sheet);
    expect(sheets).toEqual([...sheets].sort((a, b) => SHEETS.indexOf(a ?? '') - SHEETS.indexOf(b ?? '')));
  });

  it('reads names that contain 、 in a list cell, and one per line', async () => {
    const result = await readPolicyFile({
      bytes: await editedWorkbook([
        ['负面清单', 'A2', '党性不强、作风不实'],
        ['部门', 'E2', '党性不强、作风不实、拖欠集体租金'],
        ['部门', 'E3', '党纪处分\n党性不强、作风不实'],
      ]),
      filename: 'p.xlsx',
    });
    expect(result.ok ? result.policy.departments.map((d) => d.categories) : result.errors).toEqual([
      ['党性不强、作风不实', '拖欠集体租金'],
      ['党纪处分', '党性不强、作风不实'],
    ]);
  });
});

const SHEETS = ['政策', '部门', '负面清单', '人选条件', '回避', '班子结构'];
