import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { CLEARANCE_HEADERS, clearanceReportXlsx } from '../../shared/adapters/files/clearance-xlsx.js';
import { FEEDBACK_HEADERS, feedbackXlsx } from '../../shared/adapters/files/feedback-xlsx.js';
import { buildClearanceReport } from '../../shared/app/reports/clearance.js';
import { buildFeedbackList } from '../../shared/app/reports/feedback.js';
import { publicityHtml } from '../../shared/adapters/files/publicity-html.js';
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
