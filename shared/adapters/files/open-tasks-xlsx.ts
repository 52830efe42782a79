// A department's open tasks as an xlsx workbook, with full ID numbers (as text, so Excel neither
// rounds them nor turns them into 3.30902E+17), for a reviewer to check in the department's system.
import type { OpenTaskList } from '../../app/export-open-tasks.js';
import { tableXlsx } from './xlsx.js';

export const OPEN_TASK_HEADERS = [
  '序号',
  '姓名',
  '性别',
  '身份证号',
  '出生年月',
  '乡镇(街道)',
  '村(社区)',
  '拟任职务',
  '批次',
  '答复期限（北京时间）',
  '剩余时间',
  '记录匹配提示',
  '转交给',
] as const;
const WIDTHS = [6, 10, 6, 22, 10, 12, 14, 18, 26, 22, 24, 12, 14];

export function openTasksXlsx(list: OpenTaskList): Promise<Uint8Array> {
  return tableXlsx({
    sheetName: '待答复任务',
    columns: OPEN_TASK_HEADERS.map((header, i) => ({ header, width: WIDTHS[i] ?? 12 })),
    rows: list.rows.map((r) => [
      r.no,
      r.name,
      r.sex,
      r.idNumber,
      r.birth,
      r.township,
      r.village,
      r.post,
      r.batch,
      r.deadline,
      r.due,
      r.hints > 0 ? `有 ${r.hints} 条，须逐一核实` : '无',
      r.assignee,
    ]),
    about: [
      `${list.departmentName}待答复审查任务（共 ${list.rows.length} 人）`,
      `导出时间：${list.generatedAt}（北京时间）；导出人：${list.exportedBy}`,
      '本表含完整身份证号，仅供本部门在本单位系统中核查使用，请妥善保管，用后删除，不得外传。',
      '每次导出均记入审计记录（导出人、时间、条数）。答复请回到联审系统中逐一或批量作出。',
    ],
  });
}
