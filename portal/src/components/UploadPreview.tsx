// The rows of an uploaded file with every error the server found marked in place (row and
// column as Excel shows them), plus the same errors as a list.
import { Alert, Space, Switch, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { compactHeader, type SheetRow } from '../lib/sheet';
import { withKeys } from '../lib/keys';
import type { ImportErrorBody } from '../../../shared/api';

export interface PreviewTable {
  /** The table's name as the server reports it in `sheet`: 候选人, 近亲属, 部门记录. */
  title: string;
  filename: string;
  rows: SheetRow[];
}

interface RowRecord {
  key: number;
  rowNumber: number;
  cells: string[];
  errors: Map<number, ImportErrorBody[]>;
  rowErrors: ImportErrorBody[];
}

function tableOf(e: ImportErrorBody, tables: readonly PreviewTable[]): PreviewTable | undefined {
  return tables.find((t) => t.title === e.sheet) ?? (e.sheet === undefined ? tables[0] : undefined);
}

function columnOf(header: SheetRow | undefined, column: string): number {
  if (!header || column === '') return -1;
  const want = compactHeader(column);
  return header.cells.findIndex((c) => compactHeader(c) === want);
}

function PreviewGrid({ table, errors }: { table: PreviewTable; errors: ImportErrorBody[] }) {
  const header = table.rows.find((r) => r.rowNumber === 1) ?? table.rows[0];
  const records = useMemo<RowRecord[]>(() => {
    const byRow = new Map<number, ImportErrorBody[]>();
    for (const e of errors) byRow.set(e.row, [...(byRow.get(e.row) ?? []), e]);
    return table.rows
      .filter((r) => r !== header)
      .map((r) => {
        const own = byRow.get(r.rowNumber) ?? [];
        const cellErrors = new Map<number, ImportErrorBody[]>();
        const rowErrors: ImportErrorBody[] = [];
        for (const e of own) {
          const col = columnOf(header, e.column);
          if (col < 0) rowErrors.push(e);
          else cellErrors.set(col, [...(cellErrors.get(col) ?? []), e]);
        }
        return { key: r.rowNumber, rowNumber: r.rowNumber, cells: r.cells, errors: cellErrors, rowErrors };
      });
  }, [table, errors, header]);
  const headerErrors = useMemo(() => {
    const m = new Map<number, ImportErrorBody[]>();
    for (const e of errors.filter((x) => x.row === 1)) {
      const col = columnOf(header, e.column);
      if (col >= 0) m.set(col, [...(m.get(col) ?? []), e]);
    }
    return m;
  }, [errors, header]);

  const withErrors = records.filter((r) => r.errors.size > 0 || r.rowErrors.length > 0).length;
  const [onlyErrors, setOnlyErrors] = useState(records.length > 50 && withErrors > 0);
  const width = Math.max(header?.cells.length ?? 0, ...records.map((r) => r.cells.length));

  const columns: ColumnsType<RowRecord> = [
    {
      title: '行',
      dataIndex: 'rowNumber',
      width: 48,
      fixed: 'left',
      render: (n: number, r) =>
        r.rowErrors.length > 0 ? (
          <Tooltip title={r.rowErrors.map((e) => e.message).join('；')}>
            <span className="row-number-error">{n}</span>
          </Tooltip>
        ) : (
          n
        ),
    },
    ...Array.from({ length: width }, (_, col) => {
      const title = header?.cells[col] ?? '';
      const hErr = headerErrors.get(col);
      return {
        title: hErr ? (
          <Tooltip title={hErr.map((e) => e.message).join('；')}>
            <span className="cell-error header-error">{title || '（无表头）'}</span>
          </Tooltip>
        ) : (
          title
        ),
        key: String(col),
        onCell: (r: RowRecord) => {
          const errs = r.errors.get(col);
          return errs
            ? {
                className: 'cell-error',
                'data-error-cell': `${r.rowNumber}:${compactHeader(title)}`,
                title: errs.map((e) => e.message).join('；'),
              }
            : {};
        },
        render: (_: unknown, r: RowRecord) => {
          const value = r.cells[col] ?? '';
          const errs = r.errors.get(col);
          if (!errs) return value;
          return (
            <Tooltip title={errs.map((e) => e.message).join('；')}>
              <span>{value === '' ? <i className="muted">（空）</i> : value}</span>
            </Tooltip>
          );
        },
      };
    }),
  ];

  const shown = onlyErrors ? records.filter((r) => r.errors.size > 0 || r.rowErrors.length > 0) : records;
  return (
    <div className="preview-table" data-preview={table.title}>
      <Space style={{ marginBottom: 8 }} wrap>
        <Typography.Text strong>
          {table.title}（{table.filename}）
        </Typography.Text>
        <Typography.Text type="secondary">
          共 {records.length} 行数据{errors.length > 0 ? `，其中 ${withErrors} 行有错误` : ''}
        </Typography.Text>
        {withErrors > 0 ? (
          <Space size={4}>
            <Switch size="small" checked={onlyErrors} onChange={setOnlyErrors} />
            <Typography.Text type="secondary">只看有错误的行</Typography.Text>
          </Space>
        ) : null}
      </Space>
      <Table<RowRecord>
        size="small"
        bordered
        columns={columns}
        dataSource={shown}
        rowClassName={(r) => (r.errors.size > 0 || r.rowErrors.length > 0 ? 'row-error' : '')}
        pagination={{ pageSize: 8, showSizeChanger: false, hideOnSinglePage: true, showTotal: (n) => `共 ${n} 行` }}
        scroll={{ x: 'max-content' }}
      />
    </div>
  );
}

export function ErrorList({ errors }: { errors: ImportErrorBody[] }) {
  return (
    <Table<ImportErrorBody & { key: number }>
      size="small"
      data-testid="error-list"
      rowKey="key"
      dataSource={errors.map((e, i) => ({ ...e, key: i }))}
      pagination={{ pageSize: 8, hideOnSinglePage: true, showSizeChanger: false }}
      columns={[
        { title: '表', dataIndex: 'sheet', width: 80, render: (s: string | undefined) => s ?? '—' },
        { title: '行', dataIndex: 'row', width: 56, render: (r: number) => (r === 0 ? '整个文件' : r) },
        { title: '列', dataIndex: 'column', width: 110, render: (c: string) => c || '—' },
        { title: '填写内容', dataIndex: 'value', width: 180, ellipsis: true, render: (v: string) => v || '（空）' },
        { title: '问题及修改方法', dataIndex: 'message' },
      ]}
    />
  );
}

export function UploadPreview({ tables, errors }: { tables: PreviewTable[]; errors: ImportErrorBody[] }) {
  const fileLevel = errors.filter((e) => e.row === 0 || !tableOf(e, tables));
  return (
    <div>
      {withKeys(fileLevel, (e) => `${e.code}:${e.message}`).map(({ key, item: e }) => (
        <Alert key={key} type="error" showIcon message={e.message} style={{ marginBottom: 8 }} />
      ))}
      {tables.map((t) => (
        <PreviewGrid key={t.title} table={t} errors={errors.filter((e) => e.row > 0 && tableOf(e, tables) === t)} />
      ))}
    </div>
  );
}
