import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { ErrorValue } from 'exceljs';
import type { BatchResult } from '../../../shared/domain/import/batch.js';
import { parseBatch } from '../../../shared/adapters/files/uploads.js';
import { MAX_REPORTED_ERRORS, maskedValue, type ImportError } from '../../../shared/domain/import/errors.js';
import { CANDIDATE_HEADERS, RELATIVE_HEADERS, type CandidateHeader } from '../../../shared/domain/import/spec.js';
import {
  CANDIDATES,
  RELATIVES,
  candidatesCsv,
  makeId,
  relativesCsv,
  utf8,
  withBom,
  type CandidateRecord,
} from '../../fixtures/import/people.js';
import { TODAY, file, text, xlsx, type SheetRows } from './helpers.js';

const csv = (rows: readonly CandidateRecord[], headers?: readonly string[]) => text(candidatesCsv(rows, headers), 'batch.csv');

async function parse(candidates: ReturnType<typeof text>, relatives?: ReturnType<typeof text>): Promise<BatchResult> {
  return parseBatch({ candidates, ...(relatives === undefined ? {} : { relatives }), today: TODAY });
}

async function errorsOf(result: Promise<BatchResult>): Promise<ImportError[]> {
  const r = await result;
  if (r.ok) throw new Error('expected the batch to be rejected');
  return r.errors;
}

const pick = (e: ImportError) => ({ row: e.row, column: e.column, code: e.code });

/** Three valid rows with row 3 (Excel) changed. */
function withRow3(change: Partial<CandidateRecord>): CandidateRecord[] {
  const rows = CANDIDATES.slice(0, 3).map((r) => ({ ...r }));
  rows[1] = { ...rows[1]!, ...change };
  return rows;
}

const LI = CANDIDATES[1]!; // 李秀英, 女, born 1982-03-04

/** A distinct woman born in March 1982 for each i < 14,000, matching 出生年月 1982-03. */
function uniqueId(i: number): string {
  const day = String(1 + Math.floor(i / 500)).padStart(2, '0');
  return makeId('330902', `198203${day}`, String(2 * (i % 500)).padStart(3, '0'));
}

describe('parseBatch: valid input', () => {
  it('accepts a UTF-8 CSV and returns normalised candidates', async () => {
    const result = await parse(csv(CANDIDATES));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.candidates).toHaveLength(CANDIDATES.length);
    expect(result.candidates[0]).toEqual({
      seq: 1,
      name: '王建国',
      sex: '男',
      ethnicity: '汉族',
      idNumber: CANDIDATES[0]!.身份证号,
      birth: '1970-08',
      education: '高中',
      political: '中共党员',
      township: '昌国街道',
      village: '檀枫社区',
      post: '党组织书记',
      nominationType: '初步人选',
      incumbent: true,
    });
    expect(result.candidates[1]).toMatchObject({ birth: '1982-03-04', post: '村(居)委会主任', incumbent: false });
    expect(result.candidates[7]).toMatchObject({ name: '阿依古丽·买买提', ethnicity: '维吾尔族' });
    expect(result.relatives).toEqual([]);
  });

  it('accepts UTF-8 with a BOM', async () => {
    const result = await parse(file(withBom(candidatesCsv(CANDIDATES)), 'batch.csv'));
    expect(result.ok).toBe(true);
  });

  it('accepts a GBK-encoded CSV as Excel on Chinese Windows writes it', async () => {
    const bytes = new Uint8Array(iconv.encode(candidatesCsv(CANDIDATES), 'gbk'));
    const result = await parse(file(bytes, '候选人.csv'));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.candidates.map((c) => c.name)).toEqual(CANDIDATES.map((c) => c.姓名));
  });

  it('accepts GB18030 text that GBK cannot encode (Tibetan script)', async () => {
    const rows = [{ ...CANDIDATES[5]!, 姓名: 'བཀྲ་ཤིས་དོན་གྲུབ' }];
    const bytes = new Uint8Array(iconv.encode(candidatesCsv(rows), 'gb18030'));
    const result = await parse(file(bytes, 'batch.csv'));
    expect(result.ok && result.candidates[0]!.name).toBe('བཀྲ་ཤིས་དོན་གྲུབ');
  });

  it('accepts Excel "Unicode text" (UTF-16 with BOM, tab-separated)', async () => {
    const tsv = candidatesCsv(CANDIDATES).replace(/,/g, '\t');
    const bytes = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(tsv, 'utf16le')]));
    const result = await parse(file(bytes, 'batch.txt'));
    expect(result.ok).toBe(true);
  });

  it('accepts an xlsx carrying both the 候选人 and the 近亲属 sheets', async () => {
    const upload = await xlsx({
      候选人: [CANDIDATE_HEADERS, ...CANDIDATES.map((r) => CANDIDATE_HEADERS.map((h) => (h === '序号' ? Number(r[h]) : r[h])))],
      近亲属: [RELATIVE_HEADERS, ...RELATIVES.map((r) => RELATIVE_HEADERS.map((h) => r[h]))],
    });
    const result = await parse(upload);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.candidates).toHaveLength(CANDIDATES.length);
    expect(result.relatives).toEqual([
      { candidateIdNumber: CANDIDATES[0]!.身份证号, name: '李秀英', relation: '配偶', idNumber: CANDIDATES[1]!.身份证号 },
      { candidateIdNumber: CANDIDATES[1]!.身份证号, name: '王建国', relation: '配偶', idNumber: CANDIDATES[0]!.身份证号 },
      { candidateIdNumber: CANDIDATES[2]!.身份证号, name: '陈德明', relation: '父母', idNumber: RELATIVES[2]!.亲属身份证号 },
      { candidateIdNumber: CANDIDATES[5]!.身份证号, name: '拉姆卓玛', relation: '兄弟姐妹' },
    ]);
  });

  it('accepts relatives as a separate CSV next to a CSV batch', async () => {
    const result = await parse(csv(CANDIDATES), text(relativesCsv(RELATIVES), '近亲属.csv'));
    expect(result.ok && result.relatives).toHaveLength(RELATIVES.length);
  });

  it('accepts a header-only 近亲属 sheet (no relatives declared)', async () => {
    const upload = await xlsx({
      候选人: [CANDIDATE_HEADERS, CANDIDATE_HEADERS.map((h) => CANDIDATES[0]![h])],
      近亲属: [RELATIVE_HEADERS],
    });
    const result = await parse(upload);
    expect(result.ok && result.relatives).toEqual([]);
  });

  it('normalises full-width digits and letters, full-width brackets and stray spaces instead of rejecting them', async () => {
    const fullWidth = (s: string) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const li = LI;
    const row: CandidateRecord = {
      ...li,
      序号: '１',
      姓名: '李\u3000秀英 ',
      性别: ' 女',
      民族: '汉',
      身份证号: `${fullWidth(li.身份证号.slice(0, 6))}\u00A0${fullWidth(li.身份证号.slice(6)).toLowerCase()}`,
      出生年月: '１９８２．０３．０４',
      '乡镇(街道)': '昌国 街道',
      '村(社区)': '檀枫社区\u3000',
      拟任职务: '村（居）委会主任',
      是否现任: '否 ',
    };
    const headers = CANDIDATE_HEADERS.map((h) => h.replace('(', '（').replace(')', '）').replace('身份证号', '身份证 号'));
    const result = await parse(csv([row], headers));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.candidates[0]).toMatchObject({
      seq: 1,
      name: '李秀英',
      sex: '女',
      ethnicity: '汉族',
      idNumber: li.身份证号,
      birth: '1982-03-04',
      township: '昌国街道',
      village: '檀枫社区',
      post: '村(居)委会主任',
    });
  });

  it.each([
    ['1982-03', '1982-03'],
    ['1982-3', '1982-03'],
    ['1982.03', '1982-03'],
    ['1982/03', '1982-03'],
    ['1982年3月', '1982-03'],
    ['1982年03月', '1982-03'],
    ['198203', '1982-03'],
    ['1982-03-04', '1982-03-04'],
    ['1982/3/4', '1982-03-04'],
    ['1982.03.04', '1982-03-04'],
    ['1982年3月4日', '1982-03-04'],
    ['1982/3/4 0:00', '1982-03-04'],
    ['1982–03', '1982-03'],
  ])('出生年月 written %j is read as %s', async (written, normalised) => {
    const result = await parse(csv([{ ...LI, 出生年月: written }]));
    expect(result.ok && result.candidates[0]!.birth).toBe(normalised);
  });

  it('reads Excel dates in 出生年月: a day format gives the day, a month format gives the month', async () => {
    const birthCells: SheetRows[number][number][] = [
      { value: new Date(Date.UTC(1982, 2, 4)), numFmt: 'yyyy-mm-dd' },
      { value: new Date(Date.UTC(1982, 2, 1)), numFmt: 'yyyy"年"m"月"' },
      { value: new Date(Date.UTC(1982, 2, 1)), numFmt: 'mmm-yy' },
      30014, // the serial number of 1982-03-04, in a General cell
      1982.03, // 1982.03 typed into a General cell
    ];
    const rows = birthCells.map((birth, i) =>
      CANDIDATE_HEADERS.map((h): SheetRows[number][number] =>
        h === '出生年月' ? birth : h === '身份证号' ? makeId('330902', '19820304', String(100 + 2 * i)) : h === '序号' ? i + 1 : LI[h],
      ),
    );
    const result = await parse(await xlsx({ 候选人: [CANDIDATE_HEADERS, ...rows] }));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.candidates.map((c) => c.birth)).toEqual(['1982-03-04', '1982-03', '1982-03', '1982-03-04', '1982-03']);
  });

  it('allows names with the interpunct in its look-alikes and in minority scripts', async () => {
    const names: Array<[string, string]> = [
      ['阿依古丽•买买提', '阿依古丽·买买提'],
      ['阿依古丽．买买提', '阿依古丽·买买提'],
      ['阿依古丽 · 买买提', '阿依古丽·买买提'],
      ['阿依古丽・买买提', '阿依古丽·买买提'],
      ['བཀྲ་ཤིས་དོན་གྲུབ', 'བཀྲ་ཤིས་དོན་གྲུབ'],
      ['ئايگۈل مەمەت', 'ئايگۈل مەمەت'],
      ['ᠪᠠᠲᠦ', 'ᠪᠠᠲᠦ'],
      ['欧阳 娜娜', '欧阳娜娜'],
    ];
    const rows = names.map(([name], i) => ({
      ...LI,
      序号: String(i + 1),
      姓名: name,
      身份证号: makeId('330902', '19820304', String(200 + 2 * i)),
    }));
    const result = await parse(csv(rows));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.candidates.map((c) => c.name)).toEqual(names.map(([, n]) => n));
  });

  it('upgrades a 15-digit legacy ID to 18 digits', async () => {
    const id18 = makeId('330902', '19820304', '042');
    const id15 = id18.slice(0, 6) + id18.slice(8, 17);
    const result = await parse(csv([{ ...LI, 身份证号: id15 }]));
    expect(result.ok && result.candidates[0]!.idNumber).toBe(id18);
  });

  it('lists what it corrected on its own, cell by cell, with ID numbers masked', async () => {
    const id18 = makeId('330902', '19820304', '042');
    const id15 = id18.slice(0, 6) + id18.slice(8, 17);
    const rows = [{ ...LI, 身份证号: id15 }, { ...CANDIDATES[0]!, '村(社区)': ` ${CANDIDATES[0]!['村(社区)']} ` }, CANDIDATES[2]!];
    const result = await parse(csv(rows));
    if (!result.ok) throw new Error('expected the batch to be accepted');
    expect(result.corrections).toEqual([
      {
        sheet: '候选人',
        row: 2,
        column: '身份证号',
        from: maskedValue(2, '身份证号', id15),
        to: maskedValue(2, '身份证号', id18),
        reason: '15 位旧身份证号已升级为 18 位',
      },
      {
        sheet: '候选人',
        row: 3,
        column: '村(社区)',
        from: ` ${CANDIDATES[0]!['村(社区)']} `,
        to: CANDIDATES[0]!['村(社区)'],
        reason: '已去掉多余的空格',
      },
    ]);
    expect(JSON.stringify(result.corrections)).not.toContain(id18);
  });

  it('accepts an ID typed as ="…" or with a leading apostrophe in a CSV', async () => {
    const rows = [
      { ...LI, 身份证号: `="${LI.身份证号}"` },
      { ...CANDIDATES[0]!, 身份证号: `'${CANDIDATES[0]!.身份证号}` },
    ];
    const result = await parse(csv(rows));
    expect(result.ok && result.candidates.map((c) => c.idNumber)).toEqual([LI.身份证号, CANDIDATES[0]!.身份证号]);
  });

  it('accepts semicolon-separated CSV and headers typed with a Chinese comma', async () => {
    expect((await parse(text(candidatesCsv([LI]).replace(/,/g, ';')))).ok).toBe(true);
    expect((await parse(text(candidatesCsv([LI]).replace(/,/g, '，')))).ok).toBe(true);
  });
});

describe('parseBatch: each bad cell gets its own row, column, value and code', () => {
  const cases: Array<[string, Partial<CandidateRecord>, CandidateHeader, string]> = [
    ['序号 zero', { 序号: '0' }, '序号', 'SEQ_INVALID'],
    ['序号 fraction', { 序号: '2.5' }, '序号', 'SEQ_INVALID'],
    ['序号 empty', { 序号: '' }, '序号', 'VALUE_REQUIRED'],
    ['姓名 with a digit', { 姓名: '李秀英2' }, '姓名', 'NAME_INVALID'],
    ['姓名 of one character', { 姓名: '李' }, '姓名', 'NAME_INVALID'],
    ['姓名 starting with ·', { 姓名: '·李秀英' }, '姓名', 'NAME_INVALID'],
    ['姓名 with a bracket', { 姓名: '李秀英(曾用名)' }, '姓名', 'NAME_INVALID'],
    ['姓名 with mojibake', { 姓名: '李\uFFFD英' }, '姓名', 'NAME_INVALID'],
    ['姓名 empty', { 姓名: '' }, '姓名', 'VALUE_REQUIRED'],
    ['性别 not 男/女', { 性别: '女性' }, '性别', 'VALUE_NOT_ALLOWED'],
    ['性别 against the ID', { 性别: '男' }, '性别', 'ID_SEX_MISMATCH'],
    ['民族 misspelt', { 民族: '汗族' }, '民族', 'ETHNICITY_INVALID'],
    ['身份证号 in scientific notation', { 身份证号: '3.30902E+17' }, '身份证号', 'ID_SCIENTIFIC'],
    ['身份证号 with its last digits lost', { 身份证号: `${LI.身份证号.slice(0, 15)}000` }, '身份证号', 'ID_DIGITS_LOST'],
    ['身份证号 with a bad check digit', { 身份证号: `${LI.身份证号.slice(0, 17)}1` }, '身份证号', 'ID_CHECK_DIGIT'],
    ['身份证号 too short', { 身份证号: LI.身份证号.slice(0, 17) }, '身份证号', 'ID_LENGTH'],
    ['身份证号 with a letter', { 身份证号: `33O90219820304042X` }, '身份证号', 'ID_FORMAT'],
    ['身份证号 with no province', { 身份证号: makeId('990902', '19820304', '042') }, '身份证号', 'ID_REGION'],
    ['身份证号 with an impossible birth date', { 身份证号: makeId('330902', '19820231', '042') }, '身份证号', 'ID_BIRTH_DATE'],
    ['身份证号 born in the future', { 身份证号: makeId('330902', '20270101', '042') }, '身份证号', 'ID_FUTURE_BIRTH'],
    ['身份证号 empty', { 身份证号: '' }, '身份证号', 'VALUE_REQUIRED'],
    ['出生年月 month 13', { 出生年月: '1982-13' }, '出生年月', 'BIRTH_FORMAT'],
    ['出生年月 year only', { 出生年月: '1982' }, '出生年月', 'BIRTH_FORMAT'],
    ['出生年月 in English', { 出生年月: 'Mar-82' }, '出生年月', 'BIRTH_FORMAT'],
    ['出生年月 against the ID (month)', { 出生年月: '1982-04' }, '出生年月', 'ID_BIRTH_MISMATCH'],
    ['出生年月 against the ID (day)', { 出生年月: '1982-03-05' }, '出生年月', 'ID_BIRTH_MISMATCH'],
    ['学历', { 学历: '大学' }, '学历', 'VALUE_NOT_ALLOWED'],
    ['政治面貌', { 政治面貌: '党员' }, '政治面貌', 'VALUE_NOT_ALLOWED'],
    ['乡镇(街道) empty', { '乡镇(街道)': ' ' }, '乡镇(街道)', 'VALUE_REQUIRED'],
    ['村(社区) empty', { '村(社区)': '\u3000' }, '村(社区)', 'VALUE_REQUIRED'],
    ['村(社区) only digits', { '村(社区)': '123' }, '村(社区)', 'TEXT_INVALID'],
    ['拟任职务', { 拟任职务: '村主任' }, '拟任职务', 'VALUE_NOT_ALLOWED'],
    ['人选类型', { 人选类型: '推荐人选' }, '人选类型', 'VALUE_NOT_ALLOWED'],
    ['是否现任', { 是否现任: 'Y' }, '是否现任', 'VALUE_NOT_ALLOWED'],
    ['the template example row', { 身份证号: '11010519491231002X', 出生年月: '1949-12', 姓名: '示例人' }, '身份证号', 'EXAMPLE_ROW'],
  ];

  it.each(cases)('%s', async (_label, change, column, code) => {
    const rows = withRow3(change);
    const errors = await errorsOf(parse(csv(rows)));
    expect(errors.map(pick)).toEqual([{ row: 3, column, code }]);
    const error = errors[0]!;
    expect(error.value).toBe(maskedValue(3, column, change[column] ?? ''));
    if (column === '身份证号' && (change[column]?.length ?? 0) >= 15) expect(error.value).toContain('********');
    expect(error.sheet).toBe('候选人');
    expect(error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('lists the allowed values for an enumerated column, and suggests the closest', async () => {
    const [error] = await errorsOf(parse(csv(withRow3({ 拟任职务: '村(居)委会主人' }))));
    expect(error!.message).toContain('"党组织书记"、"党组织副书记"');
    expect(error!.message).toContain('是不是想填"村(居)委会主任"');
  });

  it('explains what Excel did to an ID in scientific notation and how to fix it', async () => {
    const [error] = await errorsOf(parse(csv(withRow3({ 身份证号: '3.30902E+17' }))));
    expect(error!.message).toContain('文本');
    expect(error!.message).toContain("'");
    expect(error!.message).toContain('15位');
  });

  it('names both rows of a duplicate ID', async () => {
    const rows = [...CANDIDATES.slice(0, 3), { ...CANDIDATES[0]!, 序号: '4' }];
    const errors = await errorsOf(parse(csv(rows)));
    expect(errors.map(pick)).toEqual([{ row: 5, column: '身份证号', code: 'ID_DUPLICATE' }]);
    expect(errors[0]!.message).toContain('第2行');
    expect(errors[0]!.message).toContain('第5行');
  });

  it('treats a legacy 15-digit number and its 18-digit form as the same person', async () => {
    const id18 = LI.身份证号;
    const rows = [LI, { ...LI, 序号: '2', 身份证号: id18.slice(0, 6) + id18.slice(8, 17) }];
    expect((await errorsOf(parse(csv(rows)))).map(pick)).toEqual([{ row: 3, column: '身份证号', code: 'ID_DUPLICATE' }]);
  });

  it('reports an ID stored as a number in an xlsx, explaining Excel dropped the last digits', async () => {
    const upload = await xlsx({
      候选人: [CANDIDATE_HEADERS, CANDIDATE_HEADERS.map((h) => (h === '身份证号' ? Number('330902198203040420') : LI[h]))],
    });
    const errors = await errorsOf(parse(upload));
    expect(errors.map(pick)).toEqual([{ row: 2, column: '身份证号', code: 'ID_NUMERIC_CELL' }]);
    expect(errors[0]!.value).toBe('3.30902E+17');
    expect(errors[0]!.message).toContain('文本');
  });

  it('refuses a 序号 stored as a number too large to be one (an ID number pasted there) at its cell', async () => {
    const upload = await xlsx({
      候选人: [CANDIDATE_HEADERS, CANDIDATE_HEADERS.map((h) => (h === '序号' ? 110105194912310020 : LI[h]))],
    });
    const errors = await errorsOf(parse(upload));
    expect(errors.map(pick)).toEqual([{ row: 2, column: '序号', code: 'SEQ_INVALID' }]);
  });

  it('reports 出生年月 stored as 1982.1, which could be January or October', async () => {
    const upload = await xlsx({
      候选人: [CANDIDATE_HEADERS, CANDIDATE_HEADERS.map((h) => (h === '出生年月' ? 1982.1 : LI[h]))],
    });
    expect((await errorsOf(parse(upload))).map(pick)).toEqual([{ row: 2, column: '出生年月', code: 'BIRTH_AMBIGUOUS' }]);
  });

  it('reports an Excel error value (#N/A) in a cell', async () => {
    const upload = await xlsx({
      候选人: [
        CANDIDATE_HEADERS,
        CANDIDATE_HEADERS.map((h) =>
          h === '学历' ? { formula: 'VLOOKUP(1,A1:A2,2,0)', result: { error: ErrorValue.NotApplicable } } : LI[h],
        ),
      ],
    });
    expect((await errorsOf(parse(upload))).map(pick)).toEqual([{ row: 2, column: '学历', code: 'CELL_ERROR' }]);
  });

  it('keeps Excel row numbers when there are blank rows in between', async () => {
    const body = candidatesCsv([CANDIDATES[0]!, { ...LI, 性别: '男' }]);
    const lines = body.split('\r\n');
    lines.splice(2, 0, '', ',,,,,,,,,,,,');
    const errors = await errorsOf(parse(text(lines.join('\r\n'))));
    expect(errors.map(pick)).toEqual([{ row: 5, column: '性别', code: 'ID_SEX_MISMATCH' }]);
  });
});

describe('parseBatch: all or nothing', () => {
  it('rejects the whole batch when one row of many is bad, and lists every error', async () => {
    const rows = [...CANDIDATES.slice(0, 5), { ...CANDIDATES[5]!, 学历: '硕士' }, ...CANDIDATES.slice(6)];
    const result = await parse(csv(rows));
    expect(result).toEqual({ ok: false, errors: [expect.objectContaining({ row: 7, column: '学历', code: 'VALUE_NOT_ALLOWED' })] });
    expect('candidates' in result).toBe(false);
  });

  it('reports several errors of one row in column order', async () => {
    const errors = await errorsOf(parse(csv(withRow3({ 姓名: '李2', 学历: '大学', 是否现任: '不是' }))));
    expect(errors.map((e) => e.column)).toEqual(['姓名', '学历', '是否现任']);
  });

  it('caps a flood of errors with a summary', async () => {
    const rows = Array.from({ length: 1100 }, (_, i) => ({
      ...LI,
      序号: String(i + 1),
      学历: '大学',
      出生年月: '1982-03',
      身份证号: uniqueId(i),
    }));
    const errors = await errorsOf(parse(csv(rows)));
    expect(errors).toHaveLength(MAX_REPORTED_ERRORS + 1);
    expect(errors.at(-1)!.code).toBe('ERRORS_TRUNCATED');
  });
});

describe('parseBatch: file-level problems', () => {
  it('rejects an empty file', async () => {
    expect((await errorsOf(parse(file(new Uint8Array(), 'batch.csv')))).map(pick)).toEqual([{ row: 0, column: '', code: 'FILE_EMPTY' }]);
    expect((await errorsOf(parse(text('\r\n\r\n , \r\n')))).map(pick)).toEqual([{ row: 0, column: '', code: 'FILE_EMPTY' }]);
  });

  it('rejects a header without rows', async () => {
    expect((await errorsOf(parse(csv([])))).map(pick)).toEqual([{ row: 0, column: '', code: 'FILE_NO_DATA' }]);
  });

  it('rejects more than 5,000 rows', async () => {
    const row = CANDIDATE_HEADERS.map((h) => LI[h]).join(',');
    const body = `${CANDIDATE_HEADERS.join(',')}\n${`${row}\n`.repeat(5001)}`;
    const errors = await errorsOf(parse(text(body)));
    expect(errors.map(pick)).toEqual([{ row: 0, column: '', code: 'FILE_TOO_MANY_ROWS' }]);
    expect(errors[0]!.message).toContain('5000');
  });

  it('accepts exactly 5,000 rows', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({ ...LI, 序号: String(i + 1), 出生年月: '1982-03', 身份证号: uniqueId(i) }));
    const result = await parse(csv(rows));
    expect(result.ok && result.candidates).toHaveLength(5000);
  });

  it('rejects a file over 10 MB without reading it', async () => {
    const bytes = new Uint8Array(10 * 1024 * 1024 + 1).fill(0x41);
    expect((await errorsOf(parse(file(bytes, 'batch.csv')))).map(pick)).toEqual([{ row: 0, column: '', code: 'FILE_TOO_LARGE' }]);
  });

  it('rejects an old binary .xls and a fake .xlsx', async () => {
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]);
    expect((await errorsOf(parse(file(xls, 'batch.xls'))))[0]!.code).toBe('FILE_XLS_UNSUPPORTED');
    expect((await errorsOf(parse(text(candidatesCsv([LI]), 'batch.xlsx'))))[0]!.code).toBe('FILE_FORMAT');
    expect((await errorsOf(parse(file(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'batch.xlsx'))))[0]!.code).toBe('FILE_CORRUPT');
  });

  it('rejects text in an unknown encoding rather than guessing', async () => {
    const utf16NoBom = new Uint8Array(iconv.encode(candidatesCsv([LI]), 'utf16le'));
    expect((await errorsOf(parse(file(utf16NoBom, 'batch.csv'))))[0]!.code).toBe('FILE_ENCODING');
  });

  it('reports an unclosed quote as a CSV syntax error', async () => {
    const body = `${CANDIDATE_HEADERS.join(',')}\n1,"王建国,男\n`;
    expect((await errorsOf(parse(text(body))))[0]!.code).toBe('FILE_CSV_SYNTAX');
  });
});

describe('parseBatch: the header row', () => {
  const without = (header: string) => CANDIDATE_HEADERS.filter((h) => h !== header);

  it('reports a missing column', async () => {
    const rows = [LI];
    const body = candidatesCsv(rows)
      .split('\r\n')
      .map((line) =>
        line
          .split(',')
          .filter((_, i) => i !== 6)
          .join(','),
      )
      .join('\r\n');
    const errors = await errorsOf(parse(text(body)));
    expect(errors.map(pick)).toEqual([{ row: 1, column: '学历', code: 'COLUMN_MISSING' }]);
    expect(without('学历')).toHaveLength(12);
  });

  it.each([
    ['身份证号码', '身份证号'],
    ['文化程度', '学历'],
    ['乡镇', '乡镇(街道)'],
    ['村(居)', '村(社区)'],
    ['出生日期', '出生年月'],
    ['拟任职位', '拟任职务'],
  ])('reports a misspelt column %j and suggests %j', async (written, expected) => {
    const headers = CANDIDATE_HEADERS.map((h) => (h === expected ? written : h));
    const errors = await errorsOf(parse(csv([LI], headers)));
    expect(errors.map(pick)).toEqual([{ row: 1, column: expected, code: 'COLUMN_MISSPELT' }]);
    expect(errors[0]!.value).toBe(written);
    expect(errors[0]!.message).toContain(`"${expected}"`);
  });

  it('reports an extra column that is not in the template', async () => {
    const body = candidatesCsv([LI])
      .split('\r\n')
      .map((line, i) => (line === '' ? line : `${line},${i === 0 ? '联系电话' : '13800000000'}`))
      .join('\r\n');
    const errors = await errorsOf(parse(text(body)));
    expect(errors.map(pick)).toEqual([{ row: 1, column: '联系电话', code: 'COLUMN_UNKNOWN' }]);
  });

  it('reports a column given twice', async () => {
    const body = candidatesCsv([LI])
      .split('\r\n')
      .map((line, i) => (line === '' ? line : `${line},${i === 0 ? '学历' : '高中'}`))
      .join('\r\n');
    expect((await errorsOf(parse(text(body)))).map(pick)).toEqual([{ row: 1, column: '学历', code: 'COLUMN_DUPLICATE' }]);
  });

  it('reports values in a column without a header', async () => {
    const body = candidatesCsv([LI, CANDIDATES[0]!])
      .split('\r\n')
      .map((line, i) => (line === '' ? line : `${line},${i === 2 ? '备注' : ''}`))
      .join('\r\n');
    expect((await errorsOf(parse(text(body)))).map(pick)).toEqual([{ row: 3, column: '', code: 'COLUMN_NO_HEADER' }]);
  });

  it('reports a title row above the header', async () => {
    const body = `昌国街道候选人名单\r\n${candidatesCsv([LI])}`;
    const errors = await errorsOf(parse(text(body)));
    expect(errors.map(pick)).toEqual([{ row: 2, column: '', code: 'HEADER_NOT_FIRST_ROW' }]);
  });

  it('accepts the columns in another order', async () => {
    const reversed = [...CANDIDATE_HEADERS].reverse();
    const body = `${reversed.join(',')}\r\n${reversed.map((h) => LI[h]).join(',')}\r\n`;
    const result = await parse(text(body));
    expect(result.ok && result.candidates[0]!.name).toBe('李秀英');
  });
});

describe('parseBatch: relatives', () => {
  const relatives = (rows: ReadonlyArray<Record<string, string>>) => text(relativesCsv(rows as never), '近亲属.csv');
  const base = RELATIVES[2]!; // 陈德明, parent of 陈海峰

  it.each([
    [
      'a candidate ID not in the batch',
      { 候选人身份证号: makeId('330902', '19600101', '011') },
      '候选人身份证号',
      'RELATIVE_UNKNOWN_CANDIDATE',
    ],
    ['a bad candidate ID', { 候选人身份证号: `${base.候选人身份证号.slice(0, 17)}0` }, '候选人身份证号', 'ID_CHECK_DIGIT'],
    ['a relation outside the list', { 关系: '叔叔' }, '关系', 'RELATION_INVALID'],
    ['an empty relation', { 关系: '' }, '关系', 'VALUE_REQUIRED'],
    ['a bad relative ID', { 亲属身份证号: `${base.亲属身份证号.slice(0, 17)}0` }, '亲属身份证号', 'ID_CHECK_DIGIT'],
    ['a relative ID in scientific notation', { 亲属身份证号: '3.30902E+17' }, '亲属身份证号', 'ID_SCIENTIFIC'],
    ['the candidate as their own relative', { 亲属身份证号: base.候选人身份证号 }, '亲属身份证号', 'RELATIVE_SELF'],
    ['a relative name with digits', { 亲属姓名: '陈德明1' }, '亲属姓名', 'NAME_INVALID'],
  ])('reports %s', async (_label, change, column, code) => {
    const errors = await errorsOf(parse(csv(CANDIDATES), relatives([RELATIVES[0]!, { ...base, ...change }])));
    expect(errors.map(pick)).toEqual([{ row: 3, column, code }]);
    expect(errors[0]!.sheet).toBe('近亲属');
  });

  it('lists the allowed relations', async () => {
    const [error] = await errorsOf(parse(csv(CANDIDATES), relatives([{ ...base, 关系: '父亲' }])));
    expect(error!.message).toContain('"配偶"、"父母"、"子女"');
  });

  it('reports the same relative declared twice', async () => {
    const errors = await errorsOf(parse(csv(CANDIDATES), relatives([base, base])));
    expect(errors.map(pick)).toEqual([{ row: 3, column: '亲属姓名', code: 'RELATIVE_DUPLICATE' }]);
  });

  it('reports a misspelt relatives header', async () => {
    const body = relativesCsv([base]).replace('关系', '亲属关系');
    const errors = await errorsOf(parse(csv(CANDIDATES), text(body, '近亲属.csv')));
    expect(errors.map(pick)).toEqual([{ row: 1, column: '关系', code: 'COLUMN_MISSPELT' }]);
  });

  it('rejects relatives both in the workbook and in a separate file', async () => {
    const upload = await xlsx({
      候选人: [CANDIDATE_HEADERS, CANDIDATE_HEADERS.map((h) => CANDIDATES[2]![h])],
      近亲属: [RELATIVE_HEADERS, RELATIVE_HEADERS.map((h) => base[h])],
    });
    const errors = await errorsOf(parse(upload, relatives([base])));
    expect(errors.map(pick)).toEqual([{ row: 0, column: '', code: 'RELATIVES_TWO_SOURCES' }]);
  });

  it('rejects an empty separate relatives file', async () => {
    const errors = await errorsOf(parse(csv(CANDIDATES), file(utf8(''), '近亲属.csv')));
    expect(errors.map((e) => [e.code, e.sheet])).toEqual([['FILE_EMPTY', '近亲属']]);
  });
});
