import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { CLEARANCE_HEADERS, clearanceReportXlsx } from '../../shared/adapters/files/clearance-xlsx.js';
import { FEEDBACK_HEADERS, feedbackXlsx } from '../../shared/adapters/files/feedback-xlsx.js';
import { buildClearanceReport } from '../../shared/app/reports/clearance.js';
import { buildFeedbackList } from '../../shared/app/reports/feedback.js';
import { publicityHtml } from '../../shared/adapters/files/publicity-html.js';
import type { ReportCandidate } from '../../shared/app/reports/rows.js';
import { candidates, ID_BARRED, ID_CLEARED, policy } from './fixtures.js';

const campaign = {
  id: 'c1',
  name: '2026年村社换届',
  jurisdiction: '定海区昌国街道',
  electionDate: '2026-05-01',
  referenceDate: '2026-05-01',
};
const report = buildClearanceReport({ campaign, policy, candidates, generatedAt: '2026-04-22T10:00:00.000Z' });

async function sheetRows(bytes: Uint8Array, sheetName: string): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.slice().buffer);
  const sheet = workbook.getWorksheet(sheetName);
  if (!sheet) throw new Error(`no sheet ${sheetName}`);
  const rows: string[][] = [];
  sheet.eachRow((row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell) => cells.push(cell.text));
    rows.push(cells);
  });
  return rows;
}

describe('clearance report', () => {
  it('gives every candidate a Chinese conclusion and reasons citing the clause', () => {
    const byName = new Map(report.rows.map((r) => [r.name, r]));
    expect(byName.get('张三')?.conclusion).toBe('通过');
    const barred = byName.get('李四');
    expect(barred?.conclusion).toBe('不通过');
    expect(barred?.reasons[0]).toContain('区法院：刑事处罚（（2019）定刑初字第12号），2027年3月1日前不得提名');
    expect(barred?.reasons[0]).toMatch(/依据：《昌国街道2017年村和社区组织换届选举工作方案》“五不能”第一项：“.+”/);
    expect(barred?.reasons[0]).not.toContain('.txt');
    const upheld = byName.get('王五');
    expect(upheld?.conclusion).toBe('通过');
    expect(upheld?.reasons[0]).toBe('组织部门研判：维持提名（情节轻微且已整改，经研究维持提名）');
    expect(byName.get('赵六<script>')?.conclusion).toBe('未完成');
    expect(report.totals).toMatchObject({ total: 4, cleared: 2, disqualified: 1, reviewing: 1 });
  });

  it('writes an xlsx whose rows read back with masked ID numbers', async () => {
    const rows = await sheetRows(await clearanceReportXlsx(report), '联审结果');
    expect(rows[0]).toEqual([...CLEARANCE_HEADERS]);
    expect(rows).toHaveLength(5);
    const barred = rows.find((r) => r[3] === '李四');
    expect(barred?.slice(0, 10)).toEqual([
      '2',
      '长国街道',
      '东山村',
      '李四',
      '女',
      '1980-05',
      '330902********2345',
      '村(居)委会委员',
      '初步人选',
      '不通过',
    ]);
    expect(barred?.[10]).toContain('刑事处罚');
    const all = rows.flat().join('|');
    expect(all).not.toContain(ID_BARRED);
    expect(all).not.toContain(ID_CLEARED);
  });
});

describe('publicity list', () => {
  const page = publicityHtml(report);

  it('lists only candidates who may stand, without ID numbers', () => {
    expect(page).toContain('张三');
    expect(page).toContain('王五');
    expect(page).not.toContain('李四');
    expect(page).not.toContain('赵六');
    expect(page).not.toMatch(/\d{6}\*{8}|\d{17}[\dX]/);
    expect(page).toContain('以下 2 名同志');
  });

  it('prints on A4 and loads nothing from outside', () => {
    expect(page).toMatch(/@page\s*\{\s*size:\s*A4/);
    expect(page).toContain('@media print');
    expect(page).not.toMatch(/(src|href)=["']?https?:/);
  });

  it('escapes HTML in names', () => {
    const hostile = buildClearanceReport({
      campaign,
      policy,
      candidates: candidates.map((c) =>
        c.dossier.seq === 1 ? { ...c, dossier: { ...c.dossier, village: '<img src=x onerror=alert(1)>' } } : c,
      ),
      generatedAt: '2026-04-22T10:00:00.000Z',
    });
    const html = publicityHtml(hostile);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('feedback list', () => {
  it('keeps the township file order and masks ID numbers', async () => {
    const list = buildFeedbackList({
      batchId: 'b1',
      campaignId: 'c1',
      township: '长国街道',
      policy,
      candidates,
      generatedAt: '2026-04-22T10:00:00.000Z',
    });
    expect(list.rows.map((r) => r.name)).toEqual(['张三', '李四', '王五', '赵六<script>']);
    const rows = await sheetRows(await feedbackXlsx(list), '反馈名单');
    expect(rows[0]).toEqual([...FEEDBACK_HEADERS]);
    expect(rows[2]?.slice(0, 8)).toEqual(['2', '东山村', '李四', '女', '330902********2345', '村(居)委会委员', '初步人选', '不通过']);
    expect(rows[4]?.[7]).toBe('未完成');
    expect(rows[4]?.[8]).toBe('联审尚未结束');
  });
});

describe('times and rulings in the files people read', () => {
  // 2026-12-01T18:57Z is 12月2日 02:57 in Beijing: the UTC day would be wrong.
  const late = '2026-12-01T18:57:19.509Z';
  const ruledEarly: ReportCandidate = {
    dossier: { ...(candidates[2] as ReportCandidate).dossier, candidateId: 'b1-0005', seq: 5, name: '钱七' },
    decision: {
      decision: {
        ...(candidates[2] as ReportCandidate & { decision: NonNullable<ReportCandidate['decision']> }).decision.decision,
        candidateId: 'b1-0005',
        outcome: 'incomplete',
        unanswered: [{ department: 'court', status: 'overdue' }],
      },
      finalStatus: 'incomplete',
      ruling: { campaignId: 'c1', candidateId: 'b1-0005', outcome: 'uphold', justification: '已整改', ruledBy: 'org-1', ruledAt: late },
    },
  };
  const all = [...candidates, ruledEarly];

  async function aboutLines(bytes: Uint8Array): Promise<string> {
    return (await sheetRows(bytes, '说明')).flat().join('\n');
  }

  it('the report and the feedback list print Beijing time in Chinese form, never an ISO string', async () => {
    const r = buildClearanceReport({ campaign, policy, candidates: all, generatedAt: late });
    const about = await aboutLines(await clearanceReportXlsx(r));
    expect(about).toContain('生成时间：2026年12月2日 02:57');
    expect(about).toContain('选举日期：2026年5月1日');
    const list = buildFeedbackList({ batchId: 'b1', campaignId: 'c1', township: '长国街道', policy, candidates: all, generatedAt: late });
    const feedback = await aboutLines(await feedbackXlsx(list));
    expect(feedback).toContain('生成时间：2026年12月2日 02:57');
    for (const text of [about, feedback, publicityHtml(r)]) expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(publicityHtml(r)).toContain('生成时间：2026年12月2日');
  });

  it('a candidate ruled on while a department is missing stays 未完成 with the ruling and the missing department, and is not on the 公示 list', async () => {
    const r = buildClearanceReport({ campaign, policy, candidates: all, generatedAt: late });
    const row = r.rows.find((x) => x.name === '钱七');
    expect(row?.conclusion).toBe('未完成');
    expect(row?.mayStand).toBe(false);
    expect(row?.reasons[0]).toBe('组织部门研判：维持提名，待全部部门答复后生效（已整改）');
    expect(row?.reasons.at(-1)).toBe('尚缺部门答复：区法院逾期未答复');
    const rows = await sheetRows(await clearanceReportXlsx(r), '联审结果');
    const cells = rows.find((x) => x[3] === '钱七');
    expect(cells?.[9]).toBe('未完成');
    expect(cells?.[10]).toContain('区法院逾期未答复');
    expect(publicityHtml(r)).not.toContain('钱七');
  });
});
