// The printable 公示 (publicity) list: candidates who passed the joint review and may stand.
// Self-contained HTML (no external fonts, scripts or images) with an A4 print stylesheet.
// It shows no ID numbers.
import type { ReportAudit } from '../../app/anchoring.js';
import type { ClearanceReport } from '../../app/reports/clearance.js';
import { beijingDate, beijingDateTime } from '../../domain/time.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

/** 出生年月 as printed: 1980.05 */
function birthLabel(birth: string): string {
  return birth.slice(0, 7).replace('-', '.');
}

const STYLE = `
  :root { color-scheme: light; }
  body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; color: #000; margin: 24px; }
  h1 { font-size: 20pt; text-align: center; margin: 0 0 8px; letter-spacing: 2px; }
  .intro { font-size: 12pt; line-height: 1.8; text-indent: 2em; margin: 12px 0; }
  table { width: 100%; border-collapse: collapse; font-size: 11pt; }
  th, td { border: 1px solid #000; padding: 4px 6px; text-align: center; }
  thead th { background: #f0f0f0; }
  .empty { text-align: center; padding: 24px; }
  .footer { margin-top: 24px; font-size: 12pt; line-height: 2; }
  .sign { text-align: right; }
  .digest { font-size: 9pt; line-height: 1.6; word-break: break-all; }
  .toolbar { margin-bottom: 12px; }
  @page { size: A4 portrait; margin: 18mm 15mm; }
  @media print {
    body { margin: 0; }
    .toolbar { display: none; }
    thead { display: table-header-group; }
    tr { break-inside: avoid; page-break-inside: avoid; }
    thead th { background: none; }
  }
`;

/** The audit digest as printed on the report and the 公示 list (anyone may check it against the anchors). */
export function auditDigestLine(audit: ReportAudit): string {
  const anchored = audit.anchor === null ? '未锚定' : `锚定记录 #${audit.anchor.seq}，${beijingDateTime(audit.anchor.at)}`;
  return `审计摘要（${audit.chains} 条审计链的 Merkle 根）：${audit.digest}（${anchored}）`;
}

/** A 公示 period as the list prints it: its dates, its candidates, and those an objection took off it. */
export interface PrintedPeriod {
  startDate: string;
  endDate: string;
  candidateIds: readonly string[];
  removed: readonly string[];
}

const periodText = (p: PrintedPeriod) => `${beijingDate(p.startDate)}至${beijingDate(p.endDate)}`;

export function publicityHtml(report: ClearanceReport, periods: readonly PrintedPeriod[] = []): string {
  const removed = new Set(periods.flatMap((p) => p.removed));
  const standing = report.rows.filter((r) => r.mayStand && !removed.has(r.candidateId));
  const periodOf = (id: string) => periods.find((p) => p.candidateIds.includes(id));
  // One period for every row: its dates go in the footer; otherwise each row carries its own.
  const shared = new Set(
    standing.map((r) => {
      const p = periodOf(r.candidateId);
      return p === undefined ? '' : periodText(p);
    }),
  );
  const [only] = shared;
  const perRow = periods.length > 0 && (shared.size > 1 || only === '');
  const dateCell = (id: string) => {
    const p = periodOf(id);
    return perRow ? `<td>${p === undefined ? '未公示' : escapeHtml(periodText(p))}</td>` : '';
  };
  const columns = perRow ? 10 : 9;
  const body =
    standing.length === 0
      ? `<tr><td class="empty" colspan="${columns}">暂无通过资格联审的人选</td></tr>`
      : standing
          .map(
            (r, i) =>
              `<tr><td>${i + 1}</td><td>${escapeHtml(r.township)}</td><td>${escapeHtml(r.village)}</td>` +
              `<td>${escapeHtml(r.name)}</td><td>${escapeHtml(r.sex)}</td><td>${escapeHtml(birthLabel(r.birth))}</td>` +
              `<td>${escapeHtml(r.education)}</td><td>${escapeHtml(r.political)}</td><td>${escapeHtml(r.post)}</td>${dateCell(r.candidateId)}</tr>`,
          )
          .join('\n');
  const when =
    periods.length === 0 || only === undefined
      ? '公示时间：&emsp;&emsp;年&emsp;月&emsp;日至&emsp;&emsp;年&emsp;月&emsp;日'
      : perRow
        ? '公示时间：见各人选所在行'
        : `公示时间：${escapeHtml(only)}`;
  const title = `${report.campaign.name}候选人资格联审结果公示`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<div class="toolbar"><button type="button" onclick="window.print()">打印</button></div>
<h1>${escapeHtml(title)}</h1>
<p class="intro">根据换届工作有关规定，经资格联审，以下 ${standing.length} 名同志符合候选人资格条件，现予以公示。公示期间，如对公示对象有异议，请以书面或当面方式向换届工作领导小组办公室反映。反映情况应实事求是，并提供具体事实或线索。</p>
<table>
<thead><tr><th>序号</th><th>乡镇(街道)</th><th>村(社区)</th><th>姓名</th><th>性别</th><th>出生年月</th><th>文化程度</th><th>政治面貌</th><th>拟任职务</th>${perRow ? '<th>公示时间</th>' : ''}</tr></thead>
<tbody>
${body}
</tbody>
</table>
<div class="footer">
<p>${when}</p>
<p class="sign">${escapeHtml(report.campaign.jurisdiction)}换届工作领导小组办公室</p>
<p class="sign">生成时间：${escapeHtml(beijingDate(report.generatedAt))}</p>
${report.audit === undefined ? '' : `<p class="digest">${escapeHtml(auditDigestLine(report.audit))}</p>`}
</div>
</body>
</html>
`;
}
