// The 联审台账 as an xlsx workbook: one row per candidate × department, header frozen.
import type { Ledger } from '../../app/reports/ledger.js';
import { beijingDateTime } from '../../domain/time.js';
import { tableXlsx } from './xlsx.js';

export const LEDGER_SHEET = '联审台账';
export const LEDGER_HEADERS = [
  '序号',
  '乡镇(街道)',
  '村(社区)',
  '姓名',
  '身份证号',
  '审查部门',
  '答复',
  '记录类别',
  '依据条款',
  '答复人',
  '审核人',
  '答复时间',
  '文号',
  '是否逾期',
  '查询来源',
] as const;
const WIDTHS = [6, 14, 14, 10, 22, 24, 8, 20, 60, 14, 14, 20, 24, 8, 30];

export function ledgerXlsx(ledger: Ledger): Promise<Uint8Array> {
  return tableXlsx({
    sheetName: LEDGER_SHEET,
    columns: LEDGER_HEADERS.map((header, i) => ({ header, width: WIDTHS[i] ?? 12, wrap: header === '依据条款' || header === '记录类别' })),
    rows: ledger.rows.map((r) => [
      r.no,
      r.township,
      r.village,
      r.name,
      r.idNumber,
      r.departmentName,
      r.answer,
      r.categories.join('\n'),
      r.clauses.join('\n'),
      r.answeredBy,
      r.approvedBy,
      r.answeredAt,
      r.documentNumbers.join('、'),
      r.late ? '是' : '否',
      r.sourcesSearched.join('、'),
    ]),
    about: [
      `${ledger.campaignName}资格联审台账${ledger.township === undefined ? '' : `（${ledger.township}）`}`,
      `生成时间：${beijingDateTime(ledger.generatedAt)}（北京时间）`,
      `合计 ${ledger.rows.length} 行：每名人选每个审查部门一行。`,
      '答复：有记录 / 无记录 / 未答复 / 逾期；“是否逾期”为“是”表示部门未在期限内答复（含期限后补交的答复）。',
      '审核人：部门设置了负责人审核（谁审查谁负责）时，批准“有记录”答复的负责人；查询来源：审查人员勾选的本部门记录来源。',
      ledger.fullIds ? '本表含完整身份证号，导出已记入审计链，请按涉密材料管理。' : '身份证号已脱敏（前6位+8个*+后4位）。',
    ],
  });
}
