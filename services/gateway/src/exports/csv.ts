import { type ExportCell, type ExportTable, isMoney, neutralised } from './export-table';

/**
 * The byte order mark: Excel opens a CSV without one in the system's ANSI code page (GBK on a
 * Chinese Windows), which garbles UTF-8 names such as 菏泽现代医药港; with it, Excel reads UTF-8.
 * RFC 4180 parsers and most tools skip it.
 */
const BOM = '\uFEFF';

const field = (cell: ExportCell): string => {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  // the amount column is the exact decimal text; the currency is its own column
  const text = isMoney(cell) ? cell.amount : neutralised(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** RFC 4180: CRLF line ends, a header line, fields with a comma, quote or line break quoted. UTF-8 with a BOM. */
export function toCsv(table: ExportTable): Buffer {
  const lines = [table.columns.map(field), ...table.rows.map((row) => row.map(field))].map((fields) =>
    fields.join(','),
  );
  return Buffer.from(BOM + lines.join('\r\n') + '\r\n', 'utf8');
}
