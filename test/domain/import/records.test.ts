import { maskedValue } from '../../../shared/domain/import/errors.js';
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { matchRecords, type RecordsResult } from '../../../shared/domain/import/records.js';
import { parseRecords } from '../../../shared/adapters/files/uploads.js';
import type { ImportError } from '../../../shared/domain/import/errors.js';
import { RECORD_HEADERS, type RecordHeader } from '../../../shared/domain/import/spec.js';
import type { RecordRow } from '../../../shared/domain/model.js';
import { CANDIDATES, makeId, toCsv } from '../../fixtures/import/people.js';
import { TEST_POLICY, TODAY, file, text, xlsx } from './helpers.js';

type Rec = Record<RecordHeader, string>;

const WANG = CANDIDATES[0]!;
const BASE: Rec = {
  部门: '区公安分局',
  身份证号: WANG.身份证号,
  姓名: WANG.姓名,
  记录类别: '刑事处罚',
  起始日期: '2018-05-10',
  终止日期: '2020-05-09',
  状态: '',
  文号: '(2018)浙0902刑初123号',
  备注: '',
};

const csv = (rows: readonly Rec[]) =>
  text(
    toCsv(
      RECORD_HEADERS,
      rows.map((r) => RECORD_HEADERS.map((h) => r[h])),
    ),
    'extract.csv',
  );
const parse = (upload: ReturnType<typeof text>) => parseRecords({ ...upload, today: TODAY }, TEST_POLICY);

async function errorsOf(result: Promise<RecordsResult>): Promise<ImportError[]> {
  const r = await result;
  if (r.ok) throw new Error('expected the extract to be rejected');
  return r.errors;
}
const pick = (e: ImportError) => ({ row: e.row, column: e.column, code: e.code });

describe('parseRecords: valid extracts', () => {
  it('reads rows, keeping the department name as the policy writes it and leaving empty fields out', async () => {
    const result = await parse(
      csv([
        BASE,
        {
          ...BASE,
          部门: '自然资源和规划分局',
          记录类别: '违法用地',
          起始日期: '2021/3/7',
          终止日期: '',
          状态: '未整改',
          文号: '',
          备注: '宅基地超占',
        },
      ]),
    );
    expect(result).toEqual({
      ok: true,
      rows: [
        {
          department: '区公安分局',
          idNumber: WANG.身份证号,
          name: '王建国',
          category: '刑事处罚',
          startDate: '2018-05-10',
          endDate: '2020-05-09',
          documentNumber: '(2018)浙0902刑初123号',
        },
        {
          department: '自然资源和规划分局',
          idNumber: WANG.身份证号,
          name: '王建国',
          category: '违法用地',
          startDate: '2021-03-07',
          status: '未整改',
          note: '宅基地超占',
        },
      ],
    });
  });

  it('accepts a header-only file as "no records"', async () => {
    expect(await parse(text(`${RECORD_HEADERS.join(',')}\r\n`))).toEqual({ ok: true, rows: [] });
  });

  it('accepts a GBK-encoded extract', async () => {
    const body = toCsv(RECORD_HEADERS, [RECORD_HEADERS.map((h) => BASE[h])]);
    const result = await parse(file(new Uint8Array(iconv.encode(body, 'gbk')), 'extract.csv'));
    expect(result.ok && result.rows[0]!.name).toBe('王建国');
  });

  it('normalises full-width characters and spaces in 部门, 记录类别 and dates', async () => {
    const result = await parse(
      csv([{ ...BASE, 部门: ' 区公安 分局\u3000', 记录类别: '刑事 处罚', 起始日期: '２０１８．０５．１０', 终止日期: '2020年5月9日' }]),
    );
    expect(result.ok && result.rows[0]).toMatchObject({
      department: '区公安分局',
      category: '刑事处罚',
      startDate: '2018-05-10',
      endDate: '2020-05-09',
    });
  });

  it('reads Excel date cells and serial numbers in an xlsx extract', async () => {
    const row = RECORD_HEADERS.map((h) =>
      h === '起始日期' ? { value: new Date(Date.UTC(2018, 4, 10)), numFmt: 'yyyy/m/d' } : h === '终止日期' ? 43960 : BASE[h],
    );
    const result = await parse(await xlsx({ 部门记录: [RECORD_HEADERS, row] }, 'extract.xlsx'));
    expect(result.ok && result.rows[0]).toMatchObject({ startDate: '2018-05-10', endDate: '2020-05-09' });
  });

  it('allows a permanent or until-end category without dates, and an ongoing sentence without 终止日期', async () => {
    const result = await parse(
      csv([
        { ...BASE, 记录类别: '邪教组织', 起始日期: '', 终止日期: '' },
        { ...BASE, 记录类别: '党纪处分', 起始日期: '', 终止日期: '' },
        { ...BASE, 记录类别: '刑事处罚', 起始日期: '', 终止日期: '' },
        { ...BASE, 记录类别: '立案调查', 起始日期: '2026-01-01', 终止日期: '', 状态: '' },
      ]),
    );
    expect(result.ok).toBe(true);
  });
});

describe('parseRecords: each bad cell gets its own row, column and code', () => {
  const cases: Array<[string, Partial<Rec>, RecordHeader, string]> = [
    ['a department not in the policy', { 部门: '区税务局' }, '部门', 'DEPARTMENT_UNKNOWN'],
    ['an empty department', { 部门: '' }, '部门', 'VALUE_REQUIRED'],
    ['a category not in the policy', { 记录类别: '醉驾' }, '记录类别', 'CATEGORY_UNKNOWN'],
    ['an empty category', { 记录类别: '' }, '记录类别', 'VALUE_REQUIRED'],
    ['a bad ID', { 身份证号: `${WANG.身份证号.slice(0, 17)}0` }, '身份证号', 'ID_CHECK_DIGIT'],
    ['an ID in scientific notation', { 身份证号: '3.30902E+17' }, '身份证号', 'ID_SCIENTIFIC'],
    ['an empty ID', { 身份证号: '' }, '身份证号', 'VALUE_REQUIRED'],
    ['a name with digits', { 姓名: '王建国1' }, '姓名', 'NAME_INVALID'],
    ['an empty name', { 姓名: '' }, '姓名', 'VALUE_REQUIRED'],
    ['an impossible start date', { 起始日期: '2018-02-30' }, '起始日期', 'DATE_FORMAT'],
    ['a start date without a day', { 起始日期: '2018-05' }, '起始日期', 'DATE_FORMAT'],
    ['an end date in words', { 终止日期: '至今' }, '终止日期', 'DATE_FORMAT'],
    ['an end date before the start', { 终止日期: '2018-05-09' }, '终止日期', 'DATE_ORDER'],
    ['a start date in the future', { 起始日期: '2026-11-23', 终止日期: '' }, '起始日期', 'DATE_FUTURE'],
    ['a 5-year category without any date', { 记录类别: '拉票贿选', 起始日期: '', 终止日期: '' }, '起始日期', 'DATE_REQUIRED'],
    ['a status category without 状态', { 记录类别: '违法用地', 状态: '' }, '状态', 'STATUS_REQUIRED'],
    ['the template example row', { 身份证号: '11010519491231002X', 姓名: '示例人' }, '身份证号', 'EXAMPLE_ROW'],
  ];

  it.each(cases)('%s', async (_label, change, column, code) => {
    const errors = await errorsOf(parse(csv([BASE, { ...BASE, ...change }])));
    expect(errors.map(pick)).toEqual([{ row: 3, column, code }]);
    expect(errors[0]!.value).toBe(maskedValue(3, column, change[column] ?? BASE[column]));
    expect(errors[0]!.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('suggests the department a code or a near miss stands for', async () => {
    const [byCode] = await errorsOf(parse(csv([{ ...BASE, 部门: 'public-security' }])));
    expect(byCode!.message).toContain('"区公安分局"');
    const [nearMiss] = await errorsOf(parse(csv([{ ...BASE, 部门: '区公安局' }])));
    expect(nearMiss!.message).toContain('"区公安分局"');
  });

  it('lists the categories of the policy', async () => {
    const [error] = await errorsOf(parse(csv([{ ...BASE, 记录类别: '醉驾' }])));
    expect(error!.message).toContain('"刑事处罚"、"拉票贿选"');
  });

  it('is all or nothing', async () => {
    const result = await parse(csv([BASE, BASE, { ...BASE, 部门: '区税务局' }, BASE]));
    expect(result.ok).toBe(false);
    expect('rows' in result).toBe(false);
  });

  it('checks the header as strictly as the batch', async () => {
    const headers = RECORD_HEADERS.map((h) => (h === '终止日期' ? '结束日期' : h));
    const body = toCsv(headers, [RECORD_HEADERS.map((h) => BASE[h])]);
    expect((await errorsOf(parse(text(body)))).map(pick)).toEqual([{ row: 1, column: '终止日期', code: 'COLUMN_MISSPELT' }]);
    const missing = toCsv(RECORD_HEADERS.slice(0, 8), [RECORD_HEADERS.slice(0, 8).map((h) => BASE[h])]);
    expect((await errorsOf(parse(text(missing)))).map(pick)).toEqual([{ row: 1, column: '备注', code: 'COLUMN_MISSING' }]);
  });

  it('rejects an empty file (no header at all)', async () => {
    expect((await errorsOf(parse(file(new Uint8Array(), 'extract.csv')))).map(pick)).toEqual([{ row: 0, column: '', code: 'FILE_EMPTY' }]);
  });
});

describe('matchRecords', () => {
  const record = (over: Partial<RecordRow>): RecordRow => ({
    department: '区公安分局',
    idNumber: WANG.身份证号,
    name: '王建国',
    category: '刑事处罚',
    ...over,
  });

  it('turns a record with the same ID and name into a finding', () => {
    const rows = [record({ startDate: '2018-05-10', endDate: '2020-05-09', documentNumber: '(2018)1号' })];
    expect(matchRecords({ idNumber: WANG.身份证号, name: '王建国' }, rows)).toEqual({
      findings: [{ category: '刑事处罚', startDate: '2018-05-10', endDate: '2020-05-09', documentNumber: '(2018)1号' }],
      hints: [],
    });
  });

  it('does not treat a record with the same ID but another name as a finding: it is a hint for a human', () => {
    const rows = [record({ name: '王建华', documentNumber: '(2018)1号' })];
    expect(matchRecords({ idNumber: WANG.身份证号, name: '王建国' }, rows)).toEqual({
      findings: [],
      hints: [{ kind: 'id-match-name-differs', category: '刑事处罚', recordName: '王建华', documentNumber: '(2018)1号' }],
    });
  });

  it('never matches by name alone', () => {
    const other = makeId('330902', '19700815', '051');
    expect(matchRecords({ idNumber: other, name: '王建国' }, [record({})])).toEqual({ findings: [], hints: [] });
  });

  it('compares names without 间隔号 and space variants, and IDs without case or legacy-format differences', () => {
    const id = makeId('510903', '19860714', '08'.padEnd(3, '4'));
    const rows = [record({ idNumber: id, name: '阿依古丽买买提' })];
    expect(matchRecords({ idNumber: id, name: '阿依古丽•买买提' }, rows).findings).toHaveLength(1);
    const withX = '11010519491231002X';
    expect(matchRecords({ idNumber: withX.toLowerCase(), name: '王建国' }, [record({ idNumber: withX })]).findings).toHaveLength(1);
    expect(matchRecords({ idNumber: '110105491231002', name: '王建国' }, [record({ idNumber: withX })]).findings).toHaveLength(1);
  });

  it('keeps every matching record, from any department', () => {
    const rows = [
      record({}),
      record({ department: '自然资源和规划分局', category: '违法用地', status: '未整改' }),
      record({ idNumber: makeId('330902', '19700815', '051') }),
    ];
    const { findings } = matchRecords({ idNumber: WANG.身份证号, name: '王建国' }, rows);
    expect(findings.map((f) => f.category)).toEqual(['刑事处罚', '违法用地']);
  });
});
