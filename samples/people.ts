// Fictional people for the bundled sample batch and the benchmark. ID numbers are syntactically
// valid (GB 11643 check digit) with Dinghai's region code, and belong to nobody we know of.
import { computeCheckDigit } from '../shared/domain/idcard.js';

export const SAMPLE_REGION = '330902';

/** A valid 18-character ID number for a birth date and a sequence (odd = 男, even = 女). */
export function makeIdNumber(birthDate: string, seq: number, region = SAMPLE_REGION): string {
  const first17 = `${region}${birthDate.replaceAll('-', '')}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + computeCheckDigit(first17);
}

/** Sequence digits with the parity that encodes the sex. */
export function seqFor(sex: '男' | '女', n: number): number {
  const base = (n * 2) % 1000;
  return sex === '男' ? base + 1 : base;
}

export const CANDIDATE_CSV_HEADER = ['序号', '姓名', '性别', '民族', '身份证号', '出生年月', '学历', '政治面貌', '乡镇(街道)', '村(社区)', '拟任职务', '人选类型', '是否现任'];
export const RELATIVE_CSV_HEADER = ['候选人身份证号', '亲属姓名', '关系', '亲属身份证号'];
export const UNIT_CSV_HEADER = ['乡镇(街道)', '乡镇代码', '村(社区)', '类型'];
export const RECORD_CSV_HEADER = ['部门', '身份证号', '姓名', '记录类别', '起始日期', '终止日期', '状态', '文号', '备注'];

/** RFC 4180 CSV with a UTF-8 BOM (so Excel opens it as UTF-8) and CRLF line ends. */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string>>): string {
  const esc = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return `\ufeff${rows.map((r) => r.map(esc).join(',')).join('\r\n')}\r\n`;
}
