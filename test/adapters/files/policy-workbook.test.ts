import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { builtInPolicies, builtInPolicyIds, builtInPolicy, readPolicyFile } from '../../../shared/adapters/files/policy-files.js';
import { buildPolicyTemplate, policyWorkbook, TEMPLATE_POLICY } from '../../../shared/adapters/files/policy-workbook.js';
import { Policy } from '../../../shared/domain/model.js';
import { examplePolicy } from '../../support/policies.js';

async function readBack(bytes: Uint8Array, filename = 'policy.xlsx') {
  return readPolicyFile({ bytes, filename });
}

describe('the policy workbook', () => {
  it.each(builtInPolicyIds())('%s: shipped YAML → workbook → the same policy', async (id) => {
    const policy = builtInPolicy(id);
    expect(await readBack(await policyWorkbook(policy))).toEqual({ ok: true, policy });
  });

  it('round-trips a policy written from scratch (another document cited, months, firstDayFree, exemptions, explicit relations)', async () => {
    const base = examplePolicy();
    const policy = examplePolicy({
      categories: [
        ...base.categories,
        {
          label: '社区矫正',
          group: '不得提名',
          severity: 'bar',
          window: { kind: 'years', years: 0, months: 6, anchor: 'end' },
          endDate: 'firstDayFree',
          statusOverrides: [
            { statuses: ['撤销'], severity: 'none', citation: { document: '《社区矫正法》', clause: '第四十四条', quote: '撤销' } },
          ],
          citation: { document: '《中华人民共和国村民委员会组织法》', clause: '第十五条', quote: '矫正' },
        },
      ],
      departments: base.departments.map((d, i) =>
        i === 0 ? { ...d, categories: [...d.categories, '社区矫正'], appliesTo: 'partyMembers' } : d,
      ),
      avoidance: base.avoidance.map((a) => ({ ...a, relations: ['配偶', '兄弟姐妹'] })),
    });
    expect(await readBack(await policyWorkbook(Policy.parse(policy)))).toEqual({ ok: true, policy: Policy.parse(policy) });
  });

  it('round-trips what townships may see of a finding, and refuses a value it does not know at its cell', async () => {
    const full = Policy.parse(examplePolicy({ townshipSees: 'full' }));
    const bytes = await policyWorkbook(full);
    expect(await readBack(bytes)).toEqual({ ok: true, policy: full });

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes.slice().buffer);
    const sheet = workbook.getWorksheet('政策');
    let rowNumber = 0;
    sheet?.eachRow((row, n) => {
      if (row.getCell(1).value === '乡镇可见') rowNumber = n;
    });
    expect(rowNumber).toBeGreaterThan(0);
    const cell = sheet?.getRow(rowNumber).getCell(2);
    if (cell !== undefined) cell.value = '部分';
    const result = await readBack(new Uint8Array(await workbook.xlsx.writeBuffer()));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      expect.objectContaining({
        sheet: '政策',
        row: rowNumber,
        column: '内容',
        code: 'POLICY_DISCLOSURE_INVALID',
        message: expect.stringContaining('类别和条款'),
      }),
    ]);
  });

  it('round-trips the department the organization department reviews for, read by code or by name, and refuses another at its cell', async () => {
    const own = Policy.parse(examplePolicy({ orgdeptDepartment: 'discipline' }));
    const bytes = await policyWorkbook(own);
    expect(await readBack(bytes)).toEqual({ ok: true, policy: own });

    const withValue = async (value: string) => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(bytes.slice().buffer);
      const sheet = workbook.getWorksheet('政策');
      let rowNumber = 0;
      sheet?.eachRow((row, n) => {
        if (row.getCell(1).value === '组织部门审查部门') rowNumber = n;
      });
      const cell = sheet?.getRow(rowNumber).getCell(2);
      if (cell !== undefined) cell.value = value;
      return { rowNumber, result: await readBack(new Uint8Array(await workbook.xlsx.writeBuffer())) };
    };
    expect((await withValue('县纪委监委')).result).toEqual({ ok: true, policy: own });
    const { rowNumber, result } = await withValue('县委组织部');
    expect(rowNumber).toBeGreaterThan(0);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      expect.objectContaining({ sheet: '政策', row: rowNumber, column: '内容', code: 'POLICY_DEPARTMENT_UNKNOWN' }),
    ]);
  });

  it('writes every built-in policy the same way twice', async () => {
    for (const p of builtInPolicies()) {
      const a = await readBack(await policyWorkbook(p));
      const b = a.ok ? await readBack(await policyWorkbook(a.policy)) : a;
      expect(b).toEqual(a);
    }
  });
});

describe('the policy template (lianshen policy template)', () => {
  it('has the sheets, drop-downs, grey example rows and instructions in Chinese', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await buildPolicyTemplate()).slice().buffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['政策', '部门', '负面清单', '人选条件', '回避', '班子结构', '填写说明']);
    const list = workbook.getWorksheet('负面清单');
    expect(list?.getRow(1).values).toEqual(
      expect.arrayContaining(['类别', '结论', '时限(年)', '起算日', '适用状态', '依据条款', '依据原文']),
    );
    expect(list?.getCell('C2').dataValidation).toMatchObject({ type: 'list', formulae: ['"不得提名,需研判,提示,不计入"'] });
    expect(list?.getCell('A2').font?.italic).toBe(true);
    const texts: string[] = [];
    workbook.getWorksheet('填写说明')?.eachRow((row) => {
      row.eachCell((cell) => {
        texts.push(String(cell.value));
      });
    });
    const instructions = texts.join('\n');
    for (const phrase of [
      '民法典第二百零一条',
      '2017年4月7日起不再适用',
      '除已清偿外',
      '已处罚到位',
      '包括本数',
      'lianshen policy validate',
    ]) {
      expect(instructions).toContain(phrase);
    }
  });

  it('reads back as its example policy, and refuses the example id so an unchanged template is never uploaded', async () => {
    const result = await readBack(await buildPolicyTemplate(), '负面清单模板.xlsx');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.sheet, e.row, e.column, e.code])).toEqual([['政策', 2, '内容', 'EXAMPLE_ROW']]);
    const renamed = Policy.parse({ ...TEMPLATE_POLICY, id: 'my-county-2027' });
    expect(await readBack(await policyWorkbook(renamed, { example: true }))).toEqual({ ok: true, policy: renamed });
  });
});
