// The clearance report (联审结果汇总表) as an xlsx workbook.
import type { ClearanceReport } from '../../app/reports/clearance.js';
import { auditDigestLine } from './publicity-html.js';
import { tableXlsx } from './xlsx.js';
import { chineseDate } from '../../domain/rules.js';
import { beijingDateTime } from '../../domain/time.js';

export const CLEARANCE_HEADERS = [
  '序号',
  '乡镇(街道)',
  '村(社区)',
  '姓名',
  '性别',
  '出生年月',
  '身份证号',
  '拟任职务',
  '人选类型',
  '联审结论',
  '理由',
] as const;

const WIDTHS = [6, 14, 14, 10, 6, 10, 22, 18, 10, 16, 80];

export function clearanceReportXlsx(report: ClearanceReport): Promise<Uint8Array> {
  const t = report.totals;
  return tableXlsx({
    sheetName: '联审结果',
    columns: CLEARANCE_HEADERS.map((header, i) => ({ header, width: WIDTHS[i] ?? 12, wrap: header === '理由' })),
    rows: report.rows.map((r) => [
      r.no,
      r.township,
      r.village,
      r.name,
      r.sex,
      r.birth,
      r.idNumberMasked,
      r.post,
      r.nominationType,
      r.conclusion,
      r.reasons.join('\n'),
    ]),
    about: [
      `${report.campaign.name}：候选人资格联审结果汇总`,
      `政策：${report.policy.name}（${report.policy.id} ${report.policy.version}）`,
      `选举日期：${chineseDate(report.campaign.electionDate)}；审查基准日：${chineseDate(report.campaign.referenceDate)}`,
      `生成时间：${beijingDateTime(report.generatedAt)}（北京时间）`,
      `合计 ${t.total} 人：通过 ${t.cleared}，不通过 ${t.disqualified}，待组织部门研判 ${t.referred}，未完成 ${t.incomplete + t.reviewing}${t.disputed > 0 ? `，复核中 ${t.disputed}` : ''}${t.failed > 0 ? `，处理失败 ${t.failed}` : ''}`,
      '身份证号已脱敏（前6位+8个*+后4位）。',
      ...(report.audit === undefined ? [] : [auditDigestLine(report.audit)]),
    ],
  });
}
