// The 反馈名单 (feedback list) as an xlsx workbook.
import type { FeedbackList } from '../../app/reports/feedback.js';
import { tableXlsx } from './xlsx.js';
import { beijingDateTime } from '../../domain/time.js';

export const FEEDBACK_HEADERS = ['序号', '村(社区)', '姓名', '性别', '身份证号', '拟任职务', '人选类型', '联审结论', '理由'] as const;
const WIDTHS = [6, 14, 10, 6, 22, 18, 10, 16, 80];

export function feedbackXlsx(list: FeedbackList): Promise<Uint8Array> {
  const t = list.totals;
  return tableXlsx({
    sheetName: '反馈名单',
    columns: FEEDBACK_HEADERS.map((header, i) => ({ header, width: WIDTHS[i] ?? 12, wrap: header === '理由' })),
    rows: list.rows.map((r) => [
      r.no,
      r.village,
      r.name,
      r.sex,
      r.idNumberMasked,
      r.post,
      r.nominationType,
      r.conclusion,
      r.reasons.join('\n'),
    ]),
    about: [
      `${list.township}资格联审反馈名单（${list.batchName ?? `批次 ${list.batchId}`}）`,
      `生成时间：${beijingDateTime(list.generatedAt)}（北京时间）`,
      `合计 ${t.total} 人：通过 ${t.cleared}，不通过 ${t.disqualified}，待组织部门研判 ${t.referred}，未完成 ${t.incomplete + t.reviewing}${t.disputed > 0 ? `，复核中 ${t.disputed}` : ''}${t.failed > 0 ? `，处理失败 ${t.failed}` : ''}`,
      '“不通过”的人选不得提名；“待组织部门研判”的人选等待组织部门研判结果；“未完成”表示仍有部门未答复。',
      '身份证号已脱敏（前6位+8个*+后4位）。',
    ],
  });
}
