// An export job's report as an xlsx file, named as the synchronous downloads name theirs.
import type { ExportContent, ExportRenderer, RenderedExport } from '../../app/exports.js';
import { clearanceReportXlsx } from '../files/clearance-xlsx.js';
import { feedbackXlsx } from '../files/feedback-xlsx.js';
import { ledgerXlsx } from '../files/ledger-xlsx.js';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A file name with nothing a path or a header could trip over. */
function safeName(name: string): string {
  return name.replace(/[\\/:*?"<>|\r\n]+/g, '_');
}

async function render(content: ExportContent): Promise<RenderedExport> {
  const xlsx = (bytes: Uint8Array, name: string, rows: number) => ({
    bytes,
    fileName: safeName(name),
    contentType: XLSX_CONTENT_TYPE,
    rows,
  });
  if (content.kind === 'clearance') {
    const r = content.report;
    return xlsx(await clearanceReportXlsx(r), `${r.campaign.name}资格联审结果.xlsx`, r.rows.length);
  }
  if (content.kind === 'feedback') {
    const l = content.list;
    return xlsx(await feedbackXlsx(l), `资格联审反馈名单-${l.batchName ?? `${l.township}-${l.batchId}`}.xlsx`, l.rows.length);
  }
  const g = content.ledger;
  return xlsx(await ledgerXlsx(g), `${g.campaignName}资格联审台账${g.township === undefined ? '' : `-${g.township}`}.xlsx`, g.rows.length);
}

export const xlsxExportRenderer: ExportRenderer = { render };
