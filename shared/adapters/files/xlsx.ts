// A plain table workbook: header on row 1 (so it reads back like the import templates), frozen,
// filterable, and a second sheet describing what the table is.
import ExcelJS from 'exceljs';

export interface XlsxColumn {
  header: string;
  width: number;
  wrap?: boolean;
}

export interface XlsxTable {
  sheetName: string;
  columns: readonly XlsxColumn[];
  rows: ReadonlyArray<ReadonlyArray<string | number>>;
  /** Lines for the 说明 sheet. */
  about: readonly string[];
}

export async function tableXlsx(table: XlsxTable): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'lianshen';
  const sheet = workbook.addWorksheet(table.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((c) => ({ header: c.header, width: c.width }));
  for (const row of table.rows) sheet.addRow([...row]);
  sheet.getRow(1).font = { bold: true };
  table.columns.forEach((c, i) => {
    if (c.wrap) sheet.getColumn(i + 1).alignment = { wrapText: true, vertical: 'top' };
  });
  if (table.rows.length > 0) {
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  }
  const about = workbook.addWorksheet('说明');
  about.getColumn(1).width = 100;
  for (const line of table.about) about.addRow([line]);
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer);
}
